"""One evidence base at a time: the tables are replaced as one set, builds and report builds never overlap,
and an interrupt leaves no temporary files, no half-swapped folder and no orphaned workers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from helpers import paths
from helpers.cli import main
from helpers.files import locked, recover_folder, replace_folder

pytestmark = pytest.mark.slow
ROOT = paths.PROJ_ROOT


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data, ignore=shutil.ignore_patterns(".lock"))
    assert main(["build", "--quiet", "--data", str(data)]) == 0
    return data


def test_replace_folder_swaps_the_whole_set(tmp_path):
    folder = tmp_path / "processed"
    replace_folder({"a.csv": "one\n", "b.csv": "one\n"}, folder)
    replace_folder({"a.csv": "two\n", "b.csv": "two\n"}, folder)
    assert _snapshot(folder) == {"a.csv": b"two\n", "b.csv": b"two\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"], "no staging or old folder left behind"


def test_replace_folder_writes_nothing_when_a_table_cannot_be_written(tmp_path):
    folder = tmp_path / "processed"
    replace_folder({"a.csv": "one\n"}, folder)

    class Unwritable:
        def __str__(self):
            raise OSError("disk full")

    with pytest.raises(TypeError):
        replace_folder({"a.csv": "two\n", "b.csv": Unwritable()}, folder)
    assert _snapshot(folder) == {"a.csv": b"one\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_a_swap_cut_short_is_put_back_before_the_next_build(built):
    before = _snapshot(built / "processed")
    os.rename(built / "processed", built / ".processed-old")  # as if the machine died between the two renames
    recover_folder(built / "processed")
    assert _snapshot(built / "processed") == before
    assert not (built / ".processed-old").exists()


def test_a_build_finds_and_repairs_a_swap_cut_short(built, capsys):
    before = _snapshot(built / "processed")
    os.rename(built / "processed", built / ".processed-old")
    assert main(["build", "--quiet", "--data", str(built)]) == 0
    assert _snapshot(built / "processed") == before and not (built / ".processed-old").exists()


def test_a_build_refuses_while_a_report_build_reads_the_folder(built, capsys):
    before = _snapshot(built / "processed")
    with locked(built, shared=True, doing="`make briefing`"):
        assert main(["build", "--quiet", "--data", str(built)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "a report build is using" in lines[0], lines
    assert _snapshot(built / "processed") == before


def test_a_report_build_refuses_while_a_build_writes(built, capsys, monkeypatch):
    monkeypatch.setenv(paths.DATA_ENV, str(built))
    with locked(built, shared=False, doing="`make data`"):
        assert main(["briefing", "--data", str(built), "--out", str(built.parent / "out")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "a build (pid" in lines[0] and "make briefing" in lines[0], lines
    assert not (built.parent / "out").exists()


def test_two_report_builds_may_read_at_once(built):
    with locked(built, shared=True, doing="a"), locked(built, shared=True, doing="b"):
        pass


def test_a_failed_build_leaves_no_temporary_files(built, capsys):
    (built / "curation.yml").write_text("claims:\n  c000000000ff:\n    reject: true\n", encoding="utf-8")
    before = _snapshot(built / "processed")
    assert main(["build", "--quiet", "--data", str(built)]) == 2
    assert _snapshot(built / "processed") == before
    assert not [p for p in built.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".processed-")]


def test_processed_files_get_the_users_usual_mode(built):
    mask = os.umask(0)
    os.umask(mask)
    for table in (built / "processed").iterdir():
        assert table.stat().st_mode & 0o777 == 0o666 & ~mask, table.name


def test_ctrl_c_during_a_parallel_build_leaves_the_old_set_and_no_workers(built):
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import write_corpus

    write_corpus(built / "sources", 120)
    before = _snapshot(built / "processed")
    proc = psutil.Popen(
        [sys.executable, "-m", "helpers", "build", "--quiet", "--data", str(built)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers |= {c.pid for c in proc.children(recursive=True)}
        time.sleep(0.05)
    assert len(workers) >= 2, "the build never started its worker pool"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == [err.strip().splitlines()[0]] and "interrupted" in err, err
    time.sleep(0.5)
    alive = [pid for pid in workers if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not alive, f"workers left running: {alive}"
    assert _snapshot(built / "processed") == before
    assert not [p for p in built.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".processed-")]


def test_the_stamp_changes_when_the_tables_do(built):
    from helpers.publish.report import stamp

    first = stamp(built)
    claims = built / "processed" / "claims.csv"
    frame = pd.read_csv(claims, dtype=str, keep_default_na=False)
    frame.head(5).to_csv(claims, index=False)
    assert stamp(built) != first
