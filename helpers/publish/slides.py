"""`python -m helpers slides`: a reveal.js deck of the key judgments and each chapter's charts.

reveal.js comes from the npm registry once (`npm pack` into build/vendor/, reused after) and is
inlined with plotly.js, so the one HTML file runs with no network. No notebook is executed: the
charts are drawn by the same Briefing methods the notebooks call.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from helpers import paths
from helpers.config import load_judgments, load_taxonomy
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
SLIDE_SIZE = (1200, 560)  # the chart's box inside a 1280 x 720 slide, below the slide title


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


def chart_html(fig) -> str:
    """A chart sized for a slide, as plotly's own fragment (no plotly.js, no remote URL); its div id
    comes from the figure, so the same data gives the same deck."""
    width, height = SLIDE_SIZE
    fig = fig.update_layout(width=width, height=min(fig.layout.height or height, height), margin_b=70, autosize=False)
    return fig.to_html(
        include_plotlyjs=False,
        full_html=False,
        config={"displaylogo": False, "responsive": False},
        div_id=element_id("slide", fig.to_json()),
    )


def build_slides(args) -> int:
    from markupsafe import Markup
    from nbconvert.filters import markdown2html

    from helpers.present.briefing import Briefing

    data = data_dir_from(args)
    scope = scope_from_args(args, data)
    vendor = vendored_reveal()  # fails early, before any work, when npm is missing
    page = page_context(scope, data)
    b, themes = Briefing(scope, data.root), list(load_taxonomy(data.taxonomy).themes)
    in_scope, judgments = set(b.claims["claim_id"]), []
    for j in load_judgments(data.judgments):
        cited = [b.claim(c) for c in j.claims if c in in_scope]
        if cited:
            judgments.append(
                {
                    "text": j.text,
                    "confidence": j.confidence,
                    "ids": [c["claim_id"] for c in cited],
                    "quotes": [(c["text"], b.titles.get(c["source_id"], c["source_id"])) for c in cited[:3]],
                }
            )
    chapters = []
    for path in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        theme = chapter_theme(path, themes)
        if theme and (not scope.themes or theme in scope.themes):
            nb = nbformat.read(path, as_version=4)
            notes = Markup(markdown2html(narrative(nb)))
            chapters.append(
                {
                    "title": heading(nb),
                    "notes": notes,
                    "charts": [Markup(chart_html(b.timeline(theme))), Markup(chart_html(b.areas(theme)))],
                }
            )
    name = f"briefing-{slug(scope)}-slides.html" if slug(scope) else "briefing-slides.html"
    title = TITLE + (f" ({page['scope']})" if slug(scope) else "")
    template = jinja_env().get_template("slides.html.j2")
    html = template.render(
        title=title,
        page=page,
        judgments=judgments,
        chapters=chapters,
        plotly_js=Markup(plotly_js()),
        reveal={k: Markup(v) for k, v in vendor.items()},
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
    n = 1 + len(judgments) + sum(len(c["charts"]) for c in chapters)
    print(f"Wrote {out / name}: {n} slides ({len(judgments)} judgments, {len(chapters)} chapters)", file=sys.stderr)
    return 0
