"""Every path the project uses, built from one root so nothing hard-codes its own."""

from __future__ import annotations

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
