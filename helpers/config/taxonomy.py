"""Themes, areas, actors and cue words: the analyst's model of the relationship (data/taxonomy.yml).

Everything about a theme lives here, not in code: its label, colour, reading order, the claims a
chapter widens to, and how the tagger leans towards it.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, field_validator, model_validator

from helpers import paths
from helpers.config.reader import Day, MaybeDay, Strict, load
from helpers.text.phrases import PhraseIndex

STANCES = ("cooperation", "divergence", "context")
MODALITIES = ("asserted", "reported", "hedged", "forecast")
PRECISIONS = ("day", "month", "year", "decade", "century")


Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


class Boost(Strict):
    """Extra score for a theme when a claim has this stance or modality, or is dated wholly before a day, or
    more than some years before its source was written (what was long past when written is history)."""

    weight: float
    stance: Literal["cooperation", "divergence", "context"] | None = None
    modality: Literal["asserted", "reported", "hedged", "forecast"] | None = None
    dated_before: MaybeDay = None
    years_before_published: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_condition(self):
        conditions = (self.stance, self.modality, self.dated_before, self.years_before_published)
        if sum(v is not None for v in conditions) != 1:
            raise ValueError("a boost needs exactly one of stance, modality, dated_before or years_before_published")
        return self

    def applies(self, stance: str, modality: str, date_end: date | None, published: date | None = None) -> bool:
        if self.stance is not None:
            return stance == self.stance
        if self.modality is not None:
            return modality == self.modality
        if date_end is None:
            return False
        if self.dated_before is not None:
            return date_end < self.dated_before
        return (
            published is not None
            and modality != "forecast"
            and (published - date_end).days > 365.25 * self.years_before_published
        )


class Theme(Strict):
    """A briefing theme: its chapter, its colour, and the cue words and boosts that tag claims with it."""

    label: str
    # The chapter's slide title in the deck: one sentence, in the team's words, of what the chapter shows.
    # Left out, the deck builds one from the chapter's counts and areas.
    takeaway: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=110, pattern=r"^[^\r\n]+$")]
        | None
    ) = None
    colour: Colour | None = None  # None: a colour picked from the theme's name
    keywords: list[str] = []
    chapter_also: dict[Literal["stance", "modality"], str] = {}  # its chapter also takes claims with these tags
    boosts: list[Boost] = []
    fallback: bool = False  # the theme of a claim that names a state but no theme's cue word (at most one theme)
    # Its words name dealings between states (trade, arms): where a third state opens the sentence and acts on one
    # of the two ("Washington pressed Tehran to stop selling oil"), they say what it does, and the fallback wins.
    dealings: bool = False

    @field_validator("chapter_also")
    @classmethod
    def _known_tags(cls, also):
        allowed = {"stance": STANCES, "modality": MODALITIES}
        for tag, value in also.items():
            if value not in allowed[tag]:
                raise ValueError(f"chapter_also: {tag} '{value}' is not one of {', '.join(allowed[tag])}")
        return also


class Timeline(Strict):
    """Where the timeline's enlarged panel starts: the era the briefing looks at closely."""

    zoom_from: MaybeDay = None


class Area(Strict):
    label: str
    theme: str
    keywords: list[str]


class Actor(Strict):
    kind: Literal["country", "person", "organisation", "group"]
    aliases: list[str]
    affiliation: str | None = None  # the state or body it belongs to: naming Lavrov names Russia, the IRGC Iran
    combining: list[str] = []  # forms found only before a hyphen ("Russo-Iranian"), never matched on their own


class Country(Strict):
    """What ISO 3166 does not hold about a country; pycountry gives its names, taxonomy.yml the rest."""

    name: str | None = None  # the name the briefing shows, where ISO's reads oddly ("Russian Federation")
    demonyms: list[str] = []  # adjectives and nouns for its people; the plural in -s is added
    aliases: list[str] = []  # short forms, former names, and the capital or seat that stands for its government
    combining: list[str] = []
    affiliation: str | None = None  # a group it belongs to (the Gulf states)


_NO_PLURAL = ("s", "sh", "ch", "ese", "x", "z")  # "Swiss", "British", "French", "Chinese" take no -s


def _plural(demonym: str) -> str | None:
    return None if demonym.endswith(_NO_PLURAL) else demonym + "s"


def gazetteer(countries: dict[str, Country]) -> dict[str, Actor]:
    """Every ISO 3166 country as an actor: pycountry's names (and their ASCII spellings), plus what
    taxonomy.yml adds under `countries:`, keyed by the ISO alpha-2 code.

    The gazetteer is maintained upstream, so a country no seed article named is still recognised.
    Inverted ISO forms ("Korea, Republic of") are left out: prose never writes them.
    """
    import pycountry
    from anyascii import anyascii

    unknown = sorted(map(str, set(countries) - {c.alpha_2 for c in pycountry.countries}))
    if unknown:
        hint = ' (write Norway as "NO": bare NO is YAML for false)' if "False" in unknown else ""
        raise ValueError(f"countries: {', '.join(unknown)}: not an ISO 3166 alpha-2 code such as RU or IR{hint}")
    actors: dict[str, Actor] = {}
    for iso in pycountry.countries:
        extra = countries.get(iso.alpha_2, Country())
        official = getattr(iso, "official_name", None)
        official = official[4:] if official and official.startswith("the ") else official
        names = [n for n in (getattr(iso, "common_name", None), iso.name, official) if n and ", " not in n]
        name = extra.name or (names[0] if names else iso.name)
        forms = [name, *names, *extra.aliases]
        forms += [plural for d in extra.demonyms for plural in (d, _plural(d)) if plural]
        forms += [anyascii(f) for f in forms]
        actors[name] = Actor(
            kind="country",
            aliases=list(dict.fromkeys(forms)),
            affiliation=extra.affiliation,
            combining=extra.combining,
        )
    return actors


class Period(Strict):
    """A named period ("the Cold War") that dates a sentence without a number in it."""

    patterns: list[str]
    start: Day
    end: Day
    precision: Literal["day", "month", "year", "decade", "century"]

    @model_validator(mode="after")
    def _in_order(self):
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}; swap them")
        return self


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


class Corroboration(Strict):
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


# What a dispute can be about; the build groups contradicting claims into one dispute per question.
DISPUTE_KINDS = (
    "delivered_vs_withheld",  # a transfer reported against one withheld or refused (direction-aware)
    "admit_vs_deny",  # a transfer reported against its denial
    "fallen_vs_standing",  # a government or leader fallen against still in place
    "lifted_vs_in_force",  # a measure (sanctions) lifted against still in force
    "says_vs_denies",  # a topic asserted against the same topic negated
    "overtaken",  # a forecast against a report that it happened
    "dated_differently",  # one fact dated to spans that do not overlap
    "different_numbers",  # one fact with different figures
    "same_source",  # any of these with one source on both sides
)


class Opposite(Strict):
    """Two sides of one question about named topics: cue words for each side near the topic.

    With no cues, the sides are the topic asserted and the topic negated ("is not a military alliance").
    """

    topics: list[str]  # names under contradictions.topics
    says: list[str] = []
    denies: list[str] = []
    actors: list[str] = []  # both claims must name these
    explain: Explanation


class Outcome(Strict):
    """A forecast ('will sign a treaty') and a claim that reports it happened ('the signing of')."""

    topics: list[str]
    forecast: list[str]
    happened: list[str]
    unless: list[str] = []  # words that make a 'happened' claim hypothetical ('would')
    explain: Explanation


class Contradictions(Strict):
    continues: list[str] = []  # a sentence opening with these reads on from the one before
    window: int = Field(4, ge=1)  # words between a cue and its topic, and how far a negation reaches
    negations: list[str] = []  # "not", "never": a topic or cue inside their reach is denied
    withholding: list[str] = []  # "refused", "reluctant": a transfer after them is withheld
    denials: list[str] = []  # "denied": a transfer in the same sentence is denied
    topics: dict[str, list[str]] = {}  # what disputes are about, each with the phrases that name it
    items: list[str] = []  # topics that are things handed over: transfers of them are read with roles
    opposites: dict[str, Opposite] = {}
    outcomes: dict[str, Outcome] = {}

    @model_validator(mode="after")
    def _known_names(self):
        for kind, rule in self.opposites.items():
            if kind not in DISPUTE_KINDS:
                raise ValueError(
                    f"contradictions: opposites: '{kind}' is not a dispute kind; use one of {DISPUTE_KINDS}"
                )
            for topic in rule.topics:
                if topic not in self.topics:
                    raise ValueError(f"contradictions: opposites: {kind}: topic '{topic}' is not under topics:")
        for topic in self.items:
            if topic not in self.topics:
                raise ValueError(f"contradictions: items: topic '{topic}' is not under topics:")
        return self


GRADES = "ABCDEF"
MEASURES = {
    "source": (
        "unknown_publisher",
        "inferred_date",
        "placeholder_author_lines",
        "filler_share",
        "unattributed_quote_share",
        "copied_sources",
        "contradicted_by_better",
        "independently_corroborated_share",
    ),
    "claim": ("other_origins", "contradicted", "unattributed_quote"),
}


class Finding(Strict):
    """One measured sign that moves a grade: counts once the measure reaches `at_least`."""

    measure: str
    at_least: float = 1
    weight: float
    per_unit: bool = False  # weight times the measure instead of once
    says: Rationale


class Grading(Strict):
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


class Taxonomy(Strict):
    themes: dict[str, Theme]
    areas: dict[str, Area]
    countries: dict[str, Country] = {}  # ISO code -> what the gazetteer lacks; every ISO country is an actor
    actors: dict[str, Actor]  # in memory: the gazetteer's countries, then taxonomy.yml's actors (which win)
    principals: list[str] = []  # the two sides of the relationship
    groups: dict[str, list[str]] = {}  # "the E3" -> [France, Germany, United Kingdom]
    pairs: list[str] = []  # "both countries": the two states named last, else the principals
    stance: dict[Literal["cooperation", "divergence"], list[str]]
    negators: list[str] = []  # a cooperation cue shortly after one of these is a sign of divergence
    denials: list[str] = []  # the negators that say a thing is absent ("no alliance"), not refused or halted
    modality: dict[Literal["forecast", "hedged", "reported"], list[str]]
    attribution_verbs: list[str]
    attribution_roles: list[str] = []  # "the Iranian president said": who speaks is named by office
    generic_attributions: list[str]
    filler: list[str]
    periods: dict[str, Period] = {}
    corroboration: Corroboration = Corroboration()
    contradictions: Contradictions = Contradictions()
    grading: Grading
    timeline: Timeline = Timeline()

    @field_validator("themes")
    @classmethod
    def _one_fallback(cls, themes):
        fallbacks = [name for name, theme in themes.items() if theme.fallback]
        if len(fallbacks) > 1:
            raise ValueError(f"themes {', '.join(fallbacks)} are all marked fallback: true; keep it on one")
        return themes

    @field_validator("areas")
    @classmethod
    def _areas_name_known_themes(cls, areas, info):
        themes = info.data.get("themes", {})
        for name, area in areas.items():
            if area.theme not in themes:
                raise ValueError(f"area '{name}' names theme '{area.theme}', which is not under themes:")
        return areas

    @field_validator("actors")
    @classmethod
    def _with_gazetteer(cls, actors, info):
        """The gazetteer's countries first, so an actor written in taxonomy.yml replaces one of the same name."""
        merged = {**gazetteer(info.data.get("countries", {})), **actors}
        owner: dict[str, str] = {}
        for name, actor in merged.items():
            for alias in [*actor.aliases, *actor.combining]:
                other = owner.setdefault(" ".join(alias.split()).casefold(), name)
                if other != name:
                    raise ValueError(f"alias '{alias}' belongs to both '{other}' and '{name}'; keep it on one")
        return merged

    @field_validator("groups")
    @classmethod
    def _groups_name_known_actors(cls, groups, info):
        actors = info.data.get("actors", {})
        for phrase, members in groups.items():
            for member in members:
                if member not in actors:
                    raise ValueError(f"group '{phrase}' names actor '{member}', which is not under actors:")
        return groups

    @model_validator(mode="after")
    def _name_known_actors(self):
        """Every actor a rule names is under actors:, or the tagger would tag claims with a stranger."""
        named = [(f"actor '{n}': affiliation", a.affiliation) for n, a in self.actors.items() if a.affiliation]
        named += [("principals", p) for p in self.principals]
        named += [
            (f"contradictions: opposites: {k}: actors", a)
            for k, o in self.contradictions.opposites.items()
            for a in o.actors
        ]
        for where, actor in named:
            if actor not in self.actors:
                raise ValueError(f"{where} names '{actor}', which is not under actors:")
        return self

    @property
    def contradiction_kinds(self) -> tuple[str, ...]:
        return DISPUTE_KINDS

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
    def pair_index(self) -> PhraseIndex:
        return PhraseIndex({"pair": self.pairs})

    @cached_property
    def stance_index(self) -> PhraseIndex:
        return PhraseIndex(dict(self.stance))

    @cached_property
    def negator_index(self) -> PhraseIndex:
        return PhraseIndex({"negator": self.negators})

    @cached_property
    def denial_index(self) -> PhraseIndex:
        return PhraseIndex({"negator": self.denials})

    @cached_property
    def modality_index(self) -> PhraseIndex:
        return PhraseIndex(dict(self.modality))

    @cached_property
    def filler_index(self) -> PhraseIndex:
        return PhraseIndex({"filler": self.filler})

    @cached_property
    def period_index(self) -> PhraseIndex:
        return PhraseIndex({name: p.patterns for name, p in self.periods.items()})


def load_taxonomy(path: Path = paths.TAXONOMY) -> Taxonomy:
    """Themes, areas, actors and cue words, validated."""
    return load(Taxonomy, path)
