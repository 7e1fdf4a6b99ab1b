"""Theme rules, one general pattern each, on sentences written for these tests (none is taken from a corpus).

Each pair holds a sentence the rule moves and one it must leave alone, so the rule can fail either way.
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


def theme(tagger: Tagger, text: str) -> str:
    return tagger.tag(text, "", PUBLISHED, False)["theme"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Joining or working within a bloc is diplomatic alignment; trade words still make it economy.
        ("Egypt and Iran were admitted to BRICS at the summit in Johannesburg.", "regional"),
        ("Kazakhstan hosted the Shanghai Cooperation Organisation summit, where Iran took its seat.", "regional"),
        ("Iran and Russia cut tariffs on most goods traded within the Eurasian Economic Union.", "economy"),
        # A third state acting on one of the two is regional politics, though its object is trade.
        ("Washington pressed Tehran to stop selling oil to its neighbours.", "regional"),
        ("The Syrian Civil War deepened military cooperation between Russia and Iran.", "military"),
        ("Russia gained little; Kazakhstan became Iran's main route for grain exports.", "regional"),
        ("Iran sold more oil to India last year despite American sanctions.", "economy"),
        ("Freight between India and Russia will move faster on the new corridor.", "economy"),
        # A sentence about the corridor that names only transit states is still about the corridor.
        ("The corridor's eastern branch runs through Kazakhstan and Turkmenistan.", "economy"),
        # A forecast with a sector's cue is about that sector (the outlook chapter gathers forecasts anyway).
        ("Russia and Iran will open a new gas pipeline under the Caspian next year.", "economy"),
        ("Moscow and Tehran will meet again next month.", "outlook"),
        # A forecast about a third state's dealings with one of the two is regional.
        ("Ankara will keep courting Tehran whatever happens.", "regional"),
        # A hedge says what may be: it outweighs a single cue word, not a cue and its area.
        ("Russia and Iran may widen their diplomacy with each other.", "outlook"),
        ("Russia and Iran may pay for Caspian oil in roubles.", "economy"),
        # Two states apart over a third: the third is what they part over, not the topic.
        ("Tehran is frustrated with Moscow's friendly ties to Israel.", "divergences"),
        ("Moscow refused to sell Tehran more air defence radars.", "military"),
        ("Russia and Iran both backed Assad in Syria.", "regional"),
        # "Since" a past date runs to the present: a state of affairs, not history.
        ("Moscow has backed the Assad family in Syria since the 1970s.", "regional"),
        ("In the 1970s Moscow armed the Assad government in Syria.", "history"),
        ("Russia has shipped arms to Iran since the 2001 agreement on military cooperation.", "military"),
        ("Russia has sold arms to Iran since the 2003 invasion of Iraq.", "military"),
        # A list of sectors from several chapters is about the partnership as a whole.
        ("The accord covers defence, energy, banking and transport links between Russia and Iran.", "regional"),
        ("Russian trade with Iran covers oil, gas, grain and banking services.", "economy"),
        ("Russia and Iran condemned the weaponization of the dollar through sanctions.", "economy"),
    ],
)
def test_theme_rule(tagger, text, expected):
    assert theme(tagger, text) == expected


def test_a_heading_that_names_a_conflict_of_interest_leans_towards_divergences(tagger):
    """The heading counts half a cue: with the two apart, it outweighs a hedge ("allegedly") on the sentence."""
    text = "Tehran is frustrated that Moscow allegedly courts Ankara."
    assert tagger.tag(text, "Conflicts of interest in the Caucasus", PUBLISHED, False)["theme"] == "divergences"
    assert tagger.tag(text, "The Caucasus", PUBLISHED, False)["theme"] == "outlook"


def _article(tagger: Tagger, sentences: list[str]) -> list[dict]:
    """Each sentence tagged on its own, then the article's prevailing theme applied, as extract_claims does."""
    rows = [{"text": s, **tagger.tag(s, "", PUBLISHED, False)} for s in sentences]
    tagger.follow_prevailing_theme(rows)
    return rows


NUCLEAR = [
    "Russia and Iran discussed the enrichment of uranium at the Bushehr reactor.",
    "Moscow offered to take Iran's enriched uranium under the nuclear deal.",
    "The IAEA said Iran's stockpile of enriched uranium had grown.",
]


def test_a_sentence_without_theme_words_follows_the_article(tagger):
    """Writers name the subject once and go on about it: in a piece about the nuclear talks, a sentence that names
    no sector is about them."""
    bare = "Moscow said the reply from Tehran did not meet its terms."
    assert theme(tagger, bare) != "nuclear"  # on its own it has no nuclear word
    assert _article(tagger, [*NUCLEAR, bare])[-1]["theme"] == "nuclear"


def test_a_sentence_with_its_own_theme_words_keeps_its_theme(tagger):
    own = "Russia and Iran signed a deal on trade in grain and oil."
    alone = theme(tagger, own)
    assert _article(tagger, [*NUCLEAR, own])[-1]["theme"] == alone != "nuclear"


def test_no_prevailing_theme_in_a_mixed_article(tagger):
    """Below PREVAILING_SHARE of the claims, no theme prevails and a bare sentence keeps the fallback."""
    bare = "Moscow said the reply from Tehran did not meet its terms."
    filler = [f"Officials from Russia and Iran met again, the {n} such meeting." for n in ("second", "third", "fourth")]
    filler += [f"Envoys of Russia and Iran spoke for {n} hours." for n in ("two", "three", "four", "five")]
    rows = _article(tagger, [NUCLEAR[0], *filler, bare])
    assert all(theme(tagger, f) != "nuclear" for f in filler)
    assert rows[-1]["theme"] == theme(tagger, bare) != "nuclear"
