"""Check claims against each other across sources: corroboration, copying, disputes, stale forecasts.

The build runs these on whole-corpus tables; what counts as "the same", "copied" or "opposite"
comes from the corroboration and contradictions sections of taxonomy.yml, so a new article
updates groups and disputes with no code change. Pair finding is blocked (an inverted index of
telling words; phrase hits per topic), so the cost grows with the pairs found, not with n².
Two claims that share their words are one fact only when they name the same items, dates that
overlap and the same direction of transfer (helpers.text.roles); otherwise they are different
facts, and when only the date or the figures differ, a dispute.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right

import networkx as nx
import numpy as np
import pandas as pd
import snowballstemmer
from rapidfuzz import fuzz, process

from helpers import schema
from helpers.config import Curation, Taxonomy
from helpers.errors import InputError
from helpers.text import roles
from helpers.text.patterns import TOKEN, WORD, normalised
from helpers.text.phrases import PhraseIndex, phrase_hits

QUOTE = re.compile(r"[\"“][^\"”]{20,}[\"”]")  # a quotation long enough to be someone's words
GROUP_COLUMNS = list(schema.TABLES["claim_groups"])
PAIR_COLUMNS = list(schema.TABLES["contradictions"])
DISPUTE_COLUMNS = list(schema.TABLES["disputes"])
NUMBER = re.compile(r"(?<![\w-])\d[\d,]*(?:\.\d+)?(?![\w-])")  # a figure: "2,000", "1.3"
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")  # a year is a date, which the date columns compare
AGAINST = {  # a reference conflict (reference_conflicts.csv) -> the dispute kind and the side the event refutes
    "standing_after_end": ("fallen_vs_standing", "b"),
    "forecast_after_fact": ("overtaken", "a"),
    "described_as_not": ("says_vs_denies", "a"),
    "not_delivered": ("delivered_vs_withheld", "a"),
}
PAIRED_SIDES = 25
SAME_EVENT = 60  # token_sort_ratio of two look-alikes' telling words: above it, one event dated or counted apart  # at most this many distinct wordings of the other side are paired with each claim


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'").removesuffix("'s")


_STEMMER = snowballstemmer.stemmer("english")


def _stem(word: str) -> str:
    """Porter2 (Snowball): 'supplies', 'supplied' and 'supply' share a word, and so do 'drones' and 'drone'."""
    return _STEMMER.stemWord(word)


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
        # Case-folded words, for grading's repeated phrases (keyword stuffing).
        case_codes, self.casefolded_vocab = pd.factorize(pd.Series([w.casefold() for w in vocab], dtype=object))
        self.casefolded = case_codes[codes] if len(codes) else np.zeros(0, dtype=np.int64)
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


def _facts(text: str, topics: PhraseIndex, items: set[str]) -> tuple[frozenset, frozenset, frozenset]:
    """What makes a sentence one fact: model designators ("S-400"), figures (years aside) and item topics."""
    tokens = TOKEN.findall(text)
    designators = frozenset(t.casefold() for t in tokens if any(c.isdigit() for c in t) and any(c.isalpha() for c in t))
    figures = frozenset(n.replace(",", "") for n in NUMBER.findall(text) if not YEAR.match(n.replace(",", "")))
    named = frozenset(name for name, k in topics.counts(text).items() if k and name in items) if items else frozenset()
    return designators, figures, named


def fact_pairs(claims: pd.DataFrame, words: Words, taxonomy: Taxonomy) -> pd.DataFrame:
    """Candidate pairs whose telling words match, with why they are not one fact ('' when they are).

    Columns i_x, i_y (row positions), score, order (token_sort_ratio, for 'dates' and 'numbers'), why: '' (the same fact), 'negation', 'tags', 'modality',
    'items' (different designators or item topics), 'numbers' (different figures), 'dates' (firm
    dates that do not overlap) or 'direction' (different giver and receiver, helpers.text.roles).
    `words` holds the words of claims["text"], row for row.
    """
    cfg, rules = taxonomy.corroboration, taxonomy.contradictions
    live = schema.live(claims).to_numpy()
    sources = claims["source_id"].to_numpy()
    pairs = _candidate_pairs(words, live, sources, cfg)
    out = pd.DataFrame({"i_x": pairs["i_x"].to_numpy(), "i_y": pairs["i_y"].to_numpy()})
    out["score"], out["why"] = 0.0, ""
    if out.empty:
        return out
    starts = _starts(words.lengths)
    keys = {i: words.key(i, starts) for i in set(out["i_x"]) | set(out["i_y"])}
    out["score"] = process.cpdist(
        [keys[i] for i in out["i_x"]],
        [keys[j] for j in out["i_y"]],
        scorer=fuzz.token_set_ratio,
        score_cutoff=cfg.min_score,
        workers=-1,
    )
    out = out[out["score"] >= cfg.min_score].reset_index(drop=True)
    x, y = out["i_x"].to_numpy(), out["i_y"].to_numpy()
    why = np.full(len(out), "", dtype=object)
    why[words.negated[x] != words.negated[y]] = "negation"
    for column in cfg.must_agree:
        values = claims[column].astype(str).to_numpy()
        why[(why == "") & (values[x] != values[y])] = "tags"
    side = claims["modality"].astype(str).map({m: k for k, ms in enumerate(cfg.modality_sides) for m in ms})
    side = side.fillna(-1).to_numpy()
    why[(why == "") & (side[x] != side[y]) & (side[x] >= 0) & (side[y] >= 0)] = "modality"
    texts = claims["text"].tolist()
    topics = PhraseIndex(rules.topics)
    facts = {i: _facts(texts[i], topics, set(rules.items)) for i in set(x) | set(y)}
    start, end = claims["date_start"].astype(str).to_numpy(), claims["date_end"].astype(str).to_numpy()
    firm = (start != "") & ~claims["is_date_inferred"].astype(bool).to_numpy()
    apart = firm[x] & firm[y] & ((end[x] < start[y]) | (end[y] < start[x]))
    for k, (i, j) in enumerate(zip(x, y)):
        if why[k]:
            continue
        (di, ni, ii), (dj, nj, ij) = facts[i], facts[j]
        if di != dj or (ii and ij and ii != ij):
            why[k] = "items"
        elif apart[k]:
            why[k] = "dates"
        elif ni and nj and ni != nj:
            why[k] = "numbers"
    actors = _aliases(taxonomy)
    flows = {}  # text -> its (giver, receiver) pairs: copies of a sentence are read once
    for k, (i, j) in enumerate(zip(x, y)):
        if why[k]:
            continue
        for t in (texts[i], texts[j]):
            if t not in flows:
                flows[t] = {(f.giver, f.receiver) for f in roles.flows(t, actors) if f.giver and f.receiver}
        if flows[texts[i]] and flows[texts[j]] and not flows[texts[i]] & flows[texts[j]]:
            why[k] = "direction"
    out["why"] = why
    near = np.isin(why, ["dates", "numbers"])  # one event told in much the same order, or two events?
    out["order"] = 0.0
    if near.any():
        out.loc[near, "order"] = process.cpdist(
            [keys[i] for i in x[near]], [keys[j] for j in y[near]], scorer=fuzz.token_sort_ratio, workers=-1
        )
    return out


def _aliases(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Actor name -> aliases, for helpers.text.roles (which may not read the taxonomy itself)."""
    return {name: actor.aliases for name, actor in taxonomy.actors.items()}


def corroboration(
    claims: pd.DataFrame,
    words: Words,
    taxonomy: Taxonomy,
    origin: dict[str, str],
    pairs: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group claims that say the same thing; (claim_groups table, per-claim group_id/n_sources/n_independent).

    Two claims are linked when rapidfuzz's token_set_ratio over their telling words reaches
    min_score and they are one fact (fact_pairs: both negated or neither, the same must_agree tags,
    modalities on one side, the same items and figures, dates that overlap, the same direction),
    or when their wording is identical. Linked claims form a group (connected components); only
    groups that span two or more sources are kept. `pairs` is fact_pairs' result, when already worked out.
    """
    live = schema.live(claims).to_numpy()
    sources = claims["source_id"].to_numpy()
    pairs = fact_pairs(claims, words, taxonomy) if pairs is None else pairs
    pairs = pairs[pairs["why"] == ""]
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
        [member_of.get(cid, ("", 1, 1)) for cid in claims["claim_id"].tolist()],
        columns=["group_id", "n_sources", "n_independent"],
        index=claims.index,
    )
    return groups, per_claim.astype({"n_sources": "int64", "n_independent": "int64"})


# --- disputes: one row per question, every claim that takes a side on it --------------------------


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


class _Reader:
    """Reads one claim's sides: topics, cues and negations found by one phrase pass, counted in words."""

    def __init__(self, taxonomy: Taxonomy):
        rules = taxonomy.contradictions
        self.rules, self.window = rules, rules.window
        lists = {"neg": rules.negations, "withhold": rules.withholding, "deny": rules.denials}
        lists |= {
            f"t\x1f{name}": [p for p in phrases if not p.startswith("@")] for name, phrases in rules.topics.items()
        }
        for kind, rule in rules.opposites.items():
            lists |= {f"s\x1f{kind}": rule.says, f"d\x1f{kind}": rule.denies}
        self.index = PhraseIndex(lists)
        kinds = {p[1:] for phrases in rules.topics.values() for p in phrases if p.startswith("@")}
        self.named = {  # topics that are actors of a kind ("@person"): the actor is the question
            name: [p[1:] for p in phrases if p.startswith("@")] for name, phrases in rules.topics.items()
        }
        self.actor_index = PhraseIndex(
            {n: a.aliases for n, a in taxonomy.actors.items() if a.kind in kinds and a.aliases}
        )
        self.kind_of = {n: a.kind for n, a in taxonomy.actors.items()}
        self.aliases = _aliases(taxonomy)

    def hits(self, text: str, starts: list[int] | None = None) -> tuple[list[tuple[int, frozenset[str]]], list[int]]:
        """(word position, lists) of every phrase, and the positions of negations (`starts`: the words' offsets)."""
        starts = [m.start() for m in WORD.finditer(text)] if starts is None else starts
        found = []
        for m in self.index.finditer(text):
            found.append((bisect_right(starts, m.start) - 1, m.names))
        for m in self.actor_index.finditer(text):
            if text[m.start : m.end][:1].isupper():
                found.append((bisect_right(starts, m.start) - 1, frozenset(f"a\x1f{n}" for n in m.names)))
        return found, [w for w, names in found if "neg" in names]

    def topic_of(self, kind: str, text: str) -> str:
        """The first topic of a kind's rule the text names ('' when none): the question a lone claim joins."""
        rule = self.rules.opposites.get(kind)
        names = {n[2:] for _, ns in self.hits(text)[0] for n in ns if n.startswith("t\x1f")}
        return next((t for t in (rule.topics if rule else self.rules.items) if t in names), "")

    def negated(self, at: int, negations: list[int]) -> bool:
        return any(0 < at - n <= self.window for n in negations)

    def stances(self, text: str, modality: str) -> list[tuple[str, str, str, str]]:
        """(kind, topic, subject, side) the sentence takes: side 'a' says it, 'b' denies it.

        A hedge (may, could) sits on the main clause; a cue next to its topic ("following the lifting of
        sanctions") still takes a side. A forecast only denies: it cannot say that something happened.
        """
        starts = [m.start() for m in WORD.finditer(text)]
        found, negations = self.hits(text, starts)
        out: set[tuple[str, str, str, str]] = set()
        topic_at = [(w, n[2:]) for w, names in found for n in names if n.startswith("t\x1f")]
        actor_at = [(w, n[2:]) for w, names in found for n in names if n.startswith("a\x1f")]
        for kind, rule in self.rules.opposites.items():
            mentions = [(w, t, "") for w, t in topic_at if t in rule.topics]
            mentions += [
                (w, t, actor)
                for w, actor in actor_at
                for t in rule.topics
                if self.kind_of.get(actor) in self.named.get(t, [])
            ]
            if not mentions:  # most sentences name no topic of most kinds
                continue
            if not rule.says and not rule.denies:  # the topic asserted against the topic negated
                for w, t, subject in mentions:
                    side = "b" if self.negated(w, negations) else "a"
                    if side == "b" or modality != "forecast":
                        out.add((kind, t, subject, side))
                continue
            cues = [
                (w, "s" if f"s\x1f{kind}" in names else "d")
                for w, names in found
                if {f"s\x1f{kind}", f"d\x1f{kind}"} & names
            ]
            for w, t, subject in mentions:
                for c, cue in cues:
                    if abs(c - w) > self.window:
                        continue
                    side = "a" if cue == "s" and not self.negated(c, negations) else "b"
                    if side == "b" or modality != "forecast":
                        out.add((kind, t, subject, side))
        items = {t for _, t in topic_at if t in self.rules.items}
        if items:
            denied = any("deny" in names for _, names in found)
            withheld = [w for w, names in found if "withhold" in names]
            for flow in roles.flows(text, self.aliases):
                if not (flow.giver and flow.receiver):
                    continue
                subject = f"{flow.giver} to {flow.receiver}"
                at = bisect_right(starts, flow.start) - 1
                held = flow.negated or any(0 < at - w <= self.window for w in withheld)
                for t in items:
                    if denied:
                        out.add(("admit_vs_deny", t, subject, "b"))
                    elif held:
                        out.add(("delivered_vs_withheld", t, subject, "b"))
                    elif modality != "forecast" and not flow.planned:
                        out.add(("delivered_vs_withheld", t, subject, "a"))
                        out.add(("admit_vs_deny", t, subject, "a"))
        both = {(k, t, s) for k, t, s, side in out if side == "a"} & {(k, t, s) for k, t, s, side in out if side == "b"}
        return sorted(x for x in out if x[:3] not in both)  # a sentence on both sides of one question takes neither


SIDES = {
    "delivered_vs_withheld": ("delivered", "withheld or refused"),
    "admit_vs_deny": ("reported or admitted", "denied"),
    "fallen_vs_standing": ("fallen", "still standing"),
    "lifted_vs_in_force": ("lifted", "in force"),
    "says_vs_denies": ("asserted", "denied"),
    "overtaken": ("forecast", "reported done"),
    "dated_differently": ("dated earlier", "dated later"),
    "different_numbers": ("one figure", "another figure"),
}


def _stance_rows(live: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """One row per claim and side it takes: kind, question key, side, claim id, source id."""
    reader = _Reader(taxonomy)
    rows, read = [], {}  # (text, modality) -> its stances: copies of a sentence are read once
    for cid, sid, text, modality in zip(
        live["claim_id"].tolist(),
        live["source_id"].tolist(),
        live["context"].tolist(),
        live["modality"].astype(str).tolist(),
    ):
        if not reader.index.may_match(text):
            continue
        if (text, modality) not in read:
            read[(text, modality)] = reader.stances(text, modality)
        for kind, topic, subject, side in read[(text, modality)]:
            question = f"{topic} ({subject})" if subject else topic
            rows.append((kind, question, side, cid, sid))
    return pd.DataFrame(rows, columns=["kind", "question", "side", "claim_id", "source_id"])


def _outcome_rows(live: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Forecasts (side a) and reports that the forecast thing happened (side b), one question per rule."""
    rows = []
    reach = 2 * taxonomy.contradictions.window
    for name, rule in taxonomy.contradictions.outcomes.items():
        happened = PhraseIndex({"happened": rule.happened, "unless": rule.unless})
        topics = phrase_hits(live["text"], {"topic": rule.topics}, live.index)
        cand = live[topics["topic"] > 0]
        cues = phrase_hits(cand["text"], {"forecast": rule.forecast}, cand.index)
        forecast = cand[cues["forecast"] > 0]
        reported = [_happened(t, happened, reach) for t in cand["text"].tolist()]
        done = cand[
            pd.Series(reported, index=cand.index, dtype=bool)
            & (cues["forecast"] == 0)
            & cand["modality"].isin(["asserted", "reported", "hedged"])
        ]
        starts = forecast["date_start"].astype(str)
        earliest = starts[starts != ""].min() if (starts != "").any() else ""
        ends = done["date_end"].astype(str)
        done = done[(ends == "") | (ends >= earliest)]  # a report dated before every forecast is another event
        rows += [("overtaken", name, "a", c, s) for c, s in zip(forecast["claim_id"], forecast["source_id"])]
        rows += [("overtaken", name, "b", c, s) for c, s in zip(done["claim_id"], done["source_id"])]
    return pd.DataFrame(rows, columns=["kind", "question", "side", "claim_id", "source_id"])


def _happened(text: str, index: PhraseIndex, reach: int) -> bool:
    """A 'happened' cue with no 'unless' word within `reach` words of it ("the signing would ..." is not one)."""
    if not index.may_match(text):
        return False
    starts = [m.start() for m in WORD.finditer(text)]
    found = [(bisect_right(starts, m.start) - 1, m.names) for m in index.finditer(text)]
    unless = [w for w, names in found if "unless" in names]
    return any("happened" in names and all(abs(w - u) > reach for u in unless) for w, names in found)


def _near_rows(claims: pd.DataFrame, pairs: pd.DataFrame | None) -> pd.DataFrame:
    """Claims that say one thing but date it, or count it, differently: one question per set of wordings.

    Sides: the earlier date (or the first figure) against the rest. Copies of one sentence share
    a wording, so a template repeated a thousand times still makes one question.
    """
    columns = ["kind", "question", "side", "claim_id", "source_id"]
    if pairs is None or pairs.empty:
        return pd.DataFrame(columns=columns)
    texts = claims["text"].tolist()
    ids, sources = claims["claim_id"].to_numpy(), claims["source_id"].to_numpy()
    start = claims["date_start"].astype(str).to_numpy()
    rows = []
    for kind, why in (("dated_differently", "dates"), ("different_numbers", "numbers")):
        edges = pairs[(pairs["why"] == why) & (pairs["order"] >= SAME_EVENT)]
        graph = nx.Graph()
        graph.add_edges_from(zip(edges["i_x"], edges["i_y"]))
        for component in nx.connected_components(graph):
            members = sorted(component)
            if kind == "dated_differently":
                mark = {i: start[i] for i in members}
            else:
                mark = {i: " ".join(sorted(NUMBER.findall(texts[i]))) for i in members}
            first = min(mark.values())
            wordings = sorted({normalised(texts[i]) for i in members})
            question = _short(min(wordings, key=len))
            key = hashlib.sha1("\x1f".join(wordings).encode()).hexdigest()[:6]
            rows += [
                (kind, f"{question} [{key}]", "a" if mark[i] == first else "b", ids[i], sources[i]) for i in members
            ]
    return pd.DataFrame(rows, columns=columns)


def _short(text: str, words: int = 10) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _dispute_id(kind: str, question: str) -> str:
    return "d" + hashlib.sha1(f"{kind}\x1f{question}".encode()).hexdigest()[:11]


def _settles(events, taxonomy: Taxonomy) -> dict[str, list]:
    """Topic or outcome name -> the reference events whose label names it (the question they decide)."""
    rules = taxonomy.contradictions
    lists = {name: [p for p in phrases if not p.startswith("@")] for name, phrases in rules.topics.items()}
    lists |= {name: rule.topics for name, rule in rules.outcomes.items()}
    index = PhraseIndex({k: v for k, v in lists.items() if v})
    actors = PhraseIndex({n: a.aliases for n, a in taxonomy.actors.items() if a.aliases})
    found: dict[str, list] = {}
    for event in events:
        named = index.counts(event.label)
        for name, k in named.items():
            if k:
                found.setdefault(name, []).append(event)
        for m in actors.finditer(event.label):  # "Fall of Assad": a question about that actor
            for n in m.names:
                found.setdefault(f"@{n}", []).append(event)
    return found


def read_sides(claims: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """The sides live claims take in their own words (cues, outcomes): the part of stances() that reads
    every claim, and needs no other cross-check, so the build can run it beside them."""
    live = _with_context(claims, taxonomy)
    return _stacked([_stance_rows(live, taxonomy), _outcome_rows(live, taxonomy)])


def _stacked(found: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(
        [f for f in found if len(f)] or [pd.DataFrame(columns=["kind", "question", "side", "claim_id", "source_id"])],
        ignore_index=True,
    )


def stances(
    claims: pd.DataFrame, taxonomy: Taxonomy, pairs: pd.DataFrame | None = None, read: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every side a live claim takes on a question: kind, question, side ('a' or 'b'), claim_id, source_id.

    `pairs` is fact_pairs' result, for the claims that say one thing with other dates or figures;
    `read` is read_sides(claims, taxonomy), when already worked out.
    """
    read = read_sides(claims, taxonomy) if read is None else read
    return _stacked([read, _near_rows(claims, pairs)]).drop_duplicates(ignore_index=True)


def disputes(
    stances: pd.DataFrame,
    claims: pd.DataFrame,
    taxonomy: Taxonomy,
    curation: Curation,
    curation_path,
    reference_events=(),
    conflicts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per disputed question: its kind, sides, the claims and sources on each, and its status.

    Status: 'ruled' or 'dismissed' by the analyst (curation.yml disputes:), else 'settled' when a
    reference event's record refutes a claim in it (its id in settled_by), else 'open' (a reference
    event that only names the topic is mentioned in the explanation).

    Args:
        stances: crosscheck.stances' result.
        reference_events: the reference timeline's events.
        conflicts: reference conflicts (claim_id, reference_id, ...), when that table is built: a claim the
            reference contradicts joins the side the event refutes (a regime called current after its fall).

    Raises:
        InputError: curation.yml rules on a dispute this build does not find.
    """
    settles = _settles(reference_events, taxonomy)
    reader = _Reader(taxonomy)
    by_id = {e.id: e for e in reference_events}
    against = _conflicts(conflicts, by_id)
    text_of = _wordings(claims, set(stances["claim_id"]) | {cid for cid, _, _ in against})
    source_of = dict(zip(claims["claim_id"].tolist(), claims["source_id"].tolist()))
    frames = {key: frame for key, frame in stances.groupby(["kind", "question"], sort=True)}
    events = {key: _events_for(key[0], key[1], settles) for key in frames}
    attached: dict[tuple[str, str], set[str]] = {}  # question -> reference events its claims conflict with
    for cid, ref, conflict in against:
        kind, side = AGAINST[conflict]
        mine = [k for k, f in frames.items() if k[0] == kind and cid in set(f["claim_id"])]
        if not mine:  # the claim joins the question the event decides, or one of its own
            mine = [k for k in frames if k[0] == kind and ref in {e.id for e in events[k]}]
            mine = mine[:1] or [(kind, reader.topic_of(kind, text_of.get(cid, "")) or by_id[ref].label)]
            row = pd.DataFrame([{"kind": kind, "question": mine[0][1], "side": side, "claim_id": cid,
                                 "source_id": source_of.get(cid, "")}])  # fmt: skip
            frames[mine[0]] = pd.concat([frames.get(mine[0], row.iloc[:0]), row], ignore_index=True)
            events.setdefault(mine[0], [])
        for key in mine:
            attached.setdefault(key, set()).add(ref)
    refuted_by: dict[str, set[str]] = {}  # claim -> reference events whose records refute it
    for cid, ref, _ in against:
        refuted_by.setdefault(cid, set()).add(ref)
    rows = []
    for (kind, question), frame in sorted(frames.items()):
        evs = sorted(
            {
                e.id: e for e in events[(kind, question)] + [by_id[r] for r in attached.get((kind, question), ())]
            }.values(),
            key=lambda e: (e.date, e.id),
        )
        a, b = frame[frame["side"] == "a"], frame[frame["side"] == "b"]
        if a.empty and b.empty or ((a.empty or b.empty) and not attached.get((kind, question))):
            continue  # one side only: no dispute, unless the reference timeline takes the other side
        sources_a, sources_b = set(a["source_id"]), set(b["source_id"])
        if not (sources_a == sources_b and len(sources_a) == 1):
            refs = {r for c in [*a["claim_id"], *b["claim_id"]] for r in refuted_by.get(c, ())}
            rows.append(_row(kind, question, a, b, *_settling(evs, question, refs)))
        for sid in sorted(sources_a & sources_b):  # a source on both sides contradicts itself: its own row
            sa, sb = a[a["source_id"] == sid], b[b["source_id"] == sid]
            wordings = sorted(text_of[c] for c in [*sa["claim_id"], *sb["claim_id"]])
            key = hashlib.sha1("\x1f".join(wordings).encode()).hexdigest()[:6]  # copies of the source: one row
            label = f"{question}: {SIDES[kind][0]} or {SIDES[kind][1]} [{key}]"
            refs = {r for c in [*sa["claim_id"], *sb["claim_id"]] for r in refuted_by.get(c, ())}
            settling = _settling(evs, question, refs)
            rows.append(_row("same_source", label, sa, sb, *settling, sides=SIDES[kind]))
    out = pd.DataFrame(rows, columns=DISPUTE_COLUMNS[:-2] + ["explanation"])
    out = out.drop_duplicates("dispute_id").sort_values("dispute_id", ignore_index=True)
    known = set(out["dispute_id"])
    for key in curation.disputes:
        if key not in known:
            raise InputError(
                curation_path,
                f"disputes: '{key}' is not found in this build (its claims changed or a rule no longer "
                f"matches); update or delete that entry",
            )
    ruled = [curation.disputes.get(d) for d in out["dispute_id"]]
    out["status"] = [
        ("dismissed" if r.status == "dismissed" else "ruled") if r else ("settled" if ev else "open")
        for r, ev in zip(ruled, out["settled_by"])
    ]
    out["note"] = [(r.note or "") if r else "" for r in ruled]
    return out[DISPUTE_COLUMNS]


def _wordings(claims: pd.DataFrame, wanted: set[str]) -> dict[str, str]:
    """Claim id -> normalised text, for the wanted claims only: normalising every claim is slow on big corpora."""
    keep = claims["claim_id"].isin(wanted)
    return dict(zip(claims.loc[keep, "claim_id"], claims.loc[keep, "text"].map(normalised)))


def _events_for(kind: str, question: str, settles: dict[str, list]) -> list:
    topic = question.split(" (")[0].split(" [")[0]
    subject = question[len(topic) + 2 : -1] if question.startswith(f"{topic} (") else ""
    found = list(settles.get(topic, []))
    if subject and " to " not in subject:  # a question about one actor: only events that name it
        found = [e for e in found if e in settles.get(f"@{subject}", [])] or settles.get(f"@{subject}", [])
    return sorted(found, key=lambda e: (e.date, e.id))


def _best(events: list, question: str):
    """The event whose label shares most words with the question (the latest on a tie), or None."""
    words = set(WORD.findall(question.casefold()))
    return max(events, key=lambda e: (len(words & set(WORD.findall(e.label.casefold()))), e.date), default=None)


def _conflicts(conflicts: pd.DataFrame | None, by_id: dict) -> list[tuple[str, str, str]]:
    """(claim_id, reference_id, conflict) of the reference conflicts a dispute kind takes up."""
    if conflicts is None or conflicts.empty:
        return []
    keep = conflicts[conflicts["conflict"].astype(str).isin(AGAINST) & conflicts["reference_id"].isin(by_id)]
    return sorted(zip(keep["claim_id"], keep["reference_id"], keep["conflict"].astype(str)))


def _settling(events: list, question: str, refuted: set[str] | None) -> tuple:
    """(the event that settles the question, a related event it only names).

    A reference event settles a dispute only when its record refutes a claim in it (the claim is in
    reference_conflicts); an event that merely names the topic is shown beside an open dispute.
    """
    deciding = [e for e in events if e.id in (refuted or set())]
    if deciding:
        return _best(deciding, question), None
    return None, _best(events, question)


def _row(kind: str, question: str, a: pd.DataFrame, b: pd.DataFrame, event, related=None, sides=None) -> dict:
    side_a, side_b = sides or SIDES[kind]
    sources_a, sources_b = sorted(set(a["source_id"])), sorted(set(b["source_id"]))
    return {
        "dispute_id": _dispute_id(kind, question),
        "kind": kind,
        "question": question,
        "side_a": side_a,
        "side_b": side_b,
        "claim_ids_a": sorted(set(a["claim_id"])),
        "claim_ids_b": sorted(set(b["claim_id"])),
        "source_ids_a": sources_a,
        "source_ids_b": sources_b,
        "status": "open",
        "settled_by": event.id if event else "",
        "explanation": f"{', '.join(sources_a) or 'the reference timeline'}: {side_a}; "
        f"{', '.join(sources_b) or 'the reference timeline'}: {side_b}"
        + (f"; the reference timeline: {event.label} ({event.date})" if event else "")
        + (
            f"; related on the reference timeline, not deciding it: {related.label} ({related.date})" if related else ""
        ),
    }


def contradictions(disputed: pd.DataFrame, claims: pd.DataFrame, curation: Curation, curation_path) -> pd.DataFrame:
    """Pairs across each dispute's sides, from different sources (one source's own dispute: within it).

    Each claim is paired with at most PAIRED_SIDES distinct wordings of the other side, so copies of
    one sentence never multiply the list; one_per_wording bounds it again after grading.

    Raises:
        InputError: curation.yml decides on a pair that this build does not find.
    """
    text = _wordings(claims, {c for ids in (*disputed["claim_ids_a"], *disputed["claim_ids_b"]) for c in ids})
    source = dict(zip(claims["claim_id"].tolist(), claims["source_id"].tolist()))
    found = {}
    for d in disputed.itertuples():
        other = {}
        for cid in d.claim_ids_b:
            other.setdefault(text[cid], cid)
        reps = [other[w] for w in sorted(other)][:PAIRED_SIDES]
        for a in d.claim_ids_a:
            for b in reps:
                if a == b or (d.kind != "same_source" and source[a] == source[b]):
                    continue
                key = " ".join(sorted((a, b)))
                if key not in found:
                    found[key] = (a, b, d.kind, d.explanation)
    out = pd.DataFrame(list(found.values()), columns=PAIR_COLUMNS[:4])
    out["pair"] = list(found)
    for key in curation.contradictions:
        if " ".join(sorted(key.split())) not in found:
            raise InputError(
                curation_path,
                f"contradictions: pair '{key}' is not found in this build (a claim "
                f"changed or a rule no longer matches); update or delete that entry",
            )
    decided = [curation.pair(a, b) for a, b in zip(out["claim_id_a"], out["claim_id_b"])]
    out["status"] = [d.status if d else "open" for d in decided]
    out["note"] = [(d.note or "") if d else "" for d in decided]
    return out[PAIR_COLUMNS].astype(str).sort_values(["claim_id_a", "claim_id_b"], ignore_index=True)


def one_per_wording(found: pd.DataFrame, claims: pd.DataFrame, curation: Curation) -> pd.DataFrame:
    """One pair for each kind and pair of wordings: copies of one article add no new contradiction.

    The pair kept is the first by claim ids; a pair the analyst ruled on is always kept. Grades and
    stale forecasts are worked out on every pair first; only the published list is bounded.
    """
    if found.empty:
        return found
    found = found.assign(pair=[" ".join(sorted(p)) for p in zip(found["claim_id_a"], found["claim_id_b"])])
    words = _wordings(claims, set(found["claim_id_a"]) | set(found["claim_id_b"]))
    found = found.sort_values("pair")
    same = [
        "\x1f".join([kind, *sorted((words[a], words[b]))])
        for kind, a, b in zip(found["kind"], found["claim_id_a"], found["claim_id_b"])
    ]
    ruled = found["pair"].isin({" ".join(sorted(key.split())) for key in curation.contradictions})
    kept = found[~pd.Series(same, index=found.index).duplicated() | ruled]
    return kept.drop(columns="pair").sort_values(["claim_id_a", "claim_id_b"], ignore_index=True)


def overtaken_by(claims: pd.DataFrame, pairs: pd.DataFrame, published: dict[str, str]) -> pd.Series:
    """For each forecast overtaken by events, the claim that reports the outcome (earliest source first)."""
    live = pairs[(pairs["kind"] == "overtaken") & (pairs["status"] != "dismissed")]
    source = dict(zip(claims["claim_id"].tolist(), claims["source_id"].tolist()))
    best: dict[str, tuple] = {}
    for a, b in zip(live["claim_id_a"], live["claim_id_b"]):
        best[a] = min(best.get(a, (published.get(source[b], ""), b)), (published.get(source[b], ""), b))
    return claims["claim_id"].map(lambda cid: best[cid][1] if cid in best else "")


def quotes_unattributed(claims: pd.DataFrame) -> pd.Series:
    """Claims that quote someone's words without saying whose."""
    quoted = [bool(QUOTE.search(t)) for t in claims["text"].tolist()]
    return pd.Series(quoted, index=claims.index, dtype=bool) & (claims["attribution"] == "")
