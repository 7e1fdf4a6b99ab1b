"""The shortcuts that keep per-source reading fast must not change an answer: narrowed searches, kept results."""

from __future__ import annotations

import pytest

from helpers.build.extract import Tagger
from helpers.config import load_cleaning, load_taxonomy
from helpers.text import pii
from helpers.text.phrases import PhraseIndex


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_taxonomy(), load_cleaning())


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Ships crossed the Straits of   Oman.", set(), id="the longest water word, spaces after of"),
        pytest.param("Ships crossed the Sea of\nOman.", set(), id="a line break after of"),
        pytest.param(
            "Navies from Russia, China and Iran, after a long voyage past India, drilled in the Gulf of Oman.",
            {"Russia", "China", "Iran", "India"},
            id="a sea late in a long sentence",
        ),
        pytest.param("The Sea was calm off Oman.", {"Oman", "Gulf states"}, id="a sea word not right before"),
    ],
)
def test_a_sea_named_after_a_state_names_no_state(tagger, text, expected):
    assert set(tagger.actors(text)) == expected


def test_counts_are_fresh_and_kept_answers_follow_the_text():
    index = PhraseIndex({"energy": ["oil", "gas*"], "arms": ["drones"]})
    first = index.counts("Oil and gas exports")
    assert first == {"energy": 2, "arms": 0}
    first["arms"] = 99  # a caller's edit must not leak into the next answer
    assert index.counts("Iran sold drones") == {"energy": 0, "arms": 1}
    assert index.counts("Oil and gas exports") == {"energy": 2, "arms": 0}
    assert [(m.start, m.end) for m in index.finditer("Oil  and gasfield")] == [(0, 3), (9, 17)]


def test_a_speaker_read_twice_reads_the_same(tagger):
    said = "Russia will not back down, Foreign Minister Sergei Lavrov said."
    assert tagger.attribution(said) == tagger.attribution(said) == "Sergei Lavrov"
    assert tagger.attribution("Officials said trade grew.") == "officials"


@pytest.mark.parametrize(
    "text, kind",
    [
        pytest.param("BIRTH DATE: 4 July 1985", "birth", id="capitals pass the birth test"),
        pytest.param("D.O.B. – 04/07/1985", "birth", id="dotted capitals pass the birth test"),
        pytest.param(
            "Write to 350 Fifth Avenue, New York, NY 10001.", "address", id="five digits pass the postcode test"
        ),
        pytest.param("Tel: 020 7946 0321 / 020 7946 0322", "phone", id="a run of numbers cut at the slash"),
    ],
)
def test_quick_tests_let_every_detail_through(text, kind):
    assert kind in {span.kind for span in pii.find(text)}


@pytest.mark.parametrize(
    "words",
    [
        pytest.param(["say", "says", "said", "saying", r"state(?=\s+that)", "stated", "tell", "told"], id="verbs"),
        pytest.param(["spokesman", r"spokesman\s+for", "spokeswoman", "envoy", "a"], id="a word inside a longer one"),
        pytest.param(["TV", "television", "analysts"], id="a capital keeps the list flat"),
        pytest.param([], id="nothing"),
    ],
)
def test_a_factored_alternation_matches_what_the_flat_one_does(words):
    import re

    flat = re.compile("|".join(sorted(set(words), key=len, reverse=True)) or "(?!)", re.IGNORECASE)
    factored = re.compile(Tagger._alternation(words), re.IGNORECASE)
    texts = ["says", "said that", "stated it", "state that", "spokesman for Iran", "spokeswoman", "a TV", "tv", "xyz"]
    for text in texts:
        for at in range(len(text)):
            expected = flat.match(text, at)
            found = factored.match(text, at)
            assert (found and found.span()) == (expected and expected.span()), (text, at)


@pytest.mark.parametrize("dash", ["-", "\u2010", "\u2011", "\u2013"], ids=["hyphen", "u2010", "u2011", "en dash"])
def test_every_dash_still_joins_a_compound(tagger, dash):
    assert set(tagger.actors(f"Russo{dash}Iranian ties deepened.")) == {"Russia", "Iran"}


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Talks resumed in May and Iran signed the accord.", "asserted", id="the month mid-sentence"),
        pytest.param("Iran may sign the accord.", "hedged", id="the modal verb"),
    ],
)
def test_the_month_may_is_no_hedge(tagger, text, expected):
    assert tagger.modality(text) == expected
