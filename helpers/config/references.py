"""Citations of claims in the analyst's files, and the quotes the notebooks show by name (data/references.yml).

A claim id is a hash of the claim's words, so a change to cleaning or sentence splitting gives a claim
a new id. A citation therefore carries the words it cites (`quote`) and where they are (`source`):
when its id vanishes, the build finds the claim again by those words and moves the id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NamedTuple

from pydantic import StringConstraints

from helpers import paths
from helpers.config.reader import Strict, load

ClaimId = Annotated[str, StringConstraints(pattern=r"^c[0-9a-f]{11}$")]  # c and 11 hex digits
Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)+$")]  # words-joined-by-hyphens: no id


class Quoted(Strict):
    """What a cited claim says, and in which source: how the build finds it again under a new id.

    Both may be left out; the citation is then pinned to its id and stops the build when that goes.
    """

    source: Words | None = None  # a source_id; without it every source is searched
    quote: Words | None = None  # the claim's words as cited (processed/claims.csv `text`)


class Citation(NamedTuple):
    """One claim id a file cites, with its words, and how an error names the entry that cites it."""

    claim_id: str
    quoted: Quoted
    where: str  # "" or a prefix such as "ach: " or "judgment 'Russia holds back': "


class Reference(Strict):
    """A quote a notebook shows by name: `b.quotes("drones-for-ukraine")`."""

    id: ClaimId
    source: Words
    quote: Words


class References(Strict):
    quotes: dict[Name, Reference] = {}

    def cited(self) -> list[Citation]:
        return [
            Citation(r.id, Quoted(source=r.source, quote=r.quote), f"quote '{name}': ")
            for name, r in self.quotes.items()
        ]


def load_references(path: Path = paths.REFERENCES) -> References:
    """The named quotes of data/references.yml (none when the folder has no such file)."""
    return load(References, path) if path.exists() else References()
