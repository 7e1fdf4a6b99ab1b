"""Find date mentions in a sentence and turn each into a span with a precision.

An analyst needs a span ("the 2000s", "the third quarter of 2024") rather than one made-up day, so
every mention becomes [date_start, date_end] with the precision of its words. Relative mentions
("Friday", "last month", "Aug. 7") are resolved against the publication date, in the direction the
clause looks: "will meet Friday" is ahead, "met Friday" behind, and a bare month-day with no tense
cue is the nearest one. Anaphoric mentions ("the following year", "two days later") follow the
story the paragraph tells, and only that; "a year earlier" after a quarter or a month is that quarter
or month a year before, as the business pages compare periods. Inside a quotation the reference is the day the words
were spoken; when that day is unknown, a relative mention is kept unresolved and flagged rather
than turned into a precise date on a guess. "Since" always points back, and "the day before" or "a year after"
with nothing after it steps from the story as "earlier" and "later" do. A bare weekday "ahead of" an event is the
coming one; "on the 12th" alone is a day of the publication month, or of the month the clause's tense points to.

Month arithmetic comes from dateutil; the finding and resolving rules are this module's own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter
from dateutil.relativedelta import MO, TH, relativedelta

from helpers.text.patterns import Caseless as _Caseless
from helpers.text.patterns import lowered as _lowered

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "decade": 3, "century": 4}

Span = tuple[date, date]

# --- vocabulary -------------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"  # only an abbreviation takes the full stop
)


def _mon(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_ALT})"


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_DAY = r"[0-3]?\d"

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 10 for i, w in enumerate(_TEENS)}
_NUMBER_WORDS |= {w: 20 + 10 * i for i, w in enumerate(_TENS)} | {"a": 1, "an": 1}
_U, _T, _X = "|".join(_UNITS), "|".join(_TEENS), "|".join(_TENS)
# A year said aloud, as broadcast transcripts print it: "nineteen ninety-seven", "nineteen oh five".
_YEAR_WORDS = (
    rf"(?i:(?:fifteen|sixteen|seventeen|eighteen|nineteen|twenty)[\s-]+"
    rf"(?:hundred|oh[\s-]+(?:{_U})|(?:{_T})|(?:{_X})(?:[\s-]+(?:{_U}))?)(?![\s-]+(?:{_U}|hundred|thousand)\b))"
)
_YEAR = rf"(?:1[0-9]\d\d|20\d\d|{_YEAR_WORDS})"
# A four-digit number is no year when it has decimals (an index at 1372.33), a unit, or a clock time after it
# ("at 1400 GMT", "1930 hours"), or a unit joined to it by a hyphen ("a 1500-mile border", "a 1000-strong force").
_NOT_A_YEAR_AFTER = (
    r"(?!\d|[,.]\d|-(?:mile|km|kilomet|met(?:er|re)|foot|ton|tonne|strong|man|member|seat|megawatt)|"
    r"\s*(?:%|percent|per cent|km|kilomet|miles|met(?:er|re)s|feet|acres|hectares|people|troops|tons|tonnes|"
    r"barrels|students|dollars|soldiers|men|women|children|workers|members|delegates|votes|points|shares|hours|hrs|GMT|UTC|"
    r"jobs|employees|million|billion|trillion|thousand|yen|euros|rubles|roubles|rials|cents|A\.?H\b|S\.?H\b|"
    r"[ECMP][SD]T\b|local\s+time|\$))"
)
_CURRENCY = "$€£¥₽₹"  # a number right after a currency sign is money, not a year

_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty first": 21,
}
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + ")"
_DECADE_WORDS = {w: 20 + 10 * i for i, w in enumerate(("twenties", "thirties", "forties", "fifties", "sixties"))}
_DECADE_WORDS |= {"seventies": 70, "eighties": 80, "nineties": 90}
_PART = r"(?:(?P<part>early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)[-\s]+(?:in\s+)?)?"  # "early in 1988"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_REL_YEAR = r"(?P<rel>this|last|next)\s+year"


def _year_value(text: str) -> int:
    """A year written in digits or in words ("nineteen ninety-seven")."""
    if text.isdigit():
        return int(text)
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w != "and"]
    if words[1] == "thousand":  # "two thousand and three"
        return _NUMBER_WORDS[words[0]] * 1000 + sum(_NUMBER_WORDS[w] for w in words[2:])
    century = _NUMBER_WORDS[words[0]] * 100
    rest = words[1:]
    if rest[0] == "hundred":
        return century
    if rest[0] == "oh":
        return century + _NUMBER_WORDS[rest[1]]
    return century + sum(_NUMBER_WORDS[w] for w in rest)


def _ordinal_value(text: str) -> int:
    text = text.lower().replace("-", " ")
    return int(re.match(r"\d+", text).group()) if text[0].isdigit() else _ORDINAL_WORDS[text]


def _number(text: str) -> int | None:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text)


# --- tense: which way a relative date points ---------------------------------------------------------

# Future markers, as whole phrases: the clause looks ahead of the time it is told from.
_FUTURE = _Caseless(
    r"\b(?:will|shall|won't|wo\s+n't|would(?!\s+have)|going\s+to|(?:set|slated|poised|about)\s+to|"
    r"(?:is|are|was|were|be)\s+(?:due|likely|expected|supposed|meant)\s+to|(?:is|are|was|were)\s+due|(?:is|are|was|were)\s+to\s+(?!be\s+\w+ed\b)\w+|scheduled|"
    r"(?:is|are)\s+expected\b|upcoming|forthcoming|next|"
    # "coming" before a noun ("the coming weeks"), not the verb with its preposition ("since coming to power")
    r"coming(?!\s+(?:to|into|from|back|out|off|under|in|on|up|down|home|together|after|at|through|over|with)\b)|"
    r"plans?\s+to|planned|planning|intends?\s+to|intended\s+to|aims?\s+to|"
    r"hopes?\s+to|hoped\s+to|expects?\s+to|expected\s+to|agreed\s+to|promised\s+to|pledged\s+to|vowed\s+to|"
    r"threatened\s+to|prepared\s+to|ready\s+to|deadline)\b|'ll\b"
)
_IRREGULAR_PAST = (
    "said|told|was|were|had|did|went|came|took|made|met|left|began|won|lost|sent|held|found|gave|fell|rose|"
    "struck|became|saw|knew|led|ran|paid|sold|spent|brought|bought|caught|fought|thought|wrote|spoke|broke|"
    "chose|drove|flew|grew|stood|withdrew|sought|got|kept|shot|fled|felt|heard|built|sat|sank|swore|tore|"
    "overthrew|undertook|hung|slid|stole|arose|drew|forgot|froze|meant|lay|laid|lit|bore|beat|bit|bled|"
    "shook|shut|spun|stuck|stung|strove|swept|swung|taught|threw|understood|upheld|woke|wore|wound"
)
_IRREGULAR_PAST_WORDS = frozenset(_IRREGULAR_PAST.split("|"))
_NOT_PAST = (  # words in -ed that are no past tense
    "need|indeed|speed|seed|feed|bed|red|hundred|proceed|exceed|succeed|bleed|breed|greed|shed|wed|naked|sacred|"
    "wicked|kindred|embed|steed|weed"
)
_NOT_PAST_ED = frozenset(_NOT_PAST.split("|"))
# a whole word in lower-case ASCII letters: the only kind a past form (irregular or in -ed) can be
_LOWER_WORD = re.compile(r"(?<!\w)[a-z]+(?!\w)")


def _past_cues(text: str) -> list[int]:
    """Where past-tense words start: an irregular past form, or a word in -ed (four letters at least, not
    after a hyphen, not one of the -ed words that are no verb). One scan for lower-case words and set
    look-ups: a regex of all the forms tries each of them at every position of the sentence."""
    found = []
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        if word in _IRREGULAR_PAST_WORDS or (
            word.endswith("ed")
            and len(word) >= 4
            and word not in _NOT_PAST_ED
            and text[m.start() - 1 : m.start()] != "-"
        ):
            found.append(m.start())
    return found


# "is signed", "be quickly held": a form of "be" (and maybe an adverb) right before a word. Matched on the
# sentence reversed, from the word's start backwards, so that no check scans the whole text before it.
_BE_BEFORE_REVERSED = re.compile(r"\s+(?:yl\w+\s+)?(?:si|era|ma|eb|gnieb|neeb|s'|er')\b", re.IGNORECASE)
# "the reduced dividend", "its revised plan": a participle right after an article or a possessive is an adjective
_DETERMINER_BEFORE_REVERSED = re.compile(r"\s+(?:eht|a|na|sti|rieht|sih|ruo|ym|ruoy)\b", re.IGNORECASE)
_CLAUSE_BREAK = _Caseless(
    r"[,;:()\[\]\"“”]|``|''|\s[-–—]\s|—|\b(?:that|which|who|whom|whose|when|where|while|because|although|though|"
    r"but|after|before|since|if|unless|whether)\b"
)
# Past forms of verbs of saying: they date the saying, not what is said
_REPORTING_WORDS = (
    "said|told|announced|reported|added|noted|stated|warned|claimed|argued|suggested|indicated|disclosed|confirmed|"
    "predicted|forecast|estimated|projected|insisted|explained|wrote|replied|asserted|acknowledged|revealed|"
    "complained|signaled|signalled|stressed|urged|cited|denied|informed|spoke|talked|briefed|asked"
)
_REPORTING = frozenset(_REPORTING_WORDS.split("|"))
_OF_ABOUT = re.compile(r"\b(?:of|about)\b")
# a comma that opens a clause of its own: ", and analysts expect ..."
_COORDINATED = re.compile(r",\s+(?:and|or|but|yet|so|while)\b")
# a phrase that names when something applies, on either side of the act that set it
_TERM_OPENING = re.compile(
    r",\s*(?:effective|starting|beginning|from|by|until|till|through|pending|due)\b", re.IGNORECASE
)
_LIST_ITEM = re.compile(r",\s+(?:[\w'’.-]+\s+){0,2}?[\w'’.-]+(?:,|\s+(?:and|or)\s)")


class _Tense:
    """Tense cues of one sentence: (position, +1 future / -1 past), and the clause breaks between them."""

    def __init__(self, text: str, forecast: bool):
        cues: list[tuple[int, int]] = []
        future_spans = []
        lowered = _lowered(text)
        for m in _FUTURE.finditer(text, lowered):
            cues.append((m.start(), 1))
            future_spans.append((m.start(), m.end()))
        self.text = text
        self.reversed = reversed_text = text[::-1]  # for checks that look back from a position
        for at in _past_cues(text):
            if any(a <= at < b for a, b in future_spans):
                continue
            if _BE_BEFORE_REVERSED.match(reversed_text, len(text) - at):
                continue  # "is signed", "will be held": a participle after a form of "be" has no tense of its own
            if _DETERMINER_BEFORE_REVERSED.match(reversed_text, len(text) - at):
                continue  # "the reduced dividend": an adjective, no verb
            cues.append((at, -1))
        self.cues = sorted(cues)
        breaks = [
            (m.start(), m.group()[0].isalpha())
            for m in _CLAUSE_BREAK.finditer(text, lowered)
            if not (m.group() == "," and self._in_list(text, m.start()))
        ]
        self.breaks = [at for at, _ in breaks]
        # a conjunction opens a clause of its own ("... Nov. 30 unless extended"): a phrase leads into the
        # clause after a comma, never into one after a conjunction
        self.conjunctions = [at for at, is_word in breaks if is_word]
        # every break but a plain comma: what a phrase hung on a clause by a comma does not reach across
        self.hard_breaks = [at for at in self.breaks if text[at] != "," or _COORDINATED.match(text, at)]
        self.forecast = forecast

    def _in_list(self, text: str, comma: int) -> bool:
        """A comma between the items of a list ("as chairman, president and chief executive"): one to three
        words with no tense of their own, then another comma or "and" / "or". It parts no clauses."""
        m = _LIST_ITEM.match(text, comma)
        return bool(m) and not any(comma < at < m.end() for at, _ in self.cues)

    def _reports(self, cue: int) -> bool:
        """The cue is a verb of saying ("said", "told")."""
        word = _LOWER_WORD.match(self.text, cue)
        return bool(word) and word.group() in _REPORTING

    def _tells_of(self, cue: int, start: int) -> bool:
        """A reporting verb with what it tells "of" or "about" between it and the mention ("told firms of a cut in
        September"): the mention dates what is told, on either side of the telling."""
        return self._reports(cue) and bool(_OF_ABOUT.search(self.text, cue, start))

    def direction(self, start: int, end: int) -> int:
        """+1 when the mention's clause looks ahead, -1 behind, 0 when nothing says.

        The nearest cue before the mention in its clause (not a verb of saying with what it tells "of" between:
        "told ... of a cut in September" says nothing of when the cut falls), else after it in its clause; the
        commas of a list part no clauses. Failing both, the first cue after the mention short of a conjunction:
        a fronted phrase takes the tense of the clause it leads into ("On Tuesday, Bush said ...", "Following
        talks on Friday, they will sign"), not that of a clause hung on it ("expires Nov. 30 unless extended").
        Else a phrase hung by a comma on a past clause is past ("prices fell, reaching a low in March"), unless
        that verb reports or the phrase names when something applies ("effective Feb. 1"). Else a future marker
        before it, or a forecast sentence, looks ahead.
        """
        i = bisect_right(self.breaks, start) - 1
        clause_start = self.breaks[i] if i >= 0 else 0
        j = bisect_right(self.breaks, end - 1)
        clause_end = self.breaks[j] if j < len(self.breaks) else 1 << 30
        before = [c for c in self.cues if clause_start <= c[0] < start]
        if before and not self._tells_of(before[-1][0], start):
            return before[-1][1]
        after = [c for c in self.cues if end <= c[0] < clause_end]
        if after:
            return after[0][1]
        k = bisect_right(self.conjunctions, end - 1)
        stop = self.conjunctions[k] if k < len(self.conjunctions) else 1 << 30
        later = [c for c in self.cues if end <= c[0] < stop]
        if later:
            return later[0][1]
        # a phrase hung on a past clause by a comma ("has fluctuated, rising ... in March") is of its time, unless
        # the verb reports (what is said may fall on either side of the saying), the past clause is a relative one
        # ("The sale, which had been expected, is ..."), or the phrase names when something applies ("effective")
        k = bisect_right(self.hard_breaks, clause_start) - 1
        opened = self.hard_breaks[k] if k >= 0 else 0
        earlier = [c for c in self.cues if opened <= c[0] < clause_start]
        if (
            earlier
            and earlier[-1][1] < 0
            and (k < 0 or not self.text[opened].isalpha())  # not a clause opened by a conjunction or "which"
            and not self._reports(earlier[-1][0])
            and not _TERM_OPENING.match(self.text, clause_start)
        ):
            return -1
        if self.forecast or any(sign > 0 and at < start for at, sign in self.cues):
            return 1
        return 0


# --- spans ----------------------------------------------------------------------------------------


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def _year_span(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def _months_span(year: int, first: int, last: int) -> Span:
    """Months first..last of a year; a run past December carries into the next year (winter)."""
    end_year = year + (last < first)
    return date(year, first, 1), _month_span(end_year, last)[1]


def _part_of(start: int, length: int, part: str | None) -> tuple[int, int]:
    """Narrow a decade or century to its early / mid / late third."""
    part = _part_name(part)
    if not part:
        return start, start + length - 1
    third = length // 3 if length >= 10 else 1
    if part == "early":
        return start, start + third
    if part == "mid":
        return start + third, start + length - third - 1
    return start + length - third - 1, start + length - 1


def _part_name(part: str | None) -> str | None:
    """early / mid / late from "early", "mid-", "the end of", "the beginning of" ..."""
    if not part:
        return None
    part = part.lower()
    if "end" in part or part.startswith("late"):
        return "late"
    if "middle" in part or part.startswith("mid"):
        return "mid"
    return "early"


def _year_part(year: int, part: str | None) -> Span:
    """A year, or its early (Jan-Apr), mid (May-Aug) or late (Sep-Dec) third."""
    months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(_part_name(part) or "", (1, 12))
    return _months_span(year, *months)


def _month_part(year: int, month: int, part: str | None) -> Span:
    """A month, or its early (1-10), mid (11-20) or late (21-end) third."""
    first, last = _month_span(year, month)
    part = _part_name(part)
    if part == "early":
        return first, first.replace(day=10)
    if part == "mid":
        return first.replace(day=11), first.replace(day=20)
    if part == "late":
        return first.replace(day=21), last
    return first, last


def _season_span(year: int, season: str, part: str | None) -> Span:
    """A season of the northern hemisphere; winter Y runs from December Y to February Y+1."""
    first, last = _SEASONS[season]
    part = _part_name(part)
    if part:
        month = (first - 1 + {"early": 0, "mid": 1, "late": 2}[part]) % 12 + 1
        return _month_span(year + (month < first), month)
    return _months_span(year, first, last)


def _gap(span: Span, ref: date) -> int:
    if span[0] <= ref <= span[1]:
        return 0
    return (span[0] - ref).days if span[0] > ref else (ref - span[1]).days


def _pick(candidates: Sequence[Span], ref: date, direction: int) -> Span:
    """The candidate the direction points at: the latest begun by `ref` (behind), the first not yet
    over (ahead), or the nearest (no direction; a tie goes to the earlier one)."""
    if direction < 0:
        behind = [c for c in candidates if c[0] <= ref]
        if behind:
            return max(behind)
    elif direction > 0:
        ahead = [c for c in candidates if c[1] >= ref]
        if ahead:
            return min(ahead)
    return min(candidates, key=lambda c: (_gap(c, ref), c[0] > ref, c[0]))


def _around(ref: date, make: Callable[[int], Span | None], years: int = 1) -> list[Span]:
    spans = []
    for y in range(ref.year - years - 1, ref.year + years + 1):
        try:
            span = make(y)
        except ValueError:  # 29 February in a common year, 31 April ...
            continue
        if span:
            spans.append(span)
    return spans


def _weekday_span(ref: date, target: int, which: str, direction: int) -> Span:
    candidates = [(d, d) for d in (ref + timedelta(days=k) for k in range(-7, 8)) if d.weekday() == target]
    if which in ("last", "this past"):
        return max(c for c in candidates if c[0] < ref)
    if which in ("next", "this coming"):
        return min(c for c in candidates if c[0] > ref)
    if which == "this":
        monday = ref - timedelta(days=ref.weekday())
        return next(c for c in candidates if monday <= c[0] <= monday + timedelta(days=6))
    return _pick(candidates, ref, direction or -1)  # news: a bare weekday is the latest by publication


# --- patterns -------------------------------------------------------------------------------------

_BARE_MONTH = r"(?P<m>January|February|April|June|July|August|September|October|November|December)"
_YEAR_SUFFIX = rf"(?:,?\s+(?P<y>{_YEAR})\b|\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b)?"
# "before" or "after" closing its phrase, as an adverb: with an object ("before the vote") it counts from that
_NOTHING_AFTER = r"(?=\s*(?:[,.;:!?)]|\s[-–—]|$))"
_DAY_END = r"(?![\d,.]?\d)(?!\s*(?:%|percent|per\s+cent|people|troops|soldiers|dead|killed|others)\b)"

# Ordered: earlier patterns claim their characters first, so "June 19, 2025" is one day, not a
# month-day plus a year, and "the following year" is an anaphor, not "year".
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("numeric", re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\b")),
    # a holiday, unless it qualifies a noun ("Christmas shopping")
    (
        "holiday",
        re.compile(
            r"\b(?P<name>(?:Orthodox\s+)?(?:Christmas|Easter)(?:\s+(?:Eve|Day|Sunday))?|New\s+Year['’]s(?:\s+(?:Eve|Day))?|"
            r"Halloween|Valentine['’]s\s+Day|Thanksgiving(?:\s+Day)?|Labou?r\s+Day|Memorial\s+Day|Fourth\s+of\s+July)"
            rf"\b(?:,?\s+(?P<y>{_YEAR})\b|\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b)?"
            r"(?!\s+(?:season|holidays?|shopping|sales|trees?|cards?|gifts?|break|recess|rush|party|parties|"
            r"period|week|weekend|celebrations?|festivities|greetings|resolutions?|message|address|services?|dinner|lights|music|carols?|market)\b)"
        ),
    ),
    (
        "day_range",
        re.compile(
            rf"\b(?:from\s+|between\s+)?{_mon('m1')}\s+(?P<d1>{_DAY}){_ORD}\s*(?:-|–|to|and|through|until|till)\s*"
            rf"(?:{_mon('m2')}\s+)?(?P<d2>{_DAY}){_ORD}\b{_DAY_END}{_YEAR_SUFFIX}"
        ),
    ),
    (
        "day_range",
        re.compile(
            rf"\b(?:from\s+|between\s+)?(?:the\s+)?(?P<d1>{_DAY}){_ORD}\s*(?:-|–|to|and)\s*(?:the\s+)?(?P<d2>{_DAY}){_ORD}"
            rf"\s+(?:of\s+)?{_mon('m1')}{_YEAR_SUFFIX}"
        ),
    ),
    (
        "full",
        re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_mon('m')}\s+(?P<d>{_DAY}){_ORD},?\s+(?P<y>{_YEAR})\b"),
    ),
    (
        "full",
        re.compile(
            rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?{_mon('m')},?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?:from|between)\s+{_mon('m1')}\s+(?:to|and|until|till|through)\s+{_mon('m2')}(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    ("month_range", re.compile(rf"\b{_mon('m1')}\s*(?:[-–]|-to-)\s*{_mon('m2')}(?:,?\s+(?P<y>{_YEAR})\b)?")),
    ("month_year", re.compile(rf"\b{_PART}{_mon('m')}(?:,?\s+|\s+of\s+)(?P<y>{_YEAR})\b")),
    # a year in two digits after an apostrophe, with a month or a preposition: "October '87", "since '85"
    (
        "short_year",
        re.compile(
            rf"(?:\b{_PART}{_mon('m')}(?:,?\s+|\s+of\s+)|\b(?P<prep>(?i:in|since|of|by|until|till|through|from|to|before|after|"
            rf"during))\s+)['’](?P<yy>\d\d)\b(?!['’]s\b)"
        ),
    ),
    ("month_rel_year", re.compile(rf"\b{_PART}{_mon('m')}\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b")),
    # the quarter or half a year before the one of that name just reported: "the year-earlier third quarter"
    (
        "year_before_part",
        re.compile(
            r"\bthe\s+(?:same\s+)?(?:year[-\s](?:earlier|ago|before)|prior[-\s]year)\s+"
            r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+(?P<part>quarter|half)\b",
            re.IGNORECASE,
        ),
    ),
    # the last quarter closed, the one a company has just reported
    ("latest_quarter", re.compile(r"\bthe\s+(?:latest|most\s+recent)\s+(?:fiscal\s+)?quarter\b", re.IGNORECASE)),
    # "the quarter" alone, as a results story says it after a preposition of time (see _reporting_quarter);
    # not "the quarter of the city", "the quarter century", "the quarter-point", "the French Quarter"
    (
        "the_quarter",
        re.compile(
            r"\b(?P<prep>(?i:during|throughout|for|in|over))\s+the\s+quarter\b"
            r"(?!['’]s|-|\s+(?:of|century|mile|hour|finals?)\b)"
        ),
    ),
    (
        "half",
        re.compile(
            rf"\b(?:the\s+)?(?P<ord>first|second|1st|2nd|last|latter)[-\s]+half\s+of\s+(?:(?P<y>{_YEAR})\b|(?P<thisyear>the|this)\s+year\b|"
            rf"(?P<rel>last|next)\s+year\b|the\s+(?P<c>{_ORDINAL})\s+century\b|the\s+(?P<dec>1[0-9]\d0|20\d0)'?s\b)",
            re.IGNORECASE,
        ),
    ),
    ("half", re.compile(r"\b(?P<ord>[Ff]irst|[Ss]econd)-half\b")),
    ("half", re.compile(r"\bthe\s+(?P<ord>first|second)\s+half\b(?!\s+of\b)", re.IGNORECASE)),  # of the year
    ("half", re.compile(rf"\bH(?P<ord>[12])\s+(?P<y>{_YEAR})\b")),
    # the year in front: "1988's fourth quarter", "the 1990 first half", "last year's third quarter"
    (
        "quarter",
        re.compile(
            rf"\b(?:(?P<y>{_YEAR})|{_REL_YEAR})(?:['’]s)?\s+(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
            r"[-\s]+quarter\b",
            re.IGNORECASE,
        ),
    ),
    (
        "half",
        re.compile(
            rf"\b(?:(?P<y>{_YEAR})|{_REL_YEAR})(?:['’]s)?\s+(?:fiscal\s+)?(?P<ord>first|second|1st|2nd)[-\s]+half\b",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+quarter\b"
            rf"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y>{_YEAR})\b|(?P<thisyear>the|this)\s+year\b|(?P<rel>last|next)\s+year\b))?",
            re.IGNORECASE,
        ),
    ),
    # the last (fourth) quarter or half of a year named after it; "last quarter" alone is the one before this
    (
        "quarter",
        re.compile(
            rf"\bthe\s+(?P<ord>last|final)\s+quarter\s+of\s+(?:(?:fiscal\s+)?(?P<y>{_YEAR})\b|"
            rf"(?P<thisyear>the|this)\s+year\b|(?P<rel>last|next)\s+year\b)",
            re.IGNORECASE,
        ),
    ),
    ("quarter", re.compile(rf"\bQ(?P<ord>[1-4])(?:\s+|-)?(?P<y>{_YEAR})\b")),
    ("quarter", re.compile(rf"\b(?P<y>{_YEAR})\s*Q(?P<ord>[1-4])\b")),
    ("quarter", re.compile(r"(?:(?<=\bin\s)|(?<=\bfor\s)|(?<=\bby\s))Q(?P<ord>[1-4])\b")),
    (
        "century",
        re.compile(
            rf"\b{_PART}(?:the\s+)?(?P<c1>{_ORDINAL})(?:\s*(?:and|to|-|–|or)\s*(?:the\s+)?"
            rf"(?:(?P<part2>early|mid|late)[-\s]+)?(?P<c2>{_ORDINAL}))?"
            rf"[-\s]+centur(?:y|ies)\b",
            re.IGNORECASE,
        ),
    ),
    ("rel_century", re.compile(r"\b(?P<which>this|last|the\s+last|the\s+previous|next)\s+century\b", re.IGNORECASE)),
    ("decade", re.compile(rf"\b{_PART}(?P<dec>1[0-9]\d0|20\d0)(?:['’]s|s)\b", re.IGNORECASE)),
    ("decade", re.compile(rf"(?<!\w){_PART}['’](?P<short>\d)0s\b", re.IGNORECASE)),
    ("decade", re.compile(rf"\bthe\s+{_PART}(?P<short>[1-9])0['’]?s\b", re.IGNORECASE)),
    (
        "decade",
        re.compile(
            rf"\bthe\s+{_PART}(?:nineteen[-\s]+)?(?P<word>{'|'.join(_DECADE_WORDS)})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year_range",
        re.compile(
            rf"(?<![\d,.{_CURRENCY}])\b(?:between\s+(?P<a1>{_YEAR})\s+and\s+(?P<a2>{_YEAR})|(?:from\s+)?(?P<y1>{_YEAR})\s*"
            rf"(?:-|–|—|to|until|through)\s*(?P<y2>{_YEAR}))\b"
        ),
    ),
    (
        "short_year_range",
        re.compile(rf"(?<![\d,.{_CURRENCY}/])\b(?P<y1>1[0-9]\d\d|20\d\d)\s*[-–/]\s*(?P<yy>\d\d)\b(?![\d/])"),
    ),
    (
        "season",
        re.compile(
            rf"\b(?:(?P<prep>in|during|by|until|till|through|since|over|before|after)\s+)?"
            rf"(?:(?P<part>early|mid|late)[-\s]+)?(?:(?P<det>this\s+past|this\s+coming|the\s+coming|this|last|next|the)\s+)?"
            rf"(?:(?P<part2>early|mid|late)[-\s]+)?(?P<season>(?-i:spring|summer|autumn|fall|winter))\b"
            rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})\b|\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b)?"
            r"(?!(?<=fall)\s+(?:of|in|from|to)\b)"  # "the fall of Kabul", "the fall in prices"
            r"(?!,?\s+(?:of\s+)?['’]\d\d\b)",  # "the summer of '88": the two-digit year is read alone
            re.IGNORECASE,
        ),
    ),
    ("season", re.compile(r"\b(?P<part>mid)(?P<season>summer|winter)\b", re.IGNORECASE)),
    (
        "year_part",
        re.compile(
            rf"\b(?P<part>early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)[-\s]+(?:in\s+)?"
            rf"(?:{_REL_YEAR}\b|(?P<the>the)\s+year\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "year_part",
        re.compile(
            rf"\b(?P<part>year[-\s]end|year's\s+end|end[-\s]of[-\s]year|mid-?year)\b(?:\s+(?P<y>{_YEAR})\b)?",
            re.IGNORECASE,
        ),
    ),
    # the same period a year before the one just named: "the year-earlier quarter", "the prior-year period"
    (
        "year_earlier",
        re.compile(
            r"\bthe\s+(?:same\s+)?(?:year[-\s](?:earlier|ago|before)|prior[-\s]year)\s+"
            r"(?P<noun>period|quarter|month|half|season)\b",
            re.IGNORECASE,
        ),
    ),
    # a year said aloud past 2000, only after "the year": "two thousand" alone is a count
    (
        "year",
        re.compile(rf"\bthe\s+year\s+(?P<y>(?i:two\s+thousand(?:(?:\s+and)?[\s-]+(?:{_T}|{_U}))?))\b", re.IGNORECASE),
    ),
    (
        "year",
        re.compile(
            rf"(?<![\d,.{_CURRENCY}])\b(?:(?P<fiscal>fiscal)\s+)?{_PART}(?:the\s+year\s+)?(?P<y>{_YEAR})\b{_NOT_A_YEAR_AFTER}",
            re.IGNORECASE,
        ),
    ),
    (
        "anaphor",
        re.compile(
            r"\b(?:(?P<side>later|earlier)\s+)?(?P<which>the\s+following|the\s+next|the\s+previous|the\s+preceding|"
            r"the\s+prior|that\s+same|that|the\s+same)\s+(?P<unit>day|week|month|quarter|year|morning|afternoon|evening|night|weekend)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "anaphor",
        re.compile(r"\b(?P<side>later|earlier)\s+in\s+(?P<which>the)\s+(?P<unit>day|week|month|year)\b", re.IGNORECASE),
    ),
    # "the day before", "the year after", with nothing after them: "the day before the vote" counts from the vote
    (
        "anaphor",
        re.compile(
            rf"\bthe\s+(?P<unit>day|week|month|year|morning|evening|night|weekend)\s+(?P<which>before|after){_NOTHING_AFTER}",
            re.IGNORECASE,
        ),
    ),
    # a weekday counted from the day the story told: "the following Monday", "the previous Friday"
    (
        "anaphor_weekday",
        re.compile(rf"\b(?P<which>(?i:the\s+(?:following|next|previous|preceding|prior)))\s+(?P<wd>{_WEEKDAY})\b"),
    ),
    (
        "later",
        re.compile(
            r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>later|earlier)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "later",
        re.compile(
            r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            rf"(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>before|after){_NOTHING_AFTER}",
            re.IGNORECASE,
        ),
    ),
    (
        "earlier_this",
        re.compile(r"\b(?P<side>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)\b", re.IGNORECASE),
    ),
    (
        "month_day",
        re.compile(rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?{_mon('m')}\s+(?P<d>{_DAY}){_ORD}\b(?!\s*(?:%|,?\s*\d))"),
    ),
    ("day_month", re.compile(rf"\b(?:the\s+)?(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?{_mon('m')}(?!\s*\d)")),
    (
        "month",
        re.compile(
            # the preposition in any case ("In April, ..." opens a sentence), the month's name capitalised
            rf"\b(?P<prep>(?i:in|since|by|until|till|through|throughout|during|from|before|after|for|of|over|around|"
            rf"last|this|next|early|late|mid|the\s+(?:end|beginning|start|middle)\s+of|early\s+in|late\s+in))"
            rf"(?:\s+|(?<=[Mm]id)-){_mon('m')}(?!\s*\d)"
        ),
    ),
    # a month with no preposition: a possessive ("September's figures"), or a full name other than the
    # two that are also common words (May, March) and not the first of a capitalised name ("June Smith")
    ("month", re.compile(rf"(?<![\w-]){_BARE_MONTH}\b(?!\s*\d|\s+[A-Z]|-)")),
    (
        "rel_unit",
        re.compile(
            r"\b(?:(?P<part>early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)[-\s]+)?"
            r"(?P<which>this\s+past|this\s+coming|the\s+coming|the\s+current|last|this|next)\s+"
            r"(?P<unit>week|month|quarter|year|weekend)\b(?!\s+of\b)",  # "the last week of August" is no week before this
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?P<unit>decades?|years?|months?|weeks?|days?)(?:\s+or\s+so)?\s+(?:ago|(?P<ahead>from\s+now|hence))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|(?:earlier|later)\s+today|"
            r"yesterday|tomorrow|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"(?<!Good\s)(?<!Black\s)(?<!Holy\s)\b(?:(?P<which>on|last|this\s+past|this\s+coming|this|next|early|late|earlier|later)"
            rf"\s+)?(?P<wd>{_WEEKDAY})\b(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?"
        ),
    ),
    ("weekend", re.compile(r"\b(?P<which>the|over\s+the)\s+weekend\b", re.IGNORECASE)),
    # a day of the month alone, "on the 12th": an ordinal with no noun after it (not "on the 12th floor")
    (
        "day_alone",
        re.compile(
            r"\b[Oo]n the (?P<d>[12]?\d|3[01])(?:st|nd|rd|th)\b"
            r"(?=\s*(?:[,.;:!?()]|[-–—]\s|$|(?:and|or|but|in|at|of|when|that|as|after|before|to|from|until|with)\b))"
        ),
    ),
]

# What a pattern cannot match without: each sentence is searched for these few features once, and a
# pattern runs only when all of its own are present (most sentences name no date at all). `needles` are
# substrings one of which any match contains (lower-cased for a _Caseless feature, as written otherwise):
# a substring test is far cheaper than a regex scan, so it rules most sentences out before the scan runs.
_FEATURES: dict[str, tuple[re.Pattern[str] | _Caseless, tuple[str, ...]]] = {
    "num": (_Caseless(r"\d|teen|twenty"), ()),  # a digit, or maybe a year in words
    "year": (_Caseless(r"\d\d\d\d|teen|twenty|thousand"), ()),  # four digits, or maybe a year in words
    "decade": (_Caseless(r"0['’]?s\b|ties\b"), ("0s", "0's", "0’s", "ties")),  # "the 1990s", "the '90s", "the nineties"
    "later": (_Caseless(r"\b(?:later|earlier)\b"), ("later", "earlier")),
    "ago": (_Caseless(r"\bago\b|\bfrom\s+now\b|\bhence\b"), ("ago", "now", "hence")),
    "short_year": (re.compile(r"['’]\d\d\b"), ("'", "’")),
    "month": (re.compile(_MONTH_ALT), tuple(name.title() for name in _MONTH_NUMBERS)),
    "weekday": (re.compile(_WEEKDAY), ("day",)),
    "unit": (
        _Caseless(
            r"\b(?:day|week|month|quarter|year|weekend|morning|afternoon|evening|night)s?\b|year[-\s]end|midyear"
        ),
        ("day", "week", "month", "quarter", "year", "morning", "afternoon", "evening", "night"),
    ),
    "century": (_Caseless(r"centur"), ("centur",)),
    "season": (_Caseless(r"spring|summer|autumn|fall|winter"), ("spring", "summer", "autumn", "fall", "winter")),
    "quarter": (_Caseless(r"quarter|\bq[1-4]\b"), ("quarter", "q1", "q2", "q3", "q4")),
    "half": (_Caseless(r"\bhalf\b|-half\b|\bh[12]\b"), ("half", "h1", "h2")),
    "holiday": (
        re.compile(
            r"Christmas|Easter|New\s+Year|Halloween|Valentine|Thanksgiving|Labou?r\s+Day|Memorial\s+Day|of\s+July"
        ),
        ("Christmas", "Easter", "New", "Halloween", "Valentine", "Thanksgiving", "Labo", "Memorial", "July"),
    ),
    "deictic": (
        _Caseless(r"today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night"),
        ("today", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night"),
    ),
}
_FEATURE_LIST = [(name, isinstance(f, _Caseless), f, needles or ("",)) for name, (f, needles) in _FEATURES.items()]
# Words or signs that single patterns need (see _PATTERN_NEEDS), looked for only when the feature they refine
# is present: (name, substrings one of which any match contains, whether they are looked for lower-cased).
_REFINED: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {
    "num": [("on_the", ("on the ",), True)],
    "year": [
        ("hyphen", ("-",), False),
        ("slash", ("/",), False),
        ("year_sep", ("-", "–", "/"), False),
        ("range", ("-", "–", "—", "to", "until", "through", "between"), False),
        ("thousand", ("thousand",), True),
    ],
    "month": [
        ("day_sep", ("-", "–", "to", "and", "through", "until", "till"), False),
        ("month_sep", ("from", "between", "-", "–"), False),
    ],
    "decade": [("apostrophe", ("'", "’"), False), ("ties", ("ties",), True)],
    "unit": [
        ("year_ago", ("earlier", "ago", "before", "prior"), True),
        ("part", ("early", "mid", "late", "end", "beginning", "start", "middle"), True),
        ("which", ("following", "next", "previous", "preceding", "prior", "that", "same"), True),
        ("before_after", ("before", "after"), True),
        ("weekend_word", ("weekend",), True),
    ],
}


def _features(text: str) -> frozenset[str]:
    """The features a sentence has; one plain loop, since it runs on every sentence of every source."""
    lowered = _lowered(text)
    present = []
    for name, caseless, feature, needles in _FEATURE_LIST:
        if caseless and lowered is None:  # no exact lower-cased text: only the caseless scan is sure
            found = feature.anycase.search(text)
        else:
            haystack = lowered if caseless else text
            found = None
            for needle in needles:
                if needle in haystack:
                    found = (feature.lower if caseless else feature).search(haystack)
                    break
        if found:
            present.append(name)
    for base in [name for name in present if name in _REFINED]:
        for name, needles, caseless in _REFINED[base]:
            haystack = lowered if caseless else text
            if haystack is None:  # no exact lower-cased text: a caseless word may be there in any case
                present.append(name)
                continue
            for needle in needles:
                if needle in haystack:
                    present.append(name)
                    break
    return frozenset(present)


_NEEDS = {
    "iso": ("year",),
    "numeric": ("year",),
    "day_range": ("num", "month"),
    "full": ("year", "month"),
    "month_range": ("month",),
    "month_year": ("year", "month"),
    "month_rel_year": ("month", "unit"),
    "year_before_part": ("unit",),
    "latest_quarter": ("quarter",),
    "the_quarter": ("quarter",),
    "anaphor_weekday": ("weekday",),
    "half": ("half",),
    "quarter": ("quarter",),
    "century": ("century",),
    "decade": ("decade",),
    "rel_century": ("century",),
    "year_range": ("year",),
    "short_year_range": ("year",),
    "season": ("season",),
    "year_part": ("unit",),
    "year_earlier": ("unit",),
    "short_year": ("short_year",),
    "year": ("year",),
    "anaphor": ("unit",),
    "later": ("unit",),
    "earlier_this": ("unit",),
    "month_day": ("num", "month"),
    "day_month": ("num", "month"),
    "month": ("month",),
    "rel_unit": ("unit",),
    "ago": ("ago",),  # no "unit": a decade is none
    "deictic": ("deictic",),
    "weekday": ("weekday",),
    "weekend": ("unit",),
    "holiday": ("holiday",),
    "day_alone": ("num", "on_the"),
}

# Further needs of single patterns, by kind, in the order the kind's patterns come in _PATTERNS.
_PATTERN_NEEDS: dict[str, list[tuple[str, ...]]] = {
    "iso": [("hyphen",)],
    "numeric": [("slash",)],
    "day_range": [("day_sep",), ("day_sep",)],
    "month_range": [("month_sep",), ("month_sep",)],
    "year_before_part": [("year_ago",)],
    "year_earlier": [("year_ago",)],
    "decade": [(), ("apostrophe",), (), ("ties",)],
    "year_range": [("range",)],
    "short_year_range": [("year_sep",)],
    "year_part": [("part",), ("part",)],
    "year": [("thousand",), ()],
    "anaphor": [("which",), ("later",), ("before_after",)],
    "later": [("later",), ("before_after",)],
    "earlier_this": [("later",)],
    "weekend": [("weekend_word",)],
}


def _needs(kind: str, nth: int) -> tuple[str, ...]:
    extra = _PATTERN_NEEDS.get(kind)
    return _NEEDS[kind] + (extra[nth] if extra else ())


_PLANS: dict[frozenset[str], list[tuple[str, re.Pattern[str]]]] = {}


def _plan(present: frozenset[str]) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns worth running on a sentence with these features, in order (worked out once per feature set)."""
    plan = _PLANS.get(present)
    if plan is None:
        seen: dict[str, int] = {}
        plan = []
        for kind, pattern in _PATTERNS:
            nth = seen[kind] = seen.get(kind, -1) + 1
            if all(n in present for n in _needs(kind, nth)):
                plan.append((kind, pattern))
        _PLANS[present] = plan
    return plan


_ABSOLUTE = {
    "iso",
    "numeric",
    "full",
    "month_year",
    "century",
    "decade",
    "year_range",
    "short_year_range",
    "year",
}
_ANAPHORIC = {"anaphor", "later", "year_earlier", "anaphor_weekday"}
# "each July", "every Friday": a recurrence, not a date
_RECURRENCE_REVERSED = re.compile(r"\s+(?:hcae|yreve)\b", re.IGNORECASE)  # matched backwards from the mention
# A four-digit number is a count after a word of quantity ("some 1500 Marines"), and part of a name right
# after a capitalised word inside a sentence ("Flight 1549", "Orion 1980"), unless that word is a month, a
# weekday, a season or a preposition that opens the sentence ("In 1990").
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?i:\b(?:some|nearly|almost|approximately|roughly|more\s+than|fewer\s+than|less\s+than|at\s+least|"
    r"an\s+estimated|another)\s+$)|"
    # a year of another calendar: "the Iranian year 1403", "the Hijri year 1445"
    r"(?i:\b(?:Iranian|Persian|solar|Hijri|Hegira|lunar|Islamic|Hebrew|Jewish)\s+(?:calendar\s+)?year\s+$)|"
    rf"(?<=[\w,;:]\s)(?!{_MONTH_ALT}|{_WEEKDAY}|(?:Spring|Summer|Autumn|Fall|Winter)\b)[A-Z][\w-]*(?<!['’]s)\s+$"
)
# "up to" is a time limit ("will run up to 2030") or a count ("up to 1500 Marines"): a count has its noun after it,
# a time limit a preposition, a conjunction or the end of its clause.
_UP_TO_BEFORE = re.compile(r"\b[Uu]p\s+to\s+$")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:and|or|but|in|on|at|by|to|from|for|with|when|while|as|after|before|until|than|under)\b)[A-Za-z]"
)
# "since" names a time already begun, whatever the tense of the clause: it points back
_SINCE_BEFORE = re.compile(r"\b[Ss]ince\s+(?:the\s+)?$")
# "ahead of" or "in advance of" a weekday's event ("ahead of Monday's inauguration"): it names something later than the
# clause's own event
_AHEAD_OF = re.compile(r"\b(?:[Aa]head|[Ii]n\s+advance)\s+of\s+$")


def _words_back(text: str, at: int, n: int) -> int:
    """Where the nth white-space-delimited word before `at` starts. A pattern that ends at `at` and spans at most
    n words (as _NOT_A_YEAR_BEFORE does: "Iranian calendar year") is searched from there, not from the
    sentence's start at every year; its look-behinds still see the text before."""
    for _ in range(n):
        while at and text[at - 1].isspace():
            at -= 1
        while at and not text[at - 1].isspace():
            at -= 1
    return at


# "for" opening a month mention, or right before it ("invited him for early September")
_FOR_BEFORE = re.compile(r"\b[Ff]or\s+(?:(?:early|late|mid)[-\s]+)?\S+(?:\s+\d{1,2}\w*)?$")
# A verb that sets or moves a term, then the preposition that names its end, right before a date ("extended the
# offer to", "gave them until mid-"), within one clause (no comma, semicolon or conjunction between).
_TERM_SET = re.compile(
    r"\b(?:extend|postpon|delay|defer|reschedul|gave\b|give|grant|put\s+off|push(?:ed|es|ing)?\s+back)\w*"
    r"(?:(?!\b(?:and|but|or|while|when|after|before|which|that|who)\b)[^,;]){0,80}?"
    r"\b(?:to|until|till|through)\s+(?:(?:early|mid|late)[-\s]+)?$",
    re.IGNORECASE,
)
_TERM_KINDS = frozenset(("month", "month_day", "day_month", "day_range"))  # what a term's end can be
_VAGUE_TODAY_AFTER = re.compile(
    r"['’]s\s+(?:[A-Z]|world|society|era|age|generation|times|environment|climate|landscape|reality|realities|"
    r"economy|politics|geopolitics|standards|context)",
)
# Stative and perception verbs in the present: "the alignment we observe today" is nowadays, not a day.
_PRESENT = re.compile(
    r"\b(?:see|sees|observe|observes|know|knows|face|faces|live|lives|remain|remains|stand|stands|exist|exists|"
    r"witness|witnesses|find|finds)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """One date found in a sentence: where it is, what span it means, how precise it is."""

    text: str
    start: int
    end: int
    date_start: date | None  # None only when is_unresolved
    date_end: date | None
    precision: str
    is_relative: bool  # resolved against a reference date rather than read off the text
    is_inferred: bool = False  # that reference date was itself inferred
    is_unresolved: bool = False  # relative, in a quotation whose speech date is unknown: no span
    direction: int = 0  # the tense of its clause: +1 looks ahead, -1 behind, 0 unknown

    @property
    def rank(self) -> int:
        return PRECISION_RANK[self.precision]


@dataclass
class _Context:
    story: list[DateMention]  # dated mentions so far, latest last: what an anaphor refers back to

    def referent(self, unit: str) -> DateMention | None:
        """The latest mention in the story precise enough for `unit` (a day needs a day ...)."""
        finest = {"day": 0, "week": 0, "weekend": 0, "month": 1, "quarter": 1, "year": 2}[unit]
        for m in reversed(self.story):
            if m.date_start is not None and m.rank <= finest and m.date_start.year == m.date_end.year:
                return m
        return None


def _unit(word: str) -> str:
    word = word.lower().rstrip("s")
    return "day" if word in ("morning", "afternoon", "evening", "night") else word


def _relative_span(anchor: date, unit: str, step: int) -> tuple[Span, str]:
    """The day, week, month or year `step` units from `anchor`."""
    if unit == "day":
        d = anchor + timedelta(days=step)
        return (d, d), "day"
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return (monday, monday + timedelta(days=6)), "day"
    if unit == "weekend":
        saturday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5, weeks=step)
        return (saturday, saturday + timedelta(days=1)), "day"
    if unit == "month":
        d = anchor + relativedelta(months=step)
        return _month_span(d.year, d.month), "month"
    if unit == "quarter":
        first = date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1) + relativedelta(months=3 * step)
        return _months_span(first.year, first.month, first.month + 2), "month"
    return _year_span(anchor.year + step), "year"


def _years_on(mention: DateMention, years: int) -> Span:
    """A mention's span moved by whole years: the same quarter or month of another year."""
    assert mention.date_start is not None and mention.date_end is not None
    start, end = mention.date_start + relativedelta(years=years), mention.date_end + relativedelta(years=years)
    if mention.date_end == _month_span(mention.date_end.year, mention.date_end.month)[1]:
        end = _month_span(end.year, end.month)[1]  # a month's last day stays its last day (29 February)
    return start, end


Resolved = tuple[date, date, str]


def _resolve_absolute(kind: str, g: dict[str, str | None]) -> Resolved | None:
    """Mentions that carry their own year: no reference date needed."""
    if kind == "iso":
        d = date(int(g["y"]), int(g["m"]), int(g["d"]))
        return d, d, "day"
    if kind == "numeric":  # 05/21/1998 or 21/05/1998; 05/06/1998 could be either and is left alone
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        if a > 12 >= b:
            d = date(y, b, a)
        elif b > 12 >= a or a == b:
            d = date(y, a, b)
        else:
            return None
        return d, d, "day"
    if kind == "full":
        d = date(_year_value(g["y"]), _MONTH_NUMBERS[g["m"][:3].lower()], int(g["d"]))
        return d, d, "day"
    if kind == "month_year":
        y, m = _year_value(g["y"]), _MONTH_NUMBERS[g["m"][:3].lower()]
        s, e = _month_part(y, m, g.get("part"))
        return s, e, "day" if g.get("part") else "month"
    if kind == "century":
        first = _ordinal_value(g["c1"])
        last = _ordinal_value(g["c2"]) if g.get("c2") else first
        if not 1 <= first <= last <= 21:
            return None
        if g.get("part2"):  # "the 17th and early 18th centuries": the second end narrowed, the first as said
            lo = _part_of((first - 1) * 100, 100, g.get("part"))[0]
            hi = _part_of((last - 1) * 100, 100, g["part2"])[1]
        else:
            lo, hi = _part_of((first - 1) * 100, (last - first + 1) * 100, g.get("part"))
        return date(max(lo, 1), 1, 1), date(hi, 12, 31), "century"
    if kind == "decade":
        if g.get("dec"):
            start = int(g["dec"])
        else:
            return None  # a decade named without its century ("the '90s") needs the publication date
        lo, hi = _part_of(start, 10, g.get("part"))
        return date(lo, 1, 1), date(hi, 12, 31), "decade"
    if kind == "year_range":
        y1, y2 = (
            (_year_value(g["a1"]), _year_value(g["a2"]))
            if g.get("a1")
            else (_year_value(g["y1"]), _year_value(g["y2"]))
        )
        return (date(y1, 1, 1), date(y2, 12, 31), "year") if y1 < y2 else None
    if kind == "short_year_range":
        y1 = int(g["y1"])
        y2 = y1 // 100 * 100 + int(g["yy"])
        return (date(y1, 1, 1), date(y2, 12, 31), "year") if y1 < y2 <= y1 + 20 else None
    if kind == "year":
        y = _year_value(g["y"])
        if g.get("part"):
            return *_year_part(y, g["part"]), "month"
        return *_year_span(y), "year"
    return None


def _resolve_relative(kind: str, g: dict[str, str | None], ref: date, direction: int) -> Resolved | None:
    """Mentions that need the publication (or speech) date `ref`; `direction` is the clause's tense."""
    if kind == "decade":
        tail = int(g["short"]) * 10 if g.get("short") else _DECADE_WORDS[g["word"].lower()]
        start = max(y for y in (ref.year // 100 * 100 + tail - 100, ref.year // 100 * 100 + tail) if y <= ref.year)
        lo, hi = _part_of(start, 10, g.get("part"))
        return date(lo, 1, 1), date(hi, 12, 31), "decade"
    if kind == "short_year":  # '87: the year of that name nearest the reference date
        century = ref.year // 100 * 100
        y = min((c + int(g["yy"]) for c in (century - 100, century, century + 100)), key=lambda y: abs(y - ref.year))
        if g.get("m"):
            s, e = _month_part(y, _MONTH_NUMBERS[g["m"][:3].lower()], g.get("part"))
            return s, e, "day" if g.get("part") else "month"
        return *_year_span(y), "year"
    if kind == "rel_century":
        which = g["which"].lower()
        first = ref.year // 100 * 100 + (100 if which == "next" else 0 if which == "this" else -100)
        return date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century"
    if kind == "day_range":
        m1 = _MONTH_NUMBERS[g["m1"][:3].lower()]
        m2 = _MONTH_NUMBERS[g["m2"][:3].lower()] if g.get("m2") else m1
        d1, d2 = int(g["d1"]), int(g["d2"])

        def make(y: int) -> Span | None:
            s, e = date(y, m1, d1), date(y + (m2 < m1), m2, d2)
            return (s, e) if s < e else None

        spans = [make(_fixed_year(g, ref))] if _has_year(g) else _around(ref, make)
        spans = [s for s in spans if s]
        return (*_pick(spans, ref, direction), "day") if spans else None
    if kind == "month_range":
        m1, m2 = _MONTH_NUMBERS[g["m1"][:3].lower()], _MONTH_NUMBERS[g["m2"][:3].lower()]

        def make(y: int) -> Span:
            return date(y, m1, 1), _month_span(y + (m2 < m1), m2)[1]

        spans = [make(_fixed_year(g, ref))] if _has_year(g) else _around(ref, make)
        return *_pick(spans, ref, direction), "month"
    if kind == "month_rel_year":
        y = _fixed_year(g, ref)
        s, e = _month_part(y, _MONTH_NUMBERS[g["m"][:3].lower()], g.get("part"))
        return s, e, "day" if g.get("part") else "month"
    if kind in ("half", "quarter"):
        ordinal = g["ord"].lower()
        last = 4 if kind == "quarter" else 2  # "the last quarter", "the latter half"
        n = (
            int(ordinal[0])
            if ordinal[0].isdigit()
            else last
            if ordinal in ("last", "final", "latter")
            else _ORDINAL_WORDS[ordinal]
        )
        if kind == "half" and g.get("c"):  # the first half of the 20th century
            first = (_ordinal_value(g["c"]) - 1) * 100 + (n - 1) * 50
            return date(max(first, 1), 1, 1), date(first + 49, 12, 31), "decade"
        if kind == "half" and g.get("dec"):
            first = int(g["dec"]) + (n - 1) * 5
            return date(first, 1, 1), date(first + 4, 12, 31), "year"
        months = 6 if kind == "half" else 3

        def make(y: int) -> Span:
            first = (n - 1) * months + 1
            return date(y, first, 1), _month_span(y, first + months - 1)[1]

        spans = [make(_fixed_year(g, ref))] if _has_year(g) or g.get("thisyear") else _around(ref, make)
        if direction > 0:  # "will report the third quarter": results come out in the weeks after it closes
            return *_pick(spans, ref - _REPORTING_LAG, direction), "month"
        return *_pick(spans, ref, direction), "month"
    if kind == "year_before_part":  # the quarter of that name last begun, a year back
        s, e, precision = _resolve_relative(g["part"].lower(), {"ord": g["ord"]}, ref, -1)
        return s - relativedelta(years=1), e - relativedelta(years=1), precision
    if kind in ("latest_quarter", "the_quarter"):
        (s, e), precision = _relative_span(ref, "quarter", -1)
        return s, e, precision
    if kind == "season":
        season = g["season"].lower()
        det = re.sub(r"\s+", " ", (g.get("det") or "").lower())
        part = g.get("part") or g.get("part2")
        prep = (g.get("prep") or "").lower()
        in_the = det == "the" and prep in ("in", "during", "by", "until", "till", "through", "since")
        if season == "fall" and not (
            det in ("this", "last", "next", "this past", "this coming") or in_the or _has_year(g)
        ):
            return None  # "the fall of Kabul", "a fall in prices", "after the fall"; "in the fall" is the season
        if not (det or part or _has_year(g) or g.get("prep")):
            return None  # "the Arab Spring", "Summer Olympics": a bare season needs "in", "during" ...
        if _has_year(g):
            y = _fixed_year(g, ref)
            if season == "winter" and g.get("rel"):  # "this winter" said in January is the one under way
                return *_pick(_around(ref, lambda yy: _season_span(yy, season, part)), ref, 0), "month"
            return *_season_span(y, season, part), "month"
        spans = _around(ref, lambda y: _season_span(y, season, part))
        if det in ("last", "this past"):
            earlier = [s for s in spans if s[1] < ref]
            return (*max(earlier), "month") if earlier else None
        if det in ("next", "this coming", "the coming"):
            later = [s for s in spans if s[0] > ref]
            return (*min(later), "month") if later else None
        return *_pick(spans, ref, 0 if det == "this" else direction), "month"
    if kind == "year_part":
        if g.get("y"):  # year-end 1988
            return *_year_part(_year_value(g["y"]), g["part"]), "month"
        if not g.get("rel") and not g.get("the"):  # year-end, midyear
            return *_pick(_around(ref, lambda y: _year_part(y, g["part"])), ref, direction), "month"
        return *_year_part(_fixed_year(g, ref), g["part"]), "month"
    if kind == "earlier_this":
        unit = g["unit"].lower()
        (s, e), precision = _relative_span(ref, unit, 0)
        if g["side"].lower() == "earlier":
            return s, ref, precision
        return ref, e, precision
    if kind in ("month_day", "day_month"):
        m, d = _MONTH_NUMBERS[g["m"][:3].lower()], int(g["d"])
        spans = _around(ref, lambda y: (date(y, m, d), date(y, m, d)), years=3)
        if g.get("wd"):  # "Sunday, Jan. 5": the weekday names the year
            named = [s for s in spans if s[0].weekday() == _WEEKDAYS.index(g["wd"].lower())]
            spans = named or spans
        else:
            spans = [s for s in spans if abs(s[0].year - ref.year) <= 1]
        return (*_pick(spans, ref, direction), "day") if spans else None
    if kind == "month":
        m = _MONTH_NUMBERS[g["m"][:3].lower()]
        prep = re.sub(r"\s+", " ", (g.get("prep") or "").lower())
        part = prep if prep.startswith(("early", "late", "mid", "the")) else None
        spans = _around(ref, lambda y: _month_part(y, m, part))
        this_month = _month_span(ref.year, ref.month)
        if prep == "last":
            s, e = max(c for c in spans if c[1] < this_month[0])
        elif prep == "next":
            s, e = min(c for c in spans if c[0] > this_month[1])
        elif prep == "this":
            s, e = _month_part(ref.year, m, None)
        else:
            if prep in ("by", "until", "till", "before") and direction == 0:
                direction = 1  # a deadline looks ahead
            elif prep == "since" and direction == 0:
                direction = -1
            s, e = _pick(spans, ref, direction)
        return s, e, "day" if part else "month"
    if kind == "rel_unit":
        which = re.sub(r"\s+", " ", g["which"].lower())
        step = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "the coming": 1}.get(which, 0)
        unit = g["unit"].lower()
        if unit == "weekend" and which == "this":
            step = -1 if direction < 0 and ref.weekday() < 5 else 0
        elif unit == "weekend" and step < 0 and ref.weekday() >= 5:
            step = 0 if which == "this past" else -1
        (s, e), precision = _relative_span(ref, unit, step)
        if unit == "month" and g.get("part"):  # late last month
            return *_month_part(s.year, s.month, g["part"]), "day"
        return s, e, precision
    if kind == "ago":  # "two years ago", "a decade ago", "a month from now"
        n = _number(g["n"])
        if not n:
            return None
        unit = _unit(g["unit"])
        if unit == "decade":  # ten years each: the year that far off, not a decade of the calendar
            unit, n = "year", 10 * n
        n = n if g.get("ahead") else -n
        anchor = {
            "day": ref + timedelta(days=n),
            "week": ref + timedelta(weeks=n),
            "month": ref + relativedelta(months=n),
            "year": ref + relativedelta(years=n),
        }[unit]
        (s, e), precision = _relative_span(anchor, unit, 0)
        return s, e, precision
    if kind == "deictic":
        word = re.sub(r"\s+", " ", g["word"].lower())
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}.get(word, 0)
        offset = 2 if word == "the day after tomorrow" else offset
        d = ref + timedelta(days=offset)
        return d, d, "day"
    if kind == "weekday":
        which = re.sub(r"\s+", " ", (g.get("which") or "").lower())
        s, e = _weekday_span(ref, _WEEKDAYS.index(g["wd"].lower()), which, direction)
        return s, e, "day"
    if kind == "day_alone":  # that day of the publication month, or of the month the clause's tense points to
        day = int(g["d"])
        step = -1 if direction < 0 and day > ref.day else 1 if direction > 0 and day < ref.day else 0
        month = date(ref.year, ref.month, 1) + relativedelta(months=step)
        while day > monthrange(month.year, month.month)[1]:  # no 31st this month: the one before or after
            month += relativedelta(months=step or -1)
        d = month.replace(day=day)
        return d, d, "day"
    if kind == "weekend":
        step = 0 if ref.weekday() >= 5 else (1 if direction > 0 else -1)
        (s, e), precision = _relative_span(ref, "weekend", step)
        return s, e, precision
    if kind == "holiday":
        name = re.sub(r"[\s’']+", " ", g["name"]).lower()
        if _has_year(g):
            d = _holiday(name, _fixed_year(g, ref))
            return d, d, "day"
        s, e = _pick(_around(ref, lambda y: (_holiday(name, y),) * 2), ref, direction)
        return s, e, "day"
    return None


# How long after a quarter or a half closes its results are still to come (the SEC's 45 days for a 10-Q).
_REPORTING_LAG = timedelta(days=45)


def _holiday(name: str, year: int) -> date:
    """The day a holiday falls on in a year (Easter from dateutil, Western or Orthodox)."""
    if "easter" in name:
        d = easter(year, EASTER_ORTHODOX if name.startswith("orthodox") else EASTER_WESTERN)
        return d - timedelta(days=1) if name.endswith("eve") else d
    if "christmas" in name:
        d = date(year, 1, 7) if name.startswith("orthodox") else date(year, 12, 25)
        return d - timedelta(days=1) if name.endswith("eve") else d
    if name.startswith("new year"):
        return date(year, 12, 31) if name.endswith("eve") else date(year, 1, 1)
    if name.startswith("thanksgiving"):
        return date(year, 11, 1) + relativedelta(weekday=TH(+4))
    if name.startswith("labour"):  # International Workers' Day
        return date(year, 5, 1)
    if name.startswith("labor"):  # the American holiday
        return date(year, 9, 1) + relativedelta(weekday=MO(+1))
    if name.startswith("memorial"):
        return date(year, 5, 31) + relativedelta(weekday=MO(-1))
    return {"halloween": date(year, 10, 31), "valentine s day": date(year, 2, 14)}.get(name, date(year, 7, 4))


def _has_year(g: dict[str, str | None]) -> bool:
    return bool(g.get("y") or g.get("rel"))


def _fixed_year(g: dict[str, str | None], ref: date | None) -> int:
    """The year a mention names: its digits, or this / last / next year from `ref`."""
    if g.get("y"):
        return _year_value(g["y"])
    assert ref is not None
    rel = re.sub(r"\s+", " ", (g.get("rel") or "this").lower())
    return ref.year + {"last": -1, "next": 1}.get(rel, 0)


def _needs_ref(kind: str, g: dict[str, str | None]) -> bool:
    if kind in _ABSOLUTE:
        return kind == "decade" and not g.get("dec")
    if kind in ("day_range", "month_range", "half", "quarter", "season", "holiday", "year_part"):
        return not g.get("y") and not (kind == "half" and (g.get("c") or g.get("dec")))
    return kind not in _ANAPHORIC


def _resolve_anaphor(kind: str, g: dict[str, str | None], ctx: _Context) -> tuple[Resolved, DateMention] | None:
    """An anaphor ("the following year", "two days later"): a step from the story's latest date, never from
    publication. A year on from a quarter, a month or a season is the same months of that year ("sales in
    the third quarter rose from a year earlier")."""
    if kind == "anaphor_weekday":  # the first such weekday after (or the last before) the day told
        referent = ctx.referent("day")
        if referent is None:
            return None
        target = _WEEKDAYS.index(g["wd"].lower())
        sign = 1 if re.search(r"following|next", g["which"], re.IGNORECASE) else -1
        d = referent.date_start + timedelta(days=sign)
        while d.weekday() != target:
            d += timedelta(days=sign)
        return (d, d, "day"), referent
    unit = "year" if kind == "year_earlier" else _unit(g["unit"])
    referent = ctx.referent(unit)
    if referent is None:
        return None
    anchor = referent.date_start
    if kind == "year_earlier":
        g = {"n": "one", "dir": "earlier"}
    if kind in ("later", "year_earlier"):
        n = _number(g["n"])
        if not n:
            return None
        step = n if g["dir"].lower() in ("later", "after") else -n
        if unit == "year" and referent.precision == "month":
            return (*_years_on(referent, step), "month"), referent
        if unit == "day":
            d = anchor + timedelta(days=step)
            return (d, d, "day"), referent
        if unit == "week":
            (s, e), precision = _relative_span(anchor + timedelta(weeks=step), "week", 0)
            return (s, e, precision), referent
        (s, e), precision = _relative_span(anchor, unit, step)
        return (s, e, precision), referent
    which = re.sub(r"\s+", " ", g["which"].lower())
    steps = {"the following": 1, "the next": 1, "after": 1, "the previous": -1, "the preceding": -1, "the prior": -1}
    step = steps.get(which, -1 if which == "before" else 0)
    (s, e), precision = _relative_span(anchor, unit, step)
    if unit == "year" and step == 0 and g.get("side"):  # later that year: from the referent to the year's end
        s, e = (referent.date_start, e) if g["side"].lower() == "later" else (s, referent.date_end)
    return (s, e, precision), referent


# A figure a results story states: money, a percentage, a share price in cents.
_FIGURE = re.compile(rf"[{_CURRENCY}]\s?\d|\d\s*(?:%|percent\b|per\s+cent\b|cents?\b)|\b(?:million|billion)\b")


def _reporting_quarter(text: str, g: dict[str, str | None]) -> bool:
    """Whether "the quarter" is a period: "during" and "throughout" take only time, while "in", "for" and
    "over" take a place as well ("fighting in the quarter"), so with them the sentence must state a figure.
    It is dated from the month or quarter the story told (_period_told) or, with none, from publication only
    in a sentence that compares it with the period a year before (_YEAR_BEFORE): that marks it as the quarter
    whose results are out, the last one closed. Elsewhere it may be any quarter named paragraphs before."""
    return g["prep"].lower() in ("during", "throughout") or bool(_FIGURE.search(text))


# The period a year before, as a results sentence compares with it: "a year ago", "the year-earlier quarter".
_YEAR_BEFORE = re.compile(
    r"\b(?:a\s+year\s+(?:ago|earlier|before)|year[-\s](?:earlier|ago)|prior[-\s]year|last\s+year['’]s)\b",
    re.IGNORECASE,
)


def _period_told(ctx: _Context) -> DateMention | None:
    """The latest month or quarter the story told: what "the quarter" holds. A day is no such referent ("said
    Monday that net for the quarter fell": the day of the saying, not of the period), nor a span that runs
    across quarters (a summer, "late 1988")."""
    for m in reversed(ctx.story):
        if m.date_start is not None and m.precision == "month":
            (_, quarter_end), _ = _relative_span(m.date_start, "quarter", 0)
            if m.date_end <= quarter_end:
                return m
    return None


def _months(m: DateMention) -> int:
    """How many calendar months a mention spans when it is a quarter or a half of a year, else 0."""
    assert m.date_start is not None and m.date_end is not None
    n = (m.date_end.year - m.date_start.year) * 12 + m.date_end.month - m.date_start.month + 1
    whole = m.date_start.day == 1 and m.date_end == _month_span(m.date_end.year, m.date_end.month)[1]
    return n if whole and n in (3, 6) and (m.date_start.month - 1) % n == 0 else 0


_NAMED_PART = re.compile(r"\b(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th|Q[1-4]|H[12])\b", re.IGNORECASE)
_FISCAL_BEFORE = re.compile(r"\bfiscal\s+(?:\d{4}\s+)?$", re.IGNORECASE)
# A results paragraph on a longer total than the quarter: "for the nine months", "year to date", "the fiscal year"
_LONGER_PERIOD = re.compile(
    r"\b(?:\d{1,2}|three|six|nine|twelve)[-\s]+months?\b|\byear[-\s]to[-\s]date\b|\bthe\s+(?:full|fiscal|whole)\s+year\b",
    re.IGNORECASE,
)


def is_reporting_period(m: DateMention, text: str) -> bool:
    """A calendar quarter or half of a year, the periods company results are reported for, as sentence `text`
    names it (by its number: "the quarter" alone is an anaphor). A fiscal one is the company's own months:
    reading it as a calendar quarter is only a guess."""
    fiscal = "fiscal" in m.text.lower() or bool(_FISCAL_BEFORE.search(text, 0, m.start))
    named = bool(_NAMED_PART.search(m.text))  # not "the quarter" itself, an anaphor
    return m.date_start is not None and m.precision == "month" and _months(m) > 0 and named and not fiscal


def names_longer_period(text: str) -> bool:
    """Whether results copy turns to a longer total than its quarter ("for the nine months"): "a year earlier"
    is then that total a year before, not the quarter."""
    low = _lowered(text)
    if low is not None and "month" not in low and "year" not in low:
        return False  # every match holds one of the words, and most sentences hold neither: no scan
    return bool(_LONGER_PERIOD.search(text))


def _year_before_reporting(
    kind: str, g: dict[str, str | None], text: str, reporting: DateMention | None
) -> tuple[Resolved, DateMention] | None:
    """The same period years before the article's reporting period, for an anaphor the paragraph gives nothing
    to: "the year-earlier quarter" (a quarter only of a quarter, a half of a half), and "a year earlier" or
    "a year ago" only in a sentence stating a figure, where they compare results with the period a year back."""
    if reporting is None:
        return None
    if kind == "year_earlier":
        noun = (g.get("noun") or "").lower()
        if noun not in ("period", "quarter", "half") or (
            noun != "period" and _months(reporting) != {"quarter": 3, "half": 6}[noun]
        ):
            return None
        n = 1
    elif kind in ("later", "ago") and _unit(g["unit"]) == "year" and not g.get("ahead") and _FIGURE.search(text):
        if kind == "later" and g["dir"].lower() not in ("earlier", "before"):
            return None
        n = _number(g["n"])
        if not n:
            return None
    else:
        return None
    return (*_years_on(reporting, -n), "month"), reporting


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans of text in quotation marks; a quotation left open (or closed) by the sentence runs to its end (start)."""
    if not any(mark in text for mark in ('"', "“", "”", "``", "''")):
        return []  # most sentences quote no one
    spans: list[tuple[int, int]] = []
    for opening, closing in (("“", "”"), ("``", "''")):
        at = 0
        while True:
            i = text.find(opening, at)
            j = text.find(closing, at)
            if i < 0 and j < 0:
                break
            if j >= 0 and (i < 0 or j < i):  # closes a quotation opened in an earlier sentence
                spans.append((0, j))
                at = j + len(closing)
                continue
            j = text.find(closing, i + len(opening))
            spans.append((i, j if j >= 0 else len(text)))
            at = (j if j >= 0 else len(text)) + len(closing)
    marks = [m.start() for m in re.finditer('"', text)]
    if len(marks) % 2:  # one mark with no partner: opening at the start or after a space, else closing
        lone = marks[0] if marks[0] == 0 or text[marks[0] - 1].isspace() else marks[-1]
        if lone == marks[0] and (lone == 0 or text[lone - 1].isspace()):
            spans.append((lone, len(text)))
            marks = marks[1:]
        else:
            spans.append((0, lone))
            marks = marks[:-1]
    spans.extend((marks[k], marks[k + 1]) for k in range(0, len(marks) - 1, 2))
    return spans


def _vague_today(text: str, m: re.Match[str], tense: _Tense) -> bool:
    """Whether "today" means nowadays ("today's world", "the alignment we observe today"), or "tomorrow" the
    future at large ("the people of tomorrow")."""
    word = m.group("word").lower()
    if word == "tomorrow":  # "the people of tomorrow", "tomorrow's world": the future at large
        return bool(_VAGUE_TODAY_AFTER.match(text, m.end()) or re.search(r"\bof\s+$", text[: m.start()][-5:], re.I))
    if word != "today":
        return False
    if _VAGUE_TODAY_AFTER.match(text, m.end()):
        return True
    if re.search(r"\b(?:of|until|till|to)\s+$", text[: m.start()], re.IGNORECASE):
        return True
    i = bisect_right(tense.breaks, m.start()) - 1
    clause_start = tense.breaks[i] if i >= 0 else 0
    stative = [p.start() for p in _PRESENT.finditer(text, clause_start, m.start())]
    if not stative:
        return False
    # the verb nearest to "today" decides: "it laid the groundwork for the alignment we observe today"
    return not any(stative[-1] < at < m.start() for at, _ in tense.cues)


def find_dates(
    text: str,
    ref: date | None = None,
    periods=None,
    ref_is_inferred: bool = False,
    *,
    story: Sequence[DateMention] = (),
    forecast: bool = False,
    reporting: DateMention | None = None,
) -> list[DateMention]:
    """Every date mention in `text`, in order of appearance.

    Args:
        text: one sentence.
        ref: the publication date that relative mentions are resolved against (None: skip them).
        periods: (PhraseIndex, name -> Period) for named periods such as the Cold War.
        ref_is_inferred: `ref` was inferred, not stated: relative mentions are marked so, and one in a
            quotation with no speech date stated in the sentence is left unresolved.
        story: dated mentions of the preceding sentences of the paragraph, latest last; the only thing
            "the following year" or "two days later" may refer back to.
        forecast: the sentence is a forecast; a relative mention with no tense cue looks ahead.
        reporting: the quarter or half a results story reports on, named in an earlier paragraph: what "the
            quarter", "the year-earlier period" and, beside a figure, "a year earlier" refer to when the
            paragraph tells no date (see _year_before_reporting).
    """
    found: list[tuple[int, int, str, re.Match[str] | None, DateMention | None]] = []

    def claim(m_start: int, m_end: int) -> bool:
        """No character of the span is in a mention found before. Checked against those few spans, not a flag
        per character: most sentences hold a mention or two, and a list as long as the sentence cost more."""
        return not any(s < m_end and m_start < e and s < e and m_start < m_end for s, e, *_ in found)

    if periods is not None:
        index, spans = periods
        for m in index.finditer(text):
            period = spans[next(name for name in spans if name in m.names)]
            if claim(m.start, m.end):
                mention = DateMention(
                    text[m.start : m.end], m.start, m.end, period.start, period.end, period.precision, False
                )
                found.append((m.start, m.end, "period", None, mention))
    for kind, pattern in _plan(_features(text)):
        for m in pattern.finditer(text):
            if claim(m.start(), m.end()):
                found.append((m.start(), m.end(), kind, m, None))
    if not found:
        return []
    found.sort(key=lambda f: f[0])

    tense = _Tense(text, forecast)
    quotes = _quotations(text)
    ctx = _Context(list(story))
    out: list[DateMention] = []
    # relative mentions in a quotation: resolved once the speech date is known
    deferred: list[tuple[int, str, dict]] = []
    for start, end, kind, m, ready in found:
        if ready is not None:
            out.append(ready)
            ctx.story.append(ready)
            continue
        assert m is not None
        if _RECURRENCE_REVERSED.match(tense.reversed, len(text) - start) or (
            kind == "year"
            and (
                _NOT_A_YEAR_BEFORE.search(text, _words_back(text, start, 3), start)
                or (_UP_TO_BEFORE.search(text, max(0, start - 8), start) and _NOUN_AFTER.match(text, end))
            )
        ):
            continue
        g = m.groupdict()
        period = None
        if kind == "the_quarter":
            period = _period_told(ctx) or (reporting if reporting is not None and _months(reporting) == 3 else None)
            if not _reporting_quarter(text, g) or (period is None and not _YEAR_BEFORE.search(text)):
                continue  # a quarter of a city, or one the story may have named in a paragraph before
        direction = tense.direction(start, end)
        if (
            direction < 0
            and kind in ("month", "month_day", "day_month")
            and _FOR_BEFORE.search(text, max(0, start - 8), end)
        ):
            direction = 0  # "orders for November": the month is what the act is for, not when it was done
        if (
            direction < 0
            and kind in _TERM_KINDS
            and _TERM_SET.search(text, max(0, start - 100), m.start("m") if kind == "month" else start)
        ):
            direction = 0  # "was extended to Nov. 16": the end of a term a past act set, on either side of publication
        if m.group(0)[:6].lower() == "since " or _SINCE_BEFORE.search(text, max(0, start - 12), start):
            direction = -1  # "in place since the summer": a time already begun, whatever the clause's tense
        if (
            kind == "weekday"
            and direction >= 0
            and not g.get("which")
            and _AHEAD_OF.search(text, max(0, start - 20), start)
        ):
            direction = 1  # "comes ahead of Monday's inauguration": the coming Monday
        mention: DateMention | None = None
        try:
            if period is not None:  # the quarter holding the month or quarter the story told
                (s, e), precision = _relative_span(period.date_start, "quarter", 0)
                mention = DateMention(m.group(0), start, end, s, e, precision, True, period.is_inferred)
            elif kind in _ANAPHORIC:
                resolved = _resolve_anaphor(kind, g, ctx) or _year_before_reporting(kind, g, text, reporting)
                if resolved:
                    (s, e, precision), referent = resolved
                    mention = DateMention(m.group(0), start, end, s, e, precision, True, referent.is_inferred)
            elif kind == "ago" and (resolved := _year_before_reporting(kind, g, text, reporting)):
                (s, e, precision), referent = resolved
                mention = DateMention(m.group(0), start, end, s, e, precision, True, referent.is_inferred)
            elif not _needs_ref(kind, g):  # the year is written out: no reference date is read
                r = _resolve_absolute(kind, g) if kind in _ABSOLUTE else _resolve_relative(kind, g, date.min, 0)
                if r:
                    mention = DateMention(m.group(0), start, end, *r, False, direction=direction)
            elif ref is not None:
                if kind == "deictic" and _vague_today(text, m, tense):
                    continue
                in_quote = any(a <= start and end <= b for a, b in quotes)
                if in_quote and ref_is_inferred:
                    # no span, but the precision it would have, so that primary_date ranks it fairly
                    guess = _resolve_relative(kind, g, ref, direction)
                    precision = guess[2] if guess else "day"
                    deferred.append((len(out), kind, g))
                    out.append(DateMention(m.group(0), start, end, None, None, precision, True, True, True, direction))
                    continue
                r = _resolve_relative(kind, g, ref, direction)
                if r:
                    mention = DateMention(m.group(0), start, end, *r, True, ref_is_inferred, direction=direction)
        except (ValueError, KeyError, StopIteration, OverflowError):
            mention = None  # a day that does not exist (31 April), a year out of range ...
        if mention is not None:
            out.append(mention)
            ctx.story.append(mention)
    if deferred:
        out = _speech_dated(out, deferred, quotes)
    return out


def _speech_dated(
    out: list[DateMention], deferred: list[tuple[int, str, dict]], quotes: list[tuple[int, int]]
) -> list[DateMention]:
    """Resolve relative mentions in a quotation against a day stated outside it ("he said on June 19,
    2025"); with none, they stay unresolved: an inferred publication date is no speech date."""
    outside = [
        m
        for m in out
        if m.date_start is not None
        and m.precision == "day"
        and m.date_start == m.date_end
        and not m.is_inferred
        and not any(a <= m.start and m.end <= b for a, b in quotes)
    ]
    if not outside:
        return out
    spoken = outside[0].date_start
    result = list(out)
    for i, kind, g in deferred:
        try:
            r = _resolve_relative(kind, g, spoken, out[i].direction)
        except (ValueError, KeyError, StopIteration, OverflowError):
            r = None
        if r:
            result[i] = replace(
                out[i], date_start=r[0], date_end=r[1], precision=r[2], is_inferred=False, is_unresolved=False
            )
    return result


def primary_date(mentions: list[DateMention]) -> DateMention | None:
    """The mention that dates a claim: the most precise, then the narrowest span, the first among equals.

    An unresolved mention competes on its precision: when it wins, the claim's own date is unknown, and
    the caller shows it as unresolved rather than fall back on a vaguer date of something else in the
    sentence (a forecast "later this year" is not dated by "the early 2000s" in its subordinate clause).
    """
    if not mentions:
        return None
    return min(
        mentions,
        key=lambda d: (d.rank, (d.date_end - d.date_start).days if d.date_start is not None else 0, d.start),
    )


_PUBLISHED_LINE = re.compile(
    r"^\W*(?:published|posted|updated|last updated|first published|date|dated)\b(?:\s+on)?\s*[:\-–]?\s*(?P<when>.{4,60})$",
    re.IGNORECASE,
)


def published_from_line(line: str) -> date | None:
    """A publication date stated in a by-line such as "Published on: Jun 22, 2025"."""
    m = _PUBLISHED_LINE.match(line.strip())
    candidate = m.group("when") if m else line.strip()
    if len(candidate) > 60:
        return None
    for mention in find_dates(candidate):
        if mention.precision == "day" and (m or mention.end - mention.start >= len(candidate) - 2):
            return mention.date_start
    return None
