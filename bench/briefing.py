"""Benchmark the HTML briefing: build time against a floor, file size against plotly.js, load time.

The floor is what any export of this many notebooks costs: the same number of notebooks that only
import pandas, plotly and ipywidgets and draw one chart, run one after another with
`jupyter nbconvert --to html --execute`, measured in the same run on the same machine.
"""

from __future__ import annotations

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
TARGETS = {"build_ratio": 1.5, "extra_mb": 2.0, "load_s": 3.0}
DRAWN = """() => { const g = [...document.querySelectorAll('.plotly-graph-div')];
    return document.querySelector('.briefing-footer') && g.length && g.every(d => d.querySelector('.main-svg'))
        && performance.now(); }"""


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


def load_seconds(page_path: Path) -> list[float]:
    """Navigation start to every chart drawn, network cut, a fresh page each time."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for _ in range(LOADS):
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(page_path.as_uri(), wait_until="commit")
            times.append(page.wait_for_function(DRAWN, polling="raf", timeout=60_000).json_value() / 1000)
            page.close()
        browser.close()
    return times


def main() -> None:
    machine = (
        f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}"
    )
    n = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        print(f"Floor: {n} one-chart notebooks through `jupyter nbconvert --to html --execute` ...", file=sys.stderr)
        floor = floor_seconds(Path(tmp) / "floor", n)
        print("Briefing: python -m helpers briefing ...", file=sys.stderr)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "helpers", "briefing", "--out", str(out)], cwd=ROOT, check=True)
        build = time.perf_counter() - start
        size, plotly_size = (out / "briefing.html").stat().st_size, len(plotly_js().encode("utf-8"))
        loads = load_seconds(out / "briefing.html") if CHROMIUM.exists() else []
    extra_mb = (size - plotly_size) / 1e6
    load = statistics.median(loads) if loads else None
    result = {
        "machine": machine,
        "notebooks": n,
        "build_s": round(build, 1),
        "floor_s": round(floor, 1),
        "build_ratio": round(build / floor, 2),
        "briefing_bytes": size,
        "plotly_js_bytes": plotly_size,
        "extra_mb": round(extra_mb, 2),
        "load_s": round(load, 2) if load else None,
        "load_runs_s": [round(t, 2) for t in loads],
        "targets": TARGETS,
    }
    print(f"\nBriefing benchmark on {machine}\n")
    print("| measure | value | target |\n|---|---:|---:|")
    print(f"| `make briefing` build ({n} notebooks) | {build:.1f} s | |")
    print(f"| floor: {n} one-chart notebooks, nbconvert one by one | {floor:.1f} s | |")
    print(f"| build / floor | {build / floor:.2f} | ≤ {TARGETS['build_ratio']} |")
    print(f"| briefing.html | {size / 1e6:.2f} MB | |")
    print(f"| plotly.js as embedded (cartesian partial bundle) | {plotly_size / 1e6:.2f} MB | |")
    print(f"| briefing.html − plotly.js | {extra_mb:.2f} MB | ≤ {TARGETS['extra_mb']} MB |")
    print(
        f"| load in Chromium to last chart drawn (median of {LOADS}) | "
        f"{f'{load:.2f} s' if load else 'no browser'} | ≤ {TARGETS['load_s']} s |"
    )
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "briefing.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
