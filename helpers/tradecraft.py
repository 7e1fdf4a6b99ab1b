"""The analyst's tradecraft on top of the evidence: Admiralty grades, competing hypotheses, indicators.

Grades (reliability A-F per source, credibility 1-6 per claim) are computed in the build from
what it can see, scored by the `grading` section of taxonomy.yml.

Heuer's Analysis of Competing Hypotheses rates each piece of evidence as consistent (C),
inconsistent (I) or not applicable (NA) to each hypothesis, and prefers the hypothesis with the
least weighted inconsistency: evidence against a hypothesis tells more than evidence for it.
The hypotheses, the default cells (rules on tags and phrases) and per-claim cells live in
data/hypotheses.yml, so analysts change the matrix without code. The ACH functions are pure
functions of the frames they are given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

from helpers import paths
from helpers.config import GRADES, Curation, Taxonomy, _parse, _read_yaml, _Strict
from helpers.crosscheck import phrase_hits, quotes_unattributed
from helpers.errors import InputError

Cell = Literal["C", "I", "NA"]
Modality = Literal["asserted", "reported", "hedged", "forecast"]
CLAIM_ID = re.compile(r"^c[0-9a-f]{11}$")
RANK = {g: i for i, g in enumerate(GRADES)}  # A is best, F cannot be judged
EVIDENCE_COLUMNS = ["text", "claim_ids", "source_ids", "n_sources", "n_independent", "credibility", "weight"]
# ICD 203 likelihood words and the upper end of each band.
LIKELIHOOD = [(0.05, "almost no chance"), (0.20, "very unlikely"), (0.45, "unlikely"), (0.55, "roughly even chance"),
              (0.80, "likely"), (0.95, "very likely"), (1.00, "almost certain")]


class Hypothesis(_Strict):
    label: str
    statement: str


class Rule(_Strict):
    """Default cells for the claims that meet every condition given (phrases: any of them)."""

    name: str
    stances: list[Literal["cooperation", "divergence", "context"]] = []
    areas: list[str] = []
    themes: list[str] = []
    phrases: list[str] = []
    actors: list[str] = []  # the claim must name all of these
    cells: dict[str, Cell]


class Indicator(_Strict):
    """An observable that would shift the assessment, and the phrases that show a claim bears on it."""

    label: str
    favours: list[str] = Field(min_length=1)
    phrases: list[str] = Field(min_length=1)
    actors: list[str] = []  # a claim must name all of these


class Hypotheses(_Strict):
    hypotheses: dict[str, Hypothesis] = Field(min_length=2)
    evidence_modalities: list[Modality] = ["asserted", "reported", "hedged"]
    evidence_since: date | None = None  # claims dated wholly before this are history, not evidence
    credibility_weights: dict[Literal[1, 2, 3, 4, 5, 6], float]
    rules: list[Rule] = []
    ach: dict[str, dict[str, Cell]] = {}  # claim_id -> cells that win over the rules
    indicators: dict[str, Indicator] = {}

    @model_validator(mode="after")
    def _names_known_hypotheses(self):
        known = set(self.hypotheses)
        named = [(f"rules: {r.name}", h) for r in self.rules for h in r.cells]
        named += [(f"ach: {cid}", h) for cid, cells in self.ach.items() for h in cells]
        named += [(f"indicators: {name}", h) for name, i in self.indicators.items() for h in i.favours]
        for where, h in named:
            if h not in known:
                raise ValueError(f"{where} names hypothesis '{h}', which is not under hypotheses:")
        if len(self.credibility_weights) != 6:
            raise ValueError("credibility_weights needs a weight for each grade 1 to 6")
        return self

    @field_validator("ach")
    @classmethod
    def _claim_ids(cls, ach):
        for cid in ach:
            if not CLAIM_ID.match(cid):
                raise ValueError(f"ach: '{cid}' is not a claim id (c followed by 11 hex digits)")
        return ach

    def check_claims(self, known: set[str], path: Path) -> None:
        """Per-claim cells must name claims that exist in this build."""
        missing = sorted(set(self.ach) - known)
        if missing:
            raise InputError(path, f"ach: claim '{missing[0]}' does not exist in this build (its source changed "
                                   f"or was removed); update or delete that entry")


def load_hypotheses(path: Path = paths.HYPOTHESES, taxonomy: Taxonomy | None = None) -> Hypotheses:
    """Hypotheses, ACH rules and indicators from data/hypotheses.yml, validated (InputError if not)."""
    found = _parse(Hypotheses, _read_yaml(path), path)
    if taxonomy is not None:
        named = [(f"rules: {r.name}", v, "areas") for r in found.rules for v in r.areas]
        named += [(f"rules: {r.name}", v, "themes") for r in found.rules for v in r.themes]
        named += [(f"rules: {r.name}", v, "actors") for r in found.rules for v in r.actors]
        named += [(f"indicators: {k}", v, "actors") for k, i in found.indicators.items() for v in i.actors]
        for where, value, part in named:
            if value not in getattr(taxonomy, part):
                raise InputError(path, f"{where}: '{value}' is not in taxonomy.yml {part}")
    return found


# --- grades ------------------------------------------------------------------------------------------

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
    ends = pd.DataFrame({"claim_id": own.to_numpy(), "source_id": sources[at.get_indexer(own)],
                         "other_source": sources[at.get_indexer(other)]})
    return ends.assign(own_rank=ends["source_id"].map(rank), other_rank=ends["other_source"].map(rank))


def _source_measures(sources: pd.DataFrame, claims: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    kept = claims[~claims["is_rejected"]]
    live = kept[~kept["is_filler"]]
    live = live.assign(independent=live["n_independent"] >= 2)
    by_source = {"filler_share": kept.groupby("source_id")["is_filler"].mean(),
                 "unattributed_quote_share": live.groupby("source_id")["quote"].mean(),
                 "independently_corroborated_share": live.groupby("source_id")["independent"].mean(),
                 "copied_sources": pd.concat([links["source_id_x"], links["source_id_y"]]).value_counts()}
    frame = pd.DataFrame({"unknown_publisher": (sources["publisher"] == "").to_numpy(),
                          "inferred_date": (sources["is_published_inferred"] | (sources["published"] == "")).to_numpy(),
                          "placeholder_author_lines": sources["n_placeholder_lines"].to_numpy()},
                         index=sources["source_id"].to_numpy()).astype(float)
    for name, values in by_source.items():
        frame[name] = frame.index.map(values).fillna(0).astype(float)
    return frame


def grade(sources: pd.DataFrame, claims: pd.DataFrame, pairs: pd.DataFrame, links: pd.DataFrame,
          taxonomy: Taxonomy, curation: Curation, analyst: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
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
        ends[ends["other_rank"] < ends["own_rank"]]["source_id"].value_counts()).fillna(0)
    judged = set(claims.loc[~claims["is_filler"] & ~claims["is_rejected"], "source_id"])
    grades, why = {}, {}
    for s, m in measures.iterrows():
        score, reasons = _score(g.source, m)
        computed = _letter(score, g.reliability) if s in judged else "F"
        text = (f"{computed} (score {score:g}): " + ("; ".join(reasons) or "nothing found for or against")
                if s in judged else "F: no claims to judge it by")
        grades[s] = analyst.get(s) or computed
        why[s] = f"{analyst[s]}: set by the analyst in sources.csv; computed {text}" if analyst.get(s) else text
    sources["reliability"] = sources["source_id"].map(grades)
    sources["reliability_rationale"] = sources["source_id"].map(why)

    # Claims start from their source's grade; corroboration and contradiction move them.
    ends = _against(pairs, claims, grades)
    letters = claims["source_id"].map(grades)
    base = letters.map(g.credibility_base).astype("int64")
    measures = {"other_origins": claims["n_independent"] - 1, "unattributed_quote": claims.pop("quote"),
                "contradicted": claims["claim_id"].map(
                    ends[ends["other_rank"] <= ends["own_rank"]]["claim_id"].value_counts()).fillna(0)}
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
    text = text.where(judged, pd.Series("6: filler, asserts nothing", index=claims.index).where(
        claims["is_filler"], "6: its source cannot be judged (F)"))
    for cid, entry in curation.claims.items():
        if entry.credibility is not None:
            at = claims["claim_id"] == cid
            text[at] = f"{entry.credibility}: set by the analyst in curation.yml; computed " + text[at]
            value[at] = entry.credibility
    claims["credibility"], claims["credibility_rationale"] = value.astype("int64"), text
    return sources, claims


# --- the matrix --------------------------------------------------------------------------------------

def _naming(claims: pd.DataFrame, actors: list[str]) -> pd.Series:
    """Claims that name every one of these actors."""
    return claims["actors"].str.split(";").map(set(actors).issubset).astype(bool)


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


def ach_matrix(claims: pd.DataFrame, hypotheses: Hypotheses, exclude_sources: Iterable[str] = ()) -> pd.DataFrame:
    """Evidence x hypotheses: one row per corroboration group or lone claim, cells C / I / NA.

    A group's row takes the cells and the credibility of its best-graded member (a per-claim
    cell in hypotheses.yml wins), so a thing said by five sources counts once, with more weight
    when they are independent. Forecasts are predictions, not evidence, and history before
    evidence_since is not evidence about the relationship now (both set in hypotheses.yml);
    rows rated NA throughout are dropped.
    """
    h = list(hypotheses.hypotheses)
    kept = claims[~claims["source_id"].isin(set(exclude_sources))]
    for flag in ("is_filler", "is_rejected"):
        if flag in kept:
            kept = kept[~kept[flag]]
    kept = kept[kept["modality"].astype(str).isin(hypotheses.evidence_modalities)]
    if hypotheses.evidence_since is not None:
        ends = pd.to_datetime(kept["date_end"].replace("", None), errors="coerce")
        kept = kept[~(ends < pd.Timestamp(hypotheses.evidence_since))]
    kept = kept.assign(evidence=kept["group_id"].where(kept["group_id"] != "", kept["claim_id"]))
    kept = pd.concat([kept, _cells(kept, hypotheses)], axis=1)
    kept["overridden"] = kept["claim_id"].isin(set(hypotheses.ach))
    kept = kept.sort_values(["evidence", "overridden", "credibility", "claim_id"], ascending=[True, False, True, True])
    rows = []
    for evidence, members in kept.groupby("evidence", sort=True):
        best = members.iloc[0]
        sources = sorted(set(members["source_id"]))
        rows.append({"evidence": evidence, "text": best["text"], "claim_ids": ";".join(sorted(members["claim_id"])),
                     "source_ids": ";".join(sources), "n_sources": len(sources),
                     "n_independent": int(min(best["n_independent"], len(sources))),
                     "credibility": int(best["credibility"]),
                     "weight": hypotheses.credibility_weights[int(best["credibility"])],
                     **{x: best[x] for x in h}})
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
        rows.append({"hypothesis": h, "label": matrix.attrs.get("hypotheses", {}).get(h, h),
                     "inconsistency": round(float(matrix.loc[against, "weight"].sum()), 3),
                     "n_inconsistent": int(against.sum()),
                     "consistency": round(float(matrix.loc[support, "weight"].sum()), 3),
                     "n_consistent": int(support.sum())})
    ranked = pd.DataFrame(rows).sort_values(["inconsistency", "consistency", "hypothesis"],
                                            ascending=[True, False, True], ignore_index=True)
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
    rows, baseline = [], None
    for name, left_out in scenarios:
        ranked = rank_hypotheses(ach_matrix(claims, hypotheses, exclude_sources=left_out))
        order = list(ranked.index)
        baseline = baseline or order
        rows.append({"scenario": name, "left_out": ";".join(left_out), "ranking": " > ".join(order),
                     "top": order[0], "is_top_changed": order[0] != baseline[0],
                     **{f"inconsistency_{h}": ranked.at[h, "inconsistency"] for h in hypotheses.hypotheses}})
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
        rows.append({"indicator": key, "label": ind.label, "favours": ";".join(ind.favours),
                     "n_claims": len(found), "n_sources": found["source_id"].nunique(),
                     "claim_ids": ";".join(sorted(found["claim_id"]))})
    return pd.DataFrame(rows, columns=["indicator", "label", "favours", "n_claims", "n_sources", "claim_ids"])


def corroboration_label(frame: pd.DataFrame) -> pd.Series:
    """'3 sources (2 independent)' for each claim or event row (n_sources, n_independent)."""
    def label(n: int, j: int) -> str:
        return "1 source" if n == 1 else f"{n} sources ({j} independent)"
    return pd.Series([label(n, j) for n, j in zip(frame["n_sources"], frame["n_independent"])], index=frame.index)
