"""Find date mentions in a sentence and turn each into a span with a precision.

Parsing of calendar dates is left to dateutil; this module only finds the mentions and
resolves the relative ones ("last year", "on Wednesday") against the publication date,
because an analyst needs a span ("the 2000s") rather than a single made-up day.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "decade": 3, "century": 4}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_PART = r"(?:(?P<part>early|mid|late)[-\s]+)?"
_NUM_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Ordered: earlier patterns claim their characters first, so "June 19, 2025" is one day,
# not a month-day plus a year.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("full", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}{_ORD},?\s+{_YEAR}\b")),
    ("full", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    (
        "century",
        re.compile(
            rf"\b{_PART}(?:the\s+)?(?P<c1>\d{{1,2}})(?:st|nd|rd|th)(?:\s*(?:and|to|-|–|or)\s*(?:the\s+)?"
            rf"(?P<c2>\d{{1,2}})(?:st|nd|rd|th))?[-\s]+centur(?:y|ies)\b",
            re.IGNORECASE,
        ),
    ),
    ("decade", re.compile(rf"\b{_PART}(?P<dec>1[0-9]\d0|20\d0)(?:'s|s)\b", re.IGNORECASE)),
    (
        "year_range",
        re.compile(rf"\b(?:from\s+|between\s+)?(?P<y1>{_YEAR})\s*(?:-|–|—|to|and|until)\s*(?P<y2>{_YEAR})\b"),
    ),
    (
        "year",
        re.compile(
            rf"(?<![\d,.$€£])\b{_PART}(?P<y>{_YEAR})\b(?!\d|,\d|\s*(?:%|percent|per cent|km|kilomet|miles|people|troops|tons|tonnes|barrels|students|dollars|\$))",
            re.IGNORECASE,
        ),
    ),
    ("month_day", re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}\b(?!\s*(?:%|,?\s*\d))")),
    ("day_month", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}\b")),
    (
        "month",
        re.compile(
            rf"\b(?P<prep>in|since|by|until|during|from|last|this|next|early|late|mid-)\s+(?P<mon>{_MONTH})\b(?!\s+\d)"
        ),
    ),
    (
        "rel_year",
        re.compile(
            r"\b(?P<which>last|this|next|past|previous|later\s+this|earlier\s+this|the\s+following)\s+(?P<unit>year|month|week)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>years?|months?|weeks?|days?)\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    ("yesterday", re.compile(r"\b(?P<word>yesterday|tomorrow)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?P<prep>on|last|this|next)\s+(?P<wd>{_WEEKDAY})\b")),
]


@dataclass(frozen=True)
class DateMention:
    """One date found in a sentence: where it is, what span it means, how precise it is."""

    text: str
    start: int
    end: int
    date_start: date
    date_end: date
    precision: str
    is_relative: bool  # resolved against a reference date rather than read off the text
    is_inferred: bool = False  # that reference date was itself inferred

    @property
    def rank(self) -> int:
        return PRECISION_RANK[self.precision]


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def _part_of(start: int, length: int, part: str | None) -> tuple[int, int]:
    """Narrow a decade or century to its early / mid / late third."""
    if not part:
        return start, start + length - 1
    third = length // 3 if length >= 10 else 1
    part = part.lower()
    if part == "early":
        return start, start + third
    if part == "mid":
        return start + third, start + length - third - 1
    return start + length - third - 1, start + length - 1


def _parse_day(text: str, default: date) -> date | None:
    anchor = datetime(default.year, default.month, min(default.day, 28))
    try:
        return dateparser.parse(text, default=anchor).date()
    except (ValueError, OverflowError):
        return None


def _resolve(kind: str, m: re.Match[str], ref: date | None) -> tuple[date, date, str, bool] | None:
    """Turn one regex match into (start, end, precision, is_relative), or None if it cannot be."""
    text = m.group(0)
    g = m.groupdict()
    if kind == "iso":
        try:
            d = date(int(g["y"]), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        return d, d, "day", False
    if kind == "full":
        d = _parse_day(text, date(2000, 1, 1))
        return (d, d, "day", False) if d else None
    if kind == "month_year":
        d = _parse_day(text, date(2000, 1, 1))
        return (*_month_span(d.year, d.month), "month", False) if d else None
    if kind == "century":
        first = int(g["c1"])
        last = int(g["c2"] or first)
        if not 1 <= first <= last <= 21:
            return None
        lo, hi = _part_of((first - 1) * 100, (last - first + 1) * 100, g.get("part"))
        return date(max(lo, 1), 1, 1), date(hi, 12, 31), "century", False
    if kind == "decade":
        lo, hi = _part_of(int(g["dec"]), 10, g.get("part"))
        return date(lo, 1, 1), date(hi, 12, 31), "decade", False
    if kind == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            return None
        return date(y1, 1, 1), date(y2, 12, 31), "year", False
    if kind == "year":
        y = int(g["y"])
        if g.get("part"):
            part = g["part"].lower()
            months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
            return date(y, months[0], 1), _month_span(y, months[1])[1], "month", False
        return *_year_span(y), "year", False
    if ref is None:
        return None  # every kind below needs a reference date
    if kind in ("month_day", "day_month"):
        d = _parse_day(text, ref)
        if d is None:
            return None
        if d > ref:  # "June 13" in an article from June 22 is this year; in one from May, last year
            d = d.replace(year=d.year - 1) if not (d.month == 2 and d.day == 29) else d
        return d, d, "day", True
    if kind == "month":
        d = _parse_day(g["mon"], ref)
        if d is None:
            return None
        year = ref.year
        prep = g["prep"].lower()
        if prep == "next" or (prep not in ("last",) and d.month > ref.month and prep in ("by", "until")):
            year = ref.year + (1 if d.month <= ref.month else 0)
        elif d.month > ref.month or prep == "last" and d.month >= ref.month:
            year = ref.year - 1
        return *_month_span(year, d.month), "month", True
    if kind == "rel_year":
        which = re.sub(r"\s+", " ", g["which"].lower())
        unit = g["unit"].lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "the following": 1}.get(which, 0)
        if unit == "year":
            start, end = _year_span(ref.year + step)
            if which == "later this":
                start = ref
            elif which == "earlier this":
                end = ref
            return start, end, "year", True
        if unit == "month":
            anchor = ref + relativedelta(months=step)
            start, end = _month_span(anchor.year, anchor.month)
            if which == "later this":
                start = ref
            elif which == "earlier this":
                end = ref
            return start, end, "month", True
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6), "day", True
    if kind == "ago":
        n = _NUM_WORDS.get(g["n"].lower()) or int(g["n"])
        unit = g["unit"].lower().rstrip("s")
        if unit == "year":
            return *_year_span(ref.year - n), "year", True
        if unit == "month":
            anchor = ref - relativedelta(months=n)
            return *_month_span(anchor.year, anchor.month), "month", True
        d = ref - (timedelta(weeks=n) if unit == "week" else timedelta(days=n))
        return d, d, "day", True
    if kind == "yesterday":
        d = ref + timedelta(days={"yesterday": -1, "tomorrow": 1}[g["word"].lower()])
        return d, d, "day", True
    if kind == "weekday":
        target = _WEEKDAYS.index(g["wd"].lower())
        prep = g["prep"].lower()
        if prep == "next":
            d = ref + timedelta(days=(target - ref.weekday()) % 7 or 7)
        else:  # news prose: "on Wednesday" is the latest such day up to publication
            d = ref - timedelta(days=(ref.weekday() - target) % 7)
        return d, d, "day", True
    return None


def find_dates(text: str, ref: date | None = None, periods=None, ref_is_inferred: bool = False) -> list[DateMention]:
    """Every date mention in `text`, in order of appearance.

    Args:
        text: one sentence.
        ref: the publication date that relative mentions are resolved against (None: skip them).
        periods: (PhraseIndex, name -> Period) for named periods such as the Cold War.
        ref_is_inferred: mark relative mentions as resting on an inferred publication date.
    """
    taken = [False] * len(text)
    found: list[DateMention] = []

    def claim(m_start: int, m_end: int) -> bool:
        if any(taken[m_start:m_end]):
            return False
        taken[m_start:m_end] = [True] * (m_end - m_start)
        return True

    if periods is not None:
        index, spans = periods
        for m in index.finditer(text):
            period = spans[next(name for name in spans if name in m.names)]
            if claim(m.start, m.end):
                found.append(
                    DateMention(
                        text[m.start : m.end], m.start, m.end, period.start, period.end, period.precision, False
                    )
                )
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            resolved = _resolve(kind, m, ref)
            if resolved is None or not claim(m.start(), m.end()):
                continue
            start, end, precision, relative = resolved
            found.append(
                DateMention(
                    m.group(0), m.start(), m.end(), start, end, precision, relative, relative and ref_is_inferred
                )
            )
    return sorted(found, key=lambda d: d.start)


def primary_date(mentions: list[DateMention]) -> DateMention | None:
    """The mention that dates a claim: the most precise one, the first among equals."""
    return min(mentions, key=lambda d: (d.rank, d.start)) if mentions else None


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
