"""Personal data planted in made-up pages never reaches a processed table; the article around it does.

The pages and what was planted in them are in tests/fixtures/pii/ (planted.yml). Two pages are held out:
they were written before the rules and are scored on their own, as a check that the rules generalise.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import paths
from helpers.build.pipeline import run
from helpers.build.sources import clean, load_document, source_id_for
from helpers.config import load_cleaning
from helpers.text import pii
from helpers.text.dates import find_dates

from conftest import FIXTURES, METRICS, settings_for

PII_DIR = FIXTURES / "pii"
PLANTED = yaml.safe_load((PII_DIR / "planted.yml").read_text(encoding="utf-8"))
HELD_OUT = set(PLANTED["held_out"])
PAGES = sorted({d["file"] for d in PLANTED["details"]} | {k["file"] for k in PLANTED["keep"]})
PARTS = {"tuned": [p for p in PAGES if p not in HELD_OUT], "held_out": [p for p in PAGES if p in HELD_OUT]}
SHINGLE = 8  # a long detail (a bio) leaks if any run of this many of its words does


def _flat(text: str) -> str:
    return " ".join(text.split())


def _visible(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return _flat(raw)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _digit_runs(text: str) -> list[str]:
    """Every number written with phone-like separators, as digits only ("+44 (0)20 …" -> "44020…")."""
    return [re.sub(r"\D", "", m) for m in re.findall(r"\d[\d\s().+/-]*\d", text)]


def _leaks(detail: dict, blob: str, words: str, digits: list[str], dates: set[str]) -> bool:
    """Whether a planted detail shows in the tables: verbatim, as a run of its words, or as digits or a date."""
    text = _flat(detail["text"])
    if text in blob:
        return True
    ws = _words(text)
    if len(ws) >= SHINGLE and any(f" {' '.join(ws[i : i + SHINGLE])} " in words for i in range(len(ws) - SHINGLE + 1)):
        return True
    if detail["kind"] == "phone":
        tail = re.sub(r"\D", "", text)[-8:]  # the subscriber part, whatever prefix a leak was written with
        if any(tail in d for d in digits):
            return True
    if detail["kind"] == "birth_date":
        for mention in find_dates(text):
            if mention.precision == "day" and mention.date_start.isoformat() in dates:
                return True
    return False


@pytest.fixture(scope="module", params=list(PARTS), ids=list(PARTS))
def built(request, tmp_path_factory):
    """One build of one part's pages (tuned or held out) into a throw-away data folder."""
    data = tmp_path_factory.mktemp(request.param) / "data"
    (data / "sources").mkdir(parents=True)
    (data / "processed").mkdir()
    for name in ("taxonomy.yml", "cleaning.yml", "curation.yml"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    for page in PARTS[request.param]:
        shutil.copy(PII_DIR / page, data / "sources" / page)
    result = run(settings_for(data), progress=False)
    tables = {p.stem: p.read_text(encoding="utf-8") for p in sorted((data / "processed").glob("*.csv"))}
    return request.param, result, tables


def test_planted_strings_are_on_their_pages():
    for item in PLANTED["details"] + PLANTED["keep"]:
        assert _flat(item["text"]) in _visible(PII_DIR / item["file"]), item


def test_no_planted_detail_reaches_a_table_and_the_article_stays(built):
    part, result, tables = built
    blob = _flat("\n".join(tables.values()))
    words = " " + " ".join(_words(blob)) + " "
    digits = _digit_runs(blob)
    dates = {f"{d:%Y-%m-%d}" for frame in (result.claims, result.events) for d in frame["date_start"].dropna()}
    details = [d for d in PLANTED["details"] if d["file"] in PARTS[part]]
    leaked = [d for d in details if _leaks(d, blob, words, digits, dates)]

    claims = result.claims
    keep = [k for k in PLANTED["keep"] if k["file"] in PARTS[part]]
    lost = [
        k
        for k in keep
        if not any(
            _flat(k["text"]) in t for t in claims.loc[claims["source_id"] == source_id_for(Path(k["file"])), "text"]
        )
    ]
    personal = [d for d in details if d["kind"] != "citation_url"]
    METRICS[f"pii {part}"] = (
        f"planted details removed {len(personal) - sum(d in leaked for d in personal)}/{len(personal)} "
        f"(citation links {sum(d['kind'] == 'citation_url' and d not in leaked for d in details)}"
        f"/{len(details) - len(personal)}), article sentences kept {len(keep) - len(lost)}/{len(keep)}"
    )
    assert not leaked, f"{part}: personal data reached the tables: {[(d['kind'], d['text']) for d in leaked]}"
    assert not lost, f"{part}: article sentences lost: {[k['text'] for k in lost]}"


def test_quotes_sit_at_their_offsets(built):
    _, result, _ = built
    for row in result.claims.itertuples():
        raw = (PII_DIR / f"{_page_of(row.source_id)}").read_text(encoding="utf-8")
        quoted = raw[row.char_start : row.char_end]
        if _page_of(row.source_id).endswith(".html"):
            quoted = html.unescape(re.sub(r"<[^>]+>", "", quoted)).replace("\xa0", " ")
        if _page_of(row.source_id).endswith(".md"):  # links keep their words, lose their address; emphasis goes
            quoted = re.sub(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\[|(?<!\w)[*_]+|[*_]+(?!\w)", "", quoted)
        assert _flat(quoted) == row.text, row.claim_id


def _page_of(source_id: str) -> str:
    return next(p for p in PAGES if source_id_for(Path(p)) == source_id)


@pytest.mark.parametrize("page", PAGES)
def test_rules_alone_clean_every_page(page):
    """Without the HTML extractor's verdict on what is main text, the rules still set every detail aside."""
    doc = load_document(PII_DIR / page)
    doc.main_lines = None
    kept = _flat("\n".join(b.text for b in clean(doc, load_cleaning()).blocks if b.kind != "debris"))
    details = [d for d in PLANTED["details"] if d["file"] == page]
    leaked = [d["text"] for d in details if _leaks(d, kept, f" {' '.join(_words(kept))} ", _digit_runs(kept), set())]
    assert not leaked


# --- the rules on small strings -------------------------------------------------------------------------


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in pii.find(text)]


@pytest.mark.parametrize(
    "text, kind, detail",
    [
        pytest.param("Call us on +1 202-555-0178.", "phone", "+1 202-555-0178", id="US number, full stop after"),
        pytest.param("Office: 020 7946 0321.", "phone", "020 7946 0321", id="UK national format"),
        pytest.param("Ring +44 (0)20 7946 0321 today", "phone", "+44 (0)20 7946 0321", id="UK with (0)"),
        pytest.param("tel. +971 4 123 4567", "phone", "+971 4 123 4567", id="plus number the library calls invalid"),
        pytest.param("Mobile 07700 900456", "phone", "07700 900456", id="UK mobile, fictional range"),
        pytest.param("write to jane.doe@example.org now", "email", "jane.doe@example.org", id="plain e-mail"),
        pytest.param("jane [at] example [dot] org", "obfuscated_email", "jane [at] example [dot] org", id="[at] [dot]"),
        pytest.param("mail jane(at)example.org", "obfuscated_email", "jane(at)example.org", id="(at)"),
        pytest.param(
            "Reach jane.doe at example.org today", "obfuscated_email", "jane.doe at example.org", id="bare at"
        ),
        pytest.param("see twitter.com/jdoe for more", "social_url", "twitter.com/jdoe", id="bare twitter"),
        pytest.param(
            "profile: https://www.linkedin.com/in/jane-doe/.",
            "social_url",
            "https://www.linkedin.com/in/jane-doe/",
            id="linkedin",
        ),
        pytest.param("on t.me/jdoe_news", "social_url", "t.me/jdoe_news", id="telegram"),
        pytest.param(
            "x https://a.example/p?utm_source=mail&x=1 y",
            "tracking_url",
            "https://a.example/p?utm_source=mail&x=1",
            id="utm link",
        ),
        pytest.param(
            "Visit 10 Downing Street, London SW1A 2AA.",
            "address",
            "10 Downing Street, London SW1A 2AA",
            id="UK address",
        ),
        pytest.param("at 1600 Pennsylvania Avenue NW in", "address", "1600 Pennsylvania Avenue NW", id="US address"),
        pytest.param("PO Box 1234, Dubai", "po_box", "PO Box 1234, Dubai", id="PO box"),
        pytest.param("born on 4 July 1985 in Kazan, she", "birth", "born on 4 July 1985 in Kazan", id="born on … in …"),
        pytest.param("DOB: 04/07/1985", "birth", "DOB: 04/07/1985", id="DOB label"),
        pytest.param("Date of birth: 4 July 1985", "birth", "Date of birth: 4 July 1985", id="date of birth label"),
        pytest.param("follow @jdoe_news for updates", "handle", "@jdoe_news", id="handle"),
        pytest.param("Moscow office: +7 (495) 123-45-67.", "phone", "+7 (495) 123-45-67", id="Russian number"),
        pytest.param("Tel: 8 (495) 123-45-67", "phone", "8 (495) 123-45-67", id="trunk digit before the area code"),
        pytest.param("jane.doe AT example DOT com", "obfuscated_email", "jane.doe AT example DOT com", id="AT DOT"),
        pytest.param("ivan at mail dot ru", "obfuscated_email", "ivan at mail dot ru", id="at … dot"),
        pytest.param("mailto:jane@example.org", "email", "mailto:jane@example.org", id="mailto"),
        pytest.param("or youtube.com/@janedoe", "social_url", "youtube.com/@janedoe", id="youtube"),
        pytest.param("on https://mastodon.social/@jane", "social_url", "https://mastodon.social/@jane", id="mastodon"),
        pytest.param(
            "see https://news.example.com/a?fbclid=IwAR0abc",
            "tracking_url",
            "https://news.example.com/a?fbclid=IwAR0abc",
            id="fbclid",
        ),
        pytest.param(
            "He lived at 221B Baker Street, London NW1 6XE.",
            "address",
            "221B Baker Street, London NW1 6XE",
            id="house letter",
        ),
        pytest.param("Flat 3, 12 Albert Road, Bristol", "address", "Flat 3, 12 Albert Road", id="flat"),
        pytest.param("Jane Doe (b. 1985) is a writer", "birth", "(b. 1985)", id="b. year"),
        pytest.param(
            "She was born in Tabriz in 1979 and moved.", "birth", "born in Tabriz in 1979", id="born in … in …"
        ),
        pytest.param("Place of birth: Kazan", "birth", "Place of birth: Kazan", id="place of birth label"),
    ],
)
def test_finds_each_kind(text, kind, detail):
    assert any(k == kind and detail in d for k, d in _found(text)), _found(text)  # the span may take in "at", "("


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Iran delivered more than 2,000 drones to Russia in 2022.", id="count and year"),
        pytest.param("About 1600 troops were deployed between 2019-2022 and in 2023 2024.", id="year-like numbers"),
        pytest.param(
            "Trade rose to 4.9 billion dollars, or 1,200,000,000 roubles, on 12.03.2024.", id="money and date"
        ),
        pytest.param("The 162-kilometre Rasht-Astara line will cost 1.3 billion euros.", id="length"),
        pytest.param(
            "The talks were held at the Foreign Ministry on Smolenskaya Square in Moscow.", id="place no number"
        ),
        pytest.param("Iran's president was born into a clerical family, officials said.", id="born without a date"),
        pytest.param("Hanna Notte, a senior fellow at the Center, said Iran would not budge.", id="expert quoted"),
        pytest.param("He works at the embassy in Moscow.", id="at without an address"),
        pytest.param("The S-400 system costs about 500 million dollars, see page 12 of the report.", id="model number"),
        pytest.param("Resolution 2231 was adopted in July 2015 by 15 votes to 0.", id="resolution number"),
        pytest.param("The deal is worth 25,000,000,000 dollars, or 2 500 000 000 euros.", id="long amounts"),
        pytest.param("ISBN 978-3-16-148410-0 was cited in 2019.", id="ISBN"),
        pytest.param("Parliament voted 190-20 on 21 May 2025, and 1,200 votes were counted by 2024-05-21.", id="votes"),
        pytest.param("The phone call between the presidents on 14 October 2024 lasted an hour.", id="phone call"),
        pytest.param("Oil exports rose in 2024 St Petersburg traders said.", id="year before St"),
        pytest.param("In 1979 students seized the embassy on Taleghani Avenue.", id="year before a street"),
        pytest.param("Investors bought at the dot com peak.", id="dot com"),
    ],
)
def test_leaves_article_text_alone(text):
    assert pii.find(text) == [] and not pii.has_personal_data(text), _found(text)


def test_lists_of_numbers():
    phones = "Tel: 020 7946 0321 / 020 7946 0322 / 020 7946 0323"
    assert _found(phones) == [("phone", phones)]
    figures = " ".join(str(year) for year in range(1990, 2030)) + " " + " ".join(str(i) for i in range(20_000))
    assert pii.find(figures) == []  # a run this long is read as a table of figures, not as phone numbers


def test_pieces_keep_the_article_around_a_detail():
    text = "Iran shipped 2,000 drones in 2022, the analyst wrote from jane@example.org, and Russia paid in gold."
    parts = [text[a:b] for a, b in pii.pieces(text, pii.find(text))]
    assert parts == ["Iran shipped 2,000 drones in 2022, the analyst wrote from", "Russia paid in gold."]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Jane Doe is a senior fellow at the Example Institute, where she writes about Iran.", True, id="is a fellow"
        ),
        pytest.param(
            "*Jane Doe is a nonresident scholar at the Example Center. Her views are her own.*", True, id="markdown bio"
        ),
        pytest.param("About the author: Jane Doe writes about sanctions for Example News.", True, id="writes about"),
        pytest.param("Follow Jane on Twitter for more.", True, id="follow"),
        pytest.param(
            "Dr. Jane Doe, a senior analyst at the Institute, writes on Iranian politics.", True, id="appositive"
        ),
        pytest.param("Jane Doe can be reached through the newsroom.", True, id="can be reached"),
        pytest.param("The port of Bandar Abbas can be reached by sea from Astrakhan.", False, id="place reached"),
        pytest.param(
            "Sergei Lavrov said the treaty was not a military alliance, in Moscow on Tuesday.", False, id="news"
        ),
        pytest.param(
            "Ali Vaez, the Iran project director at Crisis Group, said sanctions had failed.", False, id="quoted expert"
        ),
    ],
)
def test_bios(text, expected):
    assert pii.is_bio(text) is expected


def test_contact_line_and_paragraph_with_a_citation():
    line = "Contact him at jane [at] example [dot] org or call (202) 555-0143."
    assert pii.is_contact_line(line, pii.find(line), min_words=5)
    para = "Russia and Iran signed the treaty in January 2025, as the text shows: https://example.org/treaty.pdf"
    spans = pii.find(para)
    assert [s.kind for s in spans] == ["url"] and not pii.is_contact_line(para, spans, min_words=5)
