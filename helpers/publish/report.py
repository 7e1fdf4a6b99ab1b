"""Offline HTML reports: execute the notebooks once, in parallel, and export them with nbconvert.

`python -m helpers briefing` writes reports/<notebook>.html, reports/briefing.html (every
notebook merged, no second execution) and reports/index.html; `slides` writes a reveal.js deck.
Pages name no remote URL: plotly.js is inlined once in <head> (chart outputs call it inline),
DataTables ships once per page, widgets show their HTML fallback. Every page carries a
Content-Security-Policy (`CSP`) that lets it fetch nothing, so a slip in escaping source text
still cannot reach the network. Element ids come from content: two builds of the same data
differ only in their build time. See `make help`.
"""

from __future__ import annotations

import copy
import hashlib
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
    body, _ = exporter().from_notebook_node(nb, resources={"page": page, "plotly_js": plotly_js(), "csp": CSP})
    return body


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
        title=TITLE + (f" ({scope.describe()})" if slug(scope) else ""),
    )
    return page


def briefing_name(scope: Scope) -> str:
    return f"briefing-{slug(scope)}.html" if slug(scope) else "briefing.html"


def page_context(scope: Scope, data: paths.DataDir) -> dict:
    """What every page's header and footer print: build date, scope, sources with their grade, stamp."""
    from helpers.present.briefing import Briefing

    rows = Briefing(scope, data.root).inventory().to_dict("records")
    return {
        "built": f"{datetime.now():%Y-%m-%d %H:%M}",
        "scope": scope.describe(),
        "sources": rows,
        "stamp": stamp(data.root),
        "stamped": [n for n in STAMPED if (data.root / n).exists()],
        "toc": [],
    }


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
    """Execute the notebooks (two kernels at a time) and write the briefing, its pages and the index."""
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
    env = kernel_env(scope)
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(chosen)))
    print(f"Executing {len(chosen)} notebooks on {jobs} workers; scope: {scope.describe()}", file=sys.stderr)
    start, results, pages = time.perf_counter(), {}, {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_notebook, str(p), env) for p in chosen]
        page = briefing_page(scope, data)  # while the kernels start
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
            results[stem] = nbformat.reads(r["nb"], as_version=4)
            if not slug(scope):  # a scoped run writes only its briefing
                pages[stem] = pool.submit(export_page, r["nb"], page)
            print(
                f"  [{done}/{len(chosen)}] {stem}: executed in {r['ran']:.1f} s "
                f"(at {time.perf_counter() - start:.1f} s)",
                file=sys.stderr,
            )
        notebooks = [(p.stem, results[p.stem]) for p in chosen]
        briefing = export(merge(notebooks), dict(page, toc=[(f"cell-id=ch-{s}", heading(nb)) for s, nb in notebooks]))
        pages = {stem: future.result() for stem, future in pages.items()}
    out.mkdir(parents=True, exist_ok=True)
    about = {"scope": page["scope"], "built": page["built"], "stamp": page["stamp"]}
    write_atomically({out / name: briefing} | {out / f"{stem}.html": html for stem, html in pages.items()})
    written = {name: dict(about, kind="briefing", title=page["title"])}
    for stem in pages:
        written[f"{stem}.html"] = dict(about, kind="chapter", title=heading(results[stem]))
    update_index(out, written)
    print(
        f"Wrote {out / name}, {len(written) - 1} notebook pages and index.html in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0
