"""The shortcuts that keep per-source reading fast must not change an answer: narrowed searches, kept results."""

from __future__ import annotations

from datetime import date

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


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Grain exports rose sharply in spring, Deputy Trade Minister Anna Petrova said.", id="postposed"),
        pytest.param("Observers say the canal will open, and port officials told reporters so.", id="two verbs"),
        pytest.param("The envoy was quoted by a local radio station as saying talks stalled.", id="passive"),
        pytest.param("Inspectors\tsaid the dam was safe.", id="a tab before the verb"),
        pytest.param("Inspectors\nsaid the dam was safe.", id="a line break before the verb"),
        pytest.param("“We are ready,” the spokeswoman for the Port Authority stated on Monday.", id="after a quote"),
        pytest.param("Farmers, however, claim that prices fell, and the board admitted that.", id="the last word"),
    ],
)
def test_no_speaker_starts_after_the_last_reporting_verb(tagger, text):
    """`_named_speaker` tries the speaker pattern only before the last reporting verb: every place it matches,
    tried by brute force, must lie before that verb."""
    masked = tagger._masked(text)
    starts = [p for p in range(len(masked) + 1) if tagger._speaks.match(masked, p)]
    assert starts  # each sentence names a speaker, so the check has something to check
    assert max(starts) < tagger._last_verb_at(masked)


@pytest.mark.parametrize(
    "text",
    [
        "Grain prices rose, and   officials said so.",
        "Grain prices rose; port officials said so, and when farmers complain, ministers listen.",
        "“Prices rose,” said the farm ministry, while Baku traders stated that stocks fell.",
        "Farmers, however, claim that prices fell and\nthe board admitted that.",
    ],
)
def test_the_places_a_speaker_is_tried_are_those_of_the_whole_sentence(tagger, text):
    """`_speaker_starts` scans only up to the last reporting verb; what it finds is what scans of the whole
    sentence find before that verb."""
    masked = tagger._masked(text)
    last = tagger._last_verb_at(masked)
    capitals = {m.start() for m in tagger._CAPITAL_START.finditer(masked) if masked[m.start()].isupper()}
    boundaries = {m.end() for m in tagger._BOUNDARY_START.finditer(masked)}
    expected = sorted(p for p in capitals | boundaries if p < last)
    assert expected  # places to compare
    assert tagger._speaker_starts(masked) == expected


def test_a_sentence_without_a_reporting_verb_names_no_speaker_before_one(tagger):
    masked = tagger._masked("Grain exports rose sharply in spring across the region.")
    assert tagger._last_verb_at(masked) == 0
    assert not any(tagger._speaks.match(masked, p) for p in range(len(masked) + 1))


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "The pact was signed on Monday, June 19, 2025 in Baku, a year after the 2024 talks.",
            ["Monday, June 19, 2025", "2024"],
            id="a day holds a month, a day and a year",
        ),
        pytest.param(
            "Grain trade fell in 2019–2020 and grew from May 2021 to mid-2022.",
            ["2019–2020", "May 2021", "mid-2022"],
            id="a range holds two years",
        ),
        pytest.param("Ties were thin during the Cold War and the 1980s.", ["the Cold War", "1980s"], id="a period"),
    ],
)
def test_a_date_found_first_keeps_its_words(text, expected):
    """find_dates lets no mention take characters an earlier one took (its `claim`)."""
    from helpers.text.dates import find_dates

    taxonomy = load_taxonomy()
    periods = (taxonomy.period_index, taxonomy.periods)
    assert [m.text for m in find_dates(text, date(2025, 7, 1), periods)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Grain prices rose, and officials said so.", "officials", id="after a conjunction"),
        pytest.param("Grain prices rose; port officials said so.", "port officials", id="after a semicolon"),
        pytest.param("When farmers complain, ministers listen.", "farmers", id="the verb in the first clause"),
    ],
)
def test_a_speaker_right_before_the_last_verb_is_found(tagger, text, expected):
    """The places a speaker may start are looked for only up to the last reporting verb (`_named_speaker`)."""
    assert tagger.attribution(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Under the Persian calendar year 1403 the budget grew.", [], id="three words before"),
        pytest.param("The Iranian  calendar\tyear 1402 ended in March.", ["in March"], id="three words, odd spaces"),
        pytest.param("Some 1500 sailors and more than  1200 marines joined in 2019.", ["2019"], id="two words before"),
        pytest.param("The convoy left Base Camp 1944 at dawn in 2021.", ["2021"], id="a name before"),
        pytest.param("In 1990 trade grew, and by 2001 it had doubled.", ["1990", "2001"], id="years"),
    ],
)
def test_what_makes_a_number_no_year_is_read_in_the_words_before_it(text, expected):
    """find_dates reads only the last three words before a four-digit number for what makes it no year."""
    from helpers.text.dates import find_dates

    assert [m.text for m in find_dates(text, date(2025, 7, 1))] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Sales rose in the Nine-Month period.", True, id="capitals, one month"),
        pytest.param("YEAR-TO-DATE sales rose.", True, id="all capitals"),
        pytest.param("Sales for the Full Year rose.", True, id="the full year"),
        pytest.param("Sales rose in the quarter, by 12 percent.", False, id="no month or year"),
    ],
)
def test_a_longer_period_is_found_in_any_case(text, expected):
    """names_longer_period looks for "month" or "year" before it runs its pattern."""
    from helpers.text.dates import names_longer_period

    assert names_longer_period(text) is expected
