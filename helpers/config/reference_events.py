"""The team's reference timeline (data/reference_events.yml): settled events, each with a public citation.

Claims are read against it: it anchors the timeline as its own layer, and it lets the build mark a
claim that a well-established event contradicts (a government described as standing after its fall,
a forecast of something that has already happened). An event without a citation is an error, because
a reader must be able to check every fact the team adds from outside the sources.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from helpers import paths
from helpers.config.reader import Day, Strict, load
from helpers.errors import InputError

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Kind = Literal["treaty", "visit", "delivery", "strike", "summit", "sanction", "agreement", "statement"]
Precision = Literal["day", "month", "year"]
When = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]  # YYYY, YYYY-MM or YYYY-MM-DD


class Cited(Strict):
    """A public record of the event a reader can look up."""

    publisher: Words
    title: Words
    date: Day
    url: Words | None = None


class ReferenceEvent(Strict):
    id: Slug
    date: When  # as precise as the record allows; `precision` must agree with it
    precision: Precision
    label: Label  # a short headline, read on the timeline
    kind: Kind
    theme: Slug | None = None  # a theme key of taxonomy.yml, when the event belongs to one chapter
    actors: list[Words] = []  # canonical actor names as in taxonomy.yml (Russia, Iran, ...)
    citations: list[Cited] = Field(min_length=1)
    note: Words | None = None
    # What the event settles, read by helpers.build.reference (phrases, matched as whole words, any case):
    aliases: list[Words] = []  # names of the event in prose
    ends: list[Words] = []  # names of what the event ended (a regime, a presidency)
    not_: list[Words] = Field(default=[], alias="not")  # descriptions the cited record says do not fit the event
    not_delivered: list[Words] = []  # items the cited record says were never delivered

    @model_validator(mode="after")
    def _precision_matches(self):
        parts = len(self.date.split("-"))
        if {"year": 1, "month": 2, "day": 3}[self.precision] != parts:
            raise ValueError(f"date '{self.date}' does not have {self.precision} precision")
        try:
            _ = self.span
        except ValueError:
            raise ValueError(f"date '{self.date}' is not a real date; pick a month and day that exist") from None
        return self

    @property
    def span(self) -> tuple[date, date]:
        """First and last day the event may have happened on."""
        y, m, d = (int(p) for p in (self.date.split("-") + ["0", "0"])[:3])
        if self.precision == "year":
            return date(y, 1, 1), date(y, 12, 31)
        if self.precision == "month":
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        return date(y, m, d), date(y, m, d)


class Cues(Strict):
    """Words that make a claim say an item was supplied, and words just before it that take that back."""

    supplied: list[Words] = []
    withheld: list[Words] = []


class ReferenceEvents(Strict):
    cues: Cues = Cues()
    events: list[ReferenceEvent] = []

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for event in self.events:
            if event.id in seen:
                raise ValueError(f"event id '{event.id}' appears twice; give each event its own id")
            seen.add(event.id)
        return self


def load_reference_events(path: Path = paths.REFERENCE_EVENTS) -> ReferenceEvents:
    """The reference timeline (empty when the folder has none: a new evidence base starts without one)."""
    if not path.exists():
        return ReferenceEvents()
    try:
        return load(ReferenceEvents, path)
    except ValueError as exc:  # a span that does not exist, raised outside pydantic's own checks
        raise InputError(path, f"{exc}; fix the date") from None
