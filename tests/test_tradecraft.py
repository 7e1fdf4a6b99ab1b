"""Cross-checks and tradecraft on sentences the tests own: grouping, contradictions, grades, ACH.

The labelled sentences in tests/fixtures/tradecraft_claims.yml were written for these tests,
with look-alikes that share words but not facts, so precision can fail as well as recall.
Precision and recall are printed at the end of the run.
"""

from __future__ import annotations

import math
import shutil
from itertools import combinations

import pandas as pd
import pytest
import yaml

from helpers import paths
from helpers.analysis.ach import ach_matrix, diagnosticity, indicators, likelihood_word, rank_hypotheses, sensitivity
from helpers.build import crosscheck
from helpers.build.extract import Tagger, claim_id
from helpers.build.pipeline import run
from helpers.config import Curation, load_cleaning, load_hypotheses, load_taxonomy
from helpers.errors import InputError
from helpers.present.labels import corroboration_label

from conftest import FIXTURES, METRICS, settings_for

LABELLED = yaml.safe_load((FIXTURES / "tradecraft_claims.yml").read_text(encoding="utf-8"))
ARTICLE = FIXTURES / "tradecraft_article.txt"
# Floors below the measured scores, so a change that makes matching worse fails loudly.
FLOORS = {"grouping": (0.85, 0.9), "contradictions": (0.9, 0.8)}


# --- the labelled set ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def labelled(taxonomy) -> pd.DataFrame:
    """The fixture's claims, tagged by the real tagger as the build would tag them."""
    tagger = Tagger(taxonomy, load_cleaning())
    rows = []
    for n, (label, item) in enumerate(LABELLED["claims"].items()):
        published = LABELLED["sources"][item["source"]]
        row = {
            "claim_id": claim_id(item["source"], item["text"]),
            "source_id": item["source"],
            "text": item["text"],
            "char_start": n,
            "label": label,
            "truth_group": item.get("group", ""),
        }
        row.update(tagger.tag(item["text"], "", published, False))
        rows.append(row)
    return pd.DataFrame(rows).assign(is_rejected=False, is_filler=False)


@pytest.fixture(scope="module")
def checked(labelled, taxonomy):
    """Groups and contradictions found in the labelled claims (each source its own origin)."""
    claims = labelled.copy()
    words = crosscheck.Words(claims["text"], taxonomy)
    groups, per_claim = crosscheck.corroboration(claims, words, taxonomy, {s: s for s in LABELLED["sources"]})
    claims = claims.join(per_claim)
    stances = crosscheck.stances(claims, taxonomy, crosscheck.fact_pairs(claims, words, taxonomy))
    disputes = crosscheck.disputes(stances, claims, taxonomy, Curation(), "curation.yml")
    pairs = crosscheck.contradictions(disputes, claims, Curation(), "curation.yml")
    return claims, groups, pairs


def _score(name: str, found: set, truth: set) -> tuple[float, float]:
    precision = len(found & truth) / len(found) if found else 1.0
    recall = len(found & truth) / len(truth)
    METRICS[f"tradecraft {name:14}"] = (
        f"n={len(truth):2} true pairs, {len(found):2} found  precision {precision:.2f}  recall {recall:.2f}"
    )
    return precision, recall


def test_grouping_precision_and_recall(checked):
    claims, _, _ = checked
    cross = [(a, b) for a, b in combinations(claims.itertuples(), 2) if a.source_id != b.source_id]
    truth = {(a.label, b.label) for a, b in cross if a.truth_group and a.truth_group == b.truth_group}
    found = {(a.label, b.label) for a, b in cross if a.group_id and a.group_id == b.group_id}
    precision, recall = _score("grouping", found, truth)
    floor_p, floor_r = FLOORS["grouping"]
    assert precision >= floor_p and recall >= floor_r, f"wrong: {sorted(found - truth)}; missed: {truth - found}"


def test_contradiction_precision_and_recall(checked):
    claims, _, pairs = checked
    label = dict(zip(claims["claim_id"], claims["label"]))
    found = {
        (frozenset((label[a], label[b])), kind)
        for a, b, kind in pairs[["claim_id_a", "claim_id_b", "kind"]].itertuples(index=False)
    }
    truth = {(frozenset((a, b)), kind) for a, b, kind in LABELLED["contradictions"]}
    precision, recall = _score("contradictions", found, truth)
    floor_p, floor_r = FLOORS["contradictions"]
    assert precision >= floor_p and recall >= floor_r, f"wrong: {found - truth}; missed: {truth - found}"


def test_a_negated_look_alike_is_not_corroboration(checked):
    claims, _, _ = checked
    by = claims.set_index("label")["group_id"]
    assert by["s400_a"] and by["s400_a"] == by["s400_d"] and by["s400_not_b"] != by["s400_a"]


def test_overtaken_forecast_links_the_report(checked):
    claims, _, pairs = checked
    ids = claims.set_index("label")["claim_id"]
    overtaken = crosscheck.overtaken_by(claims, pairs, LABELLED["sources"])
    assert overtaken[claims["label"] == "treaty_will_a"].item() == ids["treaty_done_e"]
    assert (overtaken != "").sum() == 1  # 'would' and a 2001 treaty report no outcome


def test_group_ids_come_from_content(checked, labelled, taxonomy):
    _, groups, _ = checked
    shuffled = labelled.sample(frac=1, random_state=3).reset_index(drop=True)
    again, _ = crosscheck.corroboration(
        shuffled, crosscheck.Words(shuffled["text"], taxonomy), taxonomy, {s: s for s in LABELLED["sources"]}
    )
    assert again.equals(groups) and groups["group_id"].str.match(r"^g[0-9a-f]{11}$").all()


def test_sources_sharing_a_long_passage_are_one_origin(taxonomy):
    shared = "The attack on the depot shows how far the two navies have come in only five years of joint patrols"
    texts = [f"Analysts wrote that {shared.lower()}.", f"{shared}.", "The depot was attacked by drones last week."]
    claims = pd.DataFrame({"source_id": ["x", "y", "z"], "text": texts})
    links = crosscheck.copy_links(claims, crosscheck.Words(claims["text"], taxonomy), taxonomy)
    origin = crosscheck.origins(["x", "y", "z"], links)
    assert origin == {"x": "x", "y": "x", "z": "z"}


def test_corroboration_label():
    frame = pd.DataFrame({"n_sources": [1, 3], "n_independent": [1, 2]})
    assert corroboration_label(frame).tolist() == ["1 source", "3 sources (2 independent)"]


# --- likelihood words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "p, word",
    [
        (0.0, "almost no chance"),
        (0.05, "almost no chance"),
        (0.06, "very unlikely"),
        (0.2, "very unlikely"),
        (0.3, "unlikely"),
        (0.5, "roughly even chance"),
        (0.55, "roughly even chance"),
        (0.62, "likely"),
        (0.85, "very likely"),
        (0.96, "almost certain"),
        (1.0, "almost certain"),
    ],
)
def test_likelihood_word_bands(p, word):
    assert likelihood_word(p) == word


def test_likelihood_word_rejects_a_probability_outside_0_1():
    with pytest.raises(ValueError):
        likelihood_word(1.2)


# --- ACH on a toy evidence base ----------------------------------------------------------------------


def _toy_claims(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    """(claim_id, source_id, stance, credibility) -> the columns ach_matrix reads."""
    frame = pd.DataFrame(rows, columns=["claim_id", "source_id", "stance", "credibility"])
    return frame.assign(
        text="toy",
        area="",
        theme="military",
        actors=[["Iran", "Russia"]] * len(frame),
        modality="asserted",
        date_start=pd.Timestamp("2024-01-01"),
        date_end=pd.Timestamp("2024-01-01"),
        group_id="",
        n_independent=1,
        is_filler=False,
        is_rejected=False,
    )


@pytest.fixture
def toy_hypotheses(tmp_path):
    path = tmp_path / "hypotheses.yml"
    path.write_text(
        yaml.safe_dump(
            {
                "hypotheses": {
                    "H1": {"label": "Alliance", "statement": "s"},
                    "H2": {"label": "Convenience", "statement": "s"},
                },
                "credibility_weights": {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.1},
                "rules": [
                    {"name": "friction", "stances": ["divergence"], "cells": {"H1": "I", "H2": "C"}},
                    {"name": "together", "stances": ["cooperation"], "cells": {"H1": "C", "H2": "C"}},
                ],
            }
        ),
        encoding="utf-8",
    )
    return load_hypotheses(path)


def test_ach_ranks_the_least_inconsistent_first_and_moves_with_evidence(toy_hypotheses):
    base = [("c000000000a1", "a", "cooperation", 2), ("c000000000a2", "b", "cooperation", 3)]
    ranked = rank_hypotheses(ach_matrix(_toy_claims(base), toy_hypotheses))
    assert ranked.loc["H1", "inconsistency"] == ranked.loc["H2", "inconsistency"] == 0
    against = base + [("c000000000a3", "c", "divergence", 2)]
    ranked = rank_hypotheses(ach_matrix(_toy_claims(against), toy_hypotheses))
    assert list(ranked.index) == ["H2", "H1"] and ranked.loc["H1", "inconsistency"] == 0.8


def test_diagnosticity_puts_discriminating_evidence_first(toy_hypotheses):
    claims = _toy_claims([("c000000000a1", "a", "cooperation", 1), ("c000000000a2", "b", "divergence", 3)])
    ranked = diagnosticity(ach_matrix(claims, toy_hypotheses))
    assert list(ranked.index) == ["c000000000a2"]  # consistent with both: no diagnostic value


def test_standings_sum_to_one_and_ignore_evidence_that_fits_every_hypothesis(toy_hypotheses):
    from helpers.analysis.ach import standings

    claims = _toy_claims(
        [
            ("c000000000a1", "a", "cooperation", 1),
            ("c000000000a2", "b", "divergence", 1),
            ("c000000000a3", "c", "divergence", 3),
        ]
    )
    p = standings(ach_matrix(claims, toy_hypotheses))
    assert abs(p.sum() - 1) < 0.005 and p["H2"] > p["H1"]
    without = standings(ach_matrix(claims[claims["stance"] != "cooperation"], toy_hypotheses))
    assert p.equals(without)  # the cooperation claim fits both, so it does not count
    assert p["H1"] == round(1 / (1 + math.exp(1.6)), 3)  # 1.0 + 0.6 weighted inconsistency against H1


def test_sensitivity_leaves_out_each_source_and_the_lowest_graded(toy_hypotheses):
    claims = _toy_claims(
        [
            ("c000000000a1", "a", "divergence", 5),
            ("c000000000a2", "b", "cooperation", 2),
            ("c000000000a3", "b", "cooperation", 2),
        ]
    )
    sources = pd.DataFrame({"source_id": ["a", "b"], "reliability": ["E", "B"]})
    table = sensitivity(claims, toy_hypotheses, sources).set_index("scenario")
    assert table.loc["all sources", "ranking"] == "H2 > H1"
    assert table.loc["without the lowest-graded", "left_out"] == "a"
    assert table.loc["without a", "inconsistency_H1"] == 0 and table.loc["without b", "inconsistency_H1"] == 0.2


def test_a_per_claim_cell_wins_over_the_rules(toy_hypotheses):
    claims = _toy_claims([("c000000000a1", "a", "cooperation", 2)])
    hyp = toy_hypotheses.model_copy(update={"ach": {"c000000000a1": {"H2": "I"}}})
    assert ach_matrix(claims, hyp).loc["c000000000a1", ["H1", "H2"]].tolist() == ["C", "I"]


def test_indicators_list_the_claims_that_bear_on_them(labelled):
    hyp = load_hypotheses(paths.HYPOTHESES)
    table = indicators(labelled, hyp).set_index("indicator")
    ids = labelled.set_index("label")["claim_id"]
    assert ids["s400_a"] in table.loc["s400_su35", "claim_ids"]
    assert ids["wheat_c"] not in ";".join(table["claim_ids"])


# --- the build: grades, curation and a new article ---------------------------------------------------

pipeline = pytest.mark.slow


def _with_hypotheses(data):
    shutil.copy(paths.HYPOTHESES, data / "hypotheses.yml")
    return settings_for(data)


@pipeline
def test_grades_are_stable_and_explained(corpus_dir):
    settings = _with_hypotheses(corpus_dir)
    first = run(settings, progress=False)
    again = run(settings, progress=False)
    graded = ["reliability", "reliability_rationale"]
    assert first.sources[graded].equals(again.sources[graded])
    assert first.claims["credibility"].equals(again.claims["credibility"])
    assert (
        set(first.sources["reliability"]) <= set("BCDE") and first.sources["reliability_rationale"].str.len().min() > 20
    )
    copies = first.sources.set_index("source_id")["origin_id"]
    assert copies["unpacking-a-strategic-alliance"] == copies["unraveling-a-complex-partnership"]  # the Assad sentence


@pipeline
def test_curation_decisions_and_overrides_survive_rebuilds(corpus_dir):
    settings = _with_hypotheses(corpus_dir)
    built = run(settings, progress=False)
    first, second = built.contradictions.iloc[0], built.contradictions.iloc[1]
    target = built.claims["claim_id"].iloc[20]
    (corpus_dir / "curation.yml").write_text(
        yaml.safe_dump(
            {
                "claims": {target: {"credibility": 1}},
                "contradictions": {
                    f"{first.claim_id_b} {first.claim_id_a}": {"status": "dismissed", "note": "same thing"},
                    f"{second.claim_id_a} {second.claim_id_b}": {"status": "confirmed"},
                },
            }
        ),
        encoding="utf-8",
    )
    meta = pd.read_csv(corpus_dir / "sources.csv", dtype=str, keep_default_na=False)
    meta.loc[meta["source_id"] == "unpacking-a-strategic-alliance", "reliability"] = "B"
    meta.to_csv(corpus_dir / "sources.csv", index=False)
    run(settings, progress=False)
    shutil.copy(ARTICLE, corpus_dir / "sources" / "tradecraft-article.txt")
    out = run(settings, progress=False)
    pairs = out.contradictions.set_index(["claim_id_a", "claim_id_b"])
    assert pairs.loc[(first.claim_id_a, first.claim_id_b), ["status", "note"]].tolist() == ["dismissed", "same thing"]
    assert pairs.loc[(second.claim_id_a, second.claim_id_b), "status"] == "confirmed"
    claims = out.claims.set_index("claim_id")
    assert (
        claims.loc[target, "credibility"] == 1 and "set by the analyst" in claims.loc[target, "credibility_rationale"]
    )
    assert out.sources.set_index("source_id").loc["unpacking-a-strategic-alliance", "reliability"] == "B"


@pipeline
def test_a_new_article_updates_groups_contradictions_and_grades(corpus_dir):
    settings = _with_hypotheses(corpus_dir)
    before = run(settings, progress=False)
    shutil.copy(ARTICLE, corpus_dir / "sources" / "tradecraft-article.txt")
    after = run(settings, progress=False)
    new = set(after.claims.loc[after.claims["source_id"] == "tradecraft-article", "claim_id"])
    pairs = after.contradictions
    touched = pairs[pairs["claim_id_a"].isin(new) | pairs["claim_id_b"].isin(new)]
    assert set(touched["kind"]) == {"delivered_vs_withheld"}
    assert any(new & set(ids) for ids in after.claim_groups["claim_ids"])
    assert len(after.claim_groups) > len(before.claim_groups)
    assert after.sources.set_index("source_id").loc["tradecraft-article", "reliability"] in set("BCDE")


@pipeline
def test_a_curated_pair_that_no_longer_exists_is_an_error(corpus_dir):
    (corpus_dir / "curation.yml").write_text(
        "contradictions:\n  c000000000aa c000000000bb:\n    status: dismissed\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="c000000000aa c000000000bb"):
        run(_with_hypotheses(corpus_dir), progress=False)


@pipeline
def test_ach_on_the_real_evidence_ranks_every_hypothesis(corpus_dir):
    built = run(_with_hypotheses(corpus_dir), progress=False)
    tx = load_taxonomy(corpus_dir / "taxonomy.yml")
    hyp = load_hypotheses(corpus_dir / "hypotheses.yml", tx)
    claims = built.claims[~built.claims["is_filler"]]
    ranked = rank_hypotheses(ach_matrix(claims, hyp, taxonomy=tx))
    assert set(ranked.index) == set(hyp.hypotheses) and ranked["inconsistency"].is_monotonic_increasing
    assert len(sensitivity(claims, hyp, built.sources, taxonomy=tx)) == 2 + built.sources["source_id"].nunique()


def test_loaders_of_the_new_tables_give_proper_dtypes():
    from helpers.analysis.tables import load_claim_groups, load_claims, load_contradictions, load_events

    groups, pairs, claims = load_claim_groups(), load_contradictions(include_dismissed=True), load_claims()
    assert groups["n_independent"].dtype == "int64" and (groups["n_independent"] <= groups["n_sources"]).all()
    assert set(pairs["status"].astype(str)) <= {"open", "confirmed", "dismissed"}
    assert claims["credibility"].between(1, 6).all() and load_events()["n_independent"].dtype == "int64"
    grouped = claims[claims["group_id"] != ""]
    assert (grouped["n_sources"] >= 2).all() and set(grouped["group_id"]) <= set(groups["group_id"])


def test_sensitivity_matches_a_full_rebuild_for_every_scenario():
    """Leave-one-out reuses the rated claims; it must rank exactly as a matrix rebuilt without the source."""
    from helpers.analysis.tables import load_claims, load_sources

    claims, hyp, sources, tx = load_claims(), load_hypotheses(), load_sources(), load_taxonomy()
    fast = sensitivity(claims, hyp, sources, taxonomy=tx)
    assert len(fast) >= 1 + sources["source_id"].nunique()
    for row in fast.to_dict("records"):
        left_out = row["left_out"].split(";") if row["left_out"] else ()
        ranked = rank_hypotheses(ach_matrix(claims, hyp, exclude_sources=left_out, taxonomy=tx))
        assert row["ranking"] == " > ".join(ranked.index), row["scenario"]
        for h in hyp.hypotheses:
            assert row[f"inconsistency_{h}"] == ranked.at[h, "inconsistency"], (row["scenario"], h)
