"""What counts as page debris (data/cleaning.yml): rules for pages never seen before."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pydantic import Field

from helpers import paths
from helpers.config.reader import Strict, load
from helpers.text.phrases import PhraseIndex


class Cleaning(Strict):
    """Rules that tell page debris from article text, for pages never seen before."""

    boilerplate: list[str]  # phrases that mark a line or sentence as page furniture
    card_keys: list[str]  # "Key : value" lines with these keys are profile cards
    section_markers: list[str]  # a short line with one of these opens a furniture section
    credit_labels: list[str] = []  # "Reporting by", "Editing by": a line or bracket opening with one is a credit
    promo_labels: list[str] = []  # "RELATED", "READ MORE": a bracket or line "LABEL: headline" is a promo
    teasers: list[str] = []  # "Here's what you need to know": a lead-in ending in a colon, cut from its sentence
    min_claim_words: int = Field(5, ge=1)
    max_heading_words: int = Field(14, ge=1)
    trailing_run_words: int = Field(14, ge=1)  # short lines after the article's last paragraph

    @cached_property
    def boilerplate_index(self) -> PhraseIndex:
        return PhraseIndex({"boilerplate": self.boilerplate})

    @cached_property
    def section_index(self) -> PhraseIndex:
        return PhraseIndex({"section": self.section_markers})

    @cached_property
    def inline_pattern(self) -> re.Pattern[str]:
        """Promos, credits and teaser lead-ins, wherever they sit in a paragraph.

        A promo or credit is a whole bracket, or a line or sentence that opens with the label and runs to its
        end; a teaser is the lead-in only, up to its colon, so the sentence after it stays.
        """
        credit = _alternatives(self.credit_labels)
        promo = _alternatives(self.promo_labels)
        teaser = _alternatives(self.teasers)
        parts = []
        if credit:
            parts += [
                rf"[(\[]\s*(?:{credit})\b[^()\[\]\n]{{0,300}}[)\]]",
                rf"(?:^|(?<=[.!?]\s))(?:{credit})\s+(?-i:[A-Z]).*$",
            ]
        if promo:
            parts += [rf"[(\[]\s*(?:{promo})\s*:[^()\[\]\n]{{0,300}}[)\]]", rf"^\W{{0,3}}(?:{promo})\s*:.*$"]
        if teaser:
            parts.append(rf"^\W{{0,3}}(?:{teaser})\s*:\s*")
        return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE | re.MULTILINE)

    @cached_property
    def card_pattern(self) -> re.Pattern[str]:
        keys = "|".join(re.escape(k) for k in sorted(self.card_keys, key=len, reverse=True))
        return re.compile(r"^\W{0,3}(?:" + keys + r")\s*:", re.IGNORECASE)


def _alternatives(phrases: list[str]) -> str:
    """Phrases as one regex alternation, longest first; an apostrophe matches either form (’ or ')."""
    escaped = (re.escape(p).replace("'", "['’]").replace("\\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return "|".join(escaped)


def load_cleaning(path: Path = paths.CLEANING) -> Cleaning:
    """Debris rules, validated."""
    return load(Cleaning, path)
