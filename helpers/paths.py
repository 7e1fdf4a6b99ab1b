"""Every path the project uses, built from one root so nothing hard-codes its own."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]

DATA_DIR = PROJ_ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"  # raw articles, immutable
SOURCES_META = DATA_DIR / "sources.csv"  # what an analyst knows about each article
TAXONOMY = DATA_DIR / "taxonomy.yml"
CLEANING = DATA_DIR / "cleaning.yml"
CURATION = DATA_DIR / "curation.yml"
HYPOTHESES = DATA_DIR / "hypotheses.yml"  # competing hypotheses and indicators
JUDGMENTS = DATA_DIR / "judgments.yml"  # the key judgments of the overview
REFERENCES = DATA_DIR / "references.yml"  # the quotes the notebooks show, by name
REFERENCE_EVENTS = DATA_DIR / "reference_events.yml"  # the team's cited timeline of settled events
PROCESSED_DIR = DATA_DIR / "processed"

PROCESSED_SOURCES = PROCESSED_DIR / "sources.csv"
PROCESSED_CLAIMS = PROCESSED_DIR / "claims.csv"
PROCESSED_EVENTS = PROCESSED_DIR / "events.csv"
PROCESSED_CLAIM_GROUPS = PROCESSED_DIR / "claim_groups.csv"
PROCESSED_CONTRADICTIONS = PROCESSED_DIR / "contradictions.csv"

NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
EXPORTS_DIR = PROJ_ROOT / "exports"  # CSVs saved from the explorer

SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm")

DATA_ENV = "BRIEFING_DATA_DIR"  # a folder laid out like data/: what notebooks and reports read instead


@dataclass(frozen=True)
class DataDir:
    """Every input and output of one evidence base, for a folder laid out like data/."""

    root: Path

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def sources_meta(self) -> Path:
        return self.root / "sources.csv"

    @property
    def taxonomy(self) -> Path:
        return self.root / "taxonomy.yml"

    @property
    def cleaning(self) -> Path:
        return self.root / "cleaning.yml"

    @property
    def curation(self) -> Path:
        return self.root / "curation.yml"

    @property
    def hypotheses(self) -> Path:
        return self.root / "hypotheses.yml"

    @property
    def judgments(self) -> Path:
        return self.root / "judgments.yml"

    @property
    def references(self) -> Path:
        return self.root / "references.yml"

    @property
    def reference_events(self) -> Path:
        return self.root / "reference_events.yml"

    @property
    def processed(self) -> Path:
        return self.root / "processed"

    def table(self, name: str) -> Path:
        """A processed table by name: table("claims") is processed/claims.csv."""
        return self.processed / f"{name}.csv"


def data_dir(path: str | Path | None = None) -> DataDir:
    """The data folder to use: the one given, else $BRIEFING_DATA_DIR, else data/."""
    return DataDir(Path(path or os.environ.get(DATA_ENV) or DATA_DIR).resolve())
