"""The overview's key judgments (data/judgments.yml), each tied to a hypothesis and its claims."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from helpers import paths
from helpers.config.reader import Strict, load


class Judgment(Strict):
    text: str
    hypothesis: str = Field(pattern=r"^H\d+$")
    supports: bool = True
    confidence: str = Field(pattern="^(low|moderate|high)$")
    claims: list[str] = Field(min_length=1)


class Judgments(Strict):
    judgments: list[Judgment] = Field(min_length=1)


def load_judgments(path: Path = paths.JUDGMENTS) -> list[Judgment]:
    """The team's key judgments, each pointing at the claims behind it."""
    return load(Judgments, path).judgments
