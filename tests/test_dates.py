"""Date mentions: absolute ones read off the text, relative ones resolved against publication."""

from datetime import date

import pytest

from helpers.text.dates import find_dates, primary_date, published_from_line

REF = date(2025, 6, 22)  # a Sunday


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        pytest.param(
            "strikes on June 13 against Iran",
            "2025-06-13",
            "2025-06-13",
            "day",
            id="month-day takes the publication year",
        ),
        pytest.param(
            "strikes on June 30 against Iran",
            "2024-06-30",
            "2024-06-30",
            "day",
            id="month-day after publication is last year",
        ),
        pytest.param("In 2022, drones arrived.", "2022-01-01", "2022-12-31", "year", id="bare year"),
        pytest.param(
            "In the 18th and 19th centuries they fought.", "1700-01-01", "1899-12-31", "century", id="two centuries"
        ),
        pytest.param("since the early 2000s", "2000-01-01", "2003-12-31", "decade", id="early decade"),
        pytest.param("throughout the 1990s", "1990-01-01", "1999-12-31", "decade", id="decade"),
        pytest.param("Iran joined the bloc last year.", "2024-01-01", "2024-12-31", "year", id="last year"),
        pytest.param("They will sign later this year.", "2025-06-22", "2025-12-31", "year", id="later this year"),
        pytest.param(
            "he said in Tehran on Wednesday.",
            "2025-06-18",
            "2025-06-18",
            "day",
            id="on weekday is the latest before publication",
        ),
        pytest.param(
            "on Thursday, June 19, 2025, he warned", "2025-06-19", "2025-06-19", "day", id="full date with weekday"
        ),
        pytest.param("the talks of 3 March 2021 failed", "2021-03-03", "2021-03-03", "day", id="day month year"),
        pytest.param("a strike in April killed officers", "2025-04-01", "2025-04-30", "month", id="bare month"),
        pytest.param("in September 2023 the deal", "2023-09-01", "2023-09-30", "month", id="month and year"),
        pytest.param("from 2011 to 2015 the war", "2011-01-01", "2015-12-31", "year", id="year range"),
        pytest.param("two years ago the plant opened", "2023-01-01", "2023-12-31", "year", id="years ago"),
        pytest.param("in late 2024 the regime fell", "2024-09-01", "2024-12-31", "month", id="late year"),
    ],
)
def test_date_resolution(text, start, end, precision):
    found = primary_date(find_dates(text, REF))
    assert found is not None, f"no date found in {text!r}"
    assert (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("tariffs on about 90 percent of goods", id="percentage"),
        pytest.param("1,000 students landed in Delhi", id="thousands"),
        pytest.param("It may be that Iran waits.", id="modal may"),
        pytest.param("the strategic alignment we observe today", id="vague today"),
    ],
)
def test_not_dates(text):
    assert find_dates(text, REF) == []


def test_relative_dates_need_a_reference():
    assert find_dates("Iran joined the bloc last year.", None) == []


def test_relative_dates_carry_the_inferred_flag():
    (found,) = find_dates("Iran joined the bloc last year.", REF, ref_is_inferred=True)
    assert found.is_relative and found.is_inferred


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Published on: Jun 22, 2025", date(2025, 6, 22)),
        ("Posted: March 3, 2024", date(2024, 3, 3)),
        ("Updated 2024-11-05", date(2024, 11, 5)),
        ("Posted by the editors", None),
    ],
)
def test_published_line(line, expected):
    assert published_from_line(line) == expected
