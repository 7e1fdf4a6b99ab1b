"""What the notebooks call: one object that loads the evidence and draws each part of a chapter.

Keeping this here lets every notebook cell be one line, and keeps the look of quotes, tables
and charts the same from chapter to chapter. Source text is always escaped before display.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import yaml
from IPython.display import HTML, Markdown
from pydantic import BaseModel, ConfigDict, Field

from helpers import charts, paths
from helpers.config import load_taxonomy
from helpers.errors import InputError
from helpers.load import filter_claims, load_claims, load_events, load_sources

# A chapter is its theme, widened where the question cuts across themes.
WIDER = {"divergences": ("stance", "divergence"), "outlook": ("modality", "forecast")}
TABLE_COLUMNS = {"source": "Source", "date": "Date", "text": "Quote", "area": "Area", "stance": "Stance",
                 "modality": "Modality", "actors": "Actors", "claim_id": "Claim"}


class Judgment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    confidence: str = Field(pattern="^(low|moderate|high)$")
    claims: list[str] = Field(min_length=1)


class Judgments(BaseModel):
    model_config = ConfigDict(extra="forbid")
    judgments: list[Judgment] = Field(min_length=1)


def load_judgments(path: Path = paths.JUDGMENTS) -> list[Judgment]:
    """The team's key judgments, each pointing at the claims behind it."""
    try:
        return Judgments.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).judgments
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise InputError(path, f"{str(exc).splitlines()[0]}; fix the file and rerun") from None


class Briefing:
    """The evidence base, loaded once, and the views every chapter shows."""

    def __init__(self):
        self.sources = load_sources()
        self.claims = load_claims()
        self.events = load_events()
        self.titles = dict(zip(self.sources["source_id"], self.sources["title"]))
        self.taxonomy = load_taxonomy()

    # -- selecting ------------------------------------------------------------------------
    def chapter(self, name: str | None) -> pd.DataFrame:
        """The claims a chapter covers (all claims for None)."""
        if name is None:
            return self.claims
        mask = self.claims["theme"] == name
        if name in WIDER:
            column, value = WIDER[name]
            mask |= self.claims[column] == value
        return self.claims[mask]

    def chapter_events(self, name: str | None) -> pd.DataFrame:
        if name is None:
            return self.events
        ids = set(self.chapter(name)["claim_id"])
        return self.events[self.events["claim_ids"].str.split(";").map(lambda c: not ids.isdisjoint(c))]

    def claim(self, claim_id: str) -> pd.Series:
        found = self.claims[self.claims["claim_id"] == claim_id]
        if found.empty:
            raise KeyError(f"claim {claim_id} is not in data/processed/claims.csv; it may have been "
                           f"rejected or its words changed; pick its new id from the claims table")
        return found.iloc[0]

    # -- words ----------------------------------------------------------------------------
    def glance(self, name: str | None = None) -> Markdown:
        """A computed sentence or two for the prose: how much evidence, from whom, which way."""
        c = self.chapter(name)
        stance = c["stance"].astype(str).value_counts()
        dated = c.dropna(subset=["date_start"])
        areas = c["area"].astype(str).replace("", pd.NA).dropna().value_counts().head(3)
        labels = [self.taxonomy.areas[a].label.lower() for a in areas.index]
        span = (f"Dated claims run from {dated['date_start'].min().year} to {dated['date_end'].max().year}."
                if len(dated) else "None of them carries a date.")
        text = (f"**{len(c)} claims** from **{c['source_id'].nunique()} of {len(self.sources)} sources**: "
                f"{stance.get('cooperation', 0)} describe cooperation, {stance.get('divergence', 0)} divergence "
                f"and {stance.get('context', 0)} give context. {span}")
        if labels:
            text += f" Most claims concern {', '.join(labels[:-1]) + ' and ' if len(labels) > 1 else ''}{labels[-1]}."
        return Markdown(text)

    def quotes(self, *claim_ids: str) -> HTML:
        """Claims as attributed quotes: the source's words, who said them, where, and the claim id."""
        blocks = []
        for claim_id in claim_ids:
            c = self.claim(claim_id)
            src = self.sources.set_index("source_id").loc[c["source_id"]]
            when = "" if pd.isna(src["published"]) else f", {src['published']:%d %b %Y}"
            said = f"{html.escape(c['attribution'])}, as reported in " if c["attribution"] else ""
            blocks.append(
                f'<blockquote class="claim" style="border-left:4px solid #999;margin:0.6em 0;padding:0.2em 0.8em">'
                f"“{html.escape(c['text'])}”<br><small>— {said}<cite>{html.escape(src['title'])}</cite>"
                f"{when} · claim <code>{claim_id}</code></small></blockquote>")
        return HTML("\n".join(blocks))

    def judgments(self) -> HTML:
        """The key judgments, each with its confidence and the claims that support it."""
        rows = []
        for i, j in enumerate(load_judgments(), 1):
            for claim_id in j.claims:
                self.claim(claim_id)
            cited = ", ".join(f"<code>{c}</code>" for c in j.claims)
            rows.append(f"<li><b>{html.escape(j.text)}</b> <i>Confidence: {j.confidence}.</i>"
                        f"<br><small>Supporting claims: {cited}</small></li>")
        return HTML(f"<ol>{''.join(rows)}</ol>")

    # -- tables and charts ----------------------------------------------------------------
    def inventory(self) -> pd.DataFrame:
        """One row per source: what a reader needs to weigh it."""
        counts = self.claims["source_id"].value_counts()
        return pd.DataFrame({
            "Title": self.sources["title"],
            "Published": self.sources["published"].dt.strftime("%Y-%m-%d").fillna("unknown")
            + self.sources["is_published_inferred"].map({True: " (inferred)", False: ""}),
            "Claims": self.sources["source_id"].map(counts).fillna(0).astype(int),
            "Grade": self.sources["reliability"],
        }).sort_values("Title", ignore_index=True)

    def claims_view(self, name: str | None = None) -> pd.DataFrame:
        """The chapter's claims in reading form: source title, date, quote, tags."""
        c = self.chapter(name)
        date = c["date_start"].dt.strftime("%Y-%m-%d").fillna("")
        return pd.DataFrame({
            "source": c["source_id"].map(self.titles), "date": c["date_text"].where(c["date_text"] != "", date),
            "text": c["text"], "area": c["area"].astype(str), "stance": c["stance"].astype(str),
            "modality": c["modality"].astype(str), "actors": c["actors"].str.replace(";", ", "),
            "claim_id": c["claim_id"]}).rename(columns=TABLE_COLUMNS).reset_index(drop=True)

    def table(self, name: str | None = None):
        """The chapter's claims as a searchable, sortable table that also works in exported HTML."""
        import itables

        itables.show(self.claims_view(name), connected=False, column_filters="header", allow_html=False,
                     maxBytes=0, classes="display compact", pageLength=10)

    def timeline(self, name: str | None = None):
        return charts.timeline(self.chapter_events(name), self.claims, self.sources)

    def areas(self, name: str | None = None):
        return charts.cooperation_areas(self.chapter(name))

    def coverage(self, name: str | None = None):
        return charts.source_coverage(self.chapter(name))

    def actors(self, name: str | None = None):
        return charts.actor_network(self.chapter(name))

    def explorer(self, **preset):
        """A ClaimExplorer over every claim, with the given filters already set."""
        from helpers.widgets import ClaimExplorer

        return ClaimExplorer(self.claims, titles=self.titles, **preset)

    def filtered(self, **filters) -> pd.DataFrame:
        return filter_claims(self.claims, **filters)
