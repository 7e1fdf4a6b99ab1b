"""What the notebooks call: one object that loads the evidence and draws each part of a chapter.

Keeping this here lets every notebook cell be one line, and keeps the look of quotes, tables
and charts the same from chapter to chapter. Source text is always escaped before display, by the
functions of `helpers.present.escape`; frames a cell returns go through `escape.table_text`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from helpers import paths, schema
from helpers.analysis import ach
from helpers.analysis.filters import Scope, chapter_claims, filter_claims
from helpers.analysis.tables import load_claims, load_contradictions, load_events, load_optional, load_sources
from helpers.config import (
    load_hypotheses,
    load_judgments,
    load_reference_events,
    load_references,
    load_taxonomy,
)
from helpers.errors import InputError
from helpers.present import charts, overview
from helpers.present.escape import html_text, table_text
from helpers.present.labels import (
    corroboration_label,
    header,
    name_sources,
    plain_headers,
    reading_view,
    source_names,
    yes_no,
)
from helpers.present.tables import CLAIMS_TABLE, displayed, offline_tables, show_table
from helpers.present.widgets import ClaimExplorer

ID_SHAPED = re.compile(r"c[0-9a-f]+")  # a claim id, or a mistyped one; a quote's name never looks like this
TABLE_CAP = 1_000  # rows of a chapter's claims table in a page
CHAPTER_COLUMNS = (
    "source",
    "date",
    "date_text",
    "text",
    "area",
    "stance",
    "modality",
    "actors",
    "corroboration",
    "credibility",
    "claim_id",
)  # no theme: a chapter is one theme (or says which it widens to)


def _for_display(view: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """A view whose frame a cell shows: no pandas index (one that carries information becomes a column),
    plain headers (labels.HEADERS), and its text through `escape.table_text` (pandas and itables escape
    markup themselves; bidi overrides and control characters are written out here)."""

    @functools.wraps(view)
    def shown(*args, **kwargs) -> pd.DataFrame:
        return table_text(plain_headers(displayed(view(*args, **kwargs))))

    return shown


def _reporting(events: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The events that at least one of these claims reports."""
    ids = set(claims["claim_id"])
    return events[events["claim_ids"].map(lambda c: not ids.isdisjoint(c)).astype(bool)]


class Briefing:
    """The evidence base, loaded once (within the scope the report builder set), and every view."""

    def __init__(self, scope: Scope | None = None, data: str | Path | None = None):
        self.data = paths.data_dir(data)  # data/, or $BRIEFING_DATA_DIR, which the report builder sets
        self.scope = scope or Scope.from_env()
        self.sources = load_sources(self.data.table("sources"))
        self.all_claims = load_claims(self.data.table("claims"))
        self.claims = self.scope.apply(self.all_claims, self.sources.set_index("source_id")["published"])
        if self.scope.sources:
            self.sources = self.sources[self.sources["source_id"].isin(self.scope.sources)].reset_index(drop=True)
        events = load_events(self.data.table("events"))
        self.events = _reporting(events, self.claims)
        self.titles = dict(zip(self.sources["source_id"], self.sources["title"]))
        self.taxonomy = load_taxonomy(self.data.taxonomy)
        # The hypotheses are about the whole relationship, so ACH weighs every claim of the sources in
        # scope, whatever the theme or date scope; judgments keep the same likelihood in every briefing.
        self.evidence = filter_claims(self.all_claims, sources=self.scope.sources or None)
        pd.set_option("display.max_colwidth", None)  # quotes are shown whole, never cut mid-sentence
        self.contradictions = load_contradictions(self.data.table("contradictions"))
        self.hypotheses = load_hypotheses(self.data.hypotheses)
        self.references = load_references(self.data.references).quotes  # name -> claim the notebooks quote

    @cached_property
    def names(self) -> dict[str, str]:
        """source_id -> the source's short name, as tables and charts show it (labels.source_names)."""
        return source_names(self.sources)

    # -- selecting ------------------------------------------------------------------------
    def chapter(self, name: str | None) -> pd.DataFrame:
        """The claims a chapter covers (all claims for None)."""
        return chapter_claims(self.claims, name, self.taxonomy)

    def chapter_events(self, name: str | None) -> pd.DataFrame:
        if name is None:
            return self.events
        return _reporting(self.events, self.chapter(name))

    def claim(self, cited: str) -> pd.Series:
        """A claim by the name of its quote in references.yml, or by its claim id."""
        if cited in self.references:
            claim_id = self.references[cited].id
        elif ID_SHAPED.fullmatch(cited):
            claim_id = cited
        else:
            raise KeyError(f"no quote is named '{cited}' in {self.data.references}; check the name")
        found = self.all_claims[self.all_claims["claim_id"] == claim_id]
        if found.empty:
            raise KeyError(
                f"claim {claim_id} is not in data/processed/claims.csv; it may have been rejected or its "
                f"words changed; run `make data` to re-anchor references.yml, or pick its new id from the claims table"
            )
        return found.iloc[0]

    def _held(self, cited: str) -> bool:
        """False for a quote this folder does not hold: its source is not here, or it names no quotes at all.

        Such a quote is left out as a scope leaves one out; a name its references.yml lacks is a typo.
        """
        if cited in self.references:
            return self.references[cited].source in set(self.all_claims["source_id"])
        return bool(ID_SHAPED.fullmatch(cited)) or self.data.references.exists()

    # -- words ----------------------------------------------------------------------------
    def glance(self, name: str | None = None) -> Markdown:
        """A computed sentence or two for the prose: how much evidence, from whom, which way."""
        c = self.chapter(name)
        stance = c["stance"].astype(str).value_counts()
        dated = c.dropna(subset=["date_start"])
        areas = c["area"].astype(str).replace("", pd.NA).dropna().value_counts().head(3)
        labels = [self.taxonomy.areas[a].label for a in areas.index]
        span = (
            f"Dated claims run from {dated['date_start'].min().year} to {dated['date_end'].max().year}."
            if len(dated)
            else "None of them carries a date."
        )
        text = (
            f"**{len(c)} claims** from **{c['source_id'].nunique()} of {len(self.sources)} sources**: "
            f"{stance.get('cooperation', 0)} describe cooperation, {stance.get('divergence', 0)} divergence "
            f"and {stance.get('context', 0)} give context. {span}"
        )
        if labels:
            text += f" Most claims concern {', '.join(labels[:-1]) + ' and ' if len(labels) > 1 else ''}{labels[-1]}."
        return Markdown(text)

    def quotes(self, *cited: str) -> HTML:
        """Claims as attributed quotes: the source's words, who said them, where, and the claim id.

        Each is named in references.yml (the build keeps its id current) or given by claim id.
        """
        blocks, in_scope = [], set(self.claims["claim_id"])
        for c in map(self.claim, filter(self._held, cited)):
            claim_id = c["claim_id"]
            if claim_id not in in_scope:
                continue
            src = self.sources.set_index("source_id").loc[c["source_id"]]
            when = "" if pd.isna(src["published"]) else f", {src['published']:%d %b %Y}"
            said = f"{html_text(c['attribution'])}, as reported in " if c["attribution"] else ""
            words = c["text"][1:-1] if len(c["text"]) > 1 and c["text"][0] == c["text"][-1] == '"' else c["text"]
            stale = (
                f"<br><small>Overtaken by events: see claim <code>{html_text(c['overtaken_by'])}</code>.</small>"
                if c["overtaken_by"]
                else ""
            )
            if c["is_truncated"]:
                stale += "<br><small>The source cuts this quote short: read it as incomplete.</small>"
            blocks.append(
                f'<blockquote class="claim" style="border-left:4px solid #999;margin:0.6em 0;padding:0.2em 0.8em">'
                f"“{html_text(words)}”<br><small>— {said}<cite>{html_text(src['title'])}</cite>"
                f"{when} (grade {html_text(src['reliability'])}) · credibility {c['credibility']} · "
                f"{corroboration_label(c.to_frame().T).iloc[0]} · claim <code>{html_text(claim_id)}</code></small>{stale}</blockquote>"
            )
        return HTML("\n".join(blocks) or "<p><i>None of the quoted claims falls in this scope.</i></p>")

    def judgments(self) -> HTML:
        """Key judgments: the likelihood and confidence the build estimated (judgments.csv), with the
        one-line rationale, the evidence and the contradictions. Estimates cover the whole evidence base,
        so they read the same in every scope."""
        estimates = self.judgment_estimates()
        labels = {k: h.label for k, h in self.hypotheses.hypotheses.items()}
        rows, in_scope = [], set(self.claims["claim_id"])
        for j in load_judgments(self.data.judgments):
            for claim_id in j.claims:
                self.claim(claim_id)  # an unknown id raises with the fix
            cited = [c for c in j.claims if c in in_scope]
            if not cited or j.hypothesis not in labels:
                continue
            if j.judgment_id not in estimates.index:
                raise InputError(
                    self.data.table("judgments"), f"has no row for {j.named}; run `make data` to estimate it"
                )
            e = estimates.loc[j.judgment_id]
            tie = f"{'resting on' if j.supports else 'against'} {html_text(j.hypothesis)} ({html_text(labels[j.hypothesis])})"
            rows.append(
                f"<li><b>{html_text(j.text)}</b><br>We judge this <b>{html_text(e['likelihood_word'])}</b> "
                f"({e['probability_low']:.0%}–{e['probability_high']:.0%}, {tie}); "
                f"confidence <b>{html_text(e['confidence'])}</b>."
                f"<br><small>Why: {html_text(e['rationale'])}</small>"
                f"{self._evidence_list(cited)}{self._contradiction_list(cited)}</li>"
            )
        return HTML(
            f"<ol>{''.join(rows)}</ol>" if rows else "<p><i>No key judgment rests on claims in this scope.</i></p>"
        )

    def _evidence_list(self, claim_ids: list[str]) -> str:
        """Every claim a judgment cites, as an attributed quote with its corroboration."""
        c = self.claims[self.claims["claim_id"].isin(claim_ids)]
        items = [
            f"<li>{overview.quote_html(self, row)}<small>{corroboration_label(row.to_frame().T).iloc[0]}</small></li>"
            for _, row in c.iterrows()
        ]
        return f"<details><summary>Evidence ({len(items)} claims)</summary><ul>{''.join(items)}</ul></details>"

    def _contradiction_list(self, claim_ids: list[str]) -> str:
        rows = self.contradictions_for(claim_ids)
        if rows.empty:
            return "<br><small>No recorded contradiction bears on it.</small>"
        text = self.all_claims.set_index("claim_id")["text"]

        def said(claim_id: str) -> str:
            return f"“{html_text(text.get(claim_id, '').strip(chr(34)))}”"

        items = [
            f"<li>{html_text(r.kind.replace('_', ' '))} ({html_text(r.status)}): {said(r.claim_id_a)} against "
            f"{said(r.claim_id_b)}<br><small>{html_text(name_sources(r.explanation, self.names))}</small></li>"
            for r in rows.itertuples()
        ]
        return f"<details open><summary>Contradictions bearing on it ({len(items)})</summary><ul>{''.join(items)}</ul></details>"

    def contradictions_for(self, claim_ids) -> pd.DataFrame:
        """Contradictions touching these claims or anything grouped with them."""
        claims = self.all_claims.set_index("claim_id")
        groups = set(claims.loc[list(claim_ids), "group_id"]) - {""}
        related = set(claim_ids) | set(claims.index[claims["group_id"].isin(groups)])
        c = self.contradictions
        return c[c["claim_id_a"].isin(related) | c["claim_id_b"].isin(related)]

    # -- tradecraft -----------------------------------------------------------------------
    @cached_property
    def matrix(self) -> pd.DataFrame:
        """The ACH matrix over the evidence items, built once: every outlook view reads it."""
        return ach.ach_matrix(self.evidence, self.hypotheses, taxonomy=self.taxonomy)

    @_for_display
    def ach(self) -> pd.DataFrame:
        """Hypotheses ranked as Heuer prescribes: least weighted inconsistency first."""
        matrix = self.matrix
        ranked = ach.rank_hypotheses(matrix).join(ach.standings(matrix))
        ranked["likelihood"] = ranked["standing"].map(ach.likelihood_word)
        return ranked.rename(
            columns={
                "label": "Hypothesis",
                "inconsistency": "Weighted inconsistency",
                "n_inconsistent": "Inconsistent",
                "consistency": "Weighted consistency",
                "n_consistent": "Consistent",
                "rank": "Rank",
                "standing": "Standing",
                "likelihood": "Likelihood",
            }
        )

    @_for_display
    def diagnostic_evidence(self, top: int = 12) -> pd.DataFrame:
        """The evidence that best tells the hypotheses apart, with its cells and corroboration."""
        d = ach.diagnosticity(self.matrix).head(top)
        h = list(self.hypotheses.hypotheses)
        return pd.DataFrame(
            {
                "Evidence": d["text"],
                "Corroboration": corroboration_label(d),
                "Credibility": d["credibility"],
                "Rating": d["status"],
                **{x: d[x] for x in h},
                "Diagnosticity": d["diagnosticity"],
                "Claims": d["claim_ids"].str.replace(";", ", "),  # spaced, so the column wraps
            }
        ).reset_index(drop=True)

    def ach_table(self):
        """The whole matrix, searchable: one row per evidence item, its rating (suggested by a rule,
        ruled by an analyst, or unrated), the rule's suggestion beside the cells used, and its claims."""
        m = self.matrix
        view = m.assign(
            corroboration=corroboration_label(m),
            dated=m["is_dated"].map({True: "dated", False: "undated"}),
            claim_ids=m["claim_ids"].str.replace(";", ", "),  # spaced, so the column wraps
        ).reset_index()
        offline_tables()
        show_table(
            table_text(
                view[
                    [
                        "text",
                        "corroboration",
                        "credibility",
                        "dated",
                        "status",
                        "basis",
                        "suggested",
                        *self.hypotheses.hypotheses,
                        "claim_ids",
                    ]
                ].rename(columns=header)
            ),
            cell_colours=self._ach_colours(),
            **CLAIMS_TABLE,
        )

    def _ach_colours(self) -> dict[str, dict[str, str]]:
        """Column -> cell value -> background: C / I / NA / ? in each hypothesis column, ruled ratings."""
        cells = {k: v for k, v in charts.ACH_COLOURS.items() if k != "ruled"}
        return {h: cells for h in self.hypotheses.hypotheses} | {
            header("status"): {"ruled": charts.ACH_COLOURS["ruled"]}
        }

    @_for_display
    def sensitivity(self) -> pd.DataFrame:
        s = ach.sensitivity(self.evidence, self.hypotheses, self.sources, taxonomy=self.taxonomy)
        return s.assign(
            scenario=s["scenario"].map(lambda t: name_sources(t, self.names)),
            left_out=s["left_out"].map(lambda sid: self.names.get(sid, sid)),
            is_top_changed=yes_no(s["is_top_changed"]),
        )

    @_for_display
    def indicators(self) -> pd.DataFrame:
        i = ach.indicators(self.claims, self.hypotheses)
        return (
            i.drop(columns="indicator")
            .rename(columns={"label": "Indicator"})
            .assign(favours=i["favours"].str.replace(";", ", "))
        )

    @_for_display
    def stale_forecasts(self) -> pd.DataFrame:
        """Forecasts that a later claim reports as having come about (or not)."""
        c = self.claims[self.claims["overtaken_by"] != ""]
        text = self.all_claims.set_index("claim_id")["text"]
        return pd.DataFrame(
            {
                "Forecast": c["claim_id"],
                "Source": c["source_id"].map(self.names),
                "Said": c["text"],
                "Overtaken by": c["overtaken_by"],
                "Later report": c["overtaken_by"].map(text),
            }
        ).reset_index(drop=True)

    @_for_display
    def contradictions_table(self) -> pd.DataFrame:
        """Every contradiction in scope, with both quotes side by side."""
        text = self.all_claims.set_index("claim_id")["text"]
        c = self.contradictions[
            self.contradictions["claim_id_a"].isin(set(self.claims["claim_id"]))
            | self.contradictions["claim_id_b"].isin(set(self.claims["claim_id"]))
        ]
        return pd.DataFrame(
            {
                "Kind": c["kind"].astype(str).str.replace("_", " "),
                "Status": c["status"].astype(str),
                "Claim A": c["claim_id_a"],
                "Quote A": c["claim_id_a"].map(text),
                "Claim B": c["claim_id_b"],
                "Quote B": c["claim_id_b"].map(text),
                "Why": c["explanation"].map(lambda t: name_sources(t, self.names)),
            }
        ).reset_index(drop=True)

    @_for_display
    def disputes_table(self) -> pd.DataFrame:
        """Every disputed question in scope, once: its sides, the sources and a quote on each, its status."""
        d = self.disputes
        text = self.all_claims.set_index("claim_id")["text"]

        def first(ids: list[str]) -> str:
            return text.get(ids[0], "") if ids else "(the reference timeline)"

        return pd.DataFrame(
            {
                "Kind": d["kind"].astype(str).str.replace("_", " "),
                "Question": d["question"],
                "Status": d["status"].astype(str),
                "Side A": d["side_a"],
                "Sources A": d["source_ids_a"].map(self._named),
                "Quote A": d["claim_ids_a"].map(first),
                "Side B": d["side_b"],
                "Sources B": d["source_ids_b"].map(self._named),
                "Quote B": d["claim_ids_b"].map(first),
                "Settled by": d["settled_by"],
                "Why": d["explanation"].map(lambda t: name_sources(t, self.names)),
            }
        ).reset_index(drop=True)

    def _named(self, source_ids: list[str]) -> str:
        return "; ".join(self.names.get(s, s) for s in source_ids)

    # -- tables and charts ----------------------------------------------------------------
    @_for_display
    def inventory(self) -> pd.DataFrame:
        """One row per source: what a reader needs to weigh it."""
        counts = self.claims["source_id"].value_counts()
        return pd.DataFrame(
            {
                "Title": self.sources["title"],
                "Published": self.sources["published"].dt.strftime("%Y-%m-%d").fillna(""),  # sorts as a date
                "Date basis": self.sources["is_published_inferred"]
                .map({True: "inferred", False: "stated"})
                .where(self.sources["published"].notna(), "unknown"),
                "Claims": self.sources["source_id"].map(counts).fillna(0).astype(int),
                "Grade": self.sources["reliability"],
                # the reasons, each with its direction
                "Why this grade": self.sources["reliability_rationale"].map(lambda t: name_sources(t, self.names)),
            }
        ).sort_values("Title", ignore_index=True)

    @_for_display
    def claims_view(self, name: str | None = None) -> pd.DataFrame:
        """The chapter's claims in reading form: source title, date, quote, tags."""
        return reading_view(self.chapter(name), self.names, CHAPTER_COLUMNS, taxonomy=self.taxonomy)

    def table(self, name: str | None = None):
        """The chapter's claims as a searchable, sortable table that also works in exported HTML.

        A page carries at most TABLE_CAP rows, so a corpus of thousands of claims still gives a page a
        reader can open; the explorer and its CSV export hold every claim.
        """
        offline_tables()
        view = self.claims_view(name)
        if len(view) > TABLE_CAP:
            display(Markdown(f"*The first {TABLE_CAP:,} of {len(view):,} claims; the explorer below has them all.*"))
        show_table(view.head(TABLE_CAP), **CLAIMS_TABLE)

    def reference_events(self, name: str | None = None) -> list:
        """The team's cited reference events a chapter shows: its theme's (all for None), within the scope."""
        since = self.scope.since
        return [
            e
            for e in load_reference_events(self.data.reference_events).events
            if (name is None or e.theme == name)
            and (not self.scope.themes or e.theme in self.scope.themes)
            and (since is None or e.span[1] >= since)
        ]

    def timeline(self, name: str | None = None, compact: bool = False):
        """The chapter's timeline, or None (no chart at all) when nothing in it is dated."""
        with charts.reading(self.data):
            events, reference = self.chapter_events(name), self.reference_events(name)
            return charts.timeline(events, self.claims, self.sources, reference, compact=compact)

    def areas(self, name: str | None = None):
        with charts.reading(self.data):
            return charts.cooperation_areas(self.chapter(name))

    def coverage(self, name: str | None = None):
        with charts.reading(self.data):
            return charts.source_coverage(self.chapter(name))

    def actors(self, name: str | None = None):
        with charts.reading(self.data):
            return charts.actor_network(self.chapter(name))

    @cached_property
    def disputes(self) -> pd.DataFrame:
        """The disputed questions with a claim in scope (none for a folder built before disputes existed)."""
        d = load_optional("disputes", self.data.table("disputes"))
        scope = set(self.claims["claim_id"])
        return d[[bool(scope & {*a, *b}) for a, b in zip(d["claim_ids_a"], d["claim_ids_b"])]]

    # -- overview ---------------------------------------------------------------------------
    @cached_property
    def reference_conflicts(self) -> pd.DataFrame:
        """Claims in scope that the reference timeline contradicts, each with the record that does."""
        rc = load_optional("reference_conflicts", self.data.table("reference_conflicts"))
        return rc[rc["claim_id"].isin(self.claims["claim_id"])].reset_index(drop=True)

    def judgment_list(self) -> list:
        """The team's key judgments (data/judgments.yml; none when the folder has no such file)."""
        return load_judgments(self.data.judgments) if self.data.judgments.exists() else []

    def judgment_estimates(self) -> pd.DataFrame:
        """The build's estimate for each judgment (processed/judgments.csv), indexed by judgment_id."""
        path = self.data.table("judgments")
        if not path.exists():
            raise InputError(path, "is missing; run `make data` to estimate the key judgments")
        return schema.read("judgments", path).set_index("judgment_id")

    def single_source_themes(self) -> list[str]:
        """Theme labels whose live claims in scope all come from one source: a reader should know."""
        live = self.claims[schema.live(self.claims)]
        per_theme = live.groupby(live["theme"].astype(str))["source_id"].nunique()
        return [self.taxonomy.themes[t].label for t, n in per_theme.items() if n == 1 and t in self.taxonomy.themes]

    def as_of(self) -> HTML:
        return overview.as_of(self)

    def key_judgments(self) -> HTML:
        return overview.key_judgments(self)

    def known_wrong_open(self) -> HTML:
        return overview.known_wrong_open(self)

    def glossary(self) -> HTML:
        return overview.glossary()

    # -- explorer ------------------------------------------------------------------------
    def explorer(self, chapter: str | None = None, **preset):
        """A ClaimExplorer over a chapter's claims (every claim for None), with the given filters already set.

        A chapter is its theme widened by taxonomy.yml (outlook: also every forecast), which no single
        filter expresses; the explorer takes the same `chapter()` as the prose and the table, so their
        counts agree.
        """
        # A chapter's explorer sits below the chapter's claims table, so its exported form leaves the
        # table out rather than repeat it.
        return ClaimExplorer(
            self.chapter(chapter),
            titles=self.titles,
            static_table=not (preset or chapter),
            taxonomy=self.taxonomy,
            **preset,
        )
