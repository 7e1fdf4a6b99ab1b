"""ClaimExplorer in-process: controls drive one filter, and table, count and figure follow."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers.present.escape import csv_raw, html_text, shorten
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
    dated = shown[shown["date_start"].notna()]
    assert len(dated) and (dated["date_end"] >= pd.Timestamp("2020-01-01")).all()
    assert (dated["date_start"] <= pd.Timestamp("2025-12-31")).all()
    assert shown["date_start"].isna().sum() == claims["date_start"].isna().sum(), "undated claims kept by default"
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


def _page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" class="ce-data">(.*?)</script>', page, re.S)
    assert found, "the exported explorer carries its rows as JSON"
    return json.loads(found.group(1))


def test_exported_menu_shows_a_hostile_title_as_text(claims, titles):
    source = sorted(titles)[0]
    hostile = {**titles, source: FILL_URL + " and a very long tail " * 5}
    page = ClaimExplorer(claims, titles=hostile).static_html()
    option = re.search(rf'<option value="{re.escape(source)}">(.*?)</option>', page).group(1)
    assert option == html_text(shorten(hostile[source], MENU_LABEL))
    assert "<span" not in page and 'style="fill' not in page, "the title's markup never reaches the page as markup"
    rows = _page_data(page)["rows"]
    assert any(FILL_URL in cell for row in rows for cell in row if isinstance(cell, str)), "JSON keeps the text"


def test_exported_form_ids_come_from_content(claims, titles):
    def ids(page):
        return [i.split("-")[1] for i in re.findall(r'id="(explorer-[0-9a-f]{12}(?:-\d+)?)"', page)]

    first = ids(ClaimExplorer(claims, titles=titles, sources=[sorted(titles)[2]]).static_html())
    again = ids(ClaimExplorer(claims, titles=titles, sources=[sorted(titles)[2]]).static_html())
    other = ids(ClaimExplorer(claims, titles=titles, sources=[sorted(titles)[3]]).static_html())
    assert len(first) == 1 and again == first, "same claims, same ids"
    assert not set(first) & set(other)


def test_exported_form_works_without_a_kernel(claims, titles):
    hostile = claims.copy()
    hostile.loc[hostile.index[0], "text"] = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    hostile.loc[hostile.index[0], "theme"] = "military"
    explorer = ClaimExplorer(hostile, titles=titles, themes=["military"])
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # JupyterLab still gets the live widget
    page = bundle["text/html"]
    shown = explorer.table_data()
    assert f"<b>{len(shown)}</b> of {len(hostile):,} claims" in page
    sources = sorted(shown["source_id"].unique())
    assert re.findall(r'<select class="ce-source".*?</select>', page, re.S)[0].count("<option") == 1 + len(sources)
    data = _page_data(page)
    assert len(data["rows"]) == len(data["keys"]) == len(shown) and data["total"] == len(hostile)
    assert [k[0] for k in data["keys"]] == shown["source_id"].tolist()
    assert data["rows"][0][data["columns"].index("Quote")] == hostile.loc[hostile.index[0], "text"]
    assert "<script>alert" not in page and "<img src=x" not in page and page.count("</script>") == 3
    assert "Download CSV" in page and "Export CSV" not in page and "Ctrl" not in page
    assert not re.search(r"""src=["']?https?:""", page), "the exported explorer must load nothing from the network"


def test_kernel_and_page_describe_their_own_controls(claims):
    explorer = ClaimExplorer(claims)
    assert "Export CSV" in explorer.help.value and "Download CSV" not in explorer.help.value
    assert explorer.export_button.description == "Export CSV"
    assert "Download CSV" in explorer.static_html() and 'class="ce-download"' in explorer.static_html()


def test_credibility_grade_filter(claims):
    explorer = ClaimExplorer(claims)
    grades = [value for _, value in explorer.controls["credibility"].options]
    assert grades == sorted(set(int(g) for g in claims["credibility"]))
    explorer.controls["credibility"].value = (grades[0],)
    shown = explorer.table_data()
    assert 0 < len(shown) < len(claims) and set(shown["credibility"]) == {grades[0]}


def test_exported_form_can_fold_the_table_where_the_page_has_one(claims):
    open_ = ClaimExplorer(claims, themes=["military"]).static_html()
    folded = ClaimExplorer(claims, themes=["military"], static_table=False).static_html()
    assert '<details class="ce-table-box" open>' in open_
    assert '<details class="ce-table-box">' in folded and "<table" in folded


@pytest.fixture
def dated():
    """Four claims: two dated, two undated (the year range must not drop these unasked)."""
    frame = helpers.load_claims().head(4).copy()
    frame["date_start"] = pd.to_datetime(["1990-05-01", "2020-01-01", None, None])
    frame["date_end"] = pd.to_datetime(["1990-05-31", "2020-12-31", None, None])
    return frame


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        pytest.param({"start": "2000-01-01"}, [1], id="start drops undated by default"),
        pytest.param({"start": "2000-01-01", "keep_undated": True}, [1, 2, 3], id="start keeps undated"),
        pytest.param({"end": "1999-12-31", "keep_undated": True}, [0, 2, 3], id="end keeps undated"),
        pytest.param({"keep_undated": False}, [0, 1, 2, 3], id="no bound, nothing dropped"),
    ],
)
def test_filter_keeps_undated_when_asked(dated, kwargs, expected):
    assert helpers.filter_claims(dated, **kwargs)["claim_id"].tolist() == dated["claim_id"].iloc[expected].tolist()


def test_year_range_keeps_undated_by_default_and_says_how_many_it_hides(dated):
    explorer = ClaimExplorer(dated)
    assert explorer.controls["undated"].value is True
    years = explorer.controls["dates"].options
    explorer.controls["dates"].value = (2000, years[-1])
    assert len(explorer.table_data()) == 3 and "hidden" not in explorer.count.value
    explorer.controls["undated"].value = False
    assert len(explorer.table_data()) == 1
    assert "2 undated hidden" in explorer.count.value
