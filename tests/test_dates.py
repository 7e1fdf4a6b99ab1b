"""Date mentions: absolute ones read off the text, relative ones resolved against publication.

The direction of a relative date follows the tense of its clause ("will meet Friday" is ahead,
"met Friday" behind), a bare month-day with no tense cue is the nearest one, and a quotation whose
speech date is unknown keeps its relative dates unresolved.
"""

from datetime import date

import pytest

from helpers.text.dates import DateMention, find_dates, primary_date, published_from_line

REF = date(2025, 6, 22)  # a Sunday
WED = date(2025, 6, 18)
JAN14 = date(2025, 1, 14)


def _span(text: str, ref: date | None = REF, **kwargs) -> tuple[str, str, str] | None:
    found = primary_date(find_dates(text, ref, **kwargs))
    return (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) if found else None


CASES = [
    # -- absolute dates, as before
    ("In 2022, drones arrived.", REF, "2022-01-01", "2022-12-31", "year", "bare year"),
    ("In the 18th and 19th centuries they fought.", REF, "1700-01-01", "1899-12-31", "century", "two centuries"),
    ("since the early 2000s", REF, "2000-01-01", "2003-12-31", "decade", "early decade"),
    ("throughout the 1990s", REF, "1990-01-01", "1999-12-31", "decade", "decade"),
    ("on Thursday, June 19, 2025, he warned", REF, "2025-06-19", "2025-06-19", "day", "full date with weekday"),
    ("the talks of 3 March 2021 failed", REF, "2021-03-03", "2021-03-03", "day", "day month year"),
    ("in September 2023 the deal", REF, "2023-09-01", "2023-09-30", "month", "month and year"),
    ("Border clashes killed 12 on 05/21/1998.", REF, "1998-05-21", "1998-05-21", "day", "numeric date"),
    ("a nineteen ninety-seven attack on a lounge", REF, "1997-01-01", "1997-12-31", "year", "year in words"),
    # -- bare weekdays: behind by default and after past verbs, ahead after future markers
    (
        "The convention voted Friday to make Australia a republic.",
        REF,
        "2025-06-20",
        "2025-06-20",
        "day",
        "bare weekday",
    ),
    ("Police confirmed Friday that the body was his.", REF, "2025-06-20", "2025-06-20", "day", "said Friday"),
    ("He said on Sunday that talks had stalled.", REF, "2025-06-22", "2025-06-22", "day", "weekday of publication"),
    ("Police found explosives Sunday night in a shed.", REF, "2025-06-22", "2025-06-22", "day", "weekday night"),
    ("he said in Tehran on Wednesday.", REF, "2025-06-18", "2025-06-18", "day", "on weekday is the latest before"),
    ("The ministers will meet Friday in Geneva.", WED, "2025-06-20", "2025-06-20", "day", "will: weekday ahead"),
    ("Talks are scheduled to resume Monday.", REF, "2025-06-23", "2025-06-23", "day", "scheduled: weekday ahead"),
    ("The treaty is set to be signed Thursday.", REF, "2025-06-26", "2025-06-26", "day", "is set to: ahead"),
    (
        "Following talks on Friday, the two sides will sign a treaty.",
        WED,
        "2025-06-20",
        "2025-06-20",
        "day",
        "following talks on Friday, in a forecast",
    ),
    (
        "On Tuesday, Bush said the blockade will be extended.",
        REF,
        "2025-06-17",
        "2025-06-17",
        "day",
        "fronted weekday takes the main verb's tense",
    ),
    ("They met last Friday.", date(2025, 6, 20), "2025-06-13", "2025-06-13", "day", "last weekday"),
    ("They will meet next Tuesday.", REF, "2025-06-24", "2025-06-24", "day", "next weekday"),
    # -- today, yesterday, tomorrow
    ("The agency released the tapes today.", REF, "2025-06-22", "2025-06-22", "day", "today"),
    ("Bush denounced the policy yesterday.", REF, "2025-06-21", "2025-06-21", "day", "yesterday"),
    ("The vote takes place tomorrow.", REF, "2025-06-23", "2025-06-23", "day", "tomorrow"),
    ("Students were flown to Delhi tonight.", REF, "2025-06-22", "2025-06-22", "day", "tonight"),
    # -- this / last / next week, month, year; earlier and later this ...
    ("Prices fell sharply this week.", REF, "2025-06-16", "2025-06-22", "day", "this week"),
    ("The envoy arrived last week.", REF, "2025-06-09", "2025-06-15", "day", "last week"),
    ("Talks resume next week.", REF, "2025-06-23", "2025-06-29", "day", "next week"),
    ("Exports rose last month.", REF, "2025-05-01", "2025-05-31", "month", "last month"),
    ("The plant opens next month.", REF, "2025-07-01", "2025-07-31", "month", "next month"),
    ("Inflation eased this month.", REF, "2025-06-01", "2025-06-30", "month", "this month"),
    ("Iran joined the bloc last year.", REF, "2024-01-01", "2024-12-31", "year", "last year"),
    ("Elections are due next year.", REF, "2026-01-01", "2026-12-31", "year", "next year"),
    ("Trade doubled this year.", REF, "2025-01-01", "2025-12-31", "year", "this year"),
    ("They will sign later this year.", REF, "2025-06-22", "2025-12-31", "year", "later this year"),
    ("Trade fell earlier this year.", REF, "2025-01-01", "2025-06-22", "year", "earlier this year"),
    ("The envoy visited earlier this month.", REF, "2025-06-01", "2025-06-22", "month", "earlier this month"),
    ("A deal is expected later this month.", REF, "2025-06-22", "2025-06-30", "month", "later this month"),
    # -- month-day without a year: tense, else the nearest
    ("Talks will open on Jan. 17 in Vienna.", JAN14, "2025-01-17", "2025-01-17", "day", "Jan. 17 ahead"),
    ("Talks open on Jan. 17 in Vienna.", JAN14, "2025-01-17", "2025-01-17", "day", "month-day: the nearest"),
    ("strikes on June 13 against Iran", REF, "2025-06-13", "2025-06-13", "day", "month-day just before"),
    ("The army entered the town on Aug. 7.", REF, "2024-08-07", "2024-08-07", "day", "Aug. 7 behind"),
    ("The summit is scheduled for Aug. 7.", REF, "2025-08-07", "2025-08-07", "day", "Aug. 7 ahead"),
    ("Israel struck Iran on June 30.", REF, "2024-06-30", "2024-06-30", "day", "past verb: last year's June 30"),
    ("The deadline is Sept. 2.", REF, "2025-09-02", "2025-09-02", "day", "Sept. 2"),
    ("Iraq invaded Kuwait on Aug. 2.", date(1990, 8, 15), "1990-08-02", "1990-08-02", "day", "Aug. 2"),
    ("The vote will take place on 17 January.", JAN14, "2025-01-17", "2025-01-17", "day", "day-month"),
    # -- ranges
    ("The festival runs from August 13 to 27.", REF, "2025-08-13", "2025-08-27", "day", "from August 13 to 27"),
    ("Inspections took place from August 13 to 27.", REF, "2024-08-13", "2024-08-27", "day", "day range behind"),
    ("Inspectors visited Aug. 13-27 last year.", REF, "2024-08-13", "2024-08-27", "day", "Aug. 13-27 last year"),
    ("Talks ran from March 3 to April 5, 2021.", REF, "2021-03-03", "2021-04-05", "day", "month-day range"),
    ("Votes were cast March 26 and 27, 1996.", REF, "1996-03-26", "1996-03-27", "day", "two days"),
    ("from March to May 2024 the talks", REF, "2024-03-01", "2024-05-31", "month", "month range"),
    ("from 2011 to 2015 the war", REF, "2011-01-01", "2015-12-31", "year", "year range"),
    ("sanctions in force 2011–2024", REF, "2011-01-01", "2024-12-31", "year", "year range with a dash"),
    ("the 1998-99 season", REF, "1998-01-01", "1999-12-31", "year", "short year range"),
    # -- seasons and parts
    ("They plan a summit in midsummer.", REF, "2025-07-01", "2025-07-31", "month", "midsummer"),
    ("Protests are planned this summer.", REF, "2025-06-01", "2025-08-31", "month", "this summer"),
    ("Gas ran short last winter.", REF, "2024-12-01", "2025-02-28", "month", "last winter"),
    ("in the spring of 2023 the talks", REF, "2023-03-01", "2023-05-31", "month", "spring of a year"),
    ("prices seen in the winter of 1994", REF, "1994-12-01", "1995-02-28", "month", "winter of a year"),
    ("in late 2024 the regime fell", REF, "2024-09-01", "2024-12-31", "month", "late year"),
    ("in late 2021 the talks", REF, "2021-09-01", "2021-12-31", "month", "late 2021"),
    ("early 2022 saw deliveries", REF, "2022-01-01", "2022-04-30", "month", "early year"),
    ("Ties frayed in mid-1996.", REF, "1996-05-01", "1996-08-31", "month", "mid-year"),
    ("The offensive began in late October.", REF, "2024-10-21", "2024-10-31", "day", "late month behind"),
    ("Drills will start in early March.", REF, "2026-03-01", "2026-03-10", "day", "early month ahead"),
    ("Iran expects the deal by the end of the year.", REF, "2025-09-01", "2025-12-31", "month", "end of the year"),
    # -- quarters and halves
    ("in the first quarter of 2024 trade", REF, "2024-01-01", "2024-03-31", "month", "quarter of a year"),
    ("Profit rose in the third quarter.", REF, "2024-07-01", "2024-09-30", "month", "quarter behind"),
    ("Sales will recover in the fourth quarter.", REF, "2025-10-01", "2025-12-31", "month", "quarter ahead"),
    ("Fourth-quarter earnings fell.", REF, "2024-10-01", "2024-12-31", "month", "quarter as adjective"),
    ("exports in Q3 2021 rose", REF, "2021-07-01", "2021-09-30", "month", "Q3 2021"),
    ("in the second half of 2024 trade", REF, "2024-07-01", "2024-12-31", "month", "half of a year"),
    ("in the first half of this year trade", REF, "2025-01-01", "2025-06-30", "month", "half of this year"),
    ("in the second half of the 20th century", REF, "1950-01-01", "1999-12-31", "decade", "half of a century"),
    # -- a month with this / last / next year
    (
        "The vote will be held in October of this year.",
        REF,
        "2025-10-01",
        "2025-10-31",
        "month",
        "October of this year",
    ),
    ("in October of this year", REF, "2025-10-01", "2025-10-31", "month", "October of this year, no verb"),
    ("In January this year police gave up.", REF, "2025-01-01", "2025-01-31", "month", "January this year"),
    ("In July last year Hun Sen staged a coup.", REF, "2024-07-01", "2024-07-31", "month", "July last year"),
    ("in March of next year", REF, "2026-03-01", "2026-03-31", "month", "March of next year"),
    ("Troops withdrew last May.", REF, "2025-05-01", "2025-05-31", "month", "last May"),
    ("Elections come this September.", REF, "2025-09-01", "2025-09-30", "month", "this September"),
    ("Talks resume next March.", REF, "2026-03-01", "2026-03-31", "month", "next March"),
    ("a strike in April killed officers", REF, "2025-04-01", "2025-04-30", "month", "bare month"),
    ("Elections will be held in April.", REF, "2026-04-01", "2026-04-30", "month", "bare month ahead"),
    (
        "Collins will be named commander of the shuttle for a mission in December.",
        date(1998, 3, 4),
        "1998-12-01",
        "1998-12-31",
        "month",
        "month in a forecast",
    ),
    # -- decades and centuries
    ("the fashions of the '90s", REF, "1990-01-01", "1999-12-31", "decade", "'90s"),
    ("music of the nineties", REF, "1990-01-01", "1999-12-31", "decade", "the nineties"),
    ("the late 1970s", REF, "1976-01-01", "1979-12-31", "decade", "late decade"),
    ("in the 20th century", REF, "1900-01-01", "1999-12-31", "century", "20th century"),
    ("in the twentieth century", REF, "1900-01-01", "1999-12-31", "century", "century in words"),
    ("since the 11th century", REF, "1000-01-01", "1099-12-31", "century", "11th century"),
    ("the wars of this century", REF, "2000-01-01", "2099-12-31", "century", "this century"),
    ("two years ago the plant opened", REF, "2023-01-01", "2023-12-31", "year", "years ago"),
    ("the fashions of the 90s", REF, "1990-01-01", "1999-12-31", "decade", "the 90s"),
    # -- a month with no preposition, or with one that opens the sentence
    ("In April, the mill laid off its night shift.", REF, "2025-04-01", "2025-04-30", "month", "In Month at the start"),
    ("Since January the rouble has slid.", REF, "2025-01-01", "2025-01-31", "month", "Since Month at the start"),
    ("Last April the mill closed.", REF, "2025-04-01", "2025-04-30", "month", "Last Month at the start"),
    ("Mid-May saw the first convoy.", REF, "2025-05-11", "2025-05-20", "day", "Mid-Month at the start"),
    ("Export figures for February disappointed.", REF, "2025-02-01", "2025-02-28", "month", "for Month"),
    ("February's export figures disappointed.", REF, "2025-02-01", "2025-02-28", "month", "Month's"),
    ("November auto sales slipped.", REF, "2024-11-01", "2024-11-30", "month", "Month as a modifier"),
    # -- quarters and halves with the year in front
    ("The bank lost money in 2023's third quarter.", REF, "2023-07-01", "2023-09-30", "month", "Year's quarter"),
    ("Output grew in the 2019 second half.", REF, "2019-07-01", "2019-12-31", "month", "the Year half"),
    # -- holidays
    ("The convoy will arrive by Christmas.", REF, "2025-12-25", "2025-12-25", "day", "Christmas ahead"),
    ("The hostages were freed on Christmas Eve, 1985.", REF, "1985-12-24", "1985-12-24", "day", "Christmas Eve Year"),
    ("Pilgrims gathered at Easter 2024.", REF, "2024-03-31", "2024-03-31", "day", "Easter from dateutil"),
    ("The strike ended on Thanksgiving last year.", REF, "2024-11-28", "2024-11-28", "day", "Thanksgiving last year"),
    ("Orthodox Christmas 2024 was quiet.", REF, "2024-01-07", "2024-01-07", "day", "Orthodox Christmas"),
    # -- a conjunction closes the clause whose tense a fronted phrase takes
    ("The ceasefire lapses on July 30 unless renewed.", REF, "2025-07-30", "2025-07-30", "day", "unless clause"),
    ("The talks are supposed to end by November.", REF, "2025-11-01", "2025-11-30", "month", "supposed to"),
    ("In the fall, the envoy returned home.", REF, "2024-09-01", "2024-11-30", "month", "in the fall"),
    # -- a weekday written with a year-less date names the year
    ("Talks opened on Monday, Jan. 5.", REF, "2026-01-05", "2026-01-05", "day", "weekday picks the year"),
    ("Talks opened on Sunday, Jan. 5.", REF, "2025-01-05", "2025-01-05", "day", "weekday picks this year"),
]


@pytest.mark.parametrize("text, ref, start, end, precision", [pytest.param(*c[:5], id=c[5]) for c in CASES])
def test_date_resolution(text, ref, start, end, precision):
    assert _span(text, ref) == (start, end, precision)


def test_each_clause_has_its_own_direction():
    found = find_dates("He said Friday that talks will resume Monday.", REF)
    assert [m.date_start.isoformat() for m in found] == ["2025-06-20", "2025-06-23"]


def test_a_forecast_looks_forward_when_the_clause_has_no_tense_cue():
    text = "It remains to be seen whether the deal is signed Friday."
    assert _span(text, REF) == ("2025-06-20", "2025-06-20", "day")
    assert _span(text, REF, forecast=True) == ("2025-06-27", "2025-06-27", "day")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("tariffs on about 90 percent of goods", id="percentage"),
        pytest.param("1,000 students landed in Delhi", id="thousands"),
        pytest.param("It may be that Iran waits.", id="modal may"),
        pytest.param("the strategic alignment we observe today", id="vague today"),
        pytest.param("Iran's role in today's Middle East", id="today's"),
        pytest.param("a quarter of the population", id="a quarter of"),
        pytest.param("Trade grew over the past year.", id="the past year is a duration"),
        pytest.param("the Good Friday Agreement", id="Good Friday"),
        pytest.param("The following year, he returned.", id="anaphor without a story"),
        pytest.param("Protesters march on the embassy.", id="march the verb"),
        pytest.param("The Summer Olympics opened.", id="a season in a name"),
        pytest.param("the Arab Spring", id="Arab Spring"),
        pytest.param("the fall of Kabul", id="fall the noun"),
        pytest.param("in his forties", id="an age"),
        pytest.param("The freight index closed at 1372.33.", id="a number with decimals"),
        pytest.param("The raid began at 1400 GMT.", id="a clock time"),
        pytest.param("Some 1500 sailors came ashore.", id="a count after a word of quantity"),
        pytest.param("They founded a firm called Vega 1980 in Riga.", id="a number in a name"),
        pytest.param("Pilgrims walk to the shrine each July.", id="a recurrence"),
        pytest.param("The ministers meet every Friday.", id="a weekly recurrence"),
        pytest.param("Ambassador April Dunn met the minister.", id="a month as a first name"),
        pytest.param("Christmas shopping was weak.", id="a holiday as a modifier"),
        pytest.param("Analysts were surprised by the fall in prices.", id="fall the noun after in the"),
        pytest.param("He wrote a history of the fall of Aleppo.", id="the fall of a city"),
    ],
)
def test_not_dates(text):
    assert find_dates(text, REF) == []


def test_relative_dates_need_a_reference():
    assert find_dates("Iran joined the bloc last year.", None) == []


def test_relative_dates_carry_the_inferred_flag():
    (found,) = find_dates("Iran joined the bloc last year.", REF, ref_is_inferred=True)
    assert found.is_relative and found.is_inferred


# -- quotations: a relative date needs the day it was spoken


@pytest.mark.parametrize(
    "text",
    [
        '"We will meet on Wednesday," the minister said.',
        "``We will vote tomorrow,'' Howard said.",
        "“Last year was hard for us,” he told reporters.",
    ],
)
def test_relative_date_in_a_quotation_with_no_speech_date_is_left_unresolved(text):
    (found,) = find_dates(text, REF, ref_is_inferred=True)
    assert found.is_unresolved and found.date_start is None and found.date_end is None


def test_relative_date_in_a_quotation_on_a_stated_publication_date_is_resolved():
    (found,) = find_dates('"We will meet on Wednesday," the minister said.', REF)
    assert found.date_start == date(2025, 6, 25) and not found.is_unresolved


def test_a_quotation_takes_the_speech_date_stated_outside_it():
    found = find_dates('"We met yesterday," he said on June 19, 2025.', REF, ref_is_inferred=True)
    yesterday = next(m for m in found if m.text == "yesterday")
    assert yesterday.date_start == date(2025, 6, 18) and not yesterday.is_inferred


def test_absolute_date_in_a_quotation_needs_no_speech_date():
    assert _span('"In 2022 we signed," he said.', REF, ref_is_inferred=True) == ("2022-01-01", "2022-12-31", "year")


def test_relative_date_outside_quotation_stays_resolved_on_an_inferred_date():
    (found,) = find_dates('Last year, he said: "We are partners."', REF, ref_is_inferred=True)
    assert found.date_start == date(2024, 1, 1) and found.is_inferred


# -- the narrative anchor: "the following year" needs a dated story to follow

STORY = DateMention("May 22, 1995", 0, 12, date(1995, 5, 22), date(1995, 5, 22), "day", False)


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("The following year, he returned.", "1996-01-01", "1996-12-31", "year"),
        ("Two days later, the border closed.", "1995-05-24", "1995-05-24", "day"),
        ("That day, the border closed.", "1995-05-22", "1995-05-22", "day"),
        ("The next month, the border reopened.", "1995-06-01", "1995-06-30", "month"),
    ],
)
def test_anaphoric_date_follows_the_story(text, start, end, precision):
    assert _span(text, REF, story=[STORY]) == (start, end, precision)


def test_anchor_within_the_sentence():
    found = find_dates("He left on May 22, 1995, and returned the following year.", REF)
    assert [m.date_start.isoformat() for m in found] == ["1995-05-22", "1996-01-01"]


def test_deictic_dates_ignore_the_story():
    assert _span("Iran joined the bloc last year.", REF, story=[STORY]) == ("2024-01-01", "2024-12-31", "year")


def test_primary_date_prefers_the_narrowest_span():
    found = find_dates("This week, on Friday, the envoy arrived.", REF)
    assert primary_date(found).text.endswith("Friday")


# -- the pipeline: paragraphs, quotations and flags on claims


@pytest.fixture(scope="module")
def tagger():
    from helpers.build.extract import Tagger
    from helpers.config import load_cleaning, load_taxonomy

    return Tagger(load_taxonomy(), load_cleaning())


def _claims(tmp_path, tagger, body: str, published: date | None):
    from helpers.build.extract import extract_claims
    from helpers.build.sources import clean, load_document

    path = tmp_path / "story.txt"
    path.write_text("Story of the plant\n\n" + body, encoding="utf-8")
    rows, _ = extract_claims(clean(load_document(path), tagger.cleaning), tagger, published)
    return rows


def test_story_anchor_within_a_paragraph(tmp_path, tagger):
    body = (
        "On May 22, 1995, Russia agreed to finish the Bushehr reactor for Iran. "
        "The following year, Russian engineers arrived at the Bushehr site in Iran.\n"
    )
    rows = _claims(tmp_path, tagger, body, REF)
    assert [(r["date_start"], r["date_end"]) for r in rows] == [
        ("1995-05-22", "1995-05-22"),
        ("1996-01-01", "1996-12-31"),
    ]


def test_no_story_anchor_across_paragraphs(tmp_path, tagger):
    body = (
        "On May 22, 1995, Russia agreed to finish the Bushehr reactor for Iran.\n\n"
        "The following year, Russian engineers arrived at the Bushehr site in Iran.\n"
    )
    rows = _claims(tmp_path, tagger, body, REF)
    assert rows[1]["date_start"] == ""


def test_an_unresolved_date_is_not_replaced_by_a_vaguer_one(tagger):
    text = '"Iran and Russia will sign a treaty later this year, upgrading ties established in the early 2000s."'
    row = tagger.tag(text, "", REF, True)
    assert (row["date_start"], row["date_text"], row["is_date_inferred"]) == ("", "later this year", True)


def test_inferred_publication_date_ignores_dates_that_look_ahead(tmp_path, tagger):
    from helpers.build.extract import extract_claims
    from helpers.build.sources import clean, load_document

    path = tmp_path / "story.txt"
    body = (
        "Russia and Iran agreed on March 3, 2025, to expand the Bushehr nuclear plant in Iran.\n\n"
        "The second Bushehr reactor will be completed in 2030, Russian officials in Moscow said.\n"
    )
    path.write_text("Story of the plant\n\n" + body, encoding="utf-8")
    _, inferred = extract_claims(clean(load_document(path), tagger.cleaning), tagger, None)
    assert inferred == date(2025, 3, 3)


def test_claim_flags_an_unresolved_quotation(tagger):
    row = tagger.tag('"We will meet on Wednesday in Moscow," the Iranian minister said.', "", REF, True)
    assert (row["date_start"], row["date_end"], row["date_precision"]) == ("", "", "")
    assert row["date_text"] == "on Wednesday" and row["is_date_inferred"] is True


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
