"""Heuer's Analysis of Competing Hypotheses over evidence items, the judgments' estimates, and indicators.

An evidence item is one corroboration group, or one claim no other source corroborates; lone
claims in which one source restates one thesis (rated by the same rule) are one item too, so a
source that repeats itself counts once. Each item is rated consistent (C), inconsistent (I) or
not applicable (NA) to each mutually exclusive hypothesis: "suggested" by the first rule in
data/hypotheses.yml that fits it, "ruled" where an analyst's cell there wins, and "unrated"
(cells "?") where no rule fits, so nothing is silently NA. Rules on transfers read who gives to
whom from the sentence (helpers.text.roles), so Iranian drones for Russia never count as Russian
arms for Iran. Every function here is a pure function of the frames it is given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from itertools import combinations

import pandas as pd

from helpers import schema
from helpers.config import GRADES, Hypotheses, Judgment, Rule, Taxonomy
from helpers.text.phrases import phrase_hits
from helpers.text.roles import flows

EVIDENCE_COLUMNS = [
    "text",
    "claim_ids",
    "source_ids",
    "n_sources",
    "n_independent",
    "n_claims",
    "credibility",
    "is_dated",
    "weight",
    "status",
    "basis",
    "suggested",
]
UNRATED = "?"  # the cell of an item no rule rates and no analyst has ruled on
STATUS_ORDER = {"ruled": 0, "suggested": 1, "unrated": 2}  # which member speaks for an item
# ICD 203 likelihood words with their ranges.
ICD203 = [
    ("almost no chance", 0.01, 0.05),
    ("very unlikely", 0.05, 0.20),
    ("unlikely", 0.20, 0.45),
    ("roughly even chance", 0.45, 0.55),
    ("likely", 0.55, 0.80),
    ("very likely", 0.80, 0.95),
    ("almost certain", 0.95, 0.99),
]
LIKELIHOOD = [(0.05, "almost no chance"), *((high, word) for word, _, high in ICD203[1:-1]), (1.00, "almost certain")]
EVEN, LIKELY = 3, 4  # positions of "roughly even chance" and "likely" in ICD203
CONFIDENCE = ("low", "moderate", "high")
_NEGATION_WORD = re.compile(r"\w+(?:['’]\w+)*")


# --- rating claims -----------------------------------------------------------------------------------


def _naming(claims: pd.DataFrame, actors: list[str]) -> pd.Series:
    """Claims that name every one of these actors."""
    return claims["actors"].map(set(actors).issubset).astype(bool)


class _Reader:
    """What the rules read from a sentence beyond its tags: transfers (giver, receiver) and negation."""

    def __init__(self, taxonomy: Taxonomy | None):
        self.taxonomy = taxonomy
        self._flows: dict[str, list] = {}

    def _need(self, what: str) -> Taxonomy:
        if self.taxonomy is None:
            raise ValueError(f"a rule with {what} needs the taxonomy (its actors and negations); pass taxonomy=")
        return self.taxonomy

    def _chain(self, name: str | None) -> list[str]:
        """The actor and what it belongs to, up the chain: the IRGC is Iran's."""
        actors, seen = self._need("flow:").actors, []
        while name and name not in seen:
            seen.append(name)
            name = actors[name].affiliation if name in actors else None
        return seen

    def flow(self, text: str, rule: Rule) -> bool:
        """The sentence states the rule's transfer, both sides named (or, with denied, denies it)."""
        if text not in self._flows:
            actors = {n: a.aliases for n, a in self._need("flow:").actors.items()}
            self._flows[text] = flows(text, actors)
        assert rule.flow is not None
        return any(
            f.negated == rule.denied
            and rule.flow.giver in self._chain(f.giver)
            and rule.flow.receiver in self._chain(f.receiver)
            for f in self._flows[text]
        )

    def negated(self, texts: pd.Series) -> pd.Series:
        words = {w.casefold() for w in self._need("negated:").corroboration.negations}
        return texts.map(lambda t: not words.isdisjoint(w.casefold() for w in _NEGATION_WORD.findall(t))).astype(bool)


def _ratings(claims: pd.DataFrame, hyp: Hypotheses, taxonomy: Taxonomy | None) -> pd.DataFrame:
    """Per claim: the first rule that fits it (basis), its suggested cells, the analyst's ruled cells and status."""
    h = list(hyp.hypotheses)
    basis = pd.Series("", index=claims.index, dtype="object")
    phrases = phrase_hits(claims["text"], {r.name: r.phrases for r in hyp.rules if r.phrases}, claims.index)
    reader = _Reader(taxonomy)
    negated = reader.negated(claims["text"]) if any(r.negated is not None for r in hyp.rules) else None
    for rule in hyp.rules:
        mask = basis == ""
        for column, wanted in (("stance", rule.stances), ("area", rule.areas), ("theme", rule.themes)):
            if wanted:
                mask &= claims[column].astype(str).isin(wanted)
        if rule.phrases:
            mask &= phrases[rule.name] > 0
        if rule.negated is not None:
            mask &= negated == rule.negated
        mask &= _naming(claims, rule.actors)
        if rule.flow is not None and mask.any():
            mask.loc[mask] = claims.loc[mask, "text"].map(lambda t, r=rule: reader.flow(t, r)).astype(bool)
        basis[mask] = rule.name
    by_name = {r.name: r.cells for r in hyp.rules}
    suggested = pd.DataFrame(
        [[by_name[b].get(x, "NA") if b else UNRATED for x in h] for b in basis], index=claims.index, columns=h
    )
    cells = suggested.copy()
    ruled = claims["claim_id"].isin(set(hyp.ach))
    for i, cid in zip(claims.index[ruled], claims.loc[ruled, "claim_id"]):
        for x in h:
            cells.at[i, x] = hyp.ach[cid].get(x, "NA" if cells.at[i, x] == UNRATED else cells.at[i, x])
    status = pd.Series("unrated", index=claims.index).mask(basis != "", "suggested").mask(ruled, "ruled")
    shown = [" ".join(f"{x} {c}" for x, c in zip(h, row)) if b else "" for b, row in zip(basis, suggested.to_numpy())]
    return cells.assign(basis=basis.mask(ruled, "analyst ruling"), status=status, suggested=shown)


def _members(claims: pd.DataFrame, hyp: Hypotheses, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """The claims that are evidence, each rated and keyed to its item, the item's spokesman first."""
    kept = claims[schema.live(claims)]
    kept = kept[kept["modality"].astype(str).isin(hyp.evidence_modalities)]
    if hyp.evidence_since is not None:
        kept = kept[~(kept["date_end"] < pd.Timestamp(hyp.evidence_since))]
    kept = pd.concat([kept, _ratings(kept, hyp, taxonomy)], axis=1)
    restated = kept["source_id"].astype(str) + "\x1f" + kept["basis"]  # one source, one thesis: one item
    kept["item"] = kept["group_id"].where(
        kept["group_id"] != "", restated.where(kept["status"] == "suggested", kept["claim_id"])
    )
    kept["order"] = kept["status"].map(STATUS_ORDER)
    kept["undated"] = kept["date_start"].isna()
    return kept.sort_values(["item", "order", "credibility", "undated", "claim_id"])


def _items(members: pd.DataFrame, hyp: Hypotheses, keyed: bool = False) -> pd.DataFrame:
    """One row per item: its spokesman's words and cells, every claim and source behind it.

    Indexed by evidence (its group, else its first claim), or with keyed=True by the members' item key.
    """
    h = list(hyp.hypotheses)
    if members.empty:
        return pd.DataFrame(columns=["evidence", *EVIDENCE_COLUMNS, *h]).set_index("evidence")
    groups = members.groupby("item", sort=True)
    best = groups.head(1).set_index("item")
    dated = ~groups["undated"].all()
    n_sources = groups["source_id"].nunique()
    credibility = best["credibility"].astype(int)
    weight = credibility.map(hyp.credibility_weights) * dated.map({True: 1.0, False: hyp.undated_weight})
    items = pd.DataFrame(
        {
            "evidence": best["group_id"].where(best["group_id"] != "", groups["claim_id"].min()),
            "text": best["text"],
            "claim_ids": groups["claim_id"].agg(lambda s: ";".join(sorted(s))),
            "source_ids": groups["source_id"].agg(lambda s: ";".join(sorted(set(s)))),
            "n_sources": n_sources,
            "n_independent": best["n_independent"].astype(int).clip(upper=n_sources),
            "n_claims": groups.size(),
            "credibility": credibility,
            "is_dated": dated,
            "weight": weight.round(3),
            "status": best["status"],
            "basis": best["basis"],
            "suggested": best["suggested"],
            **{x: best[x] for x in h},
        }
    )
    items = items[(items[h] != "NA").any(axis=1)]  # a rule that rates an item NA throughout says it is not evidence
    return items.drop(columns="evidence") if keyed else items.set_index("evidence").sort_index()


def ach_matrix(
    claims: pd.DataFrame,
    hypotheses: Hypotheses,
    exclude_sources: Iterable[str] = (),
    taxonomy: Taxonomy | None = None,
) -> pd.DataFrame:
    """Evidence items x hypotheses: cells C / I / NA, or "?" for an unrated item.

    An item takes the cells and credibility of its best member (ruled before suggested, then the
    best grade, then dated), so a thing said by five sources, or five times by one, counts once.
    Its weight is the credibility weight, times undated_weight when no member carries a date: an
    undated generality is not current evidence. Forecasts are not evidence, and history before
    evidence_since is not evidence about the relationship now (both set in hypotheses.yml).
    """
    members = _members(claims, hypotheses, taxonomy)
    matrix = _items(members[~members["source_id"].isin(set(exclude_sources))], hypotheses)
    matrix.attrs["hypotheses"] = {k: v.label for k, v in hypotheses.hypotheses.items()}
    return matrix


def unrated(matrix: pd.DataFrame) -> pd.DataFrame:
    """The items no rule could rate and no analyst ruled on: listed, so none is silently NA."""
    return matrix[matrix["status"] == "unrated"]


def overlaps(matrix: pd.DataFrame, hypotheses: Hypotheses) -> list[str]:
    """Warnings for hypotheses that share every consistent item of this matrix."""
    return hypotheses.alike({x: set(matrix.index[matrix[x] == "C"]) for x in hypotheses.hypotheses})


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


def standings(matrix: pd.DataFrame) -> pd.Series:
    """Per hypothesis, a probability from its weighted inconsistency: proportional to exp(-inconsistency).

    The hypotheses exclude each other, so the standings sum to 1. One confirmed item against a
    hypothesis (weight 1) divides its odds by e; an improbable one (weight 0.2) by 1.2. Evidence
    consistent with every hypothesis moves nothing.
    """
    h = _hypothesis_columns(matrix)
    against = pd.Series({x: float(matrix.loc[matrix[x] == "I", "weight"].sum()) for x in h}, dtype=float)
    odds = (-(against - against.min())).map(math.exp)
    return (odds / odds.sum()).round(3).rename("standing")


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


def sensitivity(
    claims: pd.DataFrame, hypotheses: Hypotheses, sources: pd.DataFrame | None = None, taxonomy: Taxonomy | None = None
) -> pd.DataFrame:
    """How the ranking moves when the lowest-graded source, or any single source, is left out.

    The lowest grade comes from `sources` (reliability) when given, else from the mean
    credibility of each source's claims; sources tied at the lowest grade are left out together.
    Claims are rated once; leaving a source out rebuilds only the items it touches.
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
    members = _members(claims, hypotheses, taxonomy)
    everything = _items(members, hypotheses, keyed=True)
    by_source = members.groupby("source_id")["item"].agg(set)
    labels = {k: v.label for k, v in hypotheses.hypotheses.items()}
    rows, baseline = [], None
    for name, left_out in scenarios:
        touched = set().union(*(by_source.get(s, set()) for s in left_out))
        rest = members[members["item"].isin(touched) & ~members["source_id"].isin(set(left_out))]
        matrix = pd.concat([everything[~everything.index.isin(touched)], _items(rest, hypotheses, keyed=True)])
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


def likelihood_word(p: float) -> str:
    """The ICD 203 word for a probability (0.62 -> 'likely'); band edges belong to the lower band."""
    if not 0 <= p <= 1:
        raise ValueError(f"probability {p} is outside 0..1")
    return next(word for top, word in LIKELIHOOD if p <= top)


# --- the judgments -----------------------------------------------------------------------------------


def _item_of_claims(matrix: pd.DataFrame) -> dict[str, str]:
    return {cid: evidence for evidence, ids in matrix["claim_ids"].items() for cid in ids.split(";")}


def judgment_estimates(
    judgments: list[Judgment],
    matrix: pd.DataFrame,
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    contradictions: pd.DataFrame,
    against_record: Collection[str] = (),
) -> pd.DataFrame:
    """Each judgment's own likelihood and confidence, from its cited items and its hypothesis's standing.

    The point estimate is the mean of two figures: the weighted share of the judgment's rated items
    that fit it (C for a judgment that supports its hypothesis, I for one that rejects it) and the
    hypothesis's standing (or 1 minus it). Then the evidence caps it: when half or more of the items
    are unrated, or any is contradicted (a pair not dismissed, or a claim in `against_record`, which
    the team's reference timeline contradicts), it moves one band toward even
    chance; items from a single independent origin allow at most "likely". Confidence is high for
    three or more origins with mean credibility 3 or better, moderate for two, low for one; one step
    lower with unrated or contradicted items; never above the team's own word in judgments.yml.
    """
    standing = standings(matrix)
    item_of = _item_of_claims(matrix)
    origin = dict(zip(sources["source_id"], sources["origin_id"]))
    by_claim = claims.set_index("claim_id")
    disputed = contradictions[contradictions["status"].astype(str) != "dismissed"]
    contested = set(disputed["claim_id_a"]) | set(disputed["claim_id_b"]) | set(against_record)
    rows = []
    for j in judgments:
        cited = [c for c in j.claims if c in by_claim.index]
        items = sorted({item_of.get(c, c) for c in cited})
        fit, flip = ("C", "I") if j.supports else ("I", "C")
        found = matrix.reindex([i for i in items if i in matrix.index])
        cells = found[j.hypothesis] if j.hypothesis in found else pd.Series(dtype=object)
        n_fit, n_against = int((cells == fit).sum()), int((cells == flip).sum())
        n_unrated = len(items) - n_fit - n_against
        w_fit, w_against = found.loc[cells == fit, "weight"].sum(), found.loc[cells == flip, "weight"].sum()
        item_claims = {i: found.at[i, "claim_ids"].split(";") if i in found.index else [i] for i in items}
        n_contradicted = sum(bool(contested & set(ids)) for ids in item_claims.values())
        item_sources = {s for ids in item_claims.values() for s in by_claim.loc[ids, "source_id"]}
        origins = {origin.get(s, s) for s in item_sources}
        credibility = [
            int(found.at[i, "credibility"]) if i in found.index else int(by_claim.at[i, "credibility"]) for i in items
        ]
        p_h = float(standing.get(j.hypothesis, 0.5))
        prior = p_h if j.supports else 1 - p_h
        own = w_fit / (w_fit + w_against) if w_fit + w_against else None
        point = prior if own is None else (own + prior) / 2
        level = next(k for k, (_, _, high) in enumerate(ICD203) if point <= high or k == len(ICD203) - 1)
        notes = []
        weak = len(items) == 0 or n_unrated * 2 >= len(items) or n_contradicted > 0
        if weak and level != EVEN:
            level += -1 if level > EVEN else 1
            notes.append("moved toward even: " + ("unrated items" if n_unrated * 2 >= len(items) else "contradicted"))
        if len(origins) <= 1 and level > LIKELY:
            level = LIKELY
            notes.append("at most likely: one origin")
        mean_cred = sum(credibility) / len(credibility) if credibility else 6.0
        conf = 2 if len(origins) >= 3 and mean_cred <= 3 else 1 if len(origins) >= 2 else 0
        conf = min(max(conf - weak, 0), CONFIDENCE.index(j.confidence))
        word, low, high = ICD203[level]
        capped = f" ({'; '.join(notes)})" if notes else ""
        rows.append(
            {
                "judgment_id": j.judgment_id,
                "hypothesis_id": j.hypothesis,
                "likelihood_word": word,
                "probability_low": low,
                "probability_high": high,
                "confidence": CONFIDENCE[conf],
                "n_items": len(items),
                "n_independent_origins": len(origins),
                "n_contradicted": n_contradicted,
                "rationale": (
                    f"{_n(len(items), 'item')} ({n_fit} fit, {n_against} against, {n_unrated} unrated), "
                    f"{_n(len(origins), 'independent origin')}, mean credibility {mean_cred:.1f}, "
                    f"{n_contradicted} contradicted; {j.hypothesis} standing {p_h:.2f} -> {word}{capped}; "
                    f"{CONFIDENCE[conf]} confidence"
                ),
            }
        )
    return pd.DataFrame(rows, columns=list(schema.TABLES["judgments"]))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# --- indicators --------------------------------------------------------------------------------------


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
