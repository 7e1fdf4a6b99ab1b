"""Patterns shared by cleaning, splitting and cross-checking: one definition of a word, a bullet, a contact detail.

EMAIL, PHONE, URL and HANDLE are quick scans (tests sweep outputs with them); what cleaning removes as
personal data is decided in helpers.text.pii.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w.])\+?\(?\d{1,3}\)?[\s.-]?\(?\d{2,4}\)?[\s.-]\d{3}[\s.-]?\d{3,4}(?![\w.])")
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+\.\S+", re.IGNORECASE)
HANDLE = re.compile(r"(?<![\w.])@[A-Za-z_][\w.]{2,}")
BULLET = re.compile(r"^\s*(?:#{1,6}|>|[-*•·▪►–—]|\d{1,2}[.)])\s+")
TERMINAL = re.compile(r"[.!?…](?:\s?[\"'”’)\]])*$")  # a stop, then closing quotes or brackets ("done. ]")
# One line break between two lines, with the spaces around it (a hard wrap, a <br>, U+2028 or U+2029).
LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])[ \t]*")
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")  # a quotation, straight or curly marks matched pairwise
CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f\ufffd]")
WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word: starts with a letter
TOKEN = re.compile(r"[^\W_][\w'’-]*")  # a word or a number: what makes two sentences different facts
MENU = re.compile(r"(?:\S[^|·•»]{0,30}\s[|·•»]\s){2,}")  # "Home | World | Business"
QUESTION = re.compile(r"\?(?:\s?[\"'”’)\]])*$")  # a sentence that asks rather than asserts
LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪►–—]|\d{1,2}[.)])\s+")  # a bullet or number that opens a list item
FOOTNOTE = re.compile(r"(?<=[\w.,;:!?\"”’)\]])\s?\[\d{1,3}\](?:\s?\[\d{1,3}\])*(?![\w(\[:])")  # "allies [4] [5] and"
BYLINE = re.compile(
    r"^(?:by|words by|reporting by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*[,·|–-].{0,40})?$", re.IGNORECASE
)


# Letters that str.lower() does not fold the way re.IGNORECASE matches them (or that it lengthens).
_ODD_CASE = re.compile("[ıſİ]")


def lowered(text: str) -> str | None:
    """The text lower-cased, when a caseless pattern finds the same there as in the text itself."""
    return None if _ODD_CASE.search(text) else text.lower()


class Caseless:
    """A case-insensitive pattern written in lower case. It runs case-sensitively on the lower-cased text,
    where the regex engine keeps the fast scans that re.IGNORECASE turns off, and falls back on
    re.IGNORECASE where lower-casing would not be exact (`lowered` gave None)."""

    def __init__(self, pattern: str):
        self.lower, self.anycase = re.compile(pattern), re.compile(pattern, re.IGNORECASE)

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        return self.lower.search(lowered) if lowered is not None else self.anycase.search(text)

    def finditer(self, text: str, lowered: str | None):
        return self.lower.finditer(lowered) if lowered is not None else self.anycase.finditer(text)


def normalised(text: str) -> str:
    """Words and numbers, lower-cased, one space apart: "2,000 drones" and "6,000 drones" stay apart."""
    return " ".join(TOKEN.findall(text.casefold()))


# A wire dateline opening the first paragraph: "TEHRAN –", "MOSCOW, Jan 17 (Reuters) -", "TEHRAN, August 25. /TASS/.",
# "Moscow, June 15, Itar-Tass/ACSNA/IRNA --". A city in capitals, or any city followed by a date; then an agency, a dash.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY_MONTH = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
_CAPS_PLACE = r"[A-Z][A-Z'’.-]{2,}(?:[ -][A-Z][A-Z'’.-]+){0,2}"
_PLACE = r"[A-Z][\w'’.-]+(?:[ -][A-Z][\w'’.-]+){0,2}"
_AGENCY = r"(?:\(\s*[A-Z][\w&/ .-]{1,30}\)|[A-Z][\w&.-]*(?:/[A-Z][\w&.-]*)*)"
_PLACE_DATE = rf"(?:{_CAPS_PLACE}(?:,\s*{_PLACE})?(?:,\s*{_DAY_MONTH})?|{_PLACE},\s*{_DAY_MONTH})"
# Or any city followed by an agency's acronym: "Moscow, IRNA –", "Yerevan, ARKA -".
_PLACE_AGENCY = rf"{_PLACE},\s*[A-Z]{{2,}}(?:[/-][A-Z]{{2,}})*\s*(?:--|[-–—])"
DATELINE = re.compile(
    rf"^(?:{_PLACE_AGENCY}|{_PLACE_DATE}(?:(?:[.,]?\s*{_AGENCY})?\s*(?:--|[-–—:])|[.,]?\s*/[A-Z][\w&/ -]{{1,30}}/\.?))"
    rf"\s+(?=[\"“‘'A-Z])"
)
# A metadata label glued to the top of a text ("date 2025-04-08 TEHRAN – ..."): an ISO date, as machines write it.
DATE_LABEL = re.compile(
    r"^\W*(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?)\s*[:\-–]?\s*\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?(?=\s+\S)",
    re.IGNORECASE,
)
READING_TIME = r"\d{1,3}\s?min(?:ute)?s?\.?\s+read\b"  # "2 min read", "5 minutes read": a page stamp, case-blind
# Page stamps glued to the end of a headline ("... deal sealed2 min read . Updated: 12 Mar 2023, 08:12 AM IST"):
# a reading time, and an update or publication stamp with a date after it.
STAMP = re.compile(
    rf"(?P<read>{READING_TIME}[\s.|·•-]*)"
    r"|(?P<when>\b(?:last\s+)?(?:updated|published|posted)(?:\s+on)?\s*:\s*(?:\d|[A-Z][a-z]{2,8}\.?\s+\d).*)$",
    re.IGNORECASE,
)
# A photo caption: a position marker after a name ("Vladimir Putin (L)", "(second right)"), or a line that opens by
# saying what an image shows ("Map showing ...", "A photo depicting ...").
CAPTION = re.compile(
    r"\((?:[LR]|(?i:left|right|centre|center|(?:\d(?:st|nd|rd|th)|second|third)\s+(?:from\s+)?(?:left|right|L|R)))\)"
    r"|^(?i:(?:an?\s+)?(?:file\s+)?(?:photo(?:graph)?|picture|image|map|chart|graph|graphic|illustration|screenshot)"
    r"\s+(?:showing|shows|indicating|depicting|illustrating)\b)"
)
# Reported speech: a line that says who said what is the story, not a caption, whatever markers it holds.
SPEECH = re.compile(r"[\"“”]|\b(?:said|says|told|tells|according to)\b", re.IGNORECASE)
# A standfirst that is the by-line: "LEE SUSTAR reports on ...", "JANE DOE writes from Kyiv".
STANDFIRST_BYLINE = re.compile(
    r"^[\W_]*(?:[A-Z][A-Z'’.-]+\s+){1,3}[A-Z][A-Z'’.-]+,?\s+(?:reports|writes|explains|argues|looks|examines|analy[sz]es"
    r"|assesses|considers|reviews)\b"
)
# An acknowledgement line: "Thanks to X for the music", "Special thanks to the team for ...".
ACKNOWLEDGEMENT = re.compile(
    r"^[\W_]*(?:(?:special|many|big)\s+)?thanks\s+(?:go(?:es)?\s+)?to\s[^,.;:]{1,80}?\bfor\b", re.I
)
# A front-matter field left in the body ("draft: false", "weight = 3"): a lower-case key and one scalar value.
STRAY_FIELD = re.compile(
    r"^[a-z][a-z0-9_]*\s*[:=]\s*(?:true|false|null|~|-?\d[\d.:T+-]*Z?|\"[^\"]*\"|'[^']*'|\[[^\]]*\])\s*$"
)
# Words that open a sentence and, capitalised, rarely sit inside one: where a hard-wrapped line that stops
# without punctuation is followed by one of these, a line of the copy was lost, and a new sentence begins.
SENTENCE_OPENER = re.compile(
    r"^[\"“‘']?(?:[\"“‘'][A-Z]|(?:The|A|An|This|These|Those|It|Its|He|She|They|We|His|Her|Their|Our|In|On|At|For|But"
    r"|However|Meanwhile|After|Before|When|While|If|As|According)\b)"
)
