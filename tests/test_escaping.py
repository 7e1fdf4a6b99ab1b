"""One escaping rule for source text: each display path's function, against the payloads an article can carry.

The unit tests model what each consumer does with the text (a browser's HTML parser, plotly.js's label
parser, a spreadsheet); the browser test draws every kind of plotly label, an HTML block and a table
from hostile text in Chromium, under the reports' Content-Security-Policy, with the network blocked.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from helpers.present.escape import (
    csv_cell,
    csv_frame,
    csv_raw,
    html_text,
    plotly_text,
    script_json,
    shorten,
    table_text,
    visible,
)
from helpers.present.tables import CLAIMS_TABLE, datatable_html

ATTACKER = "attacker.test"
PAYLOADS = {
    "fill url": f'<span style="fill:url(https://{ATTACKER}/fill.svg#p)">Russia</span>',
    "img onerror": '<img src=x onerror="window.__pwned=1">',
    "script": "<script>window.__pwned=2</script>",
    "javascript link": '<a href="javascript:window.__pwned=3">x</a>',
    "https link": f'<a href="https://{ATTACKER}/a">read more</a>',
    "background url": f'<b style="background:url(https://{ATTACKER}/bg.png)">arms</b>',
    "pre-escaped": "&lt;script&gt;window.__pwned=4&lt;/script&gt; &amp; &#60;b&#62;",
    "script end": "</script><script>window.__pwned=5</script>",
    "formula": '=HYPERLINK("https://attacker.test/f","click")',
    "at sign": "@SUM(1+1)*cmd|' /C calc'!A0",
    "rtl override": "Iran \u202egnirts desrever\u202c and Russia \u2067isolate\u2069",
    "long": "Russia and Iran " * 40 + "<b>bold at the end</b>",
    "template": "%{x} and %{customdata[0]} in a label",
    "controls": "nul\x00 bell\x07 escape\x1b c1\x85 end",
}

# plotly.js (src/lib/svg_text_utils.js): the label is split on <…>; a piece that is a known tag becomes
# SVG (with its style and href); every other piece is text, with these entities decoded.
PLOTLY_TAG = re.compile(r"(<[^<>]*>)")
PLOTLY_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")
PLOTLY_NAMED = {"mu": "μ", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "times": "×", "plusmn": "±", "deg": "°"}


def plotly_shows(label: str) -> tuple[list[str], str]:
    """(tags plotly.js would act on, the text it would show) for one label."""
    tags, text = [], []
    for piece in PLOTLY_TAG.split(label):
        if PLOTLY_TAG.fullmatch(piece):
            tags.append(piece)
            continue

        def decode(m):
            code = m.group(1)
            if code.startswith("#"):
                return chr(int(code[2:], 16) if code[1] == "x" else int(code[1:]))
            return PLOTLY_NAMED.get(code, m.group(0))

        text.append(PLOTLY_ENTITY.sub(decode, piece))
    return tags, "".join(text)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_html_text_shows_the_payload_as_text(payload):
    out = html_text(payload)
    assert not re.search(r"[<>\"']", out)
    assert html.unescape(out) == visible(payload), "a browser decodes it back to the text, once"


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_plotly_text_leaves_plotly_no_markup(payload):
    tags, shown = plotly_shows(plotly_text(payload))
    assert tags == []
    assert shown == visible(payload), "plotly shows exactly the (neutralised) text"
    assert "%{" not in plotly_text(payload)


@pytest.mark.parametrize("limit", [1, 10, 60, 61])
def test_plotly_text_cuts_before_escaping(limit):
    text = "&<>" * 40
    out = plotly_text(text, limit)
    _, shown = plotly_shows(out)
    assert len(shown) <= limit and shown == shorten(text, limit)
    assert not re.search(r"&[#\w]*$", out), "an entity is never cut in half"


def test_bidi_controls_and_control_characters_are_written_out():
    assert visible("a\u202eb\u202cc") == "a[U+202E]b[U+202C]c"
    assert visible("\u2066x\u2069") == "[U+2066]x[U+2069]"
    assert visible("nul\x00 del\x7f") == "nul[U+0000] del[U+007F]"
    # Marks reorder nothing, and Persian or Arabic text must read as written.
    for kept in ("\u200f", "\u200e", "\u061c", "ایران و روسیه", "tab\tnew\nline\r"):
        assert visible(kept) == kept
    assert visible(None) == "" and visible(3) == "3"


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_script_json_never_closes_a_script(payload):
    out = script_json({"title": payload, "rows": [[payload, 1]]})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"title": payload, "rows": [[payload, 1]]}


@pytest.mark.parametrize(
    "raw, written",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),  # already an apostrophe before a formula: one more, so the way back is exact
        ("'quoted'", "'quoted'"),
        ("Russia = Iran", "Russia = Iran"),
        ("", ""),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(raw, written):
    assert csv_cell(raw) == written
    assert csv_raw(written) == raw


def test_csv_frame_leaves_numbers_and_ordinary_text_alone():
    frame = pd.DataFrame({"text": ["=cmd", "plain", "-dash"], "n": [1, -2, 3]})
    out = csv_frame(frame)
    assert out["text"].tolist() == ["'=cmd", "plain", "'-dash"] and out["n"].tolist() == [1, -2, 3]
    assert frame["text"].tolist() == ["=cmd", "plain", "-dash"], "the caller's frame is not changed"


def test_table_text_neutralises_cells_lists_categories_and_headers():
    frame = pd.DataFrame(
        {
            "Ti\u202etle": ["a\u202eb", "<b>kept for the library to escape</b>"],
            "list": [["x\u202e", "y"], []],
            "tag": pd.Categorical(["c\u202e", "d"]),
            "n": [1, 2],
        }
    )
    out = table_text(frame)
    assert list(out.columns) == ["Ti[U+202E]tle", "list", "tag", "n"]
    assert out.iloc[:, 0].tolist() == ["a[U+202E]b", "<b>kept for the library to escape</b>"]
    assert out["list"].tolist() == [["x[U+202E]", "y"], []]
    assert out["tag"].astype(str).tolist() == ["c[U+202E]", "d"] and out["n"].tolist() == [1, 2]
    assert table_text(pd.Series(["q\u202e"])).tolist() == ["q[U+202E]"]


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame({"Source": list(PAYLOADS.values()), "Claim": [f"c{i:011x}" for i in range(len(PAYLOADS))]})


def test_datatable_escapes_and_writes_script_safe_arguments():
    page = datatable_html(hostile_frame(), **CLAIMS_TABLE)
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    assert scripts and not any(s.lstrip().startswith("window.__pwned") for s in scripts)
    args = next(s for s in scripts if "let dt_args = " in s)
    assert "<" not in args.split("let dt_args = ", 1)[1].split("new ITable", 1)[0], "script_json wrote the args"
    assert not [p for p in PAYLOADS.values() if "<" in p and p in page], "no payload is written as it came"
    with pytest.raises(ValueError, match="allow_html"):
        datatable_html(hostile_frame(), allow_html=True)


def test_datatable_id_comes_from_content():
    frame = hostile_frame().assign(Note="test_datatable_id_comes_from_content")  # content no other test shows
    first, again, other = (datatable_html(f) for f in (frame, frame, frame.head(2)))
    ids = [re.search(r'<table id="([\w-]+)"', page).group(1) for page in (first, again, other)]
    assert re.fullmatch(r"itables-[0-9a-f]{12}", ids[0])
    assert ids[1] == f"{ids[0]}-1", "the same table again in one kernel: the same id, numbered"
    assert re.fullmatch(r"itables-[0-9a-f]{12}", ids[2]) and ids[2] != ids[0]


# ---- in the browser ---------------------------------------------------------------------------


def hostile_figure() -> go.Figure:
    """Every kind of label plotly draws, each carrying a payload."""
    labels = [plotly_text(p, 60) for p in PAYLOADS.values()]
    fig = go.Figure()
    for i, label in enumerate(labels[:4]):
        fig.add_bar(x=[label], y=[i + 1], name=label, hovertext=[label], hoverinfo="text", visible=i == 0)
    fig.add_scatter(x=labels[4:6], y=[1, 2], mode="markers+text", text=labels[6:8], name=labels[8])
    fig.add_annotation(text=labels[9], x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
    buttons = [
        dict(label=label, method="update", args=[{"visible": [j == i for j in range(5)]}])
        for i, label in enumerate(labels)
    ]
    return fig.update_layout(
        title=labels[10],
        xaxis_title=labels[11],
        yaxis=dict(tickvals=[1, 2], ticktext=labels[12:14]),
        legend_title_text=labels[0],
        updatemenus=[dict(buttons=buttons, x=0, y=1.3)],
        height=500,
        width=1100,
    )


@pytest.mark.slow  # a browser test, like the others; no report is built
def test_payloads_show_as_text_in_chromium_and_fetch_nothing(browser, tmp_path):
    from test_reports import open_offline

    from helpers.publish.report import CSP, plotly_js

    chart = hostile_figure().to_html(include_plotlyjs=False, full_html=False, div_id="hostile")
    blocks = "".join(f"<p class='payload'>{html_text(p)}</p>" for p in PAYLOADS.values())
    page_html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{html_text(CSP)}">'
        f"<script>{plotly_js()}</script></head><body>{blocks}{chart}</body></html>"
    )
    path = tmp_path / "hostile.html"
    path.write_text(page_html, encoding="utf-8")
    page = open_offline(browser, path)
    try:
        page.wait_for_function("() => document.getElementById('hostile')._fullLayout", timeout=30_000)
        page.locator(".updatemenu-header").click()  # draws every button's label
        page.evaluate("Plotly.Fx.hover('hostile', [{curveNumber: 0, pointNumber: 0}])")
        page.wait_for_selector(".hovertext")
        shown = page.locator(".payload").all_inner_texts()
        assert shown == [visible(p) for p in PAYLOADS.values()]
        svg_text = page.evaluate(
            "[...document.querySelectorAll('#hostile svg text')].map(t => t.textContent).join('\\n')"
        )
        for p in PAYLOADS.values():
            _, expected = plotly_shows(plotly_text(p, 60))
            assert expected.rstrip("…").strip() in svg_text, expected
        found = page.evaluate(
            """() => [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a =>
                /^(style|href|xlink:href|src|on\\w+)$/.test(a.name) && /attacker|javascript:|__pwned/.test(a.value)))
                .map(e => e.outerHTML.slice(0, 200))"""
        )
        assert page.locator("svg a, .payload *").count() == 0, "no link in a chart, no element in a paragraph"
        assert found == [], "no payload became an element or a style"
        assert page.evaluate("window.__pwned") is None
        assert page.outside == [], page.outside
        assert page.errors == [], page.errors
    finally:
        page.close()
