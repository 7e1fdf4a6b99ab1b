"""Tagging on the development corpus (tests/corpus): real articles nobody on the team wrote, gold written by hand.

The fixture in test_tagging.py was written together with the cue words, so it cannot tell a general cue from one
that fits a single sentence; this corpus can. Claim fields are scored on the gold's quoted sentences as the build
tags them in their article (cleaned and extracted, so the heading above a claim and the speaker of the sentence
before it count); a gold sentence no claim matches is tagged on its own, and how many were is reported. Actors
are scored per article, over every sentence the build would keep, against the gold's list of the countries,
organisations and leaders the article names. Every figure is reported per split through
METRICS; floors are asserted on the `tune` half only: `heldout` (the third batch) is measured and never tuned on,
and `opened` (held out until 2026-11-26) is reported beside them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

from helpers.build.extract import Tagger, extract_claims, is_claim, sentences
from helpers.build.sources import clean, load_document
from helpers.config import load_cleaning, load_taxonomy

from conftest import METRICS, share, wilson

CORPUS = Path(__file__).parent / "corpus"
SPLITS = ("tune", "opened", "heldout")
# Floors a little below the tune half's figures (see the module docstring): a change that makes tagging worse
# on text the team did not write fails here, while the held-out figures stay a measurement. Set on the tune half
# of both batches (127 claims): theme 0.74, stance 0.84, modality 0.92, attribution 0.96 (recall 0.86,
# precision 0.97), actors 0.95 / 0.73. The second batch made the tune half harder, so some floors went down.
FLOORS = {
    "theme": 0.70,
    "stance": 0.80,
    "modality": 0.88,
    "attribution": 0.93,
    "attribution recall": 0.83,
    "attribution precision": 0.93,
    "actor precision": 0.90,
    "actor recall": 0.70,
}
MATCH = 90  # rapidfuzz ratio at which a claim is the gold sentence (as in test_corpus.py)
# Words that carry no identity in a speaker's description ("the press service of ...").
_ATTRIBUTION_NOISE = {"the", "a", "an", "of", "in", "his", "her", "its", "via", "s", "and"}


@dataclass(frozen=True)
class Article:
    stem: str
    split: str
    path: Path
    published: date | None
    gold: dict


def _fold(text: str) -> str:
    return " ".join(text.split())


def _articles() -> list[Article]:
    with (CORPUS / "provenance.csv").open(encoding="utf-8") as f:
        split = {row["file"]: row["split"] for row in csv.DictReader(f)}
    out = []
    for name in sorted(split):  # one gold file per article (gold/ may hold other files too)
        path = CORPUS / "gold" / f"{Path(name).stem}.yml"
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        published = date.fromisoformat(gold["published"]) if gold.get("published") else None
        out.append(Article(path.stem, split[gold["file"]], CORPUS / "articles" / gold["file"], published, gold))
    return out


ARTICLES = _articles()


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_taxonomy(), load_cleaning())


def tagged_in_article(tagger: Tagger, article: Article) -> list[tuple[dict, dict | None]]:
    """(gold claim, the build's claim that is that sentence, or None) for each gold claim of the article."""
    doc = clean(load_document(article.path), tagger.cleaning)
    rows, _ = extract_claims(doc, tagger, article.published)
    out = []
    for claim in article.gold["claims"]:
        want = _fold(claim["text"])
        best = max(rows, key=lambda r: fuzz.ratio(want, r["text"]), default=None)
        out.append((claim, best if best is not None and fuzz.ratio(want, best["text"]) >= MATCH else None))
    return out


@pytest.fixture(scope="module")
def claim_rows(tagger) -> list[tuple[str, dict, dict]]:
    """(split, gold claim, tags) for every gold claim: the build's tags in its article, else the sentence's own."""
    out = []
    alone = dict.fromkeys(SPLITS, 0)
    for a in ARTICLES:
        for claim, row in tagged_in_article(tagger, a):
            if row is None:
                alone[a.split] += 1
                row = tagger.tag(_fold(claim["text"]), "", a.published, False)
            out.append((a.split, claim, row))
    for split in SPLITS:
        METRICS[f"corpus {split:7} tagged alone"] = f"{alone[split]} gold claims matched no claim of their article"
    return out


def _words(who: str) -> set[str]:
    who = re.sub(r"\([^)]*\)", " ", who.casefold())
    return {w for w in re.findall(r"[^\W_]+", who) if w not in _ATTRIBUTION_NOISE}


def same_speaker(gold: str, found: str) -> bool:
    """The gold speaker and the tagged one are the same: one's words hold the other's, or most words agree.

    "Nikolai Shingaryov" matches "Shingaryov", "officials in Russia" matches "officials"; "" matches only "".
    """
    a, b = _words(gold), _words(found)
    if not a or not b:
        return not a and not b
    return a <= b or b <= a or len(a & b) / len(a | b) >= 0.5


def _score(pairs: list[tuple[str, str]], same=lambda g, f: g == f) -> float:
    return sum(same(g, f) for g, f in pairs) / len(pairs) if pairs else float("nan")


def test_wilson_interval():
    """The interval the corpus figures are printed with: textbook values, and it narrows as n grows."""
    low, high = wilson(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson(80, 100)[1] - wilson(80, 100)[0] < high - low
    assert wilson(0, 0) == (0.0, 1.0) and wilson(0, 5)[0] == 0.0


def _share(pairs: list[tuple[str, str]], same=lambda g, f: g == f) -> str:
    return share(sum(same(g, f) for g, f in pairs), len(pairs))


def field_pairs(rows, split: str, field: str) -> list[tuple[str, str]]:
    if field == "theme":
        return [(c["theme"] if c["theme"] != "none" else "", t["theme"]) for s, c, t in rows if s == split]
    return [(c[field] or "", t[field]) for s, c, t in rows if s == split]


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("field", ["theme", "stance", "modality"])
def test_claim_field(field, split, claim_rows):
    pairs = field_pairs(claim_rows, split, field)
    accuracy = _score(pairs)
    METRICS[f"corpus {split:7} {field:11}"] = f"n={len(pairs):3}  accuracy {_share(pairs)}"
    if split == "tune":
        misses = [(c["text"][:70], g, f) for (s, c, _), (g, f) in zip(claim_rows, pairs) if s == split and g != f]
        assert accuracy >= FLOORS[field], f"{field} accuracy {accuracy:.2f} on the tune half; misses: {misses}"


@pytest.mark.parametrize("split", SPLITS)
def test_attribution(split, claim_rows):
    """Who is said to say it: accuracy over all claims, recall over the claims gold attributes to someone."""
    pairs = field_pairs(claim_rows, split, "attribution")
    accuracy = _score(pairs, same_speaker)
    attributed = [(g, f) for g, f in pairs if g]
    recall = _score(attributed, same_speaker)
    said = [(g, f) for g, f in pairs if f]
    precision = _score(said, same_speaker)
    METRICS[f"corpus {split:7} attribution"] = (
        f"n={len(pairs):3}  accuracy {_share(pairs, same_speaker)}  recall {_share(attributed, same_speaker)}"
        f" (n={len(attributed)})  precision {_share(said, same_speaker)} (n={len(said)})"
    )
    if split == "tune":
        missed = [(g, f) for g, f in attributed if not same_speaker(g, f)]
        assert accuracy >= FLOORS["attribution"], f"attribution accuracy {accuracy:.2f}; {pairs}"
        assert recall >= FLOORS["attribution recall"], f"attribution recall {recall:.2f}; missed {missed}"
        wrong = [(g, f) for g, f in said if not same_speaker(g, f)]
        assert precision >= FLOORS["attribution precision"], f"attribution precision {precision:.2f}; wrong {wrong}"


_CUT_NOTE = re.compile(r"cut off|never closed|truncat", re.IGNORECASE)


@pytest.mark.parametrize("split", SPLITS)
def test_cut_off_quotes_are_flagged(split, claim_rows):
    """The gold has no truncation field, but its notes say where the stored copy cut a sentence off."""
    rows = [
        (bool(_CUT_NOTE.search(c.get("note") or "")), bool(t["is_truncated"])) for s, c, t in claim_rows if s == split
    ]
    cut = [f for g, f in rows if g]
    whole = [f for g, f in rows if not g]
    METRICS[f"corpus {split:7} truncated"] = (
        f"{sum(cut)} of {len(cut)} claims noted as cut off are flagged; {sum(whole)} of {len(whole)} others are"
    )
    if split == "tune":
        assert sum(cut) >= 0.75 * len(cut) and sum(whole) <= 0.05 * len(whole), rows


@pytest.mark.parametrize("split", SPLITS)
def test_area_agrees_with_theme(split, claim_rows, tagger):
    """The gold has no areas; the share of tagged areas whose theme is the gold theme is reported as a proxy."""
    areas = tagger.tx.areas
    pairs = [
        (c["theme"], areas[t["area"]].theme)
        for s, c, t in claim_rows
        if s == split and t["area"] and c["theme"] in {a.theme for a in areas.values()}
    ]
    n = sum(1 for s, _, _ in claim_rows if s == split)
    METRICS[f"corpus {split:7} area (proxy)"] = (
        f"n={len(pairs):3} of {n} claims have an area; its theme is the gold theme in {_score(pairs):.2f}"
    )


def _gold_names(gold: dict, kinds: tuple[str, ...]) -> list[str]:
    out = []
    for kind in kinds:
        for entry in gold["actors"].get(kind) or []:
            out.append(entry["name"] if isinstance(entry, dict) else entry)
    return out


def canonical(tagger: Tagger, name: str) -> set[str]:
    """The taxonomy's actor for a gold name: the longest alias found in the name (or its bracketed other name),
    when it covers at least two thirds of it ("Russian Federal Atomic Energy Agency" is Rosatom).

    A name the gazetteer only partly covers ("Russia in Global Affairs") is unknown, so it can only be missed.
    """
    found = set()
    for variant in [re.sub(r"\s*\([^)]*\)", "", name), *re.findall(r"\(([^)]*)\)", name)]:
        variant = re.sub(r"^the\s+", "", variant.strip(), flags=re.IGNORECASE)
        longest = max(tagger.tx.actor_index.finditer(variant), key=lambda m: m.end - m.start, default=None)
        if longest and 3 * (longest.end - longest.start) >= 2 * len(variant):
            found |= set(longest.names)
    return found or {name}


def article_actors(tagger: Tagger, article: Article) -> set[str]:
    """Every actor the build would tag in the article, each sentence read after the ones before it."""
    cleaning = tagger.cleaning
    doc = clean(load_document(article.path), cleaning)
    found: set[str] = set()
    previous: list[str] = []
    for s in sentences(doc):
        if not is_claim(s, cleaning):
            continue
        tags = tagger.tag(s.text, s.section, article.published, False, context_actors=tagger.states_named(previous))
        found.update(filter(None, tags["actors"].split(";")))
        previous = [*previous, s.text][-2:]
    return found


@pytest.fixture(scope="module")
def actor_counts(tagger) -> dict[str, dict[str, list[int]]]:
    """Per split and scope ('all', 'countries'): [found and right, found, wanted and found, wanted].

    Wanted: the gold's countries, organisations and leaders. Right: anything the gold names in any list (people,
    groups and historical names too), a leader's or person's country, or what the taxonomy affiliates them with.
    """
    counts = {split: {"all": [0, 0, 0, 0], "countries": [0, 0, 0, 0]} for split in SPLITS}
    for article in ARTICLES:
        gold = article.gold
        right = set().union(*(canonical(tagger, n) for n in _gold_names(gold, tuple(gold["actors"]))))
        for kind in ("leaders", "people"):
            right |= {e["country"] for e in gold["actors"].get(kind) or [] if isinstance(e, dict) and e.get("country")}
        right |= {tagger.tx.actors[a].affiliation for a in right if a in tagger.tx.actors} - {None}
        found = article_actors(tagger, article)
        for scope, kinds in (("all", ("countries", "organisations", "leaders")), ("countries", ("countries",))):
            wanted = set().union(*(canonical(tagger, n) for n in _gold_names(gold, kinds)))
            seen = found if scope == "all" else {a for a in found if tagger.tx.actors[a].kind == "country"}
            c = counts[article.split][scope]
            for i, n in enumerate((len(seen & right), len(seen), len(wanted & found), len(wanted))):
                c[i] += n
    return counts


@pytest.mark.parametrize("split", SPLITS)
def test_actors(split, actor_counts):
    scores = {}
    for scope, (right, found, recalled, wanted) in actor_counts[split].items():
        scores[scope] = right / found, recalled / wanted
        METRICS[f"corpus {split:7} actors {scope}"] = (
            f"precision {right / found:.2f} ({right}/{found})  recall {recalled / wanted:.2f} ({recalled}/{wanted})"
        )
    if split == "tune":
        precision, recall = scores["all"]
        assert precision >= FLOORS["actor precision"], f"actor precision {precision:.2f}"
        assert recall >= FLOORS["actor recall"], f"actor recall {recall:.2f}"


# --- how far two people agree: the ceiling a tagger can be held to ---------------------------------------------

SECOND = CORPUS / "second_labelling.csv"
THEMES = {*load_taxonomy().themes, "none"}


def _kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa: agreement beyond what two labellers with these label shares would reach by chance."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in first) / (n * n)
    return (observed - chance) / (1 - chance) if chance < 1 else 1.0


def test_kappa():
    assert _kappa([("a", "a"), ("b", "b")]) == 1.0
    assert _kappa([("a", "b"), ("b", "a")]) == -1.0
    assert abs(_kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")])) < 1e-9  # no better than chance


@pytest.fixture(scope="module")
def second_labels() -> dict[tuple[str, str], dict]:
    with SECOND.open(encoding="utf-8") as f:
        return {(row["file"], _fold(row["text"])): row for row in csv.DictReader(f)}


def test_second_labelling_covers_the_gold(second_labels):
    """A second person labelled every gold claim on their own (tests/corpus/README.md, agreement study)."""
    gold = {(a.path.name, _fold(c["text"])) for a in ARTICLES for c in a.gold["claims"]}
    assert set(second_labels) == gold
    for row in second_labels.values():
        assert row["theme"] in THEMES and row["theme2"] in THEMES | {""}, row
        assert row["stance"] in {"cooperation", "divergence", "context"}, row
        assert row["modality"] in {"asserted", "reported", "hedged", "forecast"}, row


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("field", ["theme", "stance", "modality"])
def test_agreement_between_labellers(field, split, claim_rows, second_labels):
    """Reported, not asserted: the two people's agreement is the ceiling for the tagger's accuracy on this half."""
    files = [a.path.name for a in ARTICLES for _ in a.gold["claims"]]  # claim_rows' order
    rows = [(c, t, second_labels[(name, _fold(c["text"]))]) for (s, c, t), name in zip(claim_rows, files) if s == split]

    def value(row: dict) -> str:
        return "" if field == "theme" and row[field] in ("none", "") else row[field]

    people = [(value(c), value(o)) for c, _, o in rows]
    tagger_second = [(value(t), value(o)) for _, t, o in rows]
    METRICS[f"corpus {split:7} {field:11} agreement"] = (
        f"gold vs second labeller {_share(people)} kappa {_kappa(people):.2f}; "
        f"tagger vs second {_share(tagger_second)} kappa {_kappa(tagger_second):.2f}"
    )
    assert len(rows) == sum(1 for s, _, _ in claim_rows if s == split)
