"""Claims the team's reference timeline contradicts, each with the reference's citation.

Sources get stale and copy each other's errors; the reference timeline (data/reference_events.yml) holds
settled, cited facts. Every rule here reads a fact written on an event in that file, never a phrase in
code, so an analyst extends the checks by adding an event or a name:

- standing_after_end: a claim speaks of something an event ended (`ends`) in the present tense, in a
  source published after the event ("Russia seeks a Syria under Assad's rule" in mid-2025);
- forecast_after_fact: a forecast names an event (`aliases`) that had already happened when the source
  was published ("the treaty is set to be signed" after the signing);
- described_as_not: a claim applies to an event a description its record rules out (`not`), such as
  "defence pact" for a treaty without a mutual-defence clause;
- dated_differently: a claim names an event next to a date that does not overlap the event's date;
- not_delivered: a claim says an item was supplied that the record says never was (`not_delivered`).

The tense test is deliberately simple (no past-tense verb form in the sentence), so it misses mixed
sentences rather than flag past ones: precision over recall, since every row accuses a source.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import pandas as pd

from helpers import schema
from helpers.config import ReferenceEvents, Taxonomy
from helpers.config.reference_events import ReferenceEvent
from helpers.text.phrases import PhraseIndex

WINDOW_BEFORE = 4  # words before a description or an item in which a negator takes it back
SUPPLY_REACH = 15  # words from a supply verb to the item it governs ("supplies Iran with ..., including S-400")
FORECAST_REACH = 8  # words from an event's name to the forecast cue that governs it
DATE_REACH = 40  # characters between an event's name and the date words that date it
COLUMNS = list(schema.TABLES["reference_conflicts"])
STATED_YEAR = re.compile(r"\b\d{3,4}s?\b")  # a year, decade or century number written in the date

_WORD = re.compile(r"[\w'’-]+")
# Past-tense forms: irregular verbs, and a regular "-ed" word that follows something other than a
# determiner, a conjunction, a preposition or a form of "be" (so "a unified Syria" and "is backed" stay present).
_IRREGULAR_PAST = re.compile(
    r"\b(?:was|were|had|did|used to|sought|fought|fell|held|led|gave|kept|made|took|saw|became|began|brought|"
    r"stood|won|lost|sent|built|ran|left|came|went|met|said|told|overthrew|withdrew)\b",
    re.IGNORECASE,
)
_NOT_VERB_BEFORE = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "is",
        "are",
        "am",
        "be",
        "been",
        "being",
        "more",
        "most",
        "well",
        "fully",
        "highly",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "these",
        "those",
        "of",
        "under",
        "for",
        "with",
        "by",
        "to",
        "in",
        "on",
        "at",
        "from",
        "into",
        "as",
        "than",
        "very",
        "so",
        "newly",
    ]
)


def _is_past(text: str) -> bool:
    """True when the sentence holds a past-tense verb form (a cheap, explainable reading of tense)."""
    if _IRREGULAR_PAST.search(text):
        return True
    words = _WORD.findall(text.casefold())
    return any(
        w.endswith("ed")
        and len(w) > 4
        and (i == 0 or (words[i - 1] not in _NOT_VERB_BEFORE and not words[i - 1].endswith("ing")))
        for i, w in enumerate(words)
    )


class _Text:
    """One claim's words: char offset -> word index, for windows counted in words."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [m.start() for m in _WORD.finditer(text)]

    def word_at(self, char: int) -> int:
        return max(bisect_right(self.starts, char) - 1, 0)


def _index(events: list[ReferenceEvent], field: str) -> PhraseIndex:
    return PhraseIndex({e.id: getattr(e, field) for e in events if getattr(e, field)})


def _citation(event: ReferenceEvent) -> str:
    """Every record the event cites, so the one that settles the point (a treaty's content) is among them."""
    return " | ".join(
        f'{c.publisher}, "{c.title}", {c.date.isoformat()}' + (f", {c.url}" if c.url else "") for c in event.citations
    )


def _when(event: ReferenceEvent) -> str:
    return event.date


def _about(event: ReferenceEvent, actors: list[str], has_alias: bool) -> bool:
    """A claim is about an event when it names it, or names every actor of it."""
    return has_alias or (bool(event.actors) and set(event.actors) <= set(actors))


def _taken_back(text: _Text, at: int, cues: PhraseIndex, words: int = WINDOW_BEFORE) -> bool:
    """A negator or withholding cue in the few words before `at` ("no mutual defence pact")."""
    first = text.word_at(at)
    lo = text.starts[max(first - words, 0)] if text.starts else 0
    return cues.search(text.text[lo:at])


def conflicts(
    claims: pd.DataFrame, sources: pd.DataFrame, reference: ReferenceEvents, taxonomy: Taxonomy
) -> pd.DataFrame:
    """One row per (claim, reference event, kind of conflict), with the reason and the citation.

    Args:
        claims: the claims table in the memory dialect (dates as datetime64, actors as lists).
        sources: the sources table in the memory dialect (`published`, stated or inferred).
        reference: the reference timeline.
        taxonomy: for the forecast cues and negators the tagger uses too.

    Returns:
        The reference_conflicts table, sorted, in the memory dialect.
    """
    events = {e.id: e for e in reference.events}
    if not events or claims.empty:
        return schema.empty("reference_conflicts")
    aliases, ends = _index(reference.events, "aliases"), _index(reference.events, "ends")
    nots, undelivered = _index(reference.events, "not_"), _index(reference.events, "not_delivered")
    forecast_cues = PhraseIndex({"forecast": taxonomy.modality.get("forecast", [])})
    takes_back = PhraseIndex({"back": [*taxonomy.negators, *reference.cues.withheld]})
    supplied = PhraseIndex({"supplied": reference.cues.supplied})
    published = dict(zip(sources["source_id"], sources["published"]))

    rows: list[dict] = []

    def add(cid: str, event: ReferenceEvent, kind: str, reason: str) -> None:
        rows.append(
            {
                "claim_id": cid,
                "reference_id": event.id,
                "conflict": kind,
                "reason": reason,
                "citation": _citation(event),
                "label": event.label,  # for the grade's rationale; not written (the table names the id)
            }
        )

    live = claims[schema.live(claims)]
    for row in live.itertuples(index=False):
        text = _Text(row.text)
        pub = published.get(row.source_id)
        pub_day = pub.date() if pd.notna(pub) else None
        named = {}  # event id -> spans of its names in the claim
        for m in aliases.finditer(row.text):
            for eid in m.names:
                named.setdefault(eid, []).append((m.start, m.end))

        # (a) something an event ended, spoken of in the present tense after the event.
        if pub_day is not None and row.modality != "forecast" and not _is_past(row.text):
            for m in ends.finditer(row.text):
                for eid in sorted(m.names):
                    e = events[eid]
                    if pub_day > e.span[1]:
                        add(
                            row.claim_id,
                            e,
                            "standing_after_end",
                            f"speaks of '{row.text[m.start : m.end]}' in the present tense in a source published "
                            f"{pub_day.isoformat()}, after: {e.label} ({_when(e)})",
                        )

        # (b) a forecast of an event that had happened by the time the source was published.
        if pub_day is not None and row.modality == "forecast":
            cue_words = [text.word_at(m.start) for m in forecast_cues.finditer(row.text)]
            for eid, spans in sorted(named.items()):
                e = events[eid]
                if pub_day <= e.span[1]:
                    continue
                for start, end in spans:
                    at = text.word_at(start)
                    near = [w for w in cue_words if abs(w - at) <= FORECAST_REACH]
                    between = [
                        row.text[text.starts[min(w, at)] : text.starts[max(w, at)]] for w in near
                    ]  # "the treaty signed in January will ..." speaks of the event as done
                    if any(not _is_past(span) for span in between):
                        add(
                            row.claim_id,
                            e,
                            "forecast_after_fact",
                            f"forecasts '{row.text[start:end]}' in a source published {pub_day.isoformat()}, "
                            f"after it happened: {e.label} ({_when(e)})",
                        )
                        break

        # (c) a description the event's record rules out.
        for m in nots.finditer(row.text):
            for eid in sorted(m.names):
                e = events[eid]
                if _about(e, list(row.actors), eid in named) and not _taken_back(text, m.start, takes_back):
                    add(
                        row.claim_id,
                        e,
                        "described_as_not",
                        f"calls it '{row.text[m.start : m.end]}', which the record rules out: {e.label} ({_when(e)})",
                    )

        # (d) an event named next to a date that does not overlap its own. Only a year the source writes
        # counts: "in April" or "last year" is the build's reading against a publication date, and a
        # wrong reading must not be charged to the source.
        if (
            pd.notna(row.date_start)
            and STATED_YEAR.search(row.date_text)
            and not getattr(row, "is_date_inferred", False)
            and named
        ):
            start, end = row.date_start.date(), row.date_end.date() if pd.notna(row.date_end) else row.date_start.date()
            where = row.text.find(row.date_text)
            for eid, spans in sorted(named.items()):
                e = events[eid]
                lo, hi = e.span
                if (
                    (end < lo or start > hi)
                    and where >= 0
                    and any(
                        max(where - s_end, s_start - (where + len(row.date_text))) <= DATE_REACH
                        for s_start, s_end in spans
                    )
                ):
                    add(
                        row.claim_id,
                        e,
                        "dated_differently",
                        f"dates it '{row.date_text}' ({start.isoformat()} to {end.isoformat()}), "
                        f"not {_when(e)}: {e.label}",
                    )

        # (e) an item said to be supplied that the record says never was.
        if row.modality in ("asserted", "reported"):
            verbs = [text.word_at(m.start) for m in supplied.finditer(row.text)]
            for m in undelivered.finditer(row.text):
                at = text.word_at(m.start)
                verb = [w for w in verbs if 0 <= at - w <= SUPPLY_REACH]
                if not verb:
                    continue
                span = row.text[text.starts[max(verb[-1] - WINDOW_BEFORE, 0)] : m.start]
                if takes_back.search(span):
                    continue
                for eid in sorted(m.names):
                    e = events[eid]
                    if _about(e, list(row.actors), False):
                        add(
                            row.claim_id,
                            e,
                            "not_delivered",
                            f"says '{row.text[m.start : m.end]}' was supplied; the record says it was not: "
                            f"{e.label} ({_when(e)})",
                        )

    found = pd.DataFrame(rows, columns=[*COLUMNS, "label"])
    found = found.drop_duplicates(["claim_id", "reference_id", "conflict"]).sort_values(
        ["claim_id", "reference_id", "conflict"], ignore_index=True
    )
    # The event's label rides along for the grades' reasons; writing keeps the schema's columns only.
    return schema.coerce("reference_conflicts", found).assign(label=found["label"])
