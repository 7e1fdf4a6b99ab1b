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

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
# Theme colours live in taxonomy.yml; a theme without one gets one of Paul Tol's "muted" colours, which stay
# distinct under every common colour blindness. Grey means "none".
THEME_PALETTE = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499")
NO_THEME_COLOUR = "#BBBBBB"
# Okabe–Ito blue against vermillion: the one contrast that matters in the briefing.
STANCE_COLOURS = {"cooperation": "#0072B2", "divergence": "#D55E00", "context": "#BBBBBB"}
SOURCE_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
KIND_COLOURS = {
    "country": "#0072B2",
    "person": "#E69F00",
    "organisation": "#009E73",
    "group": "#CC79A7",
    "other": "#999999",
}
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


@_drawn
def timeline(
    events: pd.DataFrame, claims: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> go.Figure:
    """Five centuries on one page: an overview from 1500, then the years since 1991 enlarged.

    An imprecise date (a month, year, decade or century) is a bar over the whole span it could
    mean, so nothing looks more exact than the source is; an exact day is a dot.
    """
    zoom_from = _taxonomy().timeline.zoom_from
    title = "When it happened: 1500 to today" + (
        f", and the years since {zoom_from.year} enlarged" if zoom_from else ""
    )
    dated = events if events.empty else events[events["date_start"].notna()]
    if dated.empty:
        return empty_figure(title=title)
    dated = (
        dated.assign(
            date_end=dated["date_end"].fillna(dated["date_start"]),
            theme=_text(dated["theme"]),
            precision=_text(dated["date_precision"]),
        )
        .sort_values(["date_start", "date_end", "event_id"])
        .reset_index(drop=True)
    )
    dated["is_span"] = dated["date_end"] - dated["date_start"] > DAY
    dated["when"] = [_when(*row) for row in zip(dated["date_start"], dated["date_end"], dated["precision"])]
    dated["start_iso"] = dated["date_start"].dt.strftime("%Y-%m-%d")
    dated["length_ms"] = (dated["date_end"] + DAY - dated["date_start"]).dt.total_seconds() * 1000
    dated["quote"] = _quotes(dated["claim_ids"], claims)
    dated["hover"] = _event_hover(dated, dated["quote"], sources)
    recent = dated[dated["date_end"] >= pd.Timestamp(zoom_from)].reset_index(drop=True) if zoom_from else dated.iloc[:0]
    panels = [(dated, "1500 to today", "1500-01-01")]
    if not recent.empty:
        panels.append((recent, f"Since {zoom_from.year}, enlarged", zoom_from.isoformat()))
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        row_heights=[len(p[0]) + 2 for p in panels],
        vertical_spacing=0.1,
        subplot_titles=[p[1] for p in panels],
    )
    until = max(f"{date.today().year + 1}-01-01", (dated["date_end"].max() + DAY).strftime("%Y-%m-%d"))  # forecasts
    themes = _ordered(dated["theme"], _taxonomy().themes)
    shown: set[str] = set()
    for row, (frame, _, since) in enumerate(panels, start=1):
        frame = frame.assign(y=range(len(frame)))
        for theme in themes:
            part, colour, label = frame[frame["theme"] == theme], theme_colour(theme), plotly_text(_theme_label(theme))
            for is_span in (True, False):
                sub = part[part["is_span"] == is_span]
                if sub.empty:
                    continue
                common = dict(
                    y=sub["y"],
                    name=label,
                    legendgroup=theme,
                    legendrank=themes.index(theme),
                    showlegend=theme not in shown,
                    hovertext=sub["hover"],
                    hoverinfo="text",
                    customdata=sub[["event_id", "quote"]].to_numpy(),
                )
                if is_span:
                    trace = go.Bar(
                        base=sub["start_iso"],
                        x=sub["length_ms"],
                        orientation="h",
                        width=0.6,
                        marker=dict(color=colour, line=dict(color=colour, width=2)),
                        **common,
                    )
                else:
                    trace = go.Scatter(
                        x=sub["start_iso"],
                        mode="markers",
                        **common,
                        marker=dict(color=colour, size=11, line=dict(color="#333333", width=1)),
                    )
                fig.add_trace(trace, row=row, col=1)
                shown.add(theme)
        fig.update_xaxes(type="date", range=[since, until], title_text="Year", row=row, col=1)
        fig.update_yaxes(
            tickvals=list(range(len(frame))),
            ticktext=frame["when"] + "  " + frame["label"].map(lambda text: plotly_text(text, 34)),
            range=[len(frame) - 0.5, -0.5],
            showgrid=False,
            tickfont=dict(size=13),
            showticklabels=len(frame) <= 60,
            row=row,
            col=1,
        )
    if len(panels) == 2:
        fig.add_vrect(
            x0=zoom_from.isoformat(),
            x1=until,
            row=1,
            col=1,
            fillcolor="#888888",
            opacity=0.12,
            line_width=0,
            annotation_text="enlarged below",
            annotation_position="top left",
            annotation_xanchor="right",
            annotation_font_size=13,
        )
    return fig.update_layout(
        title=title,
        barmode="overlay",
        height=180 + 22 * sum(len(p[0]) + 2 for p in panels),
        legend=dict(_BOTTOM_LEGEND, title_text="Theme"),
        margin_b=110,
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
    colour marks each area; source names carry the source's colour.
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
    colours = source_colours(table.columns)
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
            hovertemplate="%{y}<br>%{x}<br>%{z} claims<extra></extra>",
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
    wrapped = {sid: textwrap.wrap(sid.replace("-", " "), 14) or [sid] for sid in table.columns}
    fig.update_xaxes(
        tickvals=list(table.columns),
        tickangle=0,
        title_text="Source",
        row=1,
        col=1,
        ticktext=[
            "<br>".join(_coloured(line.replace(" ", "-"), colours[sid]) for line in lines)
            for sid, lines in wrapped.items()
        ],
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
                name=plotly_text(sid),
                marker_color=colours[sid],
                hovertemplate=f"{plotly_text(sid)}<br>%{{x}}: %{{y}} claims<extra></extra>",
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
                    line=dict(width=width, color="#9AA5B1"),
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
                name=kind,
                text=[plotly_text(n) for n in nodes],
                textposition="top center",
                hoverinfo="text",
                marker=dict(
                    size=[12 + 38 * (counts[n] / counts.max()) ** 0.5 for n in nodes],
                    color=KIND_COLOURS[kind],
                    line=dict(color="#FFFFFF", width=1.5),
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
        legend=dict(title_text="Actor"),
        hovermode="closest",
        xaxis=dict(visible=False, range=[min(xs) - 0.25, max(xs) + 0.25]),
        yaxis=dict(visible=False, range=[min(ys) - 0.2, max(ys) + 0.25], scaleanchor="x"),
    )
