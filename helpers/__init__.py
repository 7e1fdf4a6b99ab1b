"""Helpers for the Russia–Iran briefing: build the evidence base, load it, filter it."""

import sys

# jsonschema (pulled in by nbformat, which plotly imports in a kernel) compiles the grammars of the
# optional rfc3987_syntax package on import: seconds per kernel, for URL formats nothing here checks.
sys.modules.setdefault("rfc3987_syntax", None)

from helpers.load import (filter_claims, load_claim_groups, load_claims, load_contradictions,  # noqa: E402
                          load_events, load_hypotheses, load_sources)

__all__ = ["filter_claims", "load_claim_groups", "load_claims", "load_contradictions", "load_events",
           "load_hypotheses", "load_sources"]
