"""Read the processed tables with proper dtypes."""

from __future__ import annotations

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


def load_claims(
    path: Path = paths.PROCESSED_CLAIMS, include_filler: bool = False, include_rejected: bool = False
) -> pd.DataFrame:
    """Tagged claims; filler and analyst-rejected claims are left out unless asked for."""
    frame = _flags(_read(path))
    frame = _dates(frame, "date_start", "date_end")
    frame = frame.astype(
        {
            "char_start": "int64",
            "char_end": "int64",
            "n_sources": "int64",
            "n_independent": "int64",
            "credibility": "int64",
        }
    )
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
