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
