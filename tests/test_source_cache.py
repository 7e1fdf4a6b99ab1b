"""The per-source cache: a rebuild reads again only what changed, and gives exactly what a build from scratch gives."""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from helpers.build import pipeline

from conftest import settings_for


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """The names of the files each build reads afresh (not from the cache), in the order read."""
    names: list[str] = []
    real = pipeline._process_all

    def spy(files, *args, **kwargs):
        names.extend(p.name for p in files)
        return real(files, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_process_all", spy)
    return names


def _tables(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.csv"))


def _same(a: Path, b: Path) -> bool:
    return _tables(a) == _tables(b) and all(filecmp.cmp(a / n, b / n, shallow=False) for n in _tables(a))


def test_a_rebuild_reads_only_what_changed_and_matches_a_fresh_build(corpus_dir, read, tmp_path):
    settings = settings_for(corpus_dir)
    sources = sorted(p.name for p in (corpus_dir / "sources").glob("*.txt"))
    pipeline.run(settings, progress=False)
    assert sorted(read) == sources  # the first build reads everything
    cold = tmp_path / "cold"
    shutil.copytree(corpus_dir / "processed", cold)

    read.clear()
    pipeline.run(settings, progress=False)
    assert read == []  # nothing changed: nothing read again
    assert _same(cold, corpus_dir / "processed")

    edited = corpus_dir / "sources" / sources[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nRussia and Iran signed a new accord in 2024.\n")
    read.clear()
    pipeline.run(settings, progress=False)
    assert read == [sources[0]]

    fresh = replace(settings, processed_dir=tmp_path / "fresh", cache_dir=None)
    fresh.processed_dir.mkdir()
    pipeline.run(fresh, progress=False)
    assert _same(fresh.processed_dir, corpus_dir / "processed")


def test_changed_rules_read_everything_again(corpus_dir, read):
    settings = settings_for(corpus_dir)
    pipeline.run(settings, progress=False)
    taxonomy = corpus_dir / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n# an analyst's note\n", encoding="utf-8")
    read.clear()
    pipeline.run(settings, progress=False)
    assert len(read) == len(list((corpus_dir / "sources").glob("*.txt")))


def test_a_broken_entry_is_read_again_and_removed_sources_leave_the_cache(corpus_dir, read):
    settings = settings_for(corpus_dir)
    pipeline.run(settings, progress=False)
    entries = sorted(settings.cache_dir.glob("*.json"))
    assert len(entries) == len(list((corpus_dir / "sources").glob("*.txt")))
    entries[0].write_text('{"half a', encoding="utf-8")
    read.clear()
    pipeline.run(settings, progress=False)
    assert len(read) == 1

    gone = sorted((corpus_dir / "sources").glob("*.txt"))[-1]
    gone.unlink()
    meta = corpus_dir / "sources.csv"
    meta.write_text(
        "".join(line for line in meta.read_text(encoding="utf-8").splitlines(True) if gone.stem not in line),
        encoding="utf-8",
    )
    pipeline.run(settings, progress=False)
    assert len(list(settings.cache_dir.glob("*.json"))) == len(entries) - 1


def test_a_build_that_writes_nothing_leaves_no_cache(corpus_dir):
    settings = settings_for(corpus_dir)
    pipeline.run(settings, write=False, progress=False)
    assert not settings.cache_dir.exists()


def test_repeated_values_come_back_as_one_object(tmp_path):
    """JSON gives each claim its own copy of "cooperation" or the source id; the cache hands back one object
    for each repeated value, as a freshly read source has (on 1,000 sources the copies came to ~60 MB)."""
    from helpers.build.source_cache import SourceCache

    rows = [{"claim_id": f"c{i}", "text": f"Sentence {i}.", "stance": "cooperation", "source_id": "s"} for i in (1, 2)]
    SourceCache(tmp_path).put("k", ({"source_id": "s"}, rows))
    source, claims = SourceCache(tmp_path).get("k")
    assert claims == rows and source == {"source_id": "s"}
    assert claims[0]["stance"] is claims[1]["stance"] and claims[0]["source_id"] is claims[1]["source_id"]
