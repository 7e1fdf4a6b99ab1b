"""Notebooks are committed without outputs; processed data carries no contact details."""

import json

import pytest

from helpers import paths
from helpers.text.patterns import EMAIL, HANDLE, PHONE, URL

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    dirty = [
        i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("name", ["sources.csv", "claims.csv", "events.csv"])
def test_processed_data_has_no_contact_details(name):
    text = (paths.PROCESSED_DIR / name).read_text(encoding="utf-8")
    for pattern in (EMAIL, PHONE, URL, HANDLE):
        assert not pattern.search(text), f"{name}: {pattern.search(text).group(0)!r}"
