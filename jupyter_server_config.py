"""Jupyter server config for `make lab`: notebooks/ is saved without outputs.

JupyterLab autosaves the open notebook every couple of minutes. Without this hook it
writes cell outputs, execution counts and widget state into notebooks/*.ipynb, which
dirties git and fails tests/test_notebooks.py (notebooks are committed without outputs).

The hook strips them from the file written to disk only: the notebook open in the
browser keeps its outputs until it is reloaded. Notebooks in notebooks/local/ (the
gitignored scratch folder) and anywhere outside notebooks/ are saved as they are.

Loaded with `jupyter lab --config=jupyter_server_config.py notebooks/`; it is also plain
Python, so the functions below can be imported and tested.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
SCRATCH_DIR = NOTEBOOKS_DIR / "local"


def is_committed_notebook(os_path: str | os.PathLike) -> bool:
    """True for a .ipynb under notebooks/ but not under notebooks/local/.

    Decided on the absolute path, not the API path, because `make lab` serves
    notebooks/ itself (the API path is then "00_overview.ipynb", not "notebooks/...").
    """
    path = Path(os_path).resolve()
    return path.suffix == ".ipynb" and path.is_relative_to(NOTEBOOKS_DIR) and not path.is_relative_to(SCRATCH_DIR)


def strip_notebook(nb: dict) -> dict:
    """Clear code cells' outputs and execution counts and drop saved widget state, in place."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    return nb


def strip_outputs_pre_save_hook(model: dict, path: str, contents_manager, **kwargs) -> None:
    """ContentsManager.pre_save_hook: strip committed notebooks before they are written.

    `path` is relative to the contents manager's root_dir; the model is edited in place.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    root_dir = getattr(contents_manager, "root_dir", None)
    if root_dir and is_committed_notebook(os.path.join(root_dir, path.strip("/"))):
        strip_notebook(model["content"])


if "get_config" in globals():  # run by traitlets as a config file (not imported)
    c = get_config()  # noqa: F821
    c.FileContentsManager.pre_save_hook = strip_outputs_pre_save_hook
