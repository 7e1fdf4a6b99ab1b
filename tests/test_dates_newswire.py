"""Date mentions in business-page and general newspaper copy: fiscal periods, quarters, comparisons with
a year earlier, possessive years, ranges, two-digit years, weekdays against the dateline, and numbers that
are counts or money rather than years.

The sentences are written for these tests in the style of newspaper copy; each one is read against the
publication date REF, a Thursday, and the span expected is the one a careful reader would give.
"""

from datetime import date

import pytest

from helpers.text.dates import find_dates, primary_date

REF = date(1989, 11, 2)  # a Thursday


def _span(text: str, ref: date = REF) -> tuple[str, str, str] | None:
    found = primary_date(find_dates(text, ref))
    return (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) if found else None


def _spans(text: str, ref: date = REF) -> list[tuple[str, str, str, str]]:
    return [(m.text, m.date_start.isoformat(), m.date_end.isoformat(), m.precision) for m in find_dates(text, ref)]


CASES = [
    # -- quarters, halves and fiscal years, as the business pages write them
    ("Net income rose 12% in the third quarter.", "1989-07-01", "1989-09-30", "month", "the third quarter"),
    ("Third-quarter profit fell 5%.", "1989-07-01", "1989-09-30", "month", "quarter as a modifier"),
    ("Profit rose in the 1988 fourth quarter.", "1988-10-01", "1988-12-31", "month", "the Year quarter"),
    ("The loss was in 1989's second quarter.", "1989-04-01", "1989-06-30", "month", "Year's quarter"),
    ("Profit fell in last year's third quarter.", "1988-07-01", "1988-09-30", "month", "last year's quarter"),
    ("Sales will rise in next year's first half.", "1990-01-01", "1990-06-30", "month", "next year's half"),
    ("Profit fell in the current quarter.", "1989-10-01", "1989-12-31", "month", "the current quarter"),
    ("Sales rose 4% last quarter.", "1989-07-01", "1989-09-30", "month", "last quarter"),
    ("Margins will improve next quarter.", "1990-01-01", "1990-03-31", "month", "next quarter"),
    ("Earnings fell in the July-September quarter.", "1989-07-01", "1989-09-30", "month", "month-month quarter"),
    ("Sales jumped in the last quarter of 1988.", "1988-10-01", "1988-12-31", "month", "the last quarter of a year"),
    ("Costs rose in the final quarter of last year.", "1988-10-01", "1988-12-31", "month", "the final quarter"),
    ("The strike ended in the last week of August.", "1989-08-01", "1989-08-31", "month", "the last week of a month"),
    ("Output rose in the July-to-September period.", "1989-07-01", "1989-09-30", "month", "Month-to-Month"),
    ("For fiscal 1989, the company earned $10 million.", "1989-01-01", "1989-12-31", "year", "fiscal year"),
    ("Revenue rose in the year ended Sept. 30.", "1989-09-30", "1989-09-30", "day", "year ended a day"),
    ("Revenue rose in the nine months ended Sept. 30, 1989.", "1989-09-30", "1989-09-30", "day", "ended a full date"),
    ("The 1989-90 budget was cut.", "1989-01-01", "1990-12-31", "year", "a fiscal pair of years"),
    ("Sales rose 8% in the first half.", "1989-01-01", "1989-06-30", "month", "the first half"),
    ("Sales will recover in the second half.", "1989-07-01", "1989-12-31", "month", "the second half, current"),
    ("Results improved at midyear.", "1989-05-01", "1989-08-31", "month", "midyear"),
    ("The sale should close by year-end.", "1989-09-01", "1989-12-31", "month", "year-end ahead"),
    # -- possessive years, years with a preposition, parts of years
    ("1989's results included a one-time gain.", "1989-01-01", "1989-12-31", "year", "Year's"),
    ("Last year's results included a one-time gain.", "1988-01-01", "1988-12-31", "year", "last year's"),
    ("The company has lost money since 1985.", "1985-01-01", "1985-12-31", "year", "since a year"),
    ("The contract runs through 1991.", "1991-01-01", "1991-12-31", "year", "through a year"),
    ("The plant will close in mid-1990.", "1990-05-01", "1990-08-31", "month", "mid-Year"),
    ("The merger was approved late last month.", "1989-10-21", "1989-10-31", "day", "late last month"),
    ("Shipments will resume early next month.", "1989-12-01", "1989-12-10", "day", "early next month"),
    ("The talks broke down at the end of last month.", "1989-10-21", "1989-10-31", "day", "the end of last month"),
    ("The deal should close by the end of this month.", "1989-11-21", "1989-11-30", "day", "the end of this month"),
    ("The plant closed early in 1988.", "1988-01-01", "1988-04-30", "month", "early in a year"),
    ("Prices peaked late in October 1987.", "1987-10-21", "1987-10-31", "day", "late in Month Year"),
    ("Debt rose to $2 billion at year-end 1988.", "1988-09-01", "1988-12-31", "month", "year-end Year"),
    ("Sales slowed late last year.", "1988-09-01", "1988-12-31", "month", "late last year"),
    ("The company was founded in the fall of 1946.", "1946-09-01", "1946-11-30", "month", "the fall of a year"),
    # -- full dates, decades and two-digit years
    ("The stock market crashed on Oct. 19, 1987.", "1987-10-19", "1987-10-19", "day", "Mon. D, YYYY"),
    ("The deal closed on 15 September 1989.", "1989-09-15", "1989-09-15", "day", "D Month YYYY"),
    ("The shares were issued Tuesday, Oct. 31.", "1989-10-31", "1989-10-31", "day", "weekday, Mon. D"),
    ("The company grew rapidly during the 1980s.", "1980-01-01", "1989-12-31", "decade", "the 1980s"),
    ("Junk bonds boomed in the 1980’s.", "1980-01-01", "1989-12-31", "decade", "the 1980’s, curly"),
    ("Junk bonds boomed in the 80's.", "1980-01-01", "1989-12-31", "decade", "the 80's"),
    ("The company went public in '87.", "1987-01-01", "1987-12-31", "year", "in '87"),
    ("Shares peaked in October '87.", "1987-10-01", "1987-10-31", "month", "Month 'YY"),
    ("The stadium is to open in '92.", "1992-01-01", "1992-12-31", "year", "a two-digit year ahead"),
    # -- ranges
    ("He served from 1981 to 1987.", "1981-01-01", "1987-12-31", "year", "from Year to Year"),
    ("Prices rose between 1985 and 1988.", "1985-01-01", "1988-12-31", "year", "between Year and Year"),
    ("The auction ran from Oct. 2 through Oct. 6.", "1989-10-02", "1989-10-06", "day", "Mon. D through Mon. D"),
    ("Talks were held Sept. 5-7.", "1989-09-05", "1989-09-07", "day", "Mon. D-D"),
    # -- weekdays and deictic words against the publication date (the dateline)
    ("The company said Monday that it would cut jobs.", "1989-10-30", "1989-10-30", "day", "said Monday"),
    ("The company said Thursday it would cut jobs.", "1989-11-02", "1989-11-02", "day", "the dateline's weekday"),
    ("The board met last Thursday.", "1989-10-26", "1989-10-26", "day", "last + the dateline's weekday"),
    ("The board will meet next Tuesday.", "1989-11-07", "1989-11-07", "day", "next weekday"),
    ("Friday's 190-point plunge shook investors.", "1989-10-27", "1989-10-27", "day", "Weekday's"),
    ("Shares rose in late trading yesterday.", "1989-11-01", "1989-11-01", "day", "yesterday"),
    ("Sales rose earlier this year.", "1989-01-01", "1989-11-02", "year", "earlier this year"),
    ("It was the biggest drop since October 1987.", "1987-10-01", "1987-10-31", "month", "since Month Year"),
]


@pytest.mark.parametrize("text, start, end, precision", [pytest.param(*c[:4], id=c[4]) for c in CASES])
def test_newswire_date(text, start, end, precision):
    assert _span(text) == (start, end, precision)


def test_a_year_earlier_is_the_same_period_a_year_before():
    """A comparison with "a year earlier" shifts the period it follows: the quarter, not the whole year."""
    text = "Net income rose to $5 million in the third quarter from $3 million a year earlier."
    assert _spans(text) == [
        ("the third quarter", "1989-07-01", "1989-09-30", "month"),
        ("a year earlier", "1988-07-01", "1988-09-30", "month"),
    ]
    assert _span(text) == ("1989-07-01", "1989-09-30", "month")


def test_the_year_earlier_period_follows_the_month_before_it():
    text = "Sales in September rose 5% from the year-earlier period."
    assert _spans(text) == [
        ("in September", "1989-09-01", "1989-09-30", "month"),
        ("the year-earlier period", "1988-09-01", "1988-09-30", "month"),
    ]


def test_a_year_earlier_after_a_day_is_the_year_before():
    text = "The plant opened on May 22, 1985, and closed a year later."
    assert _spans(text)[-1] == ("a year later", "1986-01-01", "1986-12-31", "year")


def test_the_previous_quarter_follows_the_quarter_before_it():
    text = "Profit rose in the third quarter from the previous quarter."
    assert _spans(text)[-1] == ("the previous quarter", "1989-04-01", "1989-06-30", "month")


def test_a_year_earlier_with_nothing_before_it_is_left_alone():
    """An anaphor follows the story told, never the publication date."""
    assert find_dates("Net income was $5 million, compared with $3 million a year earlier.", REF) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The stock was priced at $1,990 a share.", id="money with a comma"),
        pytest.param("The company employs 1990 people.", id="a count of people"),
        pytest.param("The company will cut 1500 jobs.", id="a count of jobs"),
        pytest.param("It has 1200 employees in Ohio.", id="a count of employees"),
        pytest.param("Iran exported 1200 million barrels of oil.", id="a number of millions"),
        pytest.param("The tickets cost ¥1800 each.", id="yen"),
        pytest.param("Sales have doubled over the past two years.", id="a duration"),
        pytest.param("Sales rose 5% from the year-earlier period.", id="year-earlier with no period before it"),
        pytest.param("Sales rose in the latest week.", id="the latest week"),
        pytest.param("He rocked 'n' rolled in the '50 Club.", id="an apostrophe before a number in a name"),
        pytest.param("A quarter of the shares were sold.", id="a quarter as a fraction"),
        pytest.param("He scored in the first half of the game.", id="the first half of something else"),
        pytest.param("He resigned in the last year of his term.", id="the last year of something"),
        pytest.param("Nowruz opens the Iranian year 1368.", id="a year of another calendar"),
        pytest.param("The shrine was rebuilt in 1245 AH.", id="a year of the Hijri era"),
    ],
)
def test_newswire_not_dates(text):
    assert find_dates(text, REF) == []
