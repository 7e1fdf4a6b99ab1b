"""Charts for the briefing: one look, fixed colours, and output that survives HTML export.

Every chart takes frames from helpers.load_*() and returns a plotly Figure. An empty or undated
selection gives a figure that says so, never an exception, so a filter can't break a notebook.
Importing this module registers the "briefing" template and renderer and makes both the default.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import textwrap
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer
from plotly.subplots import make_subplots

from helpers import paths
from helpers.config import load_taxonomy
from helpers.present.escape import plotly_text, shorten, visible
from helpers.present.ids import element_id
from helpers.present.labels import known_source_names

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
# Theme colours live in taxonomy.yml; a theme without one gets one of Paul Tol's "muted" colours, which stay
# distinct under every common colour blindness. Grey means "none".
THEME_PALETTE = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
NO_THEME_COLOUR = "#BBBBBB"
# One meaning per colour across the briefing. Okabe–Ito blue against vermillion is the one contrast that
# matters, so blue means cooperation and vermillion divergence, and no source, actor kind or layer takes
# either (nor an orange or a blue near them), nor a theme's colour.
STANCE_COLOURS = {"cooperation": "#0072B2", "divergence": "#D55E00", "context": "#BBBBBB"}
# Sources: the rest of Okabe–Ito and Tol's bright purple and yellow, with no blue or orange among them.
SOURCE_PALETTE = ("#009E73", "#CC79A7", "#F0E442", "#000000", "#AA3377", "#CCBB44")
# Actor kinds are told apart by shape, all in one neutral ink: no hue is spent on them.
KIND_INK = "#444444"
KIND_SYMBOLS = {
    "country": "circle",
    "person": "diamond",
    "organisation": "square",
    "group": "triangle-up",
    "other": "circle-open",
}
KIND_COLOURS = dict.fromkeys(KIND_SYMBOLS, KIND_INK)
# ACH cells (table backgrounds): Paul Tol's pale tints, so a cell never borrows a stance's or a source's
# colour. Green consistent, red inconsistent, grey not applicable, yellow unrated; cyan marks an analyst's ruling.
ACH_COLOURS = {"C": "#CCDDAA", "I": "#FFCCCC", "NA": "#DDDDDD", "?": "#EEEEBB", "ruled": "#CCEEFF"}
EMPTY_MESSAGE = "No claims match the filters"
DAY = pd.Timedelta(days=1)
_BOTTOM_LEGEND = dict(orientation="h", yref="container", y=0.01, yanchor="bottom", x=0, xanchor="left")


# ---- look: template, colours, labels -------------------------------------------------------


def _install_template() -> None:
    if "briefing" in pio.templates:
        return
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font=dict(family=FONT, size=14, color="#222222"),
        colorway=list(SOURCE_PALETTE),
        title=dict(font=dict(size=19), x=0.01, xanchor="left"),
        legend=dict(font=dict(size=13)),
        hoverlabel=dict(font=dict(family=FONT, size=13), align="left"),
        margin=dict(l=60, r=30, t=90, b=60),
    )
    pio.templates["briefing"] = template
    pio.templates.default = "briefing"


@lru_cache(maxsize=4)
def _source_ids_in(table: Path) -> tuple[str, ...]:
    try:
        with open(table, encoding="utf-8", newline="") as handle:
            return tuple(sorted({row["source_id"] for row in csv.DictReader(handle)}))
    except (OSError, KeyError):
        return ()


_DATA: ContextVar[paths.DataDir | None] = ContextVar("briefing_data", default=None)


@contextmanager
def reading(data: paths.DataDir):
    """Draw with this data folder's taxonomy and sources (its labels, colours, zoom date)."""
    token = _DATA.set(data)
    try:
        yield
    finally:
        _DATA.reset(token)


def _data() -> paths.DataDir:
    """The data folder charts draw from: the one set by `reading`, else data/ or $BRIEFING_DATA_DIR."""
    return _DATA.get() or paths.data_dir()


def _known_source_ids() -> tuple[str, ...]:
    return _source_ids_in(_data().table("sources"))


def _pick(key: str, palette: tuple[str, ...]) -> str:
    return palette[int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % len(palette)]


def source_colours(source_ids: Iterable[str]) -> dict[str, str]:
    """A colour per source that never depends on which claims a chart was given.

    Known sources (processed/sources.csv of the data folder in use) take palette colours in id order; others get a
    colour picked from a hash of the id, so they too keep it from chart to chart.
    """
    known = {sid: i for i, sid in enumerate(_known_source_ids())}
    return {
        sid: SOURCE_PALETTE[known[sid] % len(SOURCE_PALETTE)] if sid in known else _pick(sid, SOURCE_PALETTE)
        for sid in dict.fromkeys(map(str, source_ids))
    }


def theme_colour(theme: str) -> str:
    """The theme's colour from taxonomy.yml; one picked from its name when it has none."""
    if not theme:
        return NO_THEME_COLOUR
    found = _taxonomy().themes.get(theme)
    return (found.colour if found else None) or _pick(theme, THEME_PALETTE)


@lru_cache(maxsize=4)
def _taxonomy_at(path: Path):
    return load_taxonomy(path)


def _taxonomy():
    """The taxonomy of the data folder in use."""
    return _taxonomy_at(_data().taxonomy)


def _ordered(present: Iterable[str], reference: Iterable[str]) -> list[str]:
    """Taxonomy (reading) order first, unknown names after, '' (none) last."""
    present = set(present)
    known = [name for name in reference if name in present]
    return known + sorted(present - set(known) - {""}) + ([""] if "" in present else [])


def _source_name(source_id: str) -> str:
    """The source's short name (labels.source_names) from the data folder in use, else its id."""
    return known_source_names(_data()).get(source_id, source_id)


def _source_title(source_id: str) -> str:
    """The full title, for hover text."""
    return _source_titles(_data().table("sources")).get(source_id, source_id)


@lru_cache(maxsize=4)
def _source_titles(table: Path) -> dict[str, str]:
    try:
        with open(table, encoding="utf-8", newline="") as handle:
            return {row["source_id"]: row["title"] or row["source_id"] for row in csv.DictReader(handle)}
    except (OSError, KeyError):
        return {}


def _theme_label(theme: str) -> str:
    found = _taxonomy().themes.get(theme)
    return found.label if found else (theme or "(no theme)")


def _text(values: pd.Series) -> pd.Series:
    """Strings with missing values as '' (astype(str) would keep NaN in pandas 3)."""
    return values.astype("string").fillna("").astype(str)


def _wrap(text: str, width: int = 60) -> str:
    """Lines of at most `width` characters, broken before escaping so no entity is split."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(visible(text), width))


# ---- display: JSON for JupyterLab, an HTML fragment for nbconvert --------------------------


class BriefingRenderer(MimetypeRenderer):
    """Both mimetypes, so charts draw in JupyterLab and survive an nbconvert HTML export.

    The fragment names no remote URL and carries no plotly.js: the report ships it once per page.
    Div ids come from the figure (`ids.element_id`), so re-running a notebook gives the same output.
    """

    def to_mimebundle(self, fig_dict):
        spec = json.loads(pio.to_json(fig_dict, validate=False, remove_uids=False))
        height = (spec.get("layout") or {}).get("height") or 450
        fragment = pio.to_html(
            spec,
            config={"displaylogo": False},
            include_plotlyjs=False,
            include_mathjax=False,
            full_html=False,
            default_height=f"{height}px",
            validate=False,
            div_id=element_id("briefing", json.dumps(spec, sort_keys=True)),
        )
        return {"application/vnd.plotly.v1+json": spec, "text/html": fragment}


def _install_renderer(environ: Mapping[str, str] = os.environ) -> None:
    if "briefing" not in pio.renderers:
        pio.renderers["briefing"] = BriefingRenderer()
    if not environ.get("PLOTLY_RENDERER"):  # an export job's choice wins
        pio.renderers.default = "briefing"


_LOOK_READY = False


def use_briefing_look() -> None:
    """Make the briefing template and renderer plotly's defaults (once), before a figure is made.

    Called by every chart function, not at import, so importing this module changes nothing; after
    the first call, a default the user sets afterwards is left alone.
    """
    global _LOOK_READY
    if not _LOOK_READY:
        _install_template()
        _install_renderer()
        _LOOK_READY = True


def _drawn(chart: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
    """A chart function that first puts the briefing look in place."""

    @functools.wraps(chart)
    def draw(*args, **kwargs) -> go.Figure:
        use_briefing_look()
        return chart(*args, **kwargs)

    return draw


@_drawn
def empty_figure(message: str = EMPTY_MESSAGE, title: str | None = None) -> go.Figure:
    """What a chart shows when the filters leave nothing to draw: a sentence, not a blank box."""
    fig = go.Figure(layout=dict(height=320, xaxis=dict(visible=False), yaxis=dict(visible=False)))
    fig.add_annotation(
        text=plotly_text(message),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font=dict(size=16, color="#555555"),
    )
    return fig.update_layout(title=title) if title else fig


# ---- timeline -----------------------------------------------------------------------------

# The team's cited reference layer: white diamonds (white bars for a month or a year) outlined in near-black,
# on a grey band. No theme, stance or source is drawn in white, so the layer takes no colour that means
# something else, and a reader never takes a reference event for a source's claim.
REFERENCE_COLOUR = "#FFFFFF"
REFERENCE_LINE = "#222222"
REFERENCE_SYMBOL = "diamond"
REFERENCE_NAME = "Reference event (team, cited)"
BAND_FILL = "#EFEFEF"
ROW_PX = 33  # a row holds a two-line label
COMPACT_ROW_PX = 20  # a slide: one line per row, so a short, wide chart still keeps its labels apart
LABEL_WIDTH = 38  # characters per label line
MIN_SPAN_SHARE = 0.012  # a span narrower than this share of its panel is drawn as a point, or it would vanish


def _when(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """A date as precise as the source: 2024-12-04, 2025-04, 1586, 1700–1899."""
    if precision == "day" or end - start <= DAY:
        return start.strftime("%Y-%m-%d")
    if precision == "month" and (start.year, start.month) == (end.year, end.month):
        return start.strftime("%Y-%m")
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _quotes(claim_ids: pd.Series, claims: pd.DataFrame | None) -> pd.Series:
    if claims is None or claims.empty:
        return pd.Series("", index=claim_ids.index)
    texts = claims.drop_duplicates("claim_id").set_index("claim_id")["text"]
    first = claim_ids.str[0]
    return first.map(texts).fillna("").map(lambda text: shorten(text, 200))


def _event_hover(events: pd.DataFrame, quotes: pd.Series, sources: pd.DataFrame | None) -> list[str]:
    titles = {} if sources is None else dict(zip(sources["source_id"], sources["title"]))
    lines = []
    for row, quote in zip(events.itertuples(index=False), quotes):
        named = "; ".join(titles.get(sid, sid) for sid in row.source_ids)
        text = (
            f"<b>{_wrap(shorten(row.label, 160))}</b><br>{row.when} ({row.precision or 'undated precision'})"
            f" · {plotly_text(_theme_label(row.theme))}<br>Sources ({row.n_sources}): {_wrap(named)}"
        )
        lines.append(text + (f"<br><i>“{_wrap(quote)}”</i>" if quote else ""))
    return lines


def _reference_frame(reference: Iterable) -> pd.DataFrame:
    """The team's reference events (helpers.config.ReferenceEvent) as timeline rows, with cited hover."""
    rows = []
    for event in reference:
        first, last = event.span
        cited = "<br>".join(_wrap(f"{c.publisher}, “{c.title}”, {c.date:%Y-%m-%d}", 70) for c in event.citations)
        when = _when(pd.Timestamp(first), pd.Timestamp(last), event.precision)
        rows.append(
            {
                "event_id": event.id,
                "date_start": pd.Timestamp(first),
                "date_end": pd.Timestamp(last),
                "precision": event.precision,
                "label": event.label,
                "theme": event.theme or "",
                "hover": f"<b>{_wrap(event.label)}</b><br>{when} ({event.precision}) · {plotly_text(event.kind)}"
                f"<br>Reference timeline, cited:<br>{cited}",
            }
        )
    return pd.DataFrame(rows, columns=["event_id", "date_start", "date_end", "precision", "label", "theme", "hover"])


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(date_end=frame["date_end"].fillna(frame["date_start"]))
    frame = frame.sort_values(["date_start", "date_end", "event_id"]).reset_index(drop=True)
    frame["when"] = [_when(*row) for row in zip(frame["date_start"], frame["date_end"], frame["precision"])]
    frame["start_iso"] = frame["date_start"].dt.strftime("%Y-%m-%d")
    frame["length_ms"] = (frame["date_end"] + DAY - frame["date_start"]).dt.total_seconds() * 1000
    frame["mid_iso"] = (frame["date_start"] + (frame["date_end"] - frame["date_start"]) / 2).dt.strftime("%Y-%m-%d")
    return frame


def _marks(part: pd.DataFrame, panel: tuple[pd.Timestamp, pd.Timestamp], style: dict) -> list[go.BaseTraceType]:
    """Bars for spans wide enough to see in this panel, points for the rest (a day, or a year in centuries)."""
    seen = part[(part["date_end"] >= panel[0]) & (part["date_start"] < panel[1])]
    share = (seen["date_end"] + DAY - seen["date_start"]) / (panel[1] - panel[0])
    traces = []
    for is_bar, sub in ((True, seen[share >= MIN_SPAN_SHARE]), (False, seen[share < MIN_SPAN_SHARE])):
        if sub.empty:
            continue
        common = dict(y=sub["y"], hovertext=sub["hover"], hoverinfo="text", **style["common"])
        common["customdata"] = sub[["event_id", "quote"]].to_numpy()
        if is_bar:
            line = dict(color=style["line"], width=1.5)
            bar = go.Bar(base=sub["start_iso"], x=sub["length_ms"], orientation="h", width=0.55, **common)
            traces.append(bar.update(marker=dict(color=style["colour"], line=line)))
        else:
            point = go.Scatter(
                x=sub["mid_iso"], mode="markers", marker=dict(style["marker"]), cliponaxis=False, **common
            )
            traces.append(point)  # not clipped: a point on a panel's edge stays whole
    return traces


def _tick(row, compact: bool = False) -> str:
    """The row's date and headline in at most two lines, or one when compact (a long label is cut)."""
    text = shorten(f"{row.when}  {row.label}", 2 * LABEL_WIDTH - 4)
    return plotly_text(text) if compact else _wrap(text, LABEL_WIDTH)


@_drawn
def timeline(
    events: pd.DataFrame,
    claims: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    reference: Iterable | None = None,
    compact: bool = False,
) -> go.Figure | None:
    """What happened when: the team's cited reference events and the events the sources report.

    One row per event, with its headline beside it, so no two labels meet. The years before the
    taxonomy's zoom date share a narrow panel; the years since have the width. An imprecise date
    (a month, year, decade or century) is a bar over the whole span it could mean, unless the span
    is too narrow to see in its panel; an exact day is a point. Reference events are violet diamonds
    in their own band at the top. With nothing dated to draw, there is no chart: None. `compact` puts
    each label on one line, for a wide, short box such as a slide.
    """
    zoom_from = _taxonomy().timeline.zoom_from
    dated = events.iloc[:0] if events.empty or "date_start" not in events else events[events["date_start"].notna()]
    ref = _reference_frame(reference or [])
    if dated.empty and ref.empty:
        return None
    if not dated.empty:
        dated = dated.assign(theme=_text(dated["theme"]), precision=_text(dated["date_precision"]))
        dated = _rows(dated)
        dated["quote"] = _quotes(dated["claim_ids"], claims)
        dated["hover"] = _event_hover(dated, dated["quote"], sources)
    if not ref.empty:
        ref = _rows(ref).assign(quote="")
    # Rows from the top: a heading, the reference band, a heading, the sources' events.
    ticks: list[tuple[float, str]] = []
    y = 0
    bands = []
    for frame, heading in ((ref, "Reference timeline (team, cited)"), (dated, "Reported in the sources")):
        if frame.empty:
            bands.append(frame)
            continue
        ticks.append((y, f"<b>{heading}</b>"))
        frame = frame.assign(y=range(y + 1, y + 1 + len(frame)))
        ticks.extend((row.y, _tick(row, compact)) for row in frame.itertuples(index=False))
        bands.append(frame)
        y += len(frame) + 1
    ref, dated = bands
    everything = pd.concat([f for f in (ref, dated) if not f.empty])
    first = min(pd.Timestamp("1500-01-01"), everything["date_start"].min().replace(month=1, day=1))
    until = max(pd.Timestamp(f"{date.today().year + 1}-01-01"), everything["date_end"].max() + DAY)  # forecasts
    zoom = pd.Timestamp(zoom_from) if zoom_from else None
    panels = []
    if zoom is None:
        panels.append(((first, until), f"{first.year} to today", None))
    else:
        if (everything["date_start"] < zoom).any():
            panels.append(((first, zoom), f"{first.year}–{zoom.year - 1}, compressed", 4))
        if (everything["date_end"] >= zoom).any():
            panels.append(((zoom, until), f"Since {zoom.year}, enlarged", None))
    widths = [0.24, 0.76] if len(panels) == 2 else [1.0]
    fig = make_subplots(
        rows=1, cols=len(panels), shared_yaxes=True, column_widths=widths, horizontal_spacing=0.025,
        subplot_titles=[p[1] for p in panels],
    )  # fmt: skip
    themes = _ordered(dated["theme"] if not dated.empty else [], _taxonomy().themes)
    shown: set[str] = set()
    for col, (span, _, nticks) in enumerate(panels, start=1):
        reference_look = dict(colour=REFERENCE_COLOUR, line=REFERENCE_LINE, symbol=REFERENCE_SYMBOL, size=13, edge=2)
        layers = [(ref, REFERENCE_NAME, "reference", reference_look, -1)]
        for t in themes:
            look = dict(colour=theme_colour(t), line=theme_colour(t), symbol="circle", size=11, edge=1)
            layers.append((dated[dated["theme"] == t], plotly_text(_theme_label(t)), t, look, themes.index(t)))
        for frame, name, group, look, rank in layers:
            if frame.empty:
                continue
            edge = REFERENCE_LINE if group == "reference" else "#333333"
            style = dict(
                colour=look["colour"],
                line=look["line"],
                marker=dict(color=look["colour"], size=look["size"], symbol=look["symbol"],
                            line=dict(color=edge, width=look["edge"])),
                common=dict(name=name, legendgroup=group, legendrank=rank),
            )  # fmt: skip
            for trace in _marks(frame, span, style):
                trace.showlegend = group not in shown
                shown.add(group)
                fig.add_trace(trace, row=1, col=col)
        fig.update_xaxes(
            type="date", range=[span[0].strftime("%Y-%m-%d"), span[1].strftime("%Y-%m-%d")], nticks=nticks,
            tickformat="%Y", showgrid=True, row=1, col=col,
        )  # fmt: skip
    if not ref.empty:  # the reference band's background, across every panel
        fig.add_hrect(y0=0.5, y1=len(ref) + 0.5, fillcolor=BAND_FILL, opacity=1, line_width=0, layer="below")
    fig.update_yaxes(
        tickvals=[t[0] for t in ticks],
        ticktext=[t[1] for t in ticks],
        range=[y - 0.5, -0.6],
        showgrid=False,
        tickfont=dict(size=11 if compact else 12),
        showticklabels=len(ticks) <= 120,
        row=1,
        col=1,
    )
    fig.update_yaxes(range=[y - 0.5, -0.6], showgrid=False, zeroline=False)
    fig.update_annotations(font_size=13, yshift=4)  # the panel names, clear of the plot's top edge
    return fig.update_layout(
        title="When it happened" + (f": the years since {zoom.year} enlarged" if zoom and len(panels) == 2 else ""),
        barmode="overlay",
        height=170 + (COMPACT_ROW_PX if compact else ROW_PX) * y,
        legend=dict(_BOTTOM_LEGEND, title_text=""),
        margin=dict(t=100, b=110, l=20),
        hovermode="closest",
    )


# ---- areas, sources, stances --------------------------------------------------------------


def _counts(rows: pd.Series, columns: pd.Series) -> pd.DataFrame:
    return pd.crosstab(_text(rows).to_numpy(), _text(columns).to_numpy())


def _coloured(text: str, colour: str) -> str:
    return f'<span style="color:{colour}">{plotly_text(text)}</span>'


@_drawn
def cooperation_areas(claims: pd.DataFrame) -> go.Figure:
    """Which sources speak to each area, and whether an area leans to cooperation or divergence.

    Claims with no area are left out (the subtitle says how many); context claims count in the
    heatmap but not in the balance, where they would only dilute the lean. A square in the theme's
    colour marks each area. Sources are named, in plain ink: next to theme squares and stance bars a
    source colour would only be a fourth meaning to decode.
    """
    title = "Areas of cooperation and friction: who reports them, and which way they lean"
    tagged = claims if claims.empty else claims[_text(claims["area"]) != ""]
    if tagged.empty:
        return empty_figure(title=title)
    areas = _ordered(_text(tagged["area"]), _taxonomy().areas)
    known = [_taxonomy().areas.get(name) for name in areas]
    labels = [plotly_text(a.label if a else name) for a, name in zip(known, areas)]  # categories, ticks and hover
    table = _counts(tagged["area"], tagged["source_id"]).reindex(areas)
    lean = _counts(tagged["area"], tagged["stance"]).reindex(index=areas, columns=list(STANCE_COLOURS), fill_value=0)
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        column_widths=[0.6, 0.4],
        horizontal_spacing=0.03,
        subplot_titles=["Claims per area and source", "Divergence ◀ ▶ Cooperation"],
    )
    fig.add_trace(
        go.Heatmap(
            z=table.to_numpy(),
            x=list(table.columns),
            y=labels,
            zmin=0,
            showscale=False,
            text=table.where(table > 0, "").astype(str).to_numpy(),
            texttemplate="%{text}",
            colorscale=[[0, "#FFFFFF"], [1, "#3B4B63"]],
            xgap=2,
            ygap=2,
            name="claims",
            customdata=[[plotly_text(_source_title(sid)) for sid in table.columns]] * len(areas),
            hovertemplate="%{y}<br>%{customdata}<br>%{z} claims<extra></extra>",
        ),
        row=1,
        col=1,
    )
    for stance, sign in (("divergence", -1), ("cooperation", 1)):
        counts = lean[stance].to_numpy()
        fig.add_trace(
            go.Bar(
                y=labels,
                x=sign * counts,
                orientation="h",
                name=stance.capitalize(),
                marker_color=STANCE_COLOURS[stance],
                text=[str(n) if n else "" for n in counts],
                textposition="outside",
                cliponaxis=False,
                customdata=list(zip(counts, lean["context"])),
                hovertemplate=f"%{{y}}<br>%{{customdata[0]}} {stance} claims"
                "<br>(%{customdata[1]} context claims not shown)<extra></extra>",
            ),
            row=1,
            col=2,
        )
    left, right = (max(1, int(lean[s].max())) for s in ("divergence", "cooperation"))
    step = max(1, round(max(left, right) / 4))
    ticks = list(range(-(left // step) * step, right + 1, step))
    wrapped = {sid: textwrap.wrap(visible(_source_name(sid)), 16) or [sid] for sid in table.columns}
    fig.update_xaxes(
        tickvals=list(table.columns),
        tickangle=0,
        title_text="Source",
        row=1,
        col=1,
        ticktext=["<br>".join(plotly_text(line) for line in lines) for lines in wrapped.values()],
    )
    fig.update_xaxes(
        range=[-left * 1.3 - 0.5, right * 1.3 + 0.5],
        tickvals=ticks,
        title_text="Claims",
        ticktext=[str(abs(t)) for t in ticks],
        zeroline=True,
        zerolinecolor="#666666",
        row=1,
        col=2,
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=labels,
        autorange="reversed",
        tickvals=labels,
        ticktext=[_coloured("■", theme_colour(a.theme if a else "")) + " " + label for a, label in zip(known, labels)],
        row=1,
        col=1,
    )
    dropped = len(claims) - len(tagged)
    subtitle = f"{len(tagged)} claims with an area" + (f"; {dropped} with none left out" if dropped else "")
    return fig.update_layout(
        title=dict(text=f"{title}<br><sup>{subtitle}</sup>"),
        barmode="relative",
        height=260 + 30 * len(areas),
        legend=_BOTTOM_LEGEND,
        margin_b=110,
    )


@_drawn
def source_coverage(claims: pd.DataFrame) -> go.Figure:
    """How much each source says about each theme: shows where the evidence base is thin."""
    title = "What each source covers: claims per theme"
    if claims.empty:
        return empty_figure(title=title)
    table = _counts(claims["theme"], claims["source_id"])
    themes = _ordered(table.index, _taxonomy().themes)
    table, colours = table.reindex(themes), source_colours(table.columns)
    labels = [plotly_text(_theme_label(t)) for t in themes]
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=table[sid],
                name=plotly_text(_source_name(sid)),
                legendgroup=sid,
                marker_color=colours[sid],
                hovertemplate=f"{_wrap(_source_title(sid))}<br>%{{x}}: %{{y}} claims<extra></extra>",
            )
            for sid in table.columns
        ]
    )
    return fig.update_layout(
        title=title,
        barmode="group",
        height=480,
        xaxis_title="Theme",
        yaxis_title="Claims",
        legend=dict(_BOTTOM_LEGEND, title_text="Source"),
        margin_b=110,
    )


@_drawn
def actor_network(claims: pd.DataFrame, max_actors: int = 40) -> go.Figure:
    """Who is mentioned with whom: thicker lines mean more claims name both actors.

    Only the `max_actors` most mentioned actors are drawn, so the picture stays legible.
    """
    title = "Who is mentioned with whom"
    if claims.empty:
        return empty_figure(title=title)
    names = claims["actors"].reset_index(drop=True).explode().dropna()
    mentions = pd.DataFrame({"claim": names.index, "actor": names.to_numpy()})
    mentions = mentions[mentions["actor"] != ""].drop_duplicates()
    if mentions.empty:
        return empty_figure(title=title)
    counts = mentions["actor"].value_counts().sort_index().sort_values(ascending=False, kind="stable")[:max_actors]
    mentions = mentions[mentions["actor"].isin(counts.index)]
    pairs = mentions.merge(mentions, on="claim")
    edges = pairs[pairs["actor_x"] < pairs["actor_y"]].groupby(["actor_x", "actor_y"]).size()
    graph = nx.Graph()
    graph.add_nodes_from(sorted(counts.index))
    graph.add_weighted_edges_from((a, b, int(n)) for (a, b), n in edges.items())
    # The two principals are pinned apart: both are named with nearly everyone and would otherwise
    # sit on top of each other in the middle. Unweighted springs keep minor actors from collapsing in.
    pinned = {name: (0.45 * (2 * i - 1), 0.0) for i, name in enumerate(_taxonomy().principals[:2]) if name in graph}
    pos = nx.spring_layout(graph, seed=42, weight=None, k=0.6, pos=pinned or None, fixed=list(pinned) or None)
    fig = go.Figure()
    if not edges.empty:
        widths = (1 + 7 * edges / edges.max()).mul(2).round().div(2)
        for width in sorted(widths.unique()):
            xs, ys = [], []
            for a, b in widths[widths == width].index:
                xs += [pos[a][0], pos[b][0], None]
                ys += [pos[a][1], pos[b][1], None]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(width=width, color="#C5CCD3"),
                    hoverinfo="skip",
                    showlegend=False,
                    name=f"{width:g}px",
                )
            )
        middle = [((pos[a][0] + pos[b][0]) / 2, (pos[a][1] + pos[b][1]) / 2) for a, b in edges.index]
        fig.add_trace(
            go.Scatter(
                x=[m[0] for m in middle],
                y=[m[1] for m in middle],
                mode="markers",
                marker=dict(size=10, opacity=0),
                showlegend=False,
                name="pairs",
                hoverinfo="text",
                hovertext=[
                    f"{plotly_text(a)} – {plotly_text(b)}<br>{n} claims name both" for (a, b), n in edges.items()
                ],
            )
        )
    degree = dict(graph.degree())
    kinds = {name: a.kind if (a := _taxonomy().actors.get(name)) else "other" for name in graph.nodes}
    for kind in (k for k in KIND_COLOURS if k in kinds.values()):
        nodes = [n for n in graph.nodes if kinds[n] == kind]
        fig.add_trace(
            go.Scatter(
                x=[pos[n][0] for n in nodes],
                y=[pos[n][1] for n in nodes],
                mode="markers+text",
                name=kind.capitalize(),
                legendgroup=kind,
                text=[plotly_text(n) for n in nodes],
                textposition="top center",
                hoverinfo="text",
                marker=dict(
                    size=[12 + 38 * (counts[n] / counts.max()) ** 0.5 for n in nodes],
                    color=KIND_COLOURS[kind],
                    symbol=KIND_SYMBOLS[kind],
                    opacity=1,
                    line=dict(color=KIND_INK if kind == "other" else "#FFFFFF", width=1.5),
                ),
                hovertext=[
                    f"<b>{plotly_text(n)}</b><br>in {counts[n]} claims<br>named with {degree[n]} other actors"
                    for n in nodes
                ],
            )
        )
    xs, ys = zip(*pos.values())
    return fig.update_layout(
        title=title,
        height=640,
        legend=dict(title_text="Kind of actor"),
        hovermode="closest",
        xaxis=dict(visible=False, range=[min(xs) - 0.25, max(xs) + 0.25]),
        yaxis=dict(visible=False, range=[min(ys) - 0.2, max(ys) + 0.25], scaleanchor="x"),
    )
