"""Analyst references survive extraction changes: a cited id that vanishes follows its quote, or stops the build.

A small article is built, cited from every analyst file, then edited as a cleaning or splitting change
would edit a claim (a digit, a word), rebuilt and read back; deleting the sentence stops the build
with one line. The committed files and notebooks are checked to cite what the build holds.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from rapidfuzz import fuzz, utils

from helpers import paths
from helpers.build.anchors import MIN_SCORE, Moves
from helpers.build.pipeline import run
from helpers.cli import main
from helpers.config import Curation, load, load_hypotheses, load_judgments, load_references, read_judgments
from helpers.errors import InputError
from helpers.present.briefing import Briefing

from conftest import settings_for

ARTICLE = """Russia and Iran: a test article

Russia delivered 24 Su-35 fighter jets to Iran in 2024, according to officials in Tehran.

Iran supplied Russia with Shahed drones for the war in Ukraine during 2022.

Moscow has avoided any direct military clash with Israel on behalf of Tehran.

The two countries signed a comprehensive strategic partnership treaty in January 2025.
"""
SOURCE = "test-article"
JETS, DRONES, ISRAEL = "fighter jets", "drones for the war", "direct military clash"
FILES = ("curation.yml", "hypotheses.yml", "judgments.yml", "references.yml")


def _claims(data: Path) -> pd.DataFrame:
    return pd.read_csv(data / "processed" / "claims.csv", dtype=str, keep_default_na=False)


def _row(claims: pd.DataFrame, words: str) -> pd.Series:
    return claims[claims["text"].str.contains(words, regex=False)].iloc[0]


def _cite(data: Path, words: str) -> dict:
    row = _row(_claims(data), words)
    return {"id": row["claim_id"], "source": row["source_id"], "quote": row["text"]}


def _quoted(cite: dict) -> dict:
    return {"source": cite["source"], "quote": cite["quote"]}


def _edit_source(data: Path, old: str, new: str) -> None:
    path = data / "sources" / f"{SOURCE}.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _build(data: Path, capsys) -> tuple[int, list[str]]:
    status = main(["build", "--quiet", "--data", str(data)])
    return status, capsys.readouterr().err.strip().splitlines()


@pytest.fixture
def cited(data_dir: Path) -> tuple[Path, dict[str, dict]]:
    """The article built, and cited with source and quote from each analyst file."""
    (data_dir / "sources" / f"{SOURCE}.txt").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(paths.HYPOTHESES, data_dir / "hypotheses.yml")
    run(settings_for(data_dir), progress=False)
    jets, drones, israel = (_cite(data_dir, w) for w in (JETS, DRONES, ISRAEL))
    (data_dir / "curation.yml").write_text(
        yaml.safe_dump(
            {
                "claims": {jets["id"]: {**_quoted(jets), "stance": "divergence", "note": "checked"}},
                "contradictions": {},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    hypotheses = (data_dir / "hypotheses.yml").read_text(encoding="utf-8")
    ach = yaml.safe_dump({"ach": {drones["id"]: {"H1": "I", **_quoted(drones)}}}, allow_unicode=True)
    (data_dir / "hypotheses.yml").write_text(hypotheses.replace("ach: {}\n", ach), encoding="utf-8")
    judgment = {
        "text": "Russia arms Iran and takes its drones.",
        "hypothesis": "H2",
        "confidence": "low",
        "claims": {c["id"]: _quoted(c) for c in (jets, drones, israel)},
    }
    (data_dir / "judgments.yml").write_text(
        yaml.safe_dump({"judgments": [judgment]}, allow_unicode=True), encoding="utf-8"
    )
    (data_dir / "references.yml").write_text(
        yaml.safe_dump({"quotes": {"jets-for-iran": jets, "no-clash-with-israel": israel}}, allow_unicode=True),
        encoding="utf-8",
    )
    run(settings_for(data_dir), progress=False)
    return data_dir, {"jets": jets, "drones": drones, "israel": israel}


def test_changed_words_move_every_reference_with_one_note_each(cited, capsys):
    data, was = cited
    _edit_source(data, "24 Su-35", "25 Su-35")  # a digit
    _edit_source(data, "Shahed drones", "Geran drones")  # a word
    status, lines = _build(data, capsys)
    assert status == 0, lines
    claims = _claims(data)
    jets, drones = _row(claims, JETS)["claim_id"], _row(claims, DRONES)["claim_id"]
    assert jets != was["jets"]["id"] and drones != was["drones"]["id"]
    expected = {
        ("curation.yml", was["jets"]["id"], jets),
        ("hypotheses.yml", was["drones"]["id"], drones),
        ("judgments.yml", was["jets"]["id"], jets),
        ("judgments.yml", was["drones"]["id"], drones),
        ("references.yml", was["jets"]["id"], jets),
    }
    assert len(lines) == len(expected), lines
    for name, old, new in expected:
        assert any(
            line.startswith("note: ") and f"{name}: claim {old} re-anchored to {new} (score " in line for line in lines
        ), (name, lines)
    for name in FILES:  # the id moved everywhere; the quote stays what the analyst cited
        text = (data / name).read_text(encoding="utf-8")
        assert was["jets"]["id"] not in text and was["drones"]["id"] not in text, name
    assert "24 Su-35" in (data / "judgments.yml").read_text(encoding="utf-8")
    assert _row(claims, JETS)[["stance", "note", "is_curated"]].tolist() == ["divergence", "checked", "True"]
    assert load_hypotheses(data / "hypotheses.yml").ach == {drones: {"H1": "I"}}
    status, lines = _build(data, capsys)
    assert status == 0 and lines == [], "a second build finds every id and says nothing"


def test_judgments_and_named_quotes_resolve_after_the_move(cited, capsys):
    data, was = cited
    _edit_source(data, "24 Su-35", "25 Su-35")
    assert _build(data, capsys)[0] == 0
    b = Briefing(data=data)
    jets = _row(b.all_claims, JETS)["claim_id"]
    html = b.quotes("jets-for-iran", "no-clash-with-israel").data
    assert jets in html and "25 Su-35" in html and html.count("<blockquote") == 2
    assert b.claim("jets-for-iran")["claim_id"] == jets
    assert "We judge this <b>" in b.judgments().data
    assert jets in load_judgments(data / "judgments.yml")[0].claims


def test_a_deleted_sentence_stops_the_build_with_one_line(cited, capsys):
    data, was = cited
    before = {p.name: p.read_bytes() for p in (data / "processed").iterdir()}
    cited_files = {name: (data / name).read_text(encoding="utf-8") for name in FILES}
    _edit_source(data, "Russia delivered 24 Su-35 fighter jets to Iran in 2024, according to officials in Tehran.", "")
    status, lines = _build(data, capsys)
    assert status == 2 and len(lines) == 1, lines
    assert lines[0].startswith("error: ") and "curation.yml" in lines[0] and was["jets"]["id"] in lines[0]
    assert "no claim matches its quote" in lines[0]
    assert {p.name: p.read_bytes() for p in (data / "processed").iterdir()} == before
    assert {name: (data / name).read_text(encoding="utf-8") for name in FILES} == cited_files


def test_a_check_says_what_would_move_and_changes_no_file(cited, capsys):
    data, was = cited
    _edit_source(data, "24 Su-35", "25 Su-35")
    kept = {name: (data / name).read_text(encoding="utf-8") for name in FILES}
    assert main(["check", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "would be re-anchored to" in err and "is stale" in err
    run(settings_for(data), write=False, progress=False)
    assert {name: (data / name).read_text(encoding="utf-8") for name in FILES} == kept


def test_an_entry_without_a_quote_is_pinned_to_its_id(cited, capsys):
    data, was = cited
    (data / "curation.yml").write_text(f"claims:\n  {was['jets']['id']}:\n    reject: true\n", encoding="utf-8")
    _edit_source(data, "24 Su-35", "25 Su-35")
    status, lines = _build(data, capsys)
    assert status == 2 and len(lines) == 1 and "gives no quote to find it by" in lines[0], lines


# --- the matching itself, on small frames ------------------------------------------------------------


def _frame(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["claim_id", "source_id", "text"])


def _curation(tmp_path: Path, entries: dict) -> tuple[Curation, Path]:
    path = tmp_path / "curation.yml"
    path.write_text(yaml.safe_dump({"claims": entries}), encoding="utf-8")
    return load(Curation, path), path


@pytest.mark.parametrize(
    "entries, problem",
    [
        pytest.param(
            {"c000000000a1": {"quote": "Russia sold Iran 24 jets in 2024."}},
            "matches c000000000b1 and c000000000b2 equally",
            id="two sources say it word for word",
        ),
        pytest.param(
            {"c000000000a1": {"source": "gone", "quote": "Russia sold Iran 24 jets in 2024."}},
            "its source 'gone' is not in it either",
            id="source removed",
        ),
        pytest.param(
            {"c000000000a1": {"source": "x", "quote": "Iran and Russia signed a treaty."}},
            "no claim matches its quote (closest: c000000000b1",
            id="nothing close enough",
        ),
        pytest.param(
            {
                "c000000000a1": {"source": "x", "quote": "Russia sold Iran 24 jets in 2024."},
                "c000000000a2": {"source": "x", "quote": "Russia sold Iran 26 jets in 2024."},
            },
            "re-anchoring makes two entries cite one claim",
            id="two entries land on one claim",
        ),
    ],
)
def test_no_single_match_is_an_input_error(tmp_path, entries, problem):
    claims = _frame(
        ("c000000000b1", "x", "Russia sold Iran 25 jets in 2024."),
        ("c000000000b2", "y", "Russia sold Iran 25 jets in 2024."),
    )
    curation, path = _curation(tmp_path, entries)
    with pytest.raises(InputError, match="curation.yml") as raised:
        Moves(claims).follow(curation, path)
    assert problem in str(raised.value)


def test_the_source_decides_between_copies(tmp_path):
    claims = _frame(
        ("c000000000b1", "x", "Russia sold Iran 25 jets in 2024."),
        ("c000000000b2", "y", "Russia sold Iran 25 jets in 2024."),
    )
    curation, path = _curation(
        tmp_path, {"c000000000a1": {"source": "y", "quote": "Russia sold Iran 24 jets in 2024."}}
    )
    moves = Moves(claims)
    assert set(moves.follow(curation, path).claims) == {"c000000000b2"}
    assert path.read_text(encoding="utf-8").count("c000000000a1") == 1, "nothing is written before the tables"


# --- the committed references ------------------------------------------------------------------------


def _notebook_quotes() -> dict[str, list[str]]:
    """Every argument of every b.quotes(...) call in the notebooks, by notebook."""
    found = {}
    for path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        calls = [
            n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "quotes"
        ]
        found[path.stem] = [a.value for call in calls for a in call.args]
    return found


def test_notebooks_quote_by_names_that_resolve():
    names = _notebook_quotes()
    references = load_references().quotes
    b = Briefing()
    for notebook, cited in names.items():
        assert all(name in references for name in cited), f"{notebook}: {set(cited) - set(references)}"
        if cited:
            assert b.quotes(*cited).data.count("<blockquote") == len(cited), notebook
    assert set(references) == {n for cited in names.values() for n in cited}, "every name is quoted somewhere"


def test_committed_citations_carry_the_words_of_their_claims():
    """Every committed citation names its claim's source and quotes it closely enough to find it again."""
    claims = _claims(paths.DATA_DIR).set_index("claim_id")
    cited = [
        *load(Curation, paths.CURATION).cited(),
        *load_hypotheses(paths.HYPOTHESES).cited(),
        *read_judgments(paths.JUDGMENTS).cited(),
        *load_references().cited(),
    ]
    assert cited
    for claim_id, quoted, where in cited:
        source, text = claims.loc[claim_id, ["source_id", "text"]]
        assert quoted.source == source, where + claim_id
        assert fuzz.ratio(quoted.quote, text, processor=utils.default_process) >= MIN_SCORE, where + claim_id


def test_a_quote_from_a_source_the_folder_lacks_is_left_out(cited, capsys):
    data, was = cited
    refs = yaml.safe_load((data / "references.yml").read_text(encoding="utf-8"))
    refs["quotes"]["from-elsewhere"] = {"id": "c000000000ff", "source": "another-article", "quote": "Words."}
    (data / "references.yml").write_text(yaml.safe_dump(refs), encoding="utf-8")
    status, lines = _build(data, capsys)
    assert status == 0 and len(lines) == 1 and "1 quote is from sources this folder does not hold" in lines[0], lines
    b = Briefing(data=data)
    assert b.quotes("from-elsewhere").data.startswith("<p><i>None")
    assert b.quotes("from-elsewhere", "jets-for-iran").data.count("<blockquote") == 1
    with pytest.raises(KeyError, match="no quote is named 'jets-for-irn'"):
        b.quotes("jets-for-irn")
    (data / "references.yml").unlink()  # a folder that names no quotes: the notebooks' names are left out
    assert Briefing(data=data).quotes("jets-for-iran").data.startswith("<p><i>None")
