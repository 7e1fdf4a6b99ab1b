"""Shared fixtures: a throw-away copy of data/ to build into, a headless browser, a place for metrics."""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers import paths
from helpers.build.pipeline import Settings

FIXTURES = Path(__file__).parent / "fixtures"
METRICS: dict[str, str] = {}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data/ folder with the real taxonomy and cleaning rules but no sources yet."""
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "processed").mkdir()
    for name in ("taxonomy.yml", "cleaning.yml", "curation.yml"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    return data


@pytest.fixture
def corpus_dir(data_dir: Path) -> Path:
    """data_dir holding the project's real sources and sources.csv."""
    for src in paths.SOURCES_DIR.iterdir():
        shutil.copy(src, data_dir / "sources" / src.name)
    shutil.copy(paths.SOURCES_META, data_dir / "sources.csv")
    return data_dir


def settings_for(data: Path) -> Settings:
    return Settings.for_data_dir(data, workers=1)


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% interval of a share measured on n items (Wilson score): with ~60 gold claims per half it is about
    +-12 points wide, which is what a tune/held-out gap has to be read against."""
    if not n:
        return (0.0, 1.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def share(hits: int, n: int) -> str:
    """'0.74 [0.65-0.81]': a measured share with its 95% interval."""
    low, high = wilson(hits, n)
    return f"{hits / n if n else float('nan'):.2f} [{low:.2f}-{high:.2f}]"


def pytest_terminal_summary(terminalreporter):
    if METRICS:
        terminalreporter.section("tagging and cleaning metrics")
        for name, line in sorted(METRICS.items()):
            terminalreporter.write_line(f"{name}: {line}")


# Browser tests drive Debian's Chromium by path (never a downloaded browser). CI sets
# REQUIRE_BROWSER=1 after installing it, so a missing browser fails there and skips elsewhere.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        message = f"no browser at {CHROMIUM}: apt-get install -y chromium to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def watch_offline(page):
    """Abort every request that is not a file: and count it in `page.outside`; collect console and page errors in
    `page.errors`. The reports must work with no network, so a test asserts both lists stay empty."""
    page.outside, page.errors = [], []

    def route(r):
        if r.request.url.startswith("file:"):
            return r.continue_()
        page.outside.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def pytest_configure(config):
    """Kernels that nbval starts skip compiling an optional URL grammar jsonschema never needs here.

    The report builder passes the same line to its kernels (helpers.publish.report.KERNEL_START);
    here an IPython startup file in a throw-away IPYTHONDIR does it, about a second per notebook.
    """
    from helpers.publish.report import KERNEL_START

    ipython_dir = Path(tempfile.mkdtemp(prefix="briefing-ipython-"))
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-skip-rfc3987.py").write_text(KERNEL_START + "\n", encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)
