"""Stance, theme, modality and attribution rules that should carry to unseen articles, one general pattern each.

Every sentence here was invented for these tests (none is taken from the corpus). Each rule has a sentence it
moves and one it must leave alone, so it can fail either way.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpers.build.extract import Tagger
from helpers.config import load_cleaning, load_taxonomy

PUBLISHED = date(2025, 6, 1)


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_taxonomy(), load_cleaning())


def tags(tagger: Tagger, text: str) -> dict:
    return tagger.tag(text, "", PUBLISHED, False)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A stated limit of the partnership shows the two apart, however many partnership words surround it.
        (
            "The Moscow–Tehran accord deepens trade and joint projects but contains no mutual defence clause.",
            "divergence",
        ),
        ("Russia and Iran see their cooperation as transactional rather than a formal alliance.", "divergence"),
        ("Russia and Iran lack the binding structure of a true alliance.", "divergence"),
        ("Iran and Russia signed a treaty on joint projects and mutual support.", "cooperation"),
        # Both states named in an area of cooperation, with no friction, are working together.
        ("Russia and Iran first exchanged envoys in the sixteenth century, when both were empires.", "cooperation"),
        # "X, but <limit>" and "While X, <limit>": the limit the contrast stresses decides.
        (
            "Russia and Iran agreed to deepen cooperation in trade and to coordinate at the UN together, but avoided"
            " any defence commitments.",
            "divergence",
        ),
        (
            "While Moscow and Tehran coordinate closely and share intelligence, Russia declined to defend Iran.",
            "divergence",
        ),
        (
            "Russia and Iran quarrelled over the route at first, but agreed to build the railway together.",
            "cooperation",
        ),
        # Defending the other is working together; not defending it is a limit.
        ("Russia defended Iran at the Security Council.", "cooperation"),
        ("Russia's priority is Ukraine, not defending Iran.", "divergence"),
        # Forging ties is working together.
        ("Iran has forged close ties with Moscow in energy.", "cooperation"),
    ],
)
def test_stance_rule(tagger, text, expected):
    assert tags(tagger, text)["stance"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # A sector word denied outright (no, not, rather than) names what the two lack: a limit of the partnership.
        ("The accord between Russia and Iran contains no mutual defence clause.", "divergences"),
        ("Russia and Iran see their ties as transactional rather than a military alliance.", "divergences"),
        ("Russia and Iran signed a mutual defence pact.", "military"),
        ("Moscow declined to sell Tehran more fighter jets.", "military"),
        # A year that names a thing ("the 2015 nuclear deal") does not date the sentence: it is no history.
        ("Moscow urged Tehran to return to the 2015 nuclear deal.", "nuclear"),
        ("In 2015 Moscow urged Tehran to accept the nuclear deal.", "history"),
        # A third state that only speaks about the two does not act: their dealings stay the topic.
        ("Washington voiced alarm over military cooperation between Russia and Iran.", "military"),
        ("Washington pressed Tehran to stop selling drones to Moscow.", "regional"),
    ],
)
def test_theme_rule(tagger, text, expected):
    assert tags(tagger, text)["theme"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Someone named says what will happen: the sentence reports it (the outlook chapter is for the author's
        # and analysts' forecasts as such; a reported plan stays reported).
        ("Moscow will deliver the first batch next year, the Russian ambassador said.", "reported"),
        ("Tehran plans to expand trade with Moscow, Iran's president said on Monday.", "reported"),
        ("Moscow will deliver the first batch next year.", "forecast"),
        ("Lavrov praised the talks, adding that the two sides will meet again in June.", "reported"),
        ('Beijing will keep working with Tehran, "whatever happens next in the region".', "forecast"),
        # A relative clause that states an aim describes the thing; it forecasts nothing.
        ("In 2023 Russia and Iran signed a memorandum, which aims to link their payment systems.", "asserted"),
        ("Russia and Iran aim to link their payment systems by 2027.", "forecast"),
        # A short phrase in quotation marks is a label, not someone's words.
        ('Moscow long acted as the "northern menace" in Iranian history.', "asserted"),
        ('"We will never give up our rights to enrichment," he said in Tehran.', "reported"),
    ],
)
def test_modality_rule(tagger, text, expected):
    assert tags(tagger, text)["modality"] == expected


@pytest.mark.parametrize(
    "text, previous, expected",
    [
        # A participle of speech after "while" reports the subject's words.
        ("Shoigu backed the deal, while stressing that Iran must keep its commitments.", "", "Sergei Shoigu"),
        ("Shoigu backed the deal, while visiting Tehran for the second time.", "", ""),
        # Verbs that state a view or an affirmation are reporting verbs too.
        ("European diplomats affirm that the accord is transactional.", "", "European diplomats"),
        ("Washington has expressed alarm over the arms deal.", "", "Washington"),
        # "..., he said" points back to the speaker before, like "He said" does.
        (
            "Moscow will help resolve the issue, he said, while stressing the talks must go on.",
            "Sergei Lavrov",
            "Sergei Lavrov",
        ),
        ("Moscow will help resolve the issue, he said.", "", ""),
        # A short label in quotation marks after a state's name is nobody's words.
        ('The Russian Empire was long the "northern menace" in Iran.', "", ""),
    ],
)
def test_attribution_rule(tagger, text, previous, expected):
    assert tagger.attribution(text, previous) == expected
