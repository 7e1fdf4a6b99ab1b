"""Heuer's Analysis of Competing Hypotheses over the evidence, and the indicators to watch.

ACH rates each piece of evidence as consistent (C), inconsistent (I) or not applicable (NA) to
each hypothesis, and prefers the hypothesis with the least weighted inconsistency: evidence
against a hypothesis tells more than evidence for it. The hypotheses, the default cells (rules
on tags and phrases) and per-claim cells live in data/hypotheses.yml, so analysts change the
matrix without code. Every function here is a pure function of the frames it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import pandas as pd

from helpers import schema
from helpers.config import GRADES, Hypotheses
from helpers.text.phrases import phrase_hits

EVIDENCE_COLUMNS = ["text", "claim_ids", "source_ids", "n_sources", "n_independent", "credibility", "weight"]
# ICD 203 likelihood words and the upper end of each band.
LIKELIHOOD = [
    (0.05, "almost no chance"),
    (0.20, "very unlikely"),
    (0.45, "unlikely"),
    (0.55, "roughly even chance"),
    (0.80, "likely"),
    (0.95, "very likely"),
    (1.00, "almost certain"),
]


# --- the matrix --------------------------------------------------------------------------------------


def _naming(claims: pd.DataFrame, actors: list[str]) -> pd.Series:
    """Claims that name every one of these actors."""
    return claims["actors"].map(set(actors).issubset).astype(bool)


def _cells(claims: pd.DataFrame, hyp: Hypotheses) -> pd.DataFrame:
    """Per claim and hypothesis: the analyst's cell, else the first rule's that rates it, else NA."""
    cells = pd.DataFrame(pd.NA, index=claims.index, columns=list(hyp.hypotheses), dtype="object")
    phrases = phrase_hits(claims["text"], {r.name: r.phrases for r in hyp.rules if r.phrases}, claims.index)
    for rule in hyp.rules:
        mask = pd.Series(True, index=claims.index)
        for column, wanted in (("stance", rule.stances), ("area", rule.areas), ("theme", rule.themes)):
            if wanted:
                mask &= claims[column].astype(str).isin(wanted)
        if rule.phrases:
            mask &= phrases[rule.name] > 0
        mask &= _naming(claims, rule.actors)
        for h, cell in rule.cells.items():
            cells.loc[mask & cells[h].isna(), h] = cell
    for i, cid in zip(claims.index, claims["claim_id"]):
        for h, cell in hyp.ach.get(cid, {}).items():
            cells.at[i, h] = cell
    return cells.fillna("NA")


def _members(claims: pd.DataFrame, hypotheses: Hypotheses) -> pd.DataFrame:
    """The claims that are evidence, each with its evidence key and cells, best member of each evidence first."""
    kept = claims[schema.live(claims)]
    kept = kept[kept["modality"].astype(str).isin(hypotheses.evidence_modalities)]
    if hypotheses.evidence_since is not None:
        kept = kept[~(kept["date_end"] < pd.Timestamp(hypotheses.evidence_since))]
    kept = kept.assign(evidence=kept["group_id"].where(kept["group_id"] != "", kept["claim_id"]))
    kept = pd.concat([kept, _cells(kept, hypotheses)], axis=1)
    kept["overridden"] = kept["claim_id"].isin(set(hypotheses.ach))
    return kept.sort_values(["evidence", "overridden", "credibility", "claim_id"], ascending=[True, False, True, True])


def ach_matrix(claims: pd.DataFrame, hypotheses: Hypotheses, exclude_sources: Iterable[str] = ()) -> pd.DataFrame:
    """Evidence x hypotheses: one row per corroboration group or lone claim, cells C / I / NA.

    A group's row takes the cells and the credibility of its best-graded member (a per-claim
    cell in hypotheses.yml wins), so a thing said by five sources counts once, with more weight
    when they are independent. Forecasts are predictions, not evidence, and history before
    evidence_since is not evidence about the relationship now (both set in hypotheses.yml);
    rows rated NA throughout are dropped.
    """
    h = list(hypotheses.hypotheses)
    kept = _members(claims, hypotheses)
    kept = kept[~kept["source_id"].isin(set(exclude_sources))]
    rows = []
    for evidence, members in kept.groupby("evidence", sort=True):
        best = members.iloc[0]
        sources = sorted(set(members["source_id"]))
        rows.append(
            {
                "evidence": evidence,
                "text": best["text"],
                "claim_ids": ";".join(sorted(members["claim_id"])),
                "source_ids": ";".join(sources),
                "n_sources": len(sources),
                "n_independent": int(min(best["n_independent"], len(sources))),
                "credibility": int(best["credibility"]),
                "weight": hypotheses.credibility_weights[int(best["credibility"])],
                **{x: best[x] for x in h},
            }
        )
    matrix = pd.DataFrame(rows, columns=["evidence", *EVIDENCE_COLUMNS, *h]).set_index("evidence")
    matrix = matrix[(matrix[h] != "NA").any(axis=1)]
    matrix.attrs["hypotheses"] = {k: v.label for k, v in hypotheses.hypotheses.items()}
    return matrix


def _hypothesis_columns(matrix: pd.DataFrame) -> list[str]:
    return [c for c in matrix.columns if c not in EVIDENCE_COLUMNS and c != "diagnosticity"]


def rank_hypotheses(matrix: pd.DataFrame) -> pd.DataFrame:
    """Hypotheses from least to most weighted inconsistency (Heuer); consistency only breaks ties."""
    rows = []
    for h in _hypothesis_columns(matrix):
        against, support = matrix[h] == "I", matrix[h] == "C"
        rows.append(
            {
                "hypothesis": h,
                "label": matrix.attrs.get("hypotheses", {}).get(h, h),
                "inconsistency": round(float(matrix.loc[against, "weight"].sum()), 3),
                "n_inconsistent": int(against.sum()),
                "consistency": round(float(matrix.loc[support, "weight"].sum()), 3),
                "n_consistent": int(support.sum()),
            }
        )
    ranked = pd.DataFrame(rows).sort_values(
        ["inconsistency", "consistency", "hypothesis"], ascending=[True, False, True], ignore_index=True
    )
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked.set_index("hypothesis")


def diagnosticity(matrix: pd.DataFrame) -> pd.DataFrame:
    """Evidence that tells hypotheses apart, most diagnostic first.

    Diagnosticity is the weight times the share of hypothesis pairs the evidence rates C for
    one and I for the other: evidence consistent with every hypothesis tells nothing.
    """
    h = _hypothesis_columns(matrix)
    pairs = list(combinations(h, 2))
    apart = sum(((matrix[x] == "C") & (matrix[y] == "I")) | ((matrix[x] == "I") & (matrix[y] == "C")) for x, y in pairs)
    out = matrix.assign(diagnosticity=(matrix["weight"] * apart / max(1, len(pairs))).round(3))
    out = out[out["diagnosticity"] > 0].reset_index()
    return out.sort_values(["diagnosticity", "evidence"], ascending=[False, True]).set_index("evidence")


def sensitivity(claims: pd.DataFrame, hypotheses: Hypotheses, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """How the ranking moves when the lowest-graded source, or any single source, is left out.

    The lowest grade comes from `sources` (reliability) when given, else from the mean
    credibility of each source's claims; sources tied at the lowest grade are left out together.
    """
    ids = sorted(set(claims["source_id"]))
    if sources is not None:
        grade = sources.set_index("source_id")["reliability"].astype(str).map(GRADES.index)
    else:
        grade = claims.groupby("source_id")["credibility"].mean()
    grade = grade[grade.index.isin(ids)]
    lowest = tuple(sorted(grade[grade == grade.max()].index)) if len(grade) else ()
    scenarios = [("all sources", ())]
    if lowest and len(lowest) < len(ids):
        scenarios.append(("without the lowest-graded", lowest))
    scenarios += [(f"without {s}", (s,)) for s in ids]
    # Rate every claim once; leaving a source out only changes the rows its claims belong to.
    members = _members(claims, hypotheses)
    h, labels = list(hypotheses.hypotheses), {k: v.label for k, v in hypotheses.hypotheses.items()}
    best = members.groupby("evidence", sort=True).head(1)
    by_source = members.groupby("source_id")["evidence"].agg(set)
    rows, baseline = [], None
    for name, left_out in scenarios:
        touched = set().union(*(by_source.get(s, set()) for s in left_out))
        rest = members[members["evidence"].isin(touched) & ~members["source_id"].isin(set(left_out))]
        chosen = pd.concat([best[~best["evidence"].isin(touched)], rest.groupby("evidence", sort=True).head(1)])
        chosen = chosen[(chosen[h] != "NA").any(axis=1)]
        matrix = chosen[h].assign(weight=chosen["credibility"].astype(int).map(hypotheses.credibility_weights))
        matrix.attrs["hypotheses"] = labels
        ranked = rank_hypotheses(matrix)
        order = list(ranked.index)
        baseline = baseline or order
        rows.append(
            {
                "scenario": name,
                "left_out": ";".join(left_out),
                "ranking": " > ".join(order),
                "top": order[0],
                "is_top_changed": order[0] != baseline[0],
                **{f"inconsistency_{x}": ranked.at[x, "inconsistency"] for x in hypotheses.hypotheses},
            }
        )
    return pd.DataFrame(rows)


def likelihoods(matrix: pd.DataFrame) -> pd.Series:
    """Per hypothesis, the credibility-weighted share of diagnostic evidence consistent with it.

    Only evidence that tells hypotheses apart counts (Heuer: evidence consistent with every
    hypothesis proves nothing), so the share is a probability-like figure for likelihood_word.
    """
    telling = diagnosticity(matrix)
    shares = {}
    for h in _hypothesis_columns(matrix):
        support = telling.loc[telling[h] == "C", "weight"].sum()
        against = telling.loc[telling[h] == "I", "weight"].sum()
        shares[h] = round(float(support / (support + against)), 3) if support + against else 0.5
    return pd.Series(shares, name="p")


def likelihood_word(p: float) -> str:
    """The ICD 203 word for a probability (0.62 -> 'likely'); band edges belong to the lower band."""
    if not 0 <= p <= 1:
        raise ValueError(f"probability {p} is outside 0..1")
    return next(word for top, word in LIKELIHOOD if p <= top)


def indicators(claims: pd.DataFrame, hypotheses: Hypotheses) -> pd.DataFrame:
    """Each indicator, the hypotheses it favours, and the claims that already bear on it."""
    hits = phrase_hits(claims["text"], {k: i.phrases for k, i in hypotheses.indicators.items()}, claims.index)
    rows = []
    for key, ind in hypotheses.indicators.items():
        found = claims[(hits[key] > 0) & _naming(claims, ind.actors)]
        rows.append(
            {
                "indicator": key,
                "label": ind.label,
                "favours": ";".join(ind.favours),
                "n_claims": len(found),
                "n_sources": found["source_id"].nunique(),
                "claim_ids": ";".join(sorted(found["claim_id"])),
            }
        )
    return pd.DataFrame(rows, columns=["indicator", "label", "favours", "n_claims", "n_sources", "claim_ids"])
