"""`python -m helpers slides`: a reveal.js deck to present the briefing from one offline file.

The deck runs title (scope, "information as of"), the key judgments at a glance, one slide per
judgment (likelihood, confidence, reason, best quotes), the ACH standings, each chapter's charts
under a takeaway title, and what to watch. Speaker notes are sentences, so a presenter can read
them out. reveal.js comes from the npm registry once (`npm pack` into build/vendor/, reused after)
and is inlined with plotly.js. No notebook is executed: the content comes from the same Briefing
methods the notebooks call, and every value shown goes through the template's escaping.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go

from helpers import paths
from helpers.analysis import ach
from helpers.errors import InputError
from helpers.files import write_atomically
from helpers.present.ids import element_id
from helpers.publish.report import (
    TITLE,
    chapter_theme,
    data_dir_from,
    heading,
    jinja_env,
    narrative,
    page_context,
    scope_from_args,
    slug,
    update_index,
)
from helpers.publish.vendor import VENDOR, npm_pack, plotly_js, read_member

REVEAL = "reveal.js@5"
REVEAL_FILES = {
    "js": "package/dist/reveal.js",
    "css": "package/dist/reveal.css",
    "theme": "package/dist/theme/white.css",
    "notes": "package/plugin/notes/notes.js",
}
CHART_BOX = (1200, 560)  # the chart's box in a 1280 x 720 slide, below its titles; a taller chart scrolls in it
# reveal.js draws the 1280 x 720 slide at 0.96 of a 1280 x 720 screen (its 4% margin), so 17 px of chart
# text shows at 16.3 px; plotly draws <sup> subtitles at 70% of their title's size.
CHART_FONT_PX = 17
SUP_SCALE = 0.7
QUOTES_PER_JUDGMENT = 2
SOURCES_ON_TITLE = 8  # more sources than this: the title slide lists those with most claims
MOSTLY = 2 / 3  # a chapter "mostly" cooperates (or diverges) when this share of its leaning claims does


# ---- vendored files ---------------------------------------------------------------------------


def vendored_reveal() -> dict[str, str]:
    """reveal.js files as text, from build/vendor/reveal.js-*.tgz (fetched with npm when missing)."""
    tarball, why = npm_pack(REVEAL, "reveal.js-5.*.tgz")
    if tarball is None:
        raise InputError(
            VENDOR,
            f"the slides need reveal.js from the npm registry once: {why}; or copy a "
            "reveal.js-5.x.tgz into build/vendor/ and rerun `make slides`",
        )
    files = {key: read_member(tarball, name) for key, name in REVEAL_FILES.items()}
    files["theme"] = re.sub(r"@import url\([^)]*\);", "", files["theme"])  # web fonts: system fonts instead
    return {k: re.sub(r"//# sourceMappingURL=\S+", "", v) for k, v in files.items()}


# ---- charts -----------------------------------------------------------------------------------


def _raise_fonts(node, px: int) -> None:
    """Raise, in place, every font size in a plotly spec to at least px (px / SUP_SCALE beside <sup> text)."""
    if isinstance(node, list):
        for item in node:
            _raise_fonts(item, px)
        return
    if not isinstance(node, dict):
        return
    text = node.get("text")
    floor = math.ceil(px / SUP_SCALE) if isinstance(text, str) and "<sup>" in text else px
    if floor > px and "type" not in node:  # a title or annotation (a trace has a type, and no font)
        node.setdefault("font", {})
    for key, value in node.items():
        if key.endswith("font") and isinstance(value, dict):
            size = value.get("size")
            value["size"] = [max(s or 0, floor) for s in size] if isinstance(size, list) else max(size or 0, floor)
        _raise_fonts(value, px)


def legible(fig: go.Figure, px: int = CHART_FONT_PX) -> go.Figure:
    """A copy of the figure whose drawn text is nowhere smaller than px: the base font, every font the
    chart or its template sets, and the text drawn on traces (bar and heatmap labels)."""
    spec = fig.to_dict()
    spec["layout"].setdefault("font", {})
    for trace in spec["data"]:
        if "text" in trace or "texttemplate" in trace:
            trace.setdefault("textfont", {})
    _raise_fonts(spec, px)
    return go.Figure(spec)


def chart_html(fig: go.Figure) -> str:
    """A chart sized for a slide (filling its box: larger text needs the room), its text legible from the
    back of a room, as plotly's own fragment (no plotly.js, no remote URL); its div id comes from the
    figure, so the same data gives the same deck."""
    width, height = CHART_BOX
    fig = legible(fig).update_layout(width=width, height=max(fig.layout.height or 0, height), autosize=False)
    return fig.to_html(
        include_plotlyjs=False,
        full_html=False,
        config={"displaylogo": False, "responsive": False},
        div_id=element_id("slide", fig.to_json()),
    )


# ---- words ------------------------------------------------------------------------------------


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _counted(values: pd.Series) -> str:
    """'4 roughly even chance and 1 likely': how often each value occurs, most frequent first."""
    parts = [f"{n} {value}" for value, n in values.value_counts().items()]
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]


def _unquoted(text: str) -> str:
    """A claim that is itself one whole quotation, without its marks: the slide puts its own around it."""
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text


def chapter_facts(b, theme: str) -> dict:
    """What a chapter's claims say in counts: how many, from how many sources, which way, on what."""
    c = b.chapter(theme)
    stance = c["stance"].astype(str).value_counts()
    areas = c["area"].astype(str).replace("", pd.NA).dropna().value_counts().head(2)
    return {
        "label": b.taxonomy.themes[theme].label,
        "claims": len(c),
        "sources": c["source_id"].nunique(),
        **{s: int(stance.get(s, 0)) for s in ("cooperation", "divergence", "context")},
        "areas": [b.taxonomy.areas[a].label if a in b.taxonomy.areas else a for a in areas.index],
    }


def derived_takeaway(facts: dict) -> str:
    """A chapter's takeaway from its counts, for a theme whose takeaway taxonomy.yml leaves unwritten."""
    leaning = facts["cooperation"] + facts["divergence"]
    if not facts["claims"]:
        return f"{facts['label']}: no claims in this scope"
    if not leaning:
        lean = "all of them context"
    elif facts["cooperation"] >= MOSTLY * leaning:
        lean = "mostly cooperation"
    elif facts["divergence"] >= MOSTLY * leaning:
        lean = "mostly divergence"
    else:
        lean = f"{facts['cooperation']} on cooperation against {facts['divergence']} on divergence"
    text = f"{facts['label']}: {_n(facts['claims'], 'claim')}, {lean}"
    return text + (f"; most on {' and '.join(facts['areas'])}" if facts["areas"] else "")


def facts_line(facts: dict) -> str:
    return (
        f"{facts['label']} chapter · {_n(facts['claims'], 'claim')} from {_n(facts['sources'], 'source')}: "
        f"{facts['cooperation']} cooperation, {facts['divergence']} divergence, {facts['context']} context"
    )


def as_of(sources: pd.DataFrame) -> str:
    """The latest publication date in scope: the deck's information is as of then."""
    dates = sources["published"].dropna()
    return f"{dates.max():%d %B %Y}" if len(dates) else "an unknown date (no source states one)"


def judgment_notes(j: dict, ranks: pd.Series) -> str:
    """A judgment's speaker notes in sentences: the estimate, what it rests on, the hypothesis behind it."""
    contested = (
        f"; {j['n_contradicted']} of them are contradicted elsewhere"
        if j["n_contradicted"]
        else "; none is contradicted"
    )
    tie = "rests on" if j["supports"] else "argues against"
    rank = ranks.get(j["hypothesis"])
    ranked = f", which the ACH matrix ranks {rank} of {len(ranks)}" if rank is not None else ""
    quoted = sorted({q["source"] for q in j["quotes"]})
    return (
        f"We judge this {j['likelihood']}, {j['low'] * 100:.0f} to {j['high'] * 100:.0f} per cent, "
        f"with {j['confidence']} confidence. "
        f"It rests on {_n(j['n_items'], 'evidence item')} from "
        f"{_n(j['n_independent_origins'], 'independent origin')}{contested}. "
        f"The judgment {tie} the hypothesis {j['hypothesis_label']}{ranked}. "
        f"The quotes on the slide come from {' and '.join(quoted)}."
    )


# ---- the deck's parts -------------------------------------------------------------------------


def judgments(b) -> list[dict]:
    """The key judgments in scope with their estimates, their best quotes and notes to read out."""
    from helpers.present.overview import strongest

    estimates, ranks = b.judgment_estimates(), ranking(b)["rank"]
    labels = {k: h.label for k, h in b.hypotheses.hypotheses.items()}
    in_scope, out = set(b.claims["claim_id"]), []
    for j in b.judgment_list():
        cited = [c for c in j.claims if c in in_scope]
        if not cited or j.judgment_id not in estimates.index or j.hypothesis not in labels:
            continue
        e = estimates.loc[j.judgment_id]
        quotes = [
            {
                "text": _unquoted(q["text"]),
                "said": q["attribution"],
                "source": b.titles.get(q["source_id"], q["source_id"]),
                "published": b.sources.set_index("source_id")["published"].get(q["source_id"]),
            }
            for _, q in strongest(b, cited, QUOTES_PER_JUDGMENT).iterrows()
        ]
        item = {
            "text": j.text,
            "likelihood": e["likelihood_word"],
            "low": e["probability_low"],
            "high": e["probability_high"],
            "range": f"{e['probability_low'] * 100:.0f}–{e['probability_high']:.0%}",
            "confidence": e["confidence"],
            "rationale": e["rationale"],
            "n_items": int(e["n_items"]),
            "n_independent_origins": int(e["n_independent_origins"]),
            "n_contradicted": int(e["n_contradicted"]),
            "hypothesis": j.hypothesis,
            "hypothesis_label": labels[j.hypothesis],
            "supports": j.supports,
            "quotes": [
                {**q, "published": "" if pd.isna(q["published"]) else f"{q['published']:%d %b %Y}"} for q in quotes
            ],
        }
        item["notes"] = judgment_notes(item, ranks)
        out.append(item)
    return out


def summary_notes(items: list[dict]) -> str:
    if not items:
        return "No key judgment rests on claims in this scope, so the deck goes straight to the hypotheses."
    frame = pd.DataFrame(items)
    return (
        f"The team makes {_n(len(items), 'key judgment')} in this scope. By likelihood: "
        f"{_counted(frame['likelihood'])}. By confidence: {_counted(frame['confidence'])}. "
        "Each of the next slides gives one judgment with its reason and its best quotes."
    )


def ranking(b) -> pd.DataFrame:
    """The hypotheses best first, with their standing: the frame `Briefing.ach()` shows, before its
    display headers (which are for readers, not code)."""
    return ach.rank_hypotheses(b.matrix).join(ach.standings(b.matrix))


def hypotheses(b) -> tuple[list[dict], str]:
    """The ACH standings, best first, and notes that say how to read them."""
    rows = [
        {
            "rank": int(r["rank"]),
            "label": r["label"],
            "statement": b.hypotheses.hypotheses[h].statement,
            "standing": f"{r['standing']:.2f}",
            "likelihood": ach.likelihood_word(r["standing"]),
            "against": int(r["n_inconsistent"]),
            "consistent": int(r["n_consistent"]),
        }
        for h, r in ranking(b).iterrows()
    ]
    best, worst = rows[0], rows[-1]
    notes = (
        "Analysis of competing hypotheses rates every evidence item as consistent or inconsistent with each "
        "hypothesis, and ranks the hypotheses by the weighted evidence against them, not by the evidence for them. "
        f"{best['label']} stands best, with {_n(best['against'], 'item')} against it and a standing of "
        f"{best['standing']}; {worst['label']} stands worst, with {_n(worst['against'], 'item')} against it. "
        "A standing is the share of probability the matrix gives a hypothesis, and the standings add up to one."
    )
    return rows, notes


def watch_list(b) -> tuple[list[dict], str]:
    """The indicators to watch, the hypotheses each would favour, and how often the sources mention it."""
    labels = {k: h.label for k, h in b.hypotheses.hypotheses.items()}
    rows = [
        {
            "label": r["label"],
            "favours": [labels.get(h, h) for h in r["favours"].split(";") if h],
            "claims": int(r["n_claims"]),
            "sources": int(r["n_sources"]),
        }
        for _, r in ach.indicators(b.claims, b.hypotheses).iterrows()
    ]
    sentences = [
        f"{r['label']}: that would favour {'; '.join(r['favours'])}; "
        + (
            f"the sources mention it in {_n(r['claims'], 'claim')} from {_n(r['sources'], 'source')}."
            if r["claims"]
            else "no source mentions it yet."
        )
        for r in rows
    ]
    intro = "These are the signs the team watches, because each would move the balance between the hypotheses."
    return rows, " ".join([intro, *sentences]) if rows else "The team has set no indicators to watch in hypotheses.yml."


def chapters(b, scope, themes: list[str]) -> list[dict]:
    """Each chapter in scope: its takeaway title (the team's, else one from the counts), its facts, its
    charts (a chapter with nothing dated has no timeline), and its opening prose as notes."""
    from markupsafe import Markup
    from nbconvert.filters import markdown2html

    out = []
    for path in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        theme = chapter_theme(path, themes)
        if not theme or (scope.themes and theme not in scope.themes):
            continue
        nb = nbformat.read(path, as_version=4)
        facts = chapter_facts(b, theme)
        out.append(
            {
                "heading": heading(nb),
                # the team's takeaway speaks of evidence; over a scope that leaves the chapter none, the counts speak
                "takeaway": (facts["claims"] and b.taxonomy.themes[theme].takeaway) or derived_takeaway(facts),
                "facts": facts_line(facts),
                "notes": Markup(markdown2html(narrative(nb))),
                "charts": [
                    Markup(chart_html(f)) for f in (b.timeline(theme, compact=True), b.areas(theme)) if f is not None
                ],
            }
        )
    return out


def build_slides(args) -> int:
    from markupsafe import Markup

    from helpers.present.briefing import Briefing
    from helpers.present.overview import ICD_203

    data = data_dir_from(args)
    scope = scope_from_args(args, data)
    vendor = vendored_reveal()  # fails early, before any work, when npm is missing
    page = page_context(scope, data)
    b = Briefing(scope, data.root)
    key = judgments(b)
    ach_rows, ach_notes = hypotheses(b)
    watch, watch_notes = watch_list(b)
    parts = chapters(b, scope, list(b.taxonomy.themes))
    listed = sorted(page["sources"], key=lambda s: -s["Claims"])[:SOURCES_ON_TITLE]
    name = f"briefing-{slug(scope)}-slides.html" if slug(scope) else "briefing-slides.html"
    title = TITLE + (f" ({page['scope']})" if slug(scope) else "")
    date = as_of(b.sources)  # the sources in scope, as the overview counts them
    html = (
        jinja_env()
        .get_template("slides.html.j2")
        .render(
            title=title,
            page=page,
            as_of=date,
            n_sources=len(b.sources),
            listed=listed,
            more_sources=len(page["sources"]) - len(listed),
            title_notes=(
                f"This deck presents the briefing on {_n(len(b.sources), 'source')}, with information as "
                f"of {date}, the latest publication date among them. Every statement from a source appears as a "
                "quote with its source's title, and the stamp identifies the evidence the deck was built from."
            ),
            judgments=key,
            summary_notes=summary_notes(key),
            icd=ICD_203,
            hypotheses=ach_rows,
            ach_notes=ach_notes,
            chapters=parts,
            watch=watch,
            watch_notes=watch_notes,
            plotly_js=Markup(plotly_js()),
            reveal={k: Markup(v) for k, v in vendor.items()},
        )
    )
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    write_atomically({out / name: html})
    update_index(
        out,
        {
            name: {
                "kind": "slides",
                "title": title,
                "scope": page["scope"],
                "built": page["built"],
                "stamp": page["stamp"],
            }
        },
    )
    n = 4 + len(key) + sum(len(c["charts"]) for c in parts)  # title, summary, ACH and closing slides
    print(f"Wrote {out / name}: {n} slides ({len(key)} judgments, {len(parts)} chapters)", file=sys.stderr)
    return 0
