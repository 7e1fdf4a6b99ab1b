"""ACH over evidence items and the key judgments' estimates, on small frames written here."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from helpers import schema
from helpers.analysis import ach
from helpers.config import Judgment, load_hypotheses, load_taxonomy

H = ["H1", "H2", "H3"]


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _write(tmp_path, rules, **extra):
    path = tmp_path / "hypotheses.yml"
    body = {
        "hypotheses": {h: {"label": f"label {h}", "statement": "s"} for h in H},
        "credibility_weights": {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.1},
        "rules": rules,
        **extra,
    }
    path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return path


RULES = [
    {"name": "withheld", "flow": {"giver": "Russia", "receiver": "Iran"}, "denied": True,
     "cells": {"H1": "I", "H2": "C", "H3": "C"}},
    {"name": "russia gives", "flow": {"giver": "Russia", "receiver": "Iran"}, "cells": {"H1": "C", "H2": "C", "H3": "I"}},
    {"name": "iran gives", "flow": {"giver": "Iran", "receiver": "Russia"}, "cells": {"H1": "C", "H2": "I", "H3": "C"}},
    {"name": "friction", "stances": ["divergence"], "cells": {"H1": "I", "H2": "C", "H3": "NA"}},
]  # fmt: skip


@pytest.fixture
def hyp(tmp_path, taxonomy):
    return load_hypotheses(_write(tmp_path, RULES), taxonomy)


def _claims(rows) -> pd.DataFrame:
    """(claim_id, source_id, text, stance, credibility, group_id, dated) -> the columns ACH reads."""
    frame = pd.DataFrame(rows, columns=["claim_id", "source_id", "text", "stance", "credibility", "group_id", "dated"])
    day = pd.Timestamp("2024-05-01")
    return frame.assign(
        area="",
        theme="military",
        actors=[["Iran", "Russia"]] * len(frame),
        modality="asserted",
        date_start=frame["dated"].map({True: day, False: pd.NaT}),
        date_end=frame["dated"].map({True: day, False: pd.NaT}),
        n_independent=1,
        is_filler=False,
        is_rejected=False,
    ).drop(columns="dated")


def cid(n: int) -> str:
    return f"c{n:011x}"


# --- hypotheses that exclude each other --------------------------------------------------------------


def test_hypotheses_alike_in_every_rule_get_a_one_line_warning(tmp_path, capsys):
    same = [{"name": "r", "stances": ["cooperation"], "cells": {"H1": "C", "H2": "C", "H3": "I"}}]
    load_hypotheses(_write(tmp_path, same))
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning:") and "H1 and H2 share every consistent item" in err[0]
    load_hypotheses(_write(tmp_path, RULES))
    assert capsys.readouterr().err == ""


def test_the_matrix_warns_when_two_hypotheses_fit_the_same_items(hyp, taxonomy):
    claims = _claims([(cid(1), "a", "Iran supplies drones to Russia.", "context", 3, "", True)])
    matrix = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)
    assert ach.overlaps(matrix, hyp) == [
        "H1 and H3 share every consistent item (1); they do not exclude each other: "
        "restate one, or add a rule that tells them apart"
    ]


def test_a_rule_must_rate_every_hypothesis(tmp_path):
    from helpers.errors import InputError

    with pytest.raises(InputError, match="gives no cell for H3"):
        load_hypotheses(_write(tmp_path, [{"name": "r", "stances": ["cooperation"], "cells": {"H1": "C", "H2": "C"}}]))


# --- direction, restatements, rulings, unrated -----------------------------------------------------------


def test_who_gives_to_whom_decides_the_rule(hyp, taxonomy):
    claims = _claims(
        [
            (cid(1), "a", "Iranian officials delivered attack drones to Russia last year.", "cooperation", 3, "", True),
            (cid(2), "b", "Moscow sold fighter jets to Tehran.", "cooperation", 3, "", True),
            (cid(3), "c", "Russia refused to supply its newest air defences to Iran.", "divergence", 3, "", True),
        ]
    )
    basis = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)["basis"].to_dict()
    assert basis == {cid(1): "iran gives", cid(2): "russia gives", cid(3): "withheld"}


def test_one_source_restating_one_thesis_is_one_item(hyp, taxonomy):
    claims = _claims(
        [(cid(i), "a", f"Moscow and Tehran disagree on point {i}.", "divergence", 4, "", False) for i in range(1, 4)]
        + [(cid(9), "b", "Moscow and Tehran disagree again.", "divergence", 4, "", False)]
    )
    matrix = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)
    assert sorted(matrix["n_claims"]) == [1, 3] and len(matrix) == 2
    assert ach.rank_hypotheses(matrix).loc["H1", "n_inconsistent"] == 2


def test_a_group_across_sources_is_one_item_with_its_best_member(hyp, taxonomy):
    g = "g0000000000a"
    claims = _claims(
        [
            (cid(1), "a", "Russia sold fighter jets to Iran.", "cooperation", 4, g, False),
            (cid(2), "b", "Russia sold fighter jets to Iran in 2024.", "cooperation", 2, g, True),
        ]
    )
    row = ach.ach_matrix(claims, hyp, taxonomy=taxonomy).loc[g]
    assert (row["claim_ids"], row["source_ids"], row["credibility"]) == (f"{cid(1)};{cid(2)}", "a;b", 2)
    assert row["is_dated"] and row["weight"] == 0.8


def test_undated_items_weigh_less(hyp, taxonomy):
    claims = _claims([(cid(1), "a", "Russia sold fighter jets to Iran.", "cooperation", 2, "", False)])
    assert ach.ach_matrix(claims, hyp, taxonomy=taxonomy)["weight"].iloc[0] == 0.4  # 0.8 x undated_weight 0.5


def test_items_no_rule_fits_are_listed_as_unrated(hyp, taxonomy):
    claims = _claims(
        [
            (cid(1), "a", "Both capitals hosted a cultural festival.", "cooperation", 3, "", True),
            (cid(2), "b", "Russia sold fighter jets to Iran.", "cooperation", 3, "", True),
        ]
    )
    matrix = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)
    listed = ach.unrated(matrix)
    assert list(listed.index) == [cid(1)] and listed.loc[cid(1), H].tolist() == ["?"] * 3
    assert matrix.loc[cid(2), "status"] == "suggested"


def test_a_ruling_wins_and_the_suggestion_stays_visible(tmp_path, taxonomy):
    hyp = load_hypotheses(_write(tmp_path, RULES, ach={cid(2): {"H3": "C"}}), taxonomy)
    claims = _claims([(cid(2), "b", "Russia sold fighter jets to Iran.", "cooperation", 3, "", True)])
    row = ach.ach_matrix(claims, hyp, taxonomy=taxonomy).loc[cid(2)]
    assert row[H].tolist() == ["C", "C", "C"] and row["status"] == "ruled"
    assert row["suggested"] == "H1 C H2 C H3 I"


def test_standings_sum_to_one_and_follow_inconsistency(hyp, taxonomy):
    claims = _claims([(cid(1), "a", "Russia sold fighter jets to Iran.", "cooperation", 1, "", True)])
    p = ach.standings(ach.ach_matrix(claims, hyp, taxonomy=taxonomy))
    assert abs(p.sum() - 1) < 0.01 and p["H3"] < p["H1"] == p["H2"]


# --- the judgments --------------------------------------------------------------------------------------


def _judge(claim_ids, hypothesis="H1", confidence="high", supports=True, text="Russia arms Iran."):
    return Judgment(text=text, hypothesis=hypothesis, confidence=confidence, supports=supports, claims=list(claim_ids))


def _sources(origins: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"source_id": list(origins), "origin_id": list(origins.values())})


NO_PAIRS = pd.DataFrame(columns=["claim_id_a", "claim_id_b", "status"])
ARMS = [
    (cid(1), "a", "Russia sold fighter jets to Iran.", "cooperation", 2, "", True),
    (cid(2), "b", "Russia delivered tanks to Iran.", "cooperation", 2, "", True),
    (cid(3), "c", "Russia sent radars to Iran.", "cooperation", 2, "", True),
    (cid(4), "d", "Iranian crews delivered drones to Russia.", "cooperation", 2, "", True),
]


def _estimate(hyp, taxonomy, judgment, origins, pairs=NO_PAIRS, rows=ARMS):
    claims = _claims(rows)
    matrix = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)
    return ach.judgment_estimates([judgment], matrix, claims, _sources(origins), pairs).iloc[0]


def test_items_from_a_single_origin_allow_at_most_likely_and_low_confidence(hyp, taxonomy):
    one = {"a": "a", "b": "a", "c": "a", "d": "a"}
    row = _estimate(hyp, taxonomy, _judge([cid(1), cid(2), cid(3)]), one)
    assert (row["likelihood_word"], row["confidence"], row["n_independent_origins"]) == ("likely", "low", 1)
    assert (row["probability_low"], row["probability_high"]) == (0.55, 0.80)
    three = {"a": "a", "b": "b", "c": "c", "d": "d"}
    row = _estimate(hyp, taxonomy, _judge([cid(1), cid(2), cid(3)]), three)
    assert row["likelihood_word"] in ("very likely", "almost certain") and row["confidence"] == "high"


def test_contradicted_items_lower_the_estimate(hyp, taxonomy):
    three = {"a": "a", "b": "b", "c": "c", "d": "d"}
    clean = _estimate(hyp, taxonomy, _judge([cid(1), cid(2), cid(3)]), three)
    pairs = pd.DataFrame({"claim_id_a": [cid(1)], "claim_id_b": [cid(4)], "status": ["open"]})
    disputed = _estimate(hyp, taxonomy, _judge([cid(1), cid(2), cid(3)]), three, pairs)
    ladder = [w for w, _, _ in ach.ICD203]
    assert disputed["n_contradicted"] == 1
    assert ladder.index(disputed["likelihood_word"]) == ladder.index(clean["likelihood_word"]) - 1
    assert disputed["confidence"] == "moderate"


def test_the_estimate_is_the_judgments_own_not_the_hypothesis_share(hyp, taxonomy):
    three = {"a": "a", "b": "b", "c": "c", "d": "d"}
    claims = _claims(ARMS)
    matrix = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)
    judged = [_judge([cid(1), cid(2)], text="one"), _judge([cid(4)], text="two", hypothesis="H1", supports=False)]
    table = ach.judgment_estimates(judged, matrix, claims, _sources(three), NO_PAIRS)
    assert table["likelihood_word"].nunique() == 2  # same hypothesis, different evidence, different words


def test_the_rationale_says_why_in_one_line(hyp, taxonomy):
    one = {"a": "a", "b": "a", "c": "a", "d": "a"}
    row = _estimate(hyp, taxonomy, _judge([cid(1), cid(2), cid(3)]), one)
    assert row["rationale"] == (
        "3 items (3 fit, 0 against, 0 unrated), 1 independent origin, mean credibility 2.0, 0 contradicted; "
        "H1 standing 0.65 -> likely (at most likely: one origin); low confidence"
    )
    assert "\n" not in row["rationale"]


def test_judgments_table_has_the_contract_columns_and_is_byte_identical(hyp, taxonomy, tmp_path):
    one = {"a": "a", "b": "a", "c": "a", "d": "a"}
    claims = _claims(ARMS)
    matrix = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)
    judged = [_judge([cid(1)], text="first"), _judge([cid(4)], text="second")]

    def written(order, folder):
        table = ach.judgment_estimates(order, matrix, claims, _sources(one), NO_PAIRS)
        schema.write({"judgments": schema.coerce("judgments", table)}, folder)
        return (folder / "judgments.csv").read_bytes()

    first, again = written(judged, tmp_path / "one"), written(judged, tmp_path / "two")
    assert first == again
    assert first.decode().splitlines()[0] == ",".join(schema.TABLES["judgments"])
    reordered = schema.read("judgments", tmp_path / "one" / "judgments.csv")
    assert reordered["judgment_id"].tolist() == [j.judgment_id for j in judged]
    assert _judge([cid(1)], text="first").judgment_id == judged[0].judgment_id  # ids from the words


def test_sensitivity_matches_a_full_rebuild(hyp, taxonomy):
    claims = _claims(ARMS + [(cid(5), "a", "Moscow and Tehran disagree.", "divergence", 5, "", False)])
    sources = pd.DataFrame({"source_id": list("abcd"), "reliability": list("BBCE")})
    for row in ach.sensitivity(claims, hyp, sources, taxonomy=taxonomy).to_dict("records"):
        left_out = row["left_out"].split(";") if row["left_out"] else ()
        ranked = ach.rank_hypotheses(ach.ach_matrix(claims, hyp, exclude_sources=left_out, taxonomy=taxonomy))
        assert row["ranking"] == " > ".join(ranked.index), row["scenario"]


def test_a_claim_the_reference_timeline_contradicts_counts_as_contradicted(hyp, taxonomy):
    three = {"a": "a", "b": "b", "c": "c", "d": "d"}
    claims = _claims(ARMS)
    matrix = ach.ach_matrix(claims, hyp, taxonomy=taxonomy)
    judged = [_judge([cid(1), cid(2), cid(3)])]
    table = ach.judgment_estimates(judged, matrix, claims, _sources(three), NO_PAIRS, against_record={cid(2)})
    assert table.loc[0, "n_contradicted"] == 1 and "1 contradicted" in table.loc[0, "rationale"]
