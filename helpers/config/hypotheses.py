"""Competing hypotheses, the ACH rules and rulings, and indicators to watch (data/hypotheses.yml)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from helpers import paths
from helpers.config.reader import MaybeDay, Strict, load
from helpers.config.taxonomy import Taxonomy
from helpers.errors import InputError

Cell = Literal["C", "I", "NA"]
Modality = Literal["asserted", "reported", "hedged", "forecast"]
CLAIM_ID = re.compile(r"^c[0-9a-f]{11}$")


class Hypothesis(Strict):
    label: str
    statement: str


class Rule(Strict):
    """Default cells for the claims that meet every condition given (phrases: any of them)."""

    name: str
    stances: list[Literal["cooperation", "divergence", "context"]] = []
    areas: list[str] = []
    themes: list[str] = []
    phrases: list[str] = []
    actors: list[str] = []  # the claim must name all of these
    cells: dict[str, Cell]


class Indicator(Strict):
    """An observable that would shift the assessment, and the phrases that show a claim bears on it."""

    label: str
    favours: list[str] = Field(min_length=1)
    phrases: list[str] = Field(min_length=1)
    actors: list[str] = []  # a claim must name all of these


class Hypotheses(Strict):
    hypotheses: dict[str, Hypothesis] = Field(min_length=2)
    evidence_modalities: list[Modality] = ["asserted", "reported", "hedged"]
    evidence_since: MaybeDay = None  # claims dated wholly before this are history, not evidence
    credibility_weights: dict[Literal[1, 2, 3, 4, 5, 6], Annotated[float, Field(ge=0)]]
    rules: list[Rule] = []
    ach: dict[str, dict[str, Cell]] = {}  # claim_id -> cells that win over the rules
    indicators: dict[str, Indicator] = {}

    @model_validator(mode="after")
    def _names_known_hypotheses(self):
        known = set(self.hypotheses)
        named = [(f"rules: {r.name}", h) for r in self.rules for h in r.cells]
        named += [(f"ach: {cid}", h) for cid, cells in self.ach.items() for h in cells]
        named += [(f"indicators: {name}", h) for name, i in self.indicators.items() for h in i.favours]
        for where, h in named:
            if h not in known:
                raise ValueError(f"{where} names hypothesis '{h}', which is not under hypotheses:")
        if len(self.credibility_weights) != 6:
            raise ValueError("credibility_weights needs a weight for each grade 1 to 6")
        return self

    @field_validator("ach")
    @classmethod
    def _claim_ids(cls, ach):
        for cid in ach:
            if not CLAIM_ID.match(cid):
                raise ValueError(f"ach: '{cid}' is not a claim id (c followed by 11 hex digits)")
        return ach

    def check_claims(self, known: set[str], path: Path) -> None:
        """Per-claim cells must name claims that exist in this build."""
        missing = sorted(set(self.ach) - known)
        if missing:
            raise InputError(
                path,
                f"ach: claim '{missing[0]}' does not exist in this build (its source changed "
                f"or was removed); update or delete that entry",
            )


def load_hypotheses(path: Path = paths.HYPOTHESES, taxonomy: Taxonomy | None = None) -> Hypotheses:
    """Hypotheses, ACH rules and indicators from data/hypotheses.yml, validated (InputError if not)."""
    found = load(Hypotheses, path)
    if taxonomy is not None:
        named = [(f"rules: {r.name}", v, "areas") for r in found.rules for v in r.areas]
        named += [(f"rules: {r.name}", v, "themes") for r in found.rules for v in r.themes]
        named += [(f"rules: {r.name}", v, "actors") for r in found.rules for v in r.actors]
        named += [(f"indicators: {k}", v, "actors") for k, i in found.indicators.items() for v in i.actors]
        for where, value, part in named:
            if value not in getattr(taxonomy, part):
                raise InputError(path, f"{where}: '{value}' is not in taxonomy.yml {part}")
    return found
