"""Charts: spans look like spans, colours stay put, empty selections say so, output survives export."""

from __future__ import annotations

import json
import re
import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import helpers
from helpers import schema
from helpers.config import ReferenceEvent
from helpers.present import charts

LONG_TEXT = "Russia and Iran signed a treaty. " * 12  # ~400 characters: the hover quote must be cut

# What a row holds unless a test says otherwise; schema.coerce turns the text into the memory dialect.
CLAIM_DEFAULTS = dict(
    claim_id="c0", source_id="s", text="", theme="", area="", stance="context", actors="", date_start="",
    date_end="", date_precision="", date_text="", is_date_inferred=False, is_truncated=False, char_start=0, char_end=1,
    modality="asserted", attribution="", is_filler=False, is_rejected=False, is_curated=False, note="",
    section="", group_id="", n_sources=1, n_independent=1, overtaken_by="", credibility=3,
    credibility_rationale="",
)  # fmt: skip
EVENT_DEFAULTS = dict(
    event_id="e0", date_start="", date_end="", date_precision="", label="", theme="", source_ids="",
    claim_ids="", n_sources=1, n_independent=1,
)  # fmt: skip


def _text_row(defaults: dict, row: dict) -> dict:
    return {**defaults, **{k: "" if v is None else v for k, v in row.items()}}


def make_claims(rows: list[dict]) -> pd.DataFrame:
    """A frame as load_claims() gives it: the schema's own coercion, not a dtype table of the test's."""
    return schema.coerce("claims", pd.DataFrame([_text_row(CLAIM_DEFAULTS, row) for row in rows]))


def make_events(rows: list[dict]) -> pd.DataFrame:
    """A frame as load_events() gives it."""
    return schema.coerce("events", pd.DataFrame([_text_row(EVENT_DEFAULTS, row) for row in rows]))


@pytest.fixture
def claims() -> pd.DataFrame:
    return make_claims(
        [
            dict(
                claim_id="c1586",
                source_id="src-a",
                text="In 1586 Iran sent envoys to Moscow.",
                theme="history",
                area="historical_conflict",
                stance="cooperation",
                actors="Iran;Russia",
                date_start="1586-01-01",
                date_end="1586-12-31",
                date_precision="year",
                date_text="1586",
            ),
            dict(
                claim_id="cwars",
                source_id="src-b",
                text="In the 18th and 19th centuries they fought wars.",
                theme="history",
                area="historical_conflict",
                stance="divergence",
                actors="Iran;Russia",
                date_start="1700-01-01",
                date_end="1899-12-31",
                date_precision="century",
                date_text="18th and 19th",
            ),
            dict(
                claim_id="cday",
                source_id="src-a",
                text=LONG_TEXT,
                theme="military",
                area="defence_pact",
                stance="cooperation",
                actors="Iran;Russia;Vladimir Putin",
                date_start="2024-12-04",
                date_end="2024-12-04",
                date_precision="day",
                date_text="4 December 2024",
            ),
            dict(
                claim_id="ctrade",
                source_id="src-b",
                text="Trade grew.",
                theme="economy",
                area="trade_tariffs",
                stance="cooperation",
                actors="Iran;Russia",
            ),
            dict(
                claim_id="cisrael",
                source_id="src-c",
                text="They differ on Israel.",
                theme="regional",
                area="israel",
                stance="divergence",
                actors="Israel;Russia",
            ),
            dict(
                claim_id="cnone",
                source_id="src-c",
                text="An undated remark with no theme.",
                theme="",
                area="",
                stance="context",
                actors="",
            ),
        ]
    )


@pytest.fixture
def events() -> pd.DataFrame:
    return make_events(
        [
            dict(
                event_id="e1586",
                date_start="1586-01-01",
                date_end="1586-12-31",
                date_precision="year",
                label="Iranian envoys in Moscow",
                theme="history",
                source_ids="src-a",
                claim_ids="c1586",
                n_sources=1,
            ),
            dict(
                event_id="ewars",
                date_start="1700-01-01",
                date_end="1899-12-31",
                date_precision="century",
                label="Russo-Persian wars",
                theme="history",
                source_ids="src-b",
                claim_ids="cwars",
                n_sources=1,
            ),
            dict(
                event_id="eday",
                date_start="2024-12-04",
                date_end="2024-12-04",
                date_precision="day",
                label="Treaty talks",
                theme="military",
                source_ids="src-a;src-b",
                claim_ids="cday;cwars",
                n_sources=2,
            ),
            dict(
                event_id="enone",
                date_start=None,
                date_end=None,
                date_precision="",
                label="Undated",
                theme="",
                source_ids="src-c",
                claim_ids="cnone",
                n_sources=1,
            ),
        ]
    )


CLAIM_CHARTS = [charts.cooperation_areas, charts.source_coverage, charts.actor_network]


def _is_empty_notice(fig: go.Figure) -> bool:
    return len(fig.data) == 0 and any("No claims match" in (a.text or "") for a in fig.layout.annotations)


def _trace_with(fig: go.Figure, event_id: str):
    return [t for t in fig.data if t.customdata is not None and event_id in [row[0] for row in t.customdata]]


# ---- every chart ---------------------------------------------------------------------------


@pytest.mark.parametrize("chart", CLAIM_CHARTS, ids=lambda f: f.__name__)
def test_claim_chart_draws_data(chart, claims):
    fig = chart(claims)
    assert isinstance(fig, go.Figure)
    assert len(fig.data) > 0 and fig.layout.title.text


@pytest.mark.parametrize("chart", CLAIM_CHARTS, ids=lambda f: f.__name__)
def test_claim_chart_on_no_claims_says_so(chart, claims):
    assert _is_empty_notice(chart(claims.iloc[:0]))
    assert _is_empty_notice(chart(pd.DataFrame()))  # not even columns: still no exception


def test_actor_network_without_named_actors_says_so(claims):
    assert _is_empty_notice(charts.actor_network(claims[claims["actors"] == ""]))


@pytest.mark.parametrize("which", ["no events", "only undated events"])
def test_timeline_without_dated_events_is_no_chart(which, events, claims):
    """Nothing dated: no chart at all (the page and the deck leave it out), not an empty box."""
    subset = events.iloc[:0] if which == "no events" else events[events["date_start"].isna()]
    assert charts.timeline(subset, claims) is None
    assert charts.timeline(pd.DataFrame()) is None
    assert charts.timeline(subset, claims, reference=[]) is None
    assert charts.timeline(subset, claims, reference=[_reference()]) is not None  # a reference event is enough


def test_empty_figure_hides_axes():
    fig = charts.empty_figure("Nothing here")
    assert fig.layout.annotations[0].text == "Nothing here"
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


@pytest.mark.parametrize("chart", [*CLAIM_CHARTS, charts.timeline], ids=lambda f: f.__name__)
def test_same_input_gives_same_figure(chart, claims, events):
    frame = events if chart is charts.timeline else claims
    assert chart(frame).to_json() == chart(frame).to_json()


# ---- timeline -------------------------------------------------------------------------------


def _reference(**changes) -> ReferenceEvent:
    fields = dict(
        id="pact-signed", date="2024-12-10", precision="day", label="Pact signed in Minsk", kind="treaty",
        theme="military", citations=[dict(publisher="Wire", title="Pact <b>signed</b>", date="2024-12-10")],
    )  # fmt: skip
    return ReferenceEvent.model_validate(fields | changes)


def _point_at(fig: go.Figure, event_id: str) -> list[str]:
    return [x for t in _trace_with(fig, event_id) if t.type == "scatter" for x, row in zip(t.x, t.customdata)
            if row[0] == event_id]  # fmt: skip


def test_timeline_draws_century_as_a_bar_over_the_century(events, claims):
    (bar,) = _trace_with(charts.timeline(events, claims), "ewars")[:1]
    assert bar.type == "bar" and bar.orientation == "h"
    i = [row[0] for row in bar.customdata].index("ewars")
    start = pd.Timestamp(bar.base[i])
    end = start + pd.Timedelta(milliseconds=float(bar.x[i]))
    assert start <= pd.Timestamp("1700-01-01") and end >= pd.Timestamp("1899-12-31")


def test_timeline_draws_what_its_panel_cannot_show_as_a_span_as_a_point(events, claims):
    """A year is a bar in the enlarged panel but a point in the compressed one; a day is always a point."""
    fig = charts.timeline(events, claims)
    assert _point_at(fig, "e1586") == ["1586-07-02"]  # the middle of the year, in the compressed panel
    assert _point_at(fig, "eday") == ["2024-12-04"]
    events.loc[0, ["date_start", "date_end"]] = [pd.Timestamp("2016-01-01"), pd.Timestamp("2016-12-31")]
    (bar,) = _trace_with(charts.timeline(events, claims), "e1586")
    assert bar.type == "bar" and list(bar.base) == ["2016-01-01"]


def test_timeline_compresses_the_years_before_the_zoom_into_a_narrow_panel(events):
    fig = charts.timeline(events)
    assert fig.layout.xaxis.range[0] == "1500-01-01" and fig.layout.xaxis2.range[0] == "1991-01-01"
    narrow, wide = fig.layout.xaxis.domain, fig.layout.xaxis2.domain
    assert narrow[1] <= wide[0] and (narrow[1] - narrow[0]) < (wide[1] - wide[0]) / 2
    assert [t.xaxis for t in _trace_with(fig, "e1586")] == ["x"] and [t.xaxis for t in _trace_with(fig, "eday")] == [
        "x2"
    ]
    titles = [a.text for a in fig.layout.annotations]
    assert "1500–1990, compressed" in titles and "Since 1991, enlarged" in titles


def test_timeline_without_early_events_has_one_panel(events):
    fig = charts.timeline(events[events["event_id"] == "eday"])
    assert fig.layout.xaxis.range[0] == "1991-01-01" and "xaxis2" not in fig.layout.to_plotly_json()


def test_timeline_panel_titles_sit_above_the_plot_and_ticks_below(events):
    """The panel names ("Since 1991, enlarged") never meet the axis's year labels."""
    fig = charts.timeline(events)
    for axis in (fig.layout.xaxis, fig.layout.xaxis2):
        assert axis.side in (None, "bottom")
    assert all(a.y >= 1 and a.yanchor == "bottom" for a in fig.layout.annotations)


def test_timeline_uses_fixed_theme_colours_and_one_legend_entry_per_theme(events):
    fig = charts.timeline(events)
    for trace in fig.data:
        assert trace.marker.color == charts.theme_colour(trace.legendgroup)
        assert trace.marker.color == charts._taxonomy().themes[trace.legendgroup].colour
    shown = [t.legendgroup for t in fig.data if t.showlegend]
    assert sorted(shown) == ["history", "military"]


def test_reference_events_are_their_own_layer(events, claims):
    """Their own band of rows, symbol, colour and legend entry; no theme or stance colour is reused."""
    fig = charts.timeline(events, claims, reference=[_reference(), _reference(id="y", date="2016", precision="year")])
    ref = [t for t in fig.data if t.legendgroup == "reference"]
    assert {t.type for t in ref} == {"scatter", "bar"}  # a day is a diamond, a year a bar
    assert [t.showlegend for t in ref].count(True) == 1 and ref[0].name == charts.REFERENCE_NAME
    (diamond,) = [t for t in ref if t.type == "scatter"]
    assert diamond.marker.symbol == "diamond" and list(diamond.x) == ["2024-12-10"]
    layer_colours = {t.marker.color for t in ref}
    others = {charts.theme_colour(t) for t in charts._taxonomy().themes} | set(charts.STANCE_COLOURS.values())
    assert layer_colours == {charts.REFERENCE_COLOUR} and not layer_colours & others
    # the band: a heading row, then its events, above the sources' events
    ticks = list(fig.layout.yaxis.ticktext)
    assert "Reference timeline" in ticks[0] and "Reported in the sources" in ticks[3]
    assert max(y for t in ref for y in t.y) < min(y for t in fig.data if t.legendgroup != "reference" for y in t.y)
    assert "Wire, “Pact &lt;b&gt;signed&lt;/b&gt;”, 2024-12-10" in diamond.hovertext[0]


def test_timeline_labels_are_short_and_one_per_row(events):
    """Each row has its own label of at most two lines, so labels cannot overlap; a long one is cut."""
    events.loc[1, "label"] = "A very long label " * 8
    fig = charts.timeline(events, reference=[_reference()])
    ticks, rows = list(fig.layout.yaxis.ticktext), list(fig.layout.yaxis.tickvals)
    assert len(rows) == len(set(rows)) == len(ticks)
    assert all(t.count("<br>") <= 1 for t in ticks)
    assert all(len(line) <= charts.LABEL_WIDTH for t in ticks if "<b>" not in t for line in t.split("<br>"))
    assert fig.layout.height >= charts.ROW_PX * len(rows)


def test_compact_timeline_puts_each_label_on_one_line_in_a_shorter_chart(events):
    """For a slide: a wide, short box, where two-line labels would run into each other."""
    events.loc[1, "label"] = "Russo-Persian wars over the Caucasus and the Caspian coast"
    full, compact = (
        charts.timeline(events, reference=[_reference()]),
        charts.timeline(events, reference=[_reference()], compact=True),
    )
    assert any("<br>" in t for t in full.layout.yaxis.ticktext)
    assert not any("<br>" in t for t in compact.layout.yaxis.ticktext)
    assert compact.layout.height < full.layout.height


def test_timeline_hover_carries_quote_and_sources(events, claims):
    sources = pd.DataFrame({"source_id": ["src-a"], "title": ["A Good Article"]})
    (trace, *_) = _trace_with(charts.timeline(events, claims, sources), "eday")
    i = [row[0] for row in trace.customdata].index("eday")
    quote = trace.customdata[i][1]
    assert quote.startswith("Russia and Iran signed a treaty.") and len(quote) <= 200 and quote.endswith("…")
    assert "A Good Article" in trace.hovertext[i] and "src-b" in trace.hovertext[i]
    assert "2024-12-04 (day)" in trace.hovertext[i] and "Russia and Iran signed" in trace.hovertext[i]


def test_timeline_labels_keep_quotes_readable(events):
    events.loc[0, "label"] = 'A "quoted" <b>bold</b> & plain'
    ticks = charts.timeline(events).layout.yaxis.ticktext
    (tick,) = [t for t in ticks if "quoted" in t]
    assert tick.startswith('1586 A "quoted" &lt;b&gt;bold') and "&quot;" not in tick


HOSTILE_TITLE = '=<span style="fill:url(https://attacker.test/f)">Russia</span> </script> &lt;b&gt; \u202eevil'


def test_timeline_shows_hostile_titles_labels_and_quotes_as_text(events, claims):
    """Every string the timeline hands plotly (hover, ticks, legend) is escaped: plotly would draw markup."""
    events.loc[2, "label"] = HOSTILE_TITLE
    claims.loc[claims["claim_id"] == "cday", "text"] = HOSTILE_TITLE
    sources = pd.DataFrame({"source_id": ["src-a", "src-b"], "title": [HOSTILE_TITLE, "B"]})
    fig = charts.timeline(events, claims, sources)
    (trace, *_) = _trace_with(fig, "eday")
    hover = trace.hovertext[[row[0] for row in trace.customdata].index("eday")]
    strings = [hover, *fig.layout.yaxis.ticktext, *(t.name for t in fig.data)]
    for text in strings:
        assert "<span" not in text and "</script" not in text and "\u202e" not in text, text
    assert "=&lt;span" in hover and "&amp;lt;b&amp;gt;" in hover and "[U+202E]evil" in hover
    assert any(t.startswith("2024-12-04 =&lt;span") for t in fig.layout.yaxis.ticktext)
    (reference,) = [
        t
        for t in charts.timeline(events, reference=[_reference(label=HOSTILE_TITLE[:60])]).data
        if t.legendgroup == "reference"
    ]
    assert "<span" not in reference.hovertext[0] and "=&lt;span" in reference.hovertext[0]


def test_claim_charts_escape_what_they_label(claims):
    claims["actors"] = claims["actors"].map(lambda names: [*names, "<b onmouseover=x>Actor</b>"] if names else names)
    for fig in (charts.actor_network(claims), charts.cooperation_areas(claims), charts.source_coverage(claims)):
        labels = [
            *(t.name or "" for t in fig.data),
            *(str(v) for t in fig.data for v in (t.text if isinstance(t.text, tuple) else ())),
            *(str(v) for t in fig.data for v in (t.hovertext if isinstance(t.hovertext, tuple) else ())),
            *(fig.layout.xaxis.ticktext or ()),
            *(fig.layout.yaxis.ticktext or ()),
        ]
        assert not [label for label in labels if "<b on" in label], fig.layout.title.text
    network = charts.actor_network(claims)
    assert "&lt;b onmouseover=x&gt;Actor&lt;/b&gt;" in [v for t in network.data if t.text for v in t.text]


# ---- colours -------------------------------------------------------------------------------


def theme_colours() -> dict[str, str]:
    return {name: charts.theme_colour(name) for name in [*charts._taxonomy().themes, ""]}


def test_theme_and_stance_colours_cover_every_value():
    colours = theme_colours()
    assert all(t.colour for t in charts._taxonomy().themes.values()), "every theme in taxonomy.yml sets its colour"
    assert set(charts.STANCE_COLOURS) == {"cooperation", "divergence", "context"}
    assert len(set(colours.values())) == len(colours)


def test_a_theme_without_a_colour_gets_a_stable_one_from_the_palette():
    assert charts.theme_colour("a-theme-nobody-wrote") == charts.theme_colour("a-theme-nobody-wrote")
    assert charts.theme_colour("a-theme-nobody-wrote") in charts.THEME_PALETTE


# Paul Tol (muted, bright) and Okabe–Ito: the colour-blind-safe sets the briefing draws from.
SAFE = {
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#DDDDDD",
    "#4477AA",
    "#66CCEE",
    "#228833",
    "#CCBB44",
    "#EE6677",
    "#AA3377",
    "#BBBBBB",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
    "#999999",
}


@pytest.mark.parametrize("palette", ["theme colours", "THEME_PALETTE", "STANCE_COLOURS", "SOURCE_PALETTE"])
def test_palettes_are_colour_blind_safe(palette):
    colours = theme_colours() if palette == "theme colours" else getattr(charts, palette)
    assert set(colours.values() if isinstance(colours, dict) else colours) <= SAFE
    assert charts.theme_colour("") == charts.STANCE_COLOURS["context"] == "#BBBBBB"  # grey means none


def test_actor_kinds_differ_by_shape_in_one_neutral_ink():
    """Kinds take no hue (every hue already means a stance, a theme or a source): a grey ink, one shape each."""
    assert set(charts.KIND_COLOURS.values()) == {charts.KIND_INK}
    red, green, blue = (charts.KIND_INK[i : i + 2] for i in (1, 3, 5))
    assert red == green == blue
    assert len(set(charts.KIND_SYMBOLS.values())) == len(charts.KIND_SYMBOLS) == len(charts.KIND_COLOURS)


def test_charts_name_sources_by_their_short_names(claims, monkeypatch):
    names = {"src-a": "Alpha Daily", "src-b": "Beta Weekly"}
    monkeypatch.setattr(charts, "known_source_names", lambda data=None: names)
    coverage = charts.source_coverage(claims[claims["source_id"].isin(list(names))])
    assert {t.name for t in coverage.data} == set(names.values())
    areas = charts.cooperation_areas(claims)
    ticks = dict(zip(areas.layout.xaxis.tickvals, areas.layout.xaxis.ticktext))
    assert "Alpha Daily" in re.sub(r"<[^>]+>", " ", ticks["src-a"]).replace("  ", " ")
    assert "src-a" not in re.sub(r"<[^>]+>", "", ticks["src-a"])


def test_source_keeps_its_colour_across_charts_and_subsets(claims):
    coverage = charts.source_coverage(claims[claims["source_id"].isin(["src-a", "src-b"])])
    again = charts.source_coverage(claims[claims["source_id"].isin(["src-b", "src-c"])])
    bar_colour = {t.name: t.marker.color for t in coverage.data}["src-b"]
    assert {t.name: t.marker.color for t in again.data}["src-b"] == bar_colour
    assert charts.source_colours(["zzz", "src-b"])["src-b"] == bar_colour


def test_area_chart_names_sources_in_plain_ink(claims):
    """Beside theme squares and stance bars, the source axis carries no fourth set of colours."""
    areas = charts.cooperation_areas(claims)
    assert not [t for t in areas.layout.xaxis.ticktext if "color:" in t]


def test_known_sources_take_palette_colours_in_id_order():
    known = list(charts._known_source_ids())
    if not known:
        pytest.skip("no data/processed/sources.csv")
    colours = charts.source_colours(reversed(known))
    assert [colours[s] for s in known] == [
        charts.SOURCE_PALETTE[i % len(charts.SOURCE_PALETTE)] for i in range(len(known))
    ]


def test_unknown_source_colour_is_deterministic_and_from_palette():
    first = charts.source_colours(["never-seen"])["never-seen"]
    assert first in charts.SOURCE_PALETTE
    assert charts.source_colours(["other", "never-seen"])["never-seen"] == first


# ---- areas, coverage, stances ----------------------------------------------------------------


def test_cooperation_areas_counts_and_lean(claims):
    fig = charts.cooperation_areas(claims)
    heat, divergence, cooperation = fig.data
    assert "(no area)" not in heat.y and len(heat.y) == 4  # the claim with no area is left out
    counts = dict(zip(heat.y, np.nansum(np.array(heat.z, dtype=float), axis=1)))
    assert counts["Historical wars and territory"] == 2
    lean = {y: (d, c) for y, d, c in zip(divergence.y, divergence.x, cooperation.x)}
    assert lean["Historical wars and territory"] == (-1, 1) and lean["Israel"] == (-1, 0)
    assert divergence.marker.color == charts.STANCE_COLOURS["divergence"]
    assert "1 with none left out" in fig.layout.title.text


def test_source_coverage_themes_in_reading_order(claims):
    fig = charts.source_coverage(claims)
    assert list(fig.data[0].x) == ["History", "Economy", "Military", "Regional", "(no theme)"]
    totals = np.sum([np.asarray(t.y) for t in fig.data], axis=0)
    assert totals.tolist() == [2, 1, 1, 1, 1]


# ---- actors --------------------------------------------------------------------------------


def _nodes(fig: go.Figure) -> dict[str, float]:
    return {text: size for t in fig.data if t.mode == "markers+text" for text, size in zip(t.text, t.marker.size)}


def _edge_widths(fig: go.Figure) -> dict[frozenset, float]:
    widths = {}
    for t in fig.data:
        if t.mode == "lines":
            xs, ys = list(t.x), list(t.y)
            for i in range(0, len(xs), 3):
                widths[frozenset({(xs[i], ys[i]), (xs[i + 1], ys[i + 1])})] = t.line.width
    return widths


def test_actor_network_one_node_per_actor_sized_by_mentions(claims):
    fig = charts.actor_network(claims)
    nodes = _nodes(fig)
    assert sorted(nodes) == ["Iran", "Israel", "Russia", "Vladimir Putin"]
    assert nodes["Russia"] > nodes["Iran"] > nodes["Israel"]


def test_actor_network_edge_width_follows_count(claims):
    fig = charts.actor_network(claims)
    where = {text: (x, y) for t in fig.data if t.mode == "markers+text" for text, x, y in zip(t.text, t.x, t.y)}
    widths = _edge_widths(fig)
    iran_russia = widths[frozenset({where["Iran"], where["Russia"]})]  # 4 claims
    israel_russia = widths[frozenset({where["Israel"], where["Russia"]})]  # 1 claim
    assert iran_russia > israel_russia
    assert len(widths) == 4  # Iran-Russia, Iran-Putin, Russia-Putin, Israel-Russia


@pytest.mark.parametrize("actors", ["Russia", "Russia;Russia"], ids=["one actor", "repeated actor"])
def test_actor_network_with_a_single_actor_has_no_edges(actors):
    fig = charts.actor_network(make_claims([dict(claim_id="c1", source_id="s", actors=actors)]))
    assert list(_nodes(fig)) == ["Russia"] and not _edge_widths(fig)


def test_actor_network_caps_actors():
    rows = [dict(claim_id=f"c{i}", source_id="s", actors=f"Russia;Actor {i:02d}") for i in range(60)]
    assert len(_nodes(charts.actor_network(make_claims(rows), max_actors=10))) == 10


# ---- template and renderer -----------------------------------------------------------------


def test_briefing_template_is_default_and_readable():
    assert pio.templates.default == "briefing"
    layout = pio.templates["briefing"].layout
    assert layout.font.size >= 13 and layout.legend.font.size >= 13 and layout.hoverlabel.font.size >= 13
    assert layout.font.family.endswith("sans-serif")


def test_briefing_renderer_bundle_has_json_and_offline_html():
    bundle = pio.renderers["briefing"].to_mimebundle(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])).to_dict())
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["y"] == [3, 4]
    fragment = bundle["text/html"]
    assert "Plotly.newPlot" in fragment
    assert "<script src" not in fragment.lower() and not re.search(r"https?://", fragment)
    assert "MathJax" not in fragment and len(fragment) < 100_000  # plotly.js alone is ~4.8 MB


def test_renderer_div_ids_come_from_the_figure():
    """The same figure gives the same id in every run (a repeat within one kernel is numbered)."""
    renderer = pio.renderers["briefing"]

    def div_id(fig):
        return re.search(r'<div id="([\w-]+)"', renderer.to_mimebundle(fig.to_dict())["text/html"]).group(1)

    fig = go.Figure(go.Bar(x=["test_renderer_div_ids_come_from_the_figure"], y=[1]))
    first, again = div_id(fig), div_id(fig)
    assert re.fullmatch(r"briefing-[0-9a-f]{12}", first) and again == f"{first}-1"
    assert div_id(go.Figure(go.Bar(x=["another figure"], y=[2]))).split("-")[1] != first.split("-")[1]


def test_renderer_default_respects_plotly_renderer(monkeypatch):
    monkeypatch.setattr(pio.renderers, "default", "json")
    charts._install_renderer({"PLOTLY_RENDERER": "json"})
    assert pio.renderers.default == "json"
    charts._install_renderer({})
    assert pio.renderers.default == "briefing"


def test_figure_repr_uses_briefing_bundle(claims, monkeypatch):
    monkeypatch.setattr(pio.renderers, "default", "briefing")
    fig = charts.source_coverage(claims)
    bundle = fig._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html"}
    assert json.loads(json.dumps(bundle["application/vnd.plotly.v1+json"]))["layout"]["height"] == fig.layout.height


# ---- scale and real data -------------------------------------------------------------------


def test_charts_stay_fast_on_ten_thousand_claims(claims):
    big = pd.concat([claims] * 1700, ignore_index=True)  # ~10k claims
    big["claim_id"] = [f"c{i}" for i in range(len(big))]
    for chart in CLAIM_CHARTS:
        started = time.perf_counter()
        chart(big)
        assert time.perf_counter() - started < 1.0, chart.__name__


def test_charts_build_on_the_real_data():
    claims, events, sources = helpers.load_claims(), helpers.load_events(), helpers.load_sources()
    for fig in [chart(claims) for chart in CLAIM_CHARTS] + [charts.timeline(events, claims, sources)]:
        assert len(fig.data) > 0, fig.layout.title.text
        assert "<script src" not in pio.renderers["briefing"].to_mimebundle(fig.to_dict())["text/html"]
