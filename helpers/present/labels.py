"""How evidence reads to a person: headers, source names, tag labels, grade words, corroboration phrases.

One place for these, so the chapter tables, the charts, the explorer and the reports say the same thing:
a column has one header everywhere (`HEADERS`), a source one short name, a tag one label.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.config import load_taxonomy

# Every column a table shows -> its header. Views rename through `header()`, never by hand.
HEADERS = {
    "source": "Source",
    "date": "Date",
    "date_text": "Date as written",
    "text": "Quote",
    "theme": "Theme",
    "area": "Area",
    "stance": "Stance",
    "actors": "Actors",
    "modality": "Modality",
    "corroboration": "Corroboration",
    "credibility": "Credibility",
    "claim_id": "Claim",
    "claim_ids": "Claim ids",
    "source_ids": "Source ids",
    "hypothesis": "Code",
    "label": "Description",
    "indicator": "Indicator",
    "favours": "Favours",
    "n_claims": "Claims",
    "n_sources": "Sources",
    "n_independent": "Independent sources",
    "scenario": "Scenario",
    "left_out": "Source left out",
    "ranking": "Ranking",
    "top": "Leading hypothesis",
    "is_top_changed": "Leader changes",
    "dated": "Dated",
    "status": "Rating",
    "basis": "Rule",
    "suggested": "Rule's suggested cells",
    "inconsistency": "Weighted inconsistency",
    "consistency": "Weighted consistency",
}
TABLE_COLUMNS = (
    "source",
    "date",
    "date_text",
    "text",
    "theme",
    "area",
    "stance",
    "actors",
    "modality",
    "credibility",
    "claim_id",
)
CREDIBILITY = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}
STANCE_LABELS = {"cooperation": "Cooperation", "divergence": "Divergence", "context": "Context"}
MODALITY_LABELS = {"asserted": "Asserted", "reported": "Reported", "hedged": "Hedged", "forecast": "Forecast"}
NONE_LABEL = "(none)"
SHORT_NAME = 30  # characters of a source's short name, cut at a word boundary
_SMALL_WORDS = {"a", "an", "and", "the", "of", "in", "on", "or", "for", "to", "at", "by", "with", "&", "-", "–", ":"}


def header(column: str) -> str:
    """The plain header of a column: from HEADERS, else its words ('n_claims' -> 'Claims')."""
    if column in HEADERS:
        return HEADERS[column]
    prefix, _, rest = str(column).partition("_")
    if rest and prefix in HEADERS and rest not in HEADERS:  # inconsistency_H1 -> Weighted inconsistency H1
        return f"{HEADERS[prefix]} {rest}"
    words = re.sub(r"^(is|has|n)_", "", str(column)).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else str(column)


def plain_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a plain header on every snake_case column (headers already plain stay)."""
    return frame.rename(
        columns={c: header(c) for c in frame.columns if isinstance(c, str) and ("_" in c or c == c.lower())}
    )


def yes_no(values: pd.Series) -> pd.Series:
    return values.map({True: "yes", False: "no"}).fillna("")


# ---- sources ------------------------------------------------------------------------------


def _cut(title: str, width: int) -> str:
    """The title's first words up to `width` characters, without a dangling 'of', 'and' or ':'."""
    short = textwrap.shorten(title, width, placeholder="")
    if short == " ".join(title.split()):
        return short
    words = short.split()
    while len(words) > 1 and words[-1].lower().strip(":,;") in _SMALL_WORDS | {""}:
        words.pop()
    return " ".join(words).rstrip(":,;–-") + "…" if words else textwrap.shorten(title, width, placeholder="…")


def source_names(sources: pd.DataFrame, width: int = SHORT_NAME) -> dict[str, str]:
    """source_id -> a short name: the title's first words (~`width` characters), else the publisher, else the id.

    Where two sources would share a name, both take more words until they differ (or the whole title).
    """
    full = {}
    for row in sources.itertuples(index=False):
        title, publisher = (str(getattr(row, k, "") or "").strip() for k in ("title", "publisher"))
        full[row.source_id] = " ".join((title or publisher or row.source_id).split())
    names = {sid: _cut(text, width) for sid, text in full.items()}
    for wider in range(width + 10, max(map(len, full.values()), default=0) + 11, 10):
        counts = pd.Series(list(names.values())).value_counts()
        clashing = [sid for sid, name in names.items() if counts[name] > 1]
        if not clashing:
            break
        names.update({sid: _cut(full[sid], wider) for sid in clashing})
    return names


@lru_cache(maxsize=4)
def _names_in(table: Path, mtime: float) -> dict[str, str]:
    if not table.exists():
        return {}
    frame = pd.read_csv(
        table, dtype=str, keep_default_na=False, usecols=lambda c: c in {"source_id", "title", "publisher"}
    )
    return source_names(frame) if "source_id" in frame else {}


def known_source_names(data: paths.DataDir | None = None) -> dict[str, str]:
    """Short names of the sources in a data folder's processed/sources.csv (data/ by default)."""
    table = (data or paths.data_dir()).table("sources")
    return _names_in(table, table.stat().st_mtime if table.exists() else 0.0)


def name_sources(text: str, names: Mapping[str, str]) -> str:
    """Free text (a rationale, an explanation) with every source id in it replaced by the source's name."""
    if not text or not names:
        return text
    ids = sorted((s for s in names if s), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    return pattern.sub(lambda m: names[m.group(1)], text)


# ---- tags ---------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _taxonomy_at(path: Path):
    return load_taxonomy(path)


def tag_labels(taxonomy=None) -> dict[str, dict[str, str]]:
    """For each tag column, value -> label: themes and areas from taxonomy.yml, stances and modalities
    from their fixed words; '' (untagged) reads '(none)'."""
    taxonomy = taxonomy or _taxonomy_at(paths.data_dir().taxonomy)
    return {
        "theme": {k: t.label for k, t in taxonomy.themes.items()},
        "area": {k: a.label for k, a in taxonomy.areas.items()},
        "stance": STANCE_LABELS,
        "modality": MODALITY_LABELS,
    }


def tag_label(kind: str, value: str, taxonomy=None) -> str:
    value = str(value)
    return tag_labels(taxonomy)[kind].get(value, value) if value else NONE_LABEL


# ---- claims -------------------------------------------------------------------------------


def corroboration_label(frame: pd.DataFrame) -> pd.Series:
    """'3 sources (2 independent)' for each claim or event row (n_sources, n_independent)."""

    def label(n: int, j: int) -> str:
        return "1 source" if n == 1 else f"{n} sources ({j} independent)"

    return pd.Series([label(n, j) for n, j in zip(frame["n_sources"], frame["n_independent"])], index=frame.index)


def credibility_label(grades: Iterable[int]) -> list[str]:
    """'2 probably true': the grade first, so the column still sorts by it."""
    return [f"{g} {CREDIBILITY.get(int(g), '')}".strip() for g in grades]


def sortable_date(claims: pd.DataFrame) -> pd.Series:
    """The claim's date as ISO text to the source's precision (2025-06-19, 2025-06, 1586), '' if undated.

    ISO text sorts in date order as plain text, whatever the precision; the words stay beside it.
    """
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m"}
    precision = claims["date_precision"].astype("string").fillna("") if "date_precision" in claims else None
    out = []
    for i, start in enumerate(claims["date_start"]):
        if pd.isna(start):
            out.append("")
            continue
        kind = precision.iloc[i] if precision is not None else "day"
        out.append(start.strftime(formats.get(kind, "%Y")))
    return pd.Series(out, index=claims.index, dtype=object)


def reading_view(claims: pd.DataFrame, titles: Mapping[str, str], columns=TABLE_COLUMNS, taxonomy=None) -> pd.DataFrame:
    """Claims as a reader sees them, under plain headers: source name, date (sortable, then as written),
    the quote, tags by their labels. `titles` maps source ids to the names to show."""
    labels = tag_labels(taxonomy)
    view = {
        "source": claims["source_id"].map(lambda s: titles.get(s, s)),
        "date": sortable_date(claims),
        "date_text": claims["date_text"].astype("string").fillna("").astype(str),
        "text": claims["text"],
        "actors": claims["actors"].str.join(", "),
        "credibility": credibility_label(claims["credibility"]),
        "claim_id": claims["claim_id"],
    }
    for tag in ("theme", "area", "stance", "modality"):
        view[tag] = claims[tag].astype(str).map(lambda v, t=tag: labels[t].get(v, v) if v else NONE_LABEL)
    if "corroboration" in columns:
        view["corroboration"] = corroboration_label(claims)
    return pd.DataFrame({HEADERS[c]: list(view[c]) for c in columns})
