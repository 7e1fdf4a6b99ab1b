"""The deck: legible charts, takeaway titles, notes in sentences, and every slide a presenter needs, offline.

Fast tests cover the pieces on small inputs; the browser test builds the real deck once and opens it in
Chromium at 1280 x 720 with the network blocked.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from syntok import segmenter

from helpers import paths
from helpers.config import load_taxonomy
from helpers.errors import InputError
from helpers.publish.slides import SUP_SCALE, derived_takeaway, judgment_notes, legible

from conftest import watch_offline

CLAIM_ID = re.compile(r"\bc[0-9a-f]{11}\b")
SCREEN = {"width": 1280, "height": 720}
MIN_CHART_PX = 16


def _sizes(node, found=None) -> list[float]:
    """Every font size a plotly spec sets, wherever it sits."""
    found = [] if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and value.get("size") is not None:
                found.extend(value["size"] if isinstance(value["size"], list) else [value["size"]])
            _sizes(value, found)
    elif isinstance(node, list):
        for item in node:
            _sizes(item, found)
    return found


def sentences(text: str) -> list[str]:
    """The sentences of a text, by syntok (the splitter the build uses)."""
    return [
        "".join(t.spacing + t.value for t in sentence).strip()
        for paragraph in segmenter.process(text)
        for sentence in paragraph
    ]


def is_prose(text: str) -> bool:
    """Sentences, not a list of ids: no claim id, the text opens and closes as prose does, and every
    sentence (syntok also splits at a semicolon) has words and ends in punctuation."""
    text = " ".join(text.split())
    found = sentences(text)
    return (
        bool(found)
        and not CLAIM_ID.search(text)
        and text[0].isupper()
        and text[-1] in ".!?"
        and all(len(s.split()) >= 3 and s[-1] in ".!?;:" for s in found)
    )


# ---- pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fig",
    [
        pytest.param(
            go.Figure(go.Bar(x=[1, 2], y=["a", "b"], text=["1", "2"], orientation="h")).update_layout(
                font_size=10, yaxis_tickfont_size=9, legend_font_size=8
            ),
            id="bar with text and small axis fonts",
        ),
        pytest.param(
            go.Figure(go.Heatmap(z=[[1, 2]], texttemplate="%{z}"))
            .update_layout(title=dict(text="Title<br><sup>subtitle</sup>", font_size=12))
            .add_annotation(text="panel", font_size=11, x=0, y=0),
            id="heatmap, sup subtitle, annotation",
        ),
        pytest.param(
            go.Figure(go.Scatter(x=[1, 2], y=[1, 2], mode="markers+text", text=["a", "b"], textfont_size=[8, 30])),
            id="per-point text sizes",
        ),
    ],
)
def test_legible_raises_every_font_to_the_floor(fig):
    spec = legible(fig, 17).to_dict()
    assert spec["layout"]["font"]["size"] >= 17
    assert min(_sizes(spec)) >= 17
    assert all("size" in t["textfont"] for t in spec["data"] if "text" in t or "texttemplate" in t), "trace text too"
    title = spec["layout"].get("title", {})
    if "<sup>" in title.get("text", ""):
        assert title["font"]["size"] * SUP_SCALE >= 17, "the subtitle, drawn at 70%, still reaches the floor"
    if "textfont" in spec["data"][0] and isinstance(spec["data"][0]["textfont"]["size"], list):
        assert spec["data"][0]["textfont"]["size"] == [17, 30], "large sizes are kept"


def _facts(**counts) -> dict:
    base = dict(label="Military", claims=0, sources=2, cooperation=0, divergence=0, context=0, areas=[])
    return base | counts


@pytest.mark.parametrize(
    "facts, expected",
    [
        pytest.param(
            _facts(claims=46, cooperation=38, divergence=2, context=6, areas=["Drones", "Arms transfers"]),
            "Military: 46 claims, mostly cooperation; most on Drones and Arms transfers",
            id="mostly cooperation",
        ),
        pytest.param(
            _facts(claims=10, cooperation=1, divergence=8, context=1, areas=["Israel"]),
            "Military: 10 claims, mostly divergence; most on Israel",
            id="mostly divergence",
        ),
        pytest.param(
            _facts(claims=9, cooperation=5, divergence=4),
            "Military: 9 claims, 5 on cooperation against 4 on divergence",
            id="split, no area",
        ),
        pytest.param(_facts(claims=1, context=1), "Military: 1 claim, all of them context", id="context only"),
        pytest.param(_facts(), "Military: no claims in this scope", id="empty chapter"),
    ],
)
def test_a_chapter_without_a_team_takeaway_gets_one_from_its_counts(facts, expected):
    assert derived_takeaway(facts) == expected


def test_judgment_notes_are_sentences_without_ids():
    item = dict(
        likelihood="likely",
        low=0.55,
        high=0.8,
        confidence="moderate",
        n_items=3,
        n_independent_origins=1,
        n_contradicted=0,
        hypothesis="H2",
        hypothesis_label="Two-way partnership of convenience",
        supports=True,
        quotes=[{"source": "A title"}, {"source": "Another title"}],
    )
    notes = judgment_notes(item, pd.Series({"H2": 1, "H3": 2}))
    assert is_prose(notes), notes
    assert "likely, 55 to 80 per cent" in notes and "1 independent origin;" in notes and "ranks 1 of 2" in notes


@pytest.mark.parametrize(
    "takeaway, why",
    [
        pytest.param("x" * 111, "110", id="too long for a slide title"),
        pytest.param('"one line\\nand another"', "takeaway", id="two lines"),
    ],
)
def test_a_bad_takeaway_names_the_file(tmp_path, takeaway, why):
    text = (paths.DATA_DIR / "taxonomy.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^    takeaway: .*$", "", text)
    bad = tmp_path / "taxonomy.yml"
    bad.write_text(text.replace("    label: Military\n", f"    label: Military\n    takeaway: {takeaway}\n"), "utf-8")
    with pytest.raises(InputError) as err:
        load_taxonomy(bad)
    assert "taxonomy.yml" in str(err.value) and why in str(err.value), str(err.value)


# ---- the real deck, in Chromium ---------------------------------------------------------------

FONTS = """() => { const s = Reveal.getCurrentSlide(), k = Reveal.getScale();
    return [...s.querySelectorAll('.plotly-graph-div svg text')]
        .filter(e => e.textContent.trim() && e.getBoundingClientRect().width > 0)
        .map(e => [e.textContent.slice(0, 40), parseFloat(getComputedStyle(e).fontSize) * k]); }"""


@pytest.fixture(scope="module")
def deck(browser, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deck")
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "slides", "--out", str(out)],
        cwd=paths.PROJ_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out / "briefing-slides.html"


def _open(browser, path: Path):
    page = browser.new_page(viewport=SCREEN)
    watch_offline(page)
    page.goto(path.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    return page


@pytest.mark.slow
def test_the_deck_has_every_slide_a_presenter_needs(deck, browser):
    from helpers.present.briefing import Briefing

    b = Briefing()
    estimates = b.judgment_estimates()
    judged = [j for j in b.judgment_list() if set(j.claims) & set(b.claims["claim_id"])]
    page = _open(browser, deck)
    try:
        title = page.locator("section.title-slide")
        assert f"Information as of {b.sources['published'].max():%d %B %Y}" in title.inner_text()

        summary = page.locator("section.summary-slide").inner_text()
        for j in judged:
            assert estimates.loc[j.judgment_id, "likelihood_word"] in summary
            assert " ".join(j.text.split()[:8]) in " ".join(summary.split())

        slides = page.locator("section.judgment-slide")
        assert slides.count() == len(judged)
        for i, j in enumerate(judged):
            e, text = estimates.loc[j.judgment_id], slides.nth(i).inner_text()
            low, high = round(e["probability_low"] * 100), round(e["probability_high"] * 100)
            assert e["likelihood_word"] in text and f"{low}–{high}%" in text and f"{e['confidence']} confidence" in text
            assert e["rationale"] in text
            cites = slides.nth(i).locator("blockquote cite").all_inner_texts()
            assert cites and all(any(t in c for t in b.titles.values()) for c in cites), cites
            assert not CLAIM_ID.search(text), "quotes are attributed to titles, never ids"

        ach = page.locator("section.ach-slide tbody tr")
        assert ach.count() == len(b.hypotheses.hypotheses)
        assert ach.first.inner_text().startswith("1")

        chart_slides = page.locator("section.chart-slide")
        takeaways = {t.takeaway for t in b.taxonomy.themes.values() if t.takeaway}
        titles = chart_slides.locator("h3").all_inner_texts()
        assert titles and set(titles) <= takeaways, "each chapter slide's title is its takeaway"

        watch = page.locator("section.watch-slide").inner_text()
        for indicator in b.hypotheses.indicators.values():
            assert indicator.label in watch

        charts = page.locator("section.chart-slide .plotly-graph-div").count()
        assert charts == chart_slides.count() >= len(titles)
        total = page.evaluate("Reveal.getTotalSlides()")
        assert total == 4 + len(judged) + charts, "title, summary, judgments, ACH, one slide per chart, closing"

        notes = page.locator("aside.notes")
        assert notes.count() == page.evaluate("Reveal.getTotalSlides()")
        for text in notes.all_text_contents():
            assert is_prose(text), text[:300]

        shots, smallest = paths.REPORTS_DIR / "screenshots", []
        shots.mkdir(parents=True, exist_ok=True)
        wanted = {"title-slide": 0, "judgment-slide": 0, "ach-slide": 0, "chart-slide": 0}
        for i in range(page.evaluate("Reveal.getTotalSlides()")):
            page.evaluate(f"Reveal.slide({i})")
            kind = page.evaluate("Reveal.getCurrentSlide().className.split(' ')[0]")
            if page.evaluate("!!Reveal.getCurrentSlide().querySelector('.plotly-graph-div')"):
                page.wait_for_function(
                    "() => { const g = Reveal.getCurrentSlide().querySelector('.plotly-graph-div');"
                    " return g.dataset.shown && g.querySelector('.main-svg').getBoundingClientRect().width > 0 }"
                )
                fonts = page.evaluate(FONTS)
                assert fonts, f"slide {i}: no chart text found"
                smallest.append(min(px for _, px in fonts))
                small = [(t, round(px, 1)) for t, px in fonts if px < MIN_CHART_PX]
                assert not small, f"slide {i}: chart text under {MIN_CHART_PX} px at 1280x720: {small[:5]}"
            if wanted.get(kind) == 0:
                wanted[kind] = 1
                page.wait_for_timeout(800)  # the slide transition
                page.screenshot(path=str(shots / f"slides-{kind}.png"))
        assert smallest and math.isfinite(min(smallest))
        assert page.outside == [] and page.errors == [], (page.outside, page.errors)
    finally:
        page.close()
