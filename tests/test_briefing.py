"""The numbers the notebooks print are the data's numbers; quotes are attributed and escaped."""

from __future__ import annotations

import pytest

from helpers.briefing import WIDER, Briefing, load_judgments
from helpers.errors import InputError

CHAPTERS = ["history", "economy", "military", "nuclear", "regional", "divergences", "outlook"]


@pytest.fixture(scope="module")
def b():
    return Briefing()


@pytest.mark.parametrize("name", CHAPTERS + [None])
def test_glance_counts_are_the_chapters_counts(b, name):
    c = b.chapter(name)
    text = b.glance(name).data
    stance = c["stance"].astype(str).value_counts()
    assert text.startswith(f"**{len(c)} claims** from **{c['source_id'].nunique()} of {len(b.sources)} sources**")
    assert f"{stance.get('cooperation', 0)} describe cooperation, {stance.get('divergence', 0)} divergence" in text


def test_wider_chapters_take_in_claims_from_other_themes(b):
    for name, (column, value) in WIDER.items():
        c = b.chapter(name)
        assert ((c["theme"] == name) | (c[column] == value)).all()
        assert (c["theme"] != name).any(), f"{name} should reach beyond its own theme"


def test_chapter_events_report_chapter_claims(b):
    events = b.chapter_events("history")
    ids = set(b.chapter("history")["claim_id"])
    assert len(events) and all(ids & set(e.split(";")) for e in events["claim_ids"])


def test_every_judgment_cites_existing_claims(b):
    judgments = load_judgments()
    assert 4 <= len(judgments) <= 6
    for j in judgments:
        for claim_id in j.claims:
            b.claim(claim_id)
    html = b.judgments().data
    assert html.count("<li>") == len(judgments) and "Confidence:" in html


def test_quotes_are_escaped_and_attributed(b, monkeypatch):
    claim_id = b.claims["claim_id"].iloc[0]
    b.claims.loc[b.claims.index[0], "text"] = "<script>alert(1)</script>"
    html = b.quotes(claim_id).data
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert claim_id in html and b.titles[b.claims["source_id"].iloc[0]].split(":")[0].replace("&", "&amp;") in html


def test_unknown_claim_names_the_fix(b):
    with pytest.raises(KeyError, match="pick its new id"):
        b.quotes("c000000000000")


def test_inventory_lists_every_source_with_its_claims(b):
    inv = b.inventory()
    assert len(inv) == len(b.sources)
    assert inv["Claims"].sum() == len(b.claims)


def test_bad_judgments_file_is_an_input_error(tmp_path):
    bad = tmp_path / "judgments.yml"
    bad.write_text("judgments:\n  - text: x\n    confidence: certain\n    claims: [c1]\n")
    with pytest.raises(InputError, match="judgments.yml"):
        load_judgments(bad)
