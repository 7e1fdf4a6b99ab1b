"""Admiralty grades computed by the build: reliability A-F per source, credibility 1-6 per claim.

Scored by the `grading` section of taxonomy.yml, from what the build can see; each grade
carries the written rationale of the findings that moved it, and the analyst's own grade wins.
"""

from __future__ import annotations

import pandas as pd

from helpers import schema
from helpers.build.crosscheck import quotes_unattributed
from helpers.config import GRADES, Curation, Taxonomy

RANK = {g: i for i, g in enumerate(GRADES)}  # A is best, F cannot be judged


def _score(findings, measures) -> tuple[float, list[str]]:
    """Sum of the findings that reach their threshold, and the rationale for each."""
    total, why = 0.0, []
    for f in findings:
        n = float(measures.get(f.measure, 0))
        if n and n >= f.at_least:
            weight = f.weight * n if f.per_unit else f.weight
            total, why = total + weight, why + [f"{f.says.format(n=n)} {weight:+g}"]
    return total, why


def _letter(score: float, bands: dict[str, float]) -> str:
    return next((g for g, top in sorted(bands.items(), key=lambda kv: kv[1]) if score <= top), "E")


def _against(pairs: pd.DataFrame, claims: pd.DataFrame, grade: dict[str, str]) -> pd.DataFrame:
    """Each standing contradiction from both ends: claim, its source, the other side's source grade."""
    live = pairs[(pairs["status"] != "dismissed") & (pairs["kind"] != "overtaken")]
    at, sources = pd.Index(claims["claim_id"]), claims["source_id"].to_numpy()
    rank = {s: RANK[g] for s, g in grade.items()}
    own = pd.concat([live["claim_id_a"], live["claim_id_b"]])
    other = pd.concat([live["claim_id_b"], live["claim_id_a"]])
    ends = pd.DataFrame(
        {
            "claim_id": own.to_numpy(),
            "source_id": sources[at.get_indexer(own)],
            "other_source": sources[at.get_indexer(other)],
        }
    )
    return ends.assign(own_rank=ends["source_id"].map(rank), other_rank=ends["other_source"].map(rank))


def _source_measures(sources: pd.DataFrame, claims: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    kept = claims[~claims["is_rejected"]]  # filler counts towards a source's filler share, so only rejects go
    live = claims[schema.live(claims)].assign(independent=lambda c: c["n_independent"] >= 2)
    by_source = {
        "filler_share": kept.groupby("source_id")["is_filler"].mean(),
        "unattributed_quote_share": live.groupby("source_id")["quote"].mean(),
        "independently_corroborated_share": live.groupby("source_id")["independent"].mean(),
        "copied_sources": pd.concat([links["source_id_x"], links["source_id_y"]]).value_counts(),
    }
    frame = pd.DataFrame(
        {
            "unknown_publisher": (sources["publisher"] == "").to_numpy(),
            "inferred_date": (sources["is_published_inferred"] | (sources["published"] == "")).to_numpy(),
            "placeholder_author_lines": sources["n_placeholder_lines"].to_numpy(),
        },
        index=sources["source_id"].to_numpy(),
    ).astype(float)
    for name, values in by_source.items():
        frame[name] = frame.index.map(values).fillna(0).astype(float)
    return frame


def grade(
    sources: pd.DataFrame,
    claims: pd.DataFrame,
    pairs: pd.DataFrame,
    links: pd.DataFrame,
    taxonomy: Taxonomy,
    curation: Curation,
    analyst: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reliability A-F per source and credibility 1-6 per claim, each with its written rationale.

    Contradictions count against a source only when the other source grades better without
    them (a first pass), so grades do not chase each other round. The analyst's grade
    (sources.csv, curation.yml) wins; the computed one stays in the rationale.
    """
    g, sources = taxonomy.grading, sources.copy()
    claims = claims.assign(quote=quotes_unattributed(claims))
    measures = _source_measures(sources, claims, links)
    first = {s: _letter(_score(g.source, m)[0], g.reliability) for s, m in measures.iterrows()}
    ends = _against(pairs, claims, first)
    measures["contradicted_by_better"] = measures.index.map(
        ends[ends["other_rank"] < ends["own_rank"]]["source_id"].value_counts()
    ).fillna(0)
    judged = set(claims.loc[schema.live(claims), "source_id"])
    grades, why = {}, {}
    for s, m in measures.iterrows():
        score, reasons = _score(g.source, m)
        computed = _letter(score, g.reliability) if s in judged else "F"
        text = (
            f"{computed} (score {score:g}): " + ("; ".join(reasons) or "nothing found for or against")
            if s in judged
            else "F: no claims to judge it by"
        )
        grades[s] = analyst.get(s) or computed
        why[s] = f"{analyst[s]}: set by the analyst in sources.csv; computed {text}" if analyst.get(s) else text
    sources["reliability"] = sources["source_id"].map(grades)
    sources["reliability_rationale"] = sources["source_id"].map(why)

    # Claims start from their source's grade; corroboration and contradiction move them.
    ends = _against(pairs, claims, grades)
    letters = claims["source_id"].map(grades)
    base = letters.map(g.credibility_base).astype("int64")
    measures = {
        "other_origins": claims["n_independent"] - 1,
        "unattributed_quote": claims.pop("quote"),
        "contradicted": claims["claim_id"]
        .map(ends[ends["other_rank"] <= ends["own_rank"]]["claim_id"].value_counts())
        .fillna(0),
    }
    score, why = pd.Series(0.0, index=claims.index), pd.Series("", index=claims.index)
    for f in g.claim:
        n = measures[f.measure].astype(float)
        hit = (n > 0) & (n >= f.at_least)
        weight = f.weight * n if f.per_unit else pd.Series(float(f.weight), index=claims.index)
        score += weight.where(hit, 0.0)
        why[hit] += ["; " + f.says.format(n=x) + f" {w:+g}" for x, w in zip(n[hit], weight[hit])]
    value = (base + score).round().clip(1, 5).astype("int64")
    text = value.astype(str) + ": " + base.astype(str) + " from a " + letters + " source" + why
    judged = ~claims["is_filler"] & (letters != "F")
    value = value.where(judged, 6)
    text = text.where(
        judged,
        pd.Series("6: filler, asserts nothing", index=claims.index).where(
            claims["is_filler"], "6: its source cannot be judged (F)"
        ),
    )
    for cid, entry in curation.claims.items():
        if entry.credibility is not None:
            at = claims["claim_id"] == cid
            text[at] = f"{entry.credibility}: set by the analyst in curation.yml; computed " + text[at]
            value[at] = entry.credibility
    claims["credibility"], claims["credibility_rationale"] = value.astype("int64"), text
    return sources, claims
