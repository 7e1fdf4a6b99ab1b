"""The overview's key judgments (data/judgments.yml), each tied to a hypothesis and its claims.

The build checks this file (`make data`), so a judgment that names a hypothesis or a claim that
is not there stops the build with one line, instead of vanishing from the briefing later.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from helpers import paths
from helpers.config.reader import Strict, load
from helpers.errors import InputError

ClaimId = Annotated[str, StringConstraints(pattern=r"^c[0-9a-f]{11}$")]


class Judgment(Strict):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    hypothesis: Annotated[str, StringConstraints(min_length=1)]  # a key under hypotheses: in hypotheses.yml
    supports: bool = True
    confidence: Literal["low", "moderate", "high"]
    claims: list[ClaimId] = Field(min_length=1)

    @property
    def named(self) -> str:
        """How an error names this judgment: its opening words (list positions are easy to miscount)."""
        words = self.text.split()
        return "judgment '" + " ".join(words[:6]) + (" ..." if len(words) > 6 else "") + "'"

    @field_validator("claims")
    @classmethod
    def _each_once(cls, claims):
        twice = sorted({c for c in claims if claims.count(c) > 1})
        if twice:
            raise ValueError(f"claim '{twice[0]}' is cited twice; cite it once")
        return claims


class Judgments(Strict):
    judgments: list[Judgment] = Field(min_length=1)

    def check_hypotheses(self, known: Iterable[str], path: Path) -> None:
        """Each judgment's hypothesis is one the ACH matrix has; otherwise the briefing would drop it."""
        known = set(known)
        for j in self.judgments:
            if not known:
                raise InputError(
                    path, f"{j.named} names hypothesis '{j.hypothesis}', but hypotheses.yml is missing; restore it"
                )
            if j.hypothesis not in known:
                raise InputError(
                    path,
                    f"{j.named} names hypothesis '{j.hypothesis}', which is not in hypotheses.yml "
                    f"(it has: {', '.join(sorted(known))}); fix the name or add the hypothesis",
                )

    def check_claims(
        self, known: Collection[str], path: Path, rejected: Collection[str] = (), filler: Collection[str] = ()
    ) -> None:
        """Every cited claim exists in this build and counts as evidence (the briefing shows no other)."""
        for j in self.judgments:
            for cid in j.claims:
                if cid not in known:
                    raise InputError(
                        path,
                        f"{j.named} cites claim '{cid}', which does not exist in this build (its source "
                        f"changed or was removed); pick its new id from processed/claims.csv",
                    )
                if cid in rejected:
                    raise InputError(
                        path, f"{j.named} cites claim '{cid}', which curation.yml rejects; cite another claim"
                    )
                if cid in filler:
                    raise InputError(
                        path,
                        f"{j.named} cites claim '{cid}', which the build marks as filler; cite another claim "
                        f"or set is_filler: false for it in curation.yml",
                    )


def read_judgments(path: Path = paths.JUDGMENTS, hypotheses: Iterable[str] | None = None) -> Judgments:
    """judgments.yml validated; with hypothesis names given, each judgment must name one of them."""
    found = load(Judgments, path)
    if hypotheses is not None:
        found.check_hypotheses(hypotheses, path)
    return found


def load_judgments(path: Path = paths.JUDGMENTS) -> list[Judgment]:
    """The team's key judgments, each pointing at the claims behind it."""
    return read_judgments(path).judgments
