"""The reference timeline: the file validates, bad entries fail as one line, and the conflict rules fire and hold back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths, schema
from helpers.build import reference
from helpers.cli import main
from helpers.config import load_reference_events, load_taxonomy
from helpers.config.reference_events import ReferenceEvents
from helpers.errors import InputError

GOOD = """\
events:
  - id: treaty-signed
    date: "2025-01-17"
    precision: day
    label: Partnership treaty signed
    kind: treaty
    actors: [Russia, Iran]
    aliases: [partnership treaty]
    not: [defence pact]
    citations:
      - {publisher: Example Wire, title: Treaty signed, date: 2025-01-17}
"""


def test_the_team_file_validates_with_30_cited_events_from_1991_on():
    timeline = load_reference_events(paths.REFERENCE_EVENTS)
    assert len(timeline.events) >= 30
    assert all(e.citations and e.span[0].year >= 1991 and len(e.label) <= 60 for e in timeline.events)
    assert len({e.id for e in timeline.events}) == len(timeline.events)


def test_a_missing_file_is_an_empty_timeline(tmp_path):
    assert load_reference_events(tmp_path / "reference_events.yml") == ReferenceEvents()


BAD = [
    pytest.param(
        GOOD.replace("    citations:\n      - {publisher: Example Wire, title: Treaty signed, date: 2025-01-17}\n", ""),
        "citations",
        id="no citation",
    ),
    pytest.param(
        GOOD.replace(
            "    citations:\n      - {publisher: Example Wire, title: Treaty signed, date: 2025-01-17}\n",
            "    citations: []\n",
        ),
        "citations",
        id="empty citations",
    ),
    pytest.param(
        GOOD.replace(
            "Partnership treaty signed", "A label far longer than sixty characters, which no timeline can draw"
        ),
        "label",
        id="label over 60",
    ),
    pytest.param(GOOD.replace('date: "2025-01-17"', 'date: "2025-01"'), "precision", id="precision and date disagree"),
    pytest.param(
        GOOD.replace('date: "2025-01-17"', 'date: "2025-02-30"'), "2025-02-30", id="a day that does not exist"
    ),
    pytest.param(GOOD + GOOD.split("events:\n", 1)[1], "appears twice", id="duplicate id"),
    pytest.param(GOOD.replace("  - {publisher", "  - {source: x, publisher"), "source", id="unknown citation field"),
]


@pytest.mark.parametrize("text, named", BAD)
def test_a_bad_entry_is_one_input_error_naming_the_file(tmp_path, text, named):
    path = tmp_path / "reference_events.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_reference_events(path)
    line = str(err.value)
    assert "reference_events.yml" in line and named in line and "\n" not in line


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("refdata") / "data"
    shutil.copytree(paths.DATA_DIR, data, ignore=shutil.ignore_patterns("processed"))
    return data


@pytest.mark.parametrize("text, named", [BAD[0], BAD[2], BAD[3], BAD[5]])
def test_the_build_stops_with_one_line_and_exit_2(data_copy, capsys, text, named):
    (data_copy / "reference_events.yml").write_text(text, encoding="utf-8")
    status = main(["build", "--quiet", "--data", str(data_copy)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert (
        len(lines) == 1 and lines[0].startswith("error: ") and "reference_events.yml" in lines[0] and named in lines[0]
    )
    assert not (data_copy / "processed" / "claims.csv").exists()


# --- the conflict rules, on small frames -----------------------------------------------------------

TIMELINE = ReferenceEvents.model_validate(
    {
        "cues": {"supplied": ["supplies", "delivered"], "withheld": ["reluctance", "not"]},
        "events": [
            {
                "id": "regime-falls",
                "date": "2024-12-08",
                "precision": "day",
                "label": "Regime falls",
                "kind": "statement",
                "ends": ["Assad regime"],
                "citations": [{"publisher": "Wire", "title": "It fell", "date": "2024-12-08"}],
            },
            {
                "id": "treaty-signed",
                "date": "2025-01-17",
                "precision": "day",
                "label": "Treaty signed",
                "kind": "treaty",
                "actors": ["Russia", "Iran"],
                "aliases": ["partnership treaty"],
                "not": ["defence pact"],
                "citations": [
                    {"publisher": "Wire", "title": "Signed", "date": "2025-01-17", "url": "https://example.org/t"}
                ],
            },
            {
                "id": "no-s400",
                "date": "2019-06-10",
                "precision": "day",
                "label": "No S-400 requested",
                "kind": "statement",
                "actors": ["Russia", "Iran"],
                "not_delivered": ["S-400"],
                "citations": [{"publisher": "Wire", "title": "None", "date": "2019-06-10"}],
            },
        ],
    }
)


def _claims(*rows: tuple[str, str, str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(source published, text, modality, date_start[:date_text]) -> claims and sources in the memory dialect."""
    claims, sources = [], []
    for i, (published, text, modality, dated) in enumerate(rows):
        day, _, words = dated.partition(":")
        claims.append(
            {
                "claim_id": f"c{i:011x}",
                "source_id": f"s{i}",
                "text": text,
                "modality": modality,
                "actors": ["Russia", "Iran"] if "Iran" in text else [],
                "date_start": pd.Timestamp(day) if day else pd.NaT,
                "date_end": pd.Timestamp(day) if day else pd.NaT,
                "date_text": words,
                "is_filler": False,
                "is_rejected": False,
            }
        )
        sources.append({"source_id": f"s{i}", "published": pd.Timestamp(published)})
    return pd.DataFrame(claims), pd.DataFrame(sources)


def _found(*rows) -> set[tuple[int, str]]:
    claims, sources = _claims(*rows)
    out = reference.conflicts(claims, sources, TIMELINE, load_taxonomy())
    schema.validate("reference_conflicts", schema.to_disk("reference_conflicts", out))
    return {(int(cid[1:], 16), kind) for cid, kind in zip(out["claim_id"], out["conflict"])}


@pytest.mark.parametrize(
    "row, expected",
    [
        pytest.param(
            ("2025-06-22", "Russia backs the Assad regime in Syria.", "asserted", ""),
            "standing_after_end",
            id="present after the fall",
        ),
        pytest.param(
            ("2025-06-22", "Russia backed the Assad regime for years.", "asserted", ""), None, id="past tense"
        ),
        pytest.param(
            ("2024-11-01", "Russia backs the Assad regime in Syria.", "asserted", ""),
            None,
            id="published before the fall",
        ),
        pytest.param(
            ("2025-06-19", "The partnership treaty is set to be signed soon.", "forecast", ""),
            "forecast_after_fact",
            id="stale forecast",
        ),
        pytest.param(
            ("2024-12-01", "The partnership treaty is set to be signed soon.", "forecast", ""),
            None,
            id="forecast before the fact",
        ),
        pytest.param(
            ("2025-06-19", "The partnership treaty signed in January will lift trade.", "forecast", ""),
            None,
            id="consequence of a done event",
        ),
        pytest.param(
            ("2025-02-01", "Russia and Iran now have a defence pact.", "asserted", ""),
            "described_as_not",
            id="defence pact",
        ),
        pytest.param(
            ("2025-02-01", "Russia and Iran signed a treaty that is not a defence pact.", "asserted", ""),
            None,
            id="negated description",
        ),
        pytest.param(
            ("2025-02-01", "Russia and Iran signed the partnership treaty in 2023.", "asserted", "2023-01-01:in 2023"),
            "dated_differently",
            id="dated differently",
        ),
        pytest.param(
            (
                "2025-02-01",
                "Russia and Iran signed the partnership treaty in January 2025.",
                "asserted",
                "2025-01-17:in January 2025",
            ),
            None,
            id="dated right",
        ),
        pytest.param(
            (
                "2025-02-01",
                "Russia and Iran signed the partnership treaty in March.",
                "asserted",
                "2024-03-01:in March",
            ),
            None,
            id="a month without its year is the build's reading, not the source's date",
        ),
        pytest.param(
            ("2025-02-01", "Russia supplies Iran with S-300 and S-400 systems.", "asserted", ""),
            "not_delivered",
            id="S-400 supplied",
        ),
        pytest.param(
            ("2025-02-01", "Russia shows reluctance to provide Iran with S-400 systems.", "asserted", ""),
            None,
            id="S-400 withheld",
        ),
    ],
)
def test_each_rule_fires_on_its_case_and_not_on_the_look_alike(row, expected):
    found = _found(row)
    assert found == ({(0, expected)} if expected else set()), found


def test_rows_carry_the_citation_and_a_reason_and_are_deterministic():
    rows = [("2025-06-19", "The partnership treaty is set to be signed soon.", "forecast", "")] * 2
    claims, sources = _claims(*rows)
    first = reference.conflicts(claims, sources, TIMELINE, load_taxonomy())
    again = reference.conflicts(claims.iloc[::-1], sources, TIMELINE, load_taxonomy())
    assert first.equals(again)
    assert first["citation"].iloc[0] == 'Wire, "Signed", 2025-01-17, https://example.org/t'
    assert "2025-06-19" in first["reason"].iloc[0]
