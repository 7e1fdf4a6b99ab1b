"""Read the processed tables, in the memory dialect the schema defines (see helpers.schema)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import paths, schema


def load_sources(path: Path = paths.PROCESSED_SOURCES) -> pd.DataFrame:
    """One row per source: title, publication date, raw path, grade, claim count."""
    return schema.read("sources", path)


def load_claims(
    path: Path = paths.PROCESSED_CLAIMS, include_filler: bool = False, include_rejected: bool = False
) -> pd.DataFrame:
    """Tagged claims; filler and analyst-rejected claims are left out unless asked for."""
    frame = schema.read("claims", path)
    keep = pd.Series(True, index=frame.index)
    if not include_filler:
        keep &= ~frame["is_filler"]
    if not include_rejected:
        keep &= ~frame["is_rejected"]
    return frame[keep].reset_index(drop=True)


def load_events(path: Path = paths.PROCESSED_EVENTS) -> pd.DataFrame:
    """Dated happenings, each merged from the claims (across sources) that report it."""
    return schema.read("events", path)


def load_claim_groups(path: Path = paths.PROCESSED_CLAIM_GROUPS) -> pd.DataFrame:
    """Corroboration groups: claims in different sources that say the same thing, with independence counts."""
    return schema.read("claim_groups", path)


def load_optional(table: str, path: Path) -> pd.DataFrame:
    """A table a data folder built before it existed may lack (disputes, reference conflicts): empty then."""
    return schema.read(table, path) if path.exists() else schema.empty(table)


def load_contradictions(path: Path = paths.PROCESSED_CONTRADICTIONS, include_dismissed: bool = False) -> pd.DataFrame:
    """Pairs of claims that cannot both be true; pairs an analyst dismissed are left out unless asked for."""
    frame = schema.read("contradictions", path)
    if not include_dismissed:
        frame = frame[frame["status"] != "dismissed"]
    return frame.reset_index(drop=True)
