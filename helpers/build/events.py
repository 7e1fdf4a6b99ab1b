"""Events: dated claims, across sources, that report one happening, merged into one row each."""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd
from rapidfuzz import fuzz, process

from helpers import schema
from helpers.config import Taxonomy
from helpers.schema import TABLES

EVENT_SIMILARITY = 80  # rapidfuzz token_set_ratio at which two same-dated claims are one event
LABEL_CHARS = 110
MAX_PAIRWISE = 300  # a larger block of same-dated claims is split by actors before pairwise matching


def _label(text: str) -> str:
    if len(text) <= LABEL_CHARS:
        return text
    return text[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _same_happening(texts: list[str]) -> list[list[int]]:
    """Groups of positions whose texts report one happening (near-identical wording)."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if 1 < len(texts) <= MAX_PAIRWISE:
        scores = process.cdist(
            texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=EVENT_SIMILARITY, processor=str.lower
        )
        for i, j in zip(*scores.nonzero()):
            if i < j:
                parent[find(i)] = find(j)
    elif len(texts) > MAX_PAIRWISE:  # too many to compare pairwise: merge identical wording only
        first: dict[str, int] = {}
        for i, text in enumerate(texts):
            key = " ".join(text.lower().split())
            parent[i] = first.setdefault(key, i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def events_table(claims: pd.DataFrame, taxonomy: Taxonomy, origin: dict[str, str]) -> pd.DataFrame:
    """Dated claims that report the same happening.

    Claims dated to the same day, or to the same named period ("the collapse of the Soviet
    Union"), report one happening. Coarser dates (a year, a decade) also need the same area and
    near-identical wording. Blocks of same-dated claims are compared pairwise; a block too big for that (a corpus with
    hundreds of claims dated "2022" in one area) is first split by the actors each claim names.
    """
    dated = claims[(claims["date_start"] != "") & schema.live(claims)]
    theme_order = {t: i for i, t in enumerate(taxonomy.themes)}
    rows = []
    named_spans = {(p.start.isoformat(), p.end.isoformat()) for p in taxonomy.periods.values()}
    blocks = []
    for (start, end, precision), same_date in dated.groupby(["date_start", "date_end", "date_precision"], sort=True):
        if precision == "day" or (start, end) in named_spans:
            blocks.append(((start, end, precision), same_date, True))  # one day, or one named period
            continue
        for _, block in same_date.groupby("area", sort=True):
            parts = [block] if len(block) <= MAX_PAIRWISE else [g for _, g in block.groupby("actors", sort=True)]
            blocks.extend(((start, end, precision), part, False) for part in parts)
    for (start, end, precision), block, is_one_happening in blocks:
        block = block.sort_values("claim_id")
        ids, texts = block["claim_id"].tolist(), block["text"].tolist()
        sources, themes = block["source_id"].tolist(), block["theme"].tolist()
        for members in [list(range(len(ids)))] if is_one_happening else _same_happening(texts):
            clearest = min(members, key=lambda i: (len(texts[i]), ids[i]))
            votes = Counter(themes[i] for i in members if themes[i])
            theme = min(votes, key=lambda t: (-votes[t], theme_order.get(t, 99))) if votes else ""
            claim_ids = sorted(ids[i] for i in members)
            member_sources = sorted({sources[i] for i in members})
            rows.append(
                {
                    "event_id": "e" + hashlib.sha1(f"{start}|{end}|{claim_ids[0]}".encode()).hexdigest()[:11],
                    "date_start": start,
                    "date_end": end,
                    "date_precision": precision,
                    "label": _label(texts[clearest]),
                    "theme": theme,
                    "source_ids": ";".join(member_sources),
                    "claim_ids": ";".join(claim_ids),
                    "n_sources": len(member_sources),
                    "n_independent": len({origin[s] for s in member_sources}),
                }
            )
    events = pd.DataFrame(rows, columns=list(TABLES["events"]))
    return events.sort_values(["date_start", "date_end", "event_id"], ignore_index=True)
