"""Analyst rulings (data/curation.yml): claim tags, rejections, credibility, contradiction pairs, disputes.

Each ruling may carry the source and quote of its claim, so that it follows the claim to a new id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from helpers import paths
from helpers.config.reader import MaybeDay, Strict, load
from helpers.config.references import Citation, ClaimId, Quoted
from helpers.config.taxonomy import Taxonomy
from helpers.errors import InputError


class ClaimCuration(Quoted):
    theme: str | None = None
    area: str | None = None
    stance: Literal["cooperation", "divergence", "context"] | None = None
    actors: list[str] | None = None
    modality: Literal["asserted", "reported", "hedged", "forecast"] | None = None
    attribution: str | None = None
    date_start: MaybeDay = None
    date_end: MaybeDay = None
    date_precision: Literal["day", "month", "year", "decade", "century"] | None = None
    is_filler: bool | None = None
    reject: bool = False
    note: str | None = None
    credibility: int | None = Field(None, ge=1, le=6)  # the analyst's grade wins over the computed one

    @model_validator(mode="after")
    def _a_whole_span(self):
        """Both ends or neither: one end alone could land on the wrong side of the claim's other end."""
        if (self.date_start is None) != (self.date_end is None):
            raise ValueError("give date_start and date_end together (the same day twice for a single day)")
        if self.date_start is not None and self.date_end < self.date_start:
            raise ValueError(f"date_end {self.date_end} is before date_start {self.date_start}; swap them")
        return self


class PairCuration(Strict):
    status: Literal["open", "confirmed", "dismissed"]
    note: str | None = None
    quotes: tuple[Quoted, Quoted] | None = None  # the two claims' source and quote, in the key's order


PairKey = Annotated[str, StringConstraints(pattern=r"^c[0-9a-f]{11} c[0-9a-f]{11}$")]  # two claim ids, either order
DisputeId = Annotated[str, StringConstraints(pattern=r"^d[0-9a-f]{11}$")]


class DisputeRuling(Strict):
    """An analyst's ruling on one disputed question (data/processed/disputes.csv).

    A dispute's id comes from its kind and question, not from claim ids, so the ruling survives
    rewording, new copies and new sources; `question` repeats it so a reader sees what was ruled on.
    """

    status: Literal["ruled", "dismissed"]  # ruled: the analyst decided it; dismissed: no real dispute
    holds: Literal["a", "b", "both", "neither"] | None = None  # which side the analyst finds right
    question: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ruled_says_which(self):
        if self.status == "ruled" and self.holds is None:
            raise ValueError("a ruled dispute says which side holds: holds: a, b, both or neither")
        return self


class Curation(Strict):
    claims: dict[ClaimId, ClaimCuration] = {}
    contradictions: dict[PairKey, PairCuration] = {}
    disputes: dict[DisputeId, DisputeRuling] = {}

    def cited(self) -> list[Citation]:
        """Every claim id the file names: each ruling's, and both of each pair's."""
        found = [Citation(cid, entry, "") for cid, entry in self.claims.items()]
        for pair, entry in self.contradictions.items():
            for cid, quoted in zip(pair.split(), entry.quotes or (Quoted(), Quoted())):
                found.append(Citation(cid, quoted, f"contradictions: '{pair}': "))
        return found

    def pair(self, a: str, b: str) -> PairCuration | None:
        """The analyst's decision on a pair of claims, whichever order it was written in."""
        return self.contradictions.get(f"{a} {b}") or self.contradictions.get(f"{b} {a}")


def load_curation(taxonomy: Taxonomy, path: Path = paths.CURATION) -> Curation:
    """Analyst overrides by claim id; tag values must exist in the taxonomy."""
    if not path.exists():
        return Curation()
    curation = load(Curation, path)
    for claim_id, entry in curation.claims.items():
        if entry.theme is not None and entry.theme not in taxonomy.themes:
            raise InputError(path, f"claim {claim_id}: theme '{entry.theme}' is not in taxonomy.yml themes")
        if entry.area is not None and entry.area not in taxonomy.areas:
            raise InputError(path, f"claim {claim_id}: area '{entry.area}' is not in taxonomy.yml areas")
        for actor in entry.actors or []:
            if actor not in taxonomy.actors:
                raise InputError(path, f"claim {claim_id}: actor '{actor}' is not in taxonomy.yml actors")
    return curation
