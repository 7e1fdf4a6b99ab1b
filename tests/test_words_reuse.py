"""Grading reuses the words crosscheck.Words already found: the same phrases and passages as reading the texts anew."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pandas as pd
import pytest

from helpers.build import grading
from helpers.build.crosscheck import Words
from helpers.config import load_taxonomy
from helpers.text.patterns import WORD

PIECES = [
    "Iran",
    "RUSSIA",
    "signed",
    "the",
    "deal",
    "on",
    "drones",
    "Straße",
    "İstanbul",
    "don’t",
    "co-operate",
    "2022",
]


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _claims(rng: random.Random, n: int) -> pd.DataFrame:
    texts = []
    pool = [[rng.choice(PIECES) for _ in range(10)] for _ in range(3)]  # sentences several sources share
    for _ in range(n):
        words = [rng.choice(PIECES[: rng.randint(4, len(PIECES))]) for _ in range(rng.randint(0, 14))]
        words = list(rng.choice(pool)) if rng.random() < 0.3 else words
        if rng.random() < 0.3:  # a quotation long enough to be someone's words
            at = rng.randint(0, len(words))
            words[at:at] = ['"' + " ".join(rng.choice(PIECES) for _ in range(6)) + '"']
        texts.append(" ".join(words))
    return pd.DataFrame(
        {
            "claim_id": [f"c{i}" for i in range(n)],
            "source_id": [rng.choice("abcd") for _ in range(n)],
            "text": texts,
            "is_rejected": [rng.random() < 0.2 for _ in range(n)],
        }
    )


def _brute_stuffing(claims: pd.DataFrame) -> dict:
    """Each source's words in table order, every phrase counted; of equal counts the first said."""
    found = {}
    for sid, texts in claims[~claims["is_rejected"]].groupby("source_id", sort=True)["text"]:
        words = [w.casefold() for t in texts for w in WORD.findall(t)]
        grams = Counter(zip(*(words[i:] for i in range(grading.STUFFING_NGRAM))))
        phrase, n = max(grams.items(), key=lambda kv: kv[1]) if grams else ((), 0)  # max keeps the first of ties
        found[sid] = {"phrase": " ".join(phrase), "repeats": n, "per_1000": 1000 * n / max(len(words), 1)}
    return found


def test_stuffing_and_shared_passages_are_the_same_with_words(taxonomy):
    rng = random.Random(4)
    links = pd.DataFrame(
        [(x, y, 10) for x, y in itertools.combinations("abcd", 2)], columns=["source_id_x", "source_id_y", "n_runs"]
    )
    quoted = repeated = passages = 0
    for _ in range(30):
        claims = _claims(rng, rng.randint(1, 60))
        words = Words(claims["text"], taxonomy)
        assert grading.stuffing(claims, words).to_dict("index") == _brute_stuffing(claims)
        assert grading.stuffing(claims).to_dict("index") == _brute_stuffing(claims)
        assert grading._unquoted(claims, words).tolist() == grading._unquoted(claims, None).tolist()
        assert grading.shared_passages(claims, links, words).equals(grading.shared_passages(claims, links))
        quoted += int(claims["text"].str.contains('"').sum())
        repeated += int((grading.stuffing(claims)["repeats"] > 1).sum())
        passages += int(grading.shared_passages(claims, links)["n_passages"].sum())
    assert quoted > 50 and repeated > 3 and passages > 10, (quoted, repeated, passages)


def test_stuffing_counts_the_most_repeated_phrase_first_said():
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3", "c4"],
            "source_id": ["b", "a", "a", "b"],
            "text": ["x y z w x y z w", "one two three four", "five six seven eight", "p q r s p q r s"],
            "is_rejected": [False, False, False, True],
        }
    )
    found = grading.stuffing(claims)
    assert found.index.tolist() == ["a", "b"]
    assert found.loc["a", ["phrase", "repeats"]].tolist() == ["one two three four", 1]  # a tie: the first said
    assert found.loc["b", ["phrase", "repeats"]].tolist() == ["x y z w", 2]  # the rejected claim is left out
