"""The report builder's execution cache: a notebook runs again whenever anything it could read changed.

Unit tests change one input of each kind and watch the cache key move; one slow test builds a small
briefing (a one-cell notebook over a copy of data/) again and again, changing one input each time, and
checks from the progress line that the notebook ran again and from the page that it shows the new input.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers import paths
from helpers.analysis.filters import Scope
from helpers.cli import main
from helpers.publish import report


@pytest.fixture
def data(tmp_path) -> paths.DataDir:
    """A copy of data/ (tables, analyst files, articles) that a test may change."""
    shutil.copytree(paths.DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns(".*"))
    return paths.DataDir(tmp_path / "data")


@pytest.fixture
def code(tmp_path, monkeypatch) -> Path:
    """A stand-in for helpers/ (the real one is shared with other work): one module and one template."""
    folder = tmp_path / "helpers"
    (folder / "templates").mkdir(parents=True)
    (folder / "module.py").write_text("X = 1\n")
    (folder / "templates" / "page.js").write_text("let x = 1;\n")
    monkeypatch.setattr(report, "CODE_DIR", folder)
    return folder


def append(path: Path, text: str) -> None:
    path.write_bytes(path.read_bytes() + text.encode())


# ---- the key -----------------------------------------------------------------------------------


def test_the_real_code_folder_is_hashed():
    assert report.CODE_DIR == paths.PROJ_ROOT / "helpers"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d, c: append(d.table("claims"), "\n"), id="processed table"),
        pytest.param(lambda d, c: append(d.judgments, "# reviewed\n"), id="analyst yml"),
        pytest.param(lambda d, c: append(d.sources_meta, "\n"), id="sources.csv"),
        pytest.param(lambda d, c: (d.root / "taxonomy.yml").rename(d.root / "taxonomy-old.yml"), id="a rename"),
        pytest.param(lambda d, c: append(next(d.sources_dir.iterdir()), " "), id="an article"),
        pytest.param(lambda d, c: append(c / "module.py", "Y = 2\n"), id="helpers code"),
        pytest.param(lambda d, c: append(c / "templates" / "page.js", "x++;\n"), id="a template"),
    ],
)
def test_every_input_kind_changes_the_key(data, code, change):
    before = report.cache_inputs(data, Scope())
    assert report.cache_inputs(data, Scope()) == before, "the same inputs give the same key"
    change(data, code)
    assert report.cache_inputs(data, Scope()) != before


def test_scope_notebook_and_bytecode(data, code, tmp_path):
    inputs = report.cache_inputs(data, Scope())
    assert report.cache_inputs(data, Scope(themes=["nuclear"])) != inputs, "the scope"
    (code / "__pycache__").mkdir()
    (code / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"\0")
    assert report.cache_inputs(data, Scope()) == inputs, "bytecode is not an input"
    notebook = tmp_path / "00_x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), notebook)
    key = report.cache_key(notebook, inputs)
    assert report.cache_key(notebook, inputs[::-1]) != key
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("2")]), notebook)
    assert report.cache_key(notebook, inputs) != key


# ---- builds --------------------------------------------------------------------------------------

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
SIZES = """import os, pathlib
root = pathlib.Path(os.environ["BRIEFING_DATA_DIR"])
print("sizes", {name: (root / name).stat().st_size for name in ("processed/claims.csv", "judgments.yml")})"""


@pytest.mark.slow
def test_a_build_reruns_exactly_the_changed(data, code, tmp_path, monkeypatch, capsys):
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    notebooks.mkdir()
    notebook = notebooks / "00_sizes.ipynb"
    cells = [nbformat.v4.new_markdown_cell("# Sizes"), nbformat.v4.new_code_cell(SIZES)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=KERNEL), notebook)
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr(report, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setenv(paths.DATA_ENV, str(data.root))  # the CLI sets it for its kernels; undone after

    def build(*extra) -> tuple[str, str]:
        assert main(["briefing", "--data", str(data.root), "--out", str(out), *extra]) == 0
        said = capsys.readouterr().err
        ran = re.search(r"\((\d+) executed, (\d+) reused\)", said)
        assert ran, said
        page = (out / "00_sizes.html").read_text(encoding="utf-8")
        assert (out / "briefing.html").read_text(encoding="utf-8").count("sizes") >= 1
        return ("executed" if ran.group(1) == "1" else "reused"), page

    def shows_sizes(page: str) -> bool:
        sizes = [(data.root / name).stat().st_size for name in ("processed/claims.csv", "judgments.yml")]
        return all(f": {size}" in page for size in sizes)

    assert build()[0] == "executed"
    done, first = build()
    assert done == "reused" and shows_sizes(first)

    append(data.table("claims"), "\n")
    done, page = build()
    assert done == "executed" and shows_sizes(page), "processed data"
    append(data.judgments, "# reviewed\n")
    done, page = build()
    assert done == "executed" and shows_sizes(page), "analyst yml"
    append(code / "module.py", "Y = 2\n")
    assert build()[0] == "executed", "helpers code"
    cells.append(nbformat.v4.new_markdown_cell("Added below."))
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=KERNEL), notebook)
    done, page = build()
    assert done == "executed" and "Added below." in page, "the notebook"
    assert build()[0] == "reused"
    assert build("--no-cache")[0] == "executed"
    assert len(list((tmp_path / "cache").glob("00_sizes-*.ipynb"))) <= report.CACHE_KEPT
