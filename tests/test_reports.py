"""The HTML reports: built once per session from the real notebooks, then opened in Chromium offline.

Every page must load with zero outside requests and zero console errors under its own
Content-Security-Policy, draw every chart the notebooks make, let a reader narrow a claims table by
typing, and show its sources and stamp. A scoped build holds only its chapters and claims; hostile
sources (markup in the text, and in an HTML page's <title>) show as text and fetch nothing; a second
run of the same data writes the same pages but for the build time.
"""

from __future__ import annotations

import difflib
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from helpers import load_sources, paths
from helpers.analysis.filters import Scope
from helpers.cli import main
from helpers.config import load_taxonomy
from helpers.present.escape import html_text, shorten, visible
from helpers.present.widgets import MENU_LABEL
from helpers.publish.report import CSP, DRAW_ALL, OfflineOutputs, slug, stamp

from conftest import watch_offline

REPORT = [sys.executable, "-m", "helpers"]
NO_DATATABLE = ("00_overview", "08_explorer")  # no claims DataTable: the explorer filters its own table
CHART_CALL = re.compile(r"\bb\.(timeline|areas|coverage|actors|explorer)\(")
THEMES = list(load_taxonomy().themes)
HOSTILE = {
    1: "<script>window.__pwned=1</script>",
    2: '<img src=x onerror="window.__pwned=2">',
    3: '<a href="javascript:window.__pwned=3">x</a>',
    # tests/fixtures/hostile_title.html: its body (its <title> is read from the build's sources.csv)
    6: '<img src=x onerror="window.__pwned=6">',
    7: '<a href="javascript:window.__pwned=7">see the map</a>',
    8: "</script><script>window.__pwned=8</script>",
    9: '<b style="font-size:90px;color:red">by sea</b>',
}
HOSTILE_SOURCES = ("hostile-markup", "hostile-title")
# Any element an article's text became: a style, link or handler that names the attacker or runs code.
PLANTED = """() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a =>
    /^(style|href|xlink:href|src|on\\w+)$/.test(a.name) && /attacker|javascript:|__pwned/.test(a.value)))
    .map(e => e.outerHTML.slice(0, 200))"""
BUILT = re.compile(r"\bbuilt \d{4}-\d\d-\d\d \d\d:\d\d\b", re.I)
DRAWN = """() => { const g = [...document.querySelectorAll('.plotly-graph-div')];
    return !!document.querySelector('.briefing-footer') && g.every(d => d.querySelector('.main-svg') && d._fullLayout); }"""
SCREENSHOTS = paths.REPORTS_DIR / "screenshots"
PLOTLY_BANNER = re.compile(r"\* plotly\.js (?:\([^)]*\) )?v\d")  # the full bundle, or the cartesian partial one


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*REPORT, *args], cwd=paths.PROJ_ROOT, capture_output=True, text=True, timeout=900, **kw)


def notebooks_for(themes: list[str] | None = None) -> list[Path]:
    """The notebooks a build covers: chapters of the chosen themes, overview and explorer always."""
    found = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    return [
        p for p in found if not themes or p.stem.split("_", 1)[1] not in THEMES or p.stem.split("_", 1)[1] in themes
    ]


def expected_charts(notebooks: list[Path], data: Path = paths.DATA_DIR, scope=None) -> int:
    """Charts the notebooks draw, counted from their code (each explorer brings one chart); a timeline
    with nothing dated in its chapter (and scope) is left out of the page, so it is not counted."""
    from helpers.present.briefing import Briefing

    b = Briefing(scope, data)
    count = 0
    for p in notebooks:
        theme = p.stem.split("_", 1)[1]
        chapter = theme if theme in THEMES else None
        for cell in nbformat.read(p, as_version=4).cells:
            if cell.cell_type == "code":
                calls = CHART_CALL.findall(cell.source)
                count += sum(1 for kind in calls if kind != "timeline" or b.timeline(chapter) is not None)
    return count


# ---- builds, once per session ---------------------------------------------------------------


@pytest.fixture(scope="session")
def full(browser, tmp_path_factory) -> Path:  # built only when the browser tests that read it can run
    out = tmp_path_factory.mktemp("full")
    for what in ("briefing", "slides"):
        done = run(what, "--out", str(out))
        assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def scoped(browser, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scoped")
    done = run("briefing", "--themes", "nuclear", "--since", "2015-01-01", "--out", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def hostile(browser, tmp_path_factory) -> tuple[Path, Path]:
    """The real corpus plus two hostile sources, built, then reported on (a briefing scoped to them and
    its deck): a text whose sentences carry markup, and an HTML page whose <title> carries style URLs,
    links, `</script>`, pre-escaped text, bidi overrides and a leading `=`."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    data.mkdir()
    shutil.copytree(paths.SOURCES_DIR, data / "sources")
    for name in ("taxonomy.yml", "cleaning.yml", "curation.yml", "hypotheses.yml", "judgments.yml", "sources.csv"):
        if (paths.DATA_DIR / name).exists():
            shutil.copy(paths.DATA_DIR / name, data / name)
    fixtures = paths.PROJ_ROOT / "tests" / "fixtures"
    shutil.copy(fixtures / "hostile_markup.txt", data / "sources" / "hostile-markup.txt")
    shutil.copy(fixtures / "hostile_title.html", data / "sources" / "hostile-title.html")  # payloads in <title>
    built = subprocess.run(
        [sys.executable, "-m", "helpers", "build", "--data", str(data), "-q"],
        cwd=paths.PROJ_ROOT,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    out = data.parent / "reports"
    for what in ("briefing", "slides"):
        done = run(
            what,
            "--data",
            str(data),
            "--sources",
            ",".join(HOSTILE_SOURCES),
            "--out",
            str(out),
        )
        assert done.returncode == 0, done.stderr[-3000:]
    return data, out


# ---- a page in the browser ------------------------------------------------------------------


def open_offline(browser, path: Path):
    """A page with every non-file request aborted and counted, and console errors collected."""
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    watch_offline(page)
    # blob: and data: URLs (itables' module, inline images) never reach a route
    page.on(
        "request", lambda r: None if r.url.split(":")[0] in ("file", "blob", "data") else page.outside.append(r.url)
    )
    page.goto(path.as_uri())
    page.evaluate(DRAW_ALL)  # charts off screen wait to be scrolled to (test_print_phone tests that)
    return page


def check_page(
    browser, path: Path, charts: int, data_dir: Path = paths.DATA_DIR, sources=None, keep=False, search=True
):
    page = open_offline(browser, path)
    try:
        page.wait_for_function(DRAWN, timeout=60_000)
        page.wait_for_load_state("load")
        page.wait_for_function(
            "() => document.querySelectorAll('table[id^=itables]:not(.dataTable)').length === 0", timeout=30_000
        )
        assert page.locator(".plotly-graph-div").count() == charts, "charts drawn against charts the notebooks make"
        text = page.inner_text("body")
        for placeholder in ("Loading widget", "Loading ITables", "jupyter-widgets"):
            assert placeholder not in text
        assert page.locator(".briefing-stamp").first.inner_text() == stamp(data_dir)
        listed = page.inner_text(".briefing-sources")
        for title in sources if sources is not None else load_sources()["title"]:
            assert title in listed
        if search:  # itables leaves out the search box when a table fits on one page
            narrows(page)
        shot = path.parent / "screenshots" / f"{path.stem}.png"
        shot.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        if keep:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, SCREENSHOTS / shot.name)
        assert page.outside == [], page.outside
        assert page.errors == [], page.errors
        return page
    except Exception:
        page.close()
        raise


class Head(HTMLParser):
    """The tags of a page's <head>, in order, with their attributes."""

    def __init__(self):
        super().__init__()
        self.tags, self.done = [], False

    def handle_starttag(self, tag, attrs):
        if not self.done:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.done = self.done or tag == "head"


def assert_csp_first(name: str, text: str) -> None:
    """The page's one Content-Security-Policy is the reports' own and comes before any script or style."""
    head = Head()
    head.feed(text[: text.find("</head>") + len("</head>")])
    tags = [tag for tag, _ in head.tags]
    policies = [
        i for i, (tag, a) in enumerate(head.tags) if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert [head.tags[i][1]["content"] for i in policies] == [CSP], name
    loads = [i for i, tag in enumerate(tags) if tag in ("script", "style", "link")]
    assert not loads or policies[0] < loads[0], f"{name}: the policy must precede what it governs"


def only_build_time_differs(first: str, second: str) -> list[str]:
    """Lines that differ between two copies of a page, other than its build time."""
    changed = [
        line
        for line in difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return [line[:300] for line in changed if not BUILT.search(line)]


def shown(page, container) -> int:
    info = container.locator(".dt-info").inner_text()
    return int(re.search(r"of ([\d,]+) entr", info).group(1).replace(",", ""))


def narrows(page) -> None:
    """Typing a claim id into the first claims table's search leaves fewer rows, and that one.

    The claims table is the one with a Claim column (its header holds that column's filter box). A table
    that fits on one page has no search box (itables leaves it out), so there is nothing to narrow.
    """
    claims = page.locator(".dt-container", has=page.locator('thead input[placeholder="Claim"]'))
    assert claims.count() >= 1, "the page shows a claims table"
    container = claims.filter(has=page.locator(".dt-search input")).first
    if not container.count():
        assert claims.first.locator("tbody tr").count() <= 10, "a claims table without search fits on one page"
        return
    before = shown(page, container)
    claim_id = container.locator("tbody tr").first.locator("td").last.inner_text().strip()
    assert re.fullmatch(r"c[0-9a-f]{11}", claim_id), claim_id
    container.locator(".dt-search input").fill(claim_id)
    container.locator(".dt-info", has_text="filtered").wait_for(timeout=10_000)
    after = shown(page, container)
    assert 1 <= after < before or before == 1
    assert claim_id in container.locator("tbody").inner_text()


def table_columns(page) -> dict[str, list[str]]:
    """Every DataTable's columns by header name, all rows (not only the page shown)."""
    return page.evaluate("""() => { const out = {};
        for (const t of $.fn.dataTable.tables()) {
            const dt = $(t).DataTable();
            dt.columns().every(function () {
                const h = this.header(), name = (h.querySelector('input') || {}).placeholder || h.innerText;
                out[name] = (out[name] || []).concat(this.data().toArray().map(String));
            });
        }
        return out; }""")


# ---- fast checks: no kernel, no browser -----------------------------------------------------


@pytest.mark.parametrize(
    "args, says",
    [
        pytest.param(["--since", "not-a-date"], "YYYY-MM-DD", id="bad date"),
        pytest.param(["--themes", "military,nukes"], "choose from", id="unknown theme"),
        pytest.param(["--sources", "no-such-source"], "choose from", id="unknown source"),
    ],
)
@pytest.mark.parametrize("what", ["briefing", "slides"])
def test_bad_scope_is_one_line_exit_2_and_writes_nothing(tmp_path, what, args, says, capsys, monkeypatch):
    monkeypatch.setenv(paths.DATA_ENV, str(paths.DATA_DIR))  # the CLI points its kernels there; undone after
    out = tmp_path / "out"
    assert main([what, *args, "--out", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], lines
    assert not out.exists()


def test_stamp_follows_corpus_and_curation(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.SOURCES_DIR, data / "sources")
    for name in ("sources.csv", "curation.yml"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    first = stamp(data)
    assert re.fullmatch(r"[0-9a-f]{12}", first) and stamp(data) == first
    (data / "curation.yml").write_text((data / "curation.yml").read_text() + "\n# a note\n")
    assert stamp(data) != first
    second = stamp(data)
    source = next((data / "sources").iterdir())
    source.rename(source.with_name("renamed" + source.suffix))
    assert stamp(data) != second


def test_scope_slug_names_the_file():

    assert slug(Scope()) == ""
    assert slug(Scope(themes=["military", "nuclear"], since=date(2022, 1, 1))) == "military-nuclear-since-2022-01-01"
    assert len(slug(Scope(sources=[f"source-{i:03d}-with-a-long-name" for i in range(20)]))) <= 80


def test_offline_outputs_prefers_fallbacks_and_ships_datatables_once():
    def html_out(html, **data):
        return nbformat.v4.new_output("display_data", data={"text/html": html, **data})

    bundle = "<script>function injectModule(x) {}</script>"
    chart = (
        '<div id="briefing-abc-0" class="plotly-graph-div"></div><script>Plotly.newPlot("briefing-abc-0", [])</script>'
    )
    nb = nbformat.v4.new_notebook(
        metadata={"widgets": {"state": {}}},
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[
                    html_out(bundle),
                    html_out("<p>fallback</p>", **{"application/vnd.jupyter.widget-view+json": {"model_id": "m"}}),
                    nbformat.v4.new_output(
                        "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "n"}}
                    ),
                    html_out(chart, **{"application/vnd.plotly.v1+json": {}}),
                ]
            ),
            nbformat.v4.new_code_cell(
                outputs=[html_out(bundle), html_out(chart, **{"application/vnd.plotly.v1+json": {}})]
            ),
        ],
    )
    nb, _ = OfflineOutputs().preprocess(nb, {})
    first, second = nb.cells[0].outputs, nb.cells[1].outputs
    assert "widgets" not in nb.metadata
    assert [list(o.data) for o in first[:3]] == [["text/html"]] * 3 and "needs a running notebook" in first[2].data[
        "text/html"
    ]
    assert len(second) == 1, "the DataTables bundle is shipped once per page"
    assert '"briefing-abc-0-1"' in second[0].data["text/html"] and '"briefing-abc-0"' not in second[0].data["text/html"]


def test_merged_notebooks_keep_table_and_explorer_ids_unique():
    """Ids come from content, so two notebooks showing the same table share one until the merge renames it."""
    table = (
        '<table id="itables-0123456789ab" hidden="hidden"></table><div id="itables-0123456789ab_fallback"></div>'
        '<script>document.querySelectorAll("#itables-0123456789ab:not(.dataTable)");'
        'document.getElementById("itables-0123456789ab_fallback"); // itables-0123456789ab-1 is another</script>'
    )
    explorer = '<div id="explorer-0123456789ab" class="plotly-graph-div"></div>'
    cells = [
        nbformat.v4.new_code_cell(
            outputs=[nbformat.v4.new_output("display_data", data={"text/html": table + explorer})]
        )
        for _ in range(2)
    ]
    nb, _ = OfflineOutputs().preprocess(nbformat.v4.new_notebook(cells=cells), {})
    first, second = (c.outputs[0].data["text/html"] for c in nb.cells)
    assert first == table + explorer
    assert second == (table + explorer).replace("itables-0123456789ab", "itables-0123456789ab-1").replace(
        "explorer-0123456789ab", "explorer-0123456789ab-1"
    ).replace("itables-0123456789ab-1-1 is", "itables-0123456789ab-1 is")


# ---- the real build -------------------------------------------------------------------------


class Refs(HTMLParser):
    """Every URL a tag would load or link: src/href/data of script, link, img, iframe, source, embed, object."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "link", "img", "iframe", "source", "embed", "object", "audio", "video"}:
            self.urls += [v for k, v in attrs if k in {"src", "href", "data"} and v]


@pytest.mark.slow
def test_reports_name_no_remote_url_and_ship_plotly_once(full):
    pages = sorted(full.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "briefing.html", "briefing-slides.html"} | {
        f"{p.stem}.html" for p in notebooks_for()
    }
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert_csp_first(page.name, text)
        assert not re.search(r'id="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-', text), f"{page.name}: a random (uuid) id"
        refs = Refs()
        refs.feed(text)
        assert not [u for u in refs.urls if re.match(r"\s*(https?:)?//", u)], page.name
        assert not re.search(r"""<(script|link)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//""", text), page.name
        if page.name != "index.html":
            assert len(PLOTLY_BANNER.findall(text)) == 1, f"{page.name}: plotly.js must be embedded exactly once"
        assert "application/vnd.jupyter.widget-view+json" not in text and "widget-state+json" not in text
        assert text.count("if (!window._itables_") <= 1, f"{page.name}: DataTables shipped more than once"
    manifest = json.loads((full / "manifest.json").read_text())
    index = (full / "index.html").read_text()
    assert all(f'href="{name}"' in index for name in manifest)


BLOB = re.compile(r"[A-Za-z0-9+/=]{1000,}")  # base64 bundles (DataTables): no text, and slow to regex-scan


def without_libraries(text: str) -> str:
    """The page minus the embedded plotly.js (its licence names an e-mail; its SVG paths look like phones)."""
    banner = PLOTLY_BANNER.search(text)
    if banner:
        at = banner.start()
        start, end = text.rfind("<script", 0, at), text.find("</script>", at)
        text = text[:start] + text[end + len("</script>") :]
    return BLOB.sub(" ", text)


@pytest.mark.slow
def test_reports_carry_no_contact_details(full):
    from helpers.text.patterns import EMAIL, PHONE

    raw = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in paths.SOURCES_DIR.iterdir())
    debris = {m.group(0) for pattern in (EMAIL, PHONE) for m in pattern.finditer(raw)}
    assert debris, "the seeds' author cards carry contact details; the scan below must look for them"
    for page in sorted(full.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not [d for d in debris if d in text], page.name
        ours = without_libraries(text)
        for pattern in (EMAIL, PHONE):  # not HANDLE: CSS at-rules (@media) look like handles
            found = pattern.search(ours)
            assert not found, f"{page.name}: {found.group(0)!r}"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["briefing"] + [p.stem for p in notebooks_for()])
def test_page_works_offline(full, browser, name):
    notebooks = notebooks_for() if name == "briefing" else [paths.NOTEBOOKS_DIR / f"{name}.ipynb"]
    page = check_page(
        browser, full / f"{name}.html", expected_charts(notebooks), keep=True, search=name not in NO_DATATABLE
    )
    if name == "briefing":
        toc = page.locator(".briefing-toc li").all_inner_texts()
        assert len(toc) == len(notebooks) and toc[0].startswith("Russia and Iran: the briefing")
    page.close()


@pytest.mark.slow
def test_index_links_every_report(full, browser):
    page = open_offline(browser, full / "index.html")
    links = page.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert {"briefing.html", "briefing-slides.html"} <= set(links)
    assert all((full / link).exists() for link in links)
    assert page.outside == [] and page.errors == []
    (full / "screenshots").mkdir(exist_ok=True)
    page.screenshot(path=str(full / "screenshots" / "index.png"))
    page.close()


@pytest.mark.slow
def test_scoped_briefing_holds_only_its_scope(scoped, browser):
    from helpers.present.briefing import Briefing

    scope = Scope(themes=["nuclear"], since=date(2015, 1, 1))
    path = scoped / "briefing-nuclear-since-2015-01-01.html"
    assert sorted(p.name for p in scoped.glob("*.html")) == ["briefing-nuclear-since-2015-01-01.html", "index.html"]
    b = Briefing(scope)
    notebooks = notebooks_for(["nuclear"])
    assert [p.stem for p in notebooks] == ["00_overview", "04_nuclear", "08_explorer"]
    page = check_page(browser, path, expected_charts(notebooks, scope=scope), sources=list(b.sources["title"]))
    assert "themes: nuclear" in page.inner_text(".briefing-scope") and "since 2015-01-01" in page.inner_text(
        ".briefing-scope"
    )
    assert len(page.locator(".briefing-toc li").all_inner_texts()) == 3
    columns = table_columns(page)
    assert set(columns["Claim"]) and set(columns["Claim"]) <= set(b.claims["claim_id"])
    themes = b.all_claims.set_index("claim_id").loc[sorted(set(columns["Claim"])), "theme"].astype(str)
    assert set(themes) == {"nuclear"}, "every claim shown is of the scope's theme"
    page.close()


@pytest.mark.slow
def test_hostile_sources_show_as_text_and_fetch_nothing(hostile, browser):
    data, out = hostile
    titles = load_sources(data / "processed" / "sources.csv").set_index("source_id").loc[list(HOSTILE_SOURCES), "title"]
    title = titles["hostile-title"]
    assert title.startswith('=<span style="fill:url(https://attacker.test') and "\u202e" in title, (
        "the fixture's payload"
    )
    name = f"briefing-{'-'.join(HOSTILE_SOURCES)}"  # scoped by source only: a payload is found whatever its theme
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}
    assert sorted(pages) == sorted([f"{name}.html", f"{name}-slides.html", "index.html"])
    planted = [*HOSTILE.values(), title, "<script>window.__pwned=4</script>"]
    for page_name, text in pages.items():
        assert_csp_first(page_name, text)
        assert not [p for p in planted if p in text], f"{page_name}: a payload is written as it came"
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S)
        assert not [s[:80] for s in scripts if "__pwned" in s.lstrip()[:40]], f"{page_name}: a payload became a script"

    page = check_page(
        browser,
        out / f"{name}.html",
        expected_charts(
            notebooks_for(),
            data,
            Scope(sources=list(HOSTILE_SOURCES)),
        ),
        data_dir=data,
        sources=[visible(t) for t in titles],
        search=False,
        keep=True,  # reports/screenshots/<name>.png: the payloads, as text
    )
    shown_text = page.inner_text("body")
    for text in [*HOSTILE.values(), "<script>window.__pwned=4</script>", visible(title)]:
        assert text in shown_text, f"{text} should be visible as text"
    assert "[U+202E]gnirts desrever[U+202C]" in shown_text, "a bidi override is written out, not obeyed"
    assert page.locator("table.dataTable", has_text=HOSTILE[1]).count() >= 1, "in the chapter table"
    explorer = page.locator(".claim-explorer-static").last
    assert explorer.locator("table.ce-claims", has_text=HOSTILE[1]).count() == 1, "and in the explorer's, as text"
    menu = explorer.locator("select.ce-source option").all_text_contents()
    assert shorten(title, MENU_LABEL) in menu and html_text(shorten(title, MENU_LABEL)) not in menu
    assert page.evaluate(PLANTED) == []
    assert page.evaluate("window.__pwned") is None
    assert page.outside == [] and page.errors == [], (page.outside, page.errors)
    page.close()

    deck = open_offline(browser, out / f"{name}-slides.html")
    deck.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    for i in range(deck.evaluate("Reveal.getTotalSlides()")):  # every chart drawn at its size
        deck.evaluate(f"Reveal.slide({i})")
    assert visible(title) in deck.locator(".title-slide table").text_content()
    assert deck.evaluate(PLANTED) == [] and deck.evaluate("window.__pwned") is None
    assert deck.outside == [] and deck.errors == [], (deck.outside, deck.errors)
    deck.close()
    index = open_offline(browser, out / "index.html")
    assert index.outside == [] and index.errors == [] and index.evaluate(PLANTED) == []
    index.close()


def _run_again(names: list[str]) -> dict[str, str]:
    """Execute notebooks once more (fresh kernels, as the builder does) and export them as it does."""
    from helpers.publish.report import briefing_page, export_page, kernel_env, run_notebook

    scope = Scope()
    paths_ = [str(paths.NOTEBOOKS_DIR / f"{name}.ipynb") for name in names]
    with ProcessPoolExecutor(len(names), mp_context=multiprocessing.get_context("spawn")) as pool:
        runs = list(pool.map(run_notebook, paths_, [kernel_env(scope)] * len(names)))
    page = briefing_page(scope, paths.data_dir())
    for r in runs:
        assert "error" not in r, r
    return {name: export_page(r["nb"], page) for name, r in zip(names, runs)}


@pytest.mark.slow
def test_same_data_gives_the_same_pages_but_the_build_time(full, tmp_path):
    """Two builds of one data folder differ only in their build time. Rather than a second whole build,
    two notebooks run again, between them every kind of generated id (plotly charts, itables tables,
    DataFrames shown as tables, the explorer's chart and table), and the deck is written again."""
    again = _run_again(["07_outlook", "08_explorer"])
    for name, text in again.items():
        assert only_build_time_differs((full / f"{name}.html").read_text(encoding="utf-8"), text) == [], name
    done = run("slides", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    deck = "briefing-slides.html"
    first, second = ((d / deck).read_text(encoding="utf-8") for d in (full, tmp_path))
    assert only_build_time_differs(first, second) == []
    assert re.findall(r'id="(briefing-[0-9a-f]{12}|slide-[0-9a-f]{12}|itables-[0-9a-f]{12})', first), "ids from content"
