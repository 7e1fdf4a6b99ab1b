"""Admiralty grades computed by the build: reliability A-F per source, credibility 1-6 per claim.

A source is graded on what it gets right and whether it is its own work: currency and accuracy
against the team's reference timeline, originality (only the copier of a shared passage loses),
specificity (named speakers, dated statements) and keyword stuffing; by-line features (publisher,
date, author card) count at half weight. Nothing depends on another source's grade, so grades
cannot chase each other round. A claim starts from its source's grade and is then moved by its
own corroboration (independent origins) and by any reference contradiction.

The by-line and style findings are read from the `grading` section of taxonomy.yml; the new
measures below are named constants until that section's schema holds them. Each grade carries
its reasons with their direction; the analyst's own grade wins.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from helpers import schema
from helpers.build.crosscheck import QUOTE, Words, quotes_unattributed
from helpers.config import GRADES, Curation, Taxonomy
from helpers.text.patterns import WORD

RANK = {g: i for i, g in enumerate(GRADES)}  # A is best, F cannot be judged

# Findings of taxonomy.yml that this module replaces: copying is judged by direction below, and
# "contradicted by better-graded sources" made a grade depend on other grades (circular).
REPLACED = frozenset({"copied_sources", "contradicted_by_better"})
BYLINE = frozenset({"unknown_publisher", "inferred_date", "placeholder_author_lines"})
BYLINE_FACTOR = 0.5  # who published and when says less about a text than what the text gets right

# Reference conflicts (reference_conflicts.csv, helpers/build/reference.py) whose kind means the text
# is out of date: it writes as current, or still to come, what the timeline had ended or done before
# the source appeared. The other kinds (described_as_not, dated_differently, not_delivered) are errors.
CURRENCY_KINDS = frozenset({"standing_after_end", "forecast_after_fact"})
STALE_WEIGHT = 2.0  # once per source: out-of-date copy is the commonest sign of recycled text
REFERENCE_WEIGHT = 1.0  # once per source: it states something the reference timeline contradicts
COPY_SCORE = 90  # rapidfuzz ratio of two unquoted sentences that are one passage, lightly edited
COPY_MIN_WORDS = 8  # shorter sentences are stock phrases
COPY_MIN_PASSAGES = 2  # passages two sources must share before one counts as copying the other
COPY_MAX_PARTNERS = 5  # linked sources whose passages each source is compared with (most shared runs first)
COPIER_WEIGHT = 2.0  # once per source: it copies passages from an earlier or more specific one
SPECIFIC_WEIGHT = -20.0  # per unit of the share of claims that name their speaker or a day/month
SPECIFIC_CAP = 0.15  # beyond this share, more specificity earns nothing more
STUFFING_NGRAM = 4  # words in a repeated phrase
STUFFING_MIN_REPEATS = 5  # a phrase said fewer times is ordinary repetition
STUFFING_PER_1000 = 5.0  # repeats of the one phrase per 1,000 words that make keyword stuffing
STUFFING_WEIGHT = 2.0
CORROBORATED_CAP = {3: 2, 2: 3}  # independent origins -> the worst credibility a claim can then get
UNCONTRADICTED_WORST = 4  # Admiralty 5 ("improbable") means contradicted by other information
REFERENCE_FLOOR = 5  # a claim the reference timeline contradicts reads "improbable" at best
CONFLICT_COLUMNS = list(schema.TABLES["reference_conflicts"])  # claim_id, reference_id, conflict, reason, citation


def _record(citation: str) -> str:
    """The first public record of a reference citation, without its web address: a rationale names the
    record (publisher, title, date); the address stays in reference_conflicts.csv, beside the claim id."""
    return re.sub(r",\s*https?://\S+$", "", citation.split(" | ")[0])


@dataclass(frozen=True)
class Reason:
    """One finding that moves a grade; positive weights lower it."""

    weight: float
    says: str


def _rationale(letter: str, reasons: list[Reason]) -> str:
    """'D (score 3.5). Lowers it: a (+2); b (+1). Raises it: c (-1).'"""
    down = [f"{r.says} (+{r.weight:g})" for r in reasons if r.weight > 0]
    up = [f"{r.says} ({r.weight:g})" for r in reasons if r.weight < 0]
    said = [r.says for r in reasons if r.weight == 0]
    parts = [f"{letter} (score {sum(r.weight for r in reasons):g})"]
    parts += [f"Lowers it: {'; '.join(down)}"] if down else []
    parts += [f"Raises it: {'; '.join(up)}"] if up else []
    parts += [f"Noted: {'; '.join(said)}"] if said else []
    parts += [] if down or up or said else ["nothing found for or against"]
    return ". ".join(parts) + "."


def _letter(score: float, bands: dict[str, float]) -> str:
    return next((g for g, top in sorted(bands.items(), key=lambda kv: kv[1]) if score <= top), "E")


# --- source measures -----------------------------------------------------------------------------


def specific_share(claims: pd.DataFrame, taxonomy: Taxonomy) -> pd.Series:
    """Per source: the share of live claims that name their speaker or give a calendar day or month.

    A named speaker is a person the tagger found in the claim, or an attribution of two or more
    capitalised words ("House of Commons Library"); "analysts", "experts" or "Russian" name nobody
    a reader could check. A date counts when its words hold a number, a month or a weekday: a day
    resolved from a named event ("the fall of the Soviet Union") is general knowledge, not reporting.
    """
    live = claims[schema.live(claims)]
    people = {name for name, actor in taxonomy.actors.items() if actor.kind == "person"}
    said_by = live["attribution"].fillna("").astype(str)
    named = (said_by != "") & (
        (said_by.str.count(r"\b[A-Z][\w'’-]+") >= 2) | live["actors"].map(lambda a: bool(people & set(_names(a))))
    )
    calendar_words = r"\d|\b(?:" + "|".join(m for m in (*calendar.month_name[1:], *calendar.day_name)) + r")\b"
    dated = live["date_precision"].astype(str).isin({"day", "month"}) & live["date_text"].fillna("").astype(
        str
    ).str.contains(calendar_words, regex=True)
    return (named | dated).groupby(live["source_id"]).mean()


def _names(actors) -> list[str]:
    """The actors of a claim, whether the frame holds lists (memory) or ';'-joined text (as built)."""
    if isinstance(actors, str):
        return [a for a in actors.split(";") if a]
    return list(actors) if actors is not None else []


def _casefolded(claims: pd.DataFrame, words: Words | None) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Every claim's words case-folded and numbered: (ids, vocabulary, words per claim), from `words` when given."""
    if words is not None:
        return words.casefolded, words.casefolded_vocab, words.lengths
    lists = [[w.casefold() for w in WORD.findall(t)] for t in claims["text"].tolist()]
    ids, vocab = pd.factorize(pd.Series([w for ws in lists for w in ws], dtype=object))
    return ids, vocab, np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))


def stuffing(claims: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """Per source: its most repeated phrase of STUFFING_NGRAM words, how often, and per 1,000 words.

    A source's words run on from one claim to the next; of equally repeated phrases the first said wins.
    `words` is crosscheck.Words of claims["text"], row for row, when already worked out.
    """
    ids, vocab, lengths = _casefolded(claims, words)
    ids, ends, lengths = ids.tolist(), np.cumsum(lengths).tolist(), lengths.tolist()
    kept = np.flatnonzero(~claims["is_rejected"].to_numpy(dtype=bool))  # positions, not a copy of the frame
    rows = []
    for sid, at in sorted(pd.Series(kept).groupby(claims["source_id"].to_numpy()[kept]).indices.items()):
        said = [w for i in kept[at].tolist() for w in ids[ends[i] - lengths[i] : ends[i]]]
        grams = Counter(zip(*(said[i:] for i in range(STUFFING_NGRAM))))
        phrase, n = grams.most_common(1)[0] if grams else ((), 0)
        rows.append(
            {
                "source_id": sid,
                "phrase": " ".join(vocab[list(phrase)]),
                "repeats": n,
                "per_1000": 1000 * n / max(len(said), 1),
            }
        )
    return pd.DataFrame(rows, columns=["source_id", "phrase", "repeats", "per_1000"]).set_index("source_id")


def compared_links(links: pd.DataFrame) -> pd.DataFrame:
    """The linked pairs whose passages are compared: each source's COPY_MAX_PARTNERS closest partners.

    Closest means most shared runs (n_runs), ties by source id; a pair is compared when it is among
    the closest of either side, so the work grows with the sources, not with the pairs. When every
    source copies every other (template text), comparing all pairs would be quadratic; a source rarely
    has more partners than that in real corpora, and then nothing is left out.
    """
    if links.empty:
        return links
    runs = links["n_runs"] if "n_runs" in links else pd.Series(0, index=links.index)
    ends = pd.DataFrame(
        {
            "source": pd.concat([links["source_id_x"], links["source_id_y"]], ignore_index=True),
            "partner": pd.concat([links["source_id_y"], links["source_id_x"]], ignore_index=True),
            "n_runs": pd.concat([runs, runs], ignore_index=True),
            "row": np.tile(np.arange(len(links)), 2),
        }
    )
    ends = ends.sort_values(["source", "n_runs", "partner"], ascending=[True, False, True], kind="stable")
    closest = ends.groupby("source", sort=False).head(COPY_MAX_PARTNERS)["row"]
    return links.iloc[np.unique(closest.to_numpy())]


def _unquoted(claims: pd.DataFrame, words: Words | None) -> pd.Series:
    """Each claim's words outside quotation marks, case-folded, one space apart (from `words` when it quotes none)."""
    texts = claims["text"].tolist()
    if words is None:
        return pd.Series([" ".join(WORD.findall(QUOTE.sub(" ", t))).casefold() for t in texts], index=claims.index)
    flat = np.asarray(words.casefolded_vocab, dtype=object)[words.casefolded].tolist()
    ends = np.cumsum(words.lengths).tolist()
    own = [
        " ".join(WORD.findall(QUOTE.sub(" ", t))).casefold() if QUOTE.search(t) else " ".join(flat[end - n : end])
        for t, end, n in zip(texts, ends, words.lengths.tolist())
    ]
    return pd.Series(own, index=claims.index)


def shared_passages(claims: pd.DataFrame, links: pd.DataFrame, words: Words | None = None) -> pd.DataFrame:
    """Sentences two linked sources share outside quotation marks (rapidfuzz ratio >= COPY_SCORE).

    Quoting the same outside speaker is not copying each other, so quoted words are left out.
    Only pairs that crosscheck.copy_links found sharing runs are compared (compared_links bounds
    them per source), each source's distinct sentences against all its partners', which keeps it
    linear. n_passages counts the first source's sentences found in the second.
    `words` is crosscheck.Words of claims["text"], row for row, when already worked out.
    """
    kept = claims[~claims["is_rejected"]]
    own = _unquoted(claims, words)[~claims["is_rejected"]]
    own = own[own.str.count(" ") + 1 >= COPY_MIN_WORDS]
    codes, texts = pd.factorize(own)  # each distinct sentence once, by number
    by_source = {sid: at for sid, at in pd.Series(codes).groupby(kept.loc[own.index, "source_id"].to_numpy())}
    by_source = {sid: at.to_numpy() for sid, at in by_source.items()}
    compared = compared_links(links)
    partners: dict[str, list[str]] = {}
    for x, y in zip(compared["source_id_x"], compared["source_id_y"]):
        if x in by_source and y in by_source:
            partners.setdefault(x, []).append(y)
    found: dict[tuple[str, str], int] = {}
    letters = _Letters(texts.tolist()) if partners else None
    for x, ys in partners.items():
        found.update(_passages_in(x, ys, by_source, letters))
    rows = [
        {"source_x": x, "source_y": y, "n_passages": found[(x, y)]}
        for x, y in zip(compared["source_id_x"], compared["source_id_y"])
        if (x, y) in found
    ]
    return pd.DataFrame(rows, columns=["source_x", "source_y", "n_passages"])


class _Letters:
    """Letter counts of distinct sentences, to rule out most pairs before rapidfuzz scores them.

    rapidfuzz's ratio is 100 * (1 - indel / total length), and two texts share no longer a
    subsequence than, letter by letter, the smaller of their counts. So the indel distance is at
    least the letters one text has more of than the other. That is checked in two steps: first for
    every pair at once, counting each letter up to LEVELS as bits (a popcount of the two texts' bits
    ANDed) and bounding what lies above LEVELS by the smaller text's excess; then exactly, for the
    few pairs left. Only pairs both leave possible are scored, so the result is that of scoring all.
    """

    LEVELS = 6
    BLOCK = 4096  # texts counted at a time: arrays over every character of every text would take hundreds of MB

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        used = np.zeros(int(points.max(initial=0)) + 1, dtype=bool)
        used[points] = True
        number = (np.cumsum(used) - 1).astype(np.int32)  # each letter used, numbered from 0
        width = int(used.sum())
        ends = np.concatenate([[0], np.cumsum(self.lengths)])
        counts, bits = [np.zeros((0, width), np.int32)], [np.zeros((0, -(-width * self.LEVELS // 64)), np.uint64)]
        for first in range(0, len(texts), self.BLOCK):
            n = min(self.BLOCK, len(texts) - first)
            owner = np.repeat(np.arange(n), self.lengths[first : first + n])
            letters = number[points[ends[first] : ends[first + n]]]
            block = np.bincount(owner * width + letters, minlength=n * width).reshape(n, width).astype(np.int32)
            steps = (block[:, :, None] >= np.arange(1, self.LEVELS + 1)).reshape(n, width * self.LEVELS)
            steps = np.packbits(steps, axis=1)
            steps = np.hstack([steps, np.zeros((n, -steps.shape[1] % 8), dtype=np.uint8)])
            counts.append(block)
            bits.append(steps.view(np.uint64))  # letter counts up to LEVELS, one bit per letter and level
        self.counts = counts = np.vstack(counts)
        self.bits = np.vstack(bits)
        self.excess = np.maximum(counts - self.LEVELS, 0).sum(axis=1)

    def may_match(self, a: np.ndarray, b: np.ndarray, score: float) -> tuple[np.ndarray, np.ndarray]:
        """(i, j) pairs of positions in a and b whose ratio can reach `score`, as two index arrays."""
        # int32 matrices: a pair's lengths and letters are far below 2**31, and half the bytes to move
        total = np.add.outer(self.lengths[a].astype(np.int32), self.lengths[b].astype(np.int32))
        slack = (1 - score / 100) * total + 1  # the indel distance the score allows, and 1 for rounding
        common = np.minimum.outer(self.excess[a].astype(np.int32), self.excess[b].astype(np.int32))
        bits_a, bits_b = self.bits[a], self.bits[b]
        for word in range(self.bits.shape[1]):
            common += np.bitwise_count(np.bitwise_and.outer(bits_a[:, word], bits_b[:, word]))
        common *= 2
        total -= common
        i, j = np.nonzero(total <= slack)
        apart = np.abs(self.counts[a[i]] - self.counts[b[j]]).sum(axis=1)  # the exact bound, for the few left
        close = apart <= slack[i, j]
        return i[close], j[close]


def _passages_in(
    x: str, partners: list[str], by_source: dict[str, np.ndarray], letters: _Letters
) -> dict[tuple[str, str], int]:
    """(x, partner) -> how many of x's sentences (repeats counted) have a look-alike in that partner."""
    mine, weight = np.unique(by_source[x], return_counts=True)
    theirs, column = np.unique(np.concatenate([by_source[y] for y in partners]), return_inverse=True)
    i, j = letters.may_match(mine, theirs, COPY_SCORE)
    scores = process.cpdist(
        [letters.texts[k] for k in mine[i]],
        [letters.texts[k] for k in theirs[j]],
        scorer=fuzz.ratio,
        score_cutoff=COPY_SCORE,
        dtype=np.uint8,
        workers=1,  # few pairs per source: starting threads would cost more than they save
    )
    alike = np.zeros((len(mine), len(theirs)), dtype=bool)
    alike[i[scores > 0], j[scores > 0]] = True
    starts = np.cumsum([0] + [len(by_source[y]) for y in partners[:-1]])
    seen = np.logical_or.reduceat(alike[:, column], starts, axis=1)  # (x's distinct sentences, partners)
    counts = weight @ seen
    return {(x, y): int(n) for y, n in zip(partners, counts)}


def _known_earlier(a: str, b: str, published: dict[str, str], inferred: dict[str, bool]) -> bool:
    """a surely appeared before b: a's date is stated and b's (stated, or the earliest it can be) is later."""
    da, db = published[a], published[b]
    return bool(da) and bool(db) and not inferred[a] and str(da) < str(db)


def copying(shared: pd.DataFrame, sources: pd.DataFrame, specific: pd.Series) -> pd.DataFrame:
    """Who copied whom: the later source when the dates tell, else the less specific one.

    One row per pair sharing COPY_MIN_PASSAGES passages: copier ('' when nothing tells them
    apart), original, n_passages and how the direction was decided.
    """
    published = dict(zip(sources["source_id"], sources["published"]))
    inferred = dict(zip(sources["source_id"], sources["is_published_inferred"]))
    specific = specific.to_dict()
    rows = []
    for x, y, n in shared[shared["n_passages"] >= COPY_MIN_PASSAGES].itertuples(index=False):
        sx, sy = float(specific.get(x, 0.0)), float(specific.get(y, 0.0))
        if _known_earlier(x, y, published, inferred):
            copier, original, how = y, x, "published later"
        elif _known_earlier(y, x, published, inferred):
            copier, original, how = x, y, "published later"
        elif sx != sy:
            copier, original = (x, y) if sx < sy else (y, x)
            how = "less specific"
        else:
            copier, original, how = "", "", "nothing tells which came first"
        rows.append({"copier": copier, "original": original, "x": x, "y": y, "n_passages": n, "how": how})
    return pd.DataFrame(rows, columns=["copier", "original", "x", "y", "n_passages", "how"])


def _conflicts(conflicts: pd.DataFrame | None, claims: pd.DataFrame) -> pd.DataFrame:
    """Reference conflicts of live claims, with each claim's source (empty when the build has none)."""
    if conflicts is None or conflicts.empty:
        return pd.DataFrame(columns=[*CONFLICT_COLUMNS, "label", "source_id", "is_stale"])
    if "label" not in conflicts:  # a table read back from disk names events by id only
        conflicts = conflicts.assign(label=conflicts["reference_id"])
    live = claims.loc[schema.live(claims), ["claim_id", "source_id"]]
    found = conflicts[[*CONFLICT_COLUMNS, "label"]].astype(str).merge(live, on="claim_id", how="inner", validate="m:1")
    return found.assign(is_stale=found["conflict"].isin(CURRENCY_KINDS))


def _listed(values) -> str:
    names = sorted(set(map(str, values)))
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def source_reasons(
    sources: pd.DataFrame,
    claims: pd.DataFrame,
    links: pd.DataFrame,
    conflicts: pd.DataFrame | None,
    taxonomy: Taxonomy,
    words: Words | None = None,
    shared: pd.DataFrame | None = None,
) -> dict[str, list[Reason]]:
    """Every finding for or against each source, from its own text and dates only (never other grades).

    `words` (crosscheck.Words of claims["text"], row for row) and `shared` (shared_passages(claims, links))
    are used when already worked out.
    """
    g = taxonomy.grading
    quoted = quotes_unattributed(claims)
    kept = claims[~claims["is_rejected"]]  # filler counts towards a source's filler share, so only rejects go
    live = schema.live(claims)
    per = {
        "unknown_publisher": sources.set_index("source_id")["publisher"].eq(""),
        "inferred_date": sources.set_index("source_id").pipe(
            lambda s: s["is_published_inferred"] | s["published"].eq("")
        ),
        "placeholder_author_lines": sources.set_index("source_id")["n_placeholder_lines"],
        "filler_share": kept.groupby("source_id")["is_filler"].mean(),
        "unattributed_quote_share": quoted[live].groupby(claims.loc[live, "source_id"]).mean(),
        "independently_corroborated_share": (claims.loc[live, "n_independent"] >= 2)
        .groupby(claims.loc[live, "source_id"])
        .mean(),
    }
    per = {name: values.to_dict() for name, values in per.items()}  # dict look-ups: one per source and finding
    specific = specific_share(claims, taxonomy)
    stuffed = stuffing(claims, words).to_dict("index")
    copier, original, undecided = {}, {}, {}  # source -> its copying reasons, in the copying table's order
    shared = shared_passages(claims, links) if shared is None else shared
    for row in copying(shared, sources, specific).itertuples():
        if row.copier:
            copier.setdefault(row.copier, []).append(
                Reason(COPIER_WEIGHT, f"copies {row.n_passages} passages from {row.original} ({row.how})")
            )
            original.setdefault(row.original, []).append(
                Reason(0.0, f"{row.n_passages} of its passages reappear in {row.copier}, the copier")
            )
            continue
        for sid, other in sorted({(row.x, row.y), (row.y, row.x)}):
            undecided.setdefault(sid, []).append(
                Reason(0.0, f"shares {row.n_passages} passages with {other}; nothing tells which came first")
            )
    found = _conflicts(conflicts, claims)
    labels: dict[str, tuple[list, list]] = {}  # source -> labels of its (out-of-date, other) conflicts
    for sid, label, stale in zip(found["source_id"].tolist(), found["label"].tolist(), found["is_stale"].tolist()):
        labels.setdefault(sid, ([], []))[0 if stale else 1].append(label)
    reasons: dict[str, list[Reason]] = {}
    for sid in sources["source_id"]:
        out = []
        for f in g.source:
            if f.measure in REPLACED:
                continue
            n = float(per[f.measure].get(sid, 0) or 0)
            if n and n >= f.at_least:
                weight = (f.weight * n if f.per_unit else f.weight) * (BYLINE_FACTOR if f.measure in BYLINE else 1)
                out.append(Reason(round(weight, 2), f.says.format(n=n)))
        stale, wrong = labels.get(sid, ([], []))
        if len(stale):
            out.append(
                Reason(
                    STALE_WEIGHT,
                    f"out of date: {len(stale)} claim(s) write as current or still to come what the reference "
                    f"timeline had already ended or done ({_listed(stale)})",
                )
            )
        if len(wrong):
            out.append(
                Reason(
                    REFERENCE_WEIGHT,
                    f"{len(wrong)} claim(s) contradicted by the reference timeline ({_listed(wrong)})",
                )
            )
        out += copier.get(sid, []) + original.get(sid, []) + undecided.get(sid, [])
        share = float(specific.get(sid, 0.0))
        if share > 0:
            out.append(
                Reason(
                    round(SPECIFIC_WEIGHT * min(share, SPECIFIC_CAP), 2),
                    f"{share:.0%} of its claims name their speaker or give a day or month",
                )
            )
        if sid in stuffed:
            s = stuffed[sid]
            if s["repeats"] >= STUFFING_MIN_REPEATS and s["per_1000"] >= STUFFING_PER_1000:
                out.append(
                    Reason(
                        STUFFING_WEIGHT,
                        f'keyword stuffing: "{s["phrase"]}" {s["repeats"]} times ({s["per_1000"]:.1f} per 1,000 words)',
                    )
                )
        reasons[sid] = out
    return reasons


def grade(
    sources: pd.DataFrame,
    claims: pd.DataFrame,
    pairs: pd.DataFrame,
    links: pd.DataFrame,
    taxonomy: Taxonomy,
    curation: Curation,
    analyst: dict[str, str],
    conflicts: pd.DataFrame | None = None,
    words: Words | None = None,
    shared: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reliability A-F per source and credibility 1-6 per claim, each with its written rationale.

    Args:
        pairs: contradictions between claims (crosscheck.contradictions); they move claims only.
        links: source pairs sharing runs of words (crosscheck.copy_links); the candidates for copying.
        conflicts: reference_conflicts rows (claim_id, reference_id, conflict, reason, citation), or None.
        analyst: grades set in sources.csv; they win, and the computed one stays in the rationale.
        words: crosscheck.Words of claims["text"], row for row, when already worked out.
        shared: shared_passages(claims, links), when already worked out.
    """
    g, sources = taxonomy.grading, sources.copy()
    judged = set(claims.loc[schema.live(claims), "source_id"].tolist())
    grades, why = {}, {}
    for sid, reasons in source_reasons(sources, claims, links, conflicts, taxonomy, words, shared).items():
        score = round(sum(r.weight for r in reasons), 2)
        computed = _letter(score, g.reliability) if sid in judged else "F"
        text = _rationale(computed, reasons) if sid in judged else "F: no claims to judge it by."
        grades[sid] = analyst.get(sid) or computed
        why[sid] = f"{analyst[sid]}: set by the analyst in sources.csv; computed {text}" if analyst.get(sid) else text
    sources["reliability"] = sources["source_id"].map(grades)
    sources["reliability_rationale"] = sources["source_id"].map(why)
    claims = claims.copy()
    claims["credibility"], claims["credibility_rationale"] = credibility(claims, pairs, grades, conflicts, g, curation)
    return sources, claims


def _against(pairs: pd.DataFrame, claims: pd.DataFrame, grade: dict[str, str]) -> pd.DataFrame:
    """Each standing contradiction from both ends: claim, its source, the other side's source grade."""
    live = pairs[(pairs["status"] != "dismissed") & (pairs["kind"] != "overtaken")]
    at, sources = pd.Index(claims["claim_id"]), claims["source_id"].to_numpy()
    rank = {s: RANK[g] for s, g in grade.items()}
    own = pd.concat([live["claim_id_a"], live["claim_id_b"]])
    other = pd.concat([live["claim_id_b"], live["claim_id_a"]])
    ends = pd.DataFrame(
        {
            "claim_id": own.to_numpy(),
            "source_id": sources[at.get_indexer(own)],
            "other_source": sources[at.get_indexer(other)],
        }
    )
    return ends.assign(own_rank=ends["source_id"].map(rank), other_rank=ends["other_source"].map(rank))


def credibility(
    claims: pd.DataFrame,
    pairs: pd.DataFrame,
    grades: dict[str, str],
    conflicts: pd.DataFrame | None,
    g,
    curation: Curation,
) -> tuple[pd.Series, pd.Series]:
    """Credibility 1-6 per claim and its rationale.

    It starts from the source's grade and moves with the taxonomy's claim findings; then two
    things of the claim's own win over its source: independent corroboration caps it
    (CORROBORATED_CAP: a textbook fact several origins state never reads "improbable"), a claim
    nothing contradicts reads UNCONTRADICTED_WORST at worst, and a reference contradiction floors
    it at REFERENCE_FLOOR, citing the reference.
    """
    ends = _against(pairs, claims, grades)
    letters = claims["source_id"].map(grades)
    base = letters.map(g.credibility_base).astype("int64")
    measures = {
        "other_origins": claims["n_independent"] - 1,
        "unattributed_quote": quotes_unattributed(claims),
        "contradicted": claims["claim_id"]
        .map(ends[ends["other_rank"] <= ends["own_rank"]]["claim_id"].value_counts())
        .fillna(0),
    }
    score, why = pd.Series(0.0, index=claims.index), pd.Series("", index=claims.index)
    for f in g.claim:
        n = measures[f.measure].astype(float)
        hit = (n > 0) & (n >= f.at_least)
        weight = f.weight * n if f.per_unit else pd.Series(float(f.weight), index=claims.index)
        score += weight.where(hit, 0.0)
        why[hit] += ["; " + f.says.format(n=x) + f" ({w:+g})" for x, w in zip(n[hit], weight[hit])]
    value = (base + score).round().clip(1, 5).astype("int64")
    for origins, cap in sorted(CORROBORATED_CAP.items(), reverse=True):
        capped = (claims["n_independent"] >= origins) & (value > cap)
        value[capped] = cap
        why[capped] += f"; {origins} independent origins: at most {cap}"
    found = _conflicts(conflicts, claims)
    calm = ~claims["claim_id"].isin(set(ends["claim_id"]) | set(found["claim_id"])) & (value > UNCONTRADICTED_WORST)
    value[calm] = UNCONTRADICTED_WORST
    why[calm] += f"; nothing contradicts it: at most {UNCONTRADICTED_WORST}"
    if len(found):
        said = found.groupby("claim_id").apply(
            lambda f: "; ".join(f"{r} ({_record(c)})" for r, c in zip(f["reason"], f["citation"])), include_groups=False
        )
        hit = claims["claim_id"].isin(said.index)
        value[hit] = value[hit].clip(lower=REFERENCE_FLOOR)
        why[hit] += "; contradicted by the reference timeline: " + claims.loc[hit, "claim_id"].map(said)
        why[hit] += f": at least {REFERENCE_FLOOR}"
    text = value.astype(str) + ": " + base.astype(str) + " from a " + letters + " source" + why
    judged = ~claims["is_filler"] & (letters != "F")
    value = value.where(judged, 6)
    text = text.where(
        judged,
        pd.Series("6: filler, asserts nothing", index=claims.index).where(
            claims["is_filler"], "6: its source cannot be judged (F)"
        ),
    )
    for cid, entry in curation.claims.items():
        if entry.credibility is not None:
            at = claims["claim_id"] == cid
            text[at] = f"{entry.credibility}: set by the analyst in curation.yml; computed " + text[at]
            value[at] = entry.credibility
    return value.astype("int64"), text
