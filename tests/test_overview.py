"""The overview a reader meets first: judgments with words and quotes, known / wrong / open, as-of, glossary."""

from __future__ import annotations

import re

import pytest

from helpers.analysis.filters import Scope
from helpers.present.briefing import Briefing
from helpers.present.escape import html_text
from helpers.present.overview import GLOSSARY, ICD_203

CLAIM_ID = re.compile(r"\bc[0-9a-f]{11}\b")


@pytest.fixture(scope="module")
def b() -> Briefing:
    return Briefing()


def test_as_of_is_the_latest_publication_in_scope(b):
    latest = b.sources["published"].max()
    assert f"{latest:%d %B %Y}" in b.as_of().data
    one = b.sources.sort_values("published")["source_id"].iloc[0]
    scoped = Briefing(scope=Scope(sources=[one]))
    earliest = b.sources.set_index("source_id").loc[one, "published"]
    assert f"{earliest:%d %B %Y}" in scoped.as_of().data


def test_key_judgments_carry_word_confidence_scale_and_quotes_not_ids(b):
    html = b.key_judgments().data
    estimates = b.judgment_estimates()
    judgments = [j for j in b.judgment_list() if j.judgment_id in estimates.index]
    assert judgments, "the committed evidence base has key judgments"
    assert html.count("<li") == len(judgments)
    for j in judgments:
        e = estimates.loc[j.judgment_id]
        assert e["likelihood_word"].capitalize() in html
        assert f"{e['confidence']} confidence" in html
    assert html.count("icd-scale") == len(judgments), "each judgment shows the ICD 203 strip"
    assert all(word in html for word, _ in ICD_203)
    assert html.count("<blockquote") >= len(judgments), "each judgment quotes its strongest evidence"
    assert not CLAIM_ID.search(html), "a reader sees quotes, not claim ids"


def test_wrong_lists_the_claims_the_reference_timeline_contradicts(b):
    html = b.known_wrong_open().data
    wrong = html.split("What the sources get wrong")[1].split("What we don")[0]
    assert len(b.reference_conflicts), "the committed seeds have claims the reference timeline contradicts"
    assert wrong.count("Record: ") == min(len(b.reference_conflicts), 5), "each shown with the record that refutes it"
    first = b.reference_conflicts["reason"].iloc[0]
    assert html_text(first) in wrong


def test_open_questions_are_the_open_disputes(b):
    html = b.known_wrong_open().data
    open_part = html.split("What we don")[1]
    n_open = int((b.disputes["status"] == "open").sum())
    assert open_part.count("<b>") == min(n_open, 5)


def test_the_glossary_explains_every_term_the_overview_uses(b):
    html = b.glossary().data
    for term in ("ACH", "Admiralty grade", "Independent origin", "Likelihood word", "Confidence", "Credibility"):
        assert term in html
    assert len(GLOSSARY) == html.count("<dt>")
