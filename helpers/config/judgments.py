"""The overview's key judgments (data/judgments.yml), each tied to a hypothesis and its claims.

The build checks this file (`make data`), so a judgment that names a hypothesis or a claim that
is not there stops the build with one line, instead of vanishing from the briefing later. Each cited
claim carries its source and quote, so the build can follow it to a new id (helpers.build.anchors).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from helpers import paths
from helpers.config.reader import Strict, load
from helpers.config.references import Citation, ClaimId, Quoted
from helpers.errors import InputError


class Judgment(Strict):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    hypothesis: Annotated[str, StringConstraints(min_length=1)]  # a key under hypotheses: in hypotheses.yml
    supports: bool = True
    confidence: Literal["low", "moderate", "high"]  # the most the team would claim; the build caps it by the evidence
    claims: dict[ClaimId, Quoted] = Field(min_length=1)  # claim_id -> its source and quote

    @property
    def judgment_id(self) -> str:
        """A stable id from the judgment's words, so a reordered file keeps every row of judgments.csv."""
        words = " ".join(self.text.split()).casefold()
        return "j" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:11]

    @property
    def named(self) -> str:
        """How an error names this judgment: its opening words (list positions are easy to miscount)."""
        words = self.text.split()
        return "judgment '" + " ".join(words[:6]) + (" ..." if len(words) > 6 else "") + "'"

    @field_validator("claims", mode="before")
    @classmethod
    def _bare_ids(cls, claims):
        """A list of bare ids cites claims without their words: pinned to those ids, each cited once."""
        if not isinstance(claims, list):
            return claims
        twice = sorted({c for c in claims if isinstance(c, str) and claims.count(c) > 1})
        if twice:
            raise ValueError(f"claim '{twice[0]}' is cited twice; cite it once")
        return {c: {} for c in claims} if all(isinstance(c, str) for c in claims) else claims


class Judgments(Strict):
    judgments: list[Judgment] = Field(min_length=1)

    @field_validator("judgments")
    @classmethod
    def _distinct(cls, judgments):
        """Two judgments with the same words would share one id, and one row of judgments.csv."""
        seen: set[str] = set()
        for j in judgments:
            if j.judgment_id in seen:
                raise ValueError(f"{j.named} is written twice; keep one")
            seen.add(j.judgment_id)
        return judgments

    def cited(self) -> list[Citation]:
        return [Citation(cid, q, f"{j.named}: ") for j in self.judgments for cid, q in j.claims.items()]

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

    def check_claims(self, path: Path, rejected: Collection[str] = (), filler: Collection[str] = ()) -> None:
        """Every cited claim counts as evidence (the briefing shows no other); the build has already
        found each one (helpers.build.anchors)."""
        for j in self.judgments:
            for cid in j.claims:
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
