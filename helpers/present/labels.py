"""How evidence reads to a person: readable headers, grade words, corroboration phrases.

One place for these, so the chapter tables, the explorer and the reports say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

LABELS = {
    "source": "Source",
    "date": "Date",
    "text": "Quote",
    "theme": "Theme",
    "area": "Area",
    "stance": "Stance",
    "actors": "Actors",
    "modality": "Modality",
    "corroboration": "Corroboration",
    "credibility": "Credibility",
    "claim_id": "Claim",
}
TABLE_COLUMNS = ("source", "date", "text", "theme", "area", "stance", "actors", "modality", "credibility", "claim_id")
CREDIBILITY = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}


def corroboration_label(frame: pd.DataFrame) -> pd.Series:
    """'3 sources (2 independent)' for each claim or event row (n_sources, n_independent)."""

    def label(n: int, j: int) -> str:
        return "1 source" if n == 1 else f"{n} sources ({j} independent)"

    return pd.Series([label(n, j) for n, j in zip(frame["n_sources"], frame["n_independent"])], index=frame.index)


def reading_view(claims: pd.DataFrame, titles: Mapping[str, str], columns=TABLE_COLUMNS) -> pd.DataFrame:
    """Claims as a reader sees them, under readable headers: source title, the date as written, the quote, tags."""
    view = {
        "source": claims["source_id"].map(lambda s: titles.get(s, s)),
        "date": claims["date_text"].where(
            claims["date_text"] != "", claims["date_start"].dt.strftime("%Y-%m-%d").fillna("")
        ),
        "text": claims["text"],
        "actors": claims["actors"].str.join(", "),
        "credibility": claims["credibility"],
        "claim_id": claims["claim_id"],
    }
    for tag in ("theme", "area", "stance", "modality"):
        view[tag] = claims[tag].astype(str)
    if "corroboration" in columns:
        view["corroboration"] = corroboration_label(claims)
    return pd.DataFrame({LABELS[c]: view[c] for c in columns}).reset_index(drop=True)
