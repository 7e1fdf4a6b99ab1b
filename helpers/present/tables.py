"""Searchable tables (itables) that work offline, show source text as text, and build the same twice.

Every DataTables table the briefing shows, whether asked for (`show_table`) or a DataFrame a cell
returns once `offline_tables()` has run, goes through `datatable_html`: text through
`escape.table_text` (itables escapes `& < >` with `allow_html=False`), an id from the table's
content instead of itables' random one, and its arguments re-encoded with `escape.script_json`.
"""

from __future__ import annotations

import json

import pandas as pd

from helpers.present.escape import script_json, table_text
from helpers.present.ids import element_id, frame_content

# How the claims tables look: a filter per column, ten rows a page, every row shipped (no downsampling).
CLAIMS_TABLE = dict(
    connected=False,
    column_filters="header",
    allow_html=False,
    maxBytes=0,
    classes="display compact",
    pageLength=10,
)
_ARGS = "let dt_args = "
_READY = False


# How a column reads: numbers to the right, text to the left; an ISO date column sorts as text with its
# empty (undated) cells after every date, and an ACH column may colour its cells.
ISO_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
_UNDATED_LAST = "function (data, type) { return type === 'sort' && data === '' ? '\\uffff' : data; }"


def _column_defs(frame: pd.DataFrame, cell_colours: dict[str, dict[str, str]] | None = None) -> list[dict]:
    """itables columnDefs from the frame itself: alignment by dtype, date sorting by content."""
    from itables import JavascriptFunction

    numbers, texts, dates = [], [], []
    for i, (_, values) in enumerate(frame.items()):
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            numbers.append(i)
            continue
        texts.append(i)
        filled = values.astype("string").fillna("")
        filled = filled[filled != ""]
        if len(filled) and filled.str.fullmatch(ISO_DATE).all():
            dates.append(i)
    defs = [{"targets": numbers, "className": "dt-right"}, {"targets": texts, "className": "dt-left"}]
    if dates:
        defs.append({"targets": dates, "type": "string", "render": JavascriptFunction(_UNDATED_LAST)})
    for column, colours in (cell_colours or {}).items():
        if column in frame.columns:
            paint = (
                f"function (td, cellData) {{ const c = {json.dumps(colours)}[cellData]; "
                "if (c) { td.style.backgroundColor = c; } }"
            )
            defs.append({"targets": [frame.columns.get_loc(column)], "createdCell": JavascriptFunction(paint)})
    return [d for d in defs if d["targets"]]


def displayed(frame: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """The frame as a table shows it: a Series as a frame, and an index that carries information
    (named, or not 0..n-1) turned into a column, so no table shows pandas' index."""
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if isinstance(frame.index, pd.RangeIndex) and frame.index.name is None:
        return frame
    return frame.reset_index()


def datatable_html(
    frame: pd.DataFrame | pd.Series, cell_colours: dict[str, dict[str, str]] | None = None, **options
) -> str:
    """One table as itables' HTML, with a content-derived id and script-safe arguments.

    No index column; numbers right-aligned and text left-aligned; ISO dates sortable with undated last;
    `cell_colours` (column -> value -> CSS colour) paints cells by their value.
    """
    import itables

    if options.get("allow_html"):
        raise ValueError("source text is shown as text: allow_html must stay off")
    shown = table_text(displayed(frame))
    options = {"showIndex": False, "columnDefs": _column_defs(shown, cell_colours), **options}
    table_id = element_id("itables", frame_content(shown) + repr(sorted(options.items())))
    html = itables.to_html_datatable(shown, table_id=table_id, **{"connected": False, **options})
    return _script_safe_args(html)


def _script_safe_args(html: str) -> str:
    """itables writes the table's arguments (data and header HTML) as JSON in a <script>; write them
    again so that no `<` appears there, whatever a cell holds."""
    at = html.find(_ARGS)
    if at < 0:
        return html
    start = at + len(_ARGS)
    value, end = json.JSONDecoder().raw_decode(html, start)
    return html[:start] + script_json(value) + html[end:]


def show_table(frame: pd.DataFrame, **options) -> None:
    """Display one table (options as `datatable_html`)."""
    from IPython.display import HTML, display

    display(HTML(datatable_html(frame, **options)))


def _frame_repr_html(frame) -> str:
    return datatable_html(frame)


def offline_tables():
    """DataTables embedded in the notebook once, so tables work with no network; DataFrames a cell
    returns afterwards are drawn as tables too (as itables does), through `datatable_html`."""
    global _READY
    import itables

    if not _READY:
        from IPython.display import HTML, display
        from itables.javascript import generate_init_offline_itables_html

        # itables 2.9 displays its init script before the bundle it awaits, which fails when JupyterLab
        # runs outputs in order; showing the bundle first avoids that (reports keep one copy).
        display(HTML(generate_init_offline_itables_html(itables.options.dt_bundle)))
        itables.init_notebook_mode(connected=False)
        pd.DataFrame._repr_html_ = _frame_repr_html
        pd.Series._repr_html_ = _frame_repr_html
        _READY = True
    return itables
