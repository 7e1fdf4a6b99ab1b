"""The numbers the notebooks print are the data's numbers; quotes are attributed and escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.config import load_judgments, load_taxonomy
from helpers.errors import InputError
from helpers.present.briefing import Briefing

CHAPTERS = list(load_taxonomy().themes)  # every theme is a chapter


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
    wider = {name: next(iter(t.chapter_also.items())) for name, t in b.taxonomy.themes.items() if t.chapter_also}
    assert wider, "taxonomy.yml widens no chapter"
    for name, (column, value) in wider.items():
        c = b.chapter(name)
        assert ((c["theme"] == name) | (c[column] == value)).all()
        assert (c["theme"] != name).any(), f"{name} should reach beyond its own theme"


def test_chapter_events_report_chapter_claims(b):
    events = b.chapter_events("history")
    ids = set(b.chapter("history")["claim_id"])
    assert len(events) and all(ids & set(e) for e in events["claim_ids"])


def test_every_judgment_cites_existing_claims(b):
    judgments = load_judgments()
    assert 4 <= len(judgments) <= 6
    for j in judgments:
        for claim_id in j.claims:
            b.claim(claim_id)
    html = b.judgments().data
    assert html.count("We judge this <b>") == len(judgments)
    assert html.count("<small>Why: ") == len(judgments)  # the one-line rationale under each


def test_judgment_words_confidence_and_rationale_come_from_judgments_csv(b):
    from helpers import schema
    from helpers.present.escape import html_text

    estimates = schema.read("judgments", b.data.table("judgments")).set_index("judgment_id")
    html = b.judgments().data
    for j in load_judgments():
        e = estimates.loc[j.judgment_id]
        assert f"<b>{e['likelihood_word']}</b> ({e['probability_low']:.0%}–{e['probability_high']:.0%}" in html
        assert f"confidence <b>{e['confidence']}</b>.<br><small>Why: {html_text(e['rationale'])}</small>" in html


def test_contradictions_reach_the_judgments_that_cite_them(b):
    pair = b.contradictions.iloc[0]
    assert len(b.contradictions_for([pair["claim_id_a"]])) >= 1
    table = b.contradictions_table()
    assert len(table) == len(b.contradictions) and table["Quote A"].str.len().gt(0).all()


def test_quotes_are_escaped_and_attributed(b, monkeypatch):
    claim_id = b.claims["claim_id"].iloc[0]
    b.all_claims.loc[b.all_claims["claim_id"] == claim_id, "text"] = "<script>alert(1)</script>"
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


def test_a_scope_limits_claims_sources_and_judgments():
    from helpers.analysis.filters import Scope

    b = Briefing(Scope(themes=["military"], since="2022-01-01"))
    assert len(b.claims) and set(b.claims["theme"].astype(str)) == {"military"}
    dated = b.claims.dropna(subset=["date_end"])
    assert (dated["date_end"] >= "2022-01-01").all()
    assert b.scope.describe() == "themes: military; sources: all; claims since 2022-01-01"
    one = sorted(b.all_claims["source_id"].unique())[0]
    only = Briefing(Scope(sources=[one]))
    assert set(only.claims["source_id"]) == {one} and list(only.sources["source_id"]) == [one]
    assert only.quotes(
        *[c for c in b.all_claims["claim_id"] if c not in set(only.claims["claim_id"])][:2]
    ).data.startswith("<p><i>None")


def test_judgment_likelihoods_do_not_depend_on_a_theme_or_date_scope(b):
    from helpers.analysis.filters import Scope

    scoped = Briefing(Scope(themes=["military", "nuclear"], since="2022-01-01"))
    words = [line.split("</b>")[0] for line in b.judgments().data.split("We judge this <b>")[1:]]
    scoped_words = [line.split("</b>")[0] for line in scoped.judgments().data.split("We judge this <b>")[1:]]
    assert scoped_words and set(scoped_words) <= set(words)
    assert scoped.ach()["Likelihood"].to_dict() == b.ach()["Likelihood"].to_dict()


@pytest.mark.parametrize("name", CHAPTERS)
def test_prose_table_and_explorer_count_the_same_claims(b, name):
    """One function (Briefing.chapter) selects a chapter's claims for the prose, the table and the explorer."""
    n = len(b.chapter(name))
    assert b.glance(name).data.startswith(f"**{n} claims**")
    assert len(b.claims_view(name)) == n
    assert len(b.explorer(name).table_data()) == n


VIEWS = ["ach", "diagnostic_evidence", "sensitivity", "indicators", "stale_forecasts", "contradictions_table",
         "disputes_table", "inventory", "claims_view"]  # fmt: skip


@pytest.mark.parametrize("view", VIEWS)
def test_tables_show_plain_headers_names_and_no_index(b, view):
    frame = getattr(b, view)()
    assert isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
    assert not [c for c in frame.columns if "_" in str(c) or str(c) == str(c).lower()], list(frame.columns)
    assert len(set(frame.columns)) == len(frame.columns)
    shown = " ".join(frame.astype(str).to_numpy().ravel())
    slugs = [s for s in b.sources["source_id"] if s in shown and s not in b.names.values()]
    codes = [a for a in b.taxonomy.areas if "_" in a and re.search(rf"\b{a}\b", shown)]
    assert not slugs and not codes, (slugs, codes)
