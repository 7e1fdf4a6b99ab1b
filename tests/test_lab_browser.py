"""The explorer in a real JupyterLab: run 08_explorer, change the source filter, see it respond.

The notebook is copied to a temporary folder that JupyterLab serves, so running it there never
writes outputs into the committed notebook.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import load_sources, paths

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 with a token, serving a copy of 08_explorer."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(paths.NOTEBOOKS_DIR / "08_explorer.ipynb", served / "08_explorer.ipynb")
    settings = tmp_path / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port, token = _free_port(), secrets.token_hex(16)
    log = tmp_path / "lab.log"
    env = {
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={served}",
            "--ServerApp.open_browser=False",
            "--allow-root",
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"jupyter lab did not start: {log.read_text()[-2000:]}")
            time.sleep(0.5)
    yield f"{base}/lab/tree/08_explorer.ipynb?token={token}"
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _count(page) -> tuple[int, int]:
    text = page.locator(".claim-explorer .ce-count").inner_text()
    shown, total = re.match(r"([\d,]+) of ([\d,]+) claims", text).groups()
    return int(shown.replace(",", "")), int(total.replace(",", ""))


def _chart_total(page) -> int:
    """Claims counted by the explorer's theme-by-stance bars, read from plotly's own data."""
    return page.evaluate("""() => {
        const gd = document.querySelector('.claim-explorer .js-plotly-plot');
        return gd.data.filter(t => t.orientation === 'h')
                      .reduce((sum, t) => sum + Array.from(t.x || []).reduce((a, b) => a + b, 0), 0);
    }""")


def test_explorer_responds_to_the_source_filter_in_jupyterlab(lab, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _run_and_filter(page, lab)
    except Exception:
        paths.REPORTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(paths.REPORTS_DIR / "lab-explorer-failure.png"), full_page=True)
        raise
    assert not errors, errors


def _run_and_filter(page, lab: str) -> None:
    page.goto(lab)
    page.locator(".jp-Notebook").wait_for(timeout=60_000)
    dialog = page.locator(".jp-Dialog")
    try:  # JupyterLab may ask which kernel to start; the notebook's own is preselected
        dialog.wait_for(timeout=10_000)
        dialog.get_by_role("button", name="Select", exact=True).click()
    except PlaywrightTimeout:
        pass
    page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).wait_for(timeout=60_000)

    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    page.locator(".claim-explorer .ce-count").wait_for(timeout=90_000)
    page.locator(".claim-explorer .js-plotly-plot .main-svg").first.wait_for(timeout=60_000)

    shown, total = _count(page)
    assert shown == total > 0
    page.wait_for_function(
        "() => document.querySelector('.claim-explorer .js-plotly-plot').data.some(t => t.x && t.x.length)",
        timeout=30_000,
    )
    assert _chart_total(page) == total

    sources = load_sources().sort_values("source_id")
    title = sources["title"].iloc[0]
    page.locator(".claim-explorer .ce-sources select").select_option(label=title)
    page.wait_for_function(
        f"() => !document.querySelector('.claim-explorer .ce-count').innerText.startsWith('{total:,}')", timeout=30_000
    )
    narrowed, same_total = _count(page)
    assert same_total == total and 0 < narrowed < total
    page.wait_for_function(
        f"""() => document.querySelector('.claim-explorer .js-plotly-plot').data
        .filter(t => t.orientation === 'h')
        .reduce((s, t) => s + Array.from(t.x || []).reduce((a, b) => a + b, 0), 0) === {narrowed}""",
        timeout=30_000,
    )
    rows = page.locator(".claim-explorer .ce-table tbody tr").count()
    assert rows == min(narrowed, 200)
    paths.REPORTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(paths.REPORTS_DIR / "lab-explorer.png"), full_page=True)
