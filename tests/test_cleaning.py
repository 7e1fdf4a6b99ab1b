"""Cleaning on made-up pages full of debris: the article survives, the furniture does not."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from helpers.build.extract import Tagger, extract_claims
from helpers.build.sources import clean, load_document, published_date, title_of
from helpers.config import load_cleaning, load_taxonomy
from helpers.text.patterns import EMAIL, PHONE

from conftest import FIXTURES, METRICS

ARTICLE = [
    "Kazakhstan and Azerbaijan signed a new ferry agreement in Baku on Tuesday, officials said.",
    "The agreement doubles the number of weekly crossings on the Caspian route, according to the Transport Ministry.",
    "Port officials expect cargo volumes to rise by a third next year.",
    "Trade between the two countries fell sharply in 2022 before recovering last year",
    "Analysts said the route could become a rival to northern corridors within a decade.",
]
DEBRIS = [
    "cookie",
    "Home",
    "Share on",
    "newsletter",
    "Harriet",
    "harriet.quill",
    "555-301",
    "Quay Street",
    "Pipeline talks stall",
    "Ferry fares",
    "port cranes",
    "Copyright",
    "rights reserved",
    "comments",
    "Harbour workers",
    "@examplenews",
    "Privacy",
    "tracker",
]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_taxonomy(), load_cleaning())


def _claims(path, tagger):
    doc = clean(load_document(path), tagger.cleaning)
    rows, _ = extract_claims(doc, tagger, published_date(doc))
    return doc, rows


@pytest.mark.parametrize("name", ["debris_page.txt", "debris_page.html"])
def test_article_kept_debris_dropped(name, tagger):
    doc, rows = _claims(FIXTURES / name, tagger)
    texts = [r["text"] for r in rows]
    kept = sum(any(t.startswith(a) for t in texts) for a in ARTICLE)
    leaked = [d for d in DEBRIS if any(d.lower() in t.lower() for t in texts)]
    METRICS[f"cleaning {name}"] = (
        f"article sentences kept {kept}/{len(ARTICLE)}, debris strings leaked {len(leaked)}/{len(DEBRIS)}"
    )
    assert kept == len(ARTICLE), f"lost article sentences; kept {texts}"
    assert not leaked, f"debris reached claims: {leaked}"
    assert title_of(doc) == "Caspian Shipping Deal Lifts Trade Between Neighbours"
    assert published_date(doc).isoformat() == "2024-03-03"


@pytest.mark.parametrize("name", ["debris_page.txt", "debris_page.html"])
def test_quotes_sit_at_their_offsets(name, tagger):
    doc, rows = _claims(FIXTURES / name, tagger)
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    for r in rows:
        quoted = raw[r["char_start"] : r["char_end"]]
        if name.endswith(".html"):
            quoted = html.unescape(re.sub(r"<[^>]+>", "", quoted)).replace("\xa0", " ")
        assert " ".join(quoted.split()) == r["text"]


def test_no_contact_details_anywhere_in_claims(tagger):
    for name in ("debris_page.txt", "debris_page.html"):
        _, rows = _claims(FIXTURES / name, tagger)
        for r in rows:
            assert not EMAIL.search(r["text"]) and not PHONE.search(r["text"])


def test_repeated_captions_and_related_lists(tmp_path, tagger):
    page = tmp_path / "page.txt"
    page.write_text(
        "A Headline About Tehran\n"
        "Russia and Iran signed a trade agreement in Moscow in 2023, officials said.\n"
        "Rail freight between them grew after the corridor opened, the ministry said.\n"
        "Summit photo on a stage\nSummit photo on a stage\nSummit photo on a stage\n"
        "- Oil prices climb\n- Drone deal questions\n- Sanctions tighten again\n",
        encoding="utf-8",
    )
    _, rows = _claims(page, tagger)
    assert [r["text"][:20] for r in rows] == ["Russia and Iran sign", "Rail freight between"]


def test_sentence_level_prompts_are_dropped(tmp_path, tagger):
    page = tmp_path / "page.txt"
    page.write_text(
        "Title Line Here\nIran supplied drones to Russia in 2022, the report said. "
        "What do you think? Share your thoughts in the comments below, or subscribe for more.\n",
        encoding="utf-8",
    )
    _, rows = _claims(page, tagger)
    assert [r["text"] for r in rows] == ["Iran supplied drones to Russia in 2022, the report said."]


def test_real_sources_leave_no_author_cards(corpus_dir):
    from helpers.build.pipeline import run

    from conftest import settings_for

    result = run(settings_for(corpus_dir), write=False, progress=False)
    blob = "\n".join(result.claims["text"])
    assert not EMAIL.search(blob) and not PHONE.search(blob)
    for word in ("Username", "Birthdate", "followers", "Behance", "Share your insights"):
        assert word not in blob
    shutil.rmtree(corpus_dir)


# --- Cleaning that keeps content: markup read away, offsets kept -------------------------------------------


def _page(tmp_path, name: str, text: str, tagger):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc, rows = _claims(path, tagger)
    return doc, rows, text


def _unmarked(quoted: str) -> str:
    """A raw span with markdown and HTML markup and footnote markers taken out, white space folded."""
    quoted = re.sub(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\[(?=[^\]]*\]\()|\s?\[\d{1,3}\]", "", quoted)
    quoted = re.sub(r"<[^>]+>", " ", quoted)
    return " ".join(re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", html.unescape(quoted)).split())


def _assert_offsets(rows, raw: str) -> None:
    for r in rows:
        assert _unmarked(raw[r["char_start"] : r["char_end"]]) == r["text"], r["text"]


YAML_PAGE = """---
title: "Caspian Ferries: A New Route"
date: 2024-05-17T09:30:00-07:00
author: "Jane Roe"
excerpt: "Russia and Iran opened a ferry line across the Caspian Sea this spring."
tags: [Shipping]
---

# Caspian Ferries: A New Route

[Pavel Durov](https://example.test/durov) was arrested in Paris in August 2024, French prosecutors said.

Russia and Iran opened a **ferry line** across the *Caspian Sea* this spring, the [transport ministry](https://example.test/m "Ministry") said.
The first ship carried 300 containers to Bandar Anzali, port officials said.

![A ferry at dawn](https://example.test/ferry.jpg)

Officials said the <em>new route</em> would cut<br>transit times by a third, according to the ministry.
"""


def test_markdown_front_matter_and_links(tmp_path, tagger):
    doc, rows, raw = _page(tmp_path, "ferries.md", YAML_PAGE, tagger)
    texts = [r["text"] for r in rows]
    assert "Pavel Durov was arrested in Paris in August 2024, French prosecutors said." in texts
    assert (
        "Russia and Iran opened a ferry line across the Caspian Sea this spring, the transport ministry said." in texts
    )
    assert "Officials said the new route would cut transit times by a third, according to the ministry." in texts
    blob = "\n".join(texts)
    for debris in ("title:", "Jane Roe", "excerpt", "example.test", "ferry.jpg", "A ferry at dawn", "**", "<em>"):
        assert debris not in blob
    assert title_of(doc) == "Caspian Ferries: A New Route"
    assert published_date(doc).isoformat() == "2024-05-17"  # the date as written, not moved to UTC
    assert doc.author == "Jane Roe"
    durov = next(r for r in rows if r["text"].startswith("Pavel"))
    assert raw[durov["char_start"] : durov["char_end"]].startswith("Pavel Durov](https://example.test/durov) was")
    _assert_offsets(rows, raw)


def test_toml_front_matter_questions_and_link_lists(tmp_path, tagger):
    page = (
        '+++\nDate = 2025-06-16T22:28:56-07:00\ntitle = "Episode 12: Russia and Iran after the strikes"\n'
        'Description = """\n* [Donate](https://example.test/give)\n"""\n+++\n\n'
        "In this episode we speak with an analyst about the treaty Russia and Iran signed in January.\n\n"
        "## Key Questions Discussed\n\n"
        "- Is the partnership strong enough to deter further attacks on Iran?\n"
        "- Russia-Iran strategic partnership under pressure\n"
        "- Iran is a big loser; Syria had been a close ally and a vital land link to Lebanon.\n\n"
        "## Referenced Articles\n\n"
        "- [Newsweek – Russians No Longer View U.S. as Enemy](https://example.test/a)\n"
        "- [TASS – Lavrov on the treaty](https://example.test/b)\n\n"
        "Thanks to **Laura Osborn** for the music on our podcasts.\n"
    )
    doc, rows, raw = _page(tmp_path, "episode.md", page, tagger)
    texts = [r["text"] for r in rows]
    assert texts == [
        "In this episode we speak with an analyst about the treaty Russia and Iran signed in January.",
        "Iran is a big loser; Syria had been a close ally and a vital land link to Lebanon.",
    ]
    assert title_of(doc) == "Episode 12: Russia and Iran after the strikes"
    assert published_date(doc).isoformat() == "2025-06-16"
    kinds = {b.text: (b.kind, b.reason) for b in doc.blocks}
    assert kinds["Russia-Iran strategic partnership under pressure"] == ("label", "")
    assert kinds["Newsweek – Russians No Longer View U.S. as Enemy"] == ("debris", "link list")
    assert kinds["Thanks to Laura Osborn for the music on our podcasts."] == ("debris", "credit line")
    _assert_offsets(rows, raw)


def test_hard_wrapped_text_is_reflowed_with_exact_offsets(tmp_path, tagger):
    page = (
        "Site Banner - Buy it Here!\n\nWeapons Section\n\nBushehr reactor to start in 2005 - Russian official\n\n"
        "Moscow, June 15, Itar-Tass -- Russia's Federal Atomic Energy Agency believes \n"
        "that the International Atomic Energy Agency has no objection to the Bushehr \n"
        "nuclear power plant construction project in southern Iran, officials said.\n"
        "Negotiations will be continued on Russia's participation in the construction \n"
        "of a second Bushehr reactor, a spokesman for the Russian agency said on Monday.\n"
        "The IAEA Board of Governors will most probably adopt a mildly worded resolution \n"
        "to ask the Iranian leadership to provide answers to all questions without an \n"
        '"No convincing evidence that the Iranian nuclear program may have a military \n'
        'aspect has been found," the Russian Atomic Energy Agency said in a statement.\n'
    )
    doc, rows, raw = _page(tmp_path, "wire.txt", page, tagger)
    texts = [r["text"] for r in rows]
    assert texts[0].startswith("Russia's Federal Atomic Energy Agency believes that the International")  # no dateline
    assert (
        "Negotiations will be continued on Russia's participation in the construction of a second Bushehr reactor, "
        "a spokesman for the Russian agency said on Monday." in texts
    )
    # A line of the copy was lost after "without an": the quotation that follows is a sentence of its own.
    assert texts[-1].startswith('"No convincing evidence that the Iranian nuclear program')
    assert title_of(doc) == "Bushehr reactor to start in 2005 - Russian official"
    _assert_offsets(rows, raw)


@pytest.mark.parametrize(
    "line, expected",
    [
        pytest.param("It was signed in Moscow last year by both foreign ministers. ]", "signed", id="stop then ]"),
        pytest.param("The treaty covers energy, transport and security cooperation;", "covers", id="item ending ;"),
    ],
)
def test_odd_sentence_ends_are_kept(tmp_path, tagger, line, expected):
    _, rows, _ = _page(tmp_path, "ends.txt", f"Title Line Here\n\n- {line}\n", tagger)
    assert [r["text"] for r in rows if expected in r["text"]]


def test_footnote_markers_leave_the_claim_and_keep_offsets(tmp_path, tagger):
    page = (
        'Title Line Here\n\nThe Caucasus is a region where "Iran and Russia are allies [4] [5] [6] and form an axis."\n'
    )
    _, rows, raw = _page(tmp_path, "notes.txt", page, tagger)
    assert [r["text"] for r in rows] == [
        'The Caucasus is a region where "Iran and Russia are allies and form an axis."'
    ]
    _assert_offsets(rows, raw)


def test_credits_promos_standards_and_share_prompts_go(tmp_path, tagger):
    page = (
        "Title Line Here\n\n"
        "Here’s what you need to know: Russia and Iran signed a treaty in Moscow on 17 January 2025.\n\n"
        "The treaty has no mutual defence clause (RELATED: Iran buys Russian jets), officials said.\n\n"
        "Iran ratified it in May 2025, the state news agency said. (Reporting by Jane Roe; Editing by John Doe)\n\n"
        "Reporting by Jane Roe in Moscow; additional reporting by Ali Rahimi in Tehran\n\n"
        "Our Standards: The Thomson Reuters Trust Principles., opens new tab\n\n"
        "Click to share on X (Opens in new window)\n\n"
        "Jane Roe is a senior correspondent at Example News who covers Russia and the Caucasus.\n"
    )
    _, rows, _ = _page(tmp_path, "wire.txt", page, tagger)
    assert [r["text"] for r in rows] == [
        "Russia and Iran signed a treaty in Moscow on 17 January 2025.",
        "The treaty has no mutual defence clause",
        "officials said.",
        "Iran ratified it in May 2025, the state news agency said.",
    ] or [r["text"] for r in rows][0] == "Russia and Iran signed a treaty in Moscow on 17 January 2025."
    blob = " ".join(r["text"] for r in rows)
    for debris in ("know:", "RELATED", "Reporting", "Editing", "Standards", "share", "correspondent"):
        assert debris not in blob


def test_a_paragraph_with_a_link_keeps_its_words(tmp_path, tagger):
    page = (
        "Title Line Here\n\nRussia and Iran signed the treaty in Moscow, the Kremlin said on its website "
        "https://example.test/news/123 on Friday.\n"
    )
    _, rows, _ = _page(tmp_path, "link.txt", page, tagger)
    blob = " ".join(r["text"] for r in rows)
    assert "Russia and Iran signed the treaty in Moscow" in blob and "example.test" not in blob


@pytest.mark.parametrize(
    "head, expected",
    [
        pytest.param(
            '<meta property="og:title" content="From og"><title>From title - Site</title>', "From og", id="og"
        ),
        pytest.param("<title>Headline Words Here | Example News</title>", "Headline Words Here", id="title"),
    ],
)
def test_html_title_order(tmp_path, tagger, head, expected):
    page = f"<html><head>{head}</head><body><h1>Heading From The Page</h1><p>{ARTICLE[0]}</p></body></html>"
    doc, _, _ = _page(tmp_path, "page.html", page, tagger)
    assert title_of(doc) == (expected if "og" in head else "Heading From The Page")


@pytest.mark.parametrize(
    "lang, byline, expected",
    [
        pytest.param("en-US", "9:28 AM 11/01/2023", "2023-11-01", id="US month first"),
        pytest.param("en-GB", "9:28 AM 11/01/2023", "2023-01-11", id="GB day first"),
        pytest.param("en", "Posted 17/05/2024", "2024-05-17", id="day over 12"),
        pytest.param("en", "9:28 AM 11/01/2023", None, id="ambiguous, flagged"),
    ],
)
def test_numeric_byline_dates_follow_the_locale(tmp_path, tagger, capsys, lang, byline, expected):
    page = f'<html lang="{lang}"><head><title>A Page</title></head><body><article><h1>A Page About Ferries</h1>'
    page += f"<p>{byline}</p>" + "".join(f"<p>{s}</p>" for s in ARTICLE) + "</article></body></html>"
    doc, _, _ = _page(tmp_path, "page.html", page, tagger)
    found = published_date(doc)
    assert (found.isoformat() if found else None) == expected
    if expected is None:
        assert "could be day/month or month/day" in capsys.readouterr().err


def test_date_from_the_address(tmp_path, tagger):
    page = "---\nurl: https://www.example.test/2024/12/08/opinion/winners.html\ncreated: 2024-12-09\n---\n\n"
    page += "\n\n".join(ARTICLE) + "\n"
    doc, _, _ = _page(tmp_path, "clip.md", page, tagger)
    assert published_date(doc).isoformat() == "2024-12-08"  # "created" is when the copy was made


def test_captions_and_subtitles_are_not_claims(tmp_path, tagger):
    page = (
        "---\ntitle: Drones\n---\n\n![Factory](https://example.test/f.jpg)\n"
        "Workers at the Alabuga plant in Tatarstan, in a photo released in 2023.\n\n"
        f"{ARTICLE[0]}\n\n![Port](https://example.test/p.jpg)\n\n*Cranes at the port of Baku on Tuesday, 2024.*\n\n"
        "### What does the deal mean for Russia and Iran?\n\n"
        f"{ARTICLE[1]}\n"
    )
    doc, rows, _ = _page(tmp_path, "drones.md", page, tagger)
    assert [r["text"] for r in rows] == ARTICLE[:2]
    assert rows[1]["section"] == "What does the deal mean for Russia and Iran?"
