""" "The quarter" on the business pages: the period whose results a story reports.

A company's results story names its quarter once ("third-quarter net fell ...") and then says "the quarter".
With a month or a quarter told just before, "the quarter" is the one holding it. With nothing told, the
publication date fixes it only where the sentence compares the quarter with the period a year before ("from
$2.27 billion in the year-earlier quarter", "compared with $9 million a year ago"): then it is the quarter
whose results are out, the last one closed, as "the latest quarter" is. Elsewhere it may be any quarter the
story named (a fiscal one, last year's), so it is left undated. A quarter of a city ("fighting in the quarter")
is no period: "in", "for" or "over the quarter" counts only in a sentence that states a figure (money, a
percentage), and "during" or "throughout the quarter" always does.

The sentences are invented for these tests; REF is the publication date.
"""

from datetime import date

import pytest

from helpers.text.dates import DateMention, find_dates, primary_date

REF = date(1989, 11, 2)
Q3 = ("1989-07-01", "1989-09-30", "month")


def _span(text: str, ref: date = REF, **kw) -> tuple[str, str, str] | None:
    found = primary_date(find_dates(text, ref, **kw))
    return (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) if found else None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Loans were $6.6 million in the quarter, compared with $9 million a year ago.", id="a year ago"),
        pytest.param("Net for the quarter rose to $5 million from $4 million a year earlier.", id="a year earlier"),
        pytest.param("Costs during the quarter were below the year-ago level.", id="during, year-ago"),
        pytest.param(
            "Analysts expect 35 cents a share for the quarter, up from 30 cents a year earlier.", id="forecast"
        ),
    ],
)
def test_the_quarter_compared_with_a_year_before_is_the_last_one_closed(text):
    assert _span(text) == Q3


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Net income for the quarter fell to $5.5 million.", id="for the quarter, money"),
        pytest.param("Its European business was weak during the quarter.", id="during the quarter"),
        pytest.param("Margins held up throughout the quarter.", id="throughout the quarter"),
    ],
)
def test_the_quarter_with_nothing_told_and_no_comparison_is_left_undated(text):
    assert find_dates(text, REF) == []


def test_the_quarter_reaches_a_year_earlier_in_the_same_sentence():
    """Once "the quarter" is dated, "the year-earlier quarter" after it is that quarter a year before."""
    text = "Revenue rose 4% in the quarter to $2.35 billion from $2.27 billion in the year-earlier quarter."
    found = [(m.text, m.date_start.isoformat(), m.date_end.isoformat()) for m in find_dates(text, REF)]
    assert found == [
        ("in the quarter", "1989-07-01", "1989-09-30"),
        ("the year-earlier quarter", "1988-07-01", "1988-09-30"),
    ]


def _quarter(text: str, **kw) -> tuple[str, str] | None:
    """The span of the mention that says "the quarter"."""
    spans = [
        (m.date_start.isoformat(), m.date_end.isoformat()) for m in find_dates(text, REF, **kw) if "quarter" in m.text
    ]
    return spans[0] if spans else None


def test_the_quarter_holds_the_month_told_before_it():
    assert _quarter("Sales fell in May, and profit for the quarter dropped 10% to $3 million.") == (
        "1989-04-01",
        "1989-06-30",
    )


def test_the_quarter_holds_the_month_the_story_told():
    june = DateMention("in June", 0, 7, date(1989, 6, 1), date(1989, 6, 30), "month", True)
    assert _quarter("Profit for the quarter dropped 10% to $3 million.", story=[june]) == ("1989-04-01", "1989-06-30")


def test_a_day_told_before_is_no_quarter():
    """ "Said Monday": the day of the saying, not of the period the results cover."""
    assert _quarter("The company said Monday that net for the quarter fell 5% from a year earlier.") == Q3[:2]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Fighting raged in the quarter for hours.", id="a city quarter, no figure"),
        pytest.param("Rebels fought for the quarter all night.", id="fought for a quarter of a city"),
        pytest.param("Shells fell over the quarter at dawn.", id="over a city quarter"),
        pytest.param("Shells hit the Christian quarter, killing 12 people.", id="a named quarter"),
        pytest.param("Prices in the quarter of the old city rose 5%.", id="the quarter of a place"),
        pytest.param("He ran the quarter mile in 50 seconds.", id="a quarter mile"),
        pytest.param("Over the quarter century, costs rose 5%.", id="a quarter century"),
        pytest.param("A quarter of the shares, worth $5 million, were sold.", id="a fraction"),
        pytest.param("Tourists flocked to the French Quarter, spending $5 million.", id="a capitalised Quarter"),
    ],
)
def test_a_quarter_that_is_no_period(text):
    assert not any("quarter" in m.text.lower() for m in find_dates(text, REF))


def test_the_quarter_in_a_quotation_with_an_inferred_date_is_left_unresolved():
    """As every mention read from the publication date: an inferred date is no speech date."""
    text = '"Profit for the quarter fell 5% from a year ago," he said.'
    (found,) = [m for m in find_dates(text, REF, ref_is_inferred=True) if "quarter" in m.text]
    assert found.is_unresolved and found.date_start is None


def test_a_span_across_quarters_is_no_referent():
    """ "Late 1988" (September to December) holds no one quarter: "the quarter" is then read as if nothing were told."""
    late = DateMention("late 1988", 0, 9, date(1988, 9, 1), date(1988, 12, 31), "month", False)
    assert _quarter("Profit for the quarter fell 5% from a year earlier.", story=[late]) == Q3[:2]
