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
TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f\ufffd]")
WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word: starts with a letter
TOKEN = re.compile(r"[^\W_][\w'’-]*")  # a word or a number: what makes two sentences different facts
MENU = re.compile(r"(?:\S[^|·•»]{0,30}\s[|·•»]\s){2,}")  # "Home | World | Business"
BYLINE = re.compile(
    r"^(?:by|words by|reporting by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*[,·|–-].{0,40})?$", re.IGNORECASE
)


def normalised(text: str) -> str:
    """Words and numbers, lower-cased, one space apart: "2,000 drones" and "6,000 drones" stay apart."""
    return " ".join(TOKEN.findall(text.casefold()))
