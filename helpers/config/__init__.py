"""The analyst's files, read one way and validated: taxonomy, cleaning, curation, hypotheses, judgments,
references, sources.csv."""

from helpers.config.cleaning import Cleaning, load_cleaning
from helpers.config.curation import ClaimCuration, Curation, PairCuration, load_curation
from helpers.config.hypotheses import Hypotheses, Hypothesis, Indicator, Rule, load_hypotheses
from helpers.config.judgments import Judgment, Judgments, load_judgments, read_judgments
from helpers.config.reader import Day, MaybeDay, Strict, load, parse, read_yaml
from helpers.config.reference_events import ReferenceEvent, ReferenceEvents, load_reference_events
from helpers.config.references import Citation, Quoted, Reference, References, load_references
from helpers.config.sources import SOURCE_META_COLUMNS, load_source_meta
from helpers.config.taxonomy import GRADES, MODALITIES, PRECISIONS, STANCES, Taxonomy, load_taxonomy

__all__ = [
    "GRADES",
    "MODALITIES",
    "PRECISIONS",
    "SOURCE_META_COLUMNS",
    "STANCES",
    "Citation",
    "ClaimCuration",
    "Cleaning",
    "Day",
    "Curation",
    "Hypotheses",
    "Hypothesis",
    "Indicator",
    "Judgment",
    "Judgments",
    "MaybeDay",
    "PairCuration",
    "Quoted",
    "Reference",
    "References",
    "Rule",
    "Strict",
    "Taxonomy",
    "load",
    "load_cleaning",
    "load_curation",
    "load_hypotheses",
    "load_judgments",
    "load_references",
    "load_reference_events",
    "ReferenceEvent",
    "ReferenceEvents",
    "load_source_meta",
    "load_taxonomy",
    "parse",
    "read_judgments",
    "read_yaml",
]
