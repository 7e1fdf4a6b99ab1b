"""Tagging against a small hand-labelled set the tests own; precision and recall are printed."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from helpers.build.extract import Tagger
from helpers.config import load_cleaning, load_taxonomy

from conftest import FIXTURES, METRICS

LABELLED = yaml.safe_load((FIXTURES / "labelled_claims.yml").read_text(encoding="utf-8"))
# Floors below the measured scores, so a change that makes tagging worse fails loudly.
FLOORS = {"theme": 0.7, "area": 0.7, "stance": 0.7, "modality": 0.7, "attribution": 0.8}


@pytest.fixture(scope="module")
def predictions() -> list[dict]:
    tagger = Tagger(load_taxonomy(), load_cleaning())
    from datetime import date

    return [tagger.tag(item["text"], "", date(2025, 1, 1), False) for item in LABELLED]


def _macro(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Accuracy, macro precision and macro recall over the labels that occur."""
    labels = {t for t, _ in pairs} | {p for _, p in pairs}
    tp, fp, fn = Counter(), Counter(), Counter()
    for truth, pred in pairs:
        if truth == pred:
            tp[truth] += 1
        else:
            fp[pred] += 1
            fn[truth] += 1
    precision = [tp[x] / (tp[x] + fp[x]) for x in labels if tp[x] + fp[x]]
    recall = [tp[x] / (tp[x] + fn[x]) for x in labels if tp[x] + fn[x]]
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    return accuracy, sum(precision) / len(precision), sum(recall) / len(recall)


@pytest.mark.parametrize("field", list(FLOORS))
def test_tag_accuracy(field, predictions):
    pairs = [(item[field] or "", pred[field]) for item, pred in zip(LABELLED, predictions) if field in item]
    accuracy, precision, recall = _macro(pairs)
    METRICS[f"tagging {field:11}"] = (
        f"n={len(pairs):2}  accuracy {accuracy:.2f}  macro precision {precision:.2f}  macro recall {recall:.2f}"
    )
    wrong = [
        (item["text"][:60], item[field], pred[field])
        for item, pred in zip(LABELLED, predictions)
        if field in item and (item[field] or "") != pred[field]
    ]
    assert accuracy >= FLOORS[field], f"{field} accuracy {accuracy:.2f}; misses: {wrong}"


def test_actor_precision_and_recall(predictions):
    tp = fp = fn = 0
    for item, pred in zip(LABELLED, predictions):
        if "actors" not in item:
            continue
        truth, found = set(item["actors"]), set(filter(None, pred["actors"].split(";")))
        tp, fp, fn = tp + len(truth & found), fp + len(found - truth), fn + len(truth - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    METRICS["tagging actors     "] = f"precision {precision:.2f}  recall {recall:.2f}"
    assert precision >= 0.85 and recall >= 0.85


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Understanding this intricate bond is crucial for grasping the wider region.", True, id="meta filler"
        ),
        pytest.param("This article delves into the history of the partnership.", True, id="this article"),
        pytest.param("Iran supplied drones to Russia in 2022.", False, id="a fact"),
    ],
)
def test_filler(text, expected):
    tagger = Tagger(load_taxonomy(), load_cleaning())
    assert tagger.tag(text, "", None, False)["is_filler"] is expected


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_taxonomy(), load_cleaning())


@pytest.mark.parametrize(
    "text, context, expected",
    [
        pytest.param("The Russia-Iran relationship deepened.", [], {"Russia", "Iran"}, id="hyphenated pair"),
        pytest.param("Russo-Iranian ties grew.", [], {"Russia", "Iran"}, id="combining form"),
        pytest.param(
            "U.S.-Iran talks stalled; Armenia‑Iran trade grew.",
            [],
            {"United States", "Iran", "Armenia"},
            id="dots and U+2011",
        ),
        pytest.param("The IRGC fired missiles.", [], {"IRGC", "Iran"}, id="IRGC belongs to Iran"),
        pytest.param("The Quds Force trained them.", [], {"Quds Force", "IRGC", "Iran"}, id="affiliation chain"),
        pytest.param("The UNSC met.", [], {"UN Security Council", "United Nations"}, id="UNSC belongs to the UN"),
        pytest.param(
            "North Korea, Belarus and Venezuela abstained.", [], {"North Korea", "Belarus", "Venezuela"}, id="gazetteer"
        ),
        pytest.param(
            "Pyongyang sent shells; Belarusian and Venezuelan envoys came.",
            [],
            {"North Korea", "Belarus", "Venezuela"},
            id="capitals and demonyms",
        ),
        pytest.param(
            "Armenia and Azerbaijan signed a deal; both countries gain.",
            [],
            {"Armenia", "Azerbaijan"},
            id="both countries: named in the sentence",
        ),
        pytest.param(
            "Both countries signed the deal.",
            ["Armenia", "Azerbaijan"],
            {"Armenia", "Azerbaijan"},
            id="both countries: the sentences before",
        ),
        pytest.param(
            "Both countries signed the deal.",
            ["Israel", "Masoud Pezeshkian"],
            {"Israel", "Iran"},
            id="the state of a person named before",
        ),
        pytest.param(
            "Both countries backed Assad.",
            [],
            {"Russia", "Iran", "Syria", "Bashar al-Assad"},
            id="both countries: the principals by default",
        ),
        pytest.param(
            "The two signed a treaty in Baku.",
            ["Turkey", "Azerbaijan"],
            {"Turkey", "Azerbaijan"},
            id="bare the two before a verb",
        ),
        pytest.param(
            "In the two years since, trade grew.",
            ["Turkey", "Azerbaijan"],
            set(),
            id="the two before a noun is no pair",
        ),
        pytest.param("They ate turkey and drank from china cups.", [], set(), id="lower-case words name no state"),
        pytest.param("The drills took place in the Gulf of Oman.", [], set(), id="a sea named after a state"),
    ],
)
def test_actors(tagger, text, context, expected):
    assert set(tagger.actors(text, context)) == expected


def test_states_named_keeps_reading_order(tagger):
    states = tagger.states_named(["Lavrov met Araghchi in Moscow.", "Erdogan called Aliyev; the two spoke at length."])
    assert states[-2:] == ["Turkey", "Azerbaijan"] and states[:2] == ["Russia", "Iran"]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Moscow is not ready to provide Tehran with military assistance.", "divergence", id="negated cue"),
        pytest.param(
            "Russia sees no reason to curtail its cooperation with Iran.", "cooperation", id="double negation"
        ),
        pytest.param("Russia suspended its cooperation with Iran.", "divergence", id="suspended cooperation"),
        pytest.param("Iran supported Syria throughout the war.", "context", id="one principal and another state"),
    ],
)
def test_stance_rules(tagger, text, expected):
    assert tagger.tag(text, "", None, False)["stance"] == expected


@pytest.mark.parametrize(
    "text, field, expected",
    [
        pytest.param(
            "On May 17, 2023, Russia and Iran signed an agreement.", "modality", "asserted", id="May the month"
        ),
        pytest.param(
            "The pipeline, which won't be completed until 2005, helps Iran.",
            "modality",
            "asserted",
            id="relative clause",
        ),
        pytest.param(
            '"Risks are high," wrote Russian political scientist Andrei Kortunov.',
            "attribution",
            "Andrei Kortunov",
            id="name after a description",
        ),
        pytest.param(
            "The Iranian foreign ministry said Tehran would respond.",
            "attribution",
            "Iranian foreign ministry",
            id="ministry",
        ),
        pytest.param(
            "The Iranian president added that the railway was a priority.",
            "modality",
            "reported",
            id="attributed is reported",
        ),
    ],
)
def test_modality_and_attribution(tagger, text, field, expected):
    assert tagger.tag(text, "", None, False)[field] == expected
