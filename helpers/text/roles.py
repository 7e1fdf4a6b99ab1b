"""Who gives what to whom: (giver, receiver) flows read from a sentence's transfer verbs.

"Iran supplies drones to Russia" and "Russia supplies air defence to Iran" share most of their words
but describe opposite flows; corroboration and the ACH matrix must tell them apart. This reads the
general verb patterns of English transfer sentences, not cue phrases:

- active giving: "X supplies/delivers/sends/provides/transfers/sells ... to Y", "X supplies Y with ...";
- active getting: "Y receives/buys/acquires/purchases/imports/obtains ... from X";
- passives: "... were delivered to Y by X", "drones supplied by X", "Y was supplied with ... by X",
  "... were bought by Y from X";
- nouns: "X's supply/deliveries/transfer/sale/exports of ... to Y", "Y's purchase of ... from X",
  "... shipments from X to Y".

The actor names to recognise come in as a parameter (name -> aliases), so this module knows nothing
of the taxonomy; an alias matches only where the text writes it with a capital. A side the sentence
does not name is None. `negated` marks a flow the sentence denies or withholds ("has not delivered",
"refused to supply", "reluctant to provide"); `planned` one it only intends ("a deal to buy", "will send").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from helpers.text.phrases import PhraseIndex

# lemma -> (direction, verb forms, past participle, noun forms). "give": the subject gives; "get": it receives.
_VERBS: dict[str, tuple[str, tuple[str, ...], str, tuple[str, ...]]] = {
    "supply": (
        "give",
        ("supply", "supplies", "supplied", "supplying"),
        "supplied",
        ("supply", "supplies", "supplier", "suppliers"),
    ),
    "deliver": ("give", ("deliver", "delivers", "delivered", "delivering"), "delivered", ("delivery", "deliveries")),
    "send": ("give", ("send", "sends", "sent", "sending"), "sent", ("shipment", "shipments")),
    "provide": (
        "give",
        ("provide", "provides", "provided", "providing"),
        "provided",
        ("provision", "provider", "providers"),
    ),
    "transfer": (
        "give",
        ("transfer", "transfers", "transferred", "transferring"),
        "transferred",
        ("transfer", "transfers"),
    ),
    "sell": ("give", ("sell", "sells", "sold", "selling"), "sold", ("sale", "sales", "seller", "sellers")),
    "export": ("give", ("export", "exports", "exported", "exporting"), "exported", ("export", "exports", "exporter")),
    "ship": ("give", ("ship", "ships", "shipped", "shipping"), "shipped", ()),
    "give": ("give", ("give", "gives", "gave", "given", "giving"), "given", ()),
    "hand": ("give", ("hand", "hands", "handed", "handing"), "handed", ()),
    "furnish": ("give", ("furnish", "furnishes", "furnished", "furnishing"), "furnished", ()),
    "withhold": ("give", ("withhold", "withholds", "withheld", "withholding"), "withheld", ()),  # a denied giving
    "receive": ("get", ("receive", "receives", "received", "receiving"), "received", ("recipient", "recipients")),
    "buy": ("get", ("buy", "buys", "bought", "buying"), "bought", ("buyer", "buyers")),
    "acquire": ("get", ("acquire", "acquires", "acquired", "acquiring"), "acquired", ("acquisition", "acquisitions")),
    "purchase": ("get", ("purchase", "purchases", "purchased", "purchasing"), "purchased", ("purchase", "purchases")),
    "import": ("get", ("import", "imports", "imported", "importing"), "imported", ("import", "imports", "importer")),
    "obtain": ("get", ("obtain", "obtains", "obtained", "obtaining"), "obtained", ()),
}
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"})
_NEGATION = frozenset({"not", "never", "no", "nor", "neither", "cannot", "without"})
_WITHHOLD = frozenset(  # heads that keep the verb after them from happening: "refused to supply"
    {"refuse", "refuses", "refused", "refusing", "decline", "declines", "declined", "declining", "reluctant",
     "reluctance", "unwilling", "unwillingness", "hesitant", "hesitancy", "fail", "fails", "failed", "failing",
     "halt", "halted", "halts", "stop", "stopped", "stops", "suspend", "suspended", "suspends", "withhold",
     "withheld", "withholds", "delay", "delayed", "delays", "blocked", "block", "blocks"}
)  # fmt: skip
_PLANNED = frozenset({"to", "will", "would", "could", "may", "might", "shall", "should", "can"})
_CLAUSE_END = frozenset({";", ":", ".", "!", "?", "while", "whereas", "but", "although", "though", "yet"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "both"})
_TOKEN = re.compile(r"\w+(?:[’'-]\w+)*|[^\w\s]")
_WINDOW = 14  # tokens a verb's prepositional phrases may reach
_LEFT = 8  # tokens back to a noun's owner ("Russia's long-awaited supply")


@dataclass(frozen=True)
class Flow:
    """One transfer: who gives (None: not named), who receives, the verb's lemma and span, and denial."""

    giver: str | None
    receiver: str | None
    verb: str
    start: int
    end: int
    negated: bool = False
    planned: bool = False  # an infinitive or after a modal: "a deal to buy", "will supply" (not yet done)


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


@lru_cache(maxsize=8)
def _index(actors: tuple[tuple[str, tuple[str, ...]], ...]) -> PhraseIndex:
    return PhraseIndex({name: list(aliases) for name, aliases in actors})


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, str, str, bool]]:
    """word -> (lemma, direction, 'verb' or 'noun', is past participle)."""
    out: dict[str, tuple[str, str, str, bool]] = {}
    for lemma, (direction, verbs, participle, nouns) in _VERBS.items():
        for noun in nouns:
            out[noun] = (lemma, direction, "noun", False)
        for verb in verbs:  # a verb reading wins over a noun of the same spelling ("supplies", "exports")
            out[verb] = (lemma, direction, "verb", verb == participle)
    return out


def _key(actors: Mapping[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((name, tuple(sorted(set(aliases)))) for name, aliases in actors.items()))


_LAST: list = [None, None]  # the last actors mapping seen and its phrase index: callers pass one mapping many times


def _index_for(actors: Mapping[str, Iterable[str]]) -> PhraseIndex:
    """The phrase index of an actors mapping, worked out once per mapping object (not per sentence)."""
    if _LAST[0] is not actors:
        _LAST[:] = [actors, _index(_key(actors))]
    return _LAST[1]


def flows(text: str, actors: Mapping[str, Iterable[str]]) -> list[Flow]:
    """Every transfer the sentence states between named actors, left to right.

    Args:
        text: one sentence.
        actors: canonical name -> the aliases that name it (demonyms included: "Iranian drones").

    Returns:
        Flows with at least one side named; a giver never equals its receiver.
    """
    forms = _forms()
    if not any(w.casefold() in forms for w in _TOKEN.findall(text)):  # no transfer word, no flow
        return []
    toks = [_Tok(m.group(), m.group().casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    at: dict[int, str] = {}  # token index -> actor named there (first token of the mention)
    for match in _index_for(actors).finditer(text):
        if not text[match.start : match.end][:1].isupper() or len(match.names) != 1:
            continue
        first = next((i for i, t in enumerate(toks) if t.end > match.start), None)
        if first is not None:
            at[first] = next(iter(match.names))
    found: list[Flow] = []
    for i, tok in enumerate(toks):
        if tok.low not in forms or (tok.low == "hand" and not _next_is(toks, i, "over")):
            continue
        lemma, direction, pos, participle = forms[tok.low]
        if pos == "noun" and i > 0 and toks[i - 1].low in ("to", "will", "would", "can", "could", "may"):
            pos = "verb"  # "to supply", "will import": the noun spelling used as a verb
        end = _clause_end(toks, i)
        agent = _after(toks, at, i, end, ("by",))
        source = _after(toks, at, i, end, ("from",))
        target = _after(toks, at, i, end, ("to", "into", "for") if pos == "noun" else ("to", "into"))
        left = _left_actor(toks, at, i, _LEFT if pos == "noun" else _WINDOW)
        passive = pos == "verb" and participle and (agent is not None or _be_before(toks, i))
        if pos == "noun":
            giver, receiver = (agent or source or left, target) if direction == "give" else (source, agent or left)
        elif passive:
            if direction == "give":
                with_after = _next_is(toks, i, "with")
                receiver = target or (left if with_after else None)
                giver = agent or (None if with_after else left if left != receiver else None)
            else:
                giver, receiver = source, agent or (None if source else None)
        elif direction == "give":
            object_actor = at.get(i + 1) if _with_after_actor(toks, at, i + 1) else None
            receiver = target or object_actor
            if receiver is None and (lemma == "withhold" or _denied(toks, i)):
                receiver = _first_after(toks, at, i, end, left)
            giver = left
        else:
            giver, receiver = source, left
        if giver == receiver or (giver is None and receiver is None):
            continue
        planned = i > 0 and toks[i - 1].low in _PLANNED
        found.append(Flow(giver, receiver, lemma, tok.start, tok.end, lemma == "withhold" or _denied(toks, i), planned))
    return found


def _next_is(toks: list[_Tok], i: int, word: str) -> bool:
    return i + 1 < len(toks) and toks[i + 1].low == word


def _clause_end(toks: list[_Tok], i: int) -> int:
    for j in range(i + 1, min(len(toks), i + 1 + _WINDOW)):
        if toks[j].low in _CLAUSE_END:
            return j
    return min(len(toks), i + 1 + _WINDOW)


def _after(toks: list[_Tok], at: dict[int, str], i: int, end: int, preps: tuple[str, ...]) -> str | None:
    """The actor a preposition after token i introduces ("to the Iranian army" -> Iran), within the clause."""
    for j in range(i + 1, end):
        if toks[j].low in preps:
            k = j + 1
            while k < end and toks[k].low in _DETERMINERS:
                k += 1
            if k in at:
                return at[k]
    return None


def _left_actor(toks: list[_Tok], at: dict[int, str], i: int, reach: int) -> str | None:
    """The nearest actor before token i in its clause that is no preposition's object ("from Iran")."""
    for j in range(i - 1, max(-1, i - 1 - reach), -1):
        if toks[j].low in _CLAUSE_END:
            return None
        if j in at and (j == 0 or toks[j - 1].low not in ("from", "to", "by", "with", "for", "into", "than")):
            return at[j]
    return None


def _first_after(toks: list[_Tok], at: dict[int, str], i: int, end: int, giver: str | None) -> str | None:
    """The first other actor after the verb in its clause ("withheld the jets that Tehran paid for")."""
    for j in range(i + 1, end):
        if j in at and at[j] != giver and toks[j - 1].low not in ("by", "from", "with", "against", "than"):
            return at[j]
    return None


def _be_before(toks: list[_Tok], i: int) -> bool:
    """A form of 'be' shortly before a participle: "were quietly delivered", "had been sent"."""
    return any(toks[j].low in _BE for j in range(max(0, i - 3), i))


def _with_after_actor(toks: list[_Tok], at: dict[int, str], j: int) -> bool:
    """ "supplies Iran with ...": the actor right after the verb is its receiver."""
    return j in at and any(toks[k].low == "with" for k in range(j + 1, min(len(toks), j + 4)))


def _denied(toks: list[_Tok], i: int) -> bool:
    """A negation or a withholding head in the few words before the verb."""
    return any(
        toks[j].low in _NEGATION or toks[j].low in _WITHHOLD or toks[j].low.endswith(("n't", "n’t"))
        for j in range(max(0, i - 4), i)
    )
