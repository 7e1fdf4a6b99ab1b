"""Competing hypotheses, the ACH rules and rulings, and indicators to watch (data/hypotheses.yml)."""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping
from itertools import combinations
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from helpers import paths
from helpers.config.reader import MaybeDay, Strict, load
from helpers.config.references import Citation, ClaimId, Quoted
from helpers.config.taxonomy import Taxonomy
from helpers.errors import InputError

Cell = Literal["C", "I", "NA"]
Modality = Literal["asserted", "reported", "hedged", "forecast"]
QUOTED = tuple(Quoted.model_fields)  # keys an ach: entry may carry beside its cells


class Hypothesis(Strict):
    label: str
    statement: str


class Flow(Strict):
    """Who gives and who receives: read from the sentence's transfer verbs (helpers.text.roles)."""

    giver: str
    receiver: str


class Rule(Strict):
    """Suggested cells for the claims that meet every condition given (phrases: any of them)."""

    name: str
    stances: list[Literal["cooperation", "divergence", "context"]] = []
    areas: list[str] = []
    themes: list[str] = []
    phrases: list[str] = []
    actors: list[str] = []  # the claim must name all of these
    flow: Flow | None = None  # the sentence states this transfer (giver to receiver, affiliates included)
    denied: bool = False  # with flow: the sentence denies or withholds that transfer instead
    negated: bool | None = None  # True: only negated claims; False: only claims that negate nothing
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
    undated_weight: Annotated[float, Field(ge=0, le=1)] = 0.5  # an undated generality is not current evidence
    credibility_weights: dict[Literal[1, 2, 3, 4, 5, 6], Annotated[float, Field(ge=0)]]
    rules: list[Rule] = []
    ach: dict[ClaimId, dict[str, Cell]] = {}  # claim_id -> cells that win over the rules
    ach_quotes: dict[ClaimId, Quoted] = {}  # claim_id -> its source and quote, written beside its cells
    indicators: dict[str, Indicator] = {}

    @model_validator(mode="before")
    @classmethod
    def _quotes_beside_cells(cls, raw):
        """An ach: entry reads `{H1: I, source: ..., quote: ...}`; the cells alone go on to the matrix."""
        if not isinstance(raw, dict) or not isinstance(raw.get("ach"), dict):
            return raw
        if "ach_quotes" in raw:
            raise ValueError("ach_quotes: write source and quote inside each ach: entry instead")
        cells, quotes = {}, {}
        for cid, entry in raw["ach"].items():
            if isinstance(entry, dict) and any(k in entry for k in QUOTED):
                quotes[cid] = {k: entry[k] for k in QUOTED if k in entry}
                entry = {k: v for k, v in entry.items() if k not in QUOTED}
            cells[cid] = entry
        return {**raw, "ach": cells, "ach_quotes": quotes}

    @model_validator(mode="after")
    def _names_known_hypotheses(self):
        known = set(self.hypotheses)
        named = [(f"rules: {r.name}", h) for r in self.rules for h in r.cells]
        named += [(f"ach: {cid}", h) for cid, cells in self.ach.items() for h in cells]
        named += [(f"indicators: {name}", h) for name, i in self.indicators.items() for h in i.favours]
        for where, h in named:
            if h not in known:
                raise ValueError(f"{where} names hypothesis '{h}', which is not under hypotheses:")
        for r in self.rules:
            missing = sorted(known - set(r.cells))
            if missing:
                raise ValueError(f"rules: {r.name} gives no cell for {', '.join(missing)}; give every hypothesis one")
            if r.denied and r.flow is None:
                raise ValueError(f"rules: {r.name} sets denied: true without a flow:; add the flow it denies")
        if len(self.credibility_weights) != 6:
            raise ValueError("credibility_weights needs a weight for each grade 1 to 6")
        return self

    def cited(self) -> list[Citation]:
        """The claims that ach: rules on, each with its quote when the entry gives one."""
        return [Citation(cid, self.ach_quotes.get(cid, Quoted()), "ach: ") for cid in self.ach]

    def alike(self, consistent: Mapping[str, Collection[str]]) -> list[str]:
        """One line per pair of hypotheses that share every consistent item: the evidence cannot tell them apart.

        `consistent` maps each hypothesis to what is consistent with it (rule names, or evidence items).
        """
        return [
            f"{a} and {b} share every consistent item ({len(consistent[a])}); they do not exclude each other: "
            f"restate one, or add a rule that tells them apart"
            for a, b in combinations(self.hypotheses, 2)
            if consistent.get(a) and set(consistent[a]) == set(consistent.get(b, ()))
        ]

    def rule_overlaps(self) -> list[str]:
        """`alike` over the rules: hypotheses that every rule marking one consistent marks consistent too."""
        return self.alike({h: {r.name for r in self.rules if r.cells.get(h) == "C"} for h in self.hypotheses})


def load_hypotheses(path: Path = paths.HYPOTHESES, taxonomy: Taxonomy | None = None) -> Hypotheses:
    """Hypotheses, ACH rules and indicators from data/hypotheses.yml, validated (InputError if not)."""
    found = load(Hypotheses, path)
    if taxonomy is not None:
        named = [(f"rules: {r.name}", v, "areas") for r in found.rules for v in r.areas]
        named += [(f"rules: {r.name}", v, "themes") for r in found.rules for v in r.themes]
        named += [(f"rules: {r.name}", v, "actors") for r in found.rules for v in r.actors]
        named += [(f"indicators: {k}", v, "actors") for k, i in found.indicators.items() for v in i.actors]
        named += [
            (f"rules: {r.name}: flow", v, "actors") for r in found.rules if r.flow for v in r.flow.model_dump().values()
        ]
        for where, value, part in named:
            if value not in getattr(taxonomy, part):
                raise InputError(path, f"{where}: '{value}' is not in taxonomy.yml {part}")
    for problem in found.rule_overlaps():  # a warning, not an error: the analyst may be mid-edit
        print(f"warning: {InputError(path, problem)}", file=sys.stderr, flush=True)
    return found
