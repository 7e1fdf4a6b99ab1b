"""General classes of date mention that any newswire or analysis article has, read the way a careful reader would:
"since" always points back, "up to" is a time limit as well as a count, a range of centuries can narrow its
second end, a number joined to a unit is a measure, not a year, and an anaphor told with "before" or "after"
("the day before", "a year after") steps from the date the story told, as "earlier" and "later" do, but only when
nothing follows it: "the day before the vote" counts from the vote, which has no date here.

The sentences are invented for these tests; each is read against REF, a Wednesday in mid-May, so that a month or
season named without its year could fall on either side of it.
"""

from datetime import date

import pytest

from helpers.text import dates
from helpers.text.dates import DateMention, find_dates, primary_date

REF = date(2024, 5, 15)  # a Wednesday


def _span(text: str, ref: date = REF) -> tuple[str, str, str] | None:
    found = primary_date(find_dates(text, ref))
    return (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) if found else None


CASES = [
    # -- "since" names a time already begun: it points back even when nothing else in the clause has a tense
    ("Sanctions have been in place since the summer.", ("2023-06-01", "2023-08-31", "month"), "since a season"),
    ("The plan has stalled since year-end.", ("2023-09-01", "2023-12-31", "month"), "since year-end"),
    ("Shipments have been halted since August 3.", ("2023-08-03", "2023-08-03", "day"), "since a month-day"),
    ("Talks have resumed since the third quarter.", ("2023-07-01", "2023-09-30", "month"), "since a quarter"),
    ("Prices have fallen since September.", ("2023-09-01", "2023-09-30", "month"), "since a month (as before)"),
    ("The envoy will meet them in September.", ("2024-09-01", "2024-09-30", "month"), "no since: ahead"),
    # -- "up to" a year is a time limit; "up to" a number and its noun is a count
    ("The agreement will run up to 2030, officials said.", ("2030-01-01", "2030-12-31", "year"), "up to a year"),
    ("Trade grew steadily up to 2019 and then fell.", ("2019-01-01", "2019-12-31", "year"), "up to a year, and"),
    ("Up to 2000 soldiers were deployed to the border.", None, "up to a count with a unit"),
    ("Up to 1500 Marines may take part.", None, "up to a count with its noun"),
    # -- a range of centuries whose second end is narrowed
    (
        "The empire dominated the region in the 17th and early 18th centuries.",
        ("1600-01-01", "1733-12-31", "century"),
        "early second century",
    ),
    (
        "The khanates fought in the 16th and late 17th centuries.",
        ("1500-01-01", "1699-12-31", "century"),
        "late second century",
    ),
    # -- a four-digit number joined to a unit or written before one is a measure
    ("The 1500-mile border was closed.", None, "hyphenated unit"),
    ("A 1000-strong force was sent.", None, "so many strong"),
    ("The new runway is 2000 metres long.", None, "metres"),
    ("The dam holds back 1800 hectares of water.", None, "hectares"),
    ("The border was closed in 1990.", ("1990-01-01", "1990-12-31", "year"), "a year stays a year"),
    # -- counted from publication, ahead as "ago" counts behind; a decade is ten years either way
    ("The plant will open two years from now.", ("2026-01-01", "2026-12-31", "year"), "years from now"),
    ("A month from now the treaty takes effect.", ("2024-06-01", "2024-06-30", "month"), "a month from now"),
    ("The two states fought a decade ago.", ("2014-01-01", "2014-12-31", "year"), "a decade ago"),
    ("The pipeline was planned two decades ago.", ("2004-01-01", "2004-12-31", "year"), "decades ago"),
    ("Trade has risen for a decade now.", None, "a duration, not a date"),
    ("The envoy left a week or so ago.", ("2024-05-06", "2024-05-12", "day"), "a week or so ago"),
    # -- a year in two digits after "of": the month keeps it; a season leaves it to the year rather than
    # falling on the season nearest publication
    ("Talks stalled in June of '19.", ("2019-06-01", "2019-06-30", "month"), "month of 'YY"),
    ("The unit was sold in the summer of '19.", ("2019-01-01", "2019-12-31", "year"), "season of 'YY"),
    # -- the commas of a list ("A, B and C") part no clauses: the verb before the list gives the tense
    (
        "He stepped down as chairman, president and chief executive in September.",
        ("2023-09-01", "2023-09-30", "month"),
        "list after a past verb",
    ),
    ("Iran bought drones, missiles and radars in September.", ("2023-09-01", "2023-09-30", "month"), "list of nouns"),
    ("Iran will buy drones, missiles and radars in September.", ("2024-09-01", "2024-09-30", "month"), "list ahead"),
    # a comma before a clause of its own still parts it from the verb before
    ("Prices rose, and analysts expect a fall in September.", ("2024-09-01", "2024-09-30", "month"), "a clause"),
    ("Output fell, officials said in September.", ("2023-09-01", "2023-09-30", "month"), "a clause, past"),
    # -- a phrase hung on a past clause by a comma takes its tense; a reporting verb tells nothing of what it reports
    (
        "The stock has fluctuated sharply, rising to $40 in June from $29 in September.",
        ("2023-06-01", "2023-06-30", "month"),
        "participle phrase after a past clause",
    ),
    (
        "Trade collapsed last spring, falling to its lowest in September.",
        ("2023-09-01", "2023-09-30", "month"),
        "past, then a phrase",
    ),
    (
        "The minister said, in a long speech, that a cut was due in September.",
        ("2024-09-01", "2024-09-30", "month"),
        "reported: ahead",
    ),
    ("Officials warned, citing a cut in September.", ("2024-09-01", "2024-09-30", "month"), "reporting verb: nearest"),
    # ... but not across a relative clause, nor into a phrase that names when something applies
    (
        "The sale, which had been expected, is part of the program of debt cuts by September.",
        ("2024-09-01", "2024-09-30", "month"),
        "after a relative clause",
    ),
    ("The bank created a new office, effective Sept. 1.", ("2024-09-01", "2024-09-01", "day"), "effective a date"),
    ("The bank merged two units, starting in September.", ("2024-09-01", "2024-09-30", "month"), "starting a date"),
    # -- what a reporting verb tells "of" or "about" may fall on either side of the telling; its own time is past
    ("Iran told oil firms of a cut in supplies in September.", ("2024-09-01", "2024-09-30", "month"), "told of"),
    ("Officials spoke about talks in September.", ("2024-09-01", "2024-09-30", "month"), "spoke about"),
    ("Iran told reporters in September that talks would go on.", ("2023-09-01", "2023-09-30", "month"), "told when"),
    # -- the last or latter half of a year is its second
    ("Sales will rise in the last half of 2024.", ("2024-07-01", "2024-12-31", "month"), "the last half of a year"),
    ("Talks stalled in the latter half of 2023.", ("2023-07-01", "2023-12-31", "month"), "the latter half"),
]


@pytest.mark.parametrize("text, expected, why", CASES, ids=[c[2] for c in CASES])
def test_general_classes(text, expected, why):
    assert _span(text) == expected, why


def test_since_overrides_a_future_cue_only_for_its_own_mention():
    """A "since" fixes its own mention behind; a later mention in the sentence keeps its own tense."""
    found = find_dates("Shipments stopped since March and will restart in September.", REF)
    spans = [(m.text, m.date_start.isoformat()) for m in found]
    assert spans == [("since March", "2024-03-01"), ("in September", "2024-09-01")]


# The story told a day: what an anaphor in the next sentence steps from.
TOLD = [DateMention("March 3, 2024", 0, 13, date(2024, 3, 3), date(2024, 3, 3), "day", False)]
TOLD_YEAR = [DateMention("in 2021", 0, 7, date(2021, 1, 1), date(2021, 12, 31), "year", False)]

ANAPHORS = [
    ("The day before, the envoy had left Tehran.", TOLD, ("2024-03-02", "2024-03-02", "day"), "the day before"),
    ("The night before, drones struck the port.", TOLD, ("2024-03-02", "2024-03-02", "day"), "the night before"),
    ("The day after, talks resumed.", TOLD, ("2024-03-04", "2024-03-04", "day"), "the day after"),
    ("Two weeks before, the board had met.", TOLD, ("2024-02-12", "2024-02-18", "day"), "two weeks before"),
    ("A year after, the plant opened.", TOLD_YEAR, ("2022-01-01", "2022-12-31", "year"), "a year after"),
    ("The year before, trade had fallen.", TOLD_YEAR, ("2020-01-01", "2020-12-31", "year"), "the year before"),
    ("That same day, Iran test-fired a missile.", TOLD, ("2024-03-03", "2024-03-03", "day"), "that same day"),
    # before / after with an object of their own count from it, and it has no date here
    ("The day before the vote, the envoy left.", TOLD, None, "the day before an event"),
    ("Two weeks after the strike, talks resumed.", TOLD, None, "weeks after an event"),
    # with nothing told, an anaphor has nothing to step from: no date rather than one counted from publication
    ("The day before, the envoy had left Tehran.", [], None, "no story"),
]


@pytest.mark.parametrize("text, story, expected, why", ANAPHORS, ids=[a[3] for a in ANAPHORS])
def test_anaphors_before_and_after(text, story, expected, why):
    found = primary_date(find_dates(text, REF, story=story))
    got = (found.date_start.isoformat(), found.date_end.isoformat(), found.precision) if found else None
    assert got == expected, why


@pytest.mark.parametrize("text", [c[0] for c in CASES] + [a[0] for a in ANAPHORS])
def test_the_gate_keeps_every_matching_pattern(text):
    """The speed gate (see tests/test_dates_gating.py) never keeps a pattern from a sentence it matches."""
    plan = {id(p) for _, p in dates._plan(dates._features(text))}
    assert not [kind for kind, p in dates._PATTERNS if p.search(text) and id(p) not in plan]


# -- Rules of this round. "Ahead of" a weekday's event anticipates it: a bare weekday there is the coming one
# ("before" only orders two events and is left alone). A day of the month alone ("on the 12th") is that day of the
# publication month, or of the month before when a past clause would put it after publication (the month after
# when a future clause would put it before). "Coming" followed by a preposition is a verb ("since coming to power"),
# no future marker; before a noun ("the coming weeks") it still looks ahead.
NEW_CASES = [
    ("The envoy arrives ahead of Monday's vote.", ("2024-05-20", "2024-05-20", "day"), "ahead of a weekday's event"),
    ("Markets are calm in advance of Friday's election.", ("2024-05-17", "2024-05-17", "day"), "in advance of"),
    # "before" only orders two things; the state before an event may be told after it
    ("Its stake before Friday's purchases is small.", ("2024-05-10", "2024-05-10", "day"), "before: no direction"),
    ("Talks resume ahead of Friday's deadline.", ("2024-05-17", "2024-05-17", "day"), "ahead of, present"),
    ("Ministers met on Monday.", ("2024-05-13", "2024-05-13", "day"), "a bare weekday stays behind"),
    ("Friday's vote went smoothly.", ("2024-05-10", "2024-05-10", "day"), "a weekday's event, past"),
    ("The agency reported on the 12th that talks had stalled.", ("2024-05-12", "2024-05-12", "day"), "on the 12th"),
    ("On the 3rd, the minister flew to Moscow.", ("2024-05-03", "2024-05-03", "day"), "On the 3rd, fronted"),
    ("The ministers met on the 20th, officials said.", ("2024-04-20", "2024-04-20", "day"), "past, after publication"),
    ("The council will vote on the 20th.", ("2024-05-20", "2024-05-20", "day"), "ahead, this month"),
    ("The council will vote on the 3rd.", ("2024-06-03", "2024-06-03", "day"), "ahead, before publication"),
    ("The protest began on the 31st.", ("2024-03-31", "2024-03-31", "day"), "no 31st last month: the one before"),
    ("The fire started on the 12th floor.", None, "an ordinal before a noun"),
    ("They met on the 5th anniversary of the deal.", None, "an anniversary"),
    (
        "The president, who met the envoy twice since coming to power in July, said talks went well.",
        ("2023-07-01", "2023-07-31", "month"),
        "since coming to power",
    ),
    (
        "The minister, coming from talks in Moscow in September, said prices rose.",
        ("2023-09-01", "2023-09-30", "month"),
        "coming from: a verb",
    ),
    (
        "In the coming months, Iran will buy drones in September.",
        ("2024-09-01", "2024-09-30", "month"),
        "coming months",
    ),
    ("The coming summit in September is in doubt.", ("2024-09-01", "2024-09-30", "month"), "the coming summit"),
]


@pytest.mark.parametrize("text, expected, why", NEW_CASES, ids=[c[2] for c in NEW_CASES])
def test_new_rules(text, expected, why):
    assert _span(text) == expected, why


@pytest.mark.parametrize("text", [c[0] for c in NEW_CASES])
def test_the_gate_keeps_every_matching_pattern_new(text):
    plan = {id(p) for _, p in dates._plan(dates._features(text))}
    assert not [kind for kind, p in dates._PATTERNS if p.search(text) and id(p) not in plan]
