"""Bad input gets one line `error: <path>: ...`, exit status 2, and data/processed untouched."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
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


def _judgments(*claims: str, hypothesis: str = "H1", confidence: str = "low") -> str:
    cited = ", ".join(claims)
    return (
        f"judgments:\n  - text: Russia holds back.\n    hypothesis: {hypothesis}\n"
        f"    confidence: {confidence}\n    claims: [{cited}]\n"
    )


def _cite_a_built_claim(which: str, curation: str = ""):
    """judgments.yml citing a claim of the baseline build: a filler one, or one curation.yml rejects."""

    def apply(data: Path) -> None:
        claims = pd.read_csv(data / "processed" / "claims.csv", dtype=str, keep_default_na=False)
        pick = claims[claims["is_filler"] == "True"] if which == "filler" else claims[claims["is_filler"] == "False"]
        cid = pick["claim_id"].iloc[0]
        (data / "judgments.yml").write_text(_judgments(cid), encoding="utf-8")
        if curation:
            (data / "curation.yml").write_text(curation.format(cid=cid), encoding="utf-8")

    return apply


def _remove(rel: str):
    return lambda data: (data / rel).unlink()


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
        _edit("hypotheses.yml", "cells: {H1: C, H2: I, H3: I, H4: I}", "cells: {H1: C, H9: I, H3: I, H4: I}"),
        "hypotheses.yml",
        id="hypotheses.yml unknown hypothesis",
    ),
    pytest.param(
        _edit("hypotheses.yml", "areas: [exercises, intelligence, defence_pact, syria]", "areas: [exercises, intel]"),
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
    # Dates: written one way (YYYY-MM-DD), real, and in order; publication dates believable.
    pytest.param(
        _write("sources.csv", "source_id,published\ndecoding-a-shifting-alliance,20250622\n"),
        "sources.csv",
        id="sources.csv published in basic format 20250622",
    ),
    pytest.param(
        _write("sources.csv", "source_id,published\ndecoding-a-shifting-alliance,2025-W25-1\n"),
        "sources.csv",
        id="sources.csv published as ISO week 2025-W25-1",
    ),
    pytest.param(
        _write("sources.csv", "source_id,published\ndecoding-a-shifting-alliance,2025-02-30\n"),
        "sources.csv",
        id="sources.csv published impossible day",
    ),
    pytest.param(
        _write("sources.csv", f"source_id,published\ndecoding-a-shifting-alliance,{date.today().year + 2}-01-01\n"),
        "sources.csv",
        id="sources.csv published far future",
    ),
    pytest.param(
        _write("sources.csv", "source_id,published\ndecoding-a-shifting-alliance,1499-12-31\n"),
        "sources.csv",
        id="sources.csv published before 1500",
    ),
    pytest.param(
        _write("sources.csv", "source_id,reliability\ndecoding-a-shifting-alliance,AB\n"),
        "sources.csv",
        id="sources.csv reliability AB",
    ),
    pytest.param(
        _write("sources.csv", "source_id,reliability\ndecoding-a-shifting-alliance,b\n"),
        "sources.csv",
        id="sources.csv reliability lower-case",
    ),
    pytest.param(
        _write("sources.csv", "source_id,url\ndecoding-a-shifting-alliance,javascript:alert(1)\n"),
        "sources.csv",
        id="sources.csv url not a web address",
    ),
    pytest.param(
        _write("sources.csv", "source_id,published,published\ndecoding-a-shifting-alliance,2025-06-22,1999-01-01\n"),
        "sources.csv",
        id="sources.csv column twice",
    ),
    pytest.param(
        _edit("taxonomy.yml", "start: 1947-01-01", "start: 1947-02-30"),
        "taxonomy.yml",
        id="taxonomy.yml impossible date",
    ),
    pytest.param(
        _edit("taxonomy.yml", "start: 1947-01-01", "start: 1995-01-01"),
        "taxonomy.yml",
        id="taxonomy.yml period ends before it starts",
    ),
    pytest.param(
        _edit("taxonomy.yml", "zoom_from: 1991-01-01", "zoom_from: 1991"),
        "taxonomy.yml",
        id="taxonomy.yml bare year read as seconds since 1970",
    ),
    pytest.param(
        _edit("taxonomy.yml", "boosts: [{dated_before: 1991-12-26,", "boosts: [{dated_before: 1991-12-26 10:00:00,"),
        "taxonomy.yml",
        id="taxonomy.yml date with a time of day",
    ),
    pytest.param(
        _edit("cleaning.yml", "min_claim_words: 5", "min_claim_words: 2025-02-30"),
        "cleaning.yml",
        id="cleaning.yml impossible date",
    ),
    pytest.param(
        _write("curation.yml", "claims:\n  c000000000ff:\n    date_start: 2024-02-30\n    date_end: 2024-03-01\n"),
        "curation.yml",
        id="curation.yml impossible date",
    ),
    pytest.param(
        _write("curation.yml", "claims:\n  c000000000ff:\n    date_start: 2024-05-01\n    date_end: 2024-03-01\n"),
        "curation.yml",
        id="curation.yml date_end before date_start",
    ),
    pytest.param(
        _write("curation.yml", "claims:\n  c000000000ff:\n    date_end: 1900-01-01\n"),
        "curation.yml",
        id="curation.yml one end of a date span",
    ),
    pytest.param(
        _edit("hypotheses.yml", "evidence_since: 2011-01-01", "evidence_since: 2011-13-01"),
        "hypotheses.yml",
        id="hypotheses.yml impossible date",
    ),
    # Enums and references: every name points at something that exists.
    pytest.param(
        _write("curation.yml", "claims:\n  drones-claim:\n    reject: true\n"),
        "curation.yml",
        id="curation.yml key is not a claim id",
    ),
    pytest.param(
        _edit("taxonomy.yml", "affiliation: Syria", "affiliation: Syrai"),
        "taxonomy.yml",
        id="taxonomy.yml affiliation not an actor",
    ),
    pytest.param(
        _edit("taxonomy.yml", "principals: [Russia, Iran]", "principals: [Russia, Persia]"),
        "taxonomy.yml",
        id="taxonomy.yml principal not an actor",
    ),
    pytest.param(
        _edit("taxonomy.yml", "chapter_also: {stance: divergence}", "chapter_also: {stance: divergent}"),
        "taxonomy.yml",
        id="taxonomy.yml chapter_also unknown stance",
    ),
    pytest.param(
        _edit("taxonomy.yml", "      topics: [a ruling government]\n", "      topics: [a ruling regime]\n"),
        "taxonomy.yml",
        id="taxonomy.yml contradiction topic unknown",
    ),
    pytest.param(
        _edit("hypotheses.yml", "credibility_weights: {1: 1.0,", "credibility_weights: {1: -1.0,"),
        "hypotheses.yml",
        id="hypotheses.yml negative weight",
    ),
    pytest.param(_write("judgments.yml", "judgments: [\n"), "judgments.yml", id="judgments.yml syntax"),
    pytest.param(
        _write("judgments.yml", _judgments("c000000000ff", hypothesis="H9")),
        "judgments.yml",
        id="judgments.yml unknown hypothesis",
    ),
    pytest.param(
        _write("judgments.yml", _judgments("c000000000ff")),
        "judgments.yml",
        id="judgments.yml claim not in the build",
    ),
    pytest.param(
        _write("judgments.yml", _judgments("drones")),
        "judgments.yml",
        id="judgments.yml claim is not a claim id",
    ),
    pytest.param(
        _write("judgments.yml", _judgments("c000000000ff", confidence="certain")),
        "judgments.yml",
        id="judgments.yml confidence not low moderate high",
    ),
    pytest.param(
        _write("judgments.yml", _judgments("c000000000ff", "c000000000ff")),
        "judgments.yml",
        id="judgments.yml claim cited twice",
    ),
    pytest.param(_cite_a_built_claim("filler"), "judgments.yml", id="judgments.yml cites a filler claim"),
    pytest.param(
        _cite_a_built_claim("live", curation="claims:\n  {cid}:\n    reject: true\n"),
        "judgments.yml",
        id="judgments.yml cites a rejected claim",
    ),
    pytest.param(_remove("hypotheses.yml"), "judgments.yml", id="judgments.yml without hypotheses.yml"),
    # The reference timeline: every event cited, short labels, dates as precise as they say, one id each.
    pytest.param(
        _edit(
            "reference_events.yml",
            "    citations:\n      - publisher: Al Bawaba",
            "    cited:\n      - publisher: Al Bawaba",
        ),
        "reference_events.yml",
        id="reference_events.yml event without citations",
    ),
    pytest.param(
        _edit("reference_events.yml", "label: JCPOA nuclear deal agreed in Vienna", "label: " + "x" * 61),
        "reference_events.yml",
        id="reference_events.yml label over 60 characters",
    ),
    pytest.param(
        _edit("reference_events.yml", 'date: "2016"\n    precision: year', 'date: "2016"\n    precision: day'),
        "reference_events.yml",
        id="reference_events.yml precision does not match the date",
    ),
    pytest.param(
        _edit("reference_events.yml", "id: jcpoa-agreed", "id: treaty-2001"),
        "reference_events.yml",
        id="reference_events.yml duplicate id",
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
