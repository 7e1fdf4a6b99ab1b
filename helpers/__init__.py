"""Helpers for the Russia–Iran briefing: build the evidence base, load it, filter it, present it.

The layers, each importing only those listed before it: paths, errors, files, schema at the bottom;
config (the analyst's files) and text (patterns, phrases, dates); build (sources -> processed tables);
analysis (filters, ACH); present (charts, widgets, the notebook API); publish (HTML, slides); cli.
"""

from helpers.analysis.filters import filter_claims
from helpers.analysis.tables import load_claim_groups, load_claims, load_contradictions, load_events, load_sources

__all__ = ["filter_claims", "load_claim_groups", "load_claims", "load_contradictions", "load_events", "load_sources"]
