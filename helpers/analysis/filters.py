"""The one way to select claims: filter_claims for every view, chapters and report scopes built on it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import pandas as pd
from pydantic import BaseModel, ConfigDict

from helpers.config import Taxonomy

SCOPE_ENV = "BRIEFING_SCOPE"  # JSON of a Scope, set by the report builder for scoped briefings


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return {values}
    values = set(values)
    return values or None


def _as_ts(value: str | date | datetime | pd.Timestamp | None) -> pd.Timestamp | None:
    return None if value is None or value == "" else pd.Timestamp(value)


def filter_claims(
    claims: pd.DataFrame,
    sources=None,
    themes=None,
    areas=None,
    stances=None,
    actors=None,
    modalities=None,
    credibility=None,
    start=None,
    end=None,
    text: str | None = None,
    keep_undated: bool = False,
) -> pd.DataFrame:
    """The claims that pass every given filter; a filter left as None (or empty) lets all through.

    Args:
        claims: a frame from load_claims().
        sources, themes, areas, stances, modalities: keep claims whose value is one of these.
        actors: keep claims that mention at least one of these actors.
        credibility: keep claims whose credibility grade (1-6) is one of these.
        start, end: keep dated claims whose date span overlaps [start, end]; undated claims are
            dropped once either bound is set, unless keep_undated.
        text: case-insensitive substring of the claim's words or attribution.
        keep_undated: let claims with no date through a start/end bound (a year range then
            narrows the dated claims only, so a reader does not lose the undated ones unawares).
    """
    mask = pd.Series(True, index=claims.index)
    for column, wanted in (
        ("source_id", sources),
        ("theme", themes),
        ("area", areas),
        ("stance", stances),
        ("modality", modalities),
    ):
        wanted = _as_set(wanted)
        if wanted is not None:
            mask &= claims[column].astype(str).isin(wanted)
    wanted_actors = _as_set(actors)
    if wanted_actors is not None:
        mask &= claims["actors"].map(lambda names: not wanted_actors.isdisjoint(names)).astype(bool)
    grades = _as_set(credibility)
    if grades is not None:
        mask &= claims["credibility"].isin({int(g) for g in grades})
    lo, hi = _as_ts(start), _as_ts(end)
    undated = claims["date_start"].isna() & claims["date_end"].isna() if keep_undated else False
    if lo is not None:
        mask &= (claims["date_end"].notna() & (claims["date_end"] >= lo)) | undated
    if hi is not None:
        mask &= (claims["date_start"].notna() & (claims["date_start"] <= hi)) | undated
    if text:
        mask &= claims["text"].str.contains(text, case=False, regex=False) | claims["attribution"].str.contains(
            text, case=False, regex=False
        )
    return claims[mask]


class Scope(BaseModel):
    """What a scoped briefing covers: some themes, some sources, claims since a date."""

    model_config = ConfigDict(extra="forbid")
    themes: list[str] = []
    sources: list[str] = []
    since: date | None = None

    @classmethod
    def from_env(cls) -> Scope:
        raw = os.environ.get(SCOPE_ENV, "").strip()
        return cls.model_validate_json(raw) if raw else cls()

    def describe(self, titles: Mapping[str, str] | None = None) -> str:
        """The scope in words; with `titles`, sources by title (for readers) rather than by id (for file names)."""
        named = [(titles or {}).get(s, s) for s in self.sources]
        parts = [f"themes: {', '.join(self.themes) or 'all'}", f"sources: {', '.join(named) or 'all'}"]
        return "; ".join(parts + ([f"claims since {self.since:%Y-%m-%d}"] if self.since else []))

    def apply(self, claims: pd.DataFrame, published: pd.Series) -> pd.DataFrame:
        kept = filter_claims(claims, themes=self.themes or None, sources=self.sources or None)
        if self.since:  # dated claims by their own date, undated ones by their source's date
            since = pd.Timestamp(self.since)
            dated = kept["date_end"].notna()
            keep = kept["date_end"].ge(since) | (~dated & kept["source_id"].map(published).ge(since))
            kept = kept[keep.fillna(False)]
        return kept.reset_index(drop=True)


def chapter_claims(claims: pd.DataFrame, theme: str | None, taxonomy: Taxonomy) -> pd.DataFrame:
    """The claims a chapter covers: its theme, widened by the tags taxonomy.yml names (all claims for None)."""
    if theme is None:
        return claims
    found = taxonomy.themes.get(theme)
    wider = found.chapter_also if found else {}
    mask = claims["theme"] == theme
    for column, value in wider.items():
        mask |= claims[column] == value
    return claims[mask]
