"""Cleaning on invented pages of the kinds think tanks, wire services, fact-checkers and newsletters publish:
appeal banners, reading-time stamps, photo captions, agency datelines, cited list items, cut-off copies."""

from __future__ import annotations

import re

import pytest

from helpers.build.extract import Tagger, extract_claims
from helpers.build.sources import clean, load_document, published_date, title_of
from helpers.config import load_cleaning, load_taxonomy


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_taxonomy(), load_cleaning())


def _page(tmp_path, text: str, tagger, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = clean(load_document(path), tagger.cleaning)
    rows, _ = extract_claims(doc, tagger, published_date(doc))
    for r in rows:  # every claim is its span of the raw file, footnote markers aside
        quoted = re.sub(r"\s?\[\d{1,3}\]", "", text[r["char_start"] : r["char_end"]])
        assert " ".join(quoted.split()) == r["text"]
    return doc, [r["text"] for r in rows]


BODY = (
    "Armenia and Georgia agreed to reopen the rail line through Gyumri, the two transport ministries said.\n"
    "The line had been closed since a bridge collapsed in the spring floods.\n"
)


def test_an_appeal_banner_is_not_the_title_nor_claims(tmp_path, tagger):
    page = (
        "Keep Example Checks independent\n"
        "Whatever you think of our verdicts, these checks matter for public debate. We take no money from parties"
        " - even a $3 donation helps us stay that way.\n"
        "Fact check: Did Armenia and Georgia reopen their rail line?\n"
        "1. Summary of the findings\n" + BODY
    )
    doc, texts = _page(tmp_path, page, tagger)
    assert title_of(doc) == "Fact check: Did Armenia and Georgia reopen their rail line?"
    assert texts == BODY.splitlines()


def test_a_news_donation_sentence_stays(tmp_path, tagger):
    page = "Rail deal\n\n" + BODY + "Japan made a donation of ten locomotives to the line last year, officials said.\n"
    _, texts = _page(tmp_path, page, tagger)
    assert texts[-1] == "Japan made a donation of ten locomotives to the line last year, officials said."


@pytest.mark.parametrize("stamp", ["4 min read . Updated: 3 Feb 2022, 10:05 AM IST", " | Published: Feb 3, 2022"])
def test_a_reading_time_stamp_glued_to_the_headline(tmp_path, tagger, stamp):
    page = f"Armenia and Georgia reopen rail link{stamp}\n" + BODY
    doc, texts = _page(tmp_path, page, tagger)
    assert title_of(doc) == "Armenia and Georgia reopen rail link"
    assert published_date(doc).isoformat() == "2022-02-03"
    assert texts == BODY.splitlines()


@pytest.mark.parametrize(
    "caption",
    [
        "Transport Minister Ani Petrosyan (L) and her Georgian counterpart Levan Kiladze (R) at the signing in"
        " Tbilisi, 3 February 2022.",
        "Engineers (left) inspect the repaired bridge near Gyumri.",
        "Map showing the rail line between Gyumri and Tbilisi",
    ],
)
def test_photo_captions_are_neither_title_nor_claims(tmp_path, tagger, caption):
    page = f"Armenia–Georgia rail link\n\n{caption}\n\n{BODY}"
    doc, texts = _page(tmp_path, page, tagger)
    assert title_of(doc) == "Armenia–Georgia rail link"
    assert texts == BODY.splitlines()


@pytest.mark.parametrize(
    "line",
    [
        "Senator Jane Doe (R) said the rail agreement would pass the committee this week.",
        'Kiladze (left) told reporters: "The line will carry freight by the spring."',
    ],
)
def test_a_position_marker_in_reported_speech_is_prose(tmp_path, tagger, line):
    """A caption shows a picture; a line that reports what someone said is the story, marker or not."""
    page = f"Armenia–Georgia rail link\n\n{line}\n\n{BODY}"
    _, texts = _page(tmp_path, page, tagger)
    assert texts == [line, *BODY.splitlines()]


def test_the_headline_stands_alone_not_in_an_infobox(tmp_path, tagger):
    page = (
        "Armenia–Georgia relations\n\nArmenia\n\nGeorgia\nDiplomatic mission\nEmbassy of Armenia, TbilisiEmbassy of"
        " Georgia, Yerevan\n\n" + BODY
    )
    doc, _ = _page(tmp_path, page, tagger)
    assert title_of(doc) == "Armenia–Georgia relations"


def test_an_agency_dateline_after_the_standfirst(tmp_path, tagger):
    page = (
        "Rail line to reopen\n\n"
        "Transport Minister Ani Petrosyan (L) and Levan Kiladze shake hands in Tbilisi, Georgia, February 3, 2022.\n\n"
        "Armenia and Georgia will reopen the rail line through Gyumri, the ministers said.\n\n"
        "Tbilisi, ARMENPRESS – The two transport ministers signed the protocol at a joint news conference on Thursday.\n"
    )
    doc, texts = _page(tmp_path, page, tagger)
    assert texts[-1] == "The two transport ministers signed the protocol at a joint news conference on Thursday."
    assert published_date(doc).isoformat() == "2022-02-03"  # the dated photo at the head of a datelined story


def test_a_dated_caption_without_a_dateline_dates_nothing(tmp_path, tagger):
    page = "Armenia–Georgia relations\n\nEngineers (left) at the bridge near Gyumri, 7 September 2018.\n\n" + BODY
    doc, _ = _page(tmp_path, page, tagger)
    assert published_date(doc) is None


def test_cited_list_items_are_claims_and_labels_are_not(tmp_path, tagger):
    page = (
        "Fact check: the rail deal\n\n"
        "The findings in brief:\n"
        "- Armenia has sent grain and fuel wagons to Georgia [2]\n"
        "- Georgia has repaired the Gyumri bridge [3] [4]\n"
        "- Grain and fuel wagons\n"
        "The ministries confirmed both points in writing [1].\n"
    )
    _, texts = _page(tmp_path, page, tagger)
    assert texts == [
        "Armenia has sent grain and fuel wagons to Georgia",
        "Georgia has repaired the Gyumri bridge",
        "The ministries confirmed both points in writing.",
    ]


def test_a_copy_cut_off_mid_sentence_loses_only_its_last_words(tmp_path, tagger):
    page = (
        "Rail deal\n\n"
        + BODY
        + "Freight from the Black Sea ports to Yerevan is expected to double within two years, the ministries said, especia"
    )
    _, texts = _page(tmp_path, page, tagger)
    assert texts == BODY.splitlines()


def test_a_list_ending_the_text_keeps_its_last_item(tmp_path, tagger):
    """A list item needs no stop: one that ends the text is the list, not a copy cut short."""
    items = [
        "- Freight trains will run twice a week from the Black Sea ports to Yerevan and on to the Iranian border",
        "- Passenger trains will follow in 2026 once the bridges near Gyumri have been repaired and tested",
    ]
    _, texts = _page(tmp_path, "Rail deal\n\n" + BODY + "\n".join(items) + "\n", tagger)
    assert texts == [*BODY.splitlines(), *(item[2:] for item in items)]


def test_a_text_without_stops_keeps_its_sentence(tmp_path, tagger):
    line = "Armenia and Georgia agreed on Thursday to reopen the rail line through Gyumri after three years of talks"
    _, texts = _page(tmp_path, f"Rail deal\n\n{line}\n", tagger)
    assert texts == [line]


def test_wiki_furniture_is_debris(tmp_path, tagger):
    page = (
        "Jump to content\n\nArmenia–Georgia relations\n\nFrom Examplepedia, the free encyclopedia\n"
        "(Redirected from Armenia Georgia relations)\n\n" + BODY
    )
    doc, texts = _page(tmp_path, page, tagger)
    assert title_of(doc) == "Armenia–Georgia relations"
    furniture = [b for b in doc.blocks if "encyclopedia" in b.text or "Jump" in b.text]
    assert len(furniture) == 2 and all(b.kind == "debris" for b in furniture)
    assert texts == BODY.splitlines()
