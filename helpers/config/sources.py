"""What the analyst knows about each source (data/sources.csv), checked row by row."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

from helpers import paths
from helpers.config.reader import ISO_DAY
from helpers.errors import InputError

SOURCE_META_COLUMNS = ("source_id", "title", "publisher", "url", "published", "reliability")
EARLIEST_PUBLISHED = date(1500, 1, 1)  # where the briefing's timeline starts; nothing here is older
URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)


def latest_published() -> date:
    """The latest believable publication date: a year from today (time zones, embargoed pieces)."""
    return date.today() + timedelta(days=366)


def _published(value: str, line_no: int, path: Path) -> None:
    """YYYY-MM-DD exactly, a real day, between 1500 and a year from now."""
    if not ISO_DAY.fullmatch(value):
        raise InputError(path, f"line {line_no}: published '{value}' is not a YYYY-MM-DD date")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(
            path, f"line {line_no}: published '{value}' is not a real day; check the month and day"
        ) from None
    if not EARLIEST_PUBLISHED <= day <= latest_published():
        raise InputError(
            path,
            f"line {line_no}: published '{value}' is not believable (allowed {EARLIEST_PUBLISHED} to "
            f"{latest_published()}); check the year",
        )


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
    header = next(csv.reader(io.StringIO(text)), [])  # as written: a repeated column stays visible
    if "source_id" not in header:
        raise InputError(path, f"needs a 'source_id' column; columns are: {', '.join(SOURCE_META_COLUMNS)}")
    unknown = [c for c in header if c not in SOURCE_META_COLUMNS]
    if unknown:
        raise InputError(path, f"unknown column '{unknown[0]}'; allowed: {', '.join(SOURCE_META_COLUMNS)}")
    twice = [c for c in SOURCE_META_COLUMNS if header.count(c) > 1]
    if twice:
        raise InputError(path, f"column '{twice[0]}' appears twice in the header; keep one")
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
            _published(published, line_no, path)
        grade = (row.get("reliability") or "").strip()
        if grade and (len(grade) != 1 or grade not in "ABCDEF"):
            raise InputError(path, f"line {line_no}: reliability '{grade}' must be one letter A-F")
        url = (row.get("url") or "").strip()
        if url and not URL.fullmatch(url):
            raise InputError(path, f"line {line_no}: url '{url}' is not a web address; write it as https://...")
        meta[sid] = {k: (v or "").strip() for k, v in row.items()}
    return meta
