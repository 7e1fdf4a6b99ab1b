"""The build: data/sources + the analyst's YAML -> data/processed/*.csv.

Tables: sources, claims, events, claim_groups (corroboration), contradictions (pairs) and disputes (questions).

Load / Process / Save, in that order. Nothing is written until every check has passed, and
then every file is replaced atomically, so a failed build leaves data/processed as it was.
"""

from __future__ import annotations

import filecmp
import gc
import hashlib
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd

from helpers import paths, schema
from helpers.analysis import ach
from helpers.build import anchors, crosscheck, reference
from helpers.build.events import events_table
from helpers.build.extract import Tagger, extract_claims
from helpers.build.grading import grade, shared_passages
from helpers.build.source_cache import SourceCache, entry_key, rules_key
from helpers.build.sources import clean, discover, load_document, published_date, source_id_for, title_of, warn
from helpers.config import (
    Cleaning,
    Curation,
    Taxonomy,
    load_cleaning,
    load_curation,
    load_hypotheses,
    load_reference_events,
    load_references,
    load_source_meta,
    load_taxonomy,
    read_judgments,
)
from helpers.errors import InputError
from helpers.files import locked
from helpers.schema import TABLES
from helpers.text.patterns import WORD

PARALLEL_FROM = 16  # below this many sources a worker pool costs more than it saves
COLLECT_EVERY = 50_000  # new containers between two runs of the garbage collector in whole-corpus steps
OUTPUTS = (
    "sources",
    "claims",
    "events",
    "claim_groups",
    "contradictions",
    "disputes",
    "judgments",
    "reference_conflicts",
)
LATER_COLUMNS = (
    "is_rejected",
    "is_curated",
    "note",
    "group_id",
    "n_sources",
    "n_independent",
    "overtaken_by",
    "credibility",
    "credibility_rationale",
)  # claim columns that curation and cross-checks add


@dataclass(frozen=True)
class Settings:
    """Where the build reads and writes; tests point it at temporary folders."""

    sources_dir: Path = paths.SOURCES_DIR
    sources_meta: Path = paths.SOURCES_META
    taxonomy: Path = paths.TAXONOMY
    cleaning: Path = paths.CLEANING
    curation: Path = paths.CURATION
    hypotheses: Path = paths.HYPOTHESES
    judgments: Path = paths.JUDGMENTS
    references: Path = paths.REFERENCES
    reference_events: Path = paths.REFERENCE_EVENTS
    processed_dir: Path = paths.PROCESSED_DIR
    root: Path = paths.PROJ_ROOT
    workers: int = min(2, os.cpu_count() or 1)
    cache_dir: Path | None = paths.DATA_DIR / ".cache" / "sources"  # None: read every source again

    @classmethod
    def for_data_dir(cls, data_dir: Path, **overrides) -> Settings:
        """Settings for a folder laid out like data/ (sources/, *.yml, sources.csv, processed/)."""
        data = paths.DataDir(Path(data_dir).resolve())
        return cls(
            sources_dir=data.sources_dir,
            sources_meta=data.sources_meta,
            taxonomy=data.taxonomy,
            cleaning=data.cleaning,
            curation=data.curation,
            hypotheses=data.hypotheses,
            judgments=data.judgments,
            references=data.references,
            reference_events=data.reference_events,
            processed_dir=data.processed,
            root=data.root.parent,
            cache_dir=data.root / ".cache" / "sources",
            **overrides,
        )


# --- per-source work, run in worker processes for large corpora ----------------------------------

_TAGGER: Tagger | None = None
_ANALYST_DATES: dict[str, date] = {}  # publication dates from sources.csv: they anchor relative dates too


def _init_worker(taxonomy: Taxonomy, cleaning: Cleaning, analyst_dates: dict[str, date], in_pool: bool = False) -> None:
    global _TAGGER, _ANALYST_DATES
    _TAGGER = Tagger(taxonomy, cleaning)
    _ANALYST_DATES = analyst_dates
    if in_pool:  # Ctrl-C reaches the parent, which stops the pool; workers never print a traceback of their own
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process_file(path: Path) -> tuple[dict, list[dict]]:
    """One source file -> (its sources row without analyst metadata, its claim rows)."""
    assert _TAGGER is not None
    doc = clean(load_document(path), _TAGGER.cleaning)
    stated = _ANALYST_DATES.get(doc.source_id) or published_date(doc)
    claims, inferred = extract_claims(doc, _TAGGER, stated)
    published = stated or inferred
    placeholder = set(_TAGGER.tx.grading.placeholder_words)  # lorem ipsum: a made-up author card
    debris = [set(WORD.findall(b.text.casefold())) for b in doc.blocks if b.kind == "debris"]
    source = {
        "source_id": doc.source_id,
        "title": title_of(doc),
        "published": published.isoformat() if published else "",
        "is_published_inferred": stated is None and inferred is not None,
        "sha1": hashlib.sha1(path.read_bytes()).hexdigest(),
        "n_debris_lines": len(debris),
        "n_placeholder_lines": sum(len(placeholder & words) >= 2 for words in debris),
    }
    return source, claims


def _process_all(
    files: list[Path], tagger_rules: tuple[Taxonomy, Cleaning, dict[str, date]], workers: int, progress: bool
) -> list[tuple[dict, list[dict]]]:
    from tqdm import tqdm

    bar = dict(
        total=len(files),
        desc="sources",
        unit="file",
        disable=not progress or len(files) < PARALLEL_FROM,
        file=sys.stderr,
    )
    if workers > 1 and len(files) >= PARALLEL_FROM:
        # Leaving the block terminates the workers, so an interrupt or an error leaves no orphan behind.
        with multiprocessing.Pool(workers, initializer=_init_worker, initargs=(*tagger_rules, True)) as pool:
            return list(tqdm(pool.imap(_process_file, files, chunksize=8), **bar))
    _init_worker(*tagger_rules)
    return [_process_file(p) for p in tqdm(files, **bar)]


def _read_sources(
    files: list[Path], tagger_rules: tuple[Taxonomy, Cleaning, dict[str, date]], settings: Settings, progress: bool
) -> list[tuple[dict, list[dict]]]:
    """Every source read, in file order: from the cache where it holds this file under these rules, else afresh."""
    if settings.cache_dir is None:
        return _process_all(files, tagger_rules, settings.workers, progress)
    cache = SourceCache(settings.cache_dir)
    rules = rules_key(settings.taxonomy, settings.cleaning)
    keys = [entry_key(rules, p, tagger_rules[2].get(source_id_for(p))) for p in files]
    results: list[tuple[dict, list[dict]] | None] = [cache.get(k) for k in keys]
    missing = [i for i, r in enumerate(results) if r is None]
    for i, result in zip(missing, _process_all([files[i] for i in missing], tagger_rules, settings.workers, progress)):
        results[i] = result
        cache.put(keys[i], result)
    cache.prune()
    return [r for r in results if r is not None]


# --- whole-corpus steps -----------------------------------------------------------------------------


def sources_table(
    rows: list[dict], meta: dict[str, dict[str, str]], files: list[Path], settings: Settings
) -> pd.DataFrame:
    """One row per source: analyst metadata first, what the text itself says second."""
    out = []
    for row, path in zip(rows, files):
        m = meta.get(row["source_id"], {})
        published, inferred = row["published"], row["is_published_inferred"]
        if m.get("published"):
            published, inferred = m["published"], False
        out.append(
            {
                "source_id": row["source_id"],
                "title": m.get("title") or row["title"],
                "publisher": m.get("publisher", ""),
                "url": m.get("url", ""),
                "published": published,
                "is_published_inferred": inferred,
                "path": path.resolve().relative_to(settings.root.resolve()).as_posix()
                if path.resolve().is_relative_to(settings.root.resolve())
                else path.as_posix(),
                "sha1": row["sha1"],
                "reliability": m.get("reliability", ""),  # the analyst's grade; computed ones come later
                "n_claims": 0,
                "n_debris_lines": row["n_debris_lines"],
                "n_placeholder_lines": row["n_placeholder_lines"],
            }
        )
    return pd.DataFrame(out)


def apply_curation(claims: pd.DataFrame, curation: Curation) -> pd.DataFrame:
    """Analyst overrides win over the tagger (anchors.Moves has found every claim they name)."""
    claims = claims.copy()
    claims["is_rejected"] = False
    claims["is_curated"] = False
    claims["note"] = ""
    index = {cid: i for i, cid in enumerate(claims["claim_id"].tolist())}
    for cid, entry in curation.claims.items():
        i = index[cid]
        changes = entry.model_dump(exclude_none=True, exclude={"reject", "note", "credibility", "source", "quote"})
        for field, value in changes.items():
            if field == "actors":
                value = ";".join(sorted(value))
            elif field.startswith("date_") and field != "date_precision":
                value = value.isoformat()
            claims.iat[i, claims.columns.get_loc(field)] = value
        claims.iat[i, claims.columns.get_loc("is_curated")] = bool(changes)
        claims.iat[i, claims.columns.get_loc("is_rejected")] = entry.reject
        claims.iat[i, claims.columns.get_loc("note")] = entry.note or ""
    return claims


def stale_tables(settings: Settings = Settings()) -> list[str]:
    """Processed files that differ from a fresh build of the same inputs (empty: up to date)."""
    with tempfile.TemporaryDirectory() as tmp:
        run(replace(settings, processed_dir=Path(tmp), cache_dir=None), progress=False)  # a check reads afresh
        return [
            name
            for name in (f"{table}.csv" for table in OUTPUTS)
            if not (settings.processed_dir / name).exists()
            or not filecmp.cmp(Path(tmp) / name, settings.processed_dir / name, shallow=False)
        ]


@dataclass(frozen=True)
class BuildResult:
    sources: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    claim_groups: pd.DataFrame
    contradictions: pd.DataFrame
    disputes: pd.DataFrame
    judgments: pd.DataFrame
    reference_conflicts: pd.DataFrame
    seconds: float

    def summary(self) -> str:
        c, pairs = self.claims, self.contradictions
        return (
            f"built {len(self.sources)} sources -> {len(c)} claims "
            f"({int(c['is_filler'].sum())} filler, {int(c['is_rejected'].sum())} rejected, "
            f"{int(c['is_curated'].sum())} curated), {len(self.events)} events, "
            f"{len(self.claim_groups)} corroboration groups, {int((pairs['status'] != 'dismissed').sum())} "
            f"contradictions in {len(self.disputes)} disputes, {int((c['overtaken_by'] != '').sum())} overtaken forecasts in {self.seconds:.1f} s"
            f"{self.silent_sources_note()}"
        )

    def silent_sources_note(self) -> str:
        """'; 2 sources gave no claims: a, b' when some did (a page of script, a list of links), else ''."""
        silent = self.sources.loc[self.sources["n_claims"] == 0, "source_id"].tolist()
        if not silent:
            return ""
        return f"; {len(silent)} source{'s' if len(silent) > 1 else ''} gave no claims: {', '.join(silent)}"


def _judgments(tables: dict[str, pd.DataFrame], hypotheses, judgments, taxonomy: Taxonomy, settings: Settings):
    """Each key judgment's likelihood word, range, confidence and rationale, from the ACH items it cites."""
    if hypotheses is None or judgments is None:
        return pd.DataFrame(columns=list(TABLES["judgments"]))
    matrix = ach.ach_matrix(tables["claims"], hypotheses, taxonomy=taxonomy)
    for problem in ach.overlaps(matrix, hypotheses):
        warn(settings.hypotheses, problem)
    return ach.judgment_estimates(
        judgments.judgments,
        matrix,
        tables["claims"],
        tables["sources"],
        tables["contradictions"],
        against_record=set(tables["reference_conflicts"]["claim_id"]),
    )


_BESIDE: tuple = ()  # what the second process reads first in every call: inherited where processes fork


def _init_beside(*inherited) -> None:
    global _BESIDE
    _BESIDE = inherited
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the process


def _call_beside(fn, args: tuple):
    return fn(*_BESIDE, *args)


@contextmanager
def _beside(parallel: bool, *inherited):
    """A second process for whole-corpus steps that need nothing the others work out (it has one core
    to itself once the sources are read). Yields start(fn, *args), which runs fn(*inherited, *args)
    there and returns the call that waits for its result; without `parallel`, that call runs fn itself.
    Leaving the block (an error, Ctrl-C) stops the process, so it never outlives the build."""
    if not parallel:
        yield lambda fn, *args: lambda: fn(*inherited, *args)
        return
    # Objects frozen before the fork are never walked by the second process's garbage collector, which would
    # otherwise write to every one of them and so copy the parent's memory page by page.
    gc.freeze()
    try:
        with multiprocessing.Pool(1, initializer=_init_beside, initargs=inherited) as pool:
            yield lambda fn, *args: pool.apply_async(_call_beside, (fn, args)).get
    finally:
        gc.unfreeze()


@contextmanager
def _few_collections():
    """Run the garbage collector's youngest generation every COLLECT_EVERY new containers, not every 700.

    The whole-corpus steps build hundreds of thousands of small lists and tuples (a claim's words, a row)
    that live until the step ends; at CPython's default the collector scans them again and again, for
    about a twentieth of the build's time. They seldom form cycles, so collecting less often frees the
    same memory, only later.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def run(settings: Settings = Settings(), write: bool = True, progress: bool = True) -> BuildResult:
    """Build the processed tables; raise InputError on any bad input before writing anything.

    A build that writes holds the data folder's lock from start to end, so no report build reads
    the folder meanwhile; the tables are then replaced as one set.
    """
    if not write:
        return _run(settings, write, progress)
    with locked(settings.processed_dir.parent, shared=False, doing="`make data`"):
        return _run(settings, write, progress)


def _run(settings: Settings, write: bool, progress: bool) -> BuildResult:
    t0 = time.perf_counter()
    # Load inputs.
    taxonomy = load_taxonomy(settings.taxonomy)
    cleaning = load_cleaning(settings.cleaning)
    curation = load_curation(taxonomy, settings.curation)
    hypotheses = load_hypotheses(settings.hypotheses, taxonomy) if settings.hypotheses.exists() else None
    judgments = (
        read_judgments(settings.judgments, hypotheses.hypotheses if hypotheses is not None else ())
        if settings.judgments.exists()
        else None
    )  # checked here, not first in `make briefing`, where a bad name would only drop the judgment
    references = load_references(settings.references)
    reference_events = load_reference_events(settings.reference_events)
    meta = load_source_meta(settings.sources_meta)
    files = discover(settings.sources_dir)
    known_ids = {source_id_for(p) for p in files}
    for sid in meta:
        if sid not in known_ids:
            raise InputError(
                settings.sources_meta,
                f"source_id '{sid}' has no file in {settings.sources_dir.name}/; fix the id or remove the row",
            )

    # Process data.
    analyst_dates = {sid: date.fromisoformat(m["published"]) for sid, m in meta.items() if m.get("published")}
    # A build that writes nothing (a check, a test) neither reads nor fills the cache.
    cached = settings if write else replace(settings, cache_dir=None)
    results = _read_sources(files, (taxonomy, cleaning, analyst_dates), cached, progress)
    sources = sources_table([r[0] for r in results], meta, files, settings)
    claims = pd.DataFrame([c for _, rows in results for c in rows])
    del results  # a dict per claim: freed before the second process forks from this one (see _beside)
    if claims.empty:
        claims = pd.DataFrame(columns=[c for c in TABLES["claims"] if c not in LATER_COLUMNS])
    moves = anchors.Moves(claims)  # cited ids that vanished follow their quotes to the claims' new ids
    curation = moves.follow(curation, settings.curation)
    hypotheses = moves.follow(hypotheses, settings.hypotheses)
    judgments = moves.follow(judgments, settings.judgments)
    moves.follow(references, settings.references, sources_may_be_absent=True)  # the notebooks' quotes, by name
    claims = apply_curation(claims, curation)
    claims = claims.sort_values(["source_id", "char_start"], ignore_index=True)
    claims = claims.astype(
        {
            "char_start": "int64",
            "char_end": "int64",
            "is_filler": bool,
            "is_date_inferred": bool,
            "is_rejected": bool,
            "is_curated": bool,
        }
    )
    counts = claims.groupby("source_id").size()
    sources["n_claims"] = sources["source_id"].map(counts).fillna(0).astype("int64")
    if judgments is not None:
        judgments.check_claims(
            settings.judgments,
            rejected=set(claims.loc[claims["is_rejected"], "claim_id"]),
            filler=set(claims.loc[claims["is_filler"], "claim_id"]),
        )

    # Cross-check sources: copying, corroboration, contradictions, stale forecasts, then grades.
    # What each claim says by its own words, and events, need no other cross-check: a second process
    # works them out meanwhile (the claim columns they read do not change below).
    parallel = settings.workers > 1 and len(files) >= PARALLEL_FROM
    with _few_collections(), _beside(parallel, claims, taxonomy) as start:
        read = start(crosscheck.read_sides)
        words = crosscheck.Words(claims["text"], taxonomy)
        links = crosscheck.copy_links(claims, words, taxonomy)
        origin = crosscheck.origins(sources["source_id"].tolist(), links)
        sources["origin_id"] = sources["source_id"].map(origin)
        published = dict(zip(sources["source_id"], sources["published"]))
        later_events = start(events_table, origin, published)
        near = crosscheck.fact_pairs(claims, words, taxonomy)  # look-alike pairs, and why each is or is not one fact
        claim_groups, per_claim = crosscheck.corroboration(claims, words, taxonomy, origin, pairs=near)
        claims = claims.join(per_claim)
        shared = shared_passages(claims, links, words)  # for the grades; meanwhile the second process reads sides
        stances = crosscheck.stances(claims, taxonomy, near, read=read())
        disputes = crosscheck.disputes(
            stances, claims, taxonomy, curation, settings.curation, reference_events=reference_events.events
        )
        contradictions = crosscheck.contradictions(disputes, claims, curation, settings.curation)
        claims["overtaken_by"] = crosscheck.overtaken_by(claims, contradictions, published)
        analyst = {s: m["reliability"] for s, m in meta.items() if m.get("reliability")}
        # Reference conflicts read no grade, and grades read them (currency, accuracy), so they come first.
        # With no reference timeline there is nothing to check, and no need to convert every claim first.
        conflicts = (
            reference.conflicts(
                schema.coerce("claims", claims.assign(credibility=6, credibility_rationale="")),
                schema.coerce("sources", sources.assign(reliability_rationale="")),
                reference_events,
                taxonomy,
            )
            if reference_events.events
            else schema.empty("reference_conflicts")
        )
        sources, claims = grade(
            sources, claims, contradictions, links, taxonomy, curation, analyst, conflicts, words=words, shared=shared
        )
        sources, claims = sources[list(TABLES["sources"])], claims[list(TABLES["claims"])]
        contradictions = crosscheck.one_per_wording(contradictions, claims, curation)

        # The build assembles rows as text; from here on the tables are in the one memory dialect.
        # Every table but the events is finished while the second process may still work on them.
        tables = {
            "sources": sources,
            "claims": claims,
            "claim_groups": claim_groups,
            "contradictions": contradictions,
        }
        tables = {name: schema.coerce(name, frame) for name, frame in tables.items()}
        tables["reference_conflicts"] = conflicts  # found before the grades, which read them
        tables["judgments"] = schema.coerce("judgments", _judgments(tables, hypotheses, judgments, taxonomy, settings))
        tables["disputes"] = schema.coerce(
            "disputes",
            crosscheck.disputes(
                stances,
                claims,
                taxonomy,
                curation,
                settings.curation,
                reference_events=reference_events.events,
                conflicts=schema.to_disk("reference_conflicts", tables["reference_conflicts"]),
            ),
        )  # again with the claims the reference timeline contradicts, now that they are known
        tables["events"] = schema.coerce("events", later_events())
    written = ("sources", "claims", "events", "claim_groups", "contradictions", "reference_conflicts", "judgments")
    tables = {name: tables[name] for name in (*written, "disputes")}  # validated and written in this order

    # Save outputs.
    if write:
        schema.write(tables, settings.processed_dir, taxonomy)
    else:
        for name, frame in tables.items():
            schema.validate(name, schema.to_disk(name, frame), taxonomy)
    # The analyst's files move with the folder's own tables, never with a check's or an --out build's.
    moves.save(write and settings.processed_dir.resolve().parent == settings.curation.resolve().parent)
    for path, n in zip(files, sources["n_claims"]):
        if not n:  # kept in the tables, but said out loud: an empty source is usually a bad copy
            warn(path, "gave no claims (no sentence in its visible text asserts anything); check the file or remove it")
    return BuildResult(**tables, seconds=time.perf_counter() - t0)
