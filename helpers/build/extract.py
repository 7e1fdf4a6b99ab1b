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

from helpers.build.sources import Block, Document
from helpers.config import Cleaning, Taxonomy
from helpers.text import pii
from helpers.text.dates import DateMention, find_dates, primary_date
from helpers.text.patterns import BULLET, TERMINAL, WORD, normalised

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


MAX_SENTENCE_CHARS = 1000  # a longer "sentence" is unpunctuated text: cut into claims of at most this
_CLAUSE_END = re.compile(r"[;:,)\]—–](?=\s)|\s[—–-](?=\s)")  # where a run-on sentence can be cut
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])[ \t]*")


def _continues(doc: Document, before: Block, after: Block) -> bool:
    """`after` carries on the sentence `before` left open: one line break apart (a hard wrap, a <br>,
    U+2028 or U+2029), no stop at the end of `before`, a lower-case letter at the start of `after`."""
    return (
        before.kind in ("heading", "paragraph")
        and after.kind in ("heading", "paragraph")
        and bool(_LINE_BREAK.fullmatch(doc.text, before.end, after.start))
        and not TERMINAL.search(before.text)
        and not before.text.endswith(":")
        and after.text[:1].islower()
    )


def _runs(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, section) of each paragraph, with the lines of a sentence broken across them joined.

    The cleaner reads one line at a time, so the first half of a broken sentence can pass for a
    heading; here it is read back into the sentence, and no longer names the section below it.
    """
    runs: list[tuple[int, int, str]] = []
    renamed: dict[str, str] = {}  # a heading that was half a sentence -> the section before it
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        j = i
        while j + 1 < len(blocks) and _continues(doc, blocks[j], blocks[j + 1]):
            j += 1
        run = blocks[i : j + 1]
        section = renamed.get(run[0].section, run[0].section)
        if j > i and any(b.kind == "paragraph" for b in run):
            if run[0].kind == "heading":
                section = renamed.get(blocks[i - 1].section, blocks[i - 1].section) if i else ""
            for b in run:
                if b.kind == "heading":
                    renamed[BULLET.sub("", b.text)] = section
            runs.append((run[0].start, run[-1].end, section))
        elif run[0].kind == "paragraph" and j == i:
            runs.append((run[0].start, run[0].end, section))
        else:
            runs.extend((b.start, b.end, renamed.get(b.section, b.section)) for b in run if b.kind == "paragraph")
        i = j + 1
    return runs


def _within_limit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than MAX_SENTENCE_CHARS at clause ends, else spaces, else anywhere.

    Every piece is an exact slice of the text, so a claim's offsets still point at its words.
    """
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = None
        for m in _CLAUSE_END.finditer(text, start + MAX_SENTENCE_CHARS // 2, limit):
            cut = m.start() + 1 if not text[m.start()].isspace() else m.start()
        if cut is None:
            space = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
            cut = space if space > start else limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def sentences(doc: Document) -> list[Sentence]:
    """Sentence spans of every paragraph block; a glued-on heading moves the section along.

    A sentence a line break cut in two is put back together (see `_runs`), and one longer than
    MAX_SENTENCE_CHARS (unpunctuated text) is cut into pieces rather than kept as one huge claim.
    """
    out: list[Sentence] = []
    for run_start, run_end, section in _runs(doc):
        body = doc.text[run_start:run_end]
        for paragraph in segmenter.analyze(body):
            for sent in paragraph:
                s = run_start + sent[0].offset
                e = run_start + sent[-1].offset + len(sent[-1].value)
                # syntok drops closing quotes after the final stop into the next token; keep them.
                while e < run_end and doc.text[e] in QUOTE_CHARS + "’)":
                    e += 1
                text = doc.text[s:e]
                lead = BULLET.match(text)
                if lead:
                    s += lead.end()
                    text = doc.text[s:e]
                if not TERMINAL.search(text) and len(WORD.findall(text)) <= 14:
                    section = text  # a heading run into the paragraph ("...nations.Prioritizing X")
                    continue
                for ps, pe in _within_limit(doc.text, s, e) if e - s > MAX_SENTENCE_CHARS else [(s, e)]:
                    out.append(Sentence(ps, pe, doc.text[ps:pe], section))
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

    def tag(
        self,
        text: str,
        section: str,
        ref: date | None,
        ref_is_inferred: bool,
        mentions: list[DateMention] | None = None,
    ) -> dict:
        """Every tag of one sentence. `mentions` are its dates when the caller read them in the context
        of their paragraph (extract_claims); without them the sentence is read on its own."""
        modality = self.modality(text)
        if mentions is None:
            mentions = find_dates(text, ref, self.periods, ref_is_inferred, forecast=modality == "forecast")
        when = primary_date(mentions)
        # A relative date that could not be resolved (a quotation with no speech date) keeps its words and
        # the inferred flag, and no span: it is never shown as a precise date.
        unresolved = when if when is not None and when.is_unresolved else None
        when = None if unresolved else when
        actors = self.actors(text)
        area = self.area(text)
        stance = self.stance(text, actors, area)
        attribution = self.attribution(text)
        return {
            "theme": self.theme(text, section, area, stance, modality, when),
            "area": area,
            "stance": stance,
            "actors": ";".join(actors),
            "date_start": when.date_start.isoformat() if when else "",
            "date_end": when.date_end.isoformat() if when else "",
            "date_precision": when.precision if when else "",
            "date_text": when.text if when else unresolved.text if unresolved else "",
            "is_date_inferred": bool(when and when.is_inferred) or unresolved is not None,
            "modality": modality,
            "attribution": attribution,
            "is_filler": self.is_filler(text, actors, area, attribution, when),
            "section": section,
        }


def is_claim(sentence: Sentence, cleaning: Cleaning) -> bool:
    """A sentence that could assert something: long enough, no debris, no personal data, not its author's bio.

    Cleaning already cut personal details and links out of paragraphs; this is the last check, and the one
    place a bio sentence inside an article paragraph ("X is a senior fellow at ...") is turned away.
    """
    text = sentence.text
    if len(WORD.findall(text)) < cleaning.min_claim_words or text.rstrip().endswith(":"):
        return False
    if pii.has_personal_data(text):
        return False
    return not cleaning.boilerplate_index.search(text)


def latest_mentioned(doc_sentences: list[Sentence], tagger: Tagger) -> date | None:
    """The earliest date a text can have been written: the latest absolute date it mentions as past or present
    (a date in a forecast, or in a clause that looks ahead, "will open in 2030", says nothing of when it was written)."""
    latest = None
    for s in doc_sentences:
        if tagger.modality(s.text) == "forecast":
            continue
        for m in find_dates(s.text, None, tagger.periods):
            if not m.is_relative and m.direction <= 0 and (latest is None or m.date_start > latest):
                latest = m.date_start
    return latest


def extract_claims(doc: Document, tagger: Tagger, published: date | None) -> tuple[list[dict], date | None]:
    """Claims of one cleaned document, and the inferred publication date when none was stated."""
    spans = [s for s in sentences(doc) if is_claim(s, tagger.cleaning)]
    inferred = None if published else latest_mentioned(spans, tagger)
    ref = published or inferred
    rows = []
    seen = set()
    # Dates of the paragraph's last two sentences: all that "the following year" or "two days later" may refer
    # back to. A new paragraph, or two sentences without a date, ends the story; the publication date never
    # stands in for it.
    story: list[list[DateMention]] = []
    last_end = None
    for s in spans:
        if last_end is not None and "\n" in doc.text[last_end : s.start]:
            story = []
        last_end = s.end
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
        forecast = tagger.modality(s.text) == "forecast"
        told = [m for sentence in story for m in sentence]
        mentions = find_dates(s.text, ref, tagger.periods, inferred is not None, story=told, forecast=forecast)
        row.update(tagger.tag(s.text, s.section, ref, inferred is not None, mentions))
        story = [*story, [m for m in mentions if m.date_start is not None]][-2:]
        rows.append(row)
    return rows, inferred
