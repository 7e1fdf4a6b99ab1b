"""Split cleaned sources into claims and tag each one.

A claim is a sentence that asserts something. Sentence boundaries come from syntok; the tags
come from the cue words in taxonomy.yml, so analysts can tune tagging without code.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import syntok.segmenter as segmenter

from helpers.build.sources import Block, Document
from helpers.config import Cleaning, Taxonomy
from helpers.text import pii
from helpers.text.dates import DateMention, find_dates, is_reporting_period, names_longer_period, primary_date
from helpers.text.patterns import BULLET, LINE_BREAK, QUESTION, QUOTED, TERMINAL, WORD, normalised
from helpers.text.phrases import PhraseIndex

_CAP_RUN = r"(?:[A-Z][\w'’.-]*|al-[A-Z][\w-]*)(?:\s+(?:of|the|for|al|bin|de|von)?\s*[A-Z][\w'’.-]*){0,5}"
QUOTE_CHARS = '"“”'
_STRAY_BRACKET = re.compile(r"(?<=[.!?…\"”’])\s+[\])]+$")  # "... was signed. ]"


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


def _continues(doc: Document, before: Block, after: Block) -> bool:
    """`after` carries on the sentence `before` left open: one line break apart (a hard wrap, a <br>,
    U+2028 or U+2029), no stop at the end of `before`, a lower-case letter at the start of `after`."""
    return (
        before.kind in ("heading", "paragraph")
        and after.kind in ("heading", "paragraph")
        and bool(LINE_BREAK.fullmatch(doc.text, before.end, after.start))
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


def _joined_at_semicolons(text: str, run_start: int, run_end: int, paragraph) -> list[tuple[int, int]]:
    """(start, end) of each syntok sentence, with closing quotes it left behind, and with a piece that ends
    in a semicolon joined to the next: syntok cuts "Iran is a big loser; Syria has been ..." in two."""
    spans: list[tuple[int, int]] = []
    joining = False
    for sent in paragraph:
        s = run_start + sent[0].offset
        e = run_start + sent[-1].offset + len(sent[-1].value)
        # syntok drops closing quotes after the final stop into the next token; keep them.
        while e < run_end and text[e] in QUOTE_CHARS + "’)":
            e += 1
        if joining:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
        joining = text[s:e].rstrip().endswith(";")
    return spans


def _without_stray_bracket(text: str) -> str:
    """A sentence without a closing bracket it never opened, left after its stop ("... was signed. ]")."""
    m = _STRAY_BRACKET.search(text)
    if m and (text.count("[") < text.count("]") or text.count("(") < text.count(")")):
        return text[: m.start()]
    return text


def sentences(doc: Document) -> list[Sentence]:
    """Sentence spans of every paragraph block; a glued-on heading moves the section along.

    A sentence a line break cut in two is put back together (see `_runs`), and one longer than
    MAX_SENTENCE_CHARS (unpunctuated text) is cut into pieces rather than kept as one huge claim.
    """
    out: list[Sentence] = []
    cut_ends = {b.end for b in doc.blocks if b.cut}  # where a detail or link was cut out: not a heading's end
    for run_start, run_end, section in _runs(doc):
        body = doc.text[run_start:run_end]
        for paragraph in segmenter.analyze(body):
            for s, e in _joined_at_semicolons(doc.text, run_start, run_end, paragraph):
                text = _without_stray_bracket(doc.text[s:e])
                e = s + len(text)
                lead = BULLET.match(text)
                if lead:
                    s += lead.end()
                    text = doc.text[s:e]
                if (
                    not TERMINAL.search(text)
                    and not text.endswith((";", ","))  # a list item that goes on, not a heading
                    and e not in cut_ends
                    and not doc.cited_at(e)  # "... drones to Russia [2]": sourced, so a statement
                    and len(WORD.findall(text)) <= 14
                ):
                    section = text  # a heading run into the paragraph ("...nations.Prioritizing X")
                    continue
                for ps, pe in _within_limit(doc.text, s, e) if e - s > MAX_SENTENCE_CHARS else [(s, e)]:
                    out.append(Sentence(ps, pe, doc.text[ps:pe], section))
    return out[:-1] if out and _cut_off(doc, out) else out


def _cut_off(doc: Document, found: list[Sentence]) -> bool:
    """The copy stops inside its last sentence ("... a key trading partner, especia"): the text ends right
    after it with no stop, no footnote marker, while its other sentences end with stops, so the writer
    used them and the rest was lost. The half sentence would misquote the source. A list item needs no stop."""
    last = found[-1]
    line = doc.text[doc.text.rfind("\n", 0, last.start) + 1 : last.end]
    return (
        not BULLET.match(line)
        and not doc.text[last.end :].strip()
        and not TERMINAL.search(last.text)
        and not doc.cited_at(last.end)
        and any(TERMINAL.search(s.text) for s in found[:-1])
    )


class Tagger:
    """Tags a sentence with theme, area, stance, actors, modality, attribution and dates."""

    def __init__(self, taxonomy: Taxonomy, cleaning: Cleaning):
        self.tx = taxonomy
        self.cleaning = cleaning
        self.periods = (taxonomy.period_index, taxonomy.periods) if taxonomy.periods else None
        self._compile_attribution(taxonomy)
        self._section_cache: dict[str, dict[str, int]] = {}
        self._persons = [name for name, actor in taxonomy.actors.items() if actor.kind == "person"]
        self._chain = {name: self._affiliations(name) for name in taxonomy.actors}
        self._combining = {form.casefold(): name for name, a in taxonomy.actors.items() for form in a.combining}
        # The state each actor is or belongs to (Lavrov: Russia), or None: looked up, not walked, per mention.
        self._state_of = {
            name: next((a for a in chain if taxonomy.actors[a].kind == "country"), None)
            for name, chain in self._chain.items()
        }
        # The name mentions of recent sentences: each sentence is read three times (as itself, and as context
        # for the two after it), and the matching, not the resolving, is what costs.
        self._mentions_cache: dict[str, tuple[tuple[int, tuple[str, ...] | None], ...]] = {}
        # Speakers as written ("officials", "Sergei Lavrov"): a source names the same few again and again.
        self._speaker_cache: dict[str, str] = {}
        # What `theme` reads of the taxonomy for every sentence: the themes that have areas, the fallback theme,
        # and the theme a divergence also counts for.
        self._area_themes = {area.theme for area in taxonomy.areas.values()}
        self._fallback = next((name for name, theme in taxonomy.themes.items() if theme.fallback), "")
        self._apart = next(
            (name for name, theme in taxonomy.themes.items() if theme.chapter_also.get("stance") == "divergence"), None
        )

    # Capitalised words joined by hyphens or dashes: "Russia-Iran", "Russo-Iranian", "U.S.-Iran", "Armenia‑Iran".
    _HYPHENATED = re.compile(r"(?<![\w.'’‐‑–-])[A-Z][\w'’.]*(?:[-‐‑–][A-Z][\w'’.]*)+")
    # "the relationship between Israel and the US": the two are named right after the phrase.
    _BETWEEN = re.compile(r"\s+between\b")
    # A sea named after a state names no state: "the Gulf of Oman", "the Sea of Japan".
    _WATER_OF = re.compile(r"\b(?:Gulf|Sea|Strait|Straits|Bay) of\s+$")
    # What may follow a bare "the two" or "both" that stands for a pair: a verb, an adverb or a stop
    # ("the two signed", "both have"), never a noun ("the two years").
    _PAIR_FOLLOWS = re.compile(
        r"\s*(?:$|[,;:.!?)\]—–]|(?:have|has|had|are|were|will|would|can|could|should|may|might|must|do|does|did"
        r"|also|still|both|then|now|jointly|together|[a-z]+ed)\b)"
    )

    def _affiliations(self, name: str) -> list[str]:
        """The actor and what it belongs to, up the chain: Quds Force, IRGC, Iran."""
        chain = [name]
        while (up := self.tx.actors[chain[-1]].affiliation) and up not in chain:
            chain.append(up)
        return chain

    def _part(self, word: str) -> list[str]:
        """The actor one part of a hyphenated compound names on its own: "Russo" or "Iranian's"."""
        word = re.sub(r"['’]s?$", "", word)
        if word.casefold() in self._combining:
            return [self._combining[word.casefold()]]
        for form in dict.fromkeys((word, word.rstrip("."))):
            found = self.tx.actor_index.finditer(form)
            if len(found) == 1 and found[0].start == 0 and found[0].end == len(form):
                return sorted(found[0].names)
        return []

    def _pair(self, states: list[str], own: int) -> list[str]:
        """The two states a "both countries" stands for, given every state named so far (the last `own` of them
        in its own sentence): two named earlier in the sentence; else the principals, when the sentences before
        named both (the story's two, though a third was named since); else the last two; else the principals."""
        for window in (states[len(states) - own :], states):
            pair: list[str] = []
            for state in reversed(window):
                if state not in pair:
                    pair.append(state)
            if window is states and set(self.tx.principals) <= set(pair):
                return list(self.tx.principals)
            if len(pair) >= 2:
                return pair[1::-1]
        return list(self.tx.principals)

    def _read(self, text: str, before: list[str]) -> tuple[set[str], list[str]]:
        """The actors a sentence names, and every state named so far in reading order (`before`, then its own).

        Names count only when capitalised ("turkey" is no state). A hyphenated pair names both ("Russia-Iran",
        "Russo-Iranian"), though the matcher skips a name that follows a hyphen. "Both countries" or "the two"
        stands for two states named before it (see `_pair`).
        """
        found: set[str] = set()
        states = list(before)
        for _, names in self._mentions(text):
            for name in names if names is not None else self._pair(states, len(states) - len(before)):
                found.update(self._chain[name])
                state = self._state_of.get(name)
                if state:
                    states.append(state)
        return found, states

    def _mentions(self, text: str) -> tuple[tuple[int, tuple[str, ...] | None], ...]:
        """(position, actor names) of each name in `text`, in reading order; None names stand for a pair."""
        cached = self._mentions_cache.get(text)
        if cached is not None:
            return cached
        tx = self.tx
        events: list[tuple[int, list[str] | None]] = []
        for m in tx.actor_index.finditer(text):
            if any(ch.isupper() for ch in text[m.start : m.end]) and not self._after_water_of(text, m.start):
                events.append((m.start, sorted(m.names)))
        for m in self._HYPHENATED.finditer(text) if any(dash in text for dash in "-‐‑–") else ():
            parts = [(m.start() + p.start(), self._part(p.group())) for p in re.finditer(r"[^-‐‑–]+", m.group())]
            if sum(bool(names) for _, names in parts) >= 2:
                events += [(at, names) for at, names in parts if names]
        for m in tx.group_index.finditer(text):
            events += [(m.start, list(tx.groups[phrase])) for phrase in sorted(m.names)]
        for m in tx.pair_index.finditer(text):
            bare = text[m.start : m.end].casefold().split()[-1] in ("two", "both")
            if (not bare or self._PAIR_FOLLOWS.match(text, m.end)) and not self._BETWEEN.match(text, m.end):
                events.append((m.start, None))
        ordered = tuple(
            (at, tuple(names) if names is not None else None) for at, names in sorted(events, key=lambda e: e[0])
        )
        if len(self._mentions_cache) >= 256:  # only the last few sentences are read again
            self._mentions_cache.clear()
        self._mentions_cache[text] = ordered
        return ordered

    def _after_water_of(self, text: str, at: int) -> bool:
        """ "Gulf of" or "Sea of" ends right before `at`. Only that tail is searched (the longest is "Straits of" and
        its spaces), not the whole sentence before every name."""
        back = at
        while back and text[back - 1].isspace():
            back -= 1
        if not text.endswith(" of", 0, back):  # what the pattern cannot match without: most names pass here
            return False
        return bool(self._WATER_OF.search(text, max(0, back - len("Straits of")), at))

    def states_named(self, texts: list[str]) -> list[str]:
        """The states the texts name, in reading order (the last is the most recent): what a sentence's
        "both countries" may point back to. Pass the previous sentences of the same source."""
        states: list[str] = []
        for text in texts:
            states = self._read(text, states)[1]
        return states

    def actors(self, text: str, context_actors: list[str] | tuple[str, ...] = ()) -> list[str]:
        """Every actor the sentence names, with what each belongs to; `context_actors` as for `tag`."""
        return sorted(self._read(text, self._states(context_actors))[0])

    def _states(self, actors) -> list[str]:
        """The state each actor is or belongs to (Lavrov: Russia), in order; unknown names and groups drop out."""
        return [state for state in map(self._state_of.get, actors) if state]

    def area(self, text: str) -> str:
        scores = self.tx.area_index.counts(text)
        best = max(scores.values(), default=0)
        return next(name for name, s in scores.items() if s == best) if best else ""

    # Where a clause ends, so a negator before it does not reach a cue after it.
    _CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|\b(?:but|while|whereas)\b")
    _NOT_ONLY = re.compile(r"\bnot (?:only|just|merely)\b", re.IGNORECASE)

    def _negated(self, text: str, start: int, index: PhraseIndex | None = None) -> bool:
        """An odd number of negators within the seven words before `start`, in the same clause: "not ready to
        provide" and "lacks the formal structure of a military alliance" are negated, "no reasons for curtailing
        its cooperation" is not."""
        before = text[:start]
        cut = max((m.end() for m in self._CLAUSE_BREAK.finditer(before)), default=0)
        window = " ".join(before[cut:].split()[-7:]).replace("’", "'")
        if not window or self._NOT_ONLY.search(window):
            return False
        return (index or self.tx.negator_index).counts(window)["negator"] % 2 == 1

    # Where the clause that a contrast puts last begins: after "but" or "yet", or after the comma that closes a
    # sentence-opening "While ..." or "Although ..." clause. What that clause says is what the sentence stresses.
    _CONTRAST = re.compile(r"\b(?:but|yet)\b|^\W*(?:While|Although|Though|Whilst)\b[^,;]*,")

    def stance(self, text: str, actors: list[str], area: str) -> str:
        """Together, apart, or neither. A sentence that names actors but not both principals is context: it is
        about one of the two, or others. A negated cooperation cue is a sign of divergence ("not a military
        alliance"); a negated divergence cue counts for neither. A sign of divergence in the clause a contrast puts
        last ("X, but <limit>", "While X, <limit>") decides, however many partnership words come before it."""
        principals = set(self.tx.principals)
        if actors and principals and not principals <= set(actors):
            return "context"
        stressed = max((m.end() for m in self._CONTRAST.finditer(text)), default=len(text))
        div = coop = 0
        limit_stressed = False  # a sign of divergence in the clause a contrast puts last
        for m in self.tx.stance_index.finditer(text):
            negated = self._negated(text, m.start)
            if "cooperation" in m.names and not negated:
                coop += 1
            elif "cooperation" in m.names or not negated:  # a negated cooperation cue, or a divergence cue
                div += 1
                limit_stressed |= m.start >= stressed
        if limit_stressed or (div and 2 * div >= coop):  # one sign of friction outweighs routine partnership words
            return "divergence"
        if coop:
            return "cooperation"
        if area and self.tx.principals and set(self.tx.principals) <= set(actors):
            return "cooperation"  # both sides named in an area of cooperation, no friction
        return "context"

    # "May" the month (not first in the sentence, or before a day), and a future inside a relative clause
    # ("the pipeline, which won't be completed until 2005"), which describes something and forecasts nothing.
    _MONTH_MAY = re.compile(r"(?<=\S)(\s+)May\b|^May(?=\s+\d)")
    _QUOTE = re.compile(r"[\"“][^\"”]*[\"”]")
    _RELATIVE_FUTURE = re.compile(
        r"\b(?:which|that|who)\s+(?:will|won['’]t|(?:aims?|plans?|intends?) to|(?:is|are) (?:expected|set) to)\b",
        re.IGNORECASE,
    )
    # Four words or more in quotation marks are someone's words; fewer are a label ("big northern neighbour").
    _QUOTATION = re.compile(r"[\"“](?:[^\"”\s]+\s+){3,}[^\"”]*[\"”]")

    def modality(self, text: str) -> str:
        bare = self._QUOTE.sub(" ", text)  # a quote's own verbs are the speaker's
        if "May" in bare:  # the month's pattern tries every place, and most sentences lack the word
            bare = self._MONTH_MAY.sub(r"\1", bare)
        bare = self._RELATIVE_FUTURE.sub(" ", bare)
        cues = self.tx.modality_index.counts(bare)
        # a forecast someone is said to make is reported ("Moscow will help, he said"): the claim is theirs
        for name in ("reported", "forecast", "hedged") if cues.get("reported") else ("forecast", "hedged"):
            if cues.get(name):
                return name
        if self._QUOTATION.search(text):
            return "reported"
        return "asserted"

    # Capitalised words that open a sentence or clause without naming anyone ("In the IAEA report ...").
    _OPENERS = re.compile(
        r"(?:In|On|At|As|For|With|By|From|After|Before|During|Under|Over|When|While|Since|Until|Once|If|Although"
        r"|Though|Despite|Amid|Following|According|But|And|Yet|So|However|Meanwhile|Also|Still|Earlier|Later|Then"
        r"|Now|Last|Next|Instead|Indeed|Moreover|Furthermore|Privately|Publicly|The|A|An|the|a|an|one|One)"
    )
    _PRONOUNS = re.compile(
        r"(?:This|That|These|Those|It|He|She|They|We|I|You|Such|There|Here|Some|Many|Most|All|Both|Nobody|No one"
        r"|Someone|Everyone|Others|People)",
        re.IGNORECASE,
    )
    _QUANTIFIERS = re.compile(r"(?:many|most|some|all|both|several|other)", re.IGNORECASE)  # "Many NASA watchers"
    _NOT_SPEAKERS = re.compile(
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
        r"|August|September|October|November|December|Today|Yesterday)"
    )
    _CAP = r"(?:[A-Z][\w'’`.-]*|al-[A-Z][\w-]*)"
    # Lower-case words that cannot sit inside a speaker's description: they start or join clauses.
    _FUNCTION_WORDS = (
        r"the|a|an|of|to|in|on|at|for|from|by|with|into|about|over|under|between|against|and|or|but|nor|that|which"
        r"|who|whom|whose|what|when|where|while|if|as|than|because|so|then|there|here|this|these|those|it|its|he"
        r"|she|they|we|i|you|him|her|them|us|his|their|our|my|your|is|are|was|were|be|been|being|has|have|had|do"
        r"|does|did|will|would|could|should|can|may|might|must|not|no|also|only|just|even|still|already|however"
    )
    _COLLECTIVE = r"police|media|staff|personnel"  # plural without an -s
    _AFTER_QUOTE_OR_COMMA = re.compile(r"[,\"”]\s*$")  # where a postposed speaker stands ('"...," X said')
    _SHORT_TAIL = re.compile(r"(?:[^\"“”]{0,40}|,[^\"“”]*)")  # what may follow it: no new quotation
    # A subject that takes "claim", not "claims": a plural, two joined by "and", or a collective noun.
    _PLURAL = re.compile(rf"[^\W\d'’`su]s\b|\band\b|\b(?:{_COLLECTIVE})\b")
    _AUXILIARIES = r"has|have|had|will|would|could|should|can|may|might|must|did|does|do|is|are|was|were"
    # Speakers that pass on what someone else said: the one they quote is the speaker.
    _RELAYS = re.compile(r"\b(?:radio|agency|newspaper|daily|reports?|television|tv|media|wire|press)$", re.IGNORECASE)
    # Where a speaker may start: a capitalised word, or any word right after a clause boundary.
    _CAPITAL_START = re.compile(r"(?<![\w'’`.-])[^\W\d_a-z]")
    _BOUNDARY_START = re.compile(
        r"(?:^|[,;:(“”\"—–]|\b(?:and|but|while|that|as|then|when|after|because|so|where|if|since|though|although))"
        r"\s*(?<![\w'’`.-])(?=\w)"
    )
    _PREPOSITION = re.compile(
        r"\b(?:of|from|in|on|at|with|by|for|to|into|about|over|under|between|against|among|towards?|across|through"
        r"|during|than|like)\s+$"
    )
    # A name after a lower-case description, not after a function word ("officials in Russia" is not Russia).
    _NAME_AFTER = re.compile(rf"(?<![\w'’`.-])(?!(?:{_FUNCTION_WORDS})\s)[a-z][\w'’-]*\s+(?P<who>{_CAP_RUN})$")
    _IRREGULAR = {
        "say": ("says", "said", "saying"),
        "tell": ("tells", "told", "telling"),
        "write": ("writes", "wrote", "writing"),
        "admit": ("admits", "admitted", "admitting"),
        "forecast": ("forecasts", "forecast", "forecasting"),
    }

    # After a verb written with "that": a that-clause, or the end of the clause it reports ('"...," he added.').
    _THAT_ONLY = (
        r"(?=(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?"
        r"(?:\s+that\b|\s*[,.;:\"”]|\s*$))"
    )

    @classmethod
    def _inflect(cls, lemma: str) -> tuple[str, ...]:
        """Regexes for (base, third person, past, -ing) of a reporting verb given by its base form."""
        verb, _, rest = lemma.partition(" ")
        if verb in cls._IRREGULAR:
            s, past, ing = cls._IRREGULAR[verb]
        elif verb.endswith("e"):
            s, past, ing = verb + "s", verb + "d", verb[:-1] + "ing"
        elif re.search(r"[^aeiou]y$", verb):
            s, past, ing = verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
        elif re.search(r"(?:s|sh|ch|x|z|o)$", verb):
            s, past, ing = verb + "es", verb + "ed", verb + "ing"
        else:
            s, past, ing = verb + "s", verb + "ed", verb + "ing"
        tail = cls._THAT_ONLY if rest == "that" else "".join(rf"\s+{re.escape(w)}" for w in rest.split())
        return tuple(re.escape(w) + tail for w in (verb, s, past, ing))

    @staticmethod
    def _alternation(regexes) -> str:
        """A regex matching any of the regexes, longest first.

        Those that open with the same small letter share one branch ("s(?:aid|ays)"): re tries every branch in
        turn wherever it looks, and the verb forms run to hundreds. Branches that can match at the same place
        keep their order, so the first to match is the same; a list with any other opening (a capital, which a
        case-blind pattern may match as a small letter) stays flat.
        """
        ordered = sorted(set(regexes), key=len, reverse=True)
        if not ordered or not all("a" <= r[0] <= "z" for r in ordered):
            return "|".join(ordered) or "(?!)"
        rests: dict[str, list[str]] = {}
        for r in ordered:
            rests.setdefault(r[0], []).append(r[1:])
        return "|".join(head + (f"(?:{'|'.join(rest)})" if len(rest) > 1 else rest[0]) for head, rest in rests.items())

    def _compile_attribution(self, taxonomy: Taxonomy) -> None:
        """The patterns `attribution` reads: reporting verbs in all their forms, speakers as short noun phrases."""
        forms = [self._inflect(lemma) for lemma in taxonomy.attribution_verbs]
        base, past, ing = (self._alternation(f[i] for f in forms) for i in (0, 2, 3))
        finite = self._alternation(f[i] for f in forms for i in (1, 2))
        done = self._alternation(self._inflect(lemma.removesuffix(" that"))[2] for lemma in taxonomy.attribution_verbs)
        # "Yeltsin was quoted as saying", "Lavrov was cited by TASS as saying": a passive whose subject speaks.
        passive = (
            r"(?:is|was|were|are|has been|have been|had been)\s+(?:quoted|cited)"
            r"\s+(?:by\s+[^,;\"“”]{1,60}?\s+)?as\s+saying"
        )
        verbs = rf"(?:{passive}|{finite}|{base})"
        roles, generic = (
            self._alternation(re.escape(w).replace(r"\ ", r"\s+") for w in words)
            for words in (taxonomy.attribution_roles, taxonomy.generic_attributions)
        )
        # A word no description holds. Only ever looked ahead for, so the order of the words does not matter.
        stop = self._alternation([*self._FUNCTION_WORDS.split("|"), *(f[i] for f in forms for i in (1, 2, 3))])
        cap, stop = self._CAP, rf"(?:{stop})\b"
        # a name, with up to two joining words: "Institute for the Study of War"
        name = rf"{cap}(?:\s+(?:(?:of|the|for|al|bin|de|von)\s+){{0,2}}{cap}){{0,5}}"
        low = rf"(?!{stop})[a-z][\w'’-]*"
        mods = rf"(?:(?:{cap}|{low})(?:['’`]s)?\s+(?:and\s+)?){{0,4}}"
        office = rf"(?i:{roles}|{generic})(?:\s+(?:of|for|in|to|at)\s+(?:the\s+)?{name})?(?:,?\s+{name}(?=,?\s))?"
        # A speaker: "Soviet Foreign Ministry spokesman Yuri Gremitskikh", "officials in Russia", "U.S. and
        # British officials", "NASA watchers", "the nation of Bangladesh".
        np = (
            rf"(?:(?i:the|a|an|one|two|its|his|her|their)\s+{mods}(?:{office}|{name}|{low}\s+of\s+{name})"
            rf"|{mods}(?:{office}|{name}|{low}[^\W\dsu]s|{self._COLLECTIVE}))\b(?<!['’`]s)"
        )
        adverb = r"[a-z]+ly|also|then|now|still|meanwhile|however|again|later|earlier|once|often|today|yesterday"
        day = r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        # ", however,", ", a monarchist himself,", ", speaking on condition of anonymity,"
        aside = r"\s*,[^,;\"“”]{2,120},"
        gap = rf",?(?:{aside})?(?:\s+(?:{adverb}|has|have|had|will|would|did|does|do|could|can|may|might|{day}))*\s+"
        # The subject of a reporting verb: "Shingaryov said", "Bush, however, says", "Yeltsin was quoted as saying".
        # ("Officials speaking on condition of anonymity said": a participle may describe the speaker first.)
        described = r"(?:\s+(?:[a-z]+ly\s+)?[a-z]+ing\b[^,;\"“”]{0,80}?)?"
        self._speaks = re.compile(rf"(?P<who>{np}){described}{gap}(?P<verb>{verbs})\b")
        # What `_speaks` ends on, after the white space its gap ends with: the last place this can be is the
        # last place a speaker can start before. The greedy run backs off from the end, so one scan finds it.
        self._last_verb = re.compile(rf"(?s:.*)\s(?=(?:{verbs})\b)")

        self._base_verb = re.compile(rf"(?:{base})$")
        # Inverted after a quote or a clause: '"...," said the Kazakh farm ministry', ", said a spokesman";
        # never "told" (its object is the listener) nor "saying" (whose object is what is said).
        self._verb_first = re.compile(
            rf"(?:^|[,\"“”]\s*)(?i:{past}|{finite})\s+(?P<who>{np})(?!\s+(?:{self._AUXILIARIES})\b)"
        )
        # Each with characters it cannot match without: most sentences lack them, and testing is cheaper than reading.
        self._attr = [
            # "echoed by X", and with any verb the reporting frame "as reported by X" (not "agreed by Moscow")
            (re.compile(rf"\b(?:{past}|as\s+(?:{done})|quoted\s+as\s+saying)\s+by\s+(?P<who>{np})"), ("by",)),
            (re.compile(rf"\b(?:quot|cit)(?:ed|es|ing)\s+(?P<who>{np})\s+as\s+(?:saying|telling)\b"), ("as",)),
            (re.compile(rf"^(?P<who>{np})\s*:\s*[\"“]"), (":",)),  # 'Lavrov: "We will not ..."'
        ]
        # Whatever follows "according to" is a source: "according to a Kremlin readout".
        self._according = re.compile(
            rf"\b[Aa]ccording\s+to\s+(?P<who>{np}|(?i:the|a|an|its|his|her|their)\s+{mods}{low})"
        )
        self._statement = re.compile(rf"(?P<who>{name})['’`]s?\s+(?:announcement|statement|warning|remarks|comments)\b")
        # A second verb of the same subject: "Libya hailed the ruling and said ...", "Bush sent troops, saying ...".
        # A participle reports speech when what follows is said ("saying it would", "warning that"), not when it
        # has an object ("..., underscoring the importance of the visit" is the author's comment).
        self._coordinated = re.compile(
            rf"(?:\s+(?:and|but)(?:\s+(?:{adverb}))*\s+(?:{finite})"
            rf"|,\s+(?:while\s+|when\s+)?(?:saying|telling|(?:{ing})(?=\s+that\b|\s*[:\"“])))\b"
        )
        self._clause_subject = re.compile(
            rf"(?:^|[,;:]\s*|\b(?:when|that|while|as|because|after|since|though|although)\s+)"
            rf"(?P<who>{np})(?:{aside})?(?:\s+(?:{adverb}|{self._AUXILIARIES}|not))*\s+(?!{stop})[a-z]"
        )
        self._generic = re.compile(rf"(?:{generic})", re.IGNORECASE)
        self._role = re.compile(rf"\b(?:{roles})$", re.IGNORECASE)
        self._pronoun_says = re.compile(r"(?:he|she|they|it)", re.IGNORECASE)  # a speaker who points back
        # "Moscow will help, he said, ...": a pronoun that frames the clause before it points back too
        self._pronoun_frame = re.compile(rf"[,\"”]\s*(?:he|she|they)(?:\s+(?:{adverb}))*\s+(?:{finite})\b")
        # '"... found," the Russian Atomic Energy Agency' (the verb cut off): a speaker after a closing quote.
        self._after_quote = re.compile(
            rf"[\"”],?\s+(?:the )?(?P<who>{_CAP_RUN}(?:(?: [a-z][a-z'’]*){{0,2}}? (?:{roles}))?)[.,]?\s*$"
        )

    def attribution(self, text: str, previous: str = "") -> str:
        """Who the sentence says is speaking: a known person first, else the name or body as written, else a
        generic source ("analysts"); empty when the author speaks.

        `previous` is the speaker of the sentence before it in the same source: a quotation that goes on ('"It is
        not ready ...'), a pronoun ("He also noted"), an office ("The Iranian president added") or a definite
        description ("the agency reported") points back to them, since news copy names a speaker once and then
        quotes on.
        """
        who = self._named_speaker(text, previous)
        if who and previous and who != previous and who not in self._persons:
            if self._role.search(who) and previous in self._persons and self._same_state(who, previous):
                return previous  # "the Iranian president" after Pezeshkian spoke
            if " " not in who and who.casefold() in previous.casefold().split():
                return previous  # "the newspaper said" after the Maariv newspaper spoke
        if who:
            return who
        if previous and text.lstrip()[:1] in QUOTE_CHARS:
            return previous
        return self._quoted_subject(text)

    def _masked(self, text: str) -> str:
        """The text with what quotations say blanked out (a source named inside one is the quoted speaker's); a
        quotation that wraps the whole sentence is no quote within it."""
        whole = len(text.rstrip(" .")) - 1
        return QUOTED.sub(
            lambda m: m[0] if (m.start() == 0 and m.end() >= whole) else m[0][0] + " " * (len(m[0]) - 2) + m[0][-1],
            text,
        )

    def _last_verb_at(self, masked: str) -> int:
        """Where the last reporting verb that `_speaks` can end on starts; 0 when there is none."""
        m = self._last_verb.match(masked)
        return m.end() if m else 0

    def _speaker_starts(self, masked: str) -> list[int]:
        """Where `_speaks` is tried, in order: capitals and the starts of clauses, before the last reporting verb.

        `_speaks` matches only before one: places at or after the last (or every place, when the sentence has
        none) are not tried, since most sentences report no speech and each try is costly. The scans for places
        stop there too: a place they find before it is found as in the whole sentence.
        """
        last = self._last_verb_at(masked)
        if not last:
            return []
        capitals = (m.start() for m in self._CAPITAL_START.finditer(masked, 0, last) if masked[m.start()].isupper())
        return sorted(
            p for p in {*capitals, *(m.end() for m in self._BOUNDARY_START.finditer(masked, 0, last))} if p < last
        )

    def _named_speaker(self, text: str, previous: str = "") -> str:
        """The speaker the sentence names. Of several, one that follows the quote or clause it reports (", X said.")
        frames the whole sentence, else the first; a relay (a newspaper, "according to") only when nobody else."""
        masked = self._masked(text)
        found: list[tuple[int, int, int, str]] = []  # (relay, not postposed, order, who)

        def add(who_raw: str, start: int, postposed: bool, relay: bool = False) -> None:
            pronoun = self._pronoun_says.fullmatch(who_raw.strip())
            who = previous if pronoun else self._speaker(who_raw)
            if who:
                relay = relay or bool(self._RELAYS.search(who))
                found.append((relay, not postposed, -start if postposed else start, who))

        direct_ends = set()
        skip = 0
        for p in self._speaker_starts(masked):
            if p < skip:
                continue
            # The test ends at p and looks back one word and its spaces: search only that tail, not the whole
            # prefix every time (longest word 8 letters).
            back = p
            while back and masked[back - 1].isspace():
                back -= 1
            if self._PREPOSITION.search(masked, max(0, back - 12), p):
                continue  # "language from Moscow underscores": the object of a preposition is no subject
            m = self._speaks.match(masked, p)
            if not m:
                continue
            skip = m.end()
            who = m.group("who")
            plural = self._PLURAL.search(who)
            if self._base_verb.fullmatch(m.group("verb")) and not plural:
                continue  # "the Russian claim" is a noun; "analysts claim", "Russia and China believe" speak
            direct_ends.add(m.end())
            tail = masked[m.end() :]
            postposed = bool(self._AFTER_QUOTE_OR_COMMA.search(masked[:p])) and bool(
                self._SHORT_TAIL.fullmatch(tail.strip())
            )
            add(who, p, postposed)
        for m in self._verb_first.finditer(masked):
            add(m.group("who"), m.start("who"), True)
        if previous:
            for m in self._pronoun_frame.finditer(masked):
                add("he", m.start(), True)
        for pattern, needs in self._attr:
            for m in pattern.finditer(masked) if any(x in masked for x in needs) else ():
                add(m.group("who"), m.start("who"), False)
        if not found:
            for m in self._coordinated.finditer(masked):
                if m.end() in direct_ends:
                    continue
                subjects = list(self._clause_subject.finditer(masked, 0, m.start() + 1))
                if subjects:  # the subject of the last clause that starts before the verb
                    add(subjects[-1].group("who"), subjects[-1].start("who"), False)
        for pattern, needs in ((self._according, ("ccording",)), (self._statement, ("'", "’", "`"))):
            for m in pattern.finditer(masked) if any(x in masked for x in needs) else ():
                add(m.group("who"), m.start("who"), False, relay=True)
        if found:
            return min(found)[3]
        m = self._after_quote.search(text)
        return self._speaker(m.group("who")) if m else ""

    def _same_state(self, office: str, person: str) -> bool:
        """An office ("the Iranian president") that a person of the state it names holds."""
        if person not in self._chain:
            return False
        named = self._states(name for m in self.tx.actor_index.finditer(office) for name in m.names)
        return bool(named) and set(named) <= set(self._states([person]))

    def _quoted_subject(self, text: str) -> str:
        """The actor that opens a sentence quoting words with no speech verb: 'Beijing will keep working with
        Iran, "whatever happens"' is Beijing's."""
        if not self._QUOTATION.search(text):
            return ""
        words = text.split()
        while words and self._OPENERS.fullmatch(words[0]):
            words = words[1:]
        opening = " ".join(words)
        first = next(iter(self.tx.actor_index.finditer(opening)), None)
        if first is None or first.start != 0:
            return ""
        subject = self._clause_subject.match(opening)  # the whole subject: "The Russian Foreign Ministry"
        return self._speaker(subject.group("who") if subject else opening[: first.end])

    def _speaker(self, who: str) -> str:
        """The speaker a matched noun phrase names, or "" for none: a known person (not a possessor: "Yeltsin's
        spokesman" is not Yeltsin), else the words as written without their article, a generic source in lower
        case ("analysts"). Two joined by "and" speak together, as written."""
        if who not in self._speaker_cache:
            if len(self._speaker_cache) >= 4096:
                self._speaker_cache.clear()
            self._speaker_cache[who] = self._read_speaker(who)
        return self._speaker_cache[who]

    def _read_speaker(self, who: str) -> str:
        words = who.strip(" ,.").split()
        while len(words) > 1 and (self._OPENERS.fullmatch(words[0]) or self._QUANTIFIERS.fullmatch(words[0])):
            words = words[1:]
        while len(words) > 1 and self._NOT_SPEAKERS.fullmatch(words[-1]) and words[-2].islower():
            words = words[:-1]  # "a news agency report Friday" (but "Theresa May")
        if not words or self._PRONOUNS.fullmatch(words[0]) or self._NOT_SPEAKERS.fullmatch(words[0]):
            return ""
        if len(words) == 1 and self._OPENERS.fullmatch(words[0]):
            return ""
        who = " ".join(words)
        if " and " not in who:
            mentioned = self.tx.actor_index.counts(re.split(r"['’`]s\s", who)[-1])
            person = next((name for name in self._persons if mentioned[name]), None)
            if person:
                return person
        if self._generic.fullmatch(who):
            return who.lower()
        named = self._NAME_AFTER.search(who)
        if named:
            return named.group("who")  # "Russian political scientist Andrei Kortunov", "spokesman Kenneth Bacon"
        return who if len(words) <= 6 else ""

    def theme(
        self,
        text: str,
        section: str,
        area: str,
        stance: str,
        modality: str,
        when: DateMention | None,
        actors: list[str] | tuple[str, ...] = (),
        published: date | None = None,
    ) -> str:
        """The best-scoring theme; a sentence with no theme's cue that names a state takes the fallback theme.

        A theme's cue words count once however many occur (a list of sectors is not about its longest one), its
        area once more, the heading above half; then the boosts (stance, modality, how old the date is). The
        fallback theme (regional: the two states among the others) also wins where the sector words are not
        about Russia and Iran themselves (`_third_state_acts`, `_sector_list`); a sentence that shows the two
        apart names its third party as what they part over, so it scores nothing for the fallback theme; and a
        sector word it denies outright ("no mutual defence clause") names what the partnership lacks, so it counts
        for the divergences theme. A year that modifies a noun ("the 2015 nuclear deal") dates nothing here."""
        tx = self.tx
        fallback, apart = self._fallback, self._apart
        cues = dict.fromkeys(tx.themes, 0)
        for m in tx.theme_index.finditer(text):
            # a cue denied outright ("no mutual defence clause") names what the two lack: a limit, not a sector
            denied = stance == "divergence" and apart and self._negated(text, m.start, tx.denial_index)
            for name in [apart] if denied else m.names:
                cues[name] += 1
        scores = {name: float(min(1, n)) for name, n in cues.items()}
        for name, n in self._section_themes(section).items():
            scores[name] += 0.5 * min(1, n)
        if area and not (stance == "divergence" and self._area_denied(text, area)):
            scores[tx.areas[area].theme] += 1
        date_end = when.date_end if when is not None else None
        if when is not None and (self._SINCE.search(text, 0, when.start) or self._named_by_year(text, when)):
            date_end = None
        for name, theme in tx.themes.items():
            for boost in theme.boosts:
                if boost.applies(stance, modality, date_end, published):
                    scores[name] += boost.weight
        if fallback and modality != "reported" and self._third_state_acts(text):  # one that only speaks acts not
            scores[fallback] += 1
            for name, theme in tx.themes.items():
                if theme.dealings:
                    scores[name] = 0.0
        if fallback:
            scores[fallback] += self._sector_list(text, cues, scores, fallback)
            if stance == "divergence":
                scores[fallback] = 0.0
        best = max(scores.values(), default=0)
        if best > 0:
            tied = [name for name, s in scores.items() if s == best]
            if area and tx.areas[area].theme in tied:
                return tx.areas[area].theme  # a tie goes to what the sentence is about, then reading order
            return tied[0]
        if any(tx.actors[a].kind == "country" for a in actors if a in tx.actors):
            return fallback
        return ""

    # "the 2015 nuclear deal", "Iran's 1979 revolution": a year before a noun names a thing the sentence is about.
    _YEAR_BEFORE_NOUN = re.compile(r"\d{4}\s+[a-z]")
    _DETERMINER = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that)\s+$|['’]s\s+$", re.IGNORECASE)

    def _named_by_year(self, text: str, when: DateMention) -> bool:
        """The sentence's date is a year used as a name's modifier, not the time of what it says."""
        return bool(self._YEAR_BEFORE_NOUN.match(text, when.start) and self._DETERMINER.search(text, 0, when.start))

    def _area_denied(self, text: str, area: str) -> bool:
        """Every cue of the area is denied outright: "the treaty has no mutual defence clause" is not about it."""
        at = [m.start for m in self.tx.area_index.finditer(text) if area in m.names]
        return all(self._negated(text, start, self.tx.denial_index) for start in at)

    # "since the 1970s": a span that runs up to the present describes how things are, not a past event.
    _SINCE = re.compile(r"\b(?:ever )?since\s+(?:the\s+|early\s+|late\s+|mid-?\s*|\d{4}\s+)*$", re.IGNORECASE)
    # Themes whose words, with a third state as the subject, tell that state's dealings (sanctions, oil deals,
    # arms for someone else) rather than a sector of the partnership; nuclear and history keep theirs.
    # What may come before a sentence's subject: a connective and its comma, "for" or "to", an article.
    _OPENING = re.compile(r"\W*(?:[A-Z][a-z]+,\s*)?(?:(?:for|to|in|the)\s+)*$", re.IGNORECASE)
    _CLAUSE = re.compile(r"[^;]+")
    _NAME_GOES_ON = re.compile(r"\s+[A-Z]")

    def _third_state_acts(self, text: str) -> bool:
        """A state other than the two opens the sentence, or a clause after a semicolon, and one of the two is
        named ("Washington pressed Tehran to ..."): the sentence is regional politics, and its trade or arms
        words tell what the third state does."""
        principals = set(self.tx.principals)
        mentions = [(at, names) for at, names in self._mentions(text) if names]
        if not {self._state_of.get(name) for _, names in mentions for name in names} & principals:
            return False
        ends: dict[int, int] | None = None
        for clause in self._CLAUSE.finditer(text):
            at, names = next(((at, names) for at, names in mentions if at >= clause.start()), (None, ()))
            if at is None or at >= clause.end() or not self._OPENING.match(text, clause.start(), at):
                continue  # the clause does not open with the name: it is no subject ("trade between India and")
            if ends is None:
                ends = {m.start: m.end for m in self.tx.actor_index.finditer(text)}
            if self._NAME_GOES_ON.match(text, ends.get(at, at)):
                continue  # a state's name inside another name ("the Syrian Civil War") is not the state acting
            states = {self._state_of.get(name) for name in names}
            if None not in states and not states & principals:
                return True
        return False

    def _sector_list(self, text: str, cues: dict[str, int], scores: dict[str, float], fallback: str) -> float:
        """What the fallback theme gains from a list of sectors: cue words of two themes that have areas (not
        outlook or divergences) and three areas outside the fallback's. Such a list describes the partnership as
        a whole ("defence, energy, banking and transport"), so the fallback takes the lead."""
        areas = self.tx.areas
        sectors = self._area_themes - {fallback}  # the themes that have areas of their own
        if sum(1 for name, n in cues.items() if n and name in sectors) < 2:
            return 0.0
        listed = [name for name, n in self.tx.area_index.counts(text).items() if n and areas[name].theme != fallback]
        if len(listed) >= 3:
            return max(scores.values()) - scores[fallback] + 0.01
        return 0.0

    def last_person(self, rows: list[dict]) -> str:
        """The person the claims name last (news copy names a speaker, then goes on with "he said")."""
        for row in reversed(rows):
            people = [a for a in row["actors"].split(";") if a in self._persons]
            if people:
                return people[-1]
        return ""

    PREVAILING_SHARE = 0.2  # of an article's claims: below it no theme prevails, and the fallback stands

    def follow_prevailing_theme(self, rows: list[dict]) -> None:
        """Give the article's prevailing theme to its claims that have no theme word of their own.

        A sentence such as "Moscow said the reply did not meet its terms" names no sector, but in a piece about
        the nuclear talks it is about them: writers name the subject once and then go on about it. The prevailing
        theme is the one most claims were given other than the fallback; it counts only where it covers
        PREVAILING_SHARE of the article's claims. A claim that shows the two apart keeps its theme (its third party
        is what they part over), and so do one with an area (its theme came from the area) and filler, which says
        nothing of any subject.
        """
        fallback = self._fallback
        counted = Counter(r["theme"] for r in rows if r["theme"] not in ("", fallback))
        if not counted:
            return
        top, n = counted.most_common(1)[0]
        if n < self.PREVAILING_SHARE * len(rows):
            return
        for row in rows:
            if (
                row["theme"] in ("", fallback)
                and not row["area"]
                and not row["is_filler"]
                and row["stance"] != "divergence"
                and not any(self.tx.theme_index.counts(row["text"]).values())
            ):
                row["theme"] = top

    def _section_themes(self, section: str) -> dict[str, int]:
        if section not in self._section_cache:
            self._section_cache[section] = self.tx.theme_index.counts(section)
        return self._section_cache[section]

    _ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"”’)\]]*$")
    _STOP_END = re.compile(r"[.!?…;:][\"”’)\]]*$|[\"”’]$")
    # Words no finished sentence ends on: "... the construction project in" was cut off by its source.
    _OPEN_ENDED = re.compile(
        r"\b(?:the|a|an|of|in|on|at|to|for|from|by|with|into|about|over|under|between|against|and|or|but|that"
        r"|which|whose|this|these|those|its|their|his|her|our|than|as|is|are|was|were|be|been|has|have|had|will"
        r"|would|could|should|can|may|might|must|not|very|more|most)$",
        re.IGNORECASE,
    )

    def is_truncated(self, text: str) -> bool:
        """The source cut the sentence short: it ends in an ellipsis, or with no stop after a quotation it never
        closed, after a speaker with no verb, or on a word no sentence ends on. A quotation closed further on (a quote that runs over
        paragraphs) and a list item without a stop are not cut short."""
        text = text.rstrip()
        if self._ELLIPSIS_END.search(text):
            return True
        if self._STOP_END.search(text):
            return False
        unclosed = text.count('"') % 2 == 1 or text.count("“") > text.count("”")
        # '"...," the Russian agency' names its speaker and stops before the verb
        return unclosed or bool(self._OPEN_ENDED.search(text) or self._after_quote.search(text))

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
        context_actors: list[str] | tuple[str, ...] = (),
        speaker: str = "",
        modality: str | None = None,
    ) -> dict:
        """Every tag of one sentence. `mentions` are its dates when the caller read them in the context
        of their paragraph (extract_claims); without them the sentence is read on its own.
        `context_actors` are the actors the sentences before it named, in reading order (`states_named`):
        what its "both countries" or "the two" point back to when it names fewer than two states itself.
        `speaker` is the attribution of the claim before it in the same source (see `attribution`); `modality`
        is the sentence's, when the caller has already read it."""
        modality = modality or self.modality(text)
        if mentions is None:
            mentions = find_dates(text, ref, self.periods, ref_is_inferred, forecast=modality == "forecast")
        when = primary_date(mentions)
        # A relative date that could not be resolved (a quotation with no speech date) keeps its words and
        # the inferred flag, and no span: it is never shown as a precise date.
        unresolved = when if when is not None and when.is_unresolved else None
        when = None if unresolved else when
        actors = self.actors(text, context_actors)
        area = self.area(text)
        stance = self.stance(text, actors, area)
        attribution = self.attribution(text, speaker)
        if attribution and modality == "asserted":
            modality = "reported"  # someone named says it, even where no cue word says so ("X added that")
        elif attribution and modality == "forecast" and self._named_speaker(text, speaker):
            modality = "reported"  # "..., adding that the meeting will focus on": their forecast, reported
        return {
            "theme": self.theme(text, section, area, stance, modality, when, actors, ref),
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
            "is_truncated": self.is_truncated(text),
            "section": section,
        }


def is_claim(sentence: Sentence, cleaning: Cleaning) -> bool:
    """A sentence that could assert something: long enough, not a question, no debris, no personal data, not its
    author's bio.

    Cleaning already cut personal details and links out of paragraphs; this is the last check, and the one
    place a bio sentence inside an article paragraph ("X is a senior fellow at ...") is turned away.
    """
    text = sentence.text
    if len(WORD.findall(text)) < cleaning.min_claim_words or text.rstrip().endswith(":"):
        return False
    if QUESTION.search(text.rstrip()):
        return False  # a question asks, it asserts nothing ("Is Iran the next target?")
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


def _reporting_period(
    text: str, mentions: list[DateMention], current: DateMention | None, ref: date | None
) -> DateMention | None:
    """The period a results story reports on: the latest quarter or half it has stated as past and closed by
    `ref`. One that looks ahead or is still running is a forecast, and an earlier one ("the 1988 third quarter")
    a comparison."""
    for m in mentions:
        closed = m.direction <= 0 and (ref is None or (m.date_end is not None and m.date_end < ref))
        if is_reporting_period(m, text) and closed and (current is None or m.date_end > current.date_end):
            current = m
    return current


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
    # The article's reporting period, read across paragraphs, unless the paragraph turns to a longer total.
    reporting: DateMention | None = None
    longer = False
    last_end = None
    for s in spans:
        if last_end is not None and "\n" in doc.text[last_end : s.start]:
            story = []
            longer = False
        longer = longer or names_longer_period(s.text)
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
        modality = tagger.modality(s.text)
        forecast = modality == "forecast"
        told = [m for sentence in story for m in sentence]
        carried = None if longer else reporting
        mentions = find_dates(
            s.text, ref, tagger.periods, inferred is not None, story=told, forecast=forecast, reporting=carried
        )
        if not forecast:
            reporting = _reporting_period(s.text, mentions, reporting, ref)
        before = tagger.states_named([r["text"] for r in rows[-2:]])  # what "both countries" may point back to
        # who a quote that goes on, or a "he said", points to: the last speaker, else the last person named
        speaker = (rows[-1]["attribution"] or tagger.last_person(rows[-2:])) if rows else ""
        row.update(tagger.tag(s.text, s.section, ref, inferred is not None, mentions, before, speaker, modality))
        story = [*story, [m for m in mentions if m.date_start is not None]][-2:]
        rows.append(row)
    tagger.follow_prevailing_theme(rows)
    return rows, inferred
