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
