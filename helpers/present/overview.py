"""The overview a reader meets first: key judgments with their words and quotes, what is known, wrong and open.

Kept apart from `briefing` because it composes the tradecraft tables into a few screens of plain
language; every piece of source text goes through `escape.html_text`. The functions take the
`Briefing` so the overview reads the same scope and data folder as the chapters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from IPython.display import HTML

from helpers import schema
from helpers.present.escape import html_text
from helpers.present.labels import CREDIBILITY

if TYPE_CHECKING:
    from helpers.present.briefing import Briefing

# ICD 203's likelihood words and ranges, in order: shown inline with every key judgment.
ICD_203 = (
    ("almost no chance", "1–5%"),
    ("very unlikely", "5–20%"),
    ("unlikely", "20–45%"),
    ("roughly even chance", "45–55%"),
    ("likely", "55–80%"),
    ("very likely", "80–95%"),
    ("almost certain", "95–99%"),
)
QUOTES_PER_JUDGMENT = 1  # one quote keeps the judgments on one screen; the appendix lists the rest
SHOWN_PER_LIST = 5

GLOSSARY = {
    "Key judgment": "A conclusion the team draws from the evidence, written in data/judgments.yml.",
    "Likelihood word": "How probable the team finds a judgment, on the ICD 203 scale (see the strip under each "
    "judgment); the build estimates it from the judgment's own evidence.",
    "Confidence": "How far the evidence can bear the judgment: low when it rests on one origin, on unrated "
    "evidence or on contradicted claims.",
    "Evidence item": "One fact as the sources state it: a group of claims that say the same thing, counted once "
    "however many sentences repeat it.",
    "Independent origin": "Sources that do not copy each other. Two articles that share passages count as one origin.",
    "ACH": "Analysis of Competing Hypotheses: each evidence item is rated consistent or inconsistent with each "
    "hypothesis, and the hypothesis with the least evidence against it stands best.",
    "Admiralty grade": "A source's reliability, A (completely reliable) to E (unreliable), F when it cannot be "
    "judged; the build's reasons are shown beside each grade.",
    "Credibility (1–6)": "How believable one claim is: 1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, "
    "5 improbable, 6 cannot be judged.",
    "Reference timeline": "Well-established events the team adds from public records, each with a citation "
    "(data/reference_events.yml); claims that contradict it are marked.",
    "Dispute": "A question on which claims disagree, with its sides; settled by the reference timeline or ruled on "
    "by an analyst, otherwise open.",
    "Forecast overtaken by events": "A prediction that a later claim or the reference timeline reports as done.",
}


def as_of(b: Briefing) -> HTML:
    """'Information as of' the latest publication date in scope, so a reader knows how fresh the picture is."""
    dates = b.sources["published"].dropna()
    latest = f"{dates.max():%d %B %Y}" if len(dates) else "an unknown date (no source states one)"
    return HTML(
        f"<p class='as-of'><b>Information as of {html_text(latest)}</b>: the latest publication date among the "
        f"{len(b.sources)} sources in scope. Later events are not covered unless the reference timeline records them.</p>"
    )


def _scale(word: str) -> str:
    cells = "".join(
        f"<span style='padding:0 0.35em;{'font-weight:bold;border-bottom:3px solid #444' if w == word else 'color:#777'}'>"
        f"{html_text(w)} <small>{r}</small></span>"
        for w, r in ICD_203
    )
    return f"<div class='icd-scale' style='font-size:0.8em;overflow-x:auto;white-space:nowrap'>{cells}</div>"


def strongest(b: Briefing, claim_ids: list[str], n: int) -> pd.DataFrame:
    """The cited claims a reader should see first: most credible, then most independently corroborated."""
    c = b.claims[b.claims["claim_id"].isin(claim_ids)]
    return c.sort_values(["credibility", "n_independent", "claim_id"], ascending=[True, False, True]).head(n)


def quote_html(b: Briefing, claim: pd.Series) -> str:
    """One claim as a short attributed quote: the words, the source's title, its credibility word."""
    title = b.titles.get(claim["source_id"], claim["source_id"])
    credibility = CREDIBILITY.get(int(claim["credibility"]), "")
    cut = " · cut short by its source" if claim.get("is_truncated", False) else ""
    return (
        f"<blockquote class='claim' style='margin:0.3em 0;padding:0.1em 0.8em;border-left:3px solid #999'>"
        f"“{html_text(claim['text'].strip(chr(34)))}”<br><small>— <cite>{html_text(title)}</cite> · "
        f"credibility {int(claim['credibility'])} ({html_text(credibility)}){cut}</small></blockquote>"
    )


def key_judgments(b: Briefing) -> HTML:
    """Each key judgment on one line, with its likelihood word on the ICD 203 strip, its confidence, the
    one-line reason and its strongest quotes; the full evidence stays in the appendix."""
    estimates = b.judgment_estimates()
    rows = []
    for j in b.judgment_list():
        cited = [c for c in j.claims if c in set(b.claims["claim_id"])]
        if not cited or j.judgment_id not in estimates.index:
            continue
        e = estimates.loc[j.judgment_id]
        quotes = "".join(quote_html(b, q) for _, q in strongest(b, cited, QUOTES_PER_JUDGMENT).iterrows())
        rows.append(
            f"<li style='margin-bottom:0.8em'><b>{html_text(j.text)}</b><br>"
            f"<b>{html_text(e['likelihood_word']).capitalize()}</b> "
            f"({e['probability_low']:.0%}–{e['probability_high']:.0%}), {html_text(e['confidence'])} confidence. "
            f"<small>Why: {html_text(e['rationale'])}</small>{_scale(e['likelihood_word'])}{quotes}</li>"
        )
    if not rows:
        return HTML("<p><i>No key judgment rests on claims in this scope.</i></p>")
    return HTML(f"<ol class='key-judgments'>{''.join(rows)}</ol>")


def _listing(items: list[str], empty: str) -> str:
    return f"<ul>{''.join(f'<li>{i}</li>' for i in items)}</ul>" if items else f"<p><i>{html_text(empty)}</i></p>"


def known_wrong_open(b: Briefing) -> HTML:
    """Three short lists: facts several independent sources agree on, claims the reference timeline
    contradicts, and the questions still open. Each list is capped; the chapters hold the rest."""
    live = b.claims[schema.live(b.claims)]
    in_reference = set(b.reference_conflicts["claim_id"])
    corroborated = live[(live["n_independent"] >= 2) & ~live["claim_id"].isin(in_reference)]
    corroborated = corroborated.sort_values(["n_independent", "credibility", "claim_id"], ascending=[False, True, True])
    known = [
        f"{quote_html(b, c)}<small>{int(c['n_independent'])} independent origins say this.</small>"
        for _, c in corroborated.drop_duplicates("group_id").head(SHOWN_PER_LIST).iterrows()
    ]
    wrong = []
    for r in b.reference_conflicts.head(SHOWN_PER_LIST).itertuples():
        claim = b.claims[b.claims["claim_id"] == r.claim_id]
        if claim.empty:  # a claim outside this scope
            continue
        record = r.citation.split(" | ")[0]
        wrong.append(
            f"{quote_html(b, claim.iloc[0])}<small>{html_text(r.reason)}. Record: {html_text(record)}.</small>"
        )
    open_disputes = b.disputes[b.disputes["status"] == "open"]
    unknown = [
        f"<b>{html_text(d.question)}</b>: {html_text(d.side_a)} ({len(d.claim_ids_a)} claims) against "
        f"{html_text(d.side_b)} ({len(d.claim_ids_b)} claims)."
        for d in open_disputes.head(SHOWN_PER_LIST).itertuples()
    ]
    single = b.single_source_themes()
    if single:
        unknown.append("Resting on a single source: " + html_text(", ".join(single)) + ".")
    return HTML(
        "<h3>What we know</h3>"
        + _listing(known, "No fact in scope is carried by two independent origins.")
        + "<h3>What the sources get wrong</h3>"
        + _listing(wrong, "No claim in scope contradicts the reference timeline.")
        + "<h3>What we don't know</h3>"
        + _listing(unknown, "No open dispute in scope.")
    )


def glossary() -> HTML:
    """The tradecraft terms, one line each, in the team's words."""
    rows = "".join(f"<dt><b>{html_text(t)}</b></dt><dd>{html_text(d)}</dd>" for t, d in GLOSSARY.items())
    return HTML(f"<dl class='glossary'>{rows}</dl>")
