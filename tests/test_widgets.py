"""ClaimExplorer in-process: controls drive one filter, and table, count and figure follow."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers.present.escape import csv_raw, plotly_text
from helpers.present.widgets import MENU_LABEL, TABLE_ROWS, ClaimExplorer

FILL_URL = '<span style="fill:url(https://attacker.test/fill.svg#p)">Russia and Iran</span>'


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


def test_export_takes_a_str_path_and_defuses_formulas(claims, tmp_path, monkeypatch):
    hostile = claims.head(4).copy()
    formulas = ['=HYPERLINK("https://attacker.test","x")', "@SUM(1+1)", "+1", "'=already quoted"]
    hostile["text"] = formulas
    hostile["attribution"] = ["-2+3", "\t=1", "\r=1", "a plain attribution"]
    monkeypatch.chdir(tmp_path)
    explorer = ClaimExplorer(hostile)
    path = explorer.export("new/folder/out.csv")  # a str, relative, into a folder that does not exist yet
    assert path == Path("new/folder/out.csv") and (tmp_path / path).is_file()
    written = pd.read_csv(tmp_path / path, dtype=str, keep_default_na=False)
    assert written["text"].tolist() == ["'" + f for f in formulas]
    assert all(cell.startswith("'") for cell in written["attribution"][:3])
    assert written["attribution"][3] == "a plain attribution"
    assert [csv_raw(c) for c in written["text"]] == formulas, "the raw text comes back with csv_raw"
    assert [csv_raw(c) for c in written["attribution"]] == hostile["attribution"].tolist()
    assert written["claim_id"].tolist() == hostile["claim_id"].tolist()
    assert "new/folder/out.csv" in explorer.message.value


def test_exported_menu_shows_a_hostile_title_as_text(claims, titles):
    source = sorted(titles)[0]
    hostile = {**titles, source: FILL_URL + " and a very long tail " * 5}
    explorer = ClaimExplorer(claims, titles=hostile)
    labels = [b.label for b in explorer.static_figure().layout.updatemenus[0].buttons]
    label = labels[1 + sorted(titles).index(source)]
    assert "<" not in label and ">" not in label and label.startswith("&lt;span style=")
    assert len(label.replace("&lt;", "<").replace("&gt;", ">")) <= MENU_LABEL
    assert "fill:url(" not in explorer.static_html().split("&lt;span", 1)[0], "the style never reaches plotly as markup"


def test_exported_form_ids_come_from_content(claims, titles):
    def ids(page):
        return re.findall(r'id="((?:explorer|itables)-[0-9a-f]{12}(?:-\d+)?)"', page)

    first = ids(ClaimExplorer(claims, titles=titles, sources=[sorted(titles)[2]]).static_html())
    again = ids(ClaimExplorer(claims, titles=titles, sources=[sorted(titles)[2]]).static_html())
    other = ids(ClaimExplorer(claims, titles=titles, sources=[sorted(titles)[3]]).static_html())
    assert [i.split("-")[0] for i in first] == ["explorer", "itables"]
    assert [i.rsplit("-", 1)[0] if i.count("-") == 2 else i for i in again] == first, "same claims, same ids"
    assert not set(first) & set(other)


def test_exported_form_works_without_a_kernel(claims, titles):
    hostile = claims.copy()
    hostile.loc[hostile.index[0], "text"] = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    explorer = ClaimExplorer(hostile, titles=titles, themes=["military"])
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # JupyterLab still gets the live widget
    page = bundle["text/html"]
    assert f"<b>{len(explorer.table_data())}</b> of {len(hostile):,} claims" in page
    assert page.count('"label":"') == 1 + hostile["source_id"].nunique()  # a menu entry per source, and "All"
    labels = [b.label for b in explorer.static_figure().layout.updatemenus[0].buttons]
    assert labels == ["All sources"] + [plotly_text(titles[s], MENU_LABEL) for s in sorted(titles)]
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
