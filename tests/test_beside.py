"""The build's second process gives what the step gives inline, and never outlives the build."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from helpers.build import pipeline


def _slow_sum(values: list[int], extra: int) -> int:
    time.sleep(0.2)
    return sum(values) + extra


def test_a_call_beside_gives_what_it_gives_inline():
    for parallel in (False, True):
        with pipeline._beside(parallel, [1, 2, 3]) as start:
            later = start(_slow_sum, 10)
            assert later() == 16


def test_an_error_in_the_build_stops_the_second_process():
    with pytest.raises(RuntimeError), pipeline._beside(True, [1, 2, 3]) as start:
        start(_slow_sum, 10)
        assert multiprocessing.active_children(), "the step must run in a process of its own"
        raise RuntimeError("a check failed")
    assert not multiprocessing.active_children()


AFTER_EVENTS = ("group_id", "n_sources", "n_independent", "overtaken_by", "credibility", "credibility_rationale")


def test_events_read_no_column_that_later_cross_checks_write():
    """The second process works out the events from the claims as they are before corroboration, overtaking
    and grades (pipeline._run). Were events_table to read what those steps write, the events would silently
    use stale values: scrambling those columns must change nothing, scrambling the dates must."""
    import pandas as pd

    from helpers import paths
    from helpers.build.events import events_table
    from helpers.config import load_taxonomy

    claims = pd.read_csv(paths.PROCESSED_DIR / "claims.csv", dtype=str, keep_default_na=False)
    for column in ("is_filler", "is_rejected", "is_date_inferred", "is_curated"):
        claims[column] = claims[column] == "True"
    sources = pd.read_csv(paths.PROCESSED_DIR / "sources.csv", dtype=str, keep_default_na=False)
    args = (load_taxonomy(), dict(zip(sources["source_id"], sources["origin_id"])))
    published = dict(zip(sources["source_id"], sources["published"]))

    def scrambled(columns) -> pd.DataFrame:
        out = claims.copy()
        for column in columns:
            out[column] = out[column].sample(frac=1, random_state=7).to_numpy()
        return events_table(out, *args, published)

    events = events_table(claims, *args, published)
    assert len(events) > 5
    assert scrambled(AFTER_EVENTS).equals(events)
    assert not scrambled(("date_start", "date_end", "date_precision")).equals(events)
