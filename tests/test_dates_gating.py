"""find_dates runs a pattern only on sentences holding the features the pattern needs (helpers.text.dates._plan).

The gate is there for speed alone: it must never keep a pattern from a sentence where the pattern would match.
Each sentence below holds a date of one kind or another; every pattern that matches it must be in its plan.
"""

from __future__ import annotations

import re

import pytest

from helpers.text import dates

SENTENCES = [
    "The deal was signed on 2024-03-05 in Moscow.",
    "The memo is dated 05/21/1998 and was leaked later.",
    "Talks ran from June 3 to 7, 2025 in Vienna.",
    "Talks ran from 3 to 7 June in Vienna.",
    "Talks ran June 3 through June 9 in Vienna.",
    "The summit opened June 3–7 after a delay.",
    "Prices rose from March until May 2021.",
    "Exports fell in the March-June period.",
    "Output in the year-earlier third quarter was lower.",
    "Sales in the same prior-year period were flat.",
    "In the 1990s, trade grew; in the '80s it had not.",
    "Back in the nineties the plant stood idle.",
    "It happened in the 90s, officials said.",
    "The plan runs 2019-2024 and then 2025/26.",
    "The plan ran between 1991 and 1995.",
    "The plan ran 1991 to 1995, officials said.",
    "The plan ran 1991 until 1995, officials said.",
    "It dates to the year two thousand and three.",
    "Late last year the firm cut jobs; by year-end 1988 it had recovered.",
    "At the end of the year the reactor started; at midyear it stalled; at mid-year it was fixed.",
    "The following week, ministers met; later that day they signed.",
    "Later in the week they met again, and earlier this month they spoke.",
    "The ceasefire held over the weekend.",
    "The ceasefire held over the WEEKEND.",
    "Ministers met on Monday and again the following Friday.",
    "Three days later the talks resumed; two years earlier they had failed.",
    "The fifth round of talks opened on 5 of June, 1998.",
    "In late 2024, Russia delivered drones; in March 2021 it signed.",
    "Yesterday the minister said talks would resume tomorrow.",
    "In spring 2023 the corridor opened; last summer it closed.",
    "The first half of 2024 was slow; Q3 2024 and the fourth quarter were better.",
    "On Christmas Eve 1991 the flag came down; on New Year's Day it was gone.",
    "Since '85 the two have traded; in October '87 they fell out.",
    "The 19th century saw wars; the last century saw more.",
    "The contract dated Sept. 12 was renewed in early September.",
    "He said it ﬁnally happened ſtart of the YEAR, İstanbul officials said.",
]


def _matching_patterns(sentence: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, p) for kind, p in dates._PATTERNS if p.search(sentence)]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_every_matching_pattern_is_in_the_plan(sentence):
    plan = {id(p) for _, p in dates._plan(dates._features(sentence))}
    missing = [kind for kind, p in _matching_patterns(sentence) if id(p) not in plan]
    assert not missing, f"gated out although they match: {missing}"


def test_the_sentences_reach_most_kinds():
    """The check above means something only if the sentences exercise the gated patterns."""
    kinds = {kind for s in SENTENCES for kind, _ in _matching_patterns(s)}
    gated = set(dates._PATTERN_NEEDS)
    assert gated - kinds == set()


def test_a_sentence_with_no_date_runs_few_patterns():
    """The gate does rule patterns out, or it would cost time for nothing."""
    assert len(dates._plan(dates._features("Ministers from both countries discussed drones and trade."))) <= 2


# The past-tense cues as one regex, as they were found before the word scan replaced it.
_PAST_REGEX = re.compile(rf"\b(?:{dates._IRREGULAR_PAST})\b|(?<![-\w])(?!(?:{dates._NOT_PAST})\b)[a-z]{{2,}}ed\b")


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        "He said the re-signed deal was signed, proceeded and exceeded; Fled troops fled.",
        "naïveed café-based worked_ed 2000ed led bled red hundred hundreds seeded",
        "ed-ed -signed signed- xsigned Signed said_ saidx told.",
    ],
)
def test_past_cues_are_those_of_the_regex(text):
    assert dates._past_cues(text) == [m.start() for m in _PAST_REGEX.finditer(text)]
