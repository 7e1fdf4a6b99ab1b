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
    notice_labels: list[str] = []  # "Editor's note", "File photo": a bracket or line "LABEL: ..." is about the page
    page_nouns: list[str] = []  # "article", "story": what a page calls itself ("This article ...")
    page_notes: list[str] = []  # "originally published": what a sentence about the page itself says of it
    end_sections: list[str] = []  # "References", "Acknowledgements": a line that is only this opens end matter
    hatnotes: list[str] = []  # "Not to be confused with": a line opening with one is an encyclopaedia's note on itself
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
        """Promos, credits, notes on the page and teaser lead-ins, wherever they sit in a paragraph.

        A promo, notice or credit is a whole bracket, or a line or sentence that opens with the label and runs to its
        end; a hatnote is a whole line; a sentence about the page itself goes whole; a teaser is the lead-in only, up
        to its colon, so the sentence after it stays.
        """
        credit = _alternatives(self.credit_labels)
        promo = _alternatives(self.promo_labels + self.notice_labels)  # the same form: "LABEL: ..." goes whole
        teaser = _alternatives(self.teasers)
        hatnote = _alternatives(self.hatnotes)
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
        if hatnote:
            parts.append(rf"^\W{{0,3}}(?:{hatnote})\b.*$")
        if self.page_nouns and self.page_notes:
            parts.append(self._about_the_page)
        return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE | re.MULTILINE)

    @property
    def _about_the_page(self) -> str:
        """A sentence about the page itself, opening with "This article" (or "A version of this story") and saying
        how it was published, licensed or changed: "This article was originally published on X.", "This page was
        last edited on ...". A sentence that opens otherwise ("The report was first published in 2019") is news."""
        nouns, notes = _alternatives(self.page_nouns), _alternatives(self.page_notes)
        return (
            rf"(?:^|(?<=[.!?]\s))\W{{0,3}}(?:an?\s+(?:\w+\s+)?version\s+of\s+)?this\s+(?:{nouns})\b"
            rf"[^.!?\n]{{0,40}}?\b(?:{notes})\b[^\n]*?(?:[.!?](?=\s|$)|$)"
        )

    @cached_property
    def end_pattern(self) -> re.Pattern[str]:
        """A line that is only the heading of end matter ("References", "Sources:", "Notes (12)")."""
        names = _alternatives(self.end_sections) or r"(?!)"
        return re.compile(rf"\W{{0,3}}(?:{names})\s*(?:\(\d+\))?\W{{0,3}}", re.IGNORECASE)

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
