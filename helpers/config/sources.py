"""What the analyst knows about each source (data/sources.csv), checked row by row."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from helpers import paths
from helpers.errors import InputError

SOURCE_META_COLUMNS = ("source_id", "title", "publisher", "url", "published", "reliability")


def load_source_meta(path: Path = paths.SOURCES_META) -> dict[str, dict[str, str]]:
    """What the analyst knows about each source, keyed by source id (the file name's stem)."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save it as UTF-8 CSV") from None
    try:
        rows = list(csv.DictReader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc}); check quoting") from None
    header = rows[0].keys() if rows else next(csv.reader(io.StringIO(text)), [])
    if "source_id" not in header:
        raise InputError(path, f"needs a 'source_id' column; columns are: {', '.join(SOURCE_META_COLUMNS)}")
    unknown = [c for c in header if c not in SOURCE_META_COLUMNS]
    if unknown:
        raise InputError(path, f"unknown column '{unknown[0]}'; allowed: {', '.join(SOURCE_META_COLUMNS)}")
    meta: dict[str, dict[str, str]] = {}
    for line_no, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise InputError(path, f"line {line_no} has a different number of fields from the header")
        sid = (row.get("source_id") or "").strip()
        if not sid:
            raise InputError(path, f"line {line_no}: empty source_id")
        if sid in meta:
            raise InputError(path, f"line {line_no}: source_id '{sid}' appears twice; keep one row per source")
        published = (row.get("published") or "").strip()
        if published:
            try:
                date.fromisoformat(published)
            except ValueError:
                raise InputError(path, f"line {line_no}: published '{published}' is not a YYYY-MM-DD date") from None
        grade = (row.get("reliability") or "").strip()
        if grade and grade not in "ABCDEF":
            raise InputError(path, f"line {line_no}: reliability '{grade}' must be one letter A-F")
        meta[sid] = {k: (v or "").strip() for k, v in row.items()}
    return meta
