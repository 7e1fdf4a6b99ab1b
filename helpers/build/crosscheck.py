"""Check claims against each other across sources: corroboration, copying, contradictions, stale forecasts.

The build runs these on whole-corpus tables; what counts as "the same", "copied" or "opposite"
comes from the corroboration and contradictions sections of taxonomy.yml, so a new article
updates groups and pairs with no code change. Pair finding is blocked (an inverted index of
telling words; phrase hits per topic), so the cost grows with the pairs found, not with n².
"""

from __future__ import annotations

import hashlib
import re

import networkx as nx
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from helpers import schema
from helpers.config import Curation, Taxonomy
from helpers.errors import InputError
from helpers.text.patterns import WORD, normalised
from helpers.text.phrases import PhraseIndex, phrase_hits

QUOTE = re.compile(r"[\"“][^\"”]{20,}[\"”]")  # a quotation long enough to be someone's words
GROUP_COLUMNS = ["group_id", "claim_ids", "n_sources", "n_independent"]
PAIR_COLUMNS = ["claim_id_a", "claim_id_b", "kind", "explanation", "status", "note"]


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'").removesuffix("'s")


def _stem(word: str) -> str:
    """Fold plurals and -ed/-ing so 'supplies', 'supplied' and 'supply' share a word."""
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


class Words:
    """The words of many texts as integer arrays, worked out once per distinct word (fast on big corpora).

    `folded` ids (case and possessives folded) serve copy detection; `telling` ids (actor aliases
    folded to one name, ignore_words out, light stemming; -1 when ignored) serve corroboration.
    """

    def __init__(self, texts: pd.Series, taxonomy: Taxonomy):
        cfg = taxonomy.corroboration
        lists = [WORD.findall(t) for t in texts.tolist()]
        self.lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        self.owner = np.repeat(np.arange(len(lists)), self.lengths)
        codes, vocab = pd.factorize(pd.Series([w for ws in lists for w in ws], dtype=object))
        folded = [_fold(w) for w in vocab]
        fold_codes, _ = pd.factorize(pd.Series(folded, dtype=object))
        self.folded = fold_codes[codes] if len(codes) else np.zeros(0, dtype=np.int64)
        ignore, negations = {w.casefold() for w in cfg.ignore_words}, {w.casefold() for w in cfg.negations}
        plain, caps = {}, {}
        for name, actor in taxonomy.actors.items():
            for alias in actor.aliases:
                if " " not in alias:
                    (caps if alias.isupper() and len(alias) > 1 else plain)[alias.casefold()] = name.casefold()
        telling = [caps.get(f, f) if w.isupper() else plain.get(f, f) for w, f in zip(vocab, folded)]
        telling = ["" if t in ignore else _stem(t).replace(" ", "_") for t in telling]
        tell_codes, self.vocab = pd.factorize(pd.Series(telling, dtype=object))
        tell_codes[np.asarray(telling, dtype=object) == ""] = -1
        self.telling = tell_codes[codes] if len(codes) else np.zeros(0, dtype=np.int64)
        # One number per text for its whole folded wording: identical wording, identical number.
        offset = np.arange(len(codes)) - np.repeat(_starts(self.lengths), self.lengths)
        power = np.cumprod(np.full(max(int(self.lengths.max(initial=0)), 1), 1_000_003, dtype=np.uint64))
        total = np.concatenate([[0], np.cumsum((self.folded.astype(np.uint64) + 1) * power[offset])]).astype(np.uint64)
        ends = np.cumsum(self.lengths)
        self.wording = total[ends] - total[ends - self.lengths]
        negating = np.array([f in negations for f in folded], dtype=bool)
        self.negated = (
            np.bincount(self.owner, weights=negating[codes], minlength=len(lists)) > 0
            if len(codes)
            else np.zeros(len(lists), dtype=bool)
        )

    def key(self, i: int, starts: np.ndarray) -> str:
        """Text i's telling words, for rapidfuzz."""
        ids = self.telling[starts[i] : starts[i] + self.lengths[i]]
        return " ".join(self.vocab[ids[ids >= 0]])


def _starts(lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(lengths)[:-1]]) if len(lengths) else lengths


# --- copying: sources that share long verbatim passages are one origin ---------------------------


def copy_links(claims: pd.DataFrame, words: Words, taxonomy: Taxonomy) -> pd.DataFrame:
    """Pairs of sources sharing at least copy_min_shared runs of copy_ngram_words words.

    Each run of n words inside one claim is hashed from its word ids (a rolling hash in numpy),
    so copying is found in one pass whatever the corpus size.
    """
    cfg = taxonomy.corroboration
    n, ids = cfg.copy_ngram_words, words.folded.astype(np.uint64)
    if len(ids) < n:
        return pd.DataFrame(columns=["source_id_x", "source_id_y", "n_runs"])
    run = np.zeros(len(ids) - n + 1, dtype=np.uint64)
    for k in range(n):
        run = run * np.uint64(1_000_003) + ids[k : len(ids) - n + 1 + k]
    offset = np.arange(len(ids)) - np.repeat(_starts(words.lengths), words.lengths)
    fits = (offset + n <= np.repeat(words.lengths, words.lengths))[: len(run)]
    codes, names = pd.factorize(claims["source_id"], sort=True)
    runs = pd.DataFrame({"s": codes[words.owner[: len(run)][fits]], "run": run[fits]}).drop_duplicates()
    spread = runs.groupby("run")["s"].transform("size")
    runs = runs[(spread >= 2) & (spread <= cfg.copy_max_sources)]
    pairs = runs.merge(runs, on="run")
    pairs = pairs[pairs["s_x"] < pairs["s_y"]]
    shared = pairs.groupby(["s_x", "s_y"]).size()
    shared = shared[shared >= cfg.copy_min_shared].reset_index()
    return pd.DataFrame(
        {"source_id_x": names[shared["s_x"]], "source_id_y": names[shared["s_y"]], "n_runs": shared[0].to_numpy()}
    )


def origins(source_ids: list[str], links: pd.DataFrame) -> dict[str, str]:
    """Source id -> origin id, the first source id (alphabetically) of its copying component."""
    graph = nx.Graph()
    graph.add_nodes_from(source_ids)
    graph.add_edges_from(zip(links["source_id_x"], links["source_id_y"]))
    return {sid: min(component) for component in nx.connected_components(graph) for sid in component}


# --- corroboration: claims in different sources that say the same thing --------------------------


def _candidate_pairs(words: Words, live: np.ndarray, sources: np.ndarray, cfg) -> pd.DataFrame:
    """Live claims in different sources sharing min_shared_words uncommon telling words (inverted index)."""
    keep = (words.telling >= 0) & live[words.owner]
    tokens = pd.DataFrame({"i": words.owner[keep], "w": words.telling[keep]}).drop_duplicates()
    spread = tokens.groupby("w")["i"].transform("size")
    tokens = tokens[(spread >= 2) & (spread <= cfg.max_word_claims)]
    pairs = tokens.merge(tokens, on="w")
    pairs = pairs[pairs["i_x"] < pairs["i_y"]]
    pairs = pairs[sources[pairs["i_x"].to_numpy()] != sources[pairs["i_y"].to_numpy()]]
    shared = pairs.groupby(["i_x", "i_y"]).size()
    return shared[shared >= cfg.min_shared_words].index.to_frame(index=False)


def corroboration(
    claims: pd.DataFrame, words: Words, taxonomy: Taxonomy, origin: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group claims that say the same thing; (claim_groups table, per-claim group_id/n_sources/n_independent).

    Two claims are linked when rapidfuzz's token_set_ratio over their telling words reaches
    min_score and they agree (both negated or neither, the same must_agree tags, modalities on
    one side), or when their wording is identical. Linked claims form a group (connected
    components); only groups that span two or more sources are kept.
    `words` holds the words of claims["text"], row for row.
    """
    cfg = taxonomy.corroboration
    live = schema.live(claims).to_numpy()
    sources = claims["source_id"].to_numpy()
    pairs = _candidate_pairs(words, live, sources, cfg)
    x, y = pairs["i_x"].to_numpy(), pairs["i_y"].to_numpy()
    agree = words.negated[x] == words.negated[y]
    for column in cfg.must_agree:
        values = claims[column].astype(str).to_numpy()
        agree &= values[x] == values[y]
    side = claims["modality"].astype(str).map({m: k for k, ms in enumerate(cfg.modality_sides) for m in ms})
    side = side.fillna(-1).to_numpy()
    agree &= (side[x] == side[y]) | (side[x] < 0) | (side[y] < 0)
    pairs = pairs[agree]
    if len(pairs):
        starts = _starts(words.lengths)
        keys = {i: words.key(i, starts) for i in set(pairs["i_x"]) | set(pairs["i_y"])}
        scores = process.cpdist(
            [keys[i] for i in pairs["i_x"]],
            [keys[j] for j in pairs["i_y"]],
            scorer=fuzz.token_set_ratio,
            score_cutoff=cfg.min_score,
            workers=-1,
        )
        pairs = pairs[scores >= cfg.min_score]
    exact = pd.DataFrame({"i": np.arange(len(claims)), "key": words.wording, "n": words.lengths})[live]
    exact["first"] = exact.groupby(["key", "n"])["i"].transform("min")
    exact = exact[exact["i"] != exact["first"]]
    graph = nx.Graph()
    graph.add_edges_from(zip(pairs["i_x"], pairs["i_y"]))
    graph.add_edges_from(zip(exact["i"], exact["first"]))
    ids, rows, member_of = claims["claim_id"].to_numpy(), [], {}
    for component in nx.connected_components(graph):
        members = sorted(ids[i] for i in component)
        group_sources = {sources[i] for i in component}
        if len(group_sources) < 2:
            continue
        gid = "g" + hashlib.sha1(";".join(members).encode()).hexdigest()[:11]
        n_sources, n_independent = len(group_sources), len({origin[s] for s in group_sources})
        rows.append(
            {"group_id": gid, "claim_ids": ";".join(members), "n_sources": n_sources, "n_independent": n_independent}
        )
        member_of.update({cid: (gid, n_sources, n_independent) for cid in members})
    groups = pd.DataFrame(rows, columns=GROUP_COLUMNS).sort_values("group_id", ignore_index=True)
    groups = groups.astype({"group_id": str, "claim_ids": str, "n_sources": "int64", "n_independent": "int64"})
    per_claim = pd.DataFrame(
        [member_of.get(cid, ("", 1, 1)) for cid in claims["claim_id"]],
        columns=["group_id", "n_sources", "n_independent"],
        index=claims.index,
    )
    return groups, per_claim.astype({"n_sources": "int64", "n_independent": "int64"})


# --- contradictions ---------------------------------------------------------------------------------


def _with_context(claims: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Live claims, each with the text it is read in: a 'This includes ...' sentence gets the one before."""
    claims = claims.sort_values(["source_id", "char_start"])
    previous = claims.groupby("source_id")[["text", "actors"]].shift(fill_value="")
    opener = PhraseIndex({"continues": taxonomy.contradictions.continues})
    reads_on = pd.Series([opener.match(t.lstrip("\"“'‘ ")) for t in claims["text"].tolist()], index=claims.index)
    out = claims.assign(
        context=claims["text"].where(~reads_on, previous["text"] + " " + claims["text"]),
        context_actors=claims["actors"].where(~reads_on, previous["actors"] + ";" + claims["actors"]),
    )
    return out[schema.live(out)]


def _overlap(frame: pd.DataFrame) -> pd.Series:
    """Date spans that overlap, or where either claim is undated."""
    undated = (frame["date_start_x"] == "") | (frame["date_start_y"] == "")
    return undated | ((frame["date_start_x"] <= frame["date_end_y"]) & (frame["date_start_y"] <= frame["date_end_x"]))


def _pairs_for(a: pd.DataFrame, b: pd.DataFrame, on: str, same_time: bool = True) -> pd.DataFrame:
    """Pairs from a and b in different sources that share `on` (and, by default, a time)."""
    cols = ["claim_id", "source_id", "date_start", "date_end", on]
    pairs = a[cols].merge(b[cols], on=on)
    return pairs[(pairs["source_id_x"] != pairs["source_id_y"]) & (_overlap(pairs) | (not same_time))]


def _opposites(live: pd.DataFrame, topics: pd.DataFrame, taxonomy: Taxonomy) -> list[pd.DataFrame]:
    found = []  # one frame per rule
    for kind, rule in taxonomy.contradictions.opposites.items():
        mine = topics[[f"{kind}\x1f{t}" for t in rule.topics]].set_axis(list(rule.topics), axis=1)
        mine = mine[mine.sum(axis=1) > 0]
        cand = live.loc[mine.index]
        naming = cand["context_actors"].str.split(";").map(set(rule.actors).issubset).astype(bool)
        cand = cand.loc[naming & (cand["modality"] != "hedged")]
        cues = phrase_hits(cand["context"], {"says": rule.says, "denies": rule.denies}, cand.index)
        says = cand[(cues["says"] > 0) & (cues["denies"] == 0) & (cand["modality"] != "forecast")]
        denies = cand[(cues["denies"] > 0) & (cues["says"] == 0)]
        long = mine.loc[cand.index].rename_axis("row").reset_index().melt("row", var_name="topic")
        topic_of = long[long["value"] > 0].set_index("row")["topic"]
        pairs = _pairs_for(says.join(topic_of, how="inner"), denies.join(topic_of, how="inner"), "topic")
        key = ["claim_id_x", "claim_id_y"]
        pairs = pairs.assign(order=pairs["topic"].map(list(rule.topics).index)).sort_values(key + ["order"])
        several = pairs.duplicated(key, keep=False)  # a pair that disagrees on two topics is one row
        joined = pairs[several].groupby(key, sort=False)["topic"].agg(" and ".join)
        pairs = pairs.drop_duplicates(key).set_index(key)
        pairs.loc[joined.index, "topic"] = joined
        found.append(
            pd.DataFrame(
                {
                    "claim_id_a": pairs.index.get_level_values(0),
                    "claim_id_b": pairs.index.get_level_values(1),
                    "kind": kind,
                    "explanation": [
                        rule.explain.format(a=a, b=b, topic=t)
                        for a, b, t in zip(pairs["source_id_x"], pairs["source_id_y"], pairs["topic"])
                    ],
                }
            )
        )
    return found


def _outcomes(live: pd.DataFrame, topics: pd.DataFrame, taxonomy: Taxonomy) -> list[pd.DataFrame]:
    found = []
    for name, rule in taxonomy.contradictions.outcomes.items():
        mine = topics[[f"{name}\x1f{t}" for t in rule.topics]].set_axis(rule.topics, axis=1)
        mine = mine[mine.sum(axis=1) > 0]
        cand = live.loc[mine.index]
        cues = phrase_hits(
            cand["text"], {"forecast": rule.forecast, "happened": rule.happened, "unless": rule.unless}, cand.index
        )
        forecasts = cand[cues["forecast"] > 0].assign(rule=name)
        topic_of = dict(zip(forecasts["claim_id"], (mine.loc[forecasts.index] > 0).idxmax(axis=1)))
        reports = cand[
            (cues["happened"] > 0)
            & (cues["forecast"] == 0)
            & (cues["unless"] == 0)
            & cand["modality"].isin(["asserted", "reported"])
        ].assign(rule=name)
        pairs = _pairs_for(forecasts, reports, "rule", same_time=False)
        undated = (pairs["date_end_y"] == "") | (pairs["date_start_x"] == "")
        pairs = pairs[undated | (pairs["date_end_y"] >= pairs["date_start_x"])]  # not a report of an earlier one
        found.append(
            pd.DataFrame(
                {
                    "claim_id_a": pairs["claim_id_x"],
                    "claim_id_b": pairs["claim_id_y"],
                    "kind": "overtaken",
                    "explanation": [
                        rule.explain.format(a=a, b=b, topic=topic_of[f])
                        for a, b, f in zip(pairs["source_id_x"], pairs["source_id_y"], pairs["claim_id_x"])
                    ],
                }
            )
        )
    return found


def _dated_differently(live: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims of one corroboration group, firmly dated to spans that do not overlap."""
    dated = live[(live["group_id"] != "") & (live["date_start"] != "") & ~live["is_date_inferred"]]
    pairs = _pairs_for(dated, dated, "group_id", same_time=False)
    pairs = pairs[pairs["date_end_x"] < pairs["date_start_y"]]  # the earlier-dated claim first

    def span(start: str, end: str) -> str:
        return start if start == end else f"{start} to {end}"

    found = [
        (
            r.claim_id_x,
            r.claim_id_y,
            "dated_differently",
            f"{r.source_id_x} dates it {span(r.date_start_x, r.date_end_x)}; "
            f"{r.source_id_y} dates it {span(r.date_start_y, r.date_end_y)}",
        )
        for r in pairs.itertuples()
    ]
    return [pd.DataFrame(found, columns=PAIR_COLUMNS[:4])]


def one_per_wording(found: pd.DataFrame, claims: pd.DataFrame, curation: Curation) -> pd.DataFrame:
    """One pair for each kind and pair of wordings: copies of one article add no new contradiction.

    Without this, n copies of a sentence against m copies of its opposite give n x m rows. The pair
    kept is the first by claim ids; a pair the analyst ruled on is always kept. Grades and stale
    forecasts are worked out on every pair first; only the published list is bounded.
    """
    if found.empty:
        return found
    found = found.assign(pair=[" ".join(sorted(p)) for p in zip(found["claim_id_a"], found["claim_id_b"])])
    words = dict(zip(claims["claim_id"], claims["text"].map(normalised)))
    found = found.sort_values("pair")
    same = [
        "\x1f".join([kind, *sorted((words[a], words[b]))])
        for kind, a, b in zip(found["kind"], found["claim_id_a"], found["claim_id_b"])
    ]
    ruled = found["pair"].isin({" ".join(sorted(key.split())) for key in curation.contradictions})
    kept = found[~pd.Series(same, index=found.index).duplicated() | ruled]
    return kept.drop(columns="pair").sort_values(["claim_id_a", "claim_id_b"], ignore_index=True)


def contradictions(claims: pd.DataFrame, taxonomy: Taxonomy, curation: Curation, curation_path) -> pd.DataFrame:
    """Pairs of claims from different sources that cannot both be true, with the analyst's status.

    `claims` carries group_id (from corroboration) for the 'dated_differently' check.

    Raises:
        InputError: curation.yml decides on a pair that this build does not find.
    """
    live = _with_context(claims, taxonomy)
    rules = taxonomy.contradictions
    lists = {f"{kind}\x1f{t}": phrases for kind, r in rules.opposites.items() for t, phrases in r.topics.items()}
    lists |= {f"{name}\x1f{t}": [t] for name, r in rules.outcomes.items() for t in r.topics}
    topics = phrase_hits(live["text"], lists)  # every topic of every rule in one pass
    frames = _opposites(live, topics, taxonomy) + _outcomes(live, topics, taxonomy) + _dated_differently(live)
    found = pd.concat([f for f in frames if len(f)] or [pd.DataFrame(columns=PAIR_COLUMNS[:4])], ignore_index=True)
    found["pair"] = [" ".join(sorted(p)) for p in zip(found["claim_id_a"], found["claim_id_b"])]
    found = found.drop_duplicates("pair")  # a pair two rules find is listed once, under the first
    known = set(found["pair"])
    for key in curation.contradictions:
        if " ".join(sorted(key.split())) not in known:
            raise InputError(
                curation_path,
                f"contradictions: pair '{key}' is not found in this build (a claim "
                f"changed or a rule no longer matches); update or delete that entry",
            )
    decided = [curation.pair(a, b) for a, b in zip(found["claim_id_a"], found["claim_id_b"])]
    found["status"] = [d.status if d else "open" for d in decided]
    found["note"] = [(d.note or "") if d else "" for d in decided]
    return found[PAIR_COLUMNS].astype(str).sort_values(["claim_id_a", "claim_id_b"], ignore_index=True)


def overtaken_by(claims: pd.DataFrame, pairs: pd.DataFrame, published: dict[str, str]) -> pd.Series:
    """For each forecast overtaken by events, the claim that reports the outcome (earliest source first)."""
    live = pairs[(pairs["kind"] == "overtaken") & (pairs["status"] != "dismissed")]
    source = dict(zip(claims["claim_id"], claims["source_id"]))
    best: dict[str, tuple] = {}
    for a, b in zip(live["claim_id_a"], live["claim_id_b"]):
        best[a] = min(best.get(a, (published.get(source[b], ""), b)), (published.get(source[b], ""), b))
    return claims["claim_id"].map(lambda cid: best[cid][1] if cid in best else "")


def quotes_unattributed(claims: pd.DataFrame) -> pd.Series:
    """Claims that quote someone's words without saying whose."""
    quoted = [bool(QUOTE.search(t)) for t in claims["text"].tolist()]
    return pd.Series(quoted, index=claims.index, dtype=bool) & (claims["attribution"] == "")
