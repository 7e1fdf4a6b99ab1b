"""Hostile or odd source files: each attack from the input review, named, and how the build holds.

Decoding, source ids, the HTML reader and the sentence splitter are tested on bytes directly;
whole builds run in-process through the CLI on a small data folder (one good build, copied per
case), so the whole file runs in a few seconds.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from helpers import paths
from helpers.build.extract import MAX_SENTENCE_CHARS, sentences
from helpers.build.sources import EXTRACTOR_DEPTH, _VisibleText, clean, decode, discover, load_document, source_id_for
from helpers.cli import main
from helpers.config import load_cleaning
from helpers.errors import InputError

INPUT = Path(__file__).parent / "fixtures" / "input"
ARTICLE = "Russia and Iran signed a comprehensive strategic partnership treaty in Moscow in January 2025.\n"
QUOTES = "Moscow’s envoy said “we stand with Tehran” on Monday – officials.\n"


@pytest.fixture(scope="module")
def rules():
    return load_cleaning()


def _sentences(tmp_path: Path, name: str, content: str | bytes, rules) -> list:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    doc = clean(load_document(path), rules)
    return doc, sentences(doc)


# --- decoding: stray bytes, UTF-16 without a BOM, legacy files ------------------------------------


def test_stray_bytes_in_a_utf8_file_stay_utf8_with_one_warning(capsys):
    """The reported attack: 9 Windows-1252 bytes used to turn the whole file into cp1250 mojibake."""
    data = (INPUT / "stray_bytes.txt").read_bytes()
    text = decode(Path("stray_bytes.txt"), data)
    for line in data.splitlines(keepends=True):
        if line.isascii() or _is_utf8(line):
            assert line.decode("utf-8") in text, "a valid UTF-8 line is decoded as UTF-8, unchanged"
    assert "Iran’s foreign minister called the treaty “a new chapter”" in text
    assert "the pact – unlike a defence alliance – commits" in text and "in the talks…" in text
    assert "\ufffd" not in text and "â€" not in text
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: stray_bytes.txt: 9 byte(s) on 3 line(s)"), err
    assert "cp1252" in err[0] and "line 7" in err[0]


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


RUSSIAN = "Россия и Иран подписали договор о всеобъемлющем стратегическом партнёрстве в январе.\n"

DECODED = [
    pytest.param(
        QUOTES.encode() + b"bad \x81 byte and \x93quote\x94 here\n",
        QUOTES + "bad \ufffd byte and “quote” here\n",
        "1 of them unreadable",
        id="stray byte undefined in cp1252 becomes U+FFFD, with a warning",
    ),
    pytest.param(
        (QUOTES * 3).encode() + RUSSIAN.encode("cp1251") + QUOTES.encode(),
        QUOTES * 3 + RUSSIAN + QUOTES,
        "cp1251",
        id="cp1251 line pasted into a utf-8 file is read as cp1251",
    ),
    pytest.param(
        b"\xef\xbb\xbf" + QUOTES.encode() + b"Iran\x92s reply.\n",
        QUOTES + "Iran’s reply.\n",
        "cp1252",
        id="utf-8 BOM plus stray bytes drops the BOM",
    ),
    pytest.param(
        (QUOTES.strip() + " ").encode() * 5 + b"Iran\x92s reply.",
        (QUOTES.strip() + " ") * 5 + "Iran’s reply.",
        "1 byte(s) on 1 line(s)",
        id="stray byte in a one-line file with utf-8 quotes",
    ),
    pytest.param(
        "Caf\u00e9 na\u00efve \u201cquoted\u201d \u2013 r\u00e9sum\u00e9.\n".encode("cp1252") * 3,
        "Caf\u00e9 na\u00efve \u201cquoted\u201d \u2013 r\u00e9sum\u00e9.\n" * 3,
        None,
        id="a cp1252 file is read whole without a warning",
    ),
    pytest.param(
        ("俄罗斯和伊朗签署了全面战略伙伴关系条约。双方同意在能源和国防领域加强合作。\n" * 5).encode("gbk"),
        "俄罗斯和伊朗签署了全面战略伙伴关系条约。双方同意在能源和国防领域加强合作。\n" * 5,
        None,
        id="a GBK file is not mistaken for utf-8 with strays",
    ),
    pytest.param(
        ("Russia and Iran signed a treaty.\n" * 3).encode("utf-16-le"),
        "Russia and Iran signed a treaty.\n" * 3,
        None,
        id="utf-16-le without BOM",
    ),
    pytest.param(
        ("Russia and Iran signed a treaty.\n" * 3).encode("utf-16-be"),
        "Russia and Iran signed a treaty.\n" * 3,
        None,
        id="utf-16-be without BOM",
    ),
    pytest.param(
        ("Россия и Иран подписали договор, 17 января 2025 года.\n" * 3).encode("utf-16-le"),
        "Россия и Иран подписали договор, 17 января 2025 года.\n" * 3,
        None,
        id="utf-16 without BOM in Cyrillic",
    ),
    pytest.param(
        "Russia\u2028and Iran\u2029signed.\n".encode(),
        "Russia\u2028and Iran\u2029signed.\n",
        None,
        id="line and paragraph separators survive decoding",
    ),
]


@pytest.mark.parametrize("data, expected, warning", DECODED)
def test_decode(data, expected, warning, capsys):
    assert decode(Path("article.txt"), data) == expected
    err = capsys.readouterr().err.strip().splitlines()
    if warning is None:
        assert err == []
    else:
        assert len(err) == 1 and err[0].startswith("warning: article.txt: ") and warning in err[0], err


REFUSED_BYTES = [
    pytest.param(b"\xff\xfeA\x00B", "UTF-16", id="utf-16 with BOM cut short"),
    pytest.param(b"\x01\x00" * 100, "not text", id="int16 data is not utf-16 text"),
    pytest.param(b"\x00\x00\x00\x00" * 50 + ARTICLE.encode(), "not text", id="NUL padding is not utf-16"),
]


@pytest.mark.parametrize("data, says", REFUSED_BYTES)
def test_decode_refuses_with_one_line(data, says):
    with pytest.raises(InputError, match=says):
        decode(Path("article.txt"), data)


# --- source ids from any file name ----------------------------------------------------------------

IDS = [
    pytest.param("россия-иран.txt", "rossiya-iran", id="Cyrillic name"),
    pytest.param("伊朗.md", "yilang", id="Chinese name"),
    pytest.param("Ελλάδα.txt", "ellada", id="Greek name"),
    pytest.param("Россия и Иран — 2025.txt", "rossiya-i-iran-2025", id="Cyrillic name with spaces and a dash"),
    pytest.param(unicodedata.normalize("NFD", "Téhéran.txt"), "teheran", id="decomposed accents (macOS) as composed"),
    pytest.param("decoding-a-shifting-alliance.txt", "decoding-a-shifting-alliance", id="seed name unchanged"),
]


@pytest.mark.parametrize("name, expected", IDS)
def test_source_id_is_readable_ascii(name, expected):
    assert source_id_for(Path(name)) == expected


@pytest.mark.parametrize("name", ["!!!.txt", "—.md", "\udcff\udcfe.txt"], ids=["punctuation", "a dash", "bad bytes"])
def test_source_id_with_nothing_left_is_a_short_stable_hash(name):
    sid = source_id_for(Path(name))
    assert re.fullmatch(r"source-[0-9a-f]{8}", sid) and sid == source_id_for(Path(name))
    assert sid != source_id_for(Path("???.txt"))


def test_a_name_and_its_transliteration_are_one_id(tmp_path):
    (tmp_path / "россия-иран.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "rossiya-iran.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match="same source id 'rossiya-iran'"):
        discover(tmp_path)


# --- HTML nested past the extractor's depth -------------------------------------------------------

DEEP = "<p>Russia and Iran signed a long treaty on energy and defence cooperation in Moscow last year.</p>"
AFTER = "<p>Officials said the deal would hold for many years to come in the region and beyond.</p>"


def _deep_page(depth: int, close: bool = True, tag: str = "div") -> str:
    return (
        "<html><head><title>Deep</title></head><body>"
        "<p>Iran and Russia agreed to expand trade in grain and oil through the Caspian corridor.</p>"
        + f"<{tag}>" * depth
        + DEEP
        + (f"</{tag}>" * depth if close else "")
        + AFTER
        + "</body></html>"
    )


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(_deep_page(300), id="300 nested divs"),
        pytest.param(_deep_page(5000), id="5000 nested divs"),
        pytest.param(_deep_page(400, close=False), id="400 divs never closed"),
        pytest.param(_deep_page(600, tag="span"), id="600 nested inline tags"),
    ],
)
def test_deep_nesting_keeps_its_text(tmp_path, rules, page):
    doc, found = _sentences(tmp_path, "deep.html", page, rules)
    texts = [s.text for s in found]
    assert "Russia and Iran signed a long treaty on energy and defence cooperation in Moscow last year." in texts
    assert "Officials said the deal would hold for many years to come in the region and beyond." in texts
    for s in found:  # offsets still point at the words in the raw page
        start, end = doc.raw_span(s.start, s.end)
        assert doc.raw[start:end].startswith(s.text[:20])


def test_a_shallow_page_goes_to_the_extractor_unchanged():
    page = (Path(__file__).parent / "fixtures" / "debris_page.html").read_text(encoding="utf-8")
    parser = _VisibleText(page)
    parser.feed(page)
    parser.close()
    assert parser.too_deep == [] and EXTRACTOR_DEPTH < 255


# --- sentences: line separators, hard wraps, run-on text ----------------------------------------------


def test_line_separators_lose_no_sentence(tmp_path, rules):
    """U+2028 / U+2029 break lines; a sentence they cut is read back whole, offsets exact."""
    doc, found = _sentences(tmp_path, "seps.txt", (INPUT / "line_separators.txt").read_bytes(), rules)
    words = [" ".join(s.text.split()) for s in found]
    assert words == [
        "Russia and Iran signed a comprehensive strategic partnership treaty in Moscow on 17 January 2025, officials said.",
        "The treaty commits both sides to deeper cooperation on energy, transport and defence, but not to mutual defence.",
        "Trade through the North–South corridor grew by a third in 2024, officials in both capitals said.",
        "Iran has supplied drones to Russia since 2022, according to Western governments.",
    ]
    assert all(doc.text[s.start : s.end] == s.text for s in found)


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\u2028", "\u2029", "\x0c", "\x85"], ids=repr)
def test_a_sentence_broken_by_one_line_break_is_one_sentence(tmp_path, rules, brk):
    text = f"Title\n\nRussia and Iran signed a long treaty{brk}on energy and defence cooperation in Moscow last year.\n"
    _, found = _sentences(tmp_path, "wrapped.txt", text, rules)
    assert [" ".join(s.text.split()) for s in found] == [
        "Russia and Iran signed a long treaty on energy and defence cooperation in Moscow last year."
    ]


def test_a_real_heading_is_not_read_into_the_sentence_and_sections_follow(tmp_path, rules):
    text = (
        "Title\n\nEnergy ties\nRussia sells Iran gas through a new pipeline across the Caucasus since 2024.\n\n"
        "Moscow said the deal was signed\non 3 March 2024 in Tehran by both energy ministers.\n"
        "Iran pays for the gas in roubles and rials, officials of both countries said.\n"
    )
    _, found = _sentences(tmp_path, "heading.txt", text, rules)
    assert [s.section for s in found] == ["Energy ties"] * 3
    assert " ".join(found[1].text.split()).startswith("Moscow said the deal was signed on 3 March")


@pytest.mark.parametrize(
    "body, cut_after",
    [
        pytest.param(" ".join(["russia iran trade oil grain drones"] * 2000), None, id="unpunctuated text"),
        pytest.param("x" * 5000 + ".", None, id="one 5000-character token"),
        pytest.param(", ".join(["russia and iran trade oil and grain"] * 300), ",", id="run-on sentence cut at commas"),
    ],
)
def test_over_long_sentences_are_cut_with_exact_offsets(tmp_path, rules, body, cut_after):
    doc, found = _sentences(tmp_path, "runon.txt", f"Title\n\n{body}\n", rules)
    assert found and all(len(s.text) <= MAX_SENTENCE_CHARS for s in found)
    assert all(doc.text[s.start : s.end] == s.text for s in found)
    assert "".join(s.text for s in found).replace(" ", "") == body.replace(" ", "")
    if cut_after:
        assert all(s.text.endswith(cut_after) for s in found[:-1])


# --- whole builds through the CLI -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_base(tmp_path_factory) -> Path:
    """A data folder with the real rules and one article, built once."""
    data = tmp_path_factory.mktemp("small") / "data"
    (data / "sources").mkdir(parents=True)
    for name in ("taxonomy.yml", "cleaning.yml"):
        shutil.copy(paths.DATA_DIR / name, data / name)
    (data / "sources" / "treaty.txt").write_text("Treaty\n\n" + ARTICLE, encoding="utf-8")
    assert main(["build", "--quiet", "--data", str(data)]) == 0
    return data


@pytest.fixture
def small(small_base: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(small_base, tmp_path / "data"))


def _link(name: str, target):
    def apply(data: Path) -> None:
        (data / "sources" / name).symlink_to(target(data) if callable(target) else target)

    return apply


def _fifo(data: Path) -> None:
    os.mkfifo(data / "sources" / "pipe.txt")


def _bytes(name: str, content: bytes):
    return lambda data: (data / "sources" / name).write_bytes(content)


def _outside_file(data: Path) -> Path:
    outside = data.parent / "outside.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    return outside


REFUSED = [
    pytest.param(_link("passwd.txt", "/etc/passwd"), "sources/passwd.txt", id="symlink to /etc/passwd"),
    pytest.param(_link("zero.txt", "/dev/zero"), "sources/zero.txt", id="symlink to /dev/zero"),
    pytest.param(_link("next-door.txt", _outside_file), "sources/next-door.txt", id="symlink beside the data folder"),
    pytest.param(
        _link("up.txt", lambda d: d / "sources" / ".." / ".." / "outside.txt"), "sources/up.txt", id="symlink via .."
    ),
    pytest.param(_link("gone.txt", "/nonexistent/article.txt"), "sources/gone.txt", id="dangling symlink"),
    pytest.param(
        _link("loop.txt", lambda d: d / "sources" / "loop.txt"), "sources: loop.txt is a link", id="symlink loop"
    ),
    pytest.param(_fifo, "sources/pipe.txt", id="fifo named like an article"),
    pytest.param(_bytes("cut.txt", b"\xff\xfeR\x00u\x00s"), "sources/cut.txt", id="utf-16 file cut short"),
]


@pytest.mark.parametrize("attack, named", REFUSED)
def test_refused_with_one_line_exit_2_and_no_change(small, attack, named, capsys):
    before = {p.name: p.read_bytes() for p in (small / "processed").iterdir()}
    attack(small)
    status = main(["build", "--quiet", "--data", str(small)])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert status == 2, err
    assert len(lines) == 1 and lines[0].startswith("error: ") and named in lines[0], err
    assert "\x1b[" not in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in (small / "processed").iterdir()} == before


def _table(data: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(data / "processed" / f"{name}.csv", dtype=str, keep_default_na=False)


def _build(data: Path, capsys, quiet: bool = False) -> list[str]:
    status = main(["build", *(["--quiet"] if quiet else []), "--data", str(data)])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "\x1b[" not in err and "Traceback" not in err
    return err.strip().splitlines()


def test_all_script_page_is_named_in_a_warning_and_the_summary(small, capsys):
    shutil.copy(INPUT / "all_script.html", small / "sources" / "all-script.html")
    lines = _build(small, capsys)
    assert lines[-1].endswith("; 1 source gave no claims: all-script"), lines
    assert [x for x in lines if x.startswith("warning: ")] == [
        f"warning: {small / 'sources' / 'all-script.html'}: gave no claims (no sentence in its visible text "
        "asserts anything); check the file or remove it"
    ]
    assert _table(small, "sources").set_index("source_id").loc["all-script", "n_claims"] == "0"


def test_two_silent_sources_are_both_listed(small, capsys):
    shutil.copy(INPUT / "all_script.html", small / "sources" / "all-script.html")
    (small / "sources" / "links.md").write_text("- [Home](/)\n- [World](/world)\n- [Iran](/iran)\n", encoding="utf-8")
    lines = _build(small, capsys)
    assert lines[-1].endswith("; 2 sources gave no claims: all-script, links"), lines
    assert sum(x.startswith("warning: ") for x in lines) == 2


def test_quiet_build_still_warns(small, capsys):
    shutil.copy(INPUT / "all_script.html", small / "sources" / "all-script.html")
    lines = _build(small, capsys, quiet=True)
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "all-script.html" in lines[0]


def test_non_latin_file_names_build_with_readable_ids(small, capsys):
    (small / "sources" / "россия-иран.txt").write_text("Россия и Иран\n\n" + ARTICLE, encoding="utf-8")
    (small / "sources" / "伊朗.md").write_text("# 伊朗\n\n" + ARTICLE.replace("January", "June"), encoding="utf-8")
    (small / "sources" / "!!!.txt").write_text("Untitled\n\n" + ARTICLE.replace("Moscow", "Tehran"), encoding="utf-8")
    _build(small, capsys, quiet=True)
    ids = set(_table(small, "sources")["source_id"])
    assert {"rossiya-iran", "yilang", "treaty"} <= ids and "" not in ids
    assert any(re.fullmatch(r"source-[0-9a-f]{8}", i) for i in ids)
    claims = _table(small, "claims")
    assert set(claims["source_id"]) == ids


def test_stray_bytes_build_with_one_warning_and_exact_quotes(small, capsys):
    shutil.copy(INPUT / "stray_bytes.txt", small / "sources" / "stray.txt")
    lines = _build(small, capsys, quiet=True)
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "stray.txt: 9 byte(s)" in lines[0], lines
    claims = _table(small, "claims")
    assert "Iran’s foreign minister called the treaty “a new chapter” in relations with Russia." in set(claims["text"])
    raw = decode(small / "sources" / "stray.txt", (small / "sources" / "stray.txt").read_bytes())
    capsys.readouterr()
    for row in claims[claims["source_id"] == "stray"].itertuples():
        assert " ".join(raw[int(row.char_start) : int(row.char_end)].split()) == row.text


def test_utf16_without_bom_builds(small, capsys):
    (small / "sources" / "utf16.txt").write_bytes(
        ("Title\n\n" + ARTICLE.replace("Moscow", "Tehran")).encode("utf-16-le")
    )
    _build(small, capsys, quiet=True)
    assert "utf16" in set(_table(small, "claims")["source_id"])


def test_a_link_to_another_article_in_the_folder_is_accepted(small, capsys):
    (small / "sources" / "copy.txt").symlink_to(small / "sources" / "treaty.txt")
    assert _build(small, capsys, quiet=True) == []
    assert {"copy", "treaty"} == set(_table(small, "sources")["source_id"])


def test_unpunctuated_article_becomes_bounded_claims_with_exact_offsets(small, capsys):
    words = ["russia", "iran", "trade", "oil", "grain", "drones", "treaty", "moscow", "tehran", "sanctions"]
    pick = random.Random(7).choice
    body = " ".join(pick(words) for _ in range(8_000))  # ~50 kB with no stop anywhere (5 MB works the same, slower)
    (small / "sources" / "runon.txt").write_text("Run on\n\n" + body + "\n", encoding="utf-8")
    _build(small, capsys, quiet=True)
    claims = _table(small, "claims")
    mine = claims[claims["source_id"] == "runon"]
    raw = (small / "sources" / "runon.txt").read_text(encoding="utf-8")
    assert len(mine) > 40 and mine["text"].str.len().max() <= MAX_SENTENCE_CHARS
    assert all(raw[int(r.char_start) : int(r.char_end)] == r.text for r in mine.itertuples())
