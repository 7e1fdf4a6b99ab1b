/* The exported explorer, with no kernel: filter the rows the page carries (JSON beside this script)
   by source, theme, stance and words; update the count, the chart and the table together; save the
   matching rows as CSV through a Blob. Text only ever goes into the page as textContent. */
(function () {
  const box = document.currentScript.parentElement;
  const data = JSON.parse(box.querySelector("script.ce-data").textContent);
  const chart = box.querySelector(".plotly-graph-div");
  const tbody = box.querySelector("table.ce-claims tbody");
  const formula = new RegExp("^(?:" + data.formula + ")");
  const words = data.rows.map((row) => row.map((v) => (v === null ? "" : String(v))).join(" ").toLowerCase());
  const fmt = (n) => n.toLocaleString("en-US");
  let matching = [];

  const head = document.createElement("tr");
  for (const name of data.columns) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  box.querySelector("table.ce-claims thead").appendChild(head);

  function chosen() {
    const out = {};
    for (const el of box.querySelectorAll("[data-key]")) out[el.dataset.key] = el.value.trim();
    return out;
  }

  function keep(i, f) {
    const [source, theme, stance] = data.keys[i];
    return (!f.source || source === f.source) && (!f.theme || theme === f.theme) &&
      (!f.stance || stance === f.stance) && (!f.words || words[i].includes(f.words.toLowerCase()));
  }

  function drawTable() {
    const rows = document.createDocumentFragment();
    for (const i of matching.slice(0, data.table_rows)) {
      const tr = document.createElement("tr");
      for (const v of data.rows[i]) {
        const td = document.createElement("td");
        td.textContent = v === null ? "" : String(v);
        tr.appendChild(td);
      }
      rows.appendChild(tr);
    }
    tbody.replaceChildren(rows);
    box.querySelector(".ce-more").textContent = matching.length > data.table_rows
      ? `Showing the first ${fmt(data.table_rows)} of ${fmt(matching.length)}; Download CSV saves them all.`
      : (matching.length ? "" : "No claims match the filters.");
  }

  function drawChart() {
    if (!chart || !window.Plotly || !chart.data) return; // not drawn yet: it shows the page's first state
    const counts = {}, years = {};
    for (const i of matching) {
      const [, theme, stance, year] = data.keys[i];
      (counts[stance] = counts[stance] || {})[theme] = (counts[stance][theme] || 0) + 1;
      if (year !== null) years[year] = (years[year] || 0) + 1;
    }
    const themes = data.themes.filter(([t]) => data.stances.some((s) => (counts[s] || {})[t]));
    const xs = [], ys = [];
    for (const s of data.stances) {
      const present = themes.filter(([t]) => (counts[s] || {})[t]);
      xs.push(present.map(([t]) => counts[s][t]));
      ys.push(present.map(([, label]) => label));
    }
    const order = Object.keys(years).map(Number).sort((a, b) => a - b);
    xs.push(order.map(String));
    ys.push(order.map((y) => years[y]));
    Plotly.restyle(chart, { x: xs, y: ys }, xs.map((_, j) => j));
    Plotly.relayout(chart, {
      "annotations[0].text": matching.length ? "Claims by theme and stance" : "No claims match the filters",
    });
  }

  function update() {
    const f = chosen();
    matching = [];
    for (let i = 0; i < data.rows.length; i++) if (keep(i, f)) matching.push(i);
    box.querySelector(".ce-count").innerHTML = "";
    const b = document.createElement("b");
    b.textContent = fmt(matching.length);
    box.querySelector(".ce-count").append(b, ` of ${fmt(data.total)} claims`);
    drawTable();
    drawChart();
  }

  function cell(v) {
    let text = v === null ? "" : String(v);
    if (formula.test(text)) text = "'" + text; // a spreadsheet would run it as a formula
    return '"' + text.replace(/"/g, '""') + '"';
  }

  box.querySelector(".ce-download").addEventListener("click", () => {
    const lines = [data.columns.map(cell).join(",")];
    for (const i of matching) lines.push(data.rows[i].map(cell).join(","));
    const url = URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "claims.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  for (const el of box.querySelectorAll("[data-key]")) el.addEventListener(el.tagName === "INPUT" ? "input" : "change", update);
  update();
})();
