"""Direction-aware grouping and disputes, measured on labelled pairs from real articles.

tests/corpus/gold/pairs.yml was written from the articles' text before the rules ran on it. The
`tune` half (seeds and tune articles) may guide the rules; the `opened` pairs (articles held out until
2026-11-26) are scored, not held to floors.
Precision and recall are printed at the end of the run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import paths
from helpers.build import crosscheck
from helpers.build.pipeline import run
from helpers.config import Curation, load_taxonomy
from helpers.errors import InputError
from helpers.text.roles import flows

from conftest import METRICS, settings_for

CORPUS = Path(__file__).parent / "corpus"
GOLD = yaml.safe_load((CORPUS / "gold" / "pairs.yml").read_text(encoding="utf-8"))["pairs"]
# Floors just below what the rules measured, so a change that makes them worse fails loudly.
FLOORS = {("tune", "grouping"): (0.7, 0.35), ("tune", "disputes"): (0.95, 0.85)}


# --- who gives what to whom ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def actors() -> dict[str, list[str]]:
    return {name: actor.aliases for name, actor in load_taxonomy().actors.items()}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param("Iran supplies drones to Russia.", ("Iran", "Russia", False), id="active, to"),
        pytest.param("Moscow supplies Tehran with S-400 systems.", ("Russia", "Iran", False), id="indirect object"),
        pytest.param("Russia has received Shahed drones from Iran.", ("Iran", "Russia", False), id="receive from"),
        pytest.param("Iranian drones were delivered to Russia in 2022.", ("Iran", "Russia", False), id="passive"),
        pytest.param("Radars were sent to Iran by Russia.", ("Russia", "Iran", False), id="passive with agent"),
        pytest.param("Iran's purchase of Su-35 jets from Russia stalled.", ("Russia", "Iran", False), id="noun, get"),
        pytest.param("Russian deliveries of the S-300 to Iran began.", ("Russia", "Iran", False), id="noun, give"),
        pytest.param("Moscow has not delivered the jets to Tehran.", ("Russia", "Iran", True), id="negated"),
        pytest.param("Russia refused to sell the S-400 to Iran.", ("Russia", "Iran", True), id="withheld"),
    ],
)
def test_flows_read_giver_and_receiver(sentence, expected, actors):
    found = flows(sentence, actors)
    assert [(f.giver, f.receiver, f.negated) for f in found] == [expected]


def test_flows_name_no_side_they_cannot_read(actors):
    assert flows("Russia and Iran signed a treaty.", actors) == []
    assert [(f.giver, f.receiver) for f in flows("Drones supplied by Iran hit Kyiv.", actors)] == [("Iran", None)]


# --- disputes on frames the tests own -------------------------------------------------------------------


def _claims(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Claims as the build holds them before grading: (source_id, text, modality)."""
    frame = pd.DataFrame(rows, columns=["source_id", "text", "modality"])
    return frame.assign(
        claim_id=[f"c{n:011x}" for n in range(len(frame))],
        char_start=range(len(frame)),
        actors="",
        date_start="",
        date_end="",
        is_date_inferred=False,
        is_filler=False,
        is_rejected=False,
        stance="context",
    )


SIDES = [
    ("one", "Russia has delivered S-300 air defence systems to Iran.", "asserted"),
    ("two", "Russia refused to supply air defence systems to Iran.", "asserted"),
    ("three", "Iran supplies drones to Russia.", "asserted"),
    ("four", "Russia has not delivered drones to Iran.", "asserted"),
]


def _disputes(claims: pd.DataFrame, curation: Curation | None = None) -> pd.DataFrame:
    tx = load_taxonomy()
    return crosscheck.disputes(crosscheck.stances(claims, tx), claims, tx, curation or Curation(), "curation.yml")


def test_opposite_sides_of_one_transfer_make_one_dispute():
    found = _disputes(_claims(SIDES))
    held = found[found["kind"] == "delivered_vs_withheld"]
    assert held["question"].tolist() == ["air defence systems (Russia to Iran)"]
    assert held["source_ids_a"].item() == ["one"] and held["source_ids_b"].item() == ["two"]
    # Iranian drones for Russia and Russian drones withheld from Iran are different questions: no dispute.
    assert not found["question"].str.contains("drones").any()


def test_copies_of_a_sentence_add_no_dispute():
    copies = SIDES + [(f"copy-{n}", SIDES[0][1], "asserted") for n in range(40)]
    few, many = _disputes(_claims(SIDES)), _disputes(_claims(copies))
    assert len(many) == len(few) and len(many.iloc[0]["claim_ids_a"]) == 41
    pairs = crosscheck.contradictions(many, _claims(copies), Curation(), "curation.yml")
    assert len(crosscheck.one_per_wording(pairs, _claims(copies), Curation())) == 1


def test_dispute_ids_come_from_the_question_and_rulings_apply():
    found = _disputes(_claims(SIDES))
    again = _disputes(_claims(list(reversed(SIDES))))
    assert found["dispute_id"].tolist() == again["dispute_id"].tolist()
    did = found["dispute_id"].iloc[0]
    ruled = Curation.model_validate({"disputes": {did: {"status": "ruled", "holds": "a", "note": "checked"}}})
    out = _disputes(_claims(SIDES), ruled).set_index("dispute_id")
    assert out.loc[did, ["status", "note"]].tolist() == ["ruled", "checked"]


def test_a_ruling_on_a_dispute_the_build_does_not_find_is_an_error():
    stale = Curation.model_validate({"disputes": {"d000000000aa": {"status": "dismissed"}}})
    with pytest.raises(InputError, match="d000000000aa"):
        _disputes(_claims(SIDES), stale)


def test_a_ruling_must_say_which_side_holds():
    with pytest.raises(ValueError, match="holds"):
        Curation.model_validate({"disputes": {"d000000000aa": {"status": "ruled"}}})


# --- the real-article corpus ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    """Seeds plus every corpus article, built once in a throw-away data folder."""
    data = tmp_path_factory.mktemp("corpus") / "data"
    (data / "sources").mkdir(parents=True)
    (data / "processed").mkdir()
    for name in ("taxonomy.yml", "cleaning.yml", "curation.yml", "reference_events.yml"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    for src in [*paths.SOURCES_DIR.iterdir(), *(CORPUS / "articles").iterdir()]:
        shutil.copy(src, data / "sources" / src.name)
    shutil.copy(paths.SOURCES_META, data / "sources.csv")
    return run(settings_for(data), progress=False)


def _find(claims: pd.DataFrame, side: dict) -> str | None:
    """The claim of `side`'s source whose words hold its quote (quotes and white space folded)."""

    def fold(text: str) -> str:
        return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()

    mine = claims[claims["source_id"] == side["source"]]
    hits = mine[mine["text"].map(fold).str.contains(fold(side["quote"]), regex=False)]
    return hits["claim_id"].iloc[0] if len(hits) else None


def _scores(built, split: str) -> dict[str, tuple[float, float, int, int]]:
    claims = built.claims
    group = dict(zip(claims["claim_id"], claims["group_id"]))
    sides = [(set(d.claim_ids_a), set(d.claim_ids_b)) for d in built.disputes.itertuples()]

    def disputed(a: str, b: str, same: bool) -> bool:
        """On opposite sides of one dispute (or in one at all, when a source contradicts itself)."""
        return any(
            (a in x and b in y) or (a in y and b in x) or (a in x | y and b in x | y and a != b and same)
            for x, y in sides
        )

    counts = {"grouping": [0, 0, 0], "disputes": [0, 0, 0]}  # true positives, found, true
    for pair in (p for p in GOLD if p["split"] == split):
        a, b = _find(claims, pair["a"]), _find(claims, pair["b"])
        grouped = bool(a and b and group[a] and group[a] == group[b])
        same = pair["a"]["source"] == pair["b"]["source"]
        found_dispute = bool(a and b and disputed(a, b, same))
        for name, found, truth in (
            ("grouping", grouped, pair["same"]),
            ("disputes", found_dispute, pair["contradicts"]),
        ):
            counts[name][0] += found and truth
            counts[name][1] += found
            counts[name][2] += truth
    out = {}
    for name, (tp, found, true) in counts.items():
        precision, recall = (tp / found if found else 1.0), (tp / true if true else 1.0)
        out[name] = (precision, recall, found, true)
        METRICS[f"pairs {split:7} {name:9}"] = (
            f"{true:2} true, {found:2} found  precision {precision:.2f}  recall {recall:.2f}"
        )
    return out


def test_every_gold_quote_is_found(corpus_build):
    missing = [(p["split"], s["source"], s["quote"]) for p in GOLD for s in (p["a"], p["b"])]
    missing = [m for m in missing if _find(corpus_build.claims, {"source": m[1], "quote": m[2]}) is None]
    assert not missing, missing


@pytest.mark.parametrize("split", ["tune", "opened"])
def test_grouping_and_disputes_on_labelled_pairs(corpus_build, split):
    scores = _scores(corpus_build, split)
    for name, (precision, recall, _, _) in scores.items():
        floor = FLOORS.get((split, name))
        if floor:  # the held-out half is measured and printed, not tuned to a floor
            assert precision >= floor[0] and recall >= floor[1], (split, name, scores[name])
        assert 0 <= precision <= 1 and 0 <= recall <= 1


def test_the_false_s400_claim_is_not_corroborated(corpus_build):
    claims = corpus_build.claims.set_index("claim_id")
    s400 = _find(corpus_build.claims, GOLD[2]["a"])
    sent = _find(corpus_build.claims, GOLD[2]["b"])
    assert claims.loc[s400, "group_id"] == "" or claims.loc[s400, "group_id"] != claims.loc[sent, "group_id"]


def test_disputes_are_one_per_question(corpus_build):
    d = corpus_build.disputes
    assert d["dispute_id"].is_unique and not d.duplicated(["kind", "question"]).any()
    assert set(d["status"].astype(str)) <= {"open", "settled", "ruled", "dismissed"}
    assert (d.loc[d["status"] == "settled", "settled_by"] != "").all()


def test_a_dispute_is_settled_only_by_a_record_that_refutes_one_of_its_claims(corpus_build):
    """An event that merely shares the topic (a 2006 sanctions resolution beside a dispute on whether
    sanctions were lifted) is named beside an open dispute; it does not settle it."""
    d = corpus_build.disputes
    refuted = set(corpus_build.reference_conflicts["claim_id"])
    for row in d.itertuples():
        claims = {*row.claim_ids_a, *row.claim_ids_b}
        if row.status == "settled":
            assert claims & refuted, f"{row.question}: settled by {row.settled_by} without a refuted claim"
        if row.status == "open":
            assert row.settled_by == ""
