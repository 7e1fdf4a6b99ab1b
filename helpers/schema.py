"""The data contract of data/processed, written as code and checked on every build.

Each field has a type, a description and, where it has one, its allowed values. The same
name means the same thing in every table (source_id, claim_id, date_start ...).

One dialect in memory, one on disk. In memory (what `read` and `coerce` give, and what every
view works on) dates are datetime64 with NaT for none, tags are categories, flags are bools and
list fields (actors, source_ids, claim_ids) are Python lists. On disk everything is text: dates
as YYYY-MM-DD or empty, lists joined by ';'. `write` turns the memory dialect into text,
validates it against the schema and only then replaces the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from helpers.config import MODALITIES, PRECISIONS, STANCES, Taxonomy
from helpers.files import replace_folder

ISO_DATE = r"^(\d{4}-\d{2}-\d{2})?$"
CLAIM_ID = r"^c[0-9a-f]{11}$"
EVENT_ID = r"^e[0-9a-f]{11}$"
DATE, LIST = "date", "list"
CATEGORIES = ("theme", "area", "stance", "modality", "date_precision", "kind", "status")  # tags: categories in memory


LIST_SEP = ";"


@dataclass(frozen=True)
class Field:
    dtype: object  # str, int, float, bool, DATE or LIST: how the field reads in memory
    description: str
    allowed: tuple | None = None  # None: free; "taxonomy:<part>" values are filled per build
    pattern: str | None = None
    nullable: bool = False


FIELDS: dict[str, Field] = {
    "source_id": Field(str, "Readable id of a source: its file name without extension."),
    "claim_id": Field(str, "Stable id from the source and the claim's normalised words.", pattern=CLAIM_ID),
    "event_id": Field(str, "Stable id of a happening reported by one or more claims.", pattern=EVENT_ID),
    "title": Field(str, "Title of the source, from sources.csv or its first line."),
    "publisher": Field(str, "Who published the source, when known."),
    "url": Field(str, "Where the source was found, when known."),
    "published": Field(DATE, "Publication date YYYY-MM-DD, stated or inferred; empty when unknown.", pattern=ISO_DATE),
    "is_published_inferred": Field(bool, "True when `published` is only the latest date the text mentions."),
    "path": Field(str, "The raw file, relative to the project root."),
    "sha1": Field(str, "SHA-1 of the raw file's bytes, to tell when a source changed.", pattern=r"^[0-9a-f]{40}$"),
    "reliability": Field(
        str,
        "Admiralty reliability grade A-F: computed from what the build sees, or the "
        "analyst's grade from sources.csv (F: cannot be judged).",
        allowed=tuple("ABCDEF"),
    ),
    "reliability_rationale": Field(str, "Why the source has its reliability grade: each finding and its weight."),
    "origin_id": Field(str, "Sources that share long verbatim passages are one origin: its first source id."),
    "n_placeholder_lines": Field(int, "Debris lines in placeholder Latin (lorem ipsum): a made-up author card."),
    "n_claims": Field(int, "Claims kept from the source, filler included."),
    "n_debris_lines": Field(int, "Lines of the page set aside as debris."),
    "text": Field(str, "The claim's words, as in the source with white space folded."),
    "theme": Field(str, "Briefing theme (taxonomy.yml themes); empty when none fits.", allowed=("taxonomy:themes",)),
    "area": Field(
        str, "Area of cooperation or friction (taxonomy.yml areas); empty when none.", allowed=("taxonomy:areas",)
    ),
    "stance": Field(str, "Whether the claim shows cooperation, divergence, or is context.", allowed=STANCES),
    "actors": Field(LIST, "Actors mentioned, canonical names joined by ';'."),
    "date_start": Field(DATE, "First day the claim's date can mean; empty when undated.", pattern=ISO_DATE),
    "date_end": Field(DATE, "Last day the claim's date can mean; empty when undated.", pattern=ISO_DATE),
    "date_precision": Field(
        str, "day, month, year, decade or century; empty when undated.", allowed=("",) + PRECISIONS
    ),
    "date_text": Field(str, "The words that date the claim."),
    "is_date_inferred": Field(bool, "True when the date rests on an inferred publication date."),
    "char_start": Field(int, "Offset of the quote's first character in the decoded raw file."),
    "char_end": Field(int, "Offset just past the quote's last character in the decoded raw file."),
    "modality": Field(str, "asserted, reported, hedged or forecast.", allowed=MODALITIES),
    "attribution": Field(str, "Who the claim is attributed to in the text; empty when the author."),
    "is_filler": Field(bool, "Rhetorical filler that asserts nothing; hidden by default."),
    "is_truncated": Field(
        bool,
        "True when the source cut the claim short: a quotation that opens and never closes before the text "
        "stops, or a sentence that ends in an ellipsis or breaks off mid-phrase.",
    ),
    "is_rejected": Field(bool, "Rejected by an analyst in curation.yml; hidden by default."),
    "is_curated": Field(bool, "True when curation.yml changed any tag of the claim."),
    "note": Field(str, "Analyst's note from curation.yml."),
    "section": Field(str, "Heading the claim sits under in its source."),
    "label": Field(str, "Headline of an event (at most 60 characters), compressed from its clearest claim."),
    "source_ids": Field(LIST, "Sources reporting an event, joined by ';'."),
    "claim_ids": Field(LIST, "Claims reporting an event, joined by ';'."),
    "n_sources": Field(int, "How many sources report an event, or say what a claim (its group) says."),
    "n_independent": Field(int, "How many independent origins among those sources (copies count once)."),
    "group_id": Field(
        str,
        "Stable id of a corroboration group: claims in different sources saying the same "
        "thing; empty on a claim no other source corroborates.",
        pattern=r"^(g[0-9a-f]{11})?$",
    ),
    "overtaken_by": Field(str, "For a forecast overtaken by events, the claim that reports the outcome."),
    "credibility": Field(
        int, "Admiralty credibility 1-6 (1 confirmed ... 5 improbable, 6 cannot be judged).", allowed=(1, 2, 3, 4, 5, 6)
    ),
    "credibility_rationale": Field(str, "Why the claim has its credibility grade."),
    "claim_id_a": Field(str, "First claim of a contradiction: what was said, or forecast.", pattern=CLAIM_ID),
    "claim_id_b": Field(str, "Second claim: what denies it, or reports the outcome.", pattern=CLAIM_ID),
    "kind": Field(
        str,
        "What kind of dispute: delivered_vs_withheld, admit_vs_deny, fallen_vs_standing, lifted_vs_in_force, "
        "says_vs_denies, overtaken, dated_differently, different_numbers or same_source.",
        allowed=("taxonomy:contradiction_kinds",),
    ),
    "explanation": Field(str, "One sentence an analyst can check against the two quotes."),
    "status": Field(
        str,
        "open, or the analyst's decision in curation.yml (a pair: confirmed or dismissed; a dispute: ruled or "
        "dismissed); a dispute a reference event decides is settled.",
        allowed=("open", "confirmed", "dismissed", "settled", "ruled"),
    ),
    "dispute_id": Field(
        str, "Stable id of a disputed question, from its kind and question.", pattern=r"^d[0-9a-f]{11}$"
    ),
    "question": Field(str, "What a dispute is about: a topic, with who gives to whom or whose fall where it matters."),
    "side_a": Field(str, "What the claims on a dispute's first side say (delivered, fallen, forecast ...)."),
    "side_b": Field(str, "What the claims on its second side say (withheld, still standing, reported done ...)."),
    "claim_ids_a": Field(LIST, "Claims on a dispute's first side, joined by ';'."),
    "claim_ids_b": Field(LIST, "Claims on a dispute's second side, joined by ';'."),
    "source_ids_a": Field(LIST, "Sources on a dispute's first side, joined by ';'."),
    "source_ids_b": Field(LIST, "Sources on a dispute's second side, joined by ';'."),
    "settled_by": Field(
        str, "Id of the reference event (reference_events.yml) that decides a dispute; empty when none."
    ),
    "judgment_id": Field(
        str, "Stable id of a key judgment, from its words in judgments.yml.", pattern=r"^j[0-9a-f]{11}$"
    ),
    "hypothesis_id": Field(str, "The hypothesis in hypotheses.yml a judgment rests on (H1 ...)."),
    "likelihood_word": Field(
        str,
        "The judgment's ICD 203 likelihood word, from its own evidence and its hypothesis's standing.",
        allowed=(
            "almost no chance",
            "very unlikely",
            "unlikely",
            "roughly even chance",
            "likely",
            "very likely",
            "almost certain",
        ),
    ),
    "probability_low": Field(float, "Lower end of the likelihood word's ICD 203 range (0.55 for likely)."),
    "probability_high": Field(float, "Upper end of the likelihood word's ICD 203 range (0.80 for likely)."),
    "confidence": Field(str, "How far the evidence bears the judgment.", allowed=("low", "moderate", "high")),
    "n_items": Field(int, "Evidence items (corroboration groups, or one source's restatements) a judgment cites."),
    "n_independent_origins": Field(int, "Independent origins among the sources of a judgment's items."),
    "n_contradicted": Field(int, "A judgment's items that an open or confirmed contradiction touches."),
    "rationale": Field(str, "One line on why the judgment has its likelihood word and confidence."),
    "reference_id": Field(
        str,
        "Id of an event of the team's reference timeline (reference_events.yml).",
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    ),
    "conflict": Field(
        str,
        "How a claim conflicts with a reference event.",
        allowed=("standing_after_end", "forecast_after_fact", "described_as_not", "dated_differently", "not_delivered"),
    ),
    "reason": Field(str, "One sentence an analyst can check against the quote and the reference event."),
    "citation": Field(
        str, "The reference event's public records, ' | ' between them: publisher, title, date, address."
    ),
}

TABLES: dict[str, tuple[str, ...]] = {
    "sources": (
        "source_id",
        "title",
        "publisher",
        "url",
        "published",
        "is_published_inferred",
        "path",
        "sha1",
        "reliability",
        "reliability_rationale",
        "origin_id",
        "n_claims",
        "n_debris_lines",
        "n_placeholder_lines",
    ),
    "claims": (
        "claim_id",
        "source_id",
        "text",
        "theme",
        "area",
        "stance",
        "actors",
        "date_start",
        "date_end",
        "date_precision",
        "date_text",
        "is_date_inferred",
        "char_start",
        "char_end",
        "modality",
        "attribution",
        "is_filler",
        "is_truncated",
        "is_rejected",
        "is_curated",
        "note",
        "section",
        "group_id",
        "n_sources",
        "n_independent",
        "overtaken_by",
        "credibility",
        "credibility_rationale",
    ),
    "events": (
        "event_id",
        "date_start",
        "date_end",
        "date_precision",
        "label",
        "theme",
        "source_ids",
        "claim_ids",
        "n_sources",
        "n_independent",
    ),
    "claim_groups": ("group_id", "claim_ids", "n_sources", "n_independent"),
    "contradictions": ("claim_id_a", "claim_id_b", "kind", "explanation", "status", "note"),
    "disputes": (
        "dispute_id",
        "kind",
        "question",
        "side_a",
        "side_b",
        "claim_ids_a",
        "claim_ids_b",
        "source_ids_a",
        "source_ids_b",
        "status",
        "settled_by",
        "explanation",
        "note",
    ),
    "judgments": (
        "judgment_id",
        "hypothesis_id",
        "likelihood_word",
        "probability_low",
        "probability_high",
        "confidence",
        "n_items",
        "n_independent_origins",
        "n_contradicted",
        "rationale",
    ),
    "reference_conflicts": ("claim_id", "reference_id", "conflict", "reason", "citation"),
}
PRIMARY_KEYS = {
    "sources": ["source_id"],
    "claims": ["claim_id"],
    "events": ["event_id"],
    "claim_groups": ["group_id"],
    "contradictions": ["claim_id_a", "claim_id_b"],
    "disputes": ["dispute_id"],
    "judgments": ["judgment_id"],
    "reference_conflicts": ["claim_id", "reference_id", "conflict"],
}


def _allowed(field: Field, taxonomy: Taxonomy | None) -> tuple[str, ...] | None:
    if field.allowed is None:
        return None
    if field.allowed and str(field.allowed[0]).startswith("taxonomy:"):
        if taxonomy is None:
            return None
        part = field.allowed[0].split(":", 1)[1]
        return ("",) + tuple(getattr(taxonomy, part))
    return field.allowed


def table_schema(table: str, taxonomy: Taxonomy | None = None) -> pa.DataFrameSchema:
    """The pandera schema of one processed table, with taxonomy values when given."""
    columns = {}
    for name in TABLES[table]:
        field = FIELDS[name]
        checks = []
        allowed = _allowed(field, taxonomy)
        if allowed is not None:
            checks.append(pa.Check.isin(allowed))
        if field.pattern:
            checks.append(pa.Check.str_matches(field.pattern))
        on_disk = str if field.dtype in (DATE, LIST) else field.dtype
        columns[name] = pa.Column(on_disk, checks=checks, nullable=field.nullable, description=field.description)
    return pa.DataFrameSchema(columns, strict=True, ordered=True, unique=PRIMARY_KEYS[table], coerce=False)


def validate(table: str, frame: pd.DataFrame, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """Check a table, in its on-disk text form, against its schema; raise with every failure listed."""
    return table_schema(table, taxonomy).validate(frame, lazy=True)


def _as_list(value) -> list[str]:
    if isinstance(value, list):
        return value
    return str(value).split(LIST_SEP) if value else []


def coerce(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table in the memory dialect, from text (as read from disk) or from a frame already coerced."""
    out = frame.copy()
    for name in TABLES[table]:
        kind, column = FIELDS[name].dtype, out[name]
        if kind == DATE:
            text = column if column.dtype == object or pd.api.types.is_string_dtype(column) else None
            out[name] = (
                pd.to_datetime(text.replace("", None), format="%Y-%m-%d") if text is not None else column
            ).astype("datetime64[s]")
        elif kind == LIST:
            out[name] = column.map(_as_list)
        elif kind is bool:
            out[name] = column.map({"True": True, "False": False, True: True, False: False}).astype(bool)
        elif kind is int:
            out[name] = column.astype("int64")
        elif kind is float:
            out[name] = column.astype("float64")
        elif name in CATEGORIES:
            allowed = FIELDS[name].allowed
            fixed = allowed if allowed and not str(allowed[0]).startswith("taxonomy:") and "" not in allowed else None
            out[name] = (
                pd.Categorical(column.astype(str), categories=fixed) if fixed else column.astype(str).astype("category")
            )
        else:
            out[name] = column.astype(str)
    return out[list(TABLES[table])]


def to_disk(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The text form of a memory-dialect table: what `write` validates and saves."""
    out = frame[list(TABLES[table])].copy()
    for name in TABLES[table]:
        kind = FIELDS[name].dtype
        if kind == DATE:
            out[name] = out[name].dt.strftime("%Y-%m-%d").fillna("")
        elif kind == LIST:
            out[name] = out[name].map(LIST_SEP.join).astype(str)  # str even when empty: no rows, no inferred dtype
        elif name in CATEGORIES:
            out[name] = out[name].astype(str)
    return out


def empty(table: str) -> pd.DataFrame:
    """A table with no rows, in the memory dialect: what a step that finds nothing returns."""
    return coerce(table, pd.DataFrame(columns=list(TABLES[table])))


def read(table: str, path: Path) -> pd.DataFrame:
    """A processed table from its CSV file, in the memory dialect."""
    return coerce(table, pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))


def write(tables: dict[str, pd.DataFrame], folder: Path, taxonomy: Taxonomy | None = None) -> None:
    """Validate every table's text form, then replace the folder's tables as one set (nothing on a failure)."""
    disk = {name: to_disk(name, frame) for name, frame in tables.items()}
    for name, frame in disk.items():
        validate(name, frame, taxonomy)
    replace_folder({f"{name}.csv": frame for name, frame in disk.items()}, folder)


def live(claims: pd.DataFrame) -> pd.Series:
    """Claims that count as evidence: neither rhetorical filler nor rejected by an analyst."""
    return ~claims["is_filler"] & ~claims["is_rejected"]
