"""The schema as code, checked on the committed tables, and the one filter on small frames."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers import filter_claims, load_claims, load_events, load_sources, paths, schema
from helpers.config import load_taxonomy
from helpers.schema import FIELDS, TABLES, validate


def test_every_field_is_used_by_a_table():
    used = {c for cols in TABLES.values() for c in cols}
    assert set(FIELDS) == used, f"defined but unused: {set(FIELDS) - used}"


@pytest.mark.parametrize("table", list(TABLES))
def test_committed_tables_match_the_schema(table):
    frame = schema.read(table, paths.PROCESSED_DIR / f"{table}.csv")
    validate(table, schema.to_disk(table, frame), load_taxonomy())


@pytest.mark.parametrize("table", list(TABLES))
def test_memory_dialect_round_trips_to_the_same_text(table):
    path = paths.PROCESSED_DIR / f"{table}.csv"
    text = pd.read_csv(path, dtype=str, keep_default_na=False)
    back = schema.to_disk(table, schema.read(table, path)).astype(str)
    pd.testing.assert_frame_equal(back.reset_index(drop=True), text)


def test_list_fields_are_lists_in_memory():
    claims, events = load_claims(), load_events()
    assert all(isinstance(v, list) for v in claims["actors"]) and all(isinstance(v, list) for v in events["claim_ids"])
    assert any(len(v) > 1 for v in claims["actors"])


def test_schema_rejects_an_unknown_stance():
    frame = pd.read_csv(paths.PROCESSED_CLAIMS, dtype=str, keep_default_na=False).head(3)
    frame["stance"] = "friendly"
    with pytest.raises(pa.errors.SchemaErrors):
        validate("claims", frame)


def test_loaders_give_proper_dtypes():
    claims, events, sources = load_claims(), load_events(), load_sources()
    assert str(claims["date_start"].dtype).startswith("datetime64")
    assert claims["theme"].dtype == "category" and claims["char_start"].dtype == "int64"
    assert not claims["is_filler"].any() and not claims["is_rejected"].any()
    assert str(events["date_start"].dtype).startswith("datetime64") and events["n_sources"].min() >= 1
    assert sources["n_claims"].sum() == len(load_claims(include_filler=True, include_rejected=True))


@pytest.fixture
def small() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3", "c4"],
            "source_id": ["a", "a", "b", "c"],
            "text": ["Iran sent drones.", "Trade grew.", "Russia held back jets.", "Undated context."],
            "theme": ["military", "economy", "divergences", ""],
            "area": ["drones", "trade_tariffs", "arms_transfers", ""],
            "stance": ["cooperation", "cooperation", "divergence", "context"],
            "modality": ["asserted", "reported", "asserted", "asserted"],
            "actors": [["Iran", "Russia"], ["Iran", "Russia"], ["Russia"], []],
            "attribution": ["", "the ministry", "analysts", ""],
            "date_start": pd.to_datetime(["2022-01-01", "2024-01-01", "2025-06-13", None]),
            "date_end": pd.to_datetime(["2022-12-31", "2024-12-31", "2025-06-13", None]),
        }
    )
    return frame


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        pytest.param({}, ["c1", "c2", "c3", "c4"], id="no filter"),
        pytest.param({"sources": ["a"]}, ["c1", "c2"], id="by source"),
        pytest.param({"sources": "b"}, ["c3"], id="one source as a string"),
        pytest.param({"sources": []}, ["c1", "c2", "c3", "c4"], id="empty selection lets all through"),
        pytest.param({"themes": ["military", "economy"]}, ["c1", "c2"], id="by theme"),
        pytest.param({"areas": ["drones"]}, ["c1"], id="by area"),
        pytest.param({"stances": ["divergence"]}, ["c3"], id="by stance"),
        pytest.param({"actors": ["Iran"]}, ["c1", "c2"], id="by actor"),
        pytest.param({"modalities": ["reported"]}, ["c2"], id="by modality"),
        pytest.param({"start": "2024-06-01"}, ["c2", "c3"], id="span overlaps start"),
        pytest.param({"end": "2023-01-01"}, ["c1"], id="before end"),
        pytest.param({"text": "ANALYSTS"}, ["c3"], id="text searches attribution too"),
        pytest.param({"text": "jets", "sources": ["a"]}, [], id="filters combine"),
    ],
)
def test_filter_claims(small, kwargs, expected):
    assert filter_claims(small, **kwargs)["claim_id"].tolist() == expected
