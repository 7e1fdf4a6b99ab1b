"""Grades on small frames the tests write: copier against original, stuffing, specificity, currency,
non-circularity, and claim credibility that follows the claim's own corroboration."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from helpers.build import grading
from helpers.build.crosscheck import PAIR_COLUMNS
from helpers.config import Curation, load_taxonomy

# Sentences of made-up words (seeded), so nothing but what a test adds repeats or matches.
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SHARED = [
    "Officials from both capitals signed a memorandum covering customs procedures at the northern crossing points",
    "The new freight schedule doubles the number of weekly trains running between the two largest terminals",
    "Engineers completed the survey of the southern section after three months of delays caused by flooding",
]


def plain(tag: str, n: int) -> list[str]:
    """n distinct sentences of ten made-up words for one source (tag seeds them)."""
    rng = random.Random(tag)
    word = lambda: "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 9)))  # noqa: E731
    return [" ".join(word() for _ in range(10)).capitalize() + "." for _ in range(n)]


def claims_of(sid: str, texts: list[str], **columns) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "claim_id": [f"{sid}-{i}" for i in range(len(texts))],
            "source_id": sid,
            "text": texts,
            "attribution": "",
            "date_precision": "",
            "date_text": "",
            "actors": [[] for _ in texts],
            "is_filler": False,
            "is_rejected": False,
            "n_independent": 1,
        }
    )
    for name, values in columns.items():
        frame[name] = values
    return frame


def sources_of(*rows: tuple[str, str, bool]) -> pd.DataFrame:
    """(source_id, published, is_published_inferred) -> a sources frame with a known publisher."""
    return pd.DataFrame(
        {
            "source_id": [r[0] for r in rows],
            "publisher": "Wire",
            "published": [r[1] for r in rows],
            "is_published_inferred": [r[2] for r in rows],
            "n_placeholder_lines": 0,
        }
    )


LINK = pd.DataFrame({"source_id_x": ["a"], "source_id_y": ["b"], "n_runs": [20]})
NO_PAIRS = pd.DataFrame(columns=PAIR_COLUMNS)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def run(sources, claims, taxonomy, links=LINK, pairs=NO_PAIRS, analyst=None, conflicts=None):
    return grading.grade(sources, claims, pairs, links, taxonomy, Curation(), analyst or {}, conflicts)


def why(graded: pd.DataFrame, sid: str) -> str:
    return graded.set_index("source_id").loc[sid, "reliability_rationale"]


def test_the_later_source_is_the_copier_and_only_it_is_marked_down(taxonomy):
    claims = pd.concat(
        [claims_of("a", plain("aa", 20) + SHARED), claims_of("b", plain("bb", 20) + SHARED)], ignore_index=True
    )
    early_a = run(sources_of(("a", "2024-01-01", False), ("b", "2024-06-01", False)), claims, taxonomy)[0]
    assert "copies 3 passages from a (published later)" in why(early_a, "b")
    assert "copies" not in why(early_a, "a") and "reappear in b" in why(early_a, "a")
    early_b = run(sources_of(("a", "2024-06-01", False), ("b", "2024-01-01", False)), claims, taxonomy)[0]
    assert "copies 3 passages from b" in why(early_b, "a") and "copies" not in why(early_b, "b")


def test_an_inferred_date_does_not_order_them_so_the_less_specific_copies(taxonomy):
    named = ["Sergei Lavrov"] * 5 + [""] * 18  # a names its speakers; b names nobody
    claims = pd.concat(
        [claims_of("a", plain("aa", 20) + SHARED, attribution=named), claims_of("b", plain("bb", 20) + SHARED)],
        ignore_index=True,
    )
    # a's date is only the earliest it can have been written, so it may well be later than b's.
    graded = run(sources_of(("a", "2024-06-01", True), ("b", "2024-01-01", True)), claims, taxonomy)[0]
    assert "copies 3 passages from a (less specific)" in why(graded, "b") and "copies" not in why(graded, "a")


def test_quoting_the_same_speaker_is_not_copying(taxonomy):
    quoted = [f'Both reports cite the minister: "{s}."' for s in SHARED]
    claims = pd.concat(
        [claims_of("a", plain("aa", 20) + quoted), claims_of("b", plain("bb", 20) + quoted)], ignore_index=True
    )
    graded = run(sources_of(("a", "2024-01-01", False), ("b", "2024-06-01", False)), claims, taxonomy)[0]
    assert "passages" not in why(graded, "a") + why(graded, "b")


def test_keyword_stuffing_is_found_by_repeated_phrase_density(taxonomy):
    body = plain("aa", 30)
    stuffed = [f"{t[:-1]} for the Iran and Russia allies." if i % 5 == 0 else t for i, t in enumerate(body)]
    once = [f"{t[:-1]} for the Iran and Russia allies." if i == 0 else t for i, t in enumerate(body)]
    claims = pd.concat([claims_of("a", stuffed), claims_of("b", once)], ignore_index=True)
    graded = run(sources_of(("a", "2024-01-01", False), ("b", "2024-01-01", False)), claims, taxonomy, links=LINK[:0])[
        0
    ]
    assert "keyword stuffing" in why(graded, "a") and "6 times" in why(graded, "a")
    assert "stuffing" not in why(graded, "b")
    assert grading.stuffing(claims).loc["a", "per_1000"] > grading.STUFFING_PER_1000


def test_named_speakers_and_calendar_dates_count_as_specific_and_generic_ones_do_not(taxonomy):
    n = 10
    specific = claims_of(
        "a",
        plain("aa", n),
        attribution=["House of Commons Library", "", "", "", "", "", "", "", "", ""],
        actors=[[], ["Sergei Lavrov"], [], [], [], [], [], [], [], []],
        date_precision=["", "", "day", "month", "", "", "", "", "", ""],
        date_text=["", "", "Thursday, June 19, 2025", "in April", "", "", "", "", "", ""],
    )
    specific.loc[1, "attribution"] = "Lavrov"  # one surname, but the tagger found the person
    generic = claims_of(
        "b",
        plain("bb", n),
        attribution=["analysts", "experts", "Russian", "", "", "", "", "", "", ""],
        date_precision=["day", "day", "", "", "", "", "", "", "", ""],
        date_text=["the fall of the Soviet Union", "the Islamic Revolution", "", "", "", "", "", "", "", ""],
    )
    claims = pd.concat([specific, generic], ignore_index=True)
    share = grading.specific_share(claims, taxonomy)
    assert share["a"] == pytest.approx(0.4) and share.get("b", 0) == 0
    graded = run(sources_of(("a", "2024-01-01", False), ("b", "2024-01-01", False)), claims, taxonomy, links=LINK[:0])[
        0
    ]
    assert "Raises it: 40% of its claims name their speaker" in why(graded, "a") and "Raises it" not in why(graded, "b")


def test_a_grade_never_depends_on_another_sources_grade(taxonomy):
    """b contradicts a; making b better or worse graded (its own by-line, or the analyst) leaves a alone."""
    claims = pd.concat([claims_of("a", plain("aa", 12)), claims_of("b", plain("bb", 12))], ignore_index=True)
    pair = pd.DataFrame([["a-0", "b-0", "delivered_vs_withheld", "", "open", ""]], columns=PAIR_COLUMNS)
    sources = sources_of(("a", "2024-01-01", True), ("b", "2024-01-01", False))  # b better than a
    worse_b = sources.assign(publisher=["Wire", ""], n_placeholder_lines=[0, 4], is_published_inferred=[True, True])
    runs = [
        run(sources, claims, taxonomy, links=LINK[:0], pairs=pair),
        run(worse_b, claims, taxonomy, links=LINK[:0], pairs=pair),
        run(sources, claims, taxonomy, links=LINK[:0], pairs=pair, analyst={"b": "E"}),
    ]
    graded = [r[0].set_index("source_id") for r in runs]
    assert graded[0].loc["b", "reliability"] < graded[1].loc["b", "reliability"]  # b did move
    for g in graded[1:]:
        assert g.loc["a"].equals(graded[0].loc["a"])  # same letter, same rationale
    assert "contradicted" not in graded[0].loc["a", "reliability_rationale"]


def test_currency_and_reference_contradictions_lower_the_source_and_floor_the_claim(taxonomy):
    claims = pd.concat([claims_of("a", plain("aa", 12)), claims_of("b", plain("bb", 12))], ignore_index=True)
    sources = sources_of(("a", "2025-06-01", False), ("b", "2025-06-01", False))
    stale_kind = sorted(grading.CURRENCY_KINDS)[0]
    conflicts = pd.DataFrame(
        [["a-3", "assad-falls", stale_kind, "describes the Assad government as standing", "Reuters, 2024-12-08"]],
        columns=grading.CONFLICT_COLUMNS,
    )
    graded, claimed = run(sources, claims, taxonomy, links=LINK[:0], conflicts=conflicts)
    score = graded.set_index("source_id")["reliability_rationale"].str.extract(r"score (-?[\d.]+)")[0].astype(float)
    assert score["a"] == score["b"] + grading.STALE_WEIGHT
    assert "out of date: 1 claim(s)" in why(graded, "a") and "assad-falls" in why(graded, "a")
    row = claimed.set_index("claim_id").loc["a-3"]
    assert row["credibility"] >= grading.REFERENCE_FLOOR and "Reuters, 2024-12-08" in row["credibility_rationale"]


def test_a_fact_several_independent_origins_state_never_reads_improbable(taxonomy):
    texts = plain("aa", 12)
    claims = claims_of("a", texts, n_independent=[3, 2] + [1] * 10)
    sources = sources_of(("a", "", True)).assign(publisher="", n_placeholder_lines=4)
    graded, claimed = run(sources, claims, taxonomy, links=LINK[:0], analyst={"a": "E"})
    by_id = claimed.set_index("claim_id")
    assert by_id.loc["a-2", "credibility"] == 4  # uncorroborated, from an E source, but nothing contradicts it
    assert "nothing contradicts it" in by_id.loc["a-2", "credibility_rationale"]
    assert by_id.loc["a-0", "credibility"] <= 2 and "3 independent origins" in by_id.loc["a-0", "credibility_rationale"]
    assert by_id.loc["a-1", "credibility"] <= 3


def test_the_sources_table_shows_each_grade_with_its_reasons():
    from helpers.present.briefing import Briefing

    b = Briefing()
    table = b.inventory()
    assert list(table.columns[-2:]) == ["Grade", "Why this grade"]
    shown = dict(zip(table["Title"], table["Why this grade"]))
    for title, why_ in zip(b.sources["title"], b.sources["reliability_rationale"]):
        assert shown[title] == why_ and len(why_) > 20
