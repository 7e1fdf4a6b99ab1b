"""`make lab` saves notebooks/ without outputs: the repo's jupyter_server_config.py pre-save hook.

The config file is loaded with traitlets, as `jupyter lab --config=...` does, and applied to
jupyter_server's FileContentsManager, whose save() is what JupyterLab's save and autosave call.
Everything happens in a temporary copy of the repo layout; no server or browser is started.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

# jupyter_server re-runs the pre_save_hook validator after config loading, which warns that the
# hook "overrides" itself; harmless, and `jupyter lab` prints it once at start-up too.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding existing pre_save_hook:UserWarning")

REPO = Path(__file__).resolve().parents[1]
REPO_CONFIG = REPO / "jupyter_server_config.py"
NOTEBOOK = "08_explorer.ipynb"  # the widget notebook: code cells and, once run, widget state
WIDGET_STATE = {
    "application/vnd.jupyter.widget-state+json": {
        "version_major": 2,
        "version_minor": 0,
        "state": {
            "abc123": {
                "model_name": "LayoutModel",
                "model_module": "@jupyter-widgets/base",
                "model_module_version": "2.0.0",
                "state": {},
            }
        },
    }
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repo layout: the config file at the root, one real notebook in notebooks/."""
    shutil.copy(REPO_CONFIG, tmp_path / REPO_CONFIG.name)
    (tmp_path / "notebooks" / "local").mkdir(parents=True)
    shutil.copy(REPO / "notebooks" / NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK)
    return tmp_path


def contents_manager(repo: Path, root: str) -> FileContentsManager:
    """A FileContentsManager configured from the repo's config file, serving repo/root."""
    config = PyFileConfigLoader(REPO_CONFIG.name, path=str(repo)).load_config()
    # Keep notebook signing (done on every save) away from the user's ~/.local/share/jupyter.
    config.merge(Config({"NotebookNotary": {"db_file": ":memory:", "secret": b"test-only"}}))
    return FileContentsManager(root_dir=str(repo / root), config=config)


def run_notebook(source: Path) -> nbformat.NotebookNode:
    """The notebook as JupyterLab holds it after running: outputs, counts and widget state."""
    nb = nbformat.read(source, as_version=4)
    for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text="loaded 1,234 claims\n"),
            nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=count),
        ]
    nb.metadata["widgets"] = copy.deepcopy(WIDGET_STATE)
    return nb


def save(cm: FileContentsManager, api_path: str, nb: nbformat.NotebookNode) -> dict:
    """Save as JupyterLab does (PUT /api/contents/<path> ends in cm.save) and read the file back."""
    cm.save({"type": "notebook", "format": "json", "content": copy.deepcopy(nb)}, api_path)
    return json.loads((Path(cm.root_dir) / api_path).read_text(encoding="utf-8"))


def test_config_sets_the_pre_save_hook(repo):
    cm = contents_manager(repo, "")
    assert cm.pre_save_hook is not None, "jupyter_server_config.py does not set FileContentsManager.pre_save_hook"
    assert cm.pre_save_hook.__name__ == "strip_outputs_pre_save_hook"


# "" serves the repo root; "notebooks" is what `make lab` serves (jupyter lab ... notebooks/).
@pytest.mark.parametrize("root", ["", "notebooks"], ids=["root=repo", "root=notebooks"])
def test_saving_a_committed_notebook_strips_outputs(repo, root, caplog):
    ran = run_notebook(repo / "notebooks" / NOTEBOOK)
    assert any(c.get("outputs") for c in ran.cells)  # the model really has something to strip
    api_path = str((repo / "notebooks" / NOTEBOOK).relative_to(repo / root))

    saved = save(contents_manager(repo, root), api_path, ran)

    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert code, f"{NOTEBOOK} has no code cells to check"
    assert [c["outputs"] for c in code] == [[]] * len(code), "outputs were written to a committed notebook"
    assert [c["execution_count"] for c in code] == [None] * len(code), "execution counts were written"
    assert "widgets" not in saved["metadata"], "widget state was written"
    on_disk = nbformat.reads(json.dumps(saved), as_version=4)  # sources joined back from lists of lines
    assert [c.source for c in on_disk.cells] == [c.source for c in ran.cells], "cell sources changed"
    assert saved["metadata"]["kernelspec"] == ran.metadata["kernelspec"], "other metadata was dropped"
    nbformat.validate(nbformat.from_dict(saved))
    # Stripped, the run notebook is the committed notebook again, so git sees no change.
    assert saved == json.loads((REPO / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    assert "Pre-save hook" not in caplog.text  # jupyter_server logs, and swallows, hook errors


@pytest.mark.parametrize(
    "api_path", ["notebooks/local/scratch.ipynb", "scratch.ipynb"], ids=["notebooks-local", "outside-notebooks"]
)
def test_saving_elsewhere_keeps_outputs(repo, api_path):
    ran = run_notebook(repo / "notebooks" / NOTEBOOK)

    saved = save(contents_manager(repo, ""), api_path, ran)

    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert all(len(c["outputs"]) == 2 for c in code), "scratch outputs were stripped"
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert saved["metadata"]["widgets"] == WIDGET_STATE
