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
    def card_pattern(self) -> re.Pattern[str]:
        keys = "|".join(re.escape(k) for k in sorted(self.card_keys, key=len, reverse=True))
        return re.compile(r"^\W{0,3}(?:" + keys + r")\s*:", re.IGNORECASE)


def load_cleaning(path: Path = paths.CLEANING) -> Cleaning:
    """Debris rules, validated."""
    return load(Cleaning, path)
