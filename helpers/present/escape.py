"""One rule for showing source text, whatever shows it.

An article is untrusted input: its title or a quote may carry markup, a style that fetches a URL
(`<span style="fill:url(https://…)">`), `</script>`, bidi overrides that make text read other than
it is, or a spreadsheet formula. Every place a page, chart, slide or export shows such text goes
through one of these functions, and they all start from `visible()`, so a fix here is a fix everywhere:

- `html_text`: HTML bodies and attribute values (quotes, judgments, page headers, slides, index).
- `plotly_text`: plotly's labels (titles, ticks, legend, hover, annotations, menu buttons).
- `table_text`: frames handed to pandas or itables, which escape `<`, `>` and `&` themselves
  (`to_html(escape=True)`, `allow_html=False`); only the neutralising step is left to do here.
- `script_json`: JSON placed inside a `<script>` element.
- `csv_cell` / `csv_raw`: cells of an exported CSV (formula injection), and the way back.

A printed page (the PDF) is a print of the same HTML, so it needs nothing of its own.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pandas as pd

# Bidi embeddings, overrides and isolates reorder the text that follows them (even past the end of a
# title, into the date and grade beside it). Marks (U+200E, U+200F, U+061C) reorder nothing and stay.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 control characters other than tab, newline and carriage return: invalid in HTML.
_HIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")


def visible(text: Any) -> str:
    """Text with every character that acts instead of showing written out, as `[U+202E]`.

    The reader sees that something was there, and nothing downstream is reordered or cut.
    """
    text = "" if text is None else str(text)
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def shorten(text: Any, limit: int) -> str:
    """White space collapsed, cut to `limit` characters with an ellipsis (before any escaping,
    so an entity is never cut in half)."""
    text = " ".join(visible(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def html_text(text: Any) -> str:
    """For HTML element content and quoted attribute values: `& < > " '` escaped."""
    return html.escape(visible(text), quote=True)


def plotly_text(text: Any, limit: int | None = None) -> str:
    """For any string plotly draws.

    plotly.js splits a label on `<…>` and turns `<b>`, `<i>`, `<a href>`, `<span style>` and a few
    more into SVG with their styles (a `fill:url(…)` style fetches the URL), then decodes `&lt;`,
    `&gt;`, `&amp;` and numeric entities in the text between, as text. Escaping `&`, `<` and `>`
    leaves nothing to split on. `%{` is written as `%&#123;` so text that lands in a hover template
    is never read as a placeholder; plotly shows both as the same characters. Quotes stay as they
    are: plotly would show `&quot;` literally.
    """
    text = shorten(text, limit) if limit else visible(text)
    return html.escape(text, quote=False).replace("%{", "%&#123;")


def table_text(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """A frame for pandas or itables to draw: every string cell, list item and header through `visible()`.

    Those libraries escape `& < >` themselves (the same escaping `html_text` does for element
    content), so the text must not be escaped twice here.
    """

    def cell(value):
        if isinstance(value, str):
            return visible(value)
        if isinstance(value, (list, tuple)):
            return type(value)(visible(v) if isinstance(v, str) else v for v in value)
        return value

    def column(values: pd.Series) -> pd.Series:
        if isinstance(values.dtype, pd.CategoricalDtype):
            return values.cat.rename_categories(lambda c: cell(c))
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            return values.map(cell)
        return values

    if isinstance(frame, pd.Series):
        out = column(frame.copy())
    else:
        out = frame.copy()
        for i in range(out.shape[1]):
            out.isetitem(i, column(out.iloc[:, i]))
        out.columns = out.columns.map(cell)
    if out.index.dtype == object:
        out.index = out.index.map(cell)
    return out


_SCRIPT_UNSAFE = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"})


def script_json(value: Any) -> str:
    """JSON that is safe inside `<script>`: no `<` (so no `</script>` or `<!--`), `>` or `&` appears
    as such, and the line separators old JavaScript parsers choke on are escaped too."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_UNSAFE)


# A spreadsheet may run a cell that starts with one of these as a formula (some drop a leading tab or CR first).
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def csv_cell(value: Any) -> Any:
    """One more leading `'` for a text cell a spreadsheet would run as a formula.

    The rule also covers text that already starts with apostrophes before such a character, so
    the way back (`csv_raw`) is exact: drop one `'` from any cell that starts with apostrophes
    followed by `=`, `+`, `-`, `@`, a tab or a carriage return. Other cells are left alone.
    """
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def csv_raw(cell: str) -> str:
    """The source's own text from a cell `csv_cell` wrote."""
    return cell[1:] if cell.startswith("'") and _FORMULA_START.match(cell) else cell


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of a frame through `csv_cell`, for an export people open in a spreadsheet."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name].dtype):
            out[name] = out[name].map(csv_cell)
    return out
