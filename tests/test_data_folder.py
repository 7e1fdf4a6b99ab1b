"""Themes live in taxonomy.yml and a data folder is used whole: no theme name or path is fixed in code.

Each test copies data/ and changes the copy's taxonomy, then builds and draws a chapter from it,
as an analyst would after editing the file. Building the four seeds takes about a second.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import paths
from helpers.build.pipeline import run
from helpers.present import charts
from helpers.present.briefing import Briefing

from conftest import settings_for

pytestmark = pytest.mark.slow


def _copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "other-data"
    shutil.copytree(paths.DATA_DIR, data, ignore=shutil.ignore_patterns("processed"))
    (data / "processed").mkdir()
    return data


def _rename_theme(data: Path, old: str, new: str, label: str) -> None:
    """Rename a theme everywhere the analyst's files name it (its key, its areas, ACH rules)."""
    tax = (data / "taxonomy.yml").read_text(encoding="utf-8")
    tax = re.sub(rf"^  {old}:\n    label: .*$", f"  {new}:\n    label: {label}", tax, count=1, flags=re.M)
    tax = tax.replace(f"theme: {old}\n", f"theme: {new}\n")
    (data / "taxonomy.yml").write_text(tax, encoding="utf-8")
    hyp = (data / "hypotheses.yml").read_text(encoding="utf-8")
    hyp = re.sub(rf"(themes: \[[^\]]*)\b{old}\b", rf"\g<1>{new}", hyp)
    (data / "hypotheses.yml").write_text(hyp, encoding="utf-8")


NEW_THEME = """  energy_security:
    label: Energy security
    keywords: [oil, gas, energy, pipeline*, Gazprom]
"""


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    """A copy of data/ with 'military' renamed 'defence', 'divergences' renamed 'frictions', and a new theme
    that takes over the energy area."""
    data = _copy_data(tmp_path_factory.mktemp("renamed"))
    _rename_theme(data, "military", "defence", "Defence")
    _rename_theme(data, "divergences", "frictions", "Frictions")
    tax = (data / "taxonomy.yml").read_text(encoding="utf-8")
    tax = tax.replace("\nareas:\n", "\n" + NEW_THEME + "\nareas:\n", 1)
    tax = tax.replace(
        "  energy:\n    label: Energy\n    theme: economy\n",
        "  energy:\n    label: Energy\n    theme: energy_security\n",
    )
    (data / "taxonomy.yml").write_text(tax, encoding="utf-8")
    run(settings_for(data), progress=False)
    return data


def test_renamed_and_new_themes_are_tagged_without_code_changes(renamed):
    claims = Briefing(data=renamed).all_claims
    themes = set(claims["theme"].astype(str))
    assert {"defence", "frictions", "energy_security"} <= themes
    assert not {"military", "divergences"} & themes


def test_boosts_and_chapter_widening_follow_the_renamed_theme(renamed):
    b = Briefing(data=renamed)
    frictions = b.chapter("frictions")
    assert (frictions["stance"] == "divergence").all() or (frictions["theme"] == "frictions").any()
    diverging = b.claims[b.claims["stance"] == "divergence"]
    assert set(diverging["claim_id"]) <= set(frictions["claim_id"]), "chapter_also moved with the theme"
    assert (frictions["theme"] != "frictions").any(), "the renamed chapter still reaches beyond its theme"


def test_a_chapter_of_a_renamed_theme_renders(renamed):
    b = Briefing(data=renamed)
    assert "claims" in b.glance("defence").data
    timeline = b.timeline("defence")
    assert any(t.name == "Defence" for t in timeline.data), "the legend takes the label from the copy's taxonomy"
    assert b.areas("defence").data, "the areas chart draws"
    assert not b.claims_view("defence").empty


def test_a_new_theme_without_a_colour_gets_one(renamed):
    b = Briefing(data=renamed)
    with charts.reading(b.data):
        colour = charts.theme_colour("energy_security")
    assert colour in charts.THEME_PALETTE
    fig = b.timeline()  # the whole timeline: the new theme's own chapter may have nothing dated
    drawn = [t for t in fig.data if t.legendgroup == "energy_security"]
    if b.timeline("energy_security") is not None:
        assert drawn, "the new theme's dated events are drawn"
    assert all(t.marker.color == colour for t in drawn)


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    """A second data folder whose taxonomy differs: other labels, colours and zoom date, two sources only."""
    data = _copy_data(tmp_path_factory.mktemp("second"))
    for extra in sorted((data / "sources").iterdir())[2:]:
        extra.unlink()
    meta = (data / "sources.csv").read_text(encoding="utf-8").splitlines()
    kept = {p.stem for p in (data / "sources").iterdir()}
    (data / "sources.csv").write_text(
        "\n".join([meta[0]] + [r for r in meta[1:] if r.split(",")[0] in kept]) + "\n", encoding="utf-8"
    )
    (data / "curation.yml").write_text("claims: {}\n", encoding="utf-8")
    (data / "judgments.yml").unlink()  # its judgments cite claims of the sources left out; this folder has none
    tax = (data / "taxonomy.yml").read_text(encoding="utf-8")
    tax = tax.replace("    label: History\n", "    label: The long view\n").replace(
        'colour: "#DDCC77"', 'colour: "#882255"'
    )
    tax = re.sub(r"zoom_from: \d{4}-\d{2}-\d{2}", "zoom_from: 2000-01-01", tax)
    (data / "taxonomy.yml").write_text(tax, encoding="utf-8")
    run(settings_for(data), progress=False)
    return data


def test_briefing_reads_everything_from_the_folder_it_is_given(second):
    b = Briefing(data=second)
    assert len(b.sources) == 2
    assert b.taxonomy.themes["history"].label == "The long view"
    assert b.taxonomy.timeline.zoom_from.year == 2000
    fig = b.timeline()
    assert "since 2000" in fig.layout.title.text
    assert any(t.name == "The long view" and t.marker.color == "#882255" for t in fig.data)


def test_source_colours_come_from_the_folder_in_use(second):
    b = Briefing(data=second)
    ids = sorted(b.sources["source_id"])
    with charts.reading(b.data):
        colours = charts.source_colours(reversed(ids))
    assert [colours[s] for s in ids] == list(charts.SOURCE_PALETTE[:2])


def test_environment_variable_points_every_reader_at_the_folder(second, monkeypatch):
    monkeypatch.setenv(paths.DATA_ENV, str(second))
    b = Briefing()
    assert b.data.root == second.resolve()
    assert b.taxonomy.themes["history"].label == "The long view"
    assert charts._taxonomy().themes["history"].label == "The long view"
