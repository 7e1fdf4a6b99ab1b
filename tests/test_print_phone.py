"""The briefing as readers meet it away from a desk: printed to PDF, on a phone, and the exported explorer.

One scoped build (the divergences chapter, with the overview and the explorer, so the contradictions
table and a side-by-side chart are in it) is written with `--pdf`, then read three ways: the PDF's text
and pixels (poppler's pdftotext and pdftoppm), the page in Chromium at 390 px, and the explorer's
controls with no kernel. Every page is opened with the network blocked and must log no console error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from helpers import paths
from helpers.present.escape import csv_raw
from helpers.publish.report import DRAW_ALL, stamp

from conftest import watch_offline

NAME = "briefing-divergences"
A4_WIDTH_MM, RIGHT_STRIP_MM, DPI = 210, 9, 60  # @page margins are 14 mm: the outer 9 mm stay blank
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = paths.REPORTS_DIR / "screenshots"
DRAWN = "() => [...document.querySelectorAll('.plotly-graph-div')].every(g => g._fullLayout)"
LAST_CELLS = """async () => { const key = Object.keys(window).find(k => k.startsWith('_itables_'));
    const { jQuery } = await window[key]; const out = [];
    for (const table of jQuery.fn.dataTable.tables()) {
        const dt = jQuery(table).DataTable(), n = dt.columns().count();
        out.push(dt.column(n - 1).data().toArray().map(String)); }
    return out; }"""


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        message = f"no {tool}: apt-get install -y poppler-utils to check the PDF"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def built(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "briefing", "--themes", "divergences", "--pdf", "--out", str(out)],
        cwd=paths.PROJ_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / f"{NAME}.pdf").is_file(), done.stderr[-1000:]
    return out


def open_offline(browser, path, draw_all=True, **context):
    """A page with every non-file request aborted and counted, console errors collected; every chart drawn
    unless `draw_all` is False (charts off screen wait until scrolled to)."""
    ctx = browser.new_context(accept_downloads=True, **context)
    page = ctx.new_page()
    watch_offline(page)
    page.goto(path.as_uri())
    if draw_all:
        page.evaluate(DRAW_ALL)
        page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_function("() => !document.querySelector('table[id^=itables]:not(.dataTable)')", timeout=30_000)
    return page


CHARTS = """() => [...document.querySelectorAll('.plotly-graph-div')].map(g => ({ id: g.id, drawn: !!g._fullLayout,
    top: g.getBoundingClientRect().top + scrollY, title: ((g._fullLayout || g.layout || {}).title || {}).text || '' }))"""


def pdf_text(pdf, first=None, last=None) -> str:
    pages = ["-f", str(first), "-l", str(last)] if first else []
    return subprocess.run([poppler("pdftotext"), *pages, str(pdf), "-"], capture_output=True, text=True).stdout


def gray_pages(pdf, dpi=DPI):
    """Every page as (width, height, bytes) of 8-bit grey, from pdftoppm's PGM output."""
    prefix = pdf.parent / "page"
    subprocess.run([poppler("pdftoppm"), "-gray", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    for path in sorted(pdf.parent.glob("page-*.pgm")):
        raw = path.read_bytes()
        magic, width, height, depth, pixels = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", raw, re.S).groups()
        assert int(depth) == 255
        yield int(width), int(height), pixels


@pytest.mark.slow
def test_pdf_prints_every_row_and_the_last_column(built, browser):
    page = open_offline(browser, built / f"{NAME}.html")
    last = page.evaluate(LAST_CELLS)
    page.close()
    assert last and sum(map(len, last)) > 10 * len(last), "tables hold more rows than one screen page"
    words = set(re.findall(r"[\w'-]+", pdf_text(built / f"{NAME}.pdf")))
    missing = []
    for column in last:
        for cell in column:
            tail = re.findall(r"[\w'-]+", cell)
            if tail and tail[-1] not in words:
                missing.append(cell[-80:])
    assert missing == [], f"{len(missing)} last-column cells missing from the PDF, e.g. {missing[:3]}"


@pytest.mark.slow
def test_pdf_opens_on_a_cover_with_the_stamp(built):
    pdf = built / f"{NAME}.pdf"
    cover = pdf_text(pdf, 1, 1)
    assert stamp(paths.DATA_DIR) in cover and "Sources (" in cover and "Contents" in cover
    assert "Explorer" in cover, "the contents list every chapter"
    assert "Every claim in the evidence base" not in cover, "chapters start after the cover"


@pytest.mark.slow
def test_pdf_pages_stay_inside_the_page(built):
    pdf = built / f"{NAME}.pdf"
    pages = list(gray_pages(pdf))
    assert pages
    for n, (width, height, pixels) in enumerate(pages, start=1):
        assert abs(width - A4_WIDTH_MM / 25.4 * DPI) <= 2, f"page {n} is {width} px wide, not A4"
        strip = round(RIGHT_STRIP_MM / 25.4 * DPI)
        ink = [
            y for y in range(height) if min(pixels[y * width + width - strip : (y + 1) * width]) < 200
        ]  # dark pixels in the right margin: something ran past the printable width
        assert ink == [], f"page {n}: content in the right margin on {len(ink)} rows"


@pytest.mark.slow
def test_phone_viewport(built, browser):
    page = open_offline(browser, built / f"{NAME}.html", viewport=PHONE, is_mobile=True, has_touch=True)
    page.wait_for_timeout(2000)  # the phone layout and the scroll cues run after load
    state = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth,
        charts: [...document.querySelectorAll('.plotly-graph-div')].map(g => ({
            id: g.id, plot: g._fullLayout._size.w, width: g._fullLayout.width, box: g.parentElement.clientWidth,
            bottom: g.getBoundingClientRect().top + g._fullLayout.height,
            boxBottom: g.parentElement.getBoundingClientRect().bottom,
            scrolls: !!g.closest('.scrolls-x'), stacked: !!g._fullLayout.yaxis2 && g._fullLayout.yaxis2.domain[1] <= g._fullLayout.yaxis.domain[0] })),
        tables: [...document.querySelectorAll('.dt-layout-cell')].filter(c => c.querySelector('table.dataTable'))
            .map(c => ({ over: c.scrollWidth > c.clientWidth, cue: c.classList.contains('scrolls-x'),
                         text: getComputedStyle(c, '::after').content })),
        toc: getComputedStyle(document.querySelector('.briefing-toc ol')).columnCount })""")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "phone-top.png"))
    page.locator(".claim-explorer-static .plotly-graph-div").last.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "phone-explorer.png"))
    assert state["page"] <= PHONE["width"], "the page itself never scrolls sideways"
    assert state["toc"] in ("1", "auto")
    for chart in state["charts"]:
        assert chart["plot"] >= 180, f"{chart['id']}: plot area {chart['plot']} px is a sliver"
        assert chart["width"] <= chart["box"] + 1 or chart["scrolls"], f"{chart['id']}: clipped with no scroll cue"
        assert chart["bottom"] <= chart["boxBottom"] + 1, f"{chart['id']}: drawn over what follows it"
    explorer = [c for c in state["charts"] if c["id"].startswith("explorer")]
    assert explorer and all(c["stacked"] for c in explorer), "the explorer's two panels stack"
    wide = [t for t in state["tables"] if t["over"]]
    assert wide, "at 390 px the claims tables are wider than the screen"
    assert all(t["cue"] and "Scroll sideways" in t["text"] for t in wide), state["tables"]
    assert page.outside == [] and page.errors == [], (page.outside, page.errors)
    page.close()


@pytest.mark.slow
def test_exported_explorer_filters_counts_charts_and_downloads(built, browser):
    page = open_offline(browser, built / f"{NAME}.html", viewport={"width": 1300, "height": 1000})
    box = page.locator(".claim-explorer-static").last
    data = json.loads(box.locator("script.ce-data").text_content())
    count = lambda: int(box.locator(".ce-count b").inner_text().replace(",", ""))  # noqa: E731
    bars = "g => g.data.filter(t => t.orientation === 'h').reduce((n, t) => n + t.x.reduce((a, b) => a + b, 0), 0)"
    chart = box.locator(".plotly-graph-div")
    assert count() == len(data["rows"]) == chart.evaluate(bars)
    assert f"of {data['total']:,} claims" in box.locator(".ce-count").inner_text()

    sources = [v for v in box.locator("select.ce-source option").evaluate_all("o => o.map(x => x.value)") if v]
    source = max(sources, key=lambda s: sum(k[0] == s for k in data["keys"]))
    box.locator("select.ce-source").select_option(source)
    expected = [i for i, k in enumerate(data["keys"]) if k[0] == source]
    assert 0 < count() == len(expected) < len(data["rows"])
    assert box.locator("tbody tr").count() == min(len(expected), data["table_rows"])
    assert chart.evaluate(bars) == len(expected), "the chart follows the filter"
    stance = data["keys"][expected[0]][2]
    box.locator("select.ce-stance").select_option(stance)
    expected = [i for i in expected if data["keys"][i][2] == stance]
    assert count() == len(expected) == chart.evaluate(bars)
    assert box.locator("tbody tr").count() == min(len(expected), data["table_rows"])

    with page.expect_download() as download:
        box.locator("button.ce-download").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == data["columns"] and len(rows) - 1 == len(expected)
    quote = data["columns"].index("Quote")
    assert [csv_raw(r[quote]) for r in rows[1:]] == [data["rows"][i][quote] for i in expected]
    assert "Ctrl" not in box.inner_text() and "Export CSV" not in box.inner_text(), "kernel-only controls"
    assert page.outside == [] and page.errors == [], (page.outside, page.errors)
    page.close()


@pytest.mark.slow
def test_charts_off_screen_wait_until_scrolled_to_and_print_draws_them_all(built, browser):
    screen = {"width": 1300, "height": 900}
    page = open_offline(browser, built / f"{NAME}.html", draw_all=False, viewport=screen)
    page.wait_for_timeout(500)
    charts = page.evaluate(CHARTS)
    far = [c for c in charts if c["top"] > 2 * screen["height"]]
    assert far and not any(c["drawn"] for c in far), "charts two screens down are not drawn at load"

    box = page.locator(".claim-explorer-static").last  # filtered while its chart waits: drawn filtered
    chart = box.locator(".plotly-graph-div")
    assert not chart.evaluate("g => !!g._fullLayout")
    source = box.locator("select.ce-source option").nth(1).get_attribute("value")
    box.locator("select.ce-source").evaluate("(s, v) => { s.value = v; s.dispatchEvent(new Event('change')); }", source)
    chart.evaluate("g => g.scrollIntoView()")
    page.wait_for_function("g => !!g._fullLayout", arg=chart.element_handle(), timeout=10_000)
    bars = "g => g.data.filter(t => t.orientation === 'h').reduce((n, t) => n + t.x.reduce((a, b) => a + b, 0), 0)"
    count = int(box.locator(".ce-count b").inner_text().replace(",", ""))
    assert chart.evaluate(bars) == count, "the chart drawn late shows the filter chosen before"
    assert sum(c["drawn"] for c in page.evaluate(CHARTS)) < len(charts), "one scroll does not draw every chart"

    printed = page.evaluate("""() => { window.dispatchEvent(new Event('beforeprint'));
        return [...document.querySelectorAll('.plotly-graph-div')].every(g => g._fullLayout); }""")
    assert printed, "every chart is drawn inside the beforeprint handler, before the page is laid out for paper"
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.outside == [] and page.errors == [], (page.outside, page.errors)
    page.close()

    words = set(re.findall(r"[\w'-]+", pdf_text(built / f"{NAME}.pdf")))
    titled = [re.findall(r"[\w'-]+", re.sub(r"<[^>]+>", " ", c["title"]))[:4] for c in charts if c["title"]]
    assert titled, "the charts carry titles"
    assert [t for t in titled if not set(t) <= words] == [], "every chart is drawn in the PDF"
