"""The reporting period of a results story, carried across its one-sentence paragraphs.

Newspaper business copy names its period once ("third-quarter net rose ...") and then gives every figure its own
paragraph: "revenue rose from $80 million a year earlier", "in the year-earlier quarter", "during the quarter".
Those are read against the latest quarter or half the article itself stated as past (its reporting period), never
against the publication date and never against any other earlier date: a day, a year or a forecast quarter is no
reporting period. "A year earlier" and "a year ago" take it only in a sentence that states a figure, since only a
results comparison means "the same period a year before". A date the paragraph itself tells still comes first.

The sentences are invented for these tests; REF is the publication date.
"""

from datetime import date

import pytest

from helpers.text.dates import DateMention, find_dates, primary_date

REF = date(1989, 11, 2)
Q3_89 = ("1989-07-01", "1989-09-30")
Q3_88 = ("1988-07-01", "1988-09-30")
REPORTING = DateMention("third-quarter", 0, 13, date(1989, 7, 1), date(1989, 9, 30), "month", True)


def _span(text: str, **kw) -> tuple[str, str] | None:
    found = primary_date(find_dates(text, REF, **kw))
    return (found.date_start.isoformat(), found.date_end.isoformat()) if found else None


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Revenue rose to $85.7 million from $80.1 million a year earlier.", Q3_88, id="a year earlier"),
        pytest.param("In the year-earlier quarter, the tax credit was $3.3 million.", Q3_88, id="year-earlier quarter"),
        pytest.param("Charges taken in the year-ago period included $11 million.", Q3_88, id="year-ago period"),
        pytest.param("Net rose to $108.8 million from $90.5 million a year ago.", Q3_88, id="a year ago"),
        pytest.param("The company paid $78.8 million in taxes during the quarter.", Q3_89, id="during the quarter"),
        pytest.param("Its European business was weak during the quarter.", Q3_89, id="during, no figure"),
        pytest.param("Analysts expect 35 cents a share for the quarter.", Q3_89, id="for the quarter, figure"),
    ],
)
def test_business_anaphora_take_the_reporting_period(text, expected):
    assert _span(text, reporting=REPORTING) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A year earlier, the chairman had resigned.", id="a year earlier, no figure"),
        pytest.param("Fighting raged in the quarter for hours.", id="a city quarter"),
        pytest.param("Rebels fought for the quarter all night.", id="fought for a city quarter"),
    ],
)
def test_sentences_that_are_no_results_comparison_are_left_alone(text):
    assert _span(text, reporting=REPORTING) is None


def test_a_year_ago_with_no_figure_stays_with_publication():
    assert _span("The chairman resigned a year ago.", reporting=REPORTING) == ("1988-01-01", "1988-12-31")


def test_a_date_the_sentence_tells_comes_before_the_reporting_period():
    assert _span("Sales in May 1989 fell to $3 million from $4 million a year earlier.", reporting=REPORTING) == (
        "1989-05-01",
        "1989-05-31",
    )
    found = find_dates("Sales in May 1989 fell to $3 million from $4 million a year earlier.", REF, reporting=REPORTING)
    assert [(m.text, m.date_start.isoformat()) for m in found] == [
        ("May 1989", "1989-05-01"),
        ("a year earlier", "1988-05-01"),
    ]


def test_without_a_reporting_period_nothing_changes():
    assert find_dates("Revenue rose to $85.7 million from $80.1 million a year earlier.", REF) == []
    assert find_dates("The company paid $78.8 million in taxes during the quarter.", REF) == []


def test_a_half_is_no_quarter():
    half = DateMention("first-half", 0, 10, date(1989, 1, 1), date(1989, 6, 30), "month", True)
    assert _span("The company paid $78.8 million in taxes during the quarter.", reporting=half) is None
    assert _span("Sales rose to $5 million from $4 million a year earlier.", reporting=half) == (
        "1988-01-01",
        "1988-06-30",
    )


# -- across the paragraphs of one article ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def tagger():
    from helpers.build.extract import Tagger
    from helpers.config import load_cleaning, load_taxonomy

    return Tagger(load_taxonomy(), load_cleaning())


def _dates(tmp_path, tagger, paragraphs: list[str]) -> list[tuple[str, str]]:
    from helpers.build.extract import extract_claims
    from helpers.build.sources import clean, load_document

    path = tmp_path / "story.txt"
    path.write_text("Results of the quarter\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    rows, _ = extract_claims(clean(load_document(path), tagger.cleaning), tagger, REF)
    return [(r["date_start"], r["date_end"]) for r in rows]


LEAD = "Acme Corp. said its third-quarter net income rose 12% to $5 million, or 40 cents a share."


def test_one_sentence_paragraphs_of_a_results_story(tmp_path, tagger):
    dates = _dates(
        tmp_path,
        tagger,
        [
            LEAD,
            "Revenue rose to $85.7 million from $80.1 million a year earlier, the company said.",
            "In the year-earlier quarter, the company had a tax credit of $3.3 million.",
            "Acme also said its European business was weak during the quarter, with sales down 5%.",
        ],
    )
    assert dates == [Q3_89, Q3_88, Q3_88, Q3_89]


def test_a_comparison_period_does_not_replace_the_reporting_period(tmp_path, tagger):
    dates = _dates(
        tmp_path,
        tagger,
        [
            LEAD,
            "Net income in the 1988 third quarter was $4.5 million, the company said.",
            "Revenue rose to $85.7 million from $80.1 million a year earlier, the company said.",
        ],
    )
    assert dates[2] == Q3_88


def test_a_city_quarter_in_a_results_story_is_no_period(tmp_path, tagger):
    dates = _dates(tmp_path, tagger, [LEAD, "Acme opened a new store in the old quarter of the city last year."])
    assert dates[1] == ("1988-01-01", "1988-12-31")  # "last year", not the quarter


def test_a_year_earlier_in_a_story_with_no_reporting_period(tmp_path, tagger):
    dates = _dates(
        tmp_path,
        tagger,
        [
            "Acme Corp. said its net income rose 12% to $5 million, or 40 cents a share, on Oct. 20, 1989.",
            "Revenue rose to $85.7 million from $80.1 million a year earlier, the company said.",
        ],
    )
    assert dates[1] == ("", "")


def test_political_copy_keeps_its_anaphora_within_the_paragraph(tmp_path, tagger):
    dates = _dates(
        tmp_path,
        tagger,
        [
            "Russia and Iran signed a strategic partnership treaty in Moscow on January 17, 2025.",
            "A year earlier, the two presidents met in Kazan to discuss trade worth $4 billion.",
            "Trade between Russia and Iran rose 15% in 2023 from a year earlier, officials in Tehran said.",
        ],
    )
    assert dates[1] == ("", "")
    assert dates[2] == ("2023-01-01", "2023-12-31")


def test_a_forecast_quarter_is_no_reporting_period(tmp_path, tagger):
    dates = _dates(
        tmp_path,
        tagger,
        [
            "Acme Corp. expects its fourth-quarter net income to rise to $6 million, its chairman said.",
            "Revenue will rise to $90 million from $80 million a year earlier, he said.",
        ],
    )
    assert dates[1] == ("", "")


def test_a_fiscal_quarter_is_no_reporting_period(tmp_path, tagger):
    """A fiscal quarter's months are the company's own: read as a calendar quarter, it is only a guess."""
    dates = _dates(
        tmp_path,
        tagger,
        [
            "Acme Corp. said its earnings rose 33% to $5 million in the fiscal first quarter.",
            "Revenue rose to $85.7 million from $80.1 million a year earlier, the company said.",
            "Acme said its European business was weak during the quarter, with sales down 5%.",
        ],
    )
    assert dates[1:] == [("", ""), ("", "")]


def test_a_paragraph_on_a_longer_period_is_not_about_the_quarter(tmp_path, tagger):
    """ "For the nine months ... a year earlier": the nine months a year before, not the quarter."""
    dates = _dates(
        tmp_path,
        tagger,
        [
            LEAD,
            "For the nine months, Acme had net of $81.2 million. In the year-earlier period, it had net of $77.2 million.",
            "Net for the first half rose to $9 million from $8 million a year earlier.",
            "Revenue rose to $85.7 million from $80.1 million a year earlier, the company said.",
        ],
    )
    assert dates[1:] == [("", ""), ("", ""), ("1989-01-01", "1989-06-30"), Q3_88]


def test_the_quarter_read_from_publication_is_no_reporting_period(tmp_path, tagger):
    """ "The quarter" dated from publication (as the last one closed) is itself an anaphor: later paragraphs may
    not refer back to it, or the publication date would stand in for the period the story names."""
    dates = _dates(
        tmp_path,
        tagger,
        [
            "Acme Corp. said net for the quarter rose to $5 million from $4 million a year earlier.",
            "Acme said its European business was weak during the quarter, with sales down 5%.",
        ],
    )
    assert dates == [Q3_89, ("", "")]
