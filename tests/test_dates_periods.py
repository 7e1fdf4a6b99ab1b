"""Reporting periods and tense in newspaper copy: a quarter a company is about to report on, "the latest
quarter", periods a year before a named quarter, weekdays counted from another day of the story, adjectives
that look like past verbs, and a month that is the object of "for" rather than the time of the verb.

The sentences are written for these tests; each is read against the publication date REF (a Thursday)
unless it says otherwise, and the span expected is the one a careful reader would give.
"""

from datetime import date

import pytest

from helpers.text.dates import find_dates, primary_date

REF = date(1989, 11, 2)  # a Thursday, a month after the third quarter closed


def _span(text: str, ref: date = REF) -> tuple[str, str, str] | None:
    found = primary_date(find_dates(text, ref))
    return (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) if found else None


def _spans(text: str, ref: date = REF) -> list[tuple[str, str, str, str]]:
    return [(m.text, m.date_start.isoformat(), m.date_end.isoformat(), m.precision) for m in find_dates(text, ref)]


Q3_1989 = ("1989-07-01", "1989-09-30", "month")

CASES = [
    # a company reports a quarter in the weeks after it closes: "will report" looks ahead to the report,
    # not to next year's quarter of that name
    ("The company expects to report a loss for the third quarter.", REF, Q3_1989, "to report a quarter just closed"),
    ("It said it expects to report third-quarter net income of $2 million.", REF, Q3_1989, "quarter as modifier"),
    ("Profit will rise in the fourth quarter.", REF, ("1989-10-01", "1989-12-31", "month"), "the quarter under way"),
    ("Sales will rise in the first quarter.", REF, ("1990-01-01", "1990-03-31", "month"), "a quarter ahead"),
    (
        "The company will report results for the second quarter.",
        REF,
        ("1990-04-01", "1990-06-30", "month"),
        "a quarter closed long ago is next year's",
    ),
    # the latest quarter: the last one closed
    ("Revenue in the latest quarter rose 5%.", REF, Q3_1989, "the latest quarter"),
    ("The latest quarter's results included a one-time gain.", REF, Q3_1989, "the latest quarter's"),
    ("Margins narrowed in the most recent quarter.", REF, Q3_1989, "the most recent quarter"),
    (
        "Margins narrowed in the most recent quarter.",
        date(1990, 1, 10),
        ("1989-10-01", "1989-12-31", "month"),
        "the most recent quarter, across a year",
    ),
    # the year-earlier quarter named by its ordinal
    (
        "In the year-earlier third quarter, the company earned $2.8 million.",
        REF,
        ("1988-07-01", "1988-09-30", "month"),
        "the year-earlier third quarter",
    ),
    (
        "Sales fell from the year-ago second quarter.",
        REF,
        ("1988-04-01", "1988-06-30", "month"),
        "the year-ago second quarter",
    ),
    # an adjective made from a verb ("the reduced dividend") is no past tense
    ("The reduced dividend is payable Jan. 2.", REF, ("1990-01-02", "1990-01-02", "day"), "the reduced dividend"),
    ("A revised schedule takes effect Jan. 5.", REF, ("1990-01-05", "1990-01-05", "day"), "a revised schedule"),
    ("The company reduced its dividend on Jan. 2.", REF, ("1989-01-02", "1989-01-02", "day"), "a past verb still is"),
    # "for" a month: what the act is for, not when it happened
    (
        "Dealers placed heavy buy orders for November transactions.",
        date(1989, 10, 30),
        ("1989-11-01", "1989-11-30", "month"),
        "orders for a month",
    ),
    (
        "Putin invited Modi for early September.",
        date(2019, 8, 29),
        ("2019-09-01", "2019-09-10", "day"),
        "invited for early Month",
    ),
    ("Sales for January rose 5%.", date(1989, 2, 15), ("1989-01-01", "1989-01-31", "month"), "figures for a month"),
    ("Troops withdrew in November.", date(1989, 10, 30), ("1988-11-01", "1988-11-30", "month"), "in a month: past"),
    # a year said aloud in full
    (
        "His promise to halve unemployment by the year two thousand was abandoned.",
        date(1998, 2, 5),
        ("2000-01-01", "2000-12-31", "year"),
        "the year two thousand",
    ),
    (
        "The plant should open in the year two thousand and three.",
        date(1998, 2, 5),
        ("2003-01-01", "2003-12-31", "year"),
        "the year two thousand and three",
    ),
]


@pytest.mark.parametrize("text, ref, expected", [pytest.param(*c[:3], id=c[3]) for c in CASES])
def test_period_date(text, ref, expected):
    assert _span(text, ref) == expected


def test_the_following_weekday_counts_from_the_story():
    """ "The following Monday" is the Monday after the day just told, not the one before publication."""
    text = "Shares fell on Oct. 20, 1989, and recovered the following Monday."
    assert _spans(text)[-1] == ("the following Monday", "1989-10-23", "1989-10-23", "day")


def test_the_previous_weekday_counts_from_the_story():
    text = "The index closed at 2082 on Oct. 27, 1989, down 4.5% from the previous Friday."
    assert _spans(text)[-1] == ("the previous Friday", "1989-10-20", "1989-10-20", "day")


def test_the_previous_weekday_with_nothing_before_it_is_left_alone():
    """An anaphor follows the story told, never the publication date; the other date in the sentence dates it."""
    text = "The index fell 4.5% from the previous Friday and 6.8% from Oct. 13."
    assert _span(text) == ("1989-10-13", "1989-10-13", "day")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Two thousand troops crossed the border.", id="two thousand as a count"),
        pytest.param("The latest week brought more losses.", id="the latest week"),
        pytest.param("Year-earlier results included a gain.", id="year-earlier with nothing before it"),
        pytest.param("He would have chosen the people of tomorrow.", id="the people of tomorrow"),
        pytest.param("These are the weapons of tomorrow's wars.", id="tomorrow's wars"),
        pytest.param("Tomorrow's world will be multipolar.", id="tomorrow's world"),
    ],
)
def test_period_not_dates(text):
    assert find_dates(text, REF) == []


def test_tomorrow_is_a_day_when_it_dates_an_act():
    assert _span("The board meets tomorrow to approve the sale.") == ("1989-11-03", "1989-11-03", "day")
    assert _span("Tomorrow's vote will decide the sale.") == ("1989-11-03", "1989-11-03", "day")
