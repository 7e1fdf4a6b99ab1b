"""The build on real articles nobody on the team wrote (tests/corpus/): what it keeps, drops, titles and dates.

The corpus is split (tests/corpus/README.md): rules were tuned on the `tune` half, so its figures flatter the build
and are held to floors; the `opened` half was held out for three rounds and then opened for tuning, so it is only
reported; the `heldout` split (a third batch) is scored the same way and only reported, as the honest estimate on
unseen pages. One build covers all articles. Per split:

- must_keep kept: gold sentences that some claim matches (rapidfuzz ratio >= MATCH, white space folded);
- claim sample recall: the same for the gold's sample of claims;
- debris leaked: gold debris strings found inside any claim of their article;
- questions kept as claims: gold `not_claims` (questions in show notes) that became claims;
- title: the build's title is the reader's (see `_title_ok`), scored where the gold gives one;
- published: the build states the gold date (not an inferred one), or states none where the gold has none;
- dated events: each gold event the prose dates (`events`, a date the text resolves) is found when the claim
  holding its quote carries the gold span or a narrower span inside it (the gold gives the precision a reader
  would state; "mid-1980s" or "earlier this year" may narrow it), and drawn when the timeline's events table
  holds that claim. A sentence stating two dates carries one, so the ceiling is below 1 (the test reports it).
"""

from __future__ import annotations

import calendar
import csv
import html
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml
from rapidfuzz import fuzz

from helpers import paths
from helpers.build.pipeline import BuildResult, run
from helpers.build.sources import source_id_for

from conftest import METRICS, settings_for, share

CORPUS = Path(__file__).parent / "corpus"
SPLIT = {row["file"]: row["split"] for row in csv.DictReader((CORPUS / "provenance.csv").open(encoding="utf-8"))}
GOLD = {
    name: yaml.safe_load((CORPUS / "gold" / f"{Path(name).stem}.yml").read_text(encoding="utf-8")) for name in SPLIT
}
MATCH = 90  # rapidfuzz ratio at which a claim counts as the gold sentence (quotes, a dateline, a lost space)

# Floors a little below what the tuned half scores (must_keep 1.00, sample 0.99, debris leaked 0.01, questions
# kept 0.00, title 0.86, published 0.88); the held-out half is only reported. debris_leaked and not_claims_kept
# are ceilings.
FLOORS = {
    "must_keep": 0.95,
    "claims": 0.95,
    "debris_leaked": 0.03,
    "not_claims_kept": 0.25,
    "title": 0.8,
    "published": 0.85,
}
CEILINGS = {"debris_leaked", "not_claims_kept"}
EVENTS_FLOOR = 0.68  # the tune half of both batches scores 0.73 (47 of 64); a floor a little below it


def _fold(text: str) -> str:
    return " ".join(text.split())


def _matches(sentence: str, texts: list[str]) -> bool:
    want = _fold(sentence)
    return any(fuzz.ratio(want, t) >= MATCH for t in texts)


def _title_ok(gold: str, found: str) -> bool:
    """The reader's title, or the page's own title in the same words: most of the gold's words (70%) and only a
    few more (a repost prefix "Big News: ...", an episode number, a date), since the gold is a paraphrase."""
    if fuzz.ratio(_fold(gold).casefold(), _fold(found).casefold()) >= MATCH:
        return True
    want, got = set(re.findall(r"[^\W_]+", gold.casefold())), set(re.findall(r"[^\W_]+", found.casefold()))
    return len(want & got) >= 0.7 * len(want) and len(got - want) <= max(4, len(want) // 2)


@dataclass
class Score:
    """Counts for one split; each pair is (hits, out of)."""

    files: int = 0
    must_keep: list[int] = field(default_factory=lambda: [0, 0])
    claims: list[int] = field(default_factory=lambda: [0, 0])
    debris_leaked: list[int] = field(default_factory=lambda: [0, 0])
    not_claims_kept: list[int] = field(default_factory=lambda: [0, 0])
    title: list[int] = field(default_factory=lambda: [0, 0])
    published: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)

    def rate(self, name: str) -> float:
        hits, n = getattr(self, name)
        return hits / n if n else 1.0

    def line(self) -> str:
        def part(label: str, name: str) -> str:
            hits, n = getattr(self, name)
            return f"{label} {hits}/{n} ({share(hits, n)})"

        return f"{self.files} files: " + ", ".join(
            [
                part("must_keep kept", "must_keep"),
                part("claim sample recall", "claims"),
                part("debris leaked", "debris_leaked"),
                part("questions kept as claims", "not_claims_kept"),
                part("title", "title"),
                part("published", "published"),
            ]
        )


def _add(pair: list[int], hit: bool) -> None:
    pair[0] += int(hit)
    pair[1] += 1


def score(result: BuildResult, split: str) -> Score:
    """Score the build's tables against the gold of one split's articles."""
    out = Score()
    sources = result.sources.set_index("source_id")
    for name, gold in GOLD.items():
        if SPLIT[name] != split:
            continue
        sid = source_id_for(Path(name))
        out.files += 1
        texts = [_fold(t) for t in result.claims.loc[result.claims["source_id"] == sid, "text"]]
        blob = "\n".join(texts)
        for s in gold.get("must_keep") or []:
            kept = _matches(s, texts)
            _add(out.must_keep, kept)
            if not kept:
                out.misses.append(f"{sid}: lost {s[:70]!r}")
        for c in gold.get("claims") or []:
            found = _matches(c["text"], texts)
            _add(out.claims, found)
            if not found:
                out.misses.append(f"{sid}: sample claim missed {c['text'][:70]!r}")
        for d in gold.get("debris") or []:
            leaked = _fold(d) in blob
            _add(out.debris_leaked, leaked)
            if leaked:
                out.misses.append(f"{sid}: leaked {d[:70]!r}")
        for q in gold.get("not_claims") or []:
            _add(out.not_claims_kept, _matches(q, texts))
        row = sources.loc[sid]
        if gold.get("title"):
            ok = _title_ok(gold["title"], row["title"])
            _add(out.title, ok)
            if not ok:
                out.misses.append(f"{sid}: title {row['title']!r}")
        found = "" if pd.isna(row["published"]) else row["published"].date().isoformat()
        stated = bool(found) and not row["is_published_inferred"]
        ok = stated and found == gold["published"] if gold.get("published") else not stated
        _add(out.published, ok)
        if not ok:
            out.misses.append(f"{sid}: published {found or 'none'} (inferred: {row['is_published_inferred']})")
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuildResult:
    """Every corpus article in a throw-away data folder with the real rules, built once (nothing written)."""
    data = tmp_path_factory.mktemp("corpus") / "data"
    (data / "sources").mkdir(parents=True)
    (data / "processed").mkdir()
    for name in ("taxonomy.yml", "cleaning.yml", "curation.yml"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    for name in SPLIT:
        shutil.copy(CORPUS / "articles" / name, data / "sources" / name)
    result = run(settings_for(data), write=False, progress=False)
    shutil.rmtree(data)
    return result


def test_every_article_builds(built):
    assert set(built.sources["source_id"]) == {source_id_for(Path(n)) for n in SPLIT}


@pytest.mark.parametrize("split", ["tune", "opened", "heldout"])
def test_corpus_scores(built, split):
    s = score(built, split)
    METRICS[f"corpus {split}"] = s.line()
    if split != "tune":
        return  # reported only: asserting on it would turn it into a second tuning set
    low = {n: s.rate(n) for n, floor in FLOORS.items() if (s.rate(n) > floor if n in CEILINGS else s.rate(n) < floor)}
    assert not low, f"below the floors {FLOORS}: {low}; misses: {s.misses}"


def gold_span(value: str) -> tuple[str, str]:
    """A gold date ("2023-05-17", "2023-05", "2000", "1990s", "a/b") as the ISO first and last day it covers."""
    if "/" in value:
        first, last = value.split("/")
        return gold_span(first)[0], gold_span(last)[1]
    if value.endswith("s"):  # a decade
        return f"{value[:4]}-01-01", f"{int(value[:4]) + 9}-12-31"
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-01-01", f"{value}-12-31"
    if len(parts) == 2:
        year, month = map(int, parts)
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value, value


def dated_events(result: BuildResult, split: str) -> dict[str, list]:
    """Per gold event with a date: its quote's claim, whether that claim carries the gold span, and whether the
    timeline draws it there. `ceiling` counts events whose claim holds another gold event too."""
    claims = result.claims.assign(folded=result.claims["text"].map(_fold))
    drawn = {cid for ids in result.events["claim_ids"] for cid in ids}  # an event is drawn at its claims' date
    out: dict[str, list] = {"events": [], "found": [], "drawn": [], "shared": []}
    for name, gold in GOLD.items():
        if SPLIT[name] != split:
            continue
        own = claims[claims["source_id"] == source_id_for(Path(name))]
        quotes = [_fold(e["quote"]) for e in gold.get("events") or []]
        for event, quote in zip(gold.get("events") or [], quotes):
            if not event.get("date"):
                continue  # dated only by a weekday the text leaves unresolved
            start, end = gold_span(str(event["date"]))
            holding = own[own["folded"].map(lambda t, q=quote: q in t or fuzz.partial_ratio(q, t) >= MATCH)]
            found = [
                r.claim_id
                for r in holding.itertuples()
                if not pd.isna(r.date_start)
                and start <= r.date_start.date().isoformat() <= r.date_end.date().isoformat() <= end
            ]
            out["events"].append(f"{name}: {event['date']} {quote[:60]!r}")
            out["found"].append(bool(found))
            out["drawn"].append(any(cid in drawn for cid in found))
            out["shared"].append(any(sum(q2 in t for q2 in quotes) > 1 for t in holding["folded"]))
    return out


@pytest.mark.parametrize("split", ["tune", "opened", "heldout"])
def test_dated_events(built, split):
    """The events the prose dates carry their gold dates; on the tune half at least the floor of them."""
    ev = dated_events(built, split)
    n, found, drawn = len(ev["found"]), sum(ev["found"]), sum(ev["drawn"])
    METRICS[f"corpus {split:7} dated events"] = (
        f"{found}/{n} ({share(found, n)}) carry the gold date, {drawn}/{n} drawn on the timeline there; "
        f"{sum(ev['shared'])} share their sentence with another gold event (one date per claim)"
    )
    if split == "tune":
        missed = [e for e, ok in zip(ev["events"], ev["found"]) if not ok]
        assert found / n >= EVENTS_FLOOR, f"dated events {found}/{n} on the tune half; missed: {missed}"


def test_quotes_sit_at_their_offsets(built):
    """Each claim is its span of the raw file once markup (tags, link targets, emphasis) is set aside."""
    raw = {source_id_for(Path(n)): (CORPUS / "articles" / n).read_text(encoding="utf-8") for n in SPLIT}
    for row in built.claims.itertuples():
        quoted = raw[row.source_id][row.char_start : row.char_end]
        assert _words(row.text) == _words(_unmarked(quoted)), row.claim_id


def _unmarked(text: str) -> str:
    """Raw markdown or HTML reduced to what a reader sees, roughly: enough to compare the words."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"\[\d{1,3}\]", " ", text)
    return html.unescape(text)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)
