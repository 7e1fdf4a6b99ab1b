"""ClaimExplorer in-process: controls drive one filter, and table, count and figure follow."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import helpers
from helpers.present.widgets import TABLE_ROWS, ClaimExplorer


@pytest.fixture(scope="module")
def claims():
    return helpers.load_claims()


@pytest.fixture(scope="module")
def titles():
    sources = helpers.load_sources()
    return dict(zip(sources["source_id"], sources["title"]))


def _bar_total(explorer) -> int:
    return int(sum(sum(t.x) for t in explorer.figure.data if t.orientation == "h"))


def _year_total(explorer) -> int:
    return int(sum(explorer.figure.data[-1].y))


def test_starts_with_every_claim(claims, titles):
    explorer = ClaimExplorer(claims, titles=titles)
    assert len(explorer.table_data()) == len(claims)
    assert f"{len(claims):,}</b> of {len(claims):,} claims" in explorer.count.value
    assert _bar_total(explorer) == len(claims)
    assert _year_total(explorer) == claims["date_start"].notna().sum()


def test_source_control_has_ids_as_values_and_titles_as_labels(claims, titles):
    control = ClaimExplorer(claims, titles=titles).controls["sources"]
    assert set(control.options) == {(titles[s], s) for s in claims["source_id"].unique()}


def test_setting_the_source_changes_table_count_and_figure(claims, titles):
    explorer = ClaimExplorer(claims, titles=titles)
    source = sorted(claims["source_id"].unique())[1]
    explorer.controls["sources"].value = (source,)
    expected = helpers.filter_claims(claims, sources=[source])
    shown = explorer.table_data()
    assert shown["claim_id"].tolist() == expected["claim_id"].tolist()
    assert 0 < len(shown) < len(claims)
    assert f"{len(shown):,}</b> of {len(claims):,}" in explorer.count.value
    assert _bar_total(explorer) == len(shown)
    assert _year_total(explorer) == shown["date_start"].notna().sum()
    assert explorer.table.value.count("</tr>") == min(len(shown), TABLE_ROWS) + 1  # header row


@pytest.mark.parametrize(
    "name, value, column",
    [
        ("themes", ("military",), "theme"),
        ("areas", ("drones",), "area"),
        ("stances", ("divergence",), "stance"),
        ("modalities", ("forecast",), "modality"),
    ],
)
def test_each_list_filter_narrows_to_its_value(claims, name, value, column):
    explorer = ClaimExplorer(claims)
    explorer.controls[name].value = value
    shown = explorer.table_data()
    assert 0 < len(shown) < len(claims)
    assert set(shown[column].astype(str)) == set(value)


def test_actor_dates_and_text_filters(claims):
    explorer = ClaimExplorer(claims)
    explorer.controls["actors"].value = ("Israel",)
    assert explorer.table_data()["actors"].map(lambda a: "Israel" in a).all()
    explorer.controls["actors"].value = ()
    explorer.controls["dates"].value = (2020, 2025)
    shown = explorer.table_data()
    assert len(shown) and (shown["date_end"] >= pd.Timestamp("2020-01-01")).all()
    assert (shown["date_start"] <= pd.Timestamp("2025-12-31")).all()
    explorer.controls["dates"].index = (0, len(explorer.controls["dates"].options) - 1)
    explorer.controls["text"].value = "drone"
    assert explorer.table_data()["text"].str.contains("drone", case=False).all()


def test_presets_set_the_controls(claims):
    explorer = ClaimExplorer(claims, themes=["nuclear"], text="Bushehr")
    assert explorer.controls["themes"].value == ("nuclear",)
    assert set(explorer.table_data()["theme"].astype(str)) == {"nuclear"}
    with pytest.raises(ValueError, match="not in the claims"):
        ClaimExplorer(claims, themes=["astrology"])
    with pytest.raises(TypeError, match="unknown filter"):
        ClaimExplorer(claims, colour="red")


def test_no_match_says_so_and_keeps_working(claims):
    explorer = ClaimExplorer(claims)
    explorer.controls["text"].value = "no claim says this zzqx"
    assert explorer.table_data().empty
    assert "No claims match" in explorer.table.value
    assert _bar_total(explorer) == 0
    assert "No claims match" in explorer.figure.layout.annotations[0].text
    explorer.controls["text"].value = ""
    assert len(explorer.table_data()) == len(claims)


def test_source_text_is_escaped_in_the_table(claims):
    hostile = claims.head(3).copy()
    hostile.loc[hostile.index[0], "text"] = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    explorer = ClaimExplorer(hostile)
    assert "<script>" not in explorer.table.value and "<img" not in explorer.table.value
    assert "&lt;script&gt;" in explorer.table.value


def test_export_writes_the_filtered_claims(claims, tmp_path):
    explorer = ClaimExplorer(claims, stances=["divergence"])
    path = explorer.export(tmp_path / "out.csv")
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert written["claim_id"].tolist() == explorer.table_data()["claim_id"].tolist()
    assert set(written["stance"]) == {"divergence"}
    assert "Saved" in explorer.message.value


def test_exported_form_works_without_a_kernel(claims, titles):
    hostile = claims.copy()
    hostile.loc[hostile.index[0], "text"] = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    explorer = ClaimExplorer(hostile, titles=titles, themes=["military"])
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # JupyterLab still gets the live widget
    page = bundle["text/html"]
    assert f"<b>{len(explorer.table_data())}</b> of {len(hostile):,} claims" in page
    assert page.count('"label":"') == 1 + hostile["source_id"].nunique()  # a menu entry per source, and "All"
    assert all(title[:60] in page for title in titles.values())
    assert "<script>alert" not in page and "<img src=x" not in page
    assert not re.search(r"""src=["']?https?:""", page), "the exported explorer must load nothing from the network"


def test_credibility_grade_filter(claims):
    explorer = ClaimExplorer(claims)
    grades = [value for _, value in explorer.controls["credibility"].options]
    assert grades == sorted(set(int(g) for g in claims["credibility"]))
    explorer.controls["credibility"].value = (grades[0],)
    shown = explorer.table_data()
    assert 0 < len(shown) < len(claims) and set(shown["credibility"]) == {grades[0]}


def test_exported_form_can_leave_the_table_to_the_page(claims):
    with_table = ClaimExplorer(claims, themes=["military"]).static_html()
    without = ClaimExplorer(claims, themes=["military"], static_table=False).static_html()
    assert "<table" in with_table and "<table" not in without
    assert "use the claims table on this page" in without
