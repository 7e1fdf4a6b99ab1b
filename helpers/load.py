"""Read the processed tables with proper dtypes, and the one filter every view uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from helpers import paths

_TAGS = ("theme", "area", "stance", "modality", "date_precision")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for col in columns:
        frame[col] = pd.to_datetime(frame[col].replace("", None), format="%Y-%m-%d").astype("datetime64[s]")
    return frame


def _flags(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        if col.startswith("is_"):
            frame[col] = frame[col].map({"True": True, "False": False}).astype(bool)
    return frame


def load_sources(path: Path = paths.PROCESSED_SOURCES) -> pd.DataFrame:
    """One row per source: title, publication date, raw path, grade, claim count."""
    frame = _flags(_read(path))
    frame = _dates(frame, "published")
    return frame.astype({"n_claims": "int64", "n_debris_lines": "int64", "n_placeholder_lines": "int64"})


def load_claims(path: Path = paths.PROCESSED_CLAIMS, include_filler: bool = False,
                include_rejected: bool = False) -> pd.DataFrame:
    """Tagged claims; filler and analyst-rejected claims are left out unless asked for."""
    frame = _flags(_read(path))
    frame = _dates(frame, "date_start", "date_end")
    frame = frame.astype({"char_start": "int64", "char_end": "int64", "n_sources": "int64", "n_independent": "int64",
                          "credibility": "int64"})
    for col in _TAGS:
        frame[col] = frame[col].astype("category")
    if not include_filler:
        frame = frame[~frame["is_filler"]]
    if not include_rejected:
        frame = frame[~frame["is_rejected"]]
    return frame.reset_index(drop=True)


def load_events(path: Path = paths.PROCESSED_EVENTS) -> pd.DataFrame:
    """Dated happenings, each merged from the claims (across sources) that report it."""
    frame = _dates(_read(path), "date_start", "date_end")
    frame["theme"] = frame["theme"].astype("category")
    frame["date_precision"] = frame["date_precision"].astype("category")
    return frame.astype({"n_sources": "int64", "n_independent": "int64"})


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return {values}
    values = set(values)
    return values or None


def _as_ts(value: str | date | datetime | pd.Timestamp | None) -> pd.Timestamp | None:
    return None if value is None or value == "" else pd.Timestamp(value)


def filter_claims(claims: pd.DataFrame, sources=None, themes=None, areas=None, stances=None, actors=None,
                  modalities=None, credibility=None, start=None, end=None, text: str | None = None) -> pd.DataFrame:
    """The claims that pass every given filter; a filter left as None (or empty) lets all through.

    Args:
        claims: a frame from load_claims().
        sources, themes, areas, stances, modalities: keep claims whose value is one of these.
        actors: keep claims that mention at least one of these actors.
        credibility: keep claims whose credibility grade (1-6) is one of these.
        start, end: keep dated claims whose date span overlaps [start, end]; undated claims are
            dropped once either bound is set.
        text: case-insensitive substring of the claim's words or attribution.
    """
    mask = pd.Series(True, index=claims.index)
    for column, wanted in (("source_id", sources), ("theme", themes), ("area", areas),
                           ("stance", stances), ("modality", modalities)):
        wanted = _as_set(wanted)
        if wanted is not None:
            mask &= claims[column].astype(str).isin(wanted)
    wanted_actors = _as_set(actors)
    if wanted_actors is not None:
        names = "|".join(re.escape(name) for name in sorted(wanted_actors))
        mask &= claims["actors"].str.contains(f"(?:^|;)(?:{names})(?:;|$)", regex=True)
    grades = _as_set(credibility)
    if grades is not None:
        mask &= claims["credibility"].isin({int(g) for g in grades})
    lo, hi = _as_ts(start), _as_ts(end)
    if lo is not None:
        mask &= claims["date_end"].notna() & (claims["date_end"] >= lo)
    if hi is not None:
        mask &= claims["date_start"].notna() & (claims["date_start"] <= hi)
    if text:
        mask &= (claims["text"].str.contains(text, case=False, regex=False)
                 | claims["attribution"].str.contains(text, case=False, regex=False))
    return claims[mask]


# --- cross-checks and hypotheses (data/processed/claim_groups.csv, contradictions.csv, data/hypotheses.yml) ---

def load_claim_groups(path: Path = paths.PROCESSED_CLAIM_GROUPS) -> pd.DataFrame:
    """Corroboration groups: claims in different sources that say the same thing, with independence counts."""
    return _read(path).astype({"n_sources": "int64", "n_independent": "int64"})


def load_contradictions(path: Path = paths.PROCESSED_CONTRADICTIONS, include_dismissed: bool = False) -> pd.DataFrame:
    """Pairs of claims that cannot both be true; pairs an analyst dismissed are left out unless asked for."""
    frame = _read(path)
    frame["kind"] = frame["kind"].astype("category")
    frame["status"] = pd.Categorical(frame["status"], categories=["open", "confirmed", "dismissed"])
    if not include_dismissed:
        frame = frame[frame["status"] != "dismissed"]
    return frame.reset_index(drop=True)


def load_hypotheses(path: Path = paths.HYPOTHESES):
    """Hypotheses, ACH rules and indicators from data/hypotheses.yml, validated (see helpers.tradecraft)."""
    from helpers.tradecraft import load_hypotheses as parse

    return parse(path)
