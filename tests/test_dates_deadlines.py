"""A new term set by a past act: "the offer was extended to Nov. 16", "gave them until mid-November".

The act is past, but the date it sets is the end of a term, and that term runs on from the act: the verb's tense
says nothing of which side of publication the date falls, so the date is the nearest of its name. Only verbs
that set or move a term (extend, postpone, delay, defer, reschedule, give or grant ... until) do this; a date
after "until" with any other past verb ("the strike lasted until March") stays behind.

The sentences are invented for these tests; REF is the publication date, a Monday.
"""

from datetime import date

import pytest

from helpers.text.dates import find_dates, primary_date

REF = date(1989, 10, 30)


def _span(text: str) -> tuple[str, str] | None:
    found = primary_date(find_dates(text, REF))
    return (found.date_start.isoformat(), found.date_end.isoformat()) if found else None


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("The offer was extended to Nov. 16.", ("1989-11-16", "1989-11-16"), id="extended to a day"),
        pytest.param("The board postponed the vote until Dec. 5.", ("1989-12-05", "1989-12-05"), id="postponed until"),
        pytest.param(
            "Regulators gave the company until mid-November to reply.", ("1989-11-11", "1989-11-20"), id="gave until"
        ),
        pytest.param(
            "Lenders extended the loans through January.", ("1990-01-01", "1990-01-31"), id="extended through"
        ),
        pytest.param("The hearing was delayed to Nov. 8.", ("1989-11-08", "1989-11-08"), id="delayed to"),
        pytest.param("The deadline was deferred until Jan. 15.", ("1990-01-15", "1990-01-15"), id="deferred until"),
    ],
)
def test_a_term_set_by_a_past_act_is_the_nearest(text, expected):
    assert _span(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("The strike lasted until March.", ("1989-03-01", "1989-03-31"), id="a past verb of duration"),
        pytest.param(
            "He gave a speech, and the talks ran until March.", ("1989-03-01", "1989-03-31"), id="another clause"
        ),
        pytest.param("The company delayed shipments in September.", ("1989-09-01", "1989-09-30"), id="not a term"),
        pytest.param("The offer expired on Nov. 16.", ("1988-11-16", "1988-11-16"), id="a past act on a day"),
    ],
)
def test_other_past_dates_stay_behind(text, expected):
    assert _span(text) == expected
