"""Events group the same happening exactly as scoring every pair would, though most pairs go unscored."""

from __future__ import annotations

import random

import networkx as nx
from rapidfuzz import fuzz

from helpers.build import events

WORDS = ["Iran", "Russia", "signed", "a", "deal", "on", "drones", "missiles", "in", "2022", "the", "   ", "", "x"]


def _brute(texts: list[str]) -> list[list[int]]:
    """Connected components of every pair that scores EVENT_SIMILARITY, one pair at a time."""
    graph = nx.Graph()
    graph.add_nodes_from(range(len(texts)))
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if fuzz.token_set_ratio(texts[i].lower(), texts[j].lower()) >= events.EVENT_SIMILARITY:
                graph.add_edge(i, j)
    return sorted(sorted(c) for c in nx.connected_components(graph))


def test_groups_match_scoring_every_pair():
    rng = random.Random(11)
    linked = 0
    for _ in range(400):
        texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 7))) for _ in range(rng.randint(2, 30))]
        texts += [rng.choice(texts).upper() for _ in range(rng.randint(0, 3))]  # copies in other case
        found = events._same_happening(texts)
        assert sorted(found) == _brute(texts), texts
        assert all(g == sorted(g) for g in found) and [g[0] for g in found] == sorted(g[0] for g in found)
        linked += len(found) < len(texts)
    assert linked > 100, "the sample must hold near-copies that group, not only strangers"
