"""Shared-passage counting stays exact where it compares, and bounded where every source copies every other."""

from __future__ import annotations

import itertools
import random

import pandas as pd
from rapidfuzz import fuzz

from helpers.build import grading

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]


def _claims(texts: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(sid, t) for sid, ts in texts.items() for t in ts]
    return pd.DataFrame(
        {
            "claim_id": [f"c{i}" for i in range(len(rows))],
            "source_id": [r[0] for r in rows],
            "text": [r[1] for r in rows],
            "is_rejected": False,
        }
    )


def _brute(texts: dict[str, list[str]], x: str, y: str) -> int:
    """x's sentences (repeats counted) with a look-alike in y, one comparison at a time."""
    own = lambda ts: [t.casefold() for t in ts if len(t.split()) >= grading.COPY_MIN_WORDS]  # noqa: E731
    return sum(any(fuzz.ratio(a, b) >= grading.COPY_SCORE for b in own(texts[y])) for a in own(texts[x]))


def test_counts_match_pairwise_comparison():
    rng = random.Random(3)
    base = [" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(6)]
    texts = {
        sid: [
            rng.choice(base) if rng.random() < 0.5 else " ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(8)
        ]
        for sid in "abcd"
    }
    texts["a"] += texts["a"][:2]  # a repeated sentence counts each time
    links = pd.DataFrame(
        [(x, y, 10) for x, y in itertools.combinations("abcd", 2)], columns=["source_id_x", "source_id_y", "n_runs"]
    )
    found = grading.shared_passages(_claims(texts), links)
    assert len(found) == len(links)
    for x, y, n in found.itertuples(index=False):
        assert n == _brute(texts, x, y), (x, y)


def test_partners_are_capped_by_shared_runs_when_all_sources_copy_each_other():
    sources = [f"s{i:02d}" for i in range(3 * grading.COPY_MAX_PARTNERS)]
    links = pd.DataFrame(
        [(x, y, int(x[1:]) + int(y[1:])) for x, y in itertools.combinations(sources, 2)],
        columns=["source_id_x", "source_id_y", "n_runs"],
    )
    kept = grading.compared_links(links)
    assert len(kept) < len(links) and len(kept) <= len(sources) * grading.COPY_MAX_PARTNERS
    ends = pd.concat([kept["source_id_x"], kept["source_id_y"]])
    assert (ends.value_counts() >= grading.COPY_MAX_PARTNERS).all()  # everyone keeps its closest partners
    top = sources[-1]  # shares most runs with everyone: every source's closest partner
    assert set(kept.loc[(kept["source_id_x"] == top) | (kept["source_id_y"] == top)].stack()) >= set(sources)
    few = links[links["source_id_x"].isin(sources[:3]) & links["source_id_y"].isin(sources[:3])]
    assert grading.compared_links(few).equals(few)  # under the cap nothing is left out


def test_letter_bound_never_rules_out_a_real_match():
    """The pre-filter before rapidfuzz only drops pairs that cannot reach the cutoff: on random near-duplicates
    (deletions, insertions, swaps, non-ASCII letters) every pair rapidfuzz scores at the cutoff survives it."""
    import numpy as np
    from rapidfuzz import process

    rng = random.Random(7)
    alphabet = "abcdeéfghij klmnopq ’'-xyzßİ"
    texts = []
    for _ in range(120):
        base = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 160)))
        texts.append(base)
        for _ in range(3):  # edits around what a 90% cutoff allows
            s = list(base)
            for _ in range(rng.randint(0, max(1, len(s) // 6))):
                k = rng.randrange(len(s))
                op = rng.random()
                if op < 0.4 and len(s) > 1:
                    s.pop(k)
                elif op < 0.8:
                    s.insert(k, rng.choice(alphabet))
                else:
                    s[k] = rng.choice(alphabet)
            texts.append("".join(s))
    texts = sorted(set(texts))
    letters = grading._Letters(texts)
    every = np.arange(len(texts))
    for cutoff in (80, 90, 95):
        scored = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8) > 0
        i, j = letters.may_match(every, every, cutoff)
        kept = np.zeros_like(scored)
        kept[i, j] = True
        assert scored.sum() > len(texts), "the sample must hold near-duplicate pairs, not only each text itself"
        assert not (scored & ~kept).any(), f"cutoff {cutoff}: a pair rapidfuzz matches was ruled out"
        assert kept.sum() < scored.size / 4, "the filter must also rule most pairs out"
