"""Bad input gets one line `error: <path>: ...`, exit status 2, and data/processed untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import paths
from helpers.cli import main

pytestmark = pytest.mark.slow
SEED = paths.SOURCES_DIR / "decoding-a-shifting-alliance.txt"


def _write(rel: str, content: bytes | str):
    def apply(data: Path) -> None:
        target = data / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")

    return apply


def _copy_seed_as(name: str):
    return lambda data: shutil.copy(SEED, data / "sources" / name)


def _edit(name: str, old: str, new: str):
    """The project's own copy of a data file with one change."""

    def apply(data: Path) -> None:
        text = (paths.DATA_DIR / name).read_text(encoding="utf-8")
        assert old in text
        (data / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


CASES = [
    pytest.param(_write("sources/empty.txt", b""), "sources/empty.txt", id="empty file"),
    pytest.param(_write("sources/blank.txt", "  \n\n\t \n"), "sources/blank.txt", id="blank file"),
    pytest.param(
        _write("sources/photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8), "sources/photo.txt", id="binary file"
    ),
    pytest.param(
        _copy_seed_as("decoding-a-shifting-alliance.md"), "decoding-a-shifting-alliance", id="two sources with one id"
    ),
    pytest.param(
        _write("sources.csv", 'source_id,title\n"decoding-a-shifting-alliance,"unclosed\n'),
        "sources.csv",
        id="sources.csv unbalanced quote",
    ),
    pytest.param(
        _write("sources.csv", "source_id,titel\ndecoding-a-shifting-alliance,x\n"),
        "sources.csv",
        id="sources.csv unknown column",
    ),
    pytest.param(
        _write("sources.csv", "source_id,published\ndecoding-a-shifting-alliance,22/06/2025\n"),
        "sources.csv",
        id="sources.csv bad date",
    ),
    pytest.param(
        _write("sources.csv", "source_id\ndecoding-a-shifting-alliance\ndecoding-a-shifting-alliance\n"),
        "sources.csv",
        id="sources.csv duplicate id",
    ),
    pytest.param(
        _write("sources.csv", "source_id\nno-such-article\n"), "sources.csv", id="sources.csv id without file"
    ),
    pytest.param(_write("taxonomy.yml", "themes: [unclosed\n"), "taxonomy.yml", id="taxonomy.yml syntax"),
    pytest.param(_write("taxonomy.yml", "themes: {}\nareas: {}\n"), "taxonomy.yml", id="taxonomy.yml missing parts"),
    pytest.param(
        _write("curation.yml", "claims:\n  c000000000ff:\n    colour: red\n"),
        "curation.yml",
        id="curation.yml unknown field",
    ),
    pytest.param(
        _write("curation.yml", "claims:\n  c000000000ff:\n    reject: true\n"),
        "curation.yml",
        id="curation.yml missing claim",
    ),
    pytest.param(_write("curation.yml", "claims: [\n"), "curation.yml", id="curation.yml syntax"),
    pytest.param(_write("cleaning.yml", "boilerplate: 3\n"), "cleaning.yml", id="cleaning.yml wrong type"),
    pytest.param(
        _edit("taxonomy.yml", "measure: unknown_publisher", "measure: colour"),
        "taxonomy.yml",
        id="taxonomy.yml unknown grading measure",
    ),
    pytest.param(
        _edit("taxonomy.yml", "{a} speaks of", "{source} speaks of"),
        "taxonomy.yml",
        id="taxonomy.yml unknown placeholder",
    ),
    pytest.param(
        _write("curation.yml", "contradictions:\n  c000000000aa c000000000bb:\n    status: dismissed\n"),
        "curation.yml",
        id="curation.yml missing pair",
    ),
    pytest.param(
        _write("curation.yml", "contradictions:\n  c000000000aa:\n    status: dismissed\n"),
        "curation.yml",
        id="curation.yml pair of one claim",
    ),
    pytest.param(
        _write("curation.yml", "claims:\n  c000000000ff:\n    credibility: 9\n"),
        "curation.yml",
        id="curation.yml credibility out of range",
    ),
    pytest.param(_write("hypotheses.yml", "hypotheses: [unclosed\n"), "hypotheses.yml", id="hypotheses.yml syntax"),
    pytest.param(
        _edit("hypotheses.yml", "cells: {H1: C, H2: I, H3: I}", "cells: {H1: C, H9: I}"),
        "hypotheses.yml",
        id="hypotheses.yml unknown hypothesis",
    ),
    pytest.param(
        _edit("hypotheses.yml", "areas: [arms_transfers, air_defence]", "areas: [arms]"),
        "hypotheses.yml",
        id="hypotheses.yml unknown area",
    ),
    pytest.param(
        _edit("hypotheses.yml", "ach: {}", "ach: {c000000000ff: {H1: I}}"),
        "hypotheses.yml",
        id="hypotheses.yml missing claim",
    ),
    pytest.param(
        _write("curation.yml", "claims: {}\ncontradictions: {}\nclaims: {}\n"),
        "curation.yml",
        id="curation.yml duplicate key",
    ),
    pytest.param(
        _edit("cleaning.yml", "min_claim_words: 5", "min_claim_words: 5\nmin_claim_words: 6"),
        "cleaning.yml",
        id="cleaning.yml duplicate key",
    ),
    pytest.param(
        _edit("taxonomy.yml", "  history:\n", "  history:\n    label: Past\n"),
        "taxonomy.yml",
        id="taxonomy.yml duplicate key in a theme",
    ),
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """One good build of the real corpus, made once; every case breaks a copy of it."""
    data = tmp_path_factory.mktemp("baseline") / "data"
    shutil.copytree(paths.DATA_DIR, data)
    result = _cli(data)
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def built(baseline: Path, tmp_path: Path) -> Path:
    """A copy of the baseline folder, processed/ included: cheaper than a build per case."""
    return Path(shutil.copytree(baseline, tmp_path / "data"))


def _cli(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers", "build", "--quiet", "--data", str(data)],
        capture_output=True,
        text=True,
        cwd=paths.PROJ_ROOT,
    )


@pytest.mark.parametrize("breakage, named", CASES)
def test_bad_input_is_one_line_exit_2_and_no_change(built, breakage, named, capsys):
    """In-process, through the CLI's own entry point: an unexpected exception fails the test outright."""
    before = {p.name: p.read_bytes() for p in (built / "processed").iterdir()}
    breakage(built)
    status = main(["build", "--quiet", "--data", str(built)])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert status == 2, err
    assert len(lines) == 1 and lines[0].startswith("error: ") and named in lines[0], err
    assert "\x1b[" not in err, "no terminal colour codes in the error line"
    assert {p.name: p.read_bytes() for p in (built / "processed").iterdir()} == before


def test_bad_input_from_a_real_process_exits_2_without_traceback(built):
    _write("curation.yml", "claims: [\n")(built)
    result = _cli(built)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "curation.yml" in result.stderr


def test_a_good_build_prints_a_summary(built):
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "build", "--data", str(built)],
        capture_output=True,
        text=True,
        cwd=paths.PROJ_ROOT,
    )
    assert result.returncode == 0 and "claims" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_decode_with_curly_quotes(tmp_path, encoding):
    from helpers.build.sources import load_document

    text = "Title \u201cQuoted\u201d\nMoscow\u2019s envoy said \u201cwe stand with Tehran\u201d on Monday \u2013 officials.\n"
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert load_document(path).text == text
