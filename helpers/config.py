"""Read and validate the analyst-edited files: taxonomy, cleaning rules, curation, source notes.

These files are where analysts change behaviour without code, so every mistake in them must
come back as one readable line naming the file, never as a traceback.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError,
                      field_validator)

from helpers import paths
from helpers.errors import InputError

STANCES = ("cooperation", "divergence", "context")
MODALITIES = ("asserted", "reported", "hedged", "forecast")
PRECISIONS = ("day", "month", "year", "decade", "century")


def _phrase_body(phrase: str) -> str:
    phrase = phrase.strip()
    body = re.escape(phrase).replace(r"\ ", r"\s+").replace(r"\*", r"\w*")
    # Acronyms (US, UN, SWIFT) must not match ordinary words (us, un, swift).
    return f"(?-i:{body})" if phrase.isupper() and len(phrase) > 1 else body


_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w-])", r"(?![\w])"


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for a list of phrases; a trailing `*` matches any word ending."""
    parts = [_phrase_body(p) for p in sorted(set(phrases), key=len, reverse=True)]
    if not parts:
        return None
    return re.compile(_EDGE_BEFORE + "(?:" + "|".join(parts) + ")" + _EDGE_AFTER, re.IGNORECASE)


class PhraseIndex:
    """Several named phrase lists matched in one pass (Aho-Corasick), longest match first.

    Whole words only; a trailing `*` matches any word ending; an all-capitals phrase (US, UN)
    matches only in capitals.
    """

    def __init__(self, lists: dict[str, list[str]]):
        import ahocorasick

        self.names = list(lists)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, bool, bool]]] = {}
        for name, phrases in lists.items():
            for phrase in phrases:
                phrase = " ".join(phrase.split())
                wildcard = phrase.endswith("*")
                body = phrase.rstrip("*")
                acronym = body.isupper() and len(body) > 1
                entries.setdefault(body.casefold(), []).append((name, wildcard, acronym))
        for key, owners in entries.items():
            self._automaton.add_word(key, (key, owners))
        self._empty = not entries
        if entries:
            self._automaton.make_automaton()

    def may_match(self, text: str) -> bool:
        """A cheap first look (one C call): False means no phrase occurs in `text`."""
        return not self._empty and next(self._automaton.iter(text.casefold()), None) is not None

    def counts(self, text: str) -> dict[str, int]:
        """How many phrases of each list occur in `text`."""
        found = dict.fromkeys(self.names, 0)
        if self._empty:
            return found
        flat = " ".join(text.split())
        lower = flat.casefold()
        if len(lower) != len(flat):  # casefold changed lengths (e.g. "ß"): fall back to lower()
            lower = flat.lower()
        valid = []
        for end, (key, owners) in self._automaton.iter(lower):
            start = end - len(key) + 1
            if start > 0 and (lower[start - 1].isalnum() or lower[start - 1] in "_-"):
                continue
            at_word_end = end + 1 >= len(lower) or not (lower[end + 1].isalnum() or lower[end + 1] == "_")
            names = {name for name, wildcard, acronym in owners
                     if (wildcard or at_word_end)
                     and not (acronym and flat[start:end + 1] != flat[start:end + 1].upper())}
            if names:
                valid.append((start, -len(key), names))
        taken_until = -1
        for start, neg_len, names in sorted(valid, key=lambda v: (v[0], v[1])):
            if start <= taken_until:
                continue  # overlaps a longer phrase already counted ("arms sales" holds "arms")
            taken_until = start - neg_len - 1
            for name in names:
                found[name] += 1
        return found


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Theme(_Strict):
    label: str
    keywords: list[str] = []


class Area(_Strict):
    label: str
    theme: str
    keywords: list[str]


class Actor(_Strict):
    kind: Literal["country", "person", "organisation", "group"]
    aliases: list[str]
    affiliation: str | None = None  # a person's country: mentioning Lavrov also mentions Russia


class Period(_Strict):
    """A named period ("the Cold War") that dates a sentence without a number in it."""

    patterns: list[str]
    start: date
    end: date
    precision: Literal["day", "month", "year", "decade", "century"]


def _template(**fields) -> type:
    """A str field that must format with these placeholders and no others."""
    def check(text: str) -> str:
        try:
            text.format(**fields)
        except (KeyError, IndexError, ValueError) as exc:
            known = ", ".join("{" + f + "}" for f in fields)
            raise ValueError(f"unknown placeholder {exc} in '{text}'; use {known}") from None
        return text
    return Annotated[str, AfterValidator(check)]


Explanation = _template(a="", b="", topic="")  # {a}, {b}: the two sources; {topic}: what they disagree on
Rationale = _template(n=1.0)  # {n}: the measure


class Corroboration(_Strict):
    """When claims in different sources say the same thing, and when two sources are one origin."""

    ignore_words: list[str] = []  # words that tell nothing apart (stop words, the two principals)
    negations: list[str] = []  # a claim with one of these never matches a claim without
    must_agree: list[Literal["stance", "area", "theme"]] = []  # tags two matching claims share
    modality_sides: list[list[Literal["asserted", "reported", "hedged", "forecast"]]] = []  # sides never match
    min_score: float = Field(72, ge=0, le=100)  # rapidfuzz token_set_ratio on the remaining words
    min_shared_words: int = Field(3, ge=1)
    max_word_claims: int = Field(60, ge=2)  # a word in more claims than this proposes no pairs (speed)
    copy_ngram_words: int = Field(8, ge=3)  # copying is counted in runs of this many words
    copy_min_shared: int = Field(8, ge=1)  # shared runs that make two sources one origin (8 -> ~15 words)
    copy_max_sources: int = Field(20, ge=2)  # a run found in more sources is a stock phrase


class Opposite(_Strict):
    """Claims that say opposite things about one topic: 'delivered' against 'held back'."""

    topics: dict[str, list[str]]
    says: list[str]
    denies: list[str]
    actors: list[str] = []  # both claims must name these
    explain: Explanation


class Outcome(_Strict):
    """A forecast ('will sign a treaty') and a claim that reports it happened ('the signing of')."""

    topics: list[str]
    forecast: list[str]
    happened: list[str]
    unless: list[str] = []  # words that make a 'happened' claim hypothetical ('would')
    explain: Explanation


class Contradictions(_Strict):
    continues: list[str] = []  # a sentence opening with these reads on from the one before
    opposites: dict[str, Opposite] = {}
    outcomes: dict[str, Outcome] = {}


GRADES = "ABCDEF"
MEASURES = {"source": ("unknown_publisher", "inferred_date", "placeholder_author_lines", "filler_share",
                       "unattributed_quote_share", "copied_sources", "contradicted_by_better",
                       "independently_corroborated_share"),
            "claim": ("other_origins", "contradicted", "unattributed_quote")}


class Finding(_Strict):
    """One measured sign that moves a grade: counts once the measure reaches `at_least`."""

    measure: str
    at_least: float = 1
    weight: float
    per_unit: bool = False  # weight times the measure instead of once
    says: Rationale


class Grading(_Strict):
    """Admiralty grades from what the build can see; the analyst's own grade always wins."""

    placeholder_words: list[str] = []  # Latin filler of made-up author cards
    source: list[Finding]
    reliability: dict[Literal["A", "B", "C", "D"], float]  # the highest score each grade allows
    credibility_base: dict[Literal["A", "B", "C", "D", "E", "F"], int] = Field(min_length=6)
    claim: list[Finding]

    @field_validator("source", "claim")
    @classmethod
    def _known_measures(cls, findings, info):
        for f in findings:
            if f.measure not in MEASURES[info.field_name]:
                raise ValueError(f"measure '{f.measure}' is unknown; use one of {', '.join(MEASURES[info.field_name])}")
        return findings


class Taxonomy(_Strict):
    themes: dict[str, Theme]
    areas: dict[str, Area]
    actors: dict[str, Actor]
    principals: list[str] = []  # the two sides of the relationship
    groups: dict[str, list[str]] = {}  # "both countries" -> [Russia, Iran]
    stance: dict[Literal["cooperation", "divergence"], list[str]]
    modality: dict[Literal["forecast", "hedged", "reported"], list[str]]
    attribution_verbs: list[str]
    generic_attributions: list[str]
    filler: list[str]
    periods: dict[str, Period] = {}
    corroboration: Corroboration = Corroboration()
    contradictions: Contradictions = Contradictions()
    grading: Grading

    @field_validator("areas")
    @classmethod
    def _areas_name_known_themes(cls, areas, info):
        themes = info.data.get("themes", {})
        for name, area in areas.items():
            if area.theme not in themes:
                raise ValueError(f"area '{name}' names theme '{area.theme}', which is not under themes:")
        return areas

    @field_validator("groups")
    @classmethod
    def _groups_name_known_actors(cls, groups, info):
        actors = info.data.get("actors", {})
        for phrase, members in groups.items():
            for member in members:
                if member not in actors:
                    raise ValueError(f"group '{phrase}' names actor '{member}', which is not under actors:")
        return groups

    @property
    def contradiction_kinds(self) -> tuple[str, ...]:
        return (*self.contradictions.opposites, "overtaken", "dated_differently")

    @cached_property
    def theme_index(self) -> PhraseIndex:
        return PhraseIndex({name: t.keywords for name, t in self.themes.items()})

    @cached_property
    def area_index(self) -> PhraseIndex:
        return PhraseIndex({name: a.keywords for name, a in self.areas.items()})

    @cached_property
    def actor_index(self) -> PhraseIndex:
        return PhraseIndex({name: a.aliases for name, a in self.actors.items()})

    @cached_property
    def group_index(self) -> PhraseIndex:
        return PhraseIndex({phrase: [phrase] for phrase in self.groups})

    @cached_property
    def stance_index(self) -> PhraseIndex:
        return PhraseIndex(dict(self.stance))

    @cached_property
    def modality_index(self) -> PhraseIndex:
        return PhraseIndex(dict(self.modality))

    @cached_property
    def filler_pattern(self) -> re.Pattern[str] | None:
        return phrase_pattern(self.filler)

    @cached_property
    def period_patterns(self) -> dict[str, re.Pattern[str] | None]:
        return {name: phrase_pattern(p.patterns) for name, p in self.periods.items()}


class Cleaning(_Strict):
    """Rules that tell page debris from article text, for pages never seen before."""

    boilerplate: list[str]  # phrases that mark a line or sentence as page furniture
    card_keys: list[str]  # "Key : value" lines with these keys are profile cards
    section_markers: list[str]  # a short line with one of these opens a furniture section
    min_claim_words: int = Field(5, ge=1)
    max_heading_words: int = Field(14, ge=1)
    trailing_run_words: int = Field(14, ge=1)  # short lines after the article's last paragraph

    @cached_property
    def boilerplate_pattern(self) -> re.Pattern[str] | None:
        return phrase_pattern(self.boilerplate)

    @cached_property
    def section_pattern(self) -> re.Pattern[str] | None:
        return phrase_pattern(self.section_markers)

    @cached_property
    def card_pattern(self) -> re.Pattern[str]:
        keys = "|".join(re.escape(k) for k in sorted(self.card_keys, key=len, reverse=True))
        return re.compile(r"^\W{0,3}(?:" + keys + r")\s*:", re.IGNORECASE)


class ClaimCuration(_Strict):
    theme: str | None = None
    area: str | None = None
    stance: Literal["cooperation", "divergence", "context"] | None = None
    actors: list[str] | None = None
    modality: Literal["asserted", "reported", "hedged", "forecast"] | None = None
    attribution: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    date_precision: Literal["day", "month", "year", "decade", "century"] | None = None
    is_filler: bool | None = None
    reject: bool = False
    note: str | None = None
    credibility: int | None = Field(None, ge=1, le=6)  # the analyst's grade wins over the computed one


class PairCuration(_Strict):
    status: Literal["open", "confirmed", "dismissed"]
    note: str | None = None


PairKey = Annotated[str, StringConstraints(pattern=r"^c[0-9a-f]{11} c[0-9a-f]{11}$")]  # two claim ids, either order


class Curation(_Strict):
    claims: dict[str, ClaimCuration] = {}
    contradictions: dict[PairKey, PairCuration] = {}

    def pair(self, a: str, b: str) -> PairCuration | None:
        """The analyst's decision on a pair of claims, whichever order it was written in."""
        return self.contradictions.get(f"{a} {b}") or self.contradictions.get(f"{b} {a}")


def _read_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "file is missing; restore it from git (git checkout -- data/)") from None
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save it as UTF-8") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(path, f"YAML syntax error{where}: {problem}; fix the indentation or quoting") from None


def _validation_line(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def _parse(model: type[BaseModel], raw: object, path: Path):
    try:
        return model.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        extra = f" ({exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(path, f"{_validation_line(exc)}{extra}; see the comments at the top of the file") from None


def load_taxonomy(path: Path = paths.TAXONOMY) -> Taxonomy:
    """Themes, areas, actors and cue words, validated."""
    return _parse(Taxonomy, _read_yaml(path), path)


def load_cleaning(path: Path = paths.CLEANING) -> Cleaning:
    """Debris rules, validated."""
    return _parse(Cleaning, _read_yaml(path), path)


def load_curation(taxonomy: Taxonomy, path: Path = paths.CURATION) -> Curation:
    """Analyst overrides by claim id; tag values must exist in the taxonomy."""
    if not path.exists():
        return Curation()
    curation = _parse(Curation, _read_yaml(path), path)
    for claim_id, entry in curation.claims.items():
        if entry.theme is not None and entry.theme not in taxonomy.themes:
            raise InputError(path, f"claim {claim_id}: theme '{entry.theme}' is not in taxonomy.yml themes")
        if entry.area is not None and entry.area not in taxonomy.areas:
            raise InputError(path, f"claim {claim_id}: area '{entry.area}' is not in taxonomy.yml areas")
        for actor in entry.actors or []:
            if actor not in taxonomy.actors:
                raise InputError(path, f"claim {claim_id}: actor '{actor}' is not in taxonomy.yml actors")
    return curation


SOURCE_META_COLUMNS = ("source_id", "title", "publisher", "url", "published", "reliability")


def load_source_meta(path: Path = paths.SOURCES_META) -> dict[str, dict[str, str]]:
    """What the analyst knows about each source, keyed by source id (the file name's stem)."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save it as UTF-8 CSV") from None
    try:
        rows = list(csv.DictReader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc}); check quoting") from None
    header = rows[0].keys() if rows else next(csv.reader(io.StringIO(text)), [])
    if "source_id" not in header:
        raise InputError(path, f"needs a 'source_id' column; columns are: {', '.join(SOURCE_META_COLUMNS)}")
    unknown = [c for c in header if c not in SOURCE_META_COLUMNS]
    if unknown:
        raise InputError(path, f"unknown column '{unknown[0]}'; allowed: {', '.join(SOURCE_META_COLUMNS)}")
    meta: dict[str, dict[str, str]] = {}
    for line_no, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise InputError(path, f"line {line_no} has a different number of fields from the header")
        sid = (row.get("source_id") or "").strip()
        if not sid:
            raise InputError(path, f"line {line_no}: empty source_id")
        if sid in meta:
            raise InputError(path, f"line {line_no}: source_id '{sid}' appears twice; keep one row per source")
        published = (row.get("published") or "").strip()
        if published:
            try:
                date.fromisoformat(published)
            except ValueError:
                raise InputError(path, f"line {line_no}: published '{published}' is not a YYYY-MM-DD date") from None
        grade = (row.get("reliability") or "").strip()
        if grade and grade not in "ABCDEF":
            raise InputError(path, f"line {line_no}: reliability '{grade}' must be one letter A-F")
        meta[sid] = {k: (v or "").strip() for k, v in row.items()}
    return meta
