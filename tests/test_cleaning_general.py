"""Cleaning on invented pages of every common kind: the furniture news sites, wire copy, newsletters, fact-checks,
think-tank reports and encyclopaedias print around their prose goes; a prose sentence that looks like it stays.

All page text here is made up for these tests (a water deal between two Central Asian neighbours)."""

from __future__ import annotations

import re

import pytest
from test_cleaning_pages import _page  # a page written, cleaned and read; every claim checked against its span

from helpers.build.extract import Tagger
from helpers.build.sources import published_date, title_of
from helpers.config import load_cleaning, load_taxonomy

HEADLINE = "Uzbekistan and Kyrgyzstan agree to share reservoir water"
P1 = (
    "Uzbekistan and Kyrgyzstan signed an agreement on Monday to share water from the Toktogul reservoir,"
    " the two governments said."
)
P2 = "Under the deal, Kyrgyzstan will release more water in summer and receive Uzbek electricity in winter."
P3 = "Farmers in the Fergana Valley have complained of shortages for three years running, officials said."
BODY = f"{P1}\n\n{P2}\n\n{P3}\n"


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_taxonomy(), load_cleaning())


# --- Debris above the article ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "By Anna Berg, Central Asia Correspondent, Example Times",
        "By Anna Berg | Example Wire",
        "Home > World > Asia",
        "Home » World » Asia » Uzbekistan",
        "Last updated: 4 March 2025",
        "Share on Facebook Share on X Share on WhatsApp",
        "Listen to this article",
        "(Photo: Anna Berg/Example Agency)",
        "Photo: Example Agency",
        "File photo: The Toktogul dam in 2019. Example Agency/Anna Berg",
        "Contents\n1 History\n2 Agreement\n2.1 Terms\n3 See also\n4 References",
        "Main article: Toktogul reservoir",
        "This article needs additional citations for verification.",
        "From Examplepedia, the free encyclopedia",
        "Advertisement",
        "5 min read",
        "This article is about the 2025 agreement. For the 1998 accord, see Toktogul accord (disambiguation).",
        "Not to be confused with the Kambarata agreement.",
        "Part of a series on Central Asian water politics",
    ],
)
def test_furniture_above_the_article_goes(tmp_path, tagger, furniture):
    doc, texts = _page(tmp_path, f"{HEADLINE}\n\n{furniture}\n\n{BODY}", tagger)
    assert title_of(doc) == HEADLINE
    assert texts == [P1, P2, P3]


# --- Debris below the article ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "(Reporting by Anna Berg; Editing by Tom Hale)",
        "Reporting by Anna Berg in Tashkent; Writing by Tom Hale; Editing by Sue Lee",
        "-- ends --",
        "###",
        "Copyright 2025 Example Press. All rights reserved.",
        "Copyright 2025 Example Press. This material may not be published, broadcast, rewritten or redistributed.",
        "This article is licensed under a Creative Commons Attribution 4.0 International License.",
        "This article was originally published on Example Site.",
        "This story first appeared in Example Magazine.",
        "This article first appeared on Example Review and is republished here under a Creative Commons license.",
        "A version of this article appeared in print on March 3, 2025, Section A, Page 6 of the New York edition.",
        "Read more: Kyrgyzstan opens new border crossing",
        "ALSO READ | Kyrgyzstan opens new border crossing",
        "Get the Example Daily newsletter in your inbox every morning.",
        "Enjoyed this article? Forward it to a friend.",
        "You are receiving this email because you signed up for Example Briefing.",
        "Unsubscribe | Update your preferences",
        "Tags: Uzbekistan, Kyrgyzstan, water, energy",
        "Filed under: Central Asia",
        "Share this:\nFacebook\nX\nWhatsApp",
        "Sources:\n1. Ministry of Water Resources, press release, 3 March 2025.\n2. Example Wire, 4 March 2025.",
        "References\n1. ^ Berg, Anna (2025). Water deal signed. Example Times. Retrieved 4 March 2025.\n"
        '2. ^ Hale, Tom (2019). "Water and power in the Fergana Valley: three decades of bargaining between upstream'
        ' and downstream states". Journal of Example Studies. 12 (3): 45-67.',
        "Verdict: False",
        "Rating: Mostly false",
        "This page was last edited on 4 March 2025, at 10:15 (UTC).",
        "Text is available under the Creative Commons Attribution-ShareAlike License; additional terms may apply.",
        "Editor's note: This story has been updated to include comment from the ministry.",
        "Correction: An earlier version of this story misstated the size of the reservoir.",
        "Disclaimer: The views expressed are the author's own.",
        "Posted in Central Asia | Tagged water, energy | Leave a comment",
        "Thanks for reading Example Briefing! Subscribe for free to receive new posts and support my work.",
        "Suggested citation: Berg, Anna (2025). Water and power in Central Asia. Example Institute Policy Brief 12.",
        "This research was funded by the Example Foundation.",
        "Acknowledgements\nThe author thanks Tom Hale for comments on an earlier draft.",
        "The opinions expressed in this publication are those of the authors and do not necessarily reflect the"
        " views of the Example Institute.",
        "This fact-check is available in Russian and Uzbek.",
        "Example Wire contributed to this report.",
        "Anna Berg contributed reporting from Osh.",
        "Reprinted with permission from Example Review.",
        "[1] Anna Berg, \u201cWater and power in the Fergana Valley,\u201d Journal of Example Studies 12, no. 3 (2019): 45-67.",
        "1 Anna Berg, Water and Power in the Fergana Valley (Tashkent: Example Press, 2019), 45.",
        "Visit our website for more stories like this one.",
        "Your browser does not support the video tag.",
        "Please enable JavaScript to view this content.",
        "You have 3 free articles left this month.",
        "The Toktogul dam is seen in this undated handout picture. Example Ministry/Handout via Example Wire",
        "Workers repair a sluice gate at the Toktogul dam in this file photo taken on May 2, 2019.",
        "This content was produced by Example Brand Studio.",
        "Example Times may earn a commission from links on this page.",
        "Like this story? Share it with a friend.",
    ],
)
def test_furniture_below_the_article_goes(tmp_path, tagger, furniture):
    doc, texts = _page(tmp_path, f"{HEADLINE}\n\n{BODY}\n{furniture}\n", tagger)
    assert title_of(doc) == HEADLINE
    assert texts == [P1, P2, P3]


@pytest.mark.parametrize(
    "note",
    [
        "(Reporting by Anna Berg; Editing by Tom Hale)",
        "[citation needed]",
        "(Photo: Anna Berg/Example Agency)",
        "This article was originally published on Example Site.",
        "This report was first published by the Example Institute.",
    ],
)
def test_a_note_glued_to_the_last_paragraph_goes(tmp_path, tagger, note):
    _, texts = _page(tmp_path, f"{HEADLINE}\n\n{P1}\n\n{P2}\n\n{P3} {note}\n", tagger)
    assert texts == [P1, P2, P3]


# --- Prose that looks like furniture stays ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "prose",
    [
        "The treaty was originally published in Russian by the foreign ministry, officials said.",
        "An earlier version of the treaty had been rejected by the Kyrgyz parliament in 2019.",
        "The ministry said the figures may not be published until the census ends.",
        "Correction of the border line will take another year, the commission said.",
        "The source of the Naryn river lies high in the Tian Shan mountains.",
        "Sources in the ministry said the deal would be extended next year.",
        "The photographer sold the image to a news agency, the ministry said.",
        "The Creative Industries Council of Uzbekistan will fund a film about the dam.",
        "Farmers said they forwarded their complaints to a friend of the governor.",
        "By March 2025 the reservoir was full again, officials said.",
        "The story of the dam first appeared in Soviet newspapers in the 1970s.",
        "Officials said this agreement was first published in the state gazette on Monday.",
        "The governor said he was not to be confused with his cousin, the former mayor of Osh.",
        "Part of the dam was rebuilt in 2015 with a loan from the Example Bank.",
        "The research was funded by the Example Foundation, the university said.",
        "The minister said the views expressed by the Kyrgyz side were not new.",
        "The views expressed in this week's talks were not new, the minister said.",
        "The views expressed are close to Moscow's position, analysts said.",
        "Kyrgyz companies contributed to the building of the dam in the 1970s.",
        "Reprinted maps of the valley were handed out to farmers, officials said.",
        "In short, farmers will get more water in July and August, the ministry said.",
        "12 Kyrgyz trucks crossed the border at Osh on Sunday (local time), officials said.",
        "The ministry released a photo of the dam, taken in 2019, to show the low water level.",
        "Officials said the handout programme for farmers would continue through the winter.",
        "Kyrgyz farmers earn a small commission on every tonne of cotton they deliver, officials said.",
    ],
)
def test_prose_that_looks_like_furniture_stays(tmp_path, tagger, prose):
    _, texts = _page(tmp_path, f"{HEADLINE}\n\n{P1}\n\n{prose}\n\n{P2}\n\n{P3}\n", tagger)
    assert texts == [P1, prose, P2, P3]


def test_a_sources_heading_in_prose_does_not_open_a_reference_list(tmp_path, tagger):
    """Only a line that is the heading alone opens a reference list; a subhead that mentions sources does not."""
    short = "Both sides expect a dry summer."
    page = f"{HEADLINE}\n\n{P1}\n\nSources of friction\n\n{short}\n\n{P2}\n\n{P3}\n"
    _, texts = _page(tmp_path, page, tagger)
    assert texts == [P1, short, P2, P3]


def test_prose_after_a_reference_list_stays(tmp_path, tagger):
    """A long paragraph that is no citation ends the list: the article goes on."""
    page = f"{HEADLINE}\n\n{P1}\n\nNotes\n\n1. Example Wire, 4 March 2025.\n\n{P2}\n\n{P3}\n"
    _, texts = _page(tmp_path, page, tagger)
    assert texts == [P1, P2, P3]


def test_a_fact_check_summary_keeps_its_finding(tmp_path, tagger):
    """ "What we found:" leads in to the finding: the lead-in goes, the finding stays."""
    page = f"{HEADLINE}\n\n{BODY}\nWhat we found: Kyrgyzstan is paid in electricity, not in cash.\n"
    _, texts = _page(tmp_path, page, tagger)
    assert texts == [P1, P2, P3, "Kyrgyzstan is paid in electricity, not in cash."]


# --- Titles ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "top",
    [
        f"{HEADLINE} | Example Times",
        f"{HEADLINE} - Example Times",
        f"{HEADLINE} | World | Example Times",
        f"{HEADLINE} :: Example Times",
        f"{HEADLINE} « Example Times",
        f"WORLD\n\n{HEADLINE}",
        f"CENTRAL ASIA\n{HEADLINE}",
        f"Home > World > Asia\n\n{HEADLINE}",
        f"Home | World | {HEADLINE}\n\n{HEADLINE}",
        f"Skip to main content\nExample Times\n{HEADLINE}",
    ],
)
def test_the_headline_is_the_title(tmp_path, tagger, top):
    doc, texts = _page(tmp_path, f"{top}\n\n{BODY}", tagger)
    assert title_of(doc) == HEADLINE
    assert texts == [P1, P2, P3]


# --- Publication dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "byline",
    [
        "Published 3 March 2025, 14:05 GMT",
        "Posted on March 3, 2025 by Anna Berg",
        "March 3, 2025 | 14:05",
        "2025-03-03",
        "2025-03-03T14:05:00Z",
        "By Anna Berg · 3 March 2025",
        "By Anna Berg, Example Wire | March 3, 2025 2:05 PM",
        "Mon 3 Mar 2025 14.05 GMT",
        "Anna Berg — Mar 3, 2025 — 5 min read",
        "Updated 5 March 2025, 09:00 | Published 3 March 2025",
        "3.3.2025",
        "2025/03/03",
        "Created: 2 March 2025 | Published: 3 March 2025",
        "Updated: 5 March 2025 | Published: 3 March 2025",
        "ANALYSIS | Anna Berg | 3 March 2025",
        "Written by Anna Berg on 3 March 2025",
        "Anna Berg 6 minutes ago Mon 3rd March 2025 | 02:05 PM",
        "Anna Berg 2 hours ago 3 March 2025",
    ],
)
def test_the_by_line_dates_the_page(tmp_path, tagger, byline):
    doc, texts = _page(tmp_path, f"{HEADLINE}\n\n{byline}\n\n{BODY}", tagger)
    assert published_date(doc).isoformat() == "2025-03-03"
    assert title_of(doc) == HEADLINE
    assert texts == [P1, P2, P3]


@pytest.mark.parametrize(
    "headline",
    [
        "Kyrgyzstan to share water - and power - with its neighbour",
        "Water deal: what Bishkek gives and what Tashkent gets",
    ],
)
def test_a_headline_with_a_dash_keeps_its_words(tmp_path, tagger, headline):
    doc, _ = _page(tmp_path, f"{headline}\n\n{BODY}", tagger)
    assert title_of(doc) == headline


def test_a_dated_headline_stays_the_title(tmp_path, tagger):
    headline = "Presidents Meet In Tashkent, 3 March 2025"
    doc, texts = _page(tmp_path, f"{headline}\n\n{BODY}", tagger)
    assert title_of(doc) == headline
    assert texts == [P1, P2, P3]


def test_a_headline_shown_twice_is_the_title(tmp_path, tagger):
    """A page that shows its headline above the by-line and again above the story: the first is the title."""
    page = f"{HEADLINE}\n\nAnna Berg 5 minutes ago Mon 3rd March 2025\n\n{HEADLINE}\n\n{BODY}"
    doc, texts = _page(tmp_path, page, tagger)
    assert title_of(doc) == HEADLINE
    assert published_date(doc).isoformat() == "2025-03-03"
    assert texts == [P1, P2, P3]


def test_a_caption_shown_twice_is_no_title(tmp_path, tagger):
    """A line repeated after the story has begun (a caption, a pull quote) is still debris."""
    caption = "The Toktogul dam seen from the north"
    page = f"{HEADLINE}\n\n{P1}\n\n{caption}\n\n{P2}\n\n{caption}\n\n{P3}\n"
    doc, texts = _page(tmp_path, page, tagger)
    assert title_of(doc) == HEADLINE
    assert texts == [P1, P2, P3]


def test_a_lede_on_the_first_line_is_no_title(tmp_path, tagger):
    """A text with no headline starts with its first sentence: a long line ending with a full stop is prose."""
    lede = (
        "Uzbekistan and Kyrgyzstan will sign a water-sharing agreement during a visit to Bishkek, Example Wire reports."
    )
    doc, texts = _page(tmp_path, f"{lede}\n\n{P2}\n\n{P3}\n", tagger)
    assert title_of(doc) != lede
    assert texts == [lede, P2, P3]


def test_a_dateline_repeated_in_a_teaser_goes_twice(tmp_path, tagger):
    """A reprint that shows the lede as a cut-off teaser, then the story: the dateline opens both."""
    page = f"{HEADLINE}\n\nTASHKENT: {P1[:60]}\n\nTASHKENT: {P1}\n\n{P2}\n"
    _, texts = _page(tmp_path, page, tagger)
    assert P1 in texts and not any("TASHKENT" in t for t in texts)


@pytest.mark.parametrize("question", ["What is the claim?", "How did we check it?", "Is the water shared?"])
def test_a_question_set_before_its_answer_is_a_heading(tmp_path, tagger, question):
    """Fact-checks print their section questions before the answer; with the line breaks lost, the question and a
    colon open the paragraph. The answer stays a claim, the question heads it."""
    page = f"{HEADLINE}\n\n{question}: {P1}\n\n{P2}\n"
    doc, texts = _page(tmp_path, page, tagger)
    assert texts == [P1, P2]
    assert any(b.kind == "heading" and b.text.startswith(question) for b in doc.blocks)


def test_a_question_inside_a_sentence_stays(tmp_path, tagger):
    """A colon after a quoted question is part of the sentence, not a heading."""
    prose = 'The minister asked "Who pays for the water?" and answered: the downstream farms do, in the end.'
    _, texts = _page(tmp_path, f"{HEADLINE}\n\n{prose}\n\n{P2}\n", tagger)
    assert prose in texts


def test_a_wire_dateline_dates_the_story(tmp_path, tagger):
    page = f"{HEADLINE}\n\nTASHKENT, March 3, 2025 (Example Wire) - {BODY}"
    doc, texts = _page(tmp_path, page, tagger)
    assert published_date(doc).isoformat() == "2025-03-03"
    assert texts == [P1, P2, P3]


@pytest.mark.parametrize(
    "prose",
    [
        "On 3 March 2025 the two presidents met.",
        "Talks resumed on March 3, 2025, in Osh.",
    ],
)
def test_a_short_dated_sentence_is_no_by_line(tmp_path, tagger, prose):
    """A by-line is names, a date and a time; a sentence with a verb is prose, however short and near the top."""
    doc, texts = _page(tmp_path, f"{HEADLINE}\n\n{prose}\n\n{BODY}", tagger)
    assert published_date(doc) is None
    assert texts == [prose, P1, P2, P3]


def test_a_page_with_no_text_in_a_reference_section_builds(tmp_path, tagger):
    page = f"{HEADLINE}\n\n{BODY}\nReferences\n"
    _, texts = _page(tmp_path, page, tagger)
    assert texts == [P1, P2, P3]


def test_quotes_keep_their_offsets_around_cut_notes(tmp_path, tagger):
    text = f"{HEADLINE}\n\n{P1} This article was originally published on Example Site. {P2}\n"
    _, texts = _page(tmp_path, text, tagger)
    assert texts == [P1, P2]
    assert not any(re.search("originally published", t) for t in texts)


@pytest.mark.parametrize("byline", ["*By Anna Berg | 3 March 2025*", "_Published 3 March 2025_"])
def test_an_italic_by_line_in_markdown_is_no_caption(tmp_path, tagger, byline):
    """Only a line under an image is its caption: an italic by-line under the headline dates the page."""
    doc, texts = _page(tmp_path, f"# {HEADLINE}\n\n{byline}\n\n{BODY}", tagger, "page.md")
    assert published_date(doc).isoformat() == "2025-03-03"
    assert texts == [P1, P2, P3]


def test_an_italic_paragraph_in_markdown_is_prose(tmp_path, tagger):
    page = f"# {HEADLINE}\n\n{P1}\n\n*{P2}*\n\n{P3}\n"
    _, texts = _page(tmp_path, page, tagger, "page.md")
    assert texts == [P1, P2, P3]
