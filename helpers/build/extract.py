"""Split cleaned sources into claims and tag each one.

A claim is a sentence that asserts something. Sentence boundaries come from syntok; the tags
come from the cue words in taxonomy.yml, so analysts can tune tagging without code.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

import syntok.segmenter as segmenter

from helpers.build.sources import Document
from helpers.config import Cleaning, Taxonomy
from helpers.text.dates import DateMention, find_dates, primary_date
from helpers.text.patterns import BULLET, TERMINAL, WORD, has_contact_details, normalised

_CAP_RUN = r"(?:[A-Z][\w'’.-]*|al-[A-Z][\w-]*)(?:\s+(?:of|the|for|al|bin|de|von)?\s*[A-Z][\w'’.-]*){0,5}"
QUOTE_CHARS = '"“”'


@dataclass(frozen=True)
class Sentence:
    """A sentence span in a Document's text, with the heading it sits under."""

    start: int
    end: int
    text: str
    section: str


def claim_id(source_id: str, text: str) -> str:
    """Stable id from the source and the normalised words, never from row order."""
    return "c" + hashlib.sha1(f"{source_id}\x1f{normalised(text)}".encode()).hexdigest()[:11]


def sentences(doc: Document) -> list[Sentence]:
    """Sentence spans of every paragraph block; a glued-on heading moves the section along."""
    out: list[Sentence] = []
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        section = block.section
        body = doc.text[block.start : block.end]
        for paragraph in segmenter.analyze(body):
            for sent in paragraph:
                s = block.start + sent[0].offset
                e = block.start + sent[-1].offset + len(sent[-1].value)
                # syntok drops closing quotes after the final stop into the next token; keep them.
                while e < block.end and doc.text[e] in QUOTE_CHARS + "’)":
                    e += 1
                text = doc.text[s:e]
                lead = BULLET.match(text)
                if lead:
                    s += lead.end()
                    text = doc.text[s:e]
                if not TERMINAL.search(text) and len(WORD.findall(text)) <= 14:
                    section = text  # a heading run into the paragraph ("...nations.Prioritizing X")
                    continue
                out.append(Sentence(s, e, text, section))
    return out


class Tagger:
    """Tags a sentence with theme, area, stance, actors, modality, attribution and dates."""

    def __init__(self, taxonomy: Taxonomy, cleaning: Cleaning):
        self.tx = taxonomy
        self.cleaning = cleaning
        self.periods = (taxonomy.period_index, taxonomy.periods) if taxonomy.periods else None
        verbs = "|".join(sorted(map(re.escape, taxonomy.attribution_verbs), key=len, reverse=True))
        generic = "|".join(sorted(map(re.escape, taxonomy.generic_attributions), key=len, reverse=True))
        self._attr = [
            re.compile(rf"\baccording to (?:the )?(?P<who>{_CAP_RUN})"),
            re.compile(
                rf"(?P<who>{_CAP_RUN}),? (?:who |has |had |also |explicitly |reportedly |repeatedly |publicly )*(?:{verbs})\b"
            ),
            re.compile(rf"\b(?:{verbs})(?: by)? (?:the )?(?P<who>{_CAP_RUN})"),
            re.compile(rf"(?P<who>{_CAP_RUN})['’]s? (?:announcement|statement|warning|remarks|comments|claim)\b"),
        ]
        self._generic = re.compile(
            rf"\b(?P<who>{generic})\b(?: \w+){{0,3}}? (?:{verbs}|say|argue|warn|note|point|view|see|hold)",
            re.IGNORECASE,
        )
        self._section_cache: dict[str, dict[str, int]] = {}
        self._persons = [name for name, actor in taxonomy.actors.items() if actor.kind == "person"]

    def actors(self, text: str) -> list[str]:
        found = set()
        for name, n in self.tx.actor_index.counts(text).items():
            if n:
                found.add(name)
                if self.tx.actors[name].affiliation:
                    found.add(self.tx.actors[name].affiliation)
        for phrase, n in self.tx.group_index.counts(text).items():
            if n:
                found.update(self.tx.groups[phrase])
        return sorted(found)

    def area(self, text: str) -> str:
        scores = self.tx.area_index.counts(text)
        best = max(scores.values(), default=0)
        return next(name for name, s in scores.items() if s == best) if best else ""

    def stance(self, text: str, actors: list[str], area: str) -> str:
        cues = self.tx.stance_index.counts(text)
        div, coop = cues.get("divergence", 0), cues.get("cooperation", 0)
        if div and 2 * div >= coop:  # one sign of friction outweighs routine partnership words
            return "divergence"
        if coop:
            return "cooperation"
        if area and self.tx.principals and set(self.tx.principals) <= set(actors):
            return "cooperation"  # both sides named in an area of cooperation, no friction
        return "context"

    def modality(self, text: str) -> str:
        bare = re.sub(r"[\"“][^\"”]*[\"”]", " ", text)  # a quote's own verbs are the speaker's
        cues = self.tx.modality_index.counts(bare)
        for name in ("forecast", "reported", "hedged"):
            if cues.get(name):
                return name
        if re.search(r"[\"“][^\"”]{20,}[\"”]", text):
            return "reported"
        return "asserted"

    def attribution(self, text: str) -> str:
        for pattern in self._attr:
            for m in pattern.finditer(text):
                who = m.group("who").strip(" ,.")
                mentioned = self.tx.actor_index.counts(who)
                person = next((name for name in self._persons if mentioned[name]), None)
                if person:
                    return person
                who = re.sub(r"^(?:The|A|An)\s+", "", who)
                if who.lower() in self.tx.generic_attributions:
                    return who.lower()
                words = who.split()
                if (
                    words
                    and len(words) <= 6
                    and words[0] not in ("This", "That", "These", "It", "He", "She", "They", "We", "I", "Such")
                ):
                    return who
        m = self._generic.search(text)
        return m.group("who").lower() if m else ""

    def theme(self, text: str, section: str, area: str, stance: str, modality: str, when: DateMention | None) -> str:
        scores = {name: float(n) for name, n in self.tx.theme_index.counts(text).items()}
        for name, n in self._section_themes(section).items():
            scores[name] += 0.5 * min(1, n)
        if area:
            scores[self.tx.areas[area].theme] += 2
        date_end = when.date_end if when is not None else None
        for name, theme in self.tx.themes.items():
            for boost in theme.boosts:
                if boost.applies(stance, modality, date_end):
                    scores[name] += boost.weight
        best = max(scores.values(), default=0)
        return next(name for name, s in scores.items() if s == best) if best > 0 else ""

    def _section_themes(self, section: str) -> dict[str, int]:
        if section not in self._section_cache:
            self._section_cache[section] = self.tx.theme_index.counts(section)
        return self._section_cache[section]

    def is_filler(self, text: str, actors: list[str], area: str, attribution: str, when) -> bool:
        if self.tx.filler_index.search(text):
            return True
        return not (actors or area or attribution or when)

    def tag(self, text: str, section: str, ref: date | None, ref_is_inferred: bool) -> dict:
        mentions = find_dates(text, ref, self.periods, ref_is_inferred)
        when = primary_date(mentions)
        actors = self.actors(text)
        area = self.area(text)
        stance = self.stance(text, actors, area)
        modality = self.modality(text)
        attribution = self.attribution(text)
        return {
            "theme": self.theme(text, section, area, stance, modality, when),
            "area": area,
            "stance": stance,
            "actors": ";".join(actors),
            "date_start": when.date_start.isoformat() if when else "",
            "date_end": when.date_end.isoformat() if when else "",
            "date_precision": when.precision if when else "",
            "date_text": when.text if when else "",
            "is_date_inferred": bool(when and when.is_inferred),
            "modality": modality,
            "attribution": attribution,
            "is_filler": self.is_filler(text, actors, area, attribution, when),
            "section": section,
        }


def is_claim(sentence: Sentence, cleaning: Cleaning) -> bool:
    """A sentence that could assert something: long enough, ends like a sentence, no debris."""
    text = sentence.text
    if len(WORD.findall(text)) < cleaning.min_claim_words or text.rstrip().endswith(":"):
        return False
    if has_contact_details(text):
        return False
    return not cleaning.boilerplate_index.search(text)


def latest_mentioned(doc_sentences: list[Sentence], tagger: Tagger) -> date | None:
    """The earliest date a text can have been written: the latest absolute date it mentions."""
    latest = None
    for s in doc_sentences:
        if tagger.modality(s.text) == "forecast":
            continue
        for m in find_dates(s.text, None, tagger.periods):
            if not m.is_relative and (latest is None or m.date_start > latest):
                latest = m.date_start
    return latest


def extract_claims(doc: Document, tagger: Tagger, published: date | None) -> tuple[list[dict], date | None]:
    """Claims of one cleaned document, and the inferred publication date when none was stated."""
    spans = [s for s in sentences(doc) if is_claim(s, tagger.cleaning)]
    inferred = None if published else latest_mentioned(spans, tagger)
    ref = published or inferred
    rows = []
    seen = set()
    for s in spans:
        cid = claim_id(doc.source_id, s.text)
        if cid in seen:  # a sentence repeated within one source is one claim
            continue
        seen.add(cid)
        start, end = doc.raw_span(s.start, s.end)
        row = {
            "claim_id": cid,
            "source_id": doc.source_id,
            "text": " ".join(s.text.split()),
            "char_start": start,
            "char_end": end,
        }
        row.update(tagger.tag(s.text, s.section, ref, inferred is not None))
        rows.append(row)
    return rows, inferred
