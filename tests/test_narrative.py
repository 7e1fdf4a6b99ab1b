"""The team's prose says only what the evidence or the reference timeline says.

Every number and every proper name in the notebooks' markdown must occur in the claims the build
kept, in the sources' titles, in the taxonomy's labels or in the cited reference timeline. A name the
team uses for its own method (ACH, ICD 203) is listed below with the reason it may appear. The check
is deliberately blunt: it cannot tell whether a sentence is true, only whether its facts have a
home in the data. It reads the committed processed data, so it is as fast as reading four CSVs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import paths

# Words of the team's own vocabulary: method, product and typography, not facts about the world.
METHOD_WORDS = {
    "ACH": "Analysis of Competing Hypotheses, the method the outlook chapter applies",
    "Heuer": "Richards Heuer, who described ACH",
    "Richards": "his first name",
    "Analysis": "part of the method's name",
    "Competing": "part of the method's name",
    "Hypotheses": "part of the method's name",
    "ICD": "the US intelligence community directive whose likelihood words the briefing uses",
    "203": "the number of that directive",
    "Admiralty": "the source-grading scale",
    "CSV": "the file format the explorer saves",
    "Export": "a button name",
    "Download": "a button name",
    "Ctrl": "a key name",
    "Shift": "a key name",
    "C": "the ACH cell rating 'consistent'",
    "I": "the ACH cell rating 'inconsistent'",
    "NA": "the ACH cell rating 'not applicable'",
    "A": "a grade letter",
    "E": "a grade letter",
    "F": "a grade letter",
    "JupyterLab": "where the explorer runs",
    "Python": "the language the explorer's state is read from",
}
NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
CAPITALISED = re.compile(r"\b[A-Z][A-Za-z’'\-]*[A-Za-z]|\b[A-Z]\b")
NUMBER = re.compile(r"(?<![\w.])\d(?:[\d,]*\d)?(?:\.\d+)?(?!\w)")
SENTENCE_START = re.compile(r"(?:(?:^|\n)\s*(?:[#*>-]+\s*)?|[.!?:;]\s+|\*|_|\(|“|\")$")  # emphasis names a term


def _prose(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return re.sub(r"`[^`]*`", " ", text)  # code spans name files and functions, not facts


@pytest.fixture(scope="module")
def evidence() -> str:
    """All the text a fact in the prose may come from, as one searchable string."""
    claims = pd.read_csv(paths.PROCESSED_CLAIMS, usecols=["text"], dtype=str)
    sources = pd.read_csv(paths.PROCESSED_SOURCES, dtype=str)
    taxonomy = paths.TAXONOMY.read_text(encoding="utf-8")
    reference = paths.REFERENCE_EVENTS.read_text(encoding="utf-8") if paths.REFERENCE_EVENTS.exists() else ""
    parts = [*claims["text"], *sources.get("title", pd.Series(dtype=str)).fillna(""), taxonomy, reference]
    return "\n".join(parts)


def unsupported(prose: str, evidence: str) -> list[str]:
    """Proper names (not sentence openings) and numbers of `prose` that `evidence` never mentions."""
    missing = []
    for match in CAPITALISED.finditer(prose):
        word = match.group().strip("’'-")
        if SENTENCE_START.search(prose[: match.start()]) or word in METHOD_WORDS:
            continue
        for part in word.split("-"):  # Iranian-backed, Shift-click: each part on its own
            stem = re.sub(r"(?:’s|'s|s)$", "", part)  # Iran's, Russians
            if part[:1].isupper() and {part, stem}.isdisjoint(METHOD_WORDS) and stem not in evidence:
                missing.append(part)
    for match in NUMBER.finditer(prose):
        if match.group() not in METHOD_WORDS and match.group() not in evidence:
            missing.append(match.group())
    return sorted(set(missing))


def test_the_check_catches_an_unsupported_name_and_number():
    evidence = "Russia and Iran signed a treaty in 2025."
    prose = "In 2025 Russia and Iran signed a treaty. They also met in Minsk in 2019."
    assert unsupported(prose, evidence) == ["2019", "Minsk"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_names_and_numbers_have_a_home_in_the_data(notebook, evidence):
    missing = unsupported(_prose(notebook), evidence)
    assert not missing, (
        f"{notebook.name}: the prose names {missing}, which no claim, source title, taxonomy label or "
        "reference event mentions; cite it from data/reference_events.yml or reword it"
    )


def test_reference_events_the_prose_leans_on_are_cited():
    """An outside fact may enter the prose only through the reference timeline, which cites it."""
    raw = yaml.safe_load(paths.REFERENCE_EVENTS.read_text(encoding="utf-8")) or {}
    assert all(event.get("citations") for event in raw.get("events", []))
