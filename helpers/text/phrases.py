"""The one phrase matcher: every cue-word list in the analyst's YAML is matched through it.

Aho-Corasick finds every phrase of many lists in one pass, so tagging stays linear in the
text however many cue words the taxonomy grows. Matching rules, the same for every list:
whole words only; any run of white space matches one space; a trailing `*` matches any word
ending; an all-capitals phrase (US, UN) matches only in capitals, so it never hits "us".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    """One phrase found: its span in the text as given, and the lists it belongs to."""

    start: int
    end: int
    names: frozenset[str]


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` with white-space runs as one space, and each folded character's offset in `text`."""
    out, where, pos = [], [], 0
    for m in _SPACE.finditer(text):
        out.append(text[pos : m.start()])
        where.extend(range(pos, m.start()))
        out.append(" ")
        where.append(m.start())
        pos = m.end()
    out.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(out), where


@lru_cache(maxsize=64)
def _flat(text: str) -> str:
    """`text` with white-space runs as one space. Kept: the tagger asks each index about the same sentence."""
    return " ".join(text.split())


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class PhraseIndex:
    """Several named phrase lists matched in one pass, longest match first, no overlaps."""

    def __init__(self, lists: dict[str, list[str]]):
        import ahocorasick

        self.names = list(lists)
        self._zeros = dict.fromkeys(self.names, 0)  # copied per count: far cheaper than building it anew
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, bool, bool]]] = {}
        for name, phrases in lists.items():
            for phrase in phrases:
                phrase = " ".join(phrase.split())
                wildcard = phrase.endswith("*")
                body = phrase.rstrip("*")
                acronym = body.isupper() and len(body) > 1
                if body:
                    entries.setdefault(body.casefold(), []).append((name, wildcard, acronym))
        for key, owners in entries.items():
            # Split once here, not per match: the lists a match always counts for, those it counts for only at a
            # word's end, and the acronyms, which also need the text in capitals.
            anywhere = frozenset(name for name, wildcard, acronym in owners if wildcard and not acronym)
            at_end = frozenset(name for name, _, acronym in owners if not acronym)
            acronyms = tuple((name, wildcard) for name, wildcard, acronym in owners if acronym)
            self._automaton.add_word(key, (len(key), anywhere, at_end, acronyms))
        self._empty = not entries
        self._last: tuple[str | None, list] = (None, [])  # (text, what _found found in it)
        if entries:
            self._automaton.make_automaton()

    def may_match(self, text: str) -> bool:
        """A cheap first look (one C call): False means no phrase occurs in `text`."""
        return not self._empty and next(self._automaton.iter(text.casefold()), None) is not None

    def _found(self, flat: str) -> list[tuple[int, int, int, frozenset[str]]]:
        """(start, end of phrase, end of word, lists) in white-space-folded text, longest first, no overlaps.

        The last text's answer is kept: the tagger asks several questions of one sentence in a row.
        """
        last = self._last
        if flat != last[0]:
            last = self._last = (flat, self._scan(flat))
        return last[1]

    def _scan(self, flat: str) -> list[tuple[int, int, int, frozenset[str]]]:
        if self._empty:
            return []
        lower = flat.casefold()
        if len(lower) != len(flat):  # casefold changed lengths (e.g. "ß"): fall back to lower()
            lower = flat.lower()
        valid = []
        n = len(lower)
        for end, (length, anywhere, at_end, acronyms) in self._automaton.iter(lower):
            start = end - length + 1
            if start > 0:
                ch = lower[start - 1]
                if ch.isalnum() or ch == "_" or ch == "-":
                    continue
            at_word_end = end + 1 >= n or not (lower[end + 1].isalnum() or lower[end + 1] == "_")
            names = at_end if at_word_end else anywhere
            if acronyms:
                written = flat[start : end + 1]
                if written == written.upper():
                    names = names.union(name for name, wildcard in acronyms if wildcard or at_word_end)
            if names:
                valid.append((start, -length, names, at_word_end))
        found, taken_until = [], -1
        valid.sort()  # by start, then longest first; no two share both, so the lists are never compared
        for start, neg_len, names, at_word_end in valid:
            if start <= taken_until:
                continue  # overlaps a longer phrase already counted ("arms sales" holds "arms")
            taken_until = start - neg_len - 1
            stop = taken_until + 1
            if not at_word_end:
                while stop < n and _word_char(lower[stop]):
                    stop += 1  # a wildcard takes the rest of the word
            found.append((start, taken_until + 1, stop, names))
        return found

    def finditer(self, text: str) -> list[Match]:
        """Every phrase in `text`, left to right, with its span in `text` as given."""
        flat = _flat(text)
        if flat == text:
            return [Match(start, stop, frozenset(names)) for start, _, stop, names in self._found(flat)]
        flat, where = _folded(text)
        return [
            Match(where[start], where[stop - 1] + 1, frozenset(names)) for start, _, stop, names in self._found(flat)
        ]

    def counts(self, text: str) -> dict[str, int]:
        """How many phrases of each list occur in `text`."""
        found = self._zeros.copy()
        for _, _, _, names in self._found(_flat(text)):
            for name in names:
                found[name] += 1
        return found

    def search(self, text: str) -> bool:
        """True when any phrase occurs in `text`."""
        return self.may_match(text) and bool(self._found(_flat(text)))

    def match(self, text: str) -> bool:
        """True when `text`, leading white space aside, opens with a phrase."""
        if not self.may_match(text):
            return False
        found = self._found(_flat(text))
        return bool(found) and found[0][0] == 0


def phrase_hits(texts: pd.Series, lists: dict[str, list[str]], index=None) -> pd.DataFrame:
    """Phrase counts per list (one pass per text): rows for the texts that hold a phrase, or for `index`."""
    matcher = PhraseIndex(lists)
    rows = {
        i: found
        for i, text in zip(texts.index, texts.tolist())
        if matcher.may_match(text) and any((found := matcher.counts(text)).values())
    }
    hits = pd.DataFrame.from_dict(rows, orient="index", columns=list(lists)).reindex(columns=list(lists))
    return hits if index is None else hits.reindex(index, fill_value=0)
