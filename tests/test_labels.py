"""What readers see instead of ids: source names, tag labels, plain headers, sortable dates, one colour one meaning."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from helpers.config import load_taxonomy
from helpers.present import charts, labels, tables

TAXONOMY = load_taxonomy()


def sources(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source_id", "title", "publisher"])


# ---- source names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, publisher, expected",
    [
        pytest.param("A Short Title", "", "A Short Title", id="short title kept whole"),
        pytest.param(
            "Russia-Iran: Unraveling A Complex Geopolitical Partnership", "", "Russia-Iran: Unraveling…", id="long cut"
        ),
        pytest.param("", "The Publisher", "The Publisher", id="no title: the publisher"),
        pytest.param("", "", "the-id", id="nothing: the id"),
    ],
)
def test_short_name_rule(title, publisher, expected):
    assert labels.source_names(sources(("the-id", title, publisher))) == {"the-id": expected}


def test_short_names_never_end_on_a_small_word_and_fit():
    name = labels.source_names(sources(("s", "Iran Vs. Russia: Decoding A Shifting Alliance In The Middle East", "")))[
        "s"
    ]
    assert len(name) <= labels.SHORT_NAME + 1 and name.endswith("…")
    assert name.split()[-1].rstrip("…").lower() not in labels._SMALL_WORDS


def test_sources_whose_short_names_clash_take_more_words():
    names = labels.source_names(
        sources(
            ("a", "The Strategic Partnership Between Both States: Energy", ""),
            ("b", "The Strategic Partnership Between Both States: Arms", ""),
        )
    )
    assert names["a"] != names["b"] and "Energy" in names["a"] and "Arms" in names["b"]


def test_source_ids_in_free_text_become_names():
    names = {"src-a": "Alpha Daily", "src-ab": "Alpha Beta"}
    text = "copies passages of src-ab; without src-a; not src-abc"
    assert labels.name_sources(text, names) == "copies passages of Alpha Beta; without Alpha Daily; not src-abc"


# ---- headers and tags --------------------------------------------------------------------


@pytest.mark.parametrize(
    "column, expected",
    [
        ("n_claims", "Claims"),
        ("is_top_changed", "Leader changes"),
        ("claim_ids", "Claim ids"),
        ("inconsistency_H1", "Weighted inconsistency H1"),
        ("some_new_column", "Some new column"),
        ("is_new_flag", "New flag"),
    ],
)
def test_every_column_gets_a_plain_header(column, expected):
    assert labels.header(column) == expected


def test_no_two_columns_share_a_header():
    assert len(set(labels.HEADERS.values())) == len(labels.HEADERS)


def test_plain_headers_leave_written_headers_alone():
    frame = pd.DataFrame(columns=["Hypothesis", "n_sources", "H1"])
    assert list(labels.plain_headers(frame).columns) == ["Hypothesis", "Sources", "H1"]


def test_tags_read_as_their_taxonomy_labels():
    area = next(iter(TAXONOMY.areas))
    assert labels.tag_label("area", area, TAXONOMY) == TAXONOMY.areas[area].label != area
    assert labels.tag_label("theme", "economy", TAXONOMY) == "Economy"
    assert labels.tag_label("stance", "divergence", TAXONOMY) == "Divergence"
    assert labels.tag_label("area", "", TAXONOMY) == labels.NONE_LABEL


def claims_frame() -> pd.DataFrame:
    area = next(iter(TAXONOMY.areas))
    return pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3"],
            "source_id": ["src-a", "src-b", "src-a"],
            "text": ["one", "two", "three"],
            "theme": ["economy", "military", ""],
            "area": [area, "", ""],
            "stance": ["cooperation", "divergence", "context"],
            "modality": ["forecast", "asserted", "hedged"],
            "actors": [["Russia"], [], ["Iran", "Russia"]],
            "date_start": pd.to_datetime(["2025-06-19", "1586-01-01", None]),
            "date_precision": ["day", "year", ""],
            "date_text": ["Thursday, June 19, 2025", "in 1586", ""],
            "credibility": [2, 6, 3],
            "n_sources": [1, 2, 1],
            "n_independent": [1, 1, 1],
        }
    )


def test_reading_view_shows_names_labels_and_a_sortable_date():
    view = labels.reading_view(claims_frame(), {"src-a": "Alpha Daily"}, taxonomy=TAXONOMY)
    assert list(view.columns) == [labels.HEADERS[c] for c in labels.TABLE_COLUMNS]
    assert view["Source"].tolist() == ["Alpha Daily", "src-b", "Alpha Daily"]
    assert view["Date"].tolist() == ["2025-06-19", "1586", ""]
    assert sorted(view["Date"].tolist()[:2]) == ["1586", "2025-06-19"]  # ISO text sorts as dates do
    assert view["Date as written"].tolist()[0] == "Thursday, June 19, 2025"
    assert view["Theme"].tolist() == ["Economy", "Military", labels.NONE_LABEL]
    assert view["Stance"].tolist() == ["Cooperation", "Divergence", "Context"]
    assert view["Credibility"].tolist()[0] == "2 probably true"
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", " ".join(view.astype(str).to_numpy().ravel()))  # no snake_case code


# ---- tables ------------------------------------------------------------------------------


def _args(html: str) -> dict:
    start = html.index("let dt_args = ") + len("let dt_args = ")
    return json.JSONDecoder().raw_decode(html, start)[0]


def test_tables_show_no_index_align_numbers_right_and_sort_dates():
    frame = pd.DataFrame(
        {"Date": ["2025-06-19", "", "1586"], "Quote": ["a", "b", "c"], "Claims": [3, 1, 2]},
        index=pd.Index(["x", "y", "z"], name="code"),
    )
    args = _args(tables.datatable_html(frame, **tables.CLAIMS_TABLE))
    headers = re.findall(r"<th>(.*?)</th>", args["table_html"])
    assert headers == ["code", "Date", "Quote", "Claims"]  # the named index became a column, and no other
    assert all(len(row) == 4 for row in json.loads(args["data_json"]))
    defs = {d.get("className") or d.get("type"): d["targets"] for d in args["columnDefs"]}
    assert defs["dt-right"] == [3] and defs["dt-left"] == [0, 1, 2] and defs["string"] == [1]
    date_def = next(d for d in args["columnDefs"] if d.get("type") == "string")
    assert "uffff" in date_def["render"]  # undated cells sort after every date
    assert ["columnDefs", len(args["columnDefs"]) - 1, "render"] in args["keys_to_be_evaluated"]


def test_cell_colours_paint_by_value_without_markup_in_the_cells():
    frame = pd.DataFrame({"Quote": ["<b>x</b>"], "H1": ["C"]})
    html = tables.datatable_html(frame, cell_colours={"H1": charts.ACH_COLOURS})
    painter = next(d for d in _args(html)["columnDefs"] if "createdCell" in d)
    assert painter["targets"] == [1] and charts.ACH_COLOURS["C"] in painter["createdCell"]
    assert "<b>x</b>" not in html


# ---- one meaning per colour --------------------------------------------------------------


def _colours_in(figure, names=None) -> set[str]:
    found = set()
    for trace in figure.data:
        if names is not None and trace.name not in names:
            continue
        marker = getattr(trace, "marker", None)
        colour = getattr(marker, "color", None) if marker is not None else None
        if isinstance(colour, str):
            found.add(colour.upper())
    return found


def test_sources_actor_kinds_stances_and_themes_never_share_a_colour():
    frame = claims_frame()
    frame["actors"] = [["Russia", "Iran"], ["Vladimir Putin", "Russia"], ["IRGC", "Iran"]]
    frame["area"] = [a for a in list(TAXONOMY.areas)[:3]]
    sources_drawn = _colours_in(charts.source_coverage(frame))
    kinds_drawn = _colours_in(charts.actor_network(frame))
    stances_drawn = _colours_in(charts.cooperation_areas(frame), {"Divergence", "Cooperation"})
    assert sources_drawn and kinds_drawn and stances_drawn
    palettes = {
        "sources": {c.upper() for c in charts.SOURCE_PALETTE} | sources_drawn,
        "actor kinds": {c.upper() for c in charts.KIND_COLOURS.values()} | kinds_drawn,
        "stances": {c.upper() for c in charts.STANCE_COLOURS.values()} | stances_drawn,
        "themes": {c.upper() for c in charts.THEME_PALETTE}
        | {(t.colour or "").upper() for t in TAXONOMY.themes.values()},
        "reference layer": {charts.REFERENCE_COLOUR.upper()},
        "ACH cells": {c.upper() for c in charts.ACH_COLOURS.values()},
    }
    names = list(palettes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not palettes[a] & palettes[b], f"{a} and {b} share {palettes[a] & palettes[b]}"
