"""Offline HTML reports: execute the notebooks once, in parallel, and export them with nbconvert.

`python -m helpers briefing` writes reports/<notebook>.html, reports/briefing.html (every
notebook merged, no second execution) and reports/index.html; `slides` writes a reveal.js deck.
Pages name no remote URL: plotly.js is inlined once in <head>, gzipped (briefing.js unpacks it and draws
each chart as it comes near the screen), DataTables ships once per page, widgets show their HTML
fallback. Executed notebooks and pages are cached by a hash of their inputs. Every page carries a
Content-Security-Policy (`CSP`) that lets it fetch nothing, so a slip in escaping source text
still cannot reach the network. Element ids come from content: two builds of the same data
differ only in their build time. See `make help`.
"""

from __future__ import annotations

import base64
import copy
import functools
import gzip
import hashlib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date, datetime
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

from helpers import paths
from helpers.analysis.filters import SCOPE_ENV, Scope
from helpers.analysis.tables import load_sources
from helpers.config import load_taxonomy
from helpers.errors import InputError
from helpers.files import write_atomically
from helpers.present.escape import html_text
from helpers.publish.vendor import plotly_js

TEMPLATES = Path(__file__).parent / "templates"
WIDGET = "application/vnd.jupyter.widget-view+json"
ITABLES_BUNDLE = "injectModule("  # only itables' init_notebook_mode output defines it
CHART_ID = re.compile(r'<div\s+(?=[^>]*\bclass="plotly-graph-div")[^>]*\bid="([\w-]+)"')  # either attribute order
TABLE_ID = re.compile(r'<table id="(itables[\w-]+)"')
# Inline scripts and styles (the pages are self-contained), eval for plotly.js, blob: for the DataTables
# module itables imports from a blob URL, data: images and fonts. Nothing else, from anywhere.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "font-src data:",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
NO_KERNEL = "<p><i>This control needs a running notebook; open the notebook in JupyterLab to use it.</i></p>"
STAMPED = (  # processed/ too: the stamp names the exact set of tables the pages were built from
    "processed",
    "sources",
    "sources.csv",
    "curation.yml",
    "hypotheses.yml",
    "judgments.yml",
    "references.yml",
    "taxonomy.yml",
    "cleaning.yml",
)
TITLE = "Russia and Iran: the briefing"
CACHE_DIR = paths.PROJ_ROOT / "build" / "cache" / "notebooks"  # executed notebooks, by a hash of their inputs
CODE_DIR = Path(__file__).resolve().parents[1]  # helpers/: the code and templates every notebook runs on
BUILT_MARK = "BUILT-AT-7f3e9c"  # where a cached page's build time goes
CACHE_KEPT = 4  # executed copies kept per notebook: a few scopes and data folders side by side
# jsonschema (via nbformat, which plotly imports inside a kernel) compiles the grammars of the optional
# rfc3987_syntax package on import: seconds per kernel, spent on URL formats no notebook here checks.
KERNEL_START = "import sys; sys.modules.setdefault('rfc3987_syntax', None)"


class OfflineOutputs(Preprocessor):
    """Outputs that work with no kernel and no network.

    A widget view gives way to the HTML fallback beside it (nbconvert would otherwise prefer the
    dead widget); the ~1 MB DataTables bundle is kept once per page; widget state is dropped so
    the template asks for no widget manager.
    """

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        self._bundle_seen, self._chart_ids = False, set()
        return super().preprocess(nb, resources)

    def _unique_ids(self, html: str) -> str:
        """Chart and table ids come from content, so two notebooks merged can share one: later ones
        get a suffix. An id appears quoted, as a CSS selector (#id) and as a prefix (id_fallback)."""
        here = CHART_ID.findall(html) + TABLE_ID.findall(html)
        renamed = {}
        for old in here:
            new, n = old, 1
            while new in self._chart_ids or (new != old and new in here):
                new, n = f"{old}-{n}", n + 1
            self._chart_ids.add(new)
            if new != old:
                renamed[old] = new
        if not renamed:
            return html
        names = "|".join(re.escape(old) for old in sorted(renamed, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])({names})(?=_fallback(?![\w-])|(?![\w-]))")
        return pattern.sub(lambda m: renamed[m.group(1)], html)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        kept = []
        for output in cell.outputs:
            data = output.get("data", {})
            if WIDGET in data:
                del data[WIDGET]
                data.setdefault("text/html", NO_KERNEL)
            if ITABLES_BUNDLE in data.get("text/html", ""):
                if self._bundle_seen:
                    continue
                self._bundle_seen = True
            if "text/html" in data:
                data["text/html"] = self._unique_ids(data["text/html"])
            kept.append(output)
        cell.outputs = kept
        return cell, resources


def exporter() -> HTMLExporter:
    """nbconvert's lab exporter, configured for pages that need no network and show no code."""
    c = Config()
    c.HTMLExporter.update(
        template_name="briefing",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        require_js_url="",
        mathjax_url="",
        widget_renderer_url="",
        mermaid_js_url="",
        mermaid_layout_elk_js_url="",
        embed_images=True,
        preprocessors=[OfflineOutputs],
        filters={"html_text": html_text},
    )
    c.CSSHTMLHeaderPreprocessor.enabled = False  # pygments styles code, and no code is shown
    c.TagRemovePreprocessor.update(
        enabled=True,
        remove_cell_tags={"remove_cell"},
        remove_input_tags={"remove_input"},
        remove_all_outputs_tags={"remove_output"},
    )
    return HTMLExporter(config=c)


def export(nb, page: dict) -> str:
    """One notebook node to one self-contained page; `page` feeds the header and footer."""
    nb.metadata["title"] = page.get("tab") or page["title"]
    banner, packed = plotly_packed()
    resources = {"page": page, "plotly_banner": banner, "plotly_gz": packed, "page_js": page_js(), "csp": CSP}
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    return body


@functools.cache
def plotly_packed() -> tuple[str, str]:
    """plotly.js as a page carries it: its licence banner as text, the code gzipped (mtime 0, so the same
    bytes every build) in base64, 0.6 MB instead of 1.5 MB; briefing.js unpacks it once the page is read."""
    code = plotly_js()
    banner = re.match(r"\s*/\*.*?\*/", code, re.S)
    packed = base64.b64encode(gzip.compress(code.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")
    return (banner.group(0).strip() if banner else ""), packed


def page_js() -> str:
    """The page's script for print and phones (templates/briefing/static/briefing.js), inlined: the CSP
    allows inline scripts only."""
    return (TEMPLATES / "briefing" / "static" / "briefing.js").read_text(encoding="utf-8").replace("</", "<\\/")


def jinja_env():
    """The index's and the deck's templates: every value shown goes through `escape.html_text`."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    def shown(value):
        return value if isinstance(value, Markup) else Markup(html_text(value))

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, finalize=shown)
    env.globals["csp"] = Markup(html_text(CSP))
    return env


# ---- scope, chapters, stamp ---------------------------------------------------------------


def heading(nb) -> str:
    """A notebook's title: the first `# ` line of its first markdown cell."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Untitled"


def narrative(nb) -> str:
    """The chapter's opening prose (its first markdown cell, heading dropped): speaker notes."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    return "\n".join(line for line in first.splitlines() if not line.startswith("# ")).strip()


def chapter_theme(path: Path, themes) -> str | None:
    """`03_military` -> `military` when that is a taxonomy theme; overview and explorer have none."""
    name = path.stem.split("_", 1)[-1]
    return name if name in themes else None


def scope_from_args(args, data: paths.DataDir) -> Scope:
    """A validated Scope; unknown themes or source ids and bad dates are the user's to fix."""
    themes = [t.strip() for t in (args.themes or "").split(",") if t.strip()]
    sources = [s.strip() for s in (args.sources or "").split(",") if s.strip()]
    known = list(load_taxonomy(data.taxonomy).themes)
    for theme in themes:
        if theme not in known:
            raise InputError(None, f"unknown theme {theme!r} (THEMES / --themes); choose from {', '.join(known)}")
    ids = sorted(load_sources(data.table("sources"))["source_id"]) if sources else []
    for source in sources:
        if source not in ids:
            raise InputError(None, f"unknown source id {source!r} (SOURCES / --sources); choose from {', '.join(ids)}")
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise InputError(
                None, f"SINCE / --since {args.since!r} is not a date; write it as YYYY-MM-DD, e.g. SINCE=2022-01-01"
            ) from None
    return Scope(themes=themes, sources=sources, since=since)


def slug(scope) -> str:
    """File-name part of a scoped report: `military-nuclear-since-2022-01-01`; '' for everything."""
    parts = scope.themes + scope.sources + ([f"since-{scope.since:%Y-%m-%d}"] if scope.since else [])
    text = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    return text if len(text) <= 80 else f"{text[:70].rstrip('-')}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def stamp(data_dir: Path) -> str:
    """SHA-256 (12 hex) over the processed tables, the corpus and the analysts' files, names included so renames count."""
    digest = hashlib.sha256()
    for name in STAMPED:
        path = data_dir / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and not file.name.startswith("."):
                digest.update(f"{file.relative_to(data_dir).as_posix()}\0".encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def data_dir_from(args) -> paths.DataDir:
    """The data folder to report on; the kernels read the same one through $BRIEFING_DATA_DIR."""
    data = paths.data_dir(args.data)
    if not data.table("claims").is_file():
        raise InputError(data.processed, f"has no claims.csv; run `python -m helpers build --data {data.root}` first")
    os.environ[paths.DATA_ENV] = str(data.root)
    return data


def kernel_env(scope: Scope) -> dict:
    """The environment a notebook runs in: the scope, plotly's renderer left to the notebooks."""
    return {k: v for k, v in os.environ.items() if k != "PLOTLY_RENDERER"} | {
        SCOPE_ENV: scope.model_dump_json(),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def briefing_page(scope: Scope, data: paths.DataDir) -> dict:
    """What the header and footer of each page of a briefing build print (the TOC is the briefing's own)."""
    page = page_context(scope, data)
    page.update(
        links=[("Index", "index.html")] + ([] if slug(scope) else [("Whole briefing", briefing_name(scope))]),
        title=briefing_title(scope),
    )
    return page


def briefing_name(scope: Scope) -> str:
    return f"briefing-{slug(scope)}.html" if slug(scope) else "briefing.html"


def page_context(scope: Scope, data: paths.DataDir) -> dict:
    """What every page's header and footer print: build date, scope, sources with their grade, stamp."""
    from helpers.present.briefing import Briefing

    briefing = Briefing(scope, data.root)
    rows = briefing.inventory().to_dict("records")
    return {
        "built": f"{datetime.now():%Y-%m-%d %H:%M}",
        "scope": scope.describe(briefing.titles),
        "sources": rows,
        "stamp": stamp(data.root),
        "stamped": [n for n in STAMPED if (data.root / n).exists()],
        "toc": [],
    }


# ---- the execution cache -------------------------------------------------------------------


def _hash_tree(digest, label: str, root: Path) -> None:
    """Every file under `root`, names included (so a rename counts), hidden files and bytecode left out."""
    for file in sorted(root.rglob("*")):
        parts = file.relative_to(root).parts
        if file.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in parts) and file.suffix != ".pyc":
            digest.update(f"{label}/{'/'.join(parts)}\0".encode())
            digest.update(file.read_bytes())
            digest.update(b"\0")


def cache_inputs(data: paths.DataDir, scope: Scope) -> str:
    """A hash of everything besides the notebook that can change what an executed notebook holds.

    The whole data folder (processed tables, analyst YAML and CSV, the articles), the helpers code and
    templates, the scope, the Python and package versions, and today's date (charts run "to today").
    Broader than any one notebook reads, so a cached copy is never stale, at the price of re-running
    a notebook now and then for a change it did not need.
    """
    digest = hashlib.sha256()
    _hash_tree(digest, "data", data.root)
    _hash_tree(digest, "helpers", CODE_DIR)
    for part in (str(data.root), scope.model_dump_json(), sys.version, *_versions(), date.today().isoformat()):
        digest.update(f"{part}\0".encode())
    return digest.hexdigest()


@functools.cache
def _versions() -> tuple[str, ...]:
    """Every installed distribution and its version (read once per process: 0.2 s)."""
    return tuple(sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()))


def cache_key(notebook: Path, inputs: str) -> str:
    """The key of one notebook's executed copy and page: the inputs and the notebook's own bytes."""
    return hashlib.sha256(f"{inputs}\0{notebook.name}\0".encode() + notebook.read_bytes()).hexdigest()[:24]


def from_cache(path: Path) -> str | None:
    """The text cached at `path` (an executed notebook or an exported page), or None; marks it recently used."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    os.utime(path)
    return text


def to_cache(path: Path, text: str) -> None:
    """Keep `text` at `path` (written atomically), and only the CACHE_KEPT most recent copies of that name."""
    write_atomically({path: text})
    stem = path.name.rsplit("-", 1)[0]
    copies = [p for p in path.parent.glob(f"{stem}-*{path.suffix}") if p.name.rsplit("-", 1)[0] == stem]
    copies.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[CACHE_KEPT:]:
        old.unlink(missing_ok=True)


# ---- execute (in worker processes) and merge ----------------------------------------------


def run_notebook(path: str, env: dict) -> dict:
    """Execute one notebook in its own kernel (in a worker process); the notebook comes back as JSON."""
    from nbclient import NotebookClient

    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    try:  # the kernel's stderr is only IPKernelApp's TCP warning; cell errors come back in the reply
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(Path(path).parent)}},
            extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_START}"],
        ).execute(env=env, stderr=subprocess.DEVNULL)
    except Exception as exc:  # noqa: BLE001 - reported as one line by the parent
        return {"path": path, "error": str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)}
    return {"path": path, "nb": nbformat.writes(nb), "ran": time.perf_counter() - start}


def export_page(nb_json: str, page: dict) -> str:
    """One notebook's own page, exported in a worker while the parent merges the briefing."""
    nb = nbformat.reads(nb_json, as_version=4)
    return export(nb, dict(page, tab=heading(nb)))


def merge(notebooks: list) -> nbformat.NotebookNode:
    """One notebook from many: cells in reading order, ids prefixed so anchors stay unique."""
    merged = nbformat.v4.new_notebook(metadata=dict(notebooks[0][1].metadata))
    for stem, nb in notebooks:
        for i, cell in enumerate(nb.cells):
            cell = copy.deepcopy(cell)
            cell.id = f"ch-{stem}" if i == 0 else f"{stem}-{i}"
            merged.cells.append(cell)
    return merged


def update_index(out: Path, entries: dict) -> None:
    """index.html from a manifest of what this folder holds, so scoped runs add to it."""
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest.update(entries)
    manifest = {k: v for k, v in sorted(manifest.items()) if (out / k).exists()}
    write_atomically(
        {
            out / "index.html": jinja_env().get_template("index.html.j2").render(entries=manifest),
            manifest_path: json.dumps(manifest, indent=1),
        }
    )


def build_briefing(args) -> int:
    """Write the briefing, its pages and the index, executing only the notebooks whose inputs changed.

    Executed notebooks and exported pages are cached under CACHE_DIR by a hash of their inputs
    (`cache_inputs`, `cache_key`); a page is cached with a mark where its build time goes.
    """
    data = data_dir_from(args)
    scope = scope_from_args(args, data)
    themes = list(load_taxonomy(data.taxonomy).themes)
    chosen = [
        p
        for p in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
        if not scope.themes or chapter_theme(p, themes) in (None, *scope.themes)
    ]
    name = briefing_name(scope)
    out = Path(args.out).resolve()
    start, fresh = time.perf_counter(), getattr(args, "no_cache", False)
    inputs = cache_inputs(data, scope)
    keys = {p.stem: cache_key(p, inputs) for p in chosen}
    executed = {stem: CACHE_DIR / f"{stem}-{key}.ipynb" for stem, key in keys.items()}
    cached_pages = {} if slug(scope) else {stem: CACHE_DIR / f"{stem}-{key}.html" for stem, key in keys.items()}
    whole = hashlib.sha256(f"{name}\0{' '.join(keys.values())}".encode()).hexdigest()[:24]
    cached_briefing = CACHE_DIR / f"{Path(name).stem}-{whole}.html"
    html = {} if fresh else {p: text for p in [cached_briefing, *cached_pages.values()] if (text := from_cache(p))}
    missing = [stem for stem, path in cached_pages.items() if path not in html]  # pages to export
    needed = chosen if cached_briefing not in html else [p for p in chosen if p.stem in missing]
    notebooks = {} if fresh else {p.stem: nb for p in needed if (nb := from_cache(executed[p.stem]))}
    to_run = [p for p in needed if p.stem not in notebooks]
    reused = [p.stem for p in chosen if p not in to_run]
    print(
        f"Executing {len(to_run)} of {len(chosen)} notebooks"
        + (f", reusing {', '.join(reused)} from {os.path.relpath(CACHE_DIR)}" if reused else "")
        + f"; scope: {scope.describe()}",
        file=sys.stderr,
    )
    if needed:
        status = execute(to_run, notebooks, scope, start, args.jobs)
        if status:
            return status
        same = cache_inputs(data, scope) == inputs  # nothing but the notebooks may change while they run
        for p in to_run if same else []:
            if cache_key(p, inputs) == keys[p.stem]:
                to_cache(executed[p.stem], notebooks[p.stem])
        pages, briefing = export_all(chosen, notebooks, scope, data, missing, cached_briefing not in html)
        if cache_inputs(data, scope) == inputs:  # nothing changed while the pages were made
            for stem, text in pages.items():
                to_cache(cached_pages[stem], text)
            if briefing is not None:
                to_cache(cached_briefing, briefing)
        html.update({cached_pages[stem]: text for stem, text in pages.items()})
        if briefing is not None:
            html[cached_briefing] = briefing
    built = f"{datetime.now():%Y-%m-%d %H:%M}"
    files = {out / name: html[cached_briefing]} | {out / f"{s}.html": html[p] for s, p in cached_pages.items()}
    out.mkdir(parents=True, exist_ok=True)
    write_atomically({path: text.replace(BUILT_MARK, html_text(built)) for path, text in files.items()})
    about = {"scope": scope.describe(), "built": built, "stamp": stamp(data.root)}
    written = {name: dict(about, kind="briefing", title=briefing_title(scope))}
    for p in chosen if cached_pages else []:
        written[f"{p.stem}.html"] = dict(about, kind="chapter", title=heading(nbformat.read(p, as_version=4)))
    update_index(out, written)
    print(
        f"Wrote {out / name}, {len(written) - 1} notebook pages and index.html in {time.perf_counter() - start:.1f} s "
        f"({len(to_run)} executed, {len(chosen) - len(to_run)} reused)",
        file=sys.stderr,
    )
    if getattr(args, "pdf", False):
        build_pdf(out, name, about["stamp"])
    return 0


def execute(to_run, notebooks: dict, scope: Scope, start: float, jobs: int | None) -> int:
    """Execute `to_run` (one kernel per core), adding each notebook's JSON to `notebooks`; 1 on a failure."""
    if not to_run:
        return 0
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
    env = kernel_env(scope)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_notebook, str(p), env) for p in to_run]
        for done, future in enumerate(as_completed(futures), start=1):
            r = future.result()
            stem = Path(r["path"]).stem
            if "error" in r:
                for f in futures:
                    f.cancel()
                print(
                    f"error: notebooks/{stem}.ipynb failed: {r['error']}; run it in JupyterLab to see where",
                    file=sys.stderr,
                )
                return 1
            notebooks[stem] = r["nb"]
            print(
                f"  [{done}/{len(to_run)}] {stem}: executed in {r['ran']:.1f} s "
                f"(at {time.perf_counter() - start:.1f} s)",
                file=sys.stderr,
            )
    return 0


def briefing_title(scope: Scope) -> str:
    return TITLE + (f" ({scope.describe()})" if slug(scope) else "")


def export_all(chosen, notebooks: dict, scope, data, missing: list, merged: bool):
    """The pages of `missing` (in worker processes) and, when `merged`, the briefing (here), with
    BUILT_MARK where the build time goes."""
    page = dict(briefing_page(scope, data), built=BUILT_MARK)
    plotly_packed()  # once, before the workers fork
    with ProcessPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, len(missing)))) as pool:
        futures = {stem: pool.submit(export_page, notebooks[stem], page) for stem in missing}
        briefing = None
        if merged:
            nbs = [(p.stem, nbformat.reads(notebooks[p.stem], as_version=4)) for p in chosen]
            briefing = export(merge(nbs), dict(page, toc=[(f"cell-id=ch-{s}", heading(nb)) for s, nb in nbs]))
        return {stem: f.result() for stem, f in futures.items()}, briefing


# ---- PDF: the briefing printed by Debian's headless Chromium ------------------------------

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))  # never a downloaded browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DRAW_ALL = "() => window.briefingDrawAll && window.briefingDrawAll()"  # defined by briefing.js
CHARTS_DRAWN = """() => [...document.querySelectorAll('.plotly-graph-div')].every(g => g._fullLayout)
    && document.querySelectorAll('table[id^=itables]:not(.dataTable)').length === 0"""
PDF_FOOTER = (
    '<div style="font: 7pt sans-serif; color: #555; width: 100%; padding: 0 14mm; display: flex; '
    'justify-content: space-between"><span>{title} · stamp {stamp}</span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


def write_pdf(html: Path, pdf: Path, stamp_: str = "") -> int:
    """Print `html` to `pdf` (A4) with the page's print CSS and `briefingPrint()`, offline: every request
    that is not a file is aborted. Returns the number of outside requests that were blocked."""
    if not CHROMIUM.exists():
        raise InputError(CHROMIUM, "no Chromium here; install it with `apt-get install -y chromium` (or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    blocked = []

    def route(r):
        if r.request.url.startswith("file:"):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.route("**/*", route)
            page.goto(html.resolve().as_uri())
            page.evaluate(DRAW_ALL)  # charts off screen wait to be scrolled to; paper needs them all
            page.wait_for_function(CHARTS_DRAWN, timeout=120_000)
            page.emulate_media(media="print")
            page.evaluate("() => window.briefingPrint && window.briefingPrint()")
            footer = PDF_FOOTER.format(title=html_text(TITLE), stamp=html_text(stamp_))
            data = page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
            )
        finally:
            browser.close()
    write_atomically({pdf: data})
    return len(blocked)


def build_pdf(out: Path, name: str, stamp_: str) -> None:
    """`--pdf`: the briefing just written, printed to <name>.pdf beside it."""
    start = time.perf_counter()
    pdf = out / Path(name).with_suffix(".pdf")
    blocked = write_pdf(out / name, pdf, stamp_)
    print(
        f"Wrote {pdf} in {time.perf_counter() - start:.1f} s"
        + (f" ({blocked} outside requests blocked)" if blocked else ""),
        file=sys.stderr,
    )
