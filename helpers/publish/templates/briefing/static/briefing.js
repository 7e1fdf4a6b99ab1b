/* The page's own behaviour for screens, paper and phones (no source text is touched here).
   Lazy drawing: plotly.js comes gzipped and runs once the page is read; a chart waits (its data stays in
   the page) until plotly.js runs and the chart comes near the screen; briefingDrawAll() draws them all.
   briefingPrint(): every chart drawn, every details element open, every DataTables row shown and every
   chart at the printable width; run on `beforeprint` and by `python -m helpers briefing --pdf`;
   afterprint undoes it. On a narrow screen, charts get a phone layout (legend below, wrapped title,
   panels stacked) and wide tables and charts that still overflow get a scroll cue. */
(function () {
  // ---- plotly.js, unpacked, and lazy drawing ------------------------------------------------
  // The page carries plotly.js gzipped (window.briefingPlotlyGz); it is unpacked with the browser's
  // DecompressionStream and run from a blob: URL (the CSP allows both). Until then, and for a chart off
  // screen until it comes near, the inline Plotly.newPlot calls of plotly.py's fragments wait here with
  // their figures (the data stays in the page), as do restyle/relayout/update calls on a waiting chart.
  const waiting = new Map(); // chart div -> { args: newPlot's data, layout, config; calls: [name, args] }
  const NAMES = ["newPlot", "react", "restyle", "relayout", "update"];
  let api = null; // plotly.js's own functions, once it runs
  const divOf = (gd) => (typeof gd === "string" ? document.getElementById(gd) : gd);
  const near = "IntersectionObserver" in window
    ? new IntersectionObserver((seen) => seen.forEach((e) => e.isIntersecting && draw(e.target)), { rootMargin: "25% 0px" })
    : null;

  function draw(div) { // the chart as the page asked for it, then any call made on it while it waited
    const held = waiting.get(div);
    if (!held || !api) return held ? held.promise : Promise.resolve(div);
    waiting.delete(div);
    if (near) near.unobserve(div);
    delete div.data;
    delete div.layout;
    let done = api.newPlot(div, ...held.args);
    for (const [name, args] of held.calls) done = done.then(() => api[name](div, ...args));
    done = done.then(() => { if (window.innerWidth <= PHONE && !undo) phone(); return div; });
    held.resolve(done);
    return done;
  }

  const wrapped = {
    newPlot(gd, ...args) { // held while plotly.js loads, and while the page is read for a chart off screen
      const div = divOf(gd);
      if (!div) return api ? api.newPlot(gd, ...args) : Promise.resolve(); // nothing to draw into
      const now = api && (!near || div._fullLayout || document.readyState !== "loading" || undo
        || matchMedia("print").matches);
      if (now) return api.newPlot(gd, ...args);
      let resolve;
      const promise = new Promise((r) => (resolve = r));
      waiting.set(div, { args, calls: [], promise, resolve });
      [div.data, div.layout] = args; // what the figure holds, for scripts that read it before it is drawn
      if (api && near) near.observe(div);
      return promise;
    },
    react(gd, ...args) { // a new figure for a waiting chart replaces the one it waits with
      const div = divOf(gd), held = waiting.get(div);
      if (!held) return api ? api.react(gd, ...args) : wrapped.newPlot(gd, ...args);
      held.args = args;
      held.calls = [];
      [div.data, div.layout] = args;
      return held.promise;
    },
  };
  for (const name of ["restyle", "relayout", "update"]) {
    wrapped[name] = function (gd, ...args) {
      const held = waiting.get(divOf(gd));
      if (!held) return api ? api[name](gd, ...args) : Promise.resolve(); // no chart there yet
      held.calls.push([name, args]);
      return held.promise;
    };
  }

  function started() { // plotly.js has run: wrap it, then draw what is near (all of it, if there is no observer)
    api = Object.fromEntries(NAMES.map((f) => [f, window.Plotly[f]]));
    Object.assign(window.Plotly, wrapped);
    for (const div of waiting.keys()) near ? near.observe(div) : draw(div);
  }

  async function unpack(packed) {
    const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
    const code = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).blob();
    const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
    await new Promise((ok, fail) => {
      const script = Object.assign(document.createElement("script"), { src: url, onload: ok, onerror: fail });
      document.head.appendChild(script);
    });
    URL.revokeObjectURL(url);
  }

  let ready;
  if (window.Plotly) { started(); ready = Promise.resolve(); }
  else if (window.briefingPlotlyGz) {
    window.Plotly = { ...wrapped }; // a stand-in that only collects calls
    const painted = new Promise((done) => { // the page read and its first screen painted: then plotly.js
      const after = () => { requestAnimationFrame(() => setTimeout(done)); setTimeout(done, 200); };
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", after, { once: true });
      else after();
    });
    ready = painted.then(() => unpack(window.briefingPlotlyGz)).then(started);
  } else ready = Promise.resolve();
  window.briefingDrawAll = () => (api ? Promise.all([...waiting.keys()].map(draw)) : ready.then(window.briefingDrawAll));

  const PRINT_WIDTH = 680; // CSS px inside an A4 or Letter page less the @page margins of briefing.css
  const PHONE = 600;
  const MIN_PLOT = 220; // px of plot area a phone chart keeps beside its labels
  const relayout = (g, update) => { // the div keeps its own CSS height: make it follow the chart's
    if (update.height) { // plotly.py's fragment sets a height on the chart's wrapper too
      for (const el of [g, g.parentElement]) if (el === g || el.style.height) el.style.height = `${Math.round(update.height)}px`;
    }
    return Plotly.relayout(g, update);
  };
  const charts = () => [...document.querySelectorAll(".plotly-graph-div")].filter((g) => g._fullLayout && window.Plotly);
  const tables = async () => {
    const key = Object.keys(window).find((k) => k.startsWith("_itables_"));
    if (!key) return null;
    const { jQuery } = await window[key];
    return jQuery.fn.dataTable.tables({ api: true });
  };
  let undo = null;

  window.briefingPrint = async function () {
    if (undo) return;
    const drawing = window.briefingDrawAll(); // synchronous draws: on `beforeprint` they land before the print
    const opened = [...document.querySelectorAll("details:not([open])")];
    opened.forEach((d) => (d.open = true));
    await drawing;
    const dts = await tables();
    const lengths = dts ? dts.page.len() : null; // one value: every table shares CLAIMS_TABLE's page length
    if (dts) dts.page.len(-1).draw(false);
    const sized = charts().map((g) => [g, g.layout.width, g._fullLayout.height, g._fullLayout.title.text, g._fullLayout.margin.t]);
    await Promise.all(sized.map(([g]) => relayout(g, { width: PRINT_WIDTH, autosize: false, ...fitTitle(g, PRINT_WIDTH) })));
    undo = async () => {
      opened.forEach((d) => (d.open = false));
      if (dts) dts.page.len(lengths).draw(false);
      await Promise.all(sized.map(([g, w, h, title, top]) =>
        relayout(g, { width: w || null, height: h, autosize: true, "title.text": title, "margin.t": top })));
      phone();
    };
  };
  window.addEventListener("beforeprint", () => window.briefingPrint());
  window.addEventListener("afterprint", () => { if (undo) undo().then(() => (undo = null)); });

  // ---- phone ----------------------------------------------------------------------------
  const wrap = (text, width) => { // at spaces only, so an entity such as &lt; is never split
    const lines = [];
    for (const part of String(text).split("<br>")) {
      if (part.includes("<")) { lines.push(part); continue; } // a styled line (a <sup> subtitle) stays whole
      let line = "";
      for (const word of part.split(" ")) {
        if (line && (line + " " + word).replace(/&[a-z#0-9]+;/gi, "x").length > width) { lines.push(line); line = word; }
        else line = line ? line + " " + word : word;
      }
      lines.push(line);
    }
    return lines;
  };

  function fitTitle(g, width) { // plotly never wraps a title: break it at spaces and make room above
    const full = g._fullLayout, title = full.title && full.title.text;
    if (!title) return {};
    const size = (full.title.font && full.title.font.size) || 17;
    const lines = wrap(title, Math.max(20, Math.floor(width / (0.55 * size))));
    const added = lines.length - String(title).split("<br>").length; // lines the wrap added
    const top = full.margin.t + Math.ceil(1.3 * size * added);
    return { "title.text": lines.join("<br>"), "margin.t": top, height: full.height + top - full.margin.t };
  }

  function phoneLayout(g) {
    const full = g._fullLayout, width = g.clientWidth || window.innerWidth;
    const update = { "legend.orientation": "h", "legend.x": 0, "legend.xanchor": "left", "legend.y": -0.12, "legend.yanchor": "top",
      "margin.l": Math.min(full.margin.l, 40), "margin.r": 10 };
    const title = fitTitle(g, width);
    const top = title["margin.t"] || full.margin.t;
    if (title["title.text"]) { update["title.text"] = title["title.text"]; update["title.x"] = 0.02; }
    const plots = full._subplots.cartesian || [];
    const xs = plots.map((p) => full[p.startsWith("xy") ? "xaxis" : "xaxis" + p.match(/^x(\d*)/)[1]]);
    const sideBySide = xs.length === 2 && xs[0].domain[1] <= xs[1].domain[0] + 1e-6;
    const ownY = new Set(plots.map((p) => p.split("y")[1])).size === plots.length;
    let height = full.height;
    if (sideBySide && ownY) { // stack the two panels, titles (annotations at the panel's centre) with them
      const [a, b] = plots.map((p) => p.split("y"));
      const name = (axis, n) => axis + (n || "");
      update[name("xaxis", a[0].slice(1)) + ".domain"] = [0, 1];
      update[name("xaxis", b[0].slice(1)) + ".domain"] = [0, 1];
      update[name("yaxis", a[1]) + ".domain"] = [0.58, 1];
      update[name("yaxis", b[1]) + ".domain"] = [0, 0.4];
      (full.annotations || []).forEach((n, i) => {
        if (n.xref !== "paper" || n.yref !== "paper" || n.y < 0.99) return;
        const second = n.x > xs[0].domain[1];
        update[`annotations[${i}].x`] = 0.5;
        update[`annotations[${i}].y`] = second ? 0.4 : 1;
      });
      height = Math.round(full.height * 1.7);
    } else if (xs.length > 1 && sideBySide) { // panels that share an axis stay side by side, at a readable width
      update.width = Math.max(width, 560);
    }
    update.height = height + (top - full.margin.t);
    update["margin.t"] = top;
    return relayout(g, update).then(() => { // long tick labels left a sliver: widen, and let it scroll
      const size = g._fullLayout._size;
      if (size.w < MIN_PLOT) return Plotly.relayout(g, { width: Math.round(g._fullLayout.width + MIN_PLOT - size.w) });
    });
  }

  function phone() {
    if (window.innerWidth > PHONE || undo) return;
    for (const g of charts()) if (!g.dataset.phone) { g.dataset.phone = "1"; phoneLayout(g); }
  }

  function cues() { // a visible hint on every box that scrolls sideways
    for (const box of document.querySelectorAll(".jp-OutputArea-output, .dt-layout-cell, .ce-scroll, .briefing-sources")) {
      box.classList.toggle("scrolls-x", box.scrollWidth > box.clientWidth + 2);
    }
  }
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(() => { phone(); cues(); }, 150); };
  window.addEventListener("resize", later);
  window.addEventListener("load", () => { phone(); [300, 1500].forEach((t) => setTimeout(cues, t)); });
  document.addEventListener("draw.dt", later); // DataTables redraws change a table's width
})();
