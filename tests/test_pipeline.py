"""The build end to end on the real corpus: determinism, provenance, curation, freshness."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import load_claims, paths
from helpers.build.pipeline import run, stale_tables
from helpers.errors import InputError

from conftest import FIXTURES, settings_for

pytestmark = pytest.mark.slow
TABLES = ("sources.csv", "claims.csv", "events.csv", "claim_groups.csv", "contradictions.csv")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in TABLES}


def test_rebuild_is_byte_identical(corpus_dir):
    settings = settings_for(corpus_dir)
    run(settings, progress=False)
    first = _snapshot(settings.processed_dir)
    run(settings, progress=False)
    assert _snapshot(settings.processed_dir) == first


def test_parallel_build_matches_serial(corpus_dir, tmp_path):
    from dataclasses import replace

    import helpers.build.pipeline as pipeline

    serial = settings_for(corpus_dir)
    run(serial, progress=False)
    parallel = replace(serial, processed_dir=tmp_path / "parallel", workers=2)
    old = pipeline.PARALLEL_FROM
    pipeline.PARALLEL_FROM = 1
    try:
        run(parallel, progress=False)
    finally:
        pipeline.PARALLEL_FROM = old
    assert _snapshot(parallel.processed_dir) == _snapshot(serial.processed_dir)


def test_committed_processed_data_is_fresh():
    stale = stale_tables()
    assert not stale, f"data/processed/{stale} is stale: run `make data` and commit it"


def test_stale_tables_notices_a_changed_file(corpus_dir):
    settings = settings_for(corpus_dir)
    run(settings, progress=False)
    assert stale_tables(settings) == []
    (settings.processed_dir / "events.csv").write_text("edited by hand\n", encoding="utf-8")
    assert stale_tables(settings) == ["events.csv"]


def test_every_quote_is_at_its_offsets():
    claims = load_claims(include_filler=True, include_rejected=True)
    sources = pd.read_csv(paths.PROCESSED_SOURCES, dtype=str, keep_default_na=False).set_index("source_id")
    raw = {sid: (paths.PROJ_ROOT / row["path"]).read_text(encoding="utf-8") for sid, row in sources.iterrows()}
    assert len(claims) > 100
    for row in claims.itertuples():
        quoted = re.sub(r"\s?\[\d{1,3}\]", "", raw[row.source_id][row.char_start : row.char_end])  # footnote markers
        assert " ".join(quoted.split()) == row.text, row.claim_id


def test_claim_ids_survive_an_added_source(corpus_dir):
    settings = settings_for(corpus_dir)
    before = set(run(settings, progress=False).claims["claim_id"])
    shutil.copy(FIXTURES / "debris_page.html", corpus_dir / "sources" / "caspian-ferries.html")
    after = run(settings, progress=False).claims
    assert before <= set(after["claim_id"])
    added = after[after["source_id"] == "caspian-ferries"]
    assert len(added) == 5
    assert sorted(added["date_start"].dropna().dt.strftime("%Y-%m-%d")) == ["2022-01-01", "2024-02-27", "2025-01-01"]


def test_curation_survives_rebuild_and_added_source(corpus_dir):
    settings = settings_for(corpus_dir)
    claims = run(settings, progress=False).claims
    target, rejected = claims["claim_id"].iloc[10], claims["claim_id"].iloc[11]
    (corpus_dir / "curation.yml").write_text(
        yaml.safe_dump(
            {
                "claims": {
                    target: {
                        "stance": "divergence",
                        "theme": "nuclear",
                        "actors": ["Iran", "China"],
                        "note": "checked",
                    },
                    rejected: {"reject": True},
                }
            }
        ),
        encoding="utf-8",
    )
    run(settings, progress=False)
    shutil.copy(FIXTURES / "debris_page.txt", corpus_dir / "sources" / "caspian.txt")
    out = run(settings, progress=False).claims.set_index("claim_id")
    assert out.loc[target, ["stance", "theme", "actors", "note"]].tolist() == [
        "divergence",
        "nuclear",
        ["China", "Iran"],
        "checked",
    ]
    assert bool(out.loc[target, "is_curated"]) and bool(out.loc[rejected, "is_rejected"])
    shown = load_claims(settings.processed_dir / "claims.csv", include_filler=True)
    assert rejected not in set(shown["claim_id"])


def test_curation_naming_a_missing_claim_is_an_error(corpus_dir):
    (corpus_dir / "curation.yml").write_text("claims:\n  c000000000ff:\n    reject: true\n", encoding="utf-8")
    with pytest.raises(InputError, match="c000000000ff"):
        run(settings_for(corpus_dir), progress=False)


def test_unknown_publication_date_is_inferred(corpus_dir):
    sources = run(settings_for(corpus_dir), write=False, progress=False).sources.set_index("source_id")
    stated = sources.loc["pragmatic-partnership-or-true-alliance"]
    assert stated["published"] == pd.Timestamp("2025-06-22") and not stated["is_published_inferred"]
    inferred = sources.loc["decoding-a-shifting-alliance"]
    assert inferred["published"] == pd.Timestamp("2025-06-19") and inferred["is_published_inferred"]
