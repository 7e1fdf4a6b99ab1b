"""The whole-corpus steps after reading, as made faster: the same findings, found with less work."""

from __future__ import annotations

import gc

import pandas as pd
import pytest
from test_grading import claims_of

from helpers.build import grading
from helpers.build.crosscheck import PAIR_COLUMNS
from helpers.build.events import _linked
from helpers.build.pipeline import COLLECT_EVERY, _few_collections
from helpers.config import Curation, load_taxonomy
from helpers.files import write_atomically

NO_LINKS = pd.DataFrame(columns=["source_id_x", "source_id_y", "n_runs"])


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def test_each_source_lists_its_own_out_of_date_and_contradicted_claims(taxonomy):
    texts = [f"Officials from the {w} ministry met their counterparts on trade." for w in ("first", "second", "third")]
    claims = pd.concat([claims_of("a", texts), claims_of("b", texts)], ignore_index=True)
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b"],
            "publisher": "Wire",
            "published": "2025-06-01",
            "is_published_inferred": False,
            "n_placeholder_lines": 0,
        }
    )
    stale = sorted(grading.CURRENCY_KINDS)[0]
    conflicts = pd.DataFrame(
        [
            ["a-0", "bridge-closed", stale, "writes the bridge as open", "Wire, 2025-01-02"],
            ["a-1", "talks-ended", "described_as_not", "calls the talks ongoing", "Wire, 2025-02-03"],
            ["a-2", "accord-signed", stale, "writes the accord as pending", "Wire, 2025-03-04"],
        ],
        columns=grading.CONFLICT_COLUMNS,
    )
    graded, _ = grading.grade(
        sources, claims, pd.DataFrame(columns=PAIR_COLUMNS), NO_LINKS, taxonomy, Curation(), {}, conflicts
    )
    why = graded.set_index("source_id")["reliability_rationale"]
    assert "out of date: 2 claim(s)" in why["a"] and "(accord-signed, bridge-closed)" in why["a"]
    assert "1 claim(s) contradicted by the reference timeline (talks-ended)" in why["a"]
    assert "out of date" not in why["b"] and "reference timeline" not in why["b"]


def test_a_phrase_repeated_only_in_rejected_claims_is_not_stuffing():
    said = ["Cheap flights to the capital today." for _ in range(8)]
    other = [f"Plain sentence number {n} about the port." for n in range(8)]
    claims = pd.concat(
        [claims_of("z", said, is_rejected=[True] * 8), claims_of("m", said), claims_of("k", other)], ignore_index=True
    )
    found = grading.stuffing(claims)
    assert found.index.tolist() == ["k", "m"]  # every source with a kept claim, in order; z has none
    assert found.loc["m", "repeats"] == 8 and found.loc["m", "phrase"] == "cheap flights to the"


def test_wordings_link_in_chains_as_when_every_pair_is_scored():
    wordings = [
        "iran delivered drones to russia in may",
        "a court in lisbon fined a shipping firm",
        "iran delivered drones to russia in may last year",
        "iran delivered the drones to russia in may last year officials said",
    ]
    group = _linked(wordings)
    assert group[0] == group[2] == group[3] != group[1]


def test_a_carriage_return_is_folded_in_a_text_column_with_a_missing_cell(tmp_path):
    target = tmp_path / "t.csv"
    write_atomically({target: pd.DataFrame({"text": ["one\rtwo", None], "n": [1, 2]})})
    assert target.read_text(encoding="utf-8") == 'text,n\n"one\ntwo",1\n,2\n'


def test_the_collector_runs_less_often_only_inside_the_block():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), _few_collections():
        assert gc.get_threshold() == (COLLECT_EVERY, *before[1:])
        raise RuntimeError
    assert gc.get_threshold() == before
