"""ClaimExplorer: every filter of `filter_claims` as a control, with a table and charts that follow.

One `filter_claims` call per change keeps the widget, the notebooks and the tests agreeing on
what a filter means. The table shows the first rows only (the export has them all), and the
charts are counts, so an update stays cheap however many claims there are. An exported page has
no kernel: there the explorer carries its rows as JSON and a small script (explorer.js) filters
them in the browser, for a source, theme, stance or words, and saves them as CSV.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import ipywidgets as W
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from helpers import paths, schema
from helpers.analysis.filters import filter_claims
from helpers.config import Taxonomy, load_taxonomy
from helpers.files import write_atomically
from helpers.present import charts
from helpers.present.escape import (
    _FORMULA_START,
    csv_frame,
    html_text,
    plotly_text,
    script_json,
    shorten,
    table_text,
    visible,
)
from helpers.present.ids import element_id
from helpers.present.labels import CREDIBILITY, reading_view

TABLE_ROWS = 200
STATIC_ROWS = 1_000  # rows an exported page carries; beyond that, export the CSV
MENU_LABEL = 60  # characters of a source's title in the exported page's source menu
STATIC_SCRIPT = (Path(__file__).parent / "explorer.js").read_text(encoding="utf-8")
KERNEL_HELP = (
    "Ctrl- or Shift-click picks several entries in a list; an empty list means all. "
    "With a year range set, <i>include undated</i> keeps the claims that carry no date. "
    "<b>Export CSV</b> writes the claims shown to <code>exports/</code>."
)
STATIC_HELP = (
    "This page has no Python behind it, so the explorer here offers a smaller set of filters: "
    "choose a source, a theme or a stance, or type words, and the count, the chart and the table follow. "
    "<b>Download CSV</b> saves the matching rows. Open the notebook in JupyterLab for every filter."
)
_LIST_FILTERS = ("sources", "themes", "areas", "stances", "actors", "modalities", "credibility")


def _options(values) -> list[str]:
    return sorted({str(v) for v in values if str(v)})


class ClaimExplorer(W.VBox):
    """Filter claims by source, theme, area, stance, actor, modality, date and words.

    `controls` holds the widgets by name (values of "sources" are source ids, labels are titles),
    `table_data()` the claims now shown, `figure` the linked plotly FigureWidget.
    """

    def __init__(
        self,
        claims: pd.DataFrame,
        titles: Mapping[str, str] | None = None,
        static_table: bool = True,
        taxonomy: Taxonomy | None = None,
        **preset,
    ):
        unknown = set(preset) - set(_LIST_FILTERS) - {"start", "end", "text"}
        if unknown:
            raise TypeError(
                f"ClaimExplorer: unknown filter(s) {sorted(unknown)}; use {_LIST_FILTERS + ('start', 'end', 'text')}"
            )
        self.claims = claims
        self.titles = dict(titles or {})
        self.static_table = static_table  # False where the page already shows these claims in a table
        self._taxonomy = taxonomy or load_taxonomy(paths.data_dir().taxonomy)
        self._shown = claims
        self.controls = self._make_controls(preset)
        self.count = W.HTML().add_class("ce-count")
        self.export_button = W.Button(
            description="Export CSV", icon="download", tooltip="Save the filtered claims to exports/"
        ).add_class("ce-export")
        self.export_button.on_click(lambda _: self.export())
        self.message = W.HTML().add_class("ce-message")
        self.help = W.HTML(KERNEL_HELP).add_class("ce-help")
        self.figure = self._make_figure()
        self.table = W.HTML(layout=W.Layout(max_height="420px", overflow="auto")).add_class("ce-table")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        c = self.controls
        filters = W.HBox([c[name] for name in _LIST_FILTERS], layout=W.Layout(flex_flow="row wrap"))
        super().__init__(
            [
                self.help,
                filters,
                W.HBox([c["dates"], c["undated"], c["text"]]),
                W.HBox([self.count, self.export_button, self.message]),
                self.figure,
                self.table,
            ]
        )
        self.add_class("claim-explorer")
        self.update()

    # -- building ---------------------------------------------------------------------------
    def _make_controls(self, preset: dict) -> dict[str, W.Widget]:
        claims = self.claims
        choices = {
            "sources": [(visible(self.titles.get(s, s)), s) for s in _options(claims["source_id"])],
            "themes": self._labelled(claims["theme"], self._taxonomy.themes),
            "areas": self._labelled(claims["area"], self._taxonomy.areas),
            "stances": _options(claims["stance"]),
            "actors": _options(name for names in claims["actors"] for name in names),
            "modalities": _options(claims["modality"]),
            "credibility": [
                (f"{g} {CREDIBILITY.get(g, '')}", g) for g in sorted(int(v) for v in claims["credibility"].unique())
            ],
        }
        controls: dict[str, W.Widget] = {}
        for name, options in choices.items():
            values = {o[1] if isinstance(o, tuple) else o for o in options}
            wanted = preset.get(name) or ()
            wanted = (wanted,) if isinstance(wanted, (str, int)) else tuple(wanted)
            missing = set(wanted) - values
            if missing:
                raise ValueError(
                    f"ClaimExplorer: {name}={sorted(missing)} not in the claims; choose from {sorted(values)}"
                )
            controls[name] = W.SelectMultiple(
                options=options,
                value=wanted,
                rows=6,
                description=name.capitalize(),
                layout=W.Layout(width="auto", min_width="220px"),
                style={"description_width": "70px"},
            ).add_class(f"ce-{name}")
        years = self._years()
        lo = max(years[0], pd.Timestamp(preset["start"]).year) if preset.get("start") else years[0]
        hi = min(years[-1], pd.Timestamp(preset["end"]).year) if preset.get("end") else years[-1]
        controls["dates"] = W.SelectionRangeSlider(
            options=years,
            index=(years.index(lo), years.index(hi)),
            description="Years",
            continuous_update=False,
            layout=W.Layout(width="520px"),
        ).add_class("ce-dates")
        controls["undated"] = W.Checkbox(
            value=True, description="include undated", indent=False, layout=W.Layout(width="auto")
        ).add_class("ce-undated")
        controls["text"] = W.Text(
            value=preset.get("text") or "",
            description="Words",
            continuous_update=False,
            placeholder="words in the quote or attribution",
        ).add_class("ce-text")
        return controls

    @staticmethod
    def _labelled(column: pd.Series, known: dict) -> list[tuple[str, str]]:
        values = column.cat.categories if hasattr(column, "cat") else column
        return [(known[v].label if v in known else v, v) for v in _options(values)]

    def _years(self) -> list[int]:
        dated = self.claims["date_start"].dropna()
        if dated.empty:
            return [datetime.now().year]
        first, last = (
            int(dated.dt.year.min()),
            max(int(self.claims["date_end"].dropna().dt.year.max()), int(dated.dt.year.max())),
        )
        return list(range(first, last + 1))

    @staticmethod
    def _base_figure() -> go.Figure:
        charts.use_briefing_look()
        fig = make_subplots(
            rows=1,
            cols=2,
            column_widths=[0.55, 0.45],
            horizontal_spacing=0.12,
            subplot_titles=("Claims by theme and stance", "Dated claims by year"),
        )
        fig.update_layout(
            barmode="stack", height=360, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.12)
        )
        fig.update_yaxes(autorange="reversed", row=1, col=1)
        fig.update_xaxes(type="category", row=1, col=2)  # only the years that have claims, evenly spaced
        return fig

    @staticmethod
    def _add_traces(fig: go.Figure, counts: list[tuple], visible: bool = True, legend: bool = True) -> None:
        for (stance, colour), (x, y) in zip(charts.STANCE_COLOURS.items(), counts):
            fig.add_bar(
                name=stance,
                x=x,
                y=y,
                orientation="h",
                marker_color=colour,
                row=1,
                col=1,
                visible=visible,
                showlegend=legend,
                legendgroup=stance,
                hovertemplate="%{y}: %{x} " + stance + " claims<extra></extra>",
            )
        x, y = counts[-1]
        fig.add_bar(
            name="dated claims",
            x=x,
            y=y,
            marker_color=charts.STANCE_COLOURS["context"],
            showlegend=False,
            visible=visible,
            row=1,
            col=2,
            hovertemplate="%{x}: %{y} claims<extra></extra>",
        )

    def _make_figure(self) -> go.FigureWidget:
        fig = self._base_figure()
        self._add_traces(fig, self._counts(self.claims.iloc[:0]))
        return go.FigureWidget(fig)

    # -- filtering --------------------------------------------------------------------------
    def filters(self) -> dict:
        """The current control values as keyword arguments for `filter_claims`."""
        c = self.controls
        args = {name: list(c[name].value) or None for name in _LIST_FILTERS}
        years = c["dates"].options
        lo, hi = c["dates"].value
        args["start"] = f"{lo:04d}-01-01" if lo != years[0] else None
        args["end"] = f"{hi:04d}-12-31" if hi != years[-1] else None
        args["text"] = c["text"].value.strip() or None
        args["keep_undated"] = bool(c["undated"].value)
        return args

    def table_data(self) -> pd.DataFrame:
        """The filtered claims now shown (all of them, not only the rows drawn in the table)."""
        return self._shown

    def _on_change(self, _change) -> None:
        self.update()

    def update(self) -> None:
        """Apply the controls: one filter call, then table, count and charts in place."""
        args = self.filters()
        shown = filter_claims(self.claims, **args)
        self._shown = shown
        self.count.value = f"<b>{len(shown):,}</b> of {len(self.claims):,} claims" + self._hidden_note(args, shown)
        self.message.value = ""
        self.table.value = self._table_html(shown)
        self._update_figure(shown)

    def _hidden_note(self, args: dict, shown: pd.DataFrame) -> str:
        """Say how many undated claims the year range leaves out when "include undated" is off."""
        if args["keep_undated"] or (args["start"] is None and args["end"] is None):
            return ""
        hidden = len(filter_claims(self.claims, **(args | {"keep_undated": True}))) - len(shown)
        return f" ({hidden:,} undated hidden by the year range)" if hidden else ""

    def _table_html(self, shown: pd.DataFrame) -> str:
        if shown.empty:
            return "<p><i>No claims match the filters.</i></p>"
        more = (
            f"<p>Showing the first {TABLE_ROWS:,} of {len(shown):,}; export the CSV for all.</p>"
            if len(shown) > TABLE_ROWS
            else ""
        )
        return more + table_text(reading_view(shown.head(TABLE_ROWS), self.titles)).to_html(
            index=False, escape=True, border=0, classes="ce-claims"
        )  # pandas escapes & < > (escape=True); table_text neutralises the rest

    def _counts(self, shown: pd.DataFrame) -> list[tuple]:
        """(x, y) of each trace: claims per theme for each stance, then dated claims per year."""
        labels = {name: theme.label for name, theme in self._taxonomy.themes.items()} | {"": "(no theme)"}
        by_theme = (
            shown.assign(
                theme=shown["theme"].astype(str).map(lambda t: plotly_text(labels.get(t, t))),
                stance=shown["stance"].astype(str),
            )
            .groupby(["theme", "stance"])
            .size()
            .unstack(fill_value=0)
        )
        per_year = shown["date_start"].dropna().dt.year.value_counts().sort_index()
        xy = [
            (by_theme[s].to_numpy(), by_theme[s].index.to_numpy()) if s in by_theme else ([], [])
            for s in charts.STANCE_COLOURS
        ]
        return xy + [(per_year.index.astype(str).to_numpy(), per_year.to_numpy())]

    def _update_figure(self, shown: pd.DataFrame) -> None:
        with self.figure.batch_update():
            for trace, (x, y) in zip(self.figure.data, self._counts(shown)):
                trace.x, trace.y = x, y
            self.figure.layout.annotations[0].text = (
                "Claims by theme and stance" if len(shown) else "No claims match the filters"
            )

    # -- without a kernel -------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        """JupyterLab draws the live widget; an HTML export, which has no kernel, gets static_html()."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.static_html()
        return bundle

    def static_figure(self) -> go.Figure:
        """The charts for a page with no kernel, drawn for the claims shown; the page's script
        restyles them as its filters change (traces in the order `_counts` gives)."""
        fig = self._base_figure()
        self._add_traces(fig, self._counts(self._shown.head(STATIC_ROWS)))  # the rows the page carries
        return fig

    def static_data(self) -> dict:
        """What the exported page's script filters: the rows as the table shows them, and per row the
        keys it filters and counts by. Text goes through `table_text` here and `script_json` on the page."""
        carried = self._shown.head(STATIC_ROWS)
        view = table_text(reading_view(carried, self.titles))
        labels = {name: theme.label for name, theme in self._taxonomy.themes.items()} | {"": "(no theme)"}
        themes = sorted({str(t) for t in carried["theme"].astype(str)}, key=lambda t: plotly_text(labels.get(t, t)))
        years = carried["date_start"].dt.year
        return {
            "columns": [str(c) for c in view.columns],
            "rows": view.astype(object).where(view.notna(), None).to_numpy().tolist(),
            "keys": [
                [str(s), str(t), str(st), None if pd.isna(y) else int(y)]
                for s, t, st, y in zip(
                    carried["source_id"], carried["theme"].astype(str), carried["stance"].astype(str), years
                )
            ],
            "themes": [[t, plotly_text(labels.get(t, t))] for t in themes],
            "stances": list(charts.STANCE_COLOURS),
            "total": len(self.claims),
            "shown": len(self._shown),
            "table_rows": TABLE_ROWS,
            "formula": _FORMULA_START.pattern,  # the same rule as csv_cell, applied in the browser
        }

    def _select(self, name: str, label: str, everything: str, options: list[tuple[str, str]]) -> str:
        items = "".join(
            f'<option value="{html_text(v)}">{html_text(shorten(t, MENU_LABEL))}</option>' for t, v in options
        )
        return (
            f'<label>{label} <select class="ce-{name}" data-key="{name}">'
            f'<option value="">{everything}</option>{items}</select></label>'
        )

    def static_html(self) -> str:
        """Controls that work in a browser alone: source, theme and stance menus and a words box that
        filter the table and update the count and chart together, and a Download CSV button.
        Ids come from the content, so the same claims give the same HTML in every build."""
        shown, fig, data = self._shown, self.static_figure(), self.static_data()
        chart = fig.to_html(
            include_plotlyjs=False,
            full_html=False,
            default_height="380px",
            config={"displaylogo": False},
            div_id=element_id("explorer", fig.to_json()),
        )
        carried = shown.head(STATIC_ROWS)
        sources = [(self.titles.get(s, s), s) for s in _options(carried["source_id"])]
        sources.sort(key=lambda o: (visible(o[0]).lower(), o[1]))
        labels = {name: theme.label for name, theme in self._taxonomy.themes.items()} | {"": "(no theme)"}
        themes = [(labels.get(t, t), t) for t in _options(carried["theme"].astype(str))]
        stances = [(s, s) for s in charts.STANCE_COLOURS if s in set(carried["stance"].astype(str))]
        controls = (
            self._select("source", "Source", "All sources", sources)
            + self._select("theme", "Theme", "All themes", themes)
            + self._select("stance", "Stance", "All stances", stances)
            + '<label>Words <input type="search" class="ce-words" data-key="words" placeholder="words in the row"></label>'
            + '<button type="button" class="ce-download">Download CSV</button>'
        )
        cut = (
            f" This page carries the first {STATIC_ROWS:,} of the {len(shown):,} claims in the explorer's scope; "
            "the notebook has them all."
            if len(shown) > STATIC_ROWS
            else ""
        )
        table = (
            f'<details class="ce-table-box"{" open" if self.static_table else ""}>'
            "<summary>Claims matching the filters</summary>"
            '<div class="ce-scroll"><table class="ce-claims"><thead></thead><tbody></tbody></table></div>'
            '<p class="ce-more"></p></details>'
        )
        return (
            '<div class="claim-explorer-static">'
            f'<p class="ce-help">{STATIC_HELP}{cut}</p>'
            f'<div class="ce-controls">{controls}</div>'
            f'<p class="ce-count"><b>{len(carried):,}</b> of {len(self.claims):,} claims</p>'
            f"{chart}{table}"
            '<p class="ce-print-note">On paper the explorer shows its chart only; the claims tables of the '
            "chapters print in full.</p>"
            f'<script type="application/json" class="ce-data">{script_json(data)}</script>'
            f"<script>{STATIC_SCRIPT}</script>"
            "</div>"
        )

    # -- export -----------------------------------------------------------------------------
    def export(self, path: str | Path | None = None) -> Path:
        """Write the filtered claims to CSV (atomically); default exports/claims-<time>.csv.

        The file is for people and spreadsheets: a text cell that a spreadsheet would run as a
        formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe;
        `helpers.present.escape.csv_raw` gives the source's own text back. Rows end in CRLF (RFC 4180),
        which also makes the csv module quote a cell holding a bare carriage return.
        """
        path = Path(path) if path is not None else paths.EXPORTS_DIR / f"claims-{datetime.now():%Y%m%d-%H%M%S}.csv"
        frame = csv_frame(schema.to_disk("claims", self._shown))
        write_atomically({path: frame.to_csv(index=False, lineterminator="\r\n")})
        self.message.value = f"Saved {len(frame):,} claims to {html_text(path)}"
        return path
