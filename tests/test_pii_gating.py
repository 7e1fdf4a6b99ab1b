"""pii.find and pii.is_bio_sentence run their costlier patterns only where a cheap test passes.

The tests are there for speed alone: each result must be what the patterns give with no test in front of them
(for a pattern's own hint), or what the case-insensitive test they replace gave (for the link and bio tests,
which decide). The sentences are invented; some hold letters that lower-casing does not fold the way a
case-insensitive regex does (dotless i, long s, dotted capital I), where the fast path is not exact.
"""

from __future__ import annotations

import re

import pytest

from helpers.text import pii
from helpers.text.patterns import Caseless, lowered

TEXTS = [
    "Write to the office at P.O. Box 1234, Springfield.",
    "Letters go to PO BOX 55 or to POB 77 in town.",
    "Send it to Post Office Box 981, Albany, NY 12207.",
    "Send it to post office box 981 before Friday.",
    "Born: 3 May 1970 in Kazan, the writer moved to Moscow.",
    "DOB – 1 Jan 1980; place of birth: Tula.",
    "Her d.o.b. 12/04/1975 was on the form.",
    "The analyst, b. 1961 in Baku, spoke first.",
    "She was BORN in Tabriz in 1950.",
    "See [the filing](mailto:press@example.org) for details.",
    "Read WWW.EXAMPLE.ORG for the text of the accord.",
    "The accord is at www.example.org/accord?utm_source=x today.",
    "Follow her on Telegram for updates.",
    "FOLLOW HIM ON X for more.",
    "Ivan Petrov can be reached at the embassy.",
    "His views are his own, the editor noted.",
    "The views expressed are the author's alone.",
    "Reach them at the desk [at] example [dot] org.",
    "The envoy met İran's minister; Ivan Petrov can be reached at 12 Baker Street.",
    "Faſt talks: PO Boſ 12 is no box, but P.O. Box 44 is one.",
    "The ıdea: Follow her on Telegram, born 1 May 1960.",
    "The document at www.eXample.org/ıdea was cited.",
    "Iran and Russia signed a treaty in January 2025 after talks in Moscow.",
    "The State Department sits at 2201 C St. NW; 10 Downing Street is in London.",
    "Flats at 3 Rosewood Way, Apt 4B, sold out in the Strait of Hormuz port.",
    "Trade between the two rose by 15 percent, officials said on Tuesday.",
]


def _find_without_hints(text: str) -> list[pii.Span]:
    """pii.find with every pattern run on every text, and the link test as it was written first."""
    spans = pii._links(text) if re.search(r"/|www\.", text, re.IGNORECASE) else []
    if sum(map(str.isdigit, text)) >= 7:
        spans += pii._phones(text)
    for kind, pattern, _ in pii._PATTERNS:
        spans += [pii.Span(m.start(), pii._trim_link(text, m.start(), m.end()), kind) for m in pattern.finditer(text)]
    spans = [s for s in spans if s.end > s.start]
    return pii._merge(text, [pii._widen(text, s) for s in pii._merge(text, spans)]) if spans else []


@pytest.mark.parametrize("text", TEXTS)
def test_hints_never_keep_a_pattern_from_a_detail(text):
    assert pii.find(text) == _find_without_hints(text)


def test_the_texts_hold_the_details_the_hints_guard():
    """The comparison above means something only if the patterns behind the hints do find details here."""
    kinds = {s.kind for text in TEXTS for s in pii.find(text)}
    assert {"po_box", "birth", "email", "url", "tracking_url", "address", "obfuscated_email"} <= kinds


_BIO_HINT_AS_WRITTEN = re.compile(r"Follow|can be|\b(?:him|her|them|author)\b|views", re.IGNORECASE)


@pytest.mark.parametrize("text", TEXTS)
def test_bio_test_decides_as_the_case_insensitive_one_did(text):
    expected = bool(pii.BIO_START.match(text) or (_BIO_HINT_AS_WRITTEN.search(text) and pii.BIO_CUE.search(text)))
    assert pii.is_bio_sentence(text) == expected


def test_caseless_search_agrees_with_ignorecase_where_lowering_is_not_exact():
    pattern = Caseless(r"\bbox\b|istanbul")
    for text in ("PO BOX 5", "İstanbul office", "ISTANBUL office", "Boſ", "a bıg box", "no match here"):
        assert bool(pattern.search(text, lowered(text))) == bool(re.search(r"\bbox\b|istanbul", text, re.IGNORECASE))
    assert lowered("İstanbul") is None and lowered("Istanbul") == "istanbul"


@pytest.mark.parametrize(
    "text",
    ["Call 555 0199 now", "Call 555 019 now", "Room ٣٤٥ or 1234", "Room ٣٤ or 1234", "x² y³ 12345", "¹²³⁴⁵⁶⁷", ""],
)
def test_seven_digits_are_counted_as_isdigit_counts_them(text):
    assert pii._has_seven_digits(text) == (sum(map(str.isdigit, text)) >= 7)
