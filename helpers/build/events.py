"""Events: dated claims, across sources, that report one happening, merged into one row each.

Only claims about what happened make events: asserted or reported ones, dated no later than their
source's publication. A forecast or a hedged reading is not an event. Each event carries a headline
of at most HEADLINE_CHARS characters, compressed from its clearest claim by rules on English
function words (no parser model is shipped offline that is worth its weight here).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from helpers import schema
from helpers.config import Taxonomy
from helpers.schema import TABLES

EVENT_SIMILARITY = 80  # rapidfuzz token_set_ratio at which two same-dated claims are one event
HEADLINE_CHARS = 60
MAX_PAIRWISE = 300  # a larger block of same-dated claims is split by actors before pairwise matching
HAPPENED = ("asserted", "reported")  # modalities that report a happening; forecasts and hedges do not

# English closed-class words: what a headline drops or cuts before. Grammar, not topic: no cue words.
_ARTICLES = frozenset({"a", "an", "the"})
_FILLER = frozenset({"also", "however", "moreover", "meanwhile", "furthermore", "indeed", "still", "then", "thus"})
_PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "against", "along", "amid", "among", "around", "as", "at", "before",
    "behind", "below", "beneath", "beside", "between", "beyond", "by", "despite", "during", "following", "for",
    "from", "in", "inside", "into", "like", "near", "of", "off", "on", "onto", "over", "past", "per", "since",
    "through", "throughout", "to", "toward", "towards", "under", "until", "upon", "via", "with", "within", "without",
})  # fmt: skip
_SUBORDINATORS = frozenset({
    "after", "although", "as", "because", "before", "if", "once", "since", "so", "than", "that", "though",
    "unless", "until", "when", "whenever", "where", "whereas", "whether", "which", "while", "who", "whom", "whose",
})  # fmt: skip
_COORDINATORS = frozenset({"and", "but", "or", "nor", "yet"})
# A comma-set phrase opening with one of these interrupts the clause around it: "which ...", "including ...".
_ASIDE = frozenset({"which", "who", "whom", "whose", "including", "such", "like", "namely", "notably", "particularly"})
_BOUNDARY = _PREPOSITIONS | _SUBORDINATORS | _COORDINATORS
_DANGLING = _BOUNDARY | _ARTICLES | {"its", "their", "his", "her", "our", "my", "your"}
_COPULAS = frozenset({"is", "are", "was", "were"})
DATE_MARK = "\x00"
_PUNCT = " \t,;:.!?\"'“”‘’«»()[]—–-"


def _named_period(date_text: str, taxonomy: Taxonomy) -> bool:
    """True when the date comes from a named happening ("the fall of Assad"), not a calendar expression."""
    wanted = date_text.strip().lower()
    return any(wanted == p.lower() for period in taxonomy.periods.values() for p in period.patterns)


def _bare(word: str) -> str:
    return word.strip(_PUNCT).lower()


def _capital(words: list[str]) -> str:
    text = " ".join(words).strip(_PUNCT)
    return text[:1].upper() + text[1:]


def _cut(words: list[str], limit: int = HEADLINE_CHARS) -> list[str]:
    """The longest run of whole words within `limit`, ended before a function word when it must be cut."""
    if words and len(words[0]) > limit:  # one overlong token (an address): the only cut inside a word
        return [words[0][: limit - 1] + "…"]
    fits = 0
    while fits < len(words) and len(" ".join(words[: fits + 1])) <= limit:
        fits += 1
    end = fits
    if fits < len(words):  # end at a phrase boundary: before a preposition, conjunction or relative word
        end = next((i for i in range(fits, 1, -1) if _bare(words[i]) in _BOUNDARY), fits)
    while end > 1 and (_bare(words[end - 1]) in _DANGLING or not _bare(words[end - 1])):
        end -= 1  # never end on "of", "the", "their"
    return words[:end]


def _is_aside(words: list[str], inner: bool) -> bool:
    """A comma-set phrase that interrupts a clause: "which ...", "including ...", "officially known as ...".

    A phrase opening with a past form is an aside only inside the sentence ("X, reiterated often, shows");
    at its end it is more likely the main verb after an aside ("X, which cost much, opened in 2008").
    """
    first, bare = words[0], _bare(words[0])
    lowered = first[:1].islower() and len(bare) > 4
    return bare in _ASIDE or (lowered and bare.endswith(("ing", "ly"))) or (lowered and inner and bare.endswith("ed"))


def _subject(words: list[str]) -> list[str]:
    """The subject a predicate lost to an aside: a short chunk whole, else its opening proper names."""
    if len(words) <= 5:
        return words
    names = []
    for word in words:
        if not word[:1].isupper():
            break
        names.append(word)
    return names


def headline(text: str, date_text: str = "", named: bool = False) -> str:
    """A short headline for a claim: the happening its date names, or its main clause, compressed.

    A named period ("the collapse of the Soviet Union") is itself the happening. Otherwise the clause
    that holds the date is kept (or, when the date stands alone, as in "In 2022, ...", the next one),
    without its date words, asides (parentheses, "which ..." and "including ..." phrases), discourse
    words and articles, and cut at a phrase boundary.
    """
    text = " ".join(text.split()).strip(_PUNCT)
    found = text.lower().find(date_text.lower()) if date_text.strip() else -1
    if named and found >= 0:
        words = text[found : found + len(date_text)].split()
        return _capital(words[1:] if _bare(words[0]) in _ARTICLES else words)
    if found >= 0:  # mark the date with one character, so splitting on its commas cannot lose it
        text = f"{text[:found]} {DATE_MARK} {text[found + len(date_text) :]}"
    text = re.sub(r"\s*\([^()]*\)", "", text)  # parentheses are asides
    chunks = [c.split() for c in re.split(r"[;:—–]|,[\"'”’]*\s|\s-\s", text)]
    chunks = [[w for w in c if _bare(w) or w == DATE_MARK] for c in chunks]
    kept: list[list[str]] = []
    held, date_opens = 0, False
    for i, words in enumerate(chunks):
        if DATE_MARK in words:
            held, at = i, words.index(DATE_MARK)
            start = at
            while start and _bare(words[start - 1]) in _ARTICLES:
                start -= 1
            date_opens = start == 0
            if start and _bare(words[start - 1]) in _PREPOSITIONS:
                start -= 1  # "in 2022", "throughout the 2000s": the preposition goes with the date
            words = words[:start] + words[at + 1 :]
        words = [w for w in words if _bare(w) not in _ARTICLES | _FILLER]
        inner = 0 < i < len(chunks) - 1 and i != held
        kept.append([] if not words or (i > 0 and _is_aside(words, inner)) else words)
    # The chunk with the date, or the next one with content when the date stood alone ("In 2022, ...").
    order = list(range(held, len(kept))) + list(range(held - 1, -1, -1))
    pick = next((i for i in order if len(kept[i]) >= 2), None)
    if pick is None:
        return _capital(_cut([w for c in kept for w in c]))
    words = kept[pick]
    if pick == held and date_opens and words[0][:1].islower():
        words = words[1:]  # "The early 20th century saw further intervention": what the date saw
    elif _bare(words[0]) in _SUBORDINATORS | _PREPOSITIONS | _COORDINATORS and len(words) > 2:
        words = words[1:]  # "when Iran offered ...", "following a strike ...": the happening itself
        if words[0][:1].islower() and pick > 0:  # "..., but repeatedly stalled progress"
            words = _subject(next((kept[i] for i in range(pick - 1, -1, -1) if kept[i]), [])) + words
    elif words[0][:1].islower() and pick > 0:  # a predicate cut from its subject by an aside
        words = _subject(next((kept[i] for i in range(pick - 1, -1, -1) if kept[i]), [])) + words
    copula = next((i for i, w in enumerate(words) if _bare(w) in _COPULAS), None)
    if copula and len(" ".join(words)) > HEADLINE_CHARS and not any(w[:1].isupper() for w in words[:copula]):
        words = words[copula + 1 :]  # "A notable development ... was Iran's joining": the complement says it
    return _capital(_cut(words))


def _same_happening(texts: list[str]) -> list[list[int]]:
    """Groups of positions whose texts report one happening (near-identical wording), by least position."""
    n = len(texts)
    if 1 < n <= MAX_PAIRWISE:
        # The score reads lower-cased text, so copies of one wording are scored once.
        first: dict[str, int] = {}  # lower-cased wording -> its position among the wordings
        for t in texts:
            first.setdefault(t.lower(), len(first))
        wordings = list(first)
        group = _linked(wordings)
        # Copies of a wording are one happening when it scores against itself (it has words at all).
        alone = _scores(wordings, wordings, pairwise=True) == 0
        same = [first[t.lower()] for t in texts]
        label = [("alone", i) if alone[k] else group[k] for i, k in enumerate(same)]
    elif n > MAX_PAIRWISE:  # too many to compare pairwise: merge identical wording only
        seen: dict[str, int] = {}
        label = [seen.setdefault(" ".join(t.lower().split()), i) for i, t in enumerate(texts)]
    else:
        label = list(range(n))
    groups: dict = {}
    for i, k in enumerate(label):
        groups.setdefault(k, []).append(i)
    return list(groups.values())


def _scores(queries: list[str], choices: list[str], pairwise: bool = False) -> np.ndarray:
    """token_set_ratio (texts lower-cased by the caller), 0 below EVENT_SIMILARITY: all against all, or pairwise."""
    score = process.cpdist if pairwise else process.cdist
    return score(
        queries,
        choices,
        scorer=fuzz.token_set_ratio,
        score_cutoff=EVENT_SIMILARITY,
        dtype=np.uint8,
        workers=1,  # blocks are small: starting a thread pool for each costs more than it saves
    )


def _linked(wordings: list[str]) -> list[int]:
    """Each wording's group: two that score EVENT_SIMILARITY are linked, and links chain (connected components).

    Two wordings already in one group need no score, so each is scored only against the later ones outside
    its group; in a block of near-copies that is a small share of all pairs, and the groups are the same.
    Blocks are small (a few dozen wordings), where plain lists cost less than a numpy call per step.
    """
    group = list(range(len(wordings)))
    for i in range(len(wordings) - 1):
        later = [j for j in range(i + 1, len(wordings)) if group[j] != group[i]]
        if later:
            scores = _scores(wordings[i : i + 1], [wordings[j] for j in later])[0].tolist()
            merged = {group[j] for j, score in zip(later, scores) if score}
            if merged:  # most wordings link to nothing later: no group to merge
                group = [group[i] if g in merged else g for g in group]
    return group


def events_table(
    claims: pd.DataFrame,
    taxonomy: Taxonomy,
    origin: dict[str, str],
    published: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """Dated claims that report the same happening.

    Only claims that report a happening count (asserted or reported, not a forecast or a hedge), and,
    when `published` (source id -> publication date) is given, only those dated no later than their
    source: a date after publication is a forecast whatever its wording.

    Claims dated to the same day, or to the same named period ("the collapse of the Soviet
    Union"), report one happening. Coarser dates (a year, a decade) also need the same area and
    near-identical wording. Blocks of same-dated claims are compared pairwise; a block too big for that (a corpus with
    hundreds of claims dated "2022" in one area) is first split by the actors each claim names.
    """
    dated = claims[(claims["date_start"] != "") & schema.live(claims) & claims["modality"].isin(HAPPENED)]
    dated = dated.sort_values("claim_id")  # once: every block below keeps this order (claim ids are unique)
    if published is not None:
        when = pd.to_datetime(dated["source_id"].map(published), errors="coerce")
        dated = dated[when.isna() | (pd.to_datetime(dated["date_start"]) <= when)]
    theme_order = {t: i for i, t in enumerate(taxonomy.themes)}
    rows = []
    named_spans = {(p.start.isoformat(), p.end.isoformat()) for p in taxonomy.periods.values()}
    column = {c: dated[c].tolist() for c in ("claim_id", "text", "date_text", "source_id", "theme")}
    keys = ["date_start", "date_end", "date_precision"]
    by_area: dict[tuple, list] = {}  # a date -> its areas' positions, each split by actors when too big
    for key, at in sorted(dated.groupby([*keys, "area"], sort=True).indices.items()):
        by_area.setdefault(key[:3], []).append(at)
    by_actors: dict[tuple, list] = {}
    if any(len(part) > MAX_PAIRWISE for parts in by_area.values() for part in parts):  # else never read
        for key, at in sorted(dated.groupby([*keys, "area", "actors"], sort=True).indices.items()):
            by_actors.setdefault(key[:4], []).append(at)
    blocks = []
    for (start, end, precision), at in sorted(dated.groupby(keys, sort=True).indices.items()):
        if precision == "day" or (start, end) in named_spans:
            blocks.append(((start, end, precision), at, True))  # one day, or one named period
            continue
        for block in by_area.get((start, end, precision), []):
            area = dated["area"].iat[block[0]]
            parts = [block] if len(block) <= MAX_PAIRWISE else by_actors[(start, end, precision, area)]
            blocks.extend(((start, end, precision), part, False) for part in parts)
    for (start, end, precision), at, is_one_happening in blocks:
        at = at.tolist()  # plain ints index lists faster than numpy ones
        ids, texts, date_texts = ([column[c][i] for i in at] for c in ("claim_id", "text", "date_text"))
        sources, themes = ([column[c][i] for i in at] for c in ("source_id", "theme"))
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
                    "label": headline(
                        texts[clearest], date_texts[clearest], _named_period(date_texts[clearest], taxonomy)
                    ),
                    "theme": theme,
                    "source_ids": ";".join(member_sources),
                    "claim_ids": ";".join(claim_ids),
                    "n_sources": len(member_sources),
                    "n_independent": len({origin[s] for s in member_sources}),
                }
            )
    events = pd.DataFrame(rows, columns=list(TABLES["events"]))
    return events.sort_values(["date_start", "date_end", "event_id"], ignore_index=True)
