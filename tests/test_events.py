"""Events: short headlines, not sentence openings, and only happenings (no forecasts) on the timeline."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.build.events import HEADLINE_CHARS, _named_period, events_table, headline
from helpers.config import load_taxonomy

FUNCTION_WORDS = {"a", "an", "the", "of", "in", "on", "to", "and", "or", "but", "for", "with", "by", "their", "its"}


@pytest.mark.parametrize(
    ("text", "date_text", "expected"),
    [
        # the date stands alone in a leading adverbial: the main clause is the happening
        ("In 2019, Kazakhstan and Turkey signed a gas accord in Astana.", "2019", "Kazakhstan and Turkey signed gas accord in Astana"),
        # discourse words and articles go; the date words and their preposition go
        ("However, the ministers also met in Baku on 3 May 2021.", "3 May 2021", "Ministers met in Baku"),
        # an aside ("which ...") between subject and verb is dropped, and the subject is kept
        ("The pipeline, which cost four billion dollars, opened in March 2008 after years of delay.", "March 2008",
         "Pipeline opened after years of delay"),
        # the date sits in a subordinate clause's lead-in: the clause it dates is kept
        ("Trade was small then; records show a case, such as in 1712, when Sweden sold Poland ten ships.", "1712",
         "Sweden sold Poland ten ships"),
        # the date is the subject ("the 1990s saw ..."): what it saw is the headline
        ("The 1990s saw a surge of Chinese investment, with new factories in the north.", "1990s",
         "Surge of Chinese investment"),
        # a parenthesis is an aside
        ("Brazil (then under military rule) joined the treaty in 1968.", "1968", "Brazil joined treaty"),
    ],
)  # fmt: skip
def test_headline_keeps_the_clause_that_holds_the_date(text, date_text, expected):
    assert headline(text, date_text) == expected


def test_a_named_period_is_itself_the_headline():
    text = "Relations warmed quickly after the fall of the Berlin Wall, as trade reopened."
    assert headline(text, "fall of the Berlin Wall", named=True) == "Fall of the Berlin Wall"


def test_named_period_comes_from_the_taxonomy():
    taxonomy = load_taxonomy()
    pattern = next(iter(taxonomy.periods.values())).patterns[0]
    assert _named_period(pattern.upper(), taxonomy)
    assert not _named_period("March 2008", taxonomy)


LONG = (
    "By 2016, the governments of Norway, Finland and Estonia had agreed on an extensive programme of joint naval"
    " exercises in the Baltic Sea, including submarine drills, which critics described as provocative."
)


@pytest.mark.parametrize("text", [LONG, LONG.replace(",", ""), "Word " * 40, "x" * 90])
def test_headline_is_short_whole_words_and_never_ends_on_a_function_word(text):
    found = headline(text, "2016")
    assert 0 < len(found) <= HEADLINE_CHARS
    words = found.split()
    if not found.endswith("…"):
        source = {w.lower() for w in re.findall(r"[\w'’-]+", text)}
        assert all(w.lower().strip(".,") in source for w in words), found  # nothing cut inside a word
    assert words[-1].lower() not in FUNCTION_WORDS, found


def _claims(rows: list[dict]) -> pd.DataFrame:
    base = dict(
        theme="history", area="", actors="", date_end="", date_precision="year", date_text="", modality="asserted",
        is_filler=False, is_rejected=False,
    )  # fmt: skip
    return pd.DataFrame([{**base, **row} for row in rows])


def test_events_come_only_from_happenings_dated_before_publication():
    claims = _claims(
        [
            dict(claim_id="c1", source_id="s1", text="In 2010, Chile and Peru signed a border accord.",
                 date_start="2010-01-01", date_end="2010-12-31", date_text="2010"),
            dict(claim_id="c2", source_id="s1", text="In 2031, Chile and Peru will sign a port accord.",
                 date_start="2031-01-01", date_end="2031-12-31", date_text="2031", modality="forecast"),
            dict(claim_id="c3", source_id="s1", text="In 2012, the accord may have eased trade.",
                 date_start="2012-01-01", date_end="2012-12-31", date_text="2012", modality="hedged"),
            dict(claim_id="c4", source_id="s2", text="In 2030, Peru opened a new port in Callao.",
                 date_start="2030-01-01", date_end="2030-12-31", date_text="2030"),
        ]
    )  # fmt: skip
    origin = {"s1": "s1", "s2": "s2"}
    events = events_table(claims, load_taxonomy(), origin, published={"s1": "2020-05-01", "s2": "2020-05-01"})
    assert events["claim_ids"].tolist() == ["c1"]  # no forecast, no hedge, nothing after its source's date
    assert events["label"].tolist() == ["Chile and Peru signed border accord"]
    undated_source = events_table(claims, load_taxonomy(), origin, published={"s1": "2020-05-01"})
    assert undated_source["claim_ids"].tolist() == ["c1", "c4"]  # without a date for s2, its claim stays


def test_an_event_over_years_keeps_its_range():
    """A named period that lasts years (a war) stays one span with its own precision, headlined by its name."""
    taxonomy = load_taxonomy()
    period = max(taxonomy.periods.values(), key=lambda p: p.end - p.start)
    name = period.patterns[0]
    claims = _claims(
        [
            dict(claim_id="c1", source_id="s1", text=f"Militias multiplied during the {name}, to nobody's gain.",
                 date_start=period.start.isoformat(), date_end=period.end.isoformat(),
                 date_precision=period.precision, date_text=name),
        ]
    )  # fmt: skip
    (event,) = events_table(claims, taxonomy, {"s1": "s1"}).itertuples()
    assert (event.date_start, event.date_end) == (period.start.isoformat(), period.end.isoformat())
    assert event.date_precision == period.precision and period.end.year > period.start.year
    assert event.label == name[:1].upper() + name[1:]
