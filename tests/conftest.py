"""Shared fixtures: a throw-away copy of data/ to build into, and a place to report metrics."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import paths
from helpers.pipeline import Settings

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


def pytest_terminal_summary(terminalreporter):
    if METRICS:
        terminalreporter.section("tagging and cleaning metrics")
        for name, line in sorted(METRICS.items()):
            terminalreporter.write_line(f"{name}: {line}")
