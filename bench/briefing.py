"""Benchmark the HTML briefing: build time against a floor, rebuilds from the cache, size, drawing time.

The floor is what any export of this many notebooks costs: the same number of notebooks that only
import pandas, plotly and ipywidgets and draw one chart, run one after another with
`jupyter nbconvert --to html --execute`, measured in the same run on the same machine (`--no-floor`
skips it). Builds: every notebook executed (`--no-cache`), nothing changed (all from the cache), and
one notebook changed (its cached copy, its page and the merged briefing removed from the cache, which
is what a change to it amounts to). `make briefing` with nothing changed is timed too (its data step
included). Drawing, in headless Chromium with the network cut, 1300 x 900, a fresh page each time,
median of 5; charts off screen wait to be scrolled to, so "last chart" is measured two ways:

- first screen: navigation start until the page is parsed and every chart in the first screen is drawn;
- every chart, scrolled through: then each chart scrolled into view in turn, until the last is drawn
  (and the longest a chart took to appear once scrolled to);
- every chart, at once: the first screen, then `briefingDrawAll()` (what printing does).

The machine's load average is recorded before and after: on a shared machine the figures vary.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil

from helpers.publish.report import CACHE_DIR, plotly_packed
from helpers.publish.vendor import plotly_js

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOADS = 5
TARGETS = {
    "build_ratio": 1.5,
    "briefing_mb": 3.0,
    "first_screen_s": 1.0,
    "last_chart_s": 1.5,
    "no_change_s": 3.0,
    "one_change_s": 8.0,
}
CHANGED = "04_nuclear"  # the notebook whose change the one-notebook rebuild stands for
FIRST_SCREEN = """() => { const g = [...document.querySelectorAll('.plotly-graph-div')]
        .filter(d => d.getBoundingClientRect().top < innerHeight && d.getBoundingClientRect().bottom > 0);
    return document.querySelector('.briefing-footer') && g.every(d => d.querySelector('.main-svg'))
        && performance.now(); }"""
SCROLLED = """async () => { const frame = () => new Promise(r => requestAnimationFrame(r)); let wait = 0;
    for (const g of document.querySelectorAll('.plotly-graph-div')) {
        const asked = performance.now(); g.scrollIntoView();
        while (!g.querySelector('.main-svg')) await frame();
        wait = Math.max(wait, performance.now() - asked); }
    return [performance.now(), wait]; }"""
AT_ONCE = """async () => { await window.briefingDrawAll();
    await new Promise(r => requestAnimationFrame(r));
    const g = [...document.querySelectorAll('.plotly-graph-div')];
    return g.every(d => d.querySelector('.main-svg')) && performance.now(); }"""


def floor_seconds(folder: Path, n: int) -> float:
    cells = [
        nbformat.v4.new_code_cell("import pandas as pd\nimport plotly.express as px\nimport ipywidgets as W"),
        nbformat.v4.new_code_cell('px.bar(pd.DataFrame({"x": list("abc"), "y": [1, 2, 3]}), x="x", y="y")'),
    ]
    folder.mkdir()
    start = time.perf_counter()
    for i in range(n):
        path = folder / f"floor_{i}.ipynb"
        nbformat.write(
            nbformat.v4.new_notebook(
                cells=cells,
                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            ),
            path,
        )
        subprocess.run(
            [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute", str(path)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


def draw_seconds(page_path: Path) -> dict[str, list[float]]:
    """Navigation start to the first screen drawn, then to every chart drawn (scrolled through, or at once)."""
    from playwright.sync_api import sync_playwright

    times = {"first_screen": [], "scrolled": [], "slowest_chart": [], "at_once": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for _ in range(LOADS):
            for way, script in (("scrolled", SCROLLED), ("at_once", AT_ONCE)):
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                page.goto(page_path.as_uri(), wait_until="commit")
                first = page.wait_for_function(FIRST_SCREEN, polling="raf", timeout=60_000).json_value() / 1000
                if way == "scrolled":
                    times["first_screen"].append(first)
                done = page.evaluate(script)
                if way == "scrolled":
                    done, slowest = done
                    times["slowest_chart"].append(slowest / 1000)
                times[way].append(done / 1000)
                page.close()
        browser.close()
    return times


def timed(*command: str) -> float:
    start = time.perf_counter()
    subprocess.run(list(command), cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def builds(out: Path, make: bool) -> dict[str, float]:
    """Every notebook executed, then nothing changed, then one notebook changed; `make briefing` unchanged."""
    briefing = [sys.executable, "-m", "helpers", "briefing", "--out", str(out)]
    result = {"full_s": timed(*briefing, "--no-cache"), "no_change_s": timed(*briefing)}
    for stale in [*CACHE_DIR.glob(f"{CHANGED}-*"), *CACHE_DIR.glob("briefing-*.html")]:
        stale.unlink()
    result["one_change_s"] = timed(*briefing)
    if make:
        timed("make", "briefing")  # once to bring the data step and reports/ up to date
        result["make_no_change_s"] = timed("make", "briefing")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-floor", action="store_true", help="skip the floor (9 notebooks through nbconvert)")
    parser.add_argument("--no-make", action="store_true", help="skip `make briefing` (it may set up .venv first)")
    args = parser.parse_args()
    machine = (
        f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}"
    )
    load_before = os.getloadavg()
    n = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        floor = None
        if not args.no_floor:
            print(
                f"Floor: {n} one-chart notebooks through `jupyter nbconvert --to html --execute` ...", file=sys.stderr
            )
            floor = floor_seconds(Path(tmp) / "floor", n)
        print("Briefing: python -m helpers briefing, from scratch and from the cache ...", file=sys.stderr)
        built = builds(out, make=not args.no_make)
        size, plotly_size = (out / "briefing.html").stat().st_size, len(plotly_packed()[1])
        print("Drawing in Chromium ...", file=sys.stderr)
        draws = draw_seconds(out / "briefing.html") if CHROMIUM.exists() else {}
    load_after = os.getloadavg()
    median = {way: round(statistics.median(t), 2) for way, t in draws.items()}
    result = {
        "machine": machine,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "notebooks": n,
        **{k: round(v, 1) for k, v in built.items()},
        "floor_s": round(floor, 1) if floor else None,
        "build_ratio": round(built["full_s"] / floor, 2) if floor else None,
        "briefing_bytes": size,
        "plotly_js_bytes": plotly_size,
        "draw_median_s": median,
        "draw_runs_s": {way: [round(x, 2) for x in t] for way, t in draws.items()},
        "targets": TARGETS,
    }
    na = "no browser"
    print(f"\nBriefing benchmark on {machine}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n")
    print("| measure | value | target |\n|---|---:|---:|")
    print(f"| build, every notebook executed ({n}, `--no-cache`) | {built['full_s']:.1f} s | |")
    if floor:
        print(f"| floor: {n} one-chart notebooks, nbconvert one by one | {floor:.1f} s | |")
        print(f"| build / floor | {built['full_s'] / floor:.2f} | ≤ {TARGETS['build_ratio']} |")
    print(f"| build, nothing changed | {built['no_change_s']:.1f} s | |")
    if "make_no_change_s" in built:
        print(
            f"| `make briefing`, nothing changed | {built['make_no_change_s']:.1f} s | ≤ {TARGETS['no_change_s']} s |"
        )
    print(
        f"| build, one notebook changed ({CHANGED}) | {built['one_change_s']:.1f} s | ≤ {TARGETS['one_change_s']} s |"
    )
    print(f"| briefing.html | {size / 1e6:.2f} MB | ≤ {TARGETS['briefing_mb']} MB |")
    print(
        f"| of which plotly.js (cartesian partial bundle, {len(plotly_js().encode()) / 1e6:.2f} MB), "
        f"gzipped in base64 | {plotly_size / 1e6:.2f} MB | |"
    )
    for way, label, target in (
        ("first_screen", "first screen drawn", TARGETS["first_screen_s"]),
        ("scrolled", "every chart drawn, scrolled through chart by chart", TARGETS["last_chart_s"]),
        ("slowest_chart", "longest wait for a chart scrolled to", TARGETS["last_chart_s"]),
        ("at_once", "every chart drawn at once (as for print)", TARGETS["last_chart_s"]),
    ):
        value = f"{median[way]:.2f} s" if way in median else na
        print(f"| {label} (median of {LOADS}) | {value} | ≤ {target} s |")
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "briefing.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
