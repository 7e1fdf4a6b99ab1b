"""Helpers for the Russia–Iran briefing: build the evidence base, load it, filter it."""

from helpers.load import filter_claims, load_claims, load_events, load_sources

__all__ = ["filter_claims", "load_claims", "load_events", "load_sources"]
