"""Load raw articles and clean them: decoded text, main-text blocks, debris set aside.

Raw files are never rewritten. Each is read into the text a reader sees (an HTML page's visible
text, a markdown file without its front matter, link targets, images and emphasis marks, any file
without footnote markers), and every character of that text keeps its offset in the decoded raw
file, so a claim can always be checked against what the publisher actually printed.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import itertools
import re
import sys
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer
from anyascii import anyascii

from helpers import paths
from helpers.config import Cleaning
from helpers.errors import InputError
from helpers.text import pii
from helpers.text.dates import find_dates, published_from_line
from helpers.text.patterns import (
    ACKNOWLEDGEMENT,
    BULLET,
    BYLINE,
    CAPTION,
    CONTROL,
    DATE_LABEL,
    DATELINE,
    FOOTNOTE,
    LINE_BREAK,
    LIST_ITEM,
    MENU,
    QUESTION,
    QUOTED,
    READING_TIME,
    SENTENCE_OPENER,
    SPEECH,
    STAMP,
    STANDFIRST_BYLINE,
    STRAY_FIELD,
    TERMINAL,
    WORD,
    normalised,
)


@dataclass
class Block:
    """One line or paragraph of a source, classified."""

    start: int  # offset into the cleaned text
    end: int
    text: str
    kind: str  # title | meta | heading | paragraph | label (a list item that asserts nothing) | debris
    reason: str = ""  # why a debris block was set aside
    section: str = ""  # nearest heading above
    cut: bool = False  # a paragraph piece that stops where a personal detail, link or promo was cut out


@dataclass
class Document:
    """A decoded source. `text` is what we split; `offsets` maps it back to the raw file."""

    source_id: str
    path: Path
    raw: str  # the decoded raw file
    text: str  # what a reader sees: markup, front matter and footnote markers left out
    offsets: list[int] | None = None  # per character of `text`, its offset in `raw` (None: same)
    main_lines: set[int] | None = None  # HTML: line starts the extractor judged to be main text
    titles: dict[str, str] = field(default_factory=dict)  # what the page's metadata calls it, by where (TITLE_ORDER)
    dates: dict[str, date] = field(default_factory=dict)  # publication dates its metadata states, by where
    locale: str = ""  # "en-US", "en_GB": settles whether 03/04/2024 is March or April
    author: str = ""
    markup: dict[int, str] = field(default_factory=dict)  # line start in `text` -> h1 | heading | item | quote | ...
    blocks: list[Block] = field(default_factory=list)

    def cited_at(self, end: int) -> bool:
        """A footnote marker ("[2]") stood right after text[:end] and was read away: the words before it are a
        statement its author sourced, never a label or a heading."""
        if self.offsets is None or not 0 < end <= len(self.offsets):
            return False
        return bool(_CITED.match(self.raw, self.offsets[end - 1] + 1))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets into the decoded raw file of text[start:end]."""
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


_CITED = re.compile(r"[ \t]?\[\d{1,3}\]")
# An entry of a reference list: a "^" back-link, a year in brackets ("(2019)", "(London: Press, 2019)"), a retrieval or
# archive note, an identifier, a link, pages, "Ibid."
CITATION = re.compile(
    r"^\W*\^|\((?:[^()]*:\s[^()]*,\s)?(?:19|20)\d\d[a-z]?\)|\b(?:retrieved|accessed|archived|ibid)\b|\b(?:doi|isbn)\b"
    r"|https?://|\bwww\.|\bpp?\.\s?\d",
    re.IGNORECASE,
)
ENDNOTE = re.compile(r"\[\d{1,3}\]\s|\d{1,3}\s+(?=[A-Z])")  # "[12] " or "12 " opening a line: a note's number
TITLE_ORDER = ("front_matter", "og", "h1", "html")  # a page's own title, most deliberate first


# --- Load -------------------------------------------------------------------------------------


def discover(sources_dir: Path = paths.SOURCES_DIR) -> list[Path]:
    """Source files in id order; two files with one id is an error the analyst must settle.

    Only articles copied into the folder are read: a link that leads out of it (to /etc/passwd,
    another project, a device) is refused by name, and so is anything that is not a plain file.
    """
    if not sources_dir.is_dir():
        raise InputError(sources_dir, "folder is missing; create it and copy articles into it")
    root = sources_dir.resolve()
    files = []
    for p in sorted(sources_dir.iterdir()):
        if p.name.startswith(".") or p.suffix.lower() not in paths.SOURCE_SUFFIXES:
            continue
        if p.is_symlink():
            _check_link(p, root)
        if p.is_file():
            files.append(p)
        elif not p.is_dir():
            raise InputError(p, "is not a plain file (a pipe or a device?); copy the article in as a file")
    seen: dict[str, Path] = {}
    for p in files:
        sid = source_id_for(p)
        if sid in seen:
            raise InputError(p, f"has the same source id '{sid}' as {seen[sid].name}; rename one of them")
        seen[sid] = p
    if not files:
        raise InputError(sources_dir, "holds no .txt, .md or .html article; copy at least one in")
    return files


def _check_link(link: Path, root: Path) -> None:
    """A link may point at another file in the folder, never outside it."""
    copy_in = f"copy the article itself into {link.parent.name}/"
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        raise InputError(link, f"is a link to a file that does not exist; {copy_in}") from None
    except (OSError, RuntimeError):  # named from its folder: the link itself cannot be resolved, even for display
        raise InputError(link.parent, f"{link.name} is a link that cannot be followed (a loop?); {copy_in}") from None
    if not target.is_relative_to(root):
        raise InputError(link, f"is a link to {target}, outside {link.parent.name}/; {copy_in} instead of linking it")


def source_id_for(path: Path) -> str:
    """A readable, stable id: the file name without extension, in ASCII, lower-case, hyphenated.

    Non-Latin names are transliterated (россия-иран.txt is rossiya-iran), so every analyst can
    type the id into sources.csv. A name with nothing left after that gets a short hash of itself.
    """
    stem = unicodedata.normalize("NFC", path.stem)
    sid = re.sub(r"[^a-z0-9]+", "-", anyascii(stem).lower()).strip("-")
    if sid:
        return sid
    return "source-" + hashlib.sha1(stem.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def warn(path: Path, problem: str) -> None:
    """One `warning: <path>: <problem>` line on stderr: the build goes on, but a person should look."""
    print(f"warning: {InputError(path, problem)}", file=sys.stderr, flush=True)


NOT_TEXT = "is not text (binary data?); save the article as .txt, .md or .html"


def decode(path: Path, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 (with or without BOM), else the detected charset.

    A UTF-8 file with a few stray bytes (a pasted Windows quote) stays UTF-8: only those bytes are
    read in another charset, with a warning, rather than the whole file turning into mojibake.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(path, "is empty; delete it or paste the article text into it")
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            raise InputError(
                path, "looks like UTF-16 but does not decode (cut short?); save it again as UTF-8"
            ) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _utf8_with_strays(path, data.removeprefix(b"\xef\xbb\xbf"))
            if text is None:
                text = _legacy(data)
                if text is None or "\x00" in text:
                    raise InputError(path, NOT_TEXT) from None
    if "\x00" in text or len(CONTROL.findall(text)) > max(10, len(text) // 100):
        raise InputError(path, NOT_TEXT)
    if not text.strip():
        raise InputError(path, "is blank; delete it or paste the article text into it")
    return text


def _legacy(data: bytes) -> str | None:
    """A file in one legacy charset, as detected; on a tie (short texts), Windows-1252, the one documented."""
    found = charset_normalizer.from_bytes(data)
    best = found.best()
    if best is None:
        return None
    tie = next(
        (m for m in found if m.encoding == "cp1252" and m.chaos <= best.chaos and m.coherence >= best.coherence), None
    )
    return str(tie or best)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark, told by its NUL bytes: Latin text in UTF-16 has a NUL
    in every other byte (odd positions little-endian, even ones big-endian) and none in the others."""
    sample = data[: 1 << 16]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= half / 10 and even <= half / 100:
        return "utf-16-le"
    if even >= half / 10 and odd <= half / 100:
        return "utf-16-be"
    return None


_UTF8_OR_STRAY = re.compile(
    rb"(?P<ok>(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})+)"
    rb"|(?P<stray>[\x80-\xff])"
)  # a run of well-formed UTF-8, or one byte that is not part of any


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _utf8_with_strays(path: Path, data: bytes) -> str | None:
    """UTF-8 with a few bytes that are not, decoded line by line; None when the file is not UTF-8 at heart.

    Lines that are valid UTF-8 stay UTF-8. In the others, each stray byte is read in the charset its
    neighbours suggest (Windows-1252 when there are too few to tell). The file counts as UTF-8 when
    its well-formed non-ASCII characters outnumber the stray bytes, or whole UTF-8 lines with
    non-ASCII text are not rare next to broken ones; else it is a legacy charset through and through.
    """
    parts: list[str | int] = []  # decoded text, or a stray byte still to read
    utf8_lines, bad_lines, multibyte = 0, [], 0
    strays: list[bytes] = []
    for n, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(n)
            here = bytearray()
            for m in _UTF8_OR_STRAY.finditer(line):
                if m.lastgroup == "ok":
                    text = m.group().decode("utf-8")
                    multibyte += _non_ascii(text)
                    parts.append(text)
                else:
                    here += m.group()
                    parts.append(m.group()[0])
            strays.append(bytes(here))
            continue
        parts.append(text)
        if not line.isascii():
            utf8_lines += 1
            multibyte += _non_ascii(text)
    n_stray = sum(map(len, strays))
    if not multibyte or (multibyte < n_stray and utf8_lines * 4 < len(bad_lines)):
        return None
    charset = _stray_charset(strays)
    table = {b: _one_byte(b, charset) for b in set(b"".join(strays))}
    text = "".join(table[p] if isinstance(p, int) else p for p in parts)
    unreadable = sum(table[b] == "\ufffd" for s in strays for b in s)
    lost = f", {unreadable} of them unreadable (shown as \ufffd)" if unreadable else ""
    warn(
        path,
        f"{n_stray} byte(s) on {len(bad_lines)} line(s) (first: line {bad_lines[0]}) are not UTF-8; read them "
        f"as {charset}{lost}, the rest as UTF-8; re-save the file as UTF-8",
    )
    return text


def _stray_charset(strays: list[bytes]) -> str:
    """The single-byte charset of stray bytes: detected when there are enough to tell, else Windows-1252."""
    if sum(map(len, strays)) >= 16:
        best = charset_normalizer.from_bytes(b" ".join(strays)).best()
        if best is not None:
            high = bytes(range(0x80, 0x100)).decode(best.encoding, errors="replace")
            if len(high) == 128 and high.count("\ufffd") < 16:  # one character per byte: single-byte
                return best.encoding
    return "cp1252"


def _one_byte(byte: int, charset: str) -> str:
    try:
        char = bytes([byte]).decode(charset)
    except (UnicodeDecodeError, LookupError):
        return "\ufffd"
    return char if len(char) == 1 and not unicodedata.category(char).startswith("C") else "\ufffd"


EXTRACTOR_DEPTH = 180  # lxml, under trafilatura, stops reading a page nested past ~255 elements


class _VisibleText(HTMLParser):
    """Visible text of a page with, for every character, its offset in the raw HTML.

    It also notes the tags nested deeper than EXTRACTOR_DEPTH, so the extractor can be handed a
    flattened copy: past that depth lxml drops the rest of the page, and with it the article.
    """

    SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select"}
    BREAK = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "figcaption",
        "figure",
        "main",
        "form",
        "table",
        "dd",
        "dt",
        "hr",
        "title",
        "pre",
        "address",
    }
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SIBLINGS = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}  # a second one closes the first
    MARKED = {**dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"), "li": "item"}  # tag -> markup kind

    def __init__(self, raw: str):
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.skip_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.open: list[str] = []  # elements open at this point, outermost first
        self.too_deep: list[tuple[int, int, str]] = []  # raw spans of tags past EXTRACTOR_DEPTH
        self.meta: dict[str, str] = {}  # <meta> name or property (lower-case) -> content, first one wins
        self.marked: dict[str, list[tuple[int, int]]] = {"heading": [], "item": []}  # raw spans of <h1>..<h6>, <li>
        self.marked_at: dict[str, int] = {}
        self.h1: list[str] | None = None  # the first <h1>'s text, while and after it is read
        self.in_h1 = False

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, text: str, pos: int, per_char: bool) -> None:
        for i, ch in enumerate(text):
            at = pos + i if per_char else pos
            if ch.isspace():
                if ch == "\n" and not per_char:
                    self.chars.append("\n")
                    self.offsets.append(at)
                elif self.chars and not self.chars[-1].isspace():
                    self.chars.append(" ")
                    self.offsets.append(at)
                continue
            self.chars.append(ch)
            self.offsets.append(at)

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "link", "html"):
            self._note_metadata(tag, dict(attrs))
        if tag == "h1" and self.h1 is None:
            self.h1, self.in_h1 = [], True
        kind = self.MARKED.get(tag)
        if kind and kind not in self.marked_at:
            self.marked_at[kind] = self._pos()
        if tag not in self.VOID:
            if tag in self.SIBLINGS and tag in self.open[-3:]:  # <li><p>one<li>: the new li closes both
                del self.open[len(self.open) - self.open[::-1].index(tag) - 1 :]
            self.open.append(tag)
        if len(self.open) >= EXTRACTOR_DEPTH and tag not in self.SKIP:
            pos = self._pos()
            self.too_deep.append((pos, pos + len(self.get_starttag_text() or ""), tag))
        if tag in self.SKIP:
            self.skip_depth += 1
        if tag == "title":
            self.in_title = True
        if tag in self.BREAK:
            self._emit("\n", self._pos(), per_char=False)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:  # the usual case, and cheap however deep the page
            closes = len(self.open)
        else:
            closes = len(self.open) - self.open[::-1].index(tag) if tag in self.open else 0
        if (closes or len(self.open)) >= EXTRACTOR_DEPTH and tag not in self.SKIP:  # kept as deep as its start tag
            pos = self._pos()
            self.too_deep.append((pos, self.raw.find(">", pos) + 1 or len(self.raw), tag))
        if closes:
            del self.open[closes - 1 :]
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        kind = self.MARKED.get(tag)
        if kind and kind in self.marked_at:
            self.marked[kind].append((self.marked_at.pop(kind), self._pos()))
        if tag in self.BREAK:
            self._emit("\n", self._pos(), per_char=False)

    def _note_metadata(self, tag: str, attrs: dict[str, str | None]) -> None:
        """<meta name|property|itemprop content>, <link rel=canonical href>, <html lang>: title, dates, locale, URL."""
        if tag == "html":
            key, value = "lang", attrs.get("lang") or attrs.get("xml:lang")
        elif tag == "link":
            key, value = (
                ("canonical", attrs.get("href")) if (attrs.get("rel") or "").lower() == "canonical" else ("", "")
            )
        else:
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            value = attrs.get("content")
        if key and value and value.strip():
            self.meta.setdefault(key.strip().lower(), html.unescape(" ".join(value.split())))

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if self.in_h1 and self.h1 is not None:
            self.h1.append(data)
        if not self.skip_depth:
            self._emit(data, self._pos(), per_char=True)

    def _entity(self, text: str) -> None:
        if self.in_title:
            self.title.append(text)
        if self.in_h1 and self.h1 is not None:
            self.h1.append(text)
        if not self.skip_depth:
            self._emit(text.replace("\xa0", " "), self._pos(), per_char=False)

    def handle_entityref(self, name):
        self._entity(html.unescape(f"&{name};"))

    def handle_charref(self, name):
        self._entity(html.unescape(f"&#{name};"))


def _html_document(source_id: str, path: Path, raw: str) -> Document:
    """Visible text with offsets; the well-kept extractor (trafilatura) decides what is main text."""
    import trafilatura

    parser = _VisibleText(raw)
    parser.feed(raw)
    parser.close()
    page = _flattened(raw, parser.too_deep) if parser.too_deep else raw
    text = "".join(parser.chars)
    # Trim spaces around line breaks so lines compare cleanly, keeping the offset map aligned.
    keep = [
        not (c == " " and (i + 1 == len(text) or text[i + 1] == "\n" or i == 0 or text[i - 1] == "\n"))
        for i, c in enumerate(text)
    ]
    chars = [c for c, k in zip(text, keep) if k]
    offsets = [o for o, k in zip(parser.offsets, keep) if k]
    text, kept = _edited("".join(chars), [(m.start(), m.end(), "") for m in FOOTNOTE.finditer("".join(chars))])
    offsets = [offsets[i] for i in kept]

    extracted = (
        trafilatura.extract(page, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False)
        or ""
    )
    meta = trafilatura.extract_metadata(page)
    main_lines: set[int] = set()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    cursor = 0
    for line in extracted.splitlines():
        line = FOOTNOTE.sub("", BULLET.sub("", " ".join(line.split())))
        if len(line) < 3:
            continue
        hit = text.find(line, cursor)
        if hit < 0:
            hit = text.find(line)
        if hit < 0:
            continue
        main_lines.add(line_starts[bisect_right(line_starts, hit) - 1])
        cursor = hit + len(line)
    titles = {
        "og": parser.meta.get("og:title", ""),
        "h1": " ".join("".join(parser.h1 or []).split()),
        "html": " ".join("".join(parser.title).split()) or (meta.title if meta is not None and meta.title else ""),
    }
    dates = {}
    stated = next((parser.meta[k] for k in META_DATE_KEYS if parser.meta.get(k)), "")
    if stated and (found := _iso_or_stated(stated)):
        dates["meta"] = found
    if meta is not None and meta.date and (found := _iso_or_stated(meta.date)):
        dates["extractor"] = found
    url = parser.meta.get("canonical") or parser.meta.get("og:url") or ""
    if found := _url_date(url):
        dates["url"] = found
    locale = parser.meta.get("og:locale") or parser.meta.get("lang") or ""
    author = parser.meta.get("author", "")
    markup = {}  # lines inside <h1>..<h6> are headings whatever their punctuation, lines inside <li> list items
    for kind, spans in parser.marked.items():
        spans.sort()
        starts = [a for a, _ in spans]
        for start in line_starts:
            if start < len(text) and not text[start].isspace():
                i = bisect_right(starts, offsets[start]) - 1
                if i >= 0 and offsets[start] < spans[i][1]:
                    markup.setdefault(start, kind)
    titles = {k: v for k, v in titles.items() if v}
    return Document(source_id, path, raw, text, offsets, main_lines, titles, dates, locale, author, markup)


def _flattened(raw: str, too_deep: list[tuple[int, int, str]]) -> str:
    """The page without its too-deep tags, for the extractor only: block tags become <br>, so its
    lines still match the visible text; offsets always come from the untouched raw page."""
    out, at = [], 0
    for start, end, tag in sorted(set(too_deep)):
        if start < at:
            continue
        out += [raw[at:start], "<br>" if tag in _VisibleText.BREAK else ""]
        at = end
    out.append(raw[at:])
    return "".join(out)


# --- Markup: front matter, markdown and footnote markers read away, offsets kept ---------------------

Edit = tuple[int, int, str]  # replace text[start:end] with the string (often "")


def _edited(text: str, edits: list[Edit]) -> tuple[str, list[int]]:
    """`text` with the edits made, and per character of the result its index in `text`.

    Edits are taken in the order given and one that overlaps an edit already taken is skipped, so a caller
    lists the edits that must win first (a link's URL before the emphasis marks that may sit inside it).
    A replacement's characters all map to the start of what they replace.
    """
    taken: list[Edit] = []
    covered = bytearray(len(text) + 1)  # 1 where an edit already taken applies
    for start, end, repl in edits:
        if end <= start or covered.find(1, start, end) >= 0:
            continue
        covered[start:end] = b"\x01" * (end - start)
        taken.append((start, end, repl))
    out: list[str] = []
    index: list[int] = []
    at = 0
    for start, end, repl in sorted(taken):
        out += [text[at:start], repl]
        index += [*range(at, start), *[start] * len(repl)]
        at = end
    out.append(text[at:])
    index += range(at, len(text))
    return "".join(out), index


FRONT_MATTER = re.compile(
    r"\A\ufeff?[ \t]*(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<body>.*?)^(?:(?P=fence)|\.\.\.)[ \t]*(?:\r?\n|\Z)",
    re.DOTALL | re.MULTILINE,
)
FRONT_MATTER_KEYS = {
    "title": ("title", "headline", "name"),
    "date": ("date", "published", "publishdate", "publish_date", "pubdate", "date_published", "publication_date"),
    "author": ("author", "authors", "byline", "by"),
    "url": ("url", "canonical", "canonical_url", "canonicalurl", "link", "source_url", "original_url", "source"),
    "locale": ("locale", "lang", "language"),
}  # fields read, each from the first key present; "created" or "lastmod" say when a copy was made, not published
META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "citation_publication_date",
    "parsely-pub-date",
    "sailthru.date",
)  # <meta> names of a publication date, in order of trust
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_.]|$)")


def _front_matter(fence: str, body: str) -> dict[str, object]:
    """The fields of YAML (---) or TOML (+++) front matter, keys lower-cased; a copy that does not parse is
    read line by line ("key: value" / "key = value"), so a stray quote never costs the title."""
    import tomllib

    import yaml

    try:
        data = tomllib.loads(body) if fence == "+++" else yaml.safe_load(body)
    except (tomllib.TOMLDecodeError, yaml.YAMLError, ValueError):
        data = None
    if not isinstance(data, dict):
        data = {
            m["key"]: m["value"].strip("\"'")
            for m in re.finditer(r"^[ \t]*(?P<key>[\w.-]+)[ \t]*[:=][ \t]*(?P<value>\S.*?)[ \t]*$", body, re.MULTILINE)
        }
    out: dict[str, object] = {}
    for key, value in data.items():
        out.setdefault(str(key).casefold(), value)
    return out


def _field(fields: dict[str, object], name: str) -> object:
    return next((fields[k] for k in FRONT_MATTER_KEYS[name] if fields.get(k) not in (None, "", [])), None)


SCALARS = (str, int, float, date)


def _as_text(value: object) -> str:
    """A front-matter value as one line of text: a scalar, or a list of scalars joined; anything else is no text
    (a nested mapping, or a YAML alias bomb, is never turned into a string)."""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value[:20] if v and isinstance(v, SCALARS))
    return " ".join(str(value).split())[:1000] if isinstance(value, SCALARS) else ""


def _iso_or_stated(value: object) -> date | None:
    """A date from a metadata value: a date or datetime object, an ISO string ("2025-06-16T22:28:56-07:00",
    the date as written, not moved to UTC), or a by-line-like string ("June 6, 2003")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _as_text(value)
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return date(*map(int, m.groups()))
        except ValueError:
            return None
    return published_from_line(text) if text else None


def _url_date(url: str) -> date | None:
    """The date in an address's path (/2024/05/17/, /2024-05-17-slug): how many sites file their stories."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return date(*map(int, m.groups()))
    except ValueError:
        return None


_MD_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_MD_QUOTE = re.compile(r"[ \t]{0,3}(?:>[ \t]?)+")
_MD_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
_MD_HEADING = re.compile(
    r"[ \t]{0,3}(?:(#{1,6})[ \t]+|(#{2,6})(?=[^\s#]))"
)  # "##Heading" glued, as pasted pages have it
_MD_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
_MD_DROP_LINE = re.compile(
    r"[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*"  # rules and setext underlines
    r"|\[[^\]\n]+\]:[ \t]*\S.*"  # link and footnote definitions
    r"|\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*)$"  # a table's rule
)
_MD_SETEXT = re.compile(r"[ \t]{0,3}(=+|-{2,})[ \t]*$")
_BRACKETED = r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # link text, which may hold one level of brackets
_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)|\[[^\]\n]*\]"
_MD_IMAGE = re.compile(rf"!{_BRACKETED}(?:{_TARGET})")
_MD_LINK = re.compile(rf"{_BRACKETED}({_TARGET})")
_MD_DROP = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|iframe|noscript|svg|figcaption)\b[^>]*>.*?</\1\s*>"  # code, embeds and captions, with content
    r"|\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}"  # Hugo shortcodes, Liquid tags
    r"|\{:[^}\n]*\}"  # kramdown attributes
    r"|\[\^[^\]\s]+\]",  # footnote references
    re.DOTALL | re.IGNORECASE,
)
_MD_TAG = re.compile(r"</?([A-Za-z][\w:-]*)(?:\s[^<>]*)?/?>")
_MD_BLOCK_TAGS = frozenset(_VisibleText.BREAK) | {"li", "br"}
_MD_INLINE = re.compile(
    r"(?<![\w*~\\])(?:\*{1,3}|_{1,3}|~~)(?=[^\s*_~])"  # emphasis opening
    r"|(?<=[^\s\\*_~])(?:\*{1,3}|_{1,3}|~~)(?![\w*~])"  # emphasis closing
    r"|\\(?=[!-/:-@\[-`{-~])"  # a backslash escape keeps only what it escapes
)
_MD_CODE = re.compile(r"(`+)[^`\n]+?\1")  # a code span keeps its text, loses its backticks
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINK_ONLY_REST = re.compile(r"[\s,;|·•–—-]*")  # what may sit between links on a line of links


def _markdown(raw: str, begin: int) -> tuple[list[Edit], dict[int, str]]:
    """What to take out of a markdown body to leave what a reader sees, and the kind of each marked-up line.

    Returns edits on `raw` (markers, link targets, images, tags, shortcodes, emphasis) and, per raw line start,
    "h1" or "heading" (a # or underlined heading), "item" (a list item), "quote", "links" (a line of links
    and nothing else: a link list, never prose) or "caption" (the line under an image).
    """
    edits: list[Edit] = []
    marks: dict[int, str] = {}
    fence = ""
    before = -1  # raw start of the line before, when it was plain text (an underline makes it a heading)
    image = 0  # 2 right after a line that is only an image, 1 after that and a blank line
    pos = begin
    for line in raw[begin:].splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        start, end = pos, pos + len(body)
        pos += len(line)
        if fence or _MD_FENCE.match(body):
            m = _MD_FENCE.match(body)
            fence = "" if fence and m and m.group(1)[0] == fence[0] else fence or (m.group(1) if m else "")
            edits.append((start, end, ""))  # code is not prose
            before = -1
            continue
        setext = _MD_SETEXT.match(body)
        if setext and before >= 0:
            marks[before] = "h1" if setext.group(1)[0] == "=" else "heading"
        if _MD_DROP_LINE.match(body):
            edits.append((start, end, ""))
            before = -1
            continue
        at, kind = 0, ""
        if m := _MD_QUOTE.match(body):
            edits.append((start, start + m.end(), ""))
            at, kind = m.end(), "quote"
        if m := _MD_ITEM.match(body, at):
            edits.append((start + at, start + m.end(), ""))
            at, kind = m.end(), "item"
        elif m := _MD_HEADING.match(body, at):
            edits.append((start + at, start + m.end(), ""))
            at, kind = m.end(), "h1" if len(m.group(1) or m.group(2)) == 1 else "heading"
            if closing := _MD_CLOSING_HASHES.search(body, at):
                edits.append((start + closing.start(), end, ""))
        if kind:
            marks[start] = kind
        rest = body[at:]
        if rest.strip() and _is_link_line(rest):
            marks[start] = "links"
        elif rest.strip() and image and _is_caption(rest, glued=image == 2):
            marks[start] = "caption"
        before = start if rest.strip() and kind in ("", "quote") else -1
        image = 2 if _MD_IMAGE_LINE.fullmatch(rest) else (max(image - 1, 0) if not rest.strip() else 0)
    # Inline: what must win first (whole drops, images, link targets) before the marks that may sit inside them.
    for m in _MD_DROP.finditer(raw, begin):
        edits.append((m.start(), m.end(), ""))
    for m in _MD_IMAGE.finditer(raw, begin):
        edits.append((m.start(), m.end(), ""))
    for m in _MD_LINK.finditer(raw, begin):
        edits += [(m.start(), m.start() + 1, ""), (m.start(2) - 1, m.end(), "")]
    for m in _MD_TAG.finditer(raw, begin):
        edits.append((m.start(), m.end(), "\n" if m.group(1).lower() in _MD_BLOCK_TAGS else ""))
    for m in _ENTITY.finditer(raw, begin):
        char = html.unescape(m.group()).replace("\xa0", " ")
        if char != m.group():
            edits.append((m.start(), m.end(), char))
    for m in _MD_INLINE.finditer(raw, begin):
        edits.append((m.start(), m.end(), ""))
    for m in _MD_CODE.finditer(raw, begin):
        edits += [(m.start(), m.end(1), ""), (m.end() - len(m[1]), m.end(), "")]
    for m in FOOTNOTE.finditer(raw, begin):
        edits.append((m.start(), m.end(), ""))
    return edits, marks


_MD_IMAGE_LINE = re.compile(rf"\s*(?:\[\s*)?!{_BRACKETED}(?:{_TARGET})(?:\s*\]\s*(?:{_TARGET}))?\s*")
_MD_EMPHASISED = re.compile(r"\s*([*_]{1,2})(?=\S).+?(?<=\S)\1\s*")
CAPTION_WORDS = 40  # a longer line under an image is the article going on, not a caption


def _is_caption(text: str, glued: bool) -> bool:
    """A line under an image that captions it: straight under it, or set in italics after a blank line."""
    return len(WORD.findall(text)) <= CAPTION_WORDS and (glued or bool(_MD_EMPHASISED.fullmatch(text)))


def _is_link_line(text: str) -> bool:
    """Whether a markdown line is links and nothing else ("[A](u) | [B](v)", "- [Report](u)")."""
    rest = _MD_IMAGE.sub(" ", text)
    links = _MD_LINK.findall(rest)
    return bool(links) and bool(_LINK_ONLY_REST.fullmatch(_MD_LINK.sub(" ", rest).replace("*", "").replace("_", "")))


def _markdown_document(source_id: str, path: Path, raw: str) -> Document:
    """A markdown file read as a reader sees it: front matter gives title, date, author and address and is
    never text; links keep their words and lose their address; images, tags and emphasis marks go. Every
    character keeps its offset in the raw file, so a claim's span still covers what it quotes."""
    fields: dict[str, object] = {}
    begin = 0
    edits: list[Edit] = []
    if m := FRONT_MATTER.match(raw):
        fields = _front_matter(m["fence"], m["body"])
        begin = m.end()
        edits.append((0, begin, ""))
    body_edits, marks = _markdown(raw, begin)
    text, offsets = _edited(raw, edits + body_edits)
    # Each line of the text takes the mark of the raw line its first visible character sits on.
    raw_starts = [0] + [m.end() for m in re.finditer(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", raw)]
    markup: dict[int, str] = {}
    titles: dict[str, str] = {}
    pos = 0
    for line in text.splitlines(keepends=True):
        lead = len(line) - len(line.lstrip())
        if line.strip():
            raw_line = raw_starts[bisect_right(raw_starts, offsets[pos + lead]) - 1]
            kind = marks.get(raw_line)
            if kind:
                markup[pos + lead] = kind
            if kind == "h1" and "h1" not in titles:
                titles["h1"] = " ".join(line.split())
        pos += len(line)
    if title := _as_text(_field(fields, "title")):
        titles["front_matter"] = title
    dates = {}
    if found := _iso_or_stated(_field(fields, "date")):
        dates["front_matter"] = found
    url = next((_as_text(fields[k]) for k in FRONT_MATTER_KEYS["url"] if "://" in _as_text(fields.get(k))), "")
    if found := _url_date(url):
        dates["url"] = found
    return Document(
        source_id,
        path,
        raw,
        text,
        offsets,
        None,
        titles,
        dates,
        _as_text(_field(fields, "locale")),
        _as_text(_field(fields, "author")),
        markup,
    )


def _text_document(source_id: str, path: Path, raw: str) -> Document:
    """A plain-text file is its own text, less footnote markers ("allies [4] [5] and"), offsets kept."""
    # a marker needs its bracket: most files have none, and the scan would try every position
    edits = [(m.start(), m.end(), "") for m in FOOTNOTE.finditer(raw)] if "[" in raw else []
    if not edits:
        return Document(source_id, path, raw, raw)
    text, offsets = _edited(raw, edits)
    return Document(source_id, path, raw, text, offsets)


def load_document(path: Path) -> Document:
    """Read one source file into a Document (decoded, and reduced to visible text for HTML)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror}); check its permissions") from None
    raw = decode(path, data)
    sid = source_id_for(path)
    if path.suffix.lower() in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", raw, re.IGNORECASE):
        return _html_document(sid, path, raw)
    if path.suffix.lower() == ".md":
        return _markdown_document(sid, path, raw)
    return _text_document(sid, path, raw)


# --- Clean ------------------------------------------------------------------------------------


Line = tuple[int, int, str]  # start and end in the document's text, and the stripped text between


def _physical_lines(text: str) -> list[tuple[int, int, int, str]]:
    """(line number, line start, start, end, text) of each non-blank line; start/end without surrounding blanks."""
    rows = []
    pos = 0
    for n, line in enumerate(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        if stripped:
            rows.append((n, pos, pos + lead, pos + lead + len(stripped), stripped))
        pos += len(line)
    return rows


def _wrap_width(rows: list[tuple[int, int, int, int, str]]) -> tuple[int, int] | None:
    """(width, slack) when the text is hard-wrapped, else None.

    A hard-wrapped paragraph breaks every line within a word's length of one column; a text whose lines are
    paragraphs has lines of every length. So: the lines followed by another line (no blank between), most of
    them close to the longest, and that longest a width people wrap at (40-200 columns).
    """
    widths = sorted(end - line_start for (n, line_start, _, end, _), nxt in zip(rows, rows[1:]) if nxt[0] == n + 1)
    if len(widths) < 4:
        return None
    width = widths[int(0.9 * (len(widths) - 1))]
    slack = max(12, width // 6)
    if not 40 <= width <= 200 or sum(w >= width - slack for w in widths) < 0.6 * len(widths):
        return None
    return width, slack


def _lines(doc: Document) -> tuple[list[Line], set[int]]:
    """The text's lines, with the lines of a hard-wrapped paragraph joined into one, and a leading metadata
    label ("date 2025-04-08 TEHRAN – ...") split off its line. Returns the lines and the starts of split-off labels.

    A wrapped line runs on into the next when it reaches the wrap width, unless the next is a list item or
    heading, or it stops without punctuation and the next opens a sentence: then a line of the copy was lost.
    """
    rows = _physical_lines(doc.text)
    wrap = _wrap_width(rows)
    lines: list[Line] = []
    previous = None
    for row in rows:
        n, _, start, end, text = row
        if wrap and previous is not None and lines and _wraps_into(doc, previous, row, wrap):
            lines[-1] = (lines[-1][0], end, doc.text[lines[-1][0] : end])
        else:
            lines.append((start, end, text))
        previous = row
    labels: set[int] = set()
    out: list[Line] = []
    for i, (start, end, text) in enumerate(lines):
        m = DATE_LABEL.match(text) if i < 3 else None
        if m and WORD.search(text, m.end()):
            label = text[: m.end()].rstrip()
            labels.add(start)
            out.append((start, start + len(label), label))
            rest = len(text) - len(text[m.end() :].lstrip())
            start, text = start + rest, text[rest:]
        out.extend(_without_stamps(start, end, text, labels) if i < 4 else [(start, end, text)])
    return out, labels


def _without_stamps(start: int, end: int, text: str, labels: set[int]) -> list[Line]:
    """A line near the top with the page's reading time and update stamp split off its end, as labels of their
    own: sites print them under the headline, and a copied page glues them on ("... sealed2 min read . Updated:
    12 Mar 2023"). Only stamps that run to the end of the line count, so prose that mentions one is left alone."""
    found: list[re.Match[str]] = []
    for m in reversed(list(STAMP.finditer(text))):  # the run of stamps that ends the line, last first
        if m.end() < len(text.rstrip()) if not found else text[m.end() : found[0].start()].strip():
            break
        found.insert(0, m)
    if not found:
        return [(start, end, text)]
    out: list[Line] = []
    head = text[: found[0].start()].rstrip(" \t|·•-–—")
    if WORD.search(head):
        out.append((start, start + len(head), head))
    for m in found:
        label = m.group().rstrip(" .|·•-")
        if label:
            labels.add(start + m.start())
            out.append((start + m.start(), start + m.start() + len(label), label))
    return out


def _wraps_into(doc: Document, before: tuple, after: tuple, wrap: tuple[int, int]) -> bool:
    n, line_start, _, end, text = before
    m, _, after_start, _, after_text = after
    width, slack = wrap
    if m != n + 1 or end - line_start < width - slack:
        return False
    if doc.markup.get(after_start) or LIST_ITEM.match(after_text) or doc.markup.get(before[2]) in ("h1", "heading"):
        return False
    return bool(re.search(r"[.!?…,;:\"”’)\]–—-]\s*$", text)) or not SENTENCE_OPENER.match(after_text)


def _union(spans: list[pii.Span]) -> list[pii.Span]:
    """Sorted spans with overlapping ones merged (personal details and promos may share characters)."""
    out: list[pii.Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and span.start <= out[-1].end:
            last = out[-1]
            out[-1] = pii.Span(last.start, max(last.end, span.end), last.kind)
        else:
            out.append(span)
    return out


def clean(doc: Document, rules: Cleaning) -> Document:
    """Classify each line as title, by-line, heading, paragraph, list label or debris (with the reason)."""
    lines, date_labels = _lines(doc)
    # A contents list repeats the headings below it: a line counts as repeated against lines of its own kind only.
    items = {start for start, _, text in lines if doc.markup.get(start) == "item" or LIST_ITEM.match(text)}
    norms = [normalised(BULLET.sub("", t)) for _, _, t in lines]
    counts = Counter((start in items, norm) for (start, _, _), norm in zip(lines, norms))
    seen: set[tuple[bool, str]] = set()
    blocks: list[Block] = []
    furniture = False  # inside an "About the author" / "Related stories" section
    citations = False  # inside end matter: "References", "Sources", "Acknowledgements"
    after_bio = False  # the last paragraph was an author bio: what goes on about that person goes too
    boiler, marker = rules.boilerplate_index, rules.section_index
    for (start, end, text), norm in zip(lines, norms):
        mark = doc.markup.get(start, "") or ("item" if start in items else "")
        body = BULLET.sub("", text)
        # Personal data, links, promos and credits are classified around: `bare` blanks them out, offsets unchanged.
        found = pii.find(body)
        cut = [
            pii.Span(m.start(), m.end(), "promo") for m in rules.inline_pattern.finditer(body) if m.end() > m.start()
        ]
        spans = _union(found + cut) if cut else found
        bare = pii.remainder(body, spans) if spans else body
        n_words = len(WORD.findall(bare))
        if furniture and n_words > rules.trailing_run_words:
            furniture = False
        if citations and n_words > rules.trailing_run_words and not CITATION.search(body):
            citations = False  # a long paragraph that cites nothing: the article goes on
        if doc.main_lines is not None and start not in doc.main_lines:
            kind, reason = "debris", "outside the main text"
        elif start in date_labels:
            kind, reason = "meta", ""
        elif rules.end_pattern.fullmatch(body):
            kind, reason, citations = "debris", "end matter", True
        elif citations:
            kind, reason = "debris", "end matter"
        elif ENDNOTE.match(body) and CITATION.search(body):
            kind, reason = "debris", "endnote"  # a numbered citation, wherever the copy put the notes
        elif mark == "links":
            kind, reason = "debris", "link list"
        elif mark == "caption" or (n_words <= CAPTION_WORDS and CAPTION.search(body) and not SPEECH.search(body)):
            kind, reason = "debris", "caption"
        elif doc.author and normalised(re.sub(r"^\W*by\s+", "", body, flags=re.I)) == normalised(doc.author):
            kind, reason = "meta", ""  # the author the metadata names, as a by-line
        elif found and n_words <= 12 and BYLINE.match(" ".join(bare.split()).strip(" *_·|•")):
            kind, reason, text = "meta", "", " ".join(bare.split()).strip(" *_·|•")  # a by-line with a handle
        elif found and pii.is_contact_line(pii.remainder(body, found), found, rules.min_claim_words):
            kind, reason = "debris", "contact details"
        elif rules.card_pattern.match(body):
            kind, reason = "debris", "profile card"
        elif pii.is_bio(body) or (after_bio and pii.continues_bio(body)):
            kind, reason = "debris", "author bio"
        elif STANDFIRST_BYLINE.match(body) and n_words <= 30:
            kind, reason = "meta", ""  # "LEE SUSTAR reports on ...": the by-line as a standfirst
        elif ACKNOWLEDGEMENT.match(body) and n_words <= 25:
            kind, reason = "debris", "credit line"
        elif cut and not n_words:
            kind, reason = "debris", "promo or credit line"
        elif STRAY_FIELD.match(body):
            kind, reason = "debris", "stray metadata field"
        elif n_words <= 6 and marker.search(body):
            kind, reason, furniture = "debris", "page section", True
        elif furniture:
            kind, reason = "debris", "page section"
        elif (  # a by-line under the headline, however it is laid out: "ANALYSIS | A. Berg | 3 May", "2025-05-03"
            0 < len(blocks) < BYLINE_BLOCKS
            and n_words <= BYLINE_WORDS
            and mark not in ("h1", "heading")
            and (_byline_date(body) or _numeric_date(body, doc.locale)[1])
        ):
            kind, reason = "meta", ""
        elif n_words <= rules.max_heading_words * 2 and MENU.search(body) and not _site_title(body):  # cheap test first
            kind, reason = "debris", "menu or share bar"
        elif re.fullmatch(r"[\w .'-]{1,30}:", body) and n_words <= 3:
            kind, reason = "debris", "label"
        elif n_words <= rules.max_heading_words and boiler.search(body):
            kind, reason = "debris", "boilerplate"
        elif (  # a headline shown twice at the top (a teaser's, then the article's own): the first one is the headline
            counts[start in items, norm] > 1
            and (start in items, norm) not in seen
            and not doc.titles
            and n_words <= rules.max_heading_words
            and len(blocks) < BYLINE_BLOCKS
            and not any(b.kind == "paragraph" for b in blocks)
        ):
            kind, reason = "heading", ""
        elif counts[start in items, norm] > 1 and n_words <= 30:
            kind, reason = "debris", "repeated line"
        elif (start in items, norm) in seen:
            kind, reason = "debris", "duplicate paragraph"
        elif not n_words:
            kind, reason = "debris", "no words"
        elif BYLINE.match(body):
            kind, reason = "meta", ""
        elif mark in ("h1", "heading") and n_words <= rules.max_heading_words:
            kind, reason = "heading", ""  # marked up as one, whatever its punctuation ("What is India's path?")
        elif doc.cited_at(end):
            kind, reason = "paragraph", ""  # "- Iran has sent drones to Russia [2]": a sourced statement, no label
        elif mark == "item" and not (TERMINAL.search(body) or body.endswith((";", ","))):
            # A list item that does not end like a sentence is a label ("Russia-Iran partnership under pressure"),
            # unless it is too long to be one; it asserts nothing and names no section.
            kind, reason = ("paragraph", "") if n_words > rules.max_heading_words else ("label", "")
        elif mark != "item" and n_words <= rules.max_heading_words and _one_question(body):
            kind, reason = "heading", ""  # a question on a line of its own is a headline or subhead; it asserts nothing
        elif TERMINAL.search(body) or n_words > rules.max_heading_words or body.endswith(";"):
            kind, reason = "paragraph", ""
        else:
            kind, reason = "heading", ""
        if kind == "paragraph" and n_words <= APPEAL_WORDS and boiler.search(body) and _addresses_reader(body):
            kind, reason = "debris", "reader appeal"
            if blocks and blocks[-1].kind == "heading" and LINE_BREAK.fullmatch(doc.text, blocks[-1].end, start):
                blocks[-1].kind, blocks[-1].reason = "debris", "reader appeal"  # the appeal box's own heading
        seen.add((start in items, norm))
        after_bio = reason == "author bio" or (after_bio and kind == "debris")
        if spans and kind == "paragraph":
            # Only the details go: the stretches between them stay paragraphs, each quoted by its own offsets.
            offset = start + len(text) - len(body)
            parts = pii.pieces(body, spans)
            blocks.extend(
                Block(
                    offset + a,
                    offset + b,
                    body[a:b],
                    kind,
                    cut=any(s.start >= b and not WORD.search(body[b : s.start]) for s in spans),
                )
                for a, b in parts
            )
            if not parts:
                blocks.append(Block(start, end, text, "debris", "contact details"))
            continue
        if spans and kind == "heading":
            text = " ".join(bare.split())  # a heading may become the title: never with a detail in it
        blocks.append(Block(start, end, text, kind, reason))

    _mark_title_and_byline(doc, blocks, rules.max_heading_words)
    blocks = _without_dateline(blocks)
    blocks = [part for b in blocks for part in _question_label(b)]

    # After the article's last paragraph, short unpunctuated lines are related links and tags.
    long_paras = [
        i
        for i, b in enumerate(blocks)
        if b.kind == "paragraph" and len(WORD.findall(b.text)) > rules.trailing_run_words
    ]
    if long_paras:
        tail = blocks[long_paras[-1] + 1 :]
        for b, after in zip(tail, [*tail[1:], None]):
            if b.kind in ("heading", "label") and not (after is not None and _runs_on(doc, b, after)):
                b.kind, b.reason = "debris", "after the article's end"

    section = ""
    for b in blocks:
        if b.kind == "heading":
            section = BULLET.sub("", b.text)
        b.section = section
    doc.blocks = blocks
    return doc


APPEAL_WORDS = 60  # a longer paragraph with a sign-up phrase in it is an article that mentions one
_TO_READER = re.compile(r"\b(?:you|your|we|us|our)\b", re.IGNORECASE)


def _addresses_reader(text: str) -> bool:
    """Every sentence has the publisher speak to its reader ("you", "we", "our") outside quotation marks: how an
    appeal for donations or sign-ups is worded, not how a report quotes someone or adds a prompt to its news."""
    parts = re.split(r"(?<=[.!?])\s+", QUOTED.sub(" ", text).strip())
    return all(_TO_READER.search(p) for p in parts)


def _one_question(text: str) -> bool:
    """A line that is one question and nothing else ("Fact check: Did X do Y?")."""
    return bool(QUESTION.search(text)) and not re.search(r"[.!?…]\s", text)


def _runs_on(doc: Document, before: Block, after: Block) -> bool:
    """`after` carries on the sentence `before` left open: one line break apart and starting in lower case."""
    gap = doc.text[before.end : after.start]
    return after.text[:1].islower() and bool(LINE_BREAK.fullmatch(gap))


def _mark_title_and_byline(doc: Document, blocks: list[Block], heading_words: int) -> None:
    """In a text file that names no title, the headline is the longest heading before the first paragraph (a
    site banner or section label may come first, set apart by blank lines), else a short first line; a short
    dated line near the top is the by-line."""
    real = [b for b in blocks if b.kind not in ("debris", "meta")]
    if doc.main_lines is None and real and not doc.titles:  # front matter or an h1 already named it
        top = list(itertools.takewhile(lambda b: b.kind != "paragraph", real[:6]))
        # Not a headline: a heading the next line runs straight on from (half of a broken sentence, or the
        # subheading of the paragraph right under it).
        glued = {id(a) for a, b in zip(real, real[1:]) if "\n\n" not in doc.text[a.end : b.start].replace("\r", "")}
        glued &= {id(a) for a, b in zip(real, real[1:]) if b.text[:1].islower() or b.kind == "paragraph"}
        headings = [b for b in top if b.kind == "heading" and id(b) not in glued]
        # A headline is a paragraph of its own; headings packed line on line are an infobox, a menu or a table.
        headings = [b for b in headings if _stands_alone(doc, blocks, b)] or headings
        if headings:
            max(headings, key=lambda b: len(WORD.findall(b.text))).kind = "title"
        elif (
            real[0].kind != "label" and len(WORD.findall(real[0].text)) <= 25 and not _lede(real[0].text, heading_words)
        ):
            real[0].kind = "title"
    for b in [b for b in blocks if b.kind != "debris"][:4]:
        if b.kind in ("title", "meta") or len(WORD.findall(b.text)) > 8:
            continue
        if published_from_line(b.text) or _numeric_date(b.text, doc.locale)[1] or _byline_date(b.text):
            b.kind = "meta"


def _lede(text: str, heading_words: int) -> bool:
    """A first line that ends with a full stop after more words than a heading has (`max_heading_words`) is the
    story's first sentence ("Russia and Iran will sign ... on January 17, AFP reports."): headlines do not end
    with a full stop."""
    end = text.rstrip()
    return end.endswith(".") and not end.endswith("...") and len(WORD.findall(text)) > heading_words


def _stands_alone(doc: Document, blocks: list[Block], block: Block) -> bool:
    """A blank line (or the start of the text) on both sides of the block."""
    i = next(n for n, b in enumerate(blocks) if b is block)
    before = doc.text[blocks[i - 1].end if i else 0 : block.start]
    after = doc.text[block.end : blocks[i + 1].start if i + 1 < len(blocks) else len(doc.text)]
    return all(not gap.strip() and (gap.count("\n") >= 2 or edge) for gap, edge in ((before, not i), (after, False)))


# A question set before its answer on the same line, as fact-checks and explainers lay out their sections: "What is
# the truth?: There is no evidence ..." (the line breaks of the page lost). The question is the section's heading.
_QUESTION_LABEL = re.compile(r"[^.!?\n]{3,120}\?\s*:\s+(?=[\"“‘'(\w])")


def _question_label(block: Block) -> list[Block]:
    """A paragraph that opens with a question and a colon, as its heading and the rest."""
    m = _QUESTION_LABEL.match(block.text) if block.kind == "paragraph" and "?" in block.text else None
    return _split_block(block, m.end(), "heading") if m else [block]


def _split_block(block: Block, at: int, kind: str, reason: str = "") -> list[Block]:
    """The block's opening, up to `at`, as a block of its own kind (a dateline, a question that heads the
    section), and the rest as it was; offsets kept."""
    opening = block.text[:at].rstrip()
    rest = Block(block.start + at, block.end, block.text[at:], block.kind, block.reason, block.section, block.cut)
    return [Block(block.start, block.start + len(opening), opening, kind, reason), rest]


DATELINE_PARAGRAPHS = 3  # a standfirst, or a summary, may come before the paragraph a dateline opens


def _without_dateline(blocks: list[Block]) -> list[Block]:
    """The first paragraph with a wire dateline ("TEHRAN –", "MOSCOW, Jan 17 (Reuters) -", "Moscow, IRNA –") without
    it, which is kept as a by-line of its own: it names where the story was filed, and sometimes when. A reprint
    may show the lede twice (a teaser, then the story): the same dateline opening a later paragraph goes too."""
    paragraphs = 0
    dateline = ""
    out = list(blocks)
    for b in blocks[:12]:
        if b.kind != "paragraph":
            continue
        m = DATELINE.match(b.text)
        if not m or (dateline and m.group().strip() != dateline):
            paragraphs += 1
            if paragraphs == DATELINE_PARAGRAPHS or dateline:
                break
            continue
        dateline = m.group().strip()
        i = next(n for n, x in enumerate(out) if x is b)
        out[i : i + 1] = _split_block(b, m.end(), "meta", "dateline")
    return out


_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d\d|\d\d)(?![\d/.-])")


def _numeric_date(text: str, locale: str) -> tuple[date | None, str]:
    """A by-line date written in figures ("9:28 AM 11/01/2023"), and the figures as written.

    When both numbers could be the month, the page's locale decides: a US locale ("en-US", "en_US") writes
    the month first, any other stated region the day first; with no locale the date is returned as None
    (with its figures), for the caller to flag.
    """
    m = _NUMERIC_DATE.search(text)
    if not m:
        return None, ""
    a, b, year = int(m[1]), int(m[3]), int(m[4])
    year += 2000 if year < 100 else 0
    region = re.search(r"[-_]([A-Za-z]{2})\b", locale)
    if a > 12 or a == b or (b <= 12 and region and region[1].upper() != "US"):
        day, month = a, b
    elif b > 12 or (region and region[1].upper() == "US"):
        day, month = b, a
    else:
        return None, m.group()
    try:
        return date(year, month, day), m.group()
    except ValueError:
        return None, ""


BYLINE_BLOCKS, BYLINE_WORDS = 6, 8  # a short dated line this near the top (not the first) is the by-line
_CLOCK = re.compile(
    r"(?:T|\b)(?<![\d.])\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?![\d.])(?:\s*[ap]\.?m\b\.?)?(?:Z|[+-]\d{2}:?\d{2})?"
    rf"|\b{READING_TIME}"
    r"|\b\d{1,3}\s+(?:second|minute|hour|day|week)s?\s+ago\b",
    re.IGNORECASE,
)  # a time of day ("14:05", "2.05 pm", "T14:05:00Z"), a reading time or an age ("6 minutes ago"), which a by-line may carry
_BYLINE_WORD = re.compile(
    r"by|and|on|at|in|of|the|for|via|from|updated|published|posted|first|last|[ap]m|min|read|staff|writer|reporter"
    r"|correspondent|editor"
)  # the words in lower case a by-line holds besides names, outlets and places


_YEAR_FIRST = re.compile(r"\b((?:19|20)\d\d)([/.])(\d{1,2})\2(\d{1,2})\b")  # "2025/03/03": ISO in other clothes
_PUBLISHED_LABEL = re.compile(r"\W*(?:first\s+)?(?:published|posted)\b", re.IGNORECASE)
_LABELLED = re.compile(r"\b(?:published|posted)(?:\s+on)?\s*[:\-–]?\s*$", re.IGNORECASE)  # right before the date


def _byline_date(text: str) -> date | None:
    """The earliest day a by-line or dateline states, when the rest of it is names, times and labels ("By Anna Berg ·
    3 March 2025, 14:05", "TASHKENT, March 3, 2025 (Wire) -"): a by-line names people, outlets and places in
    capitals; a sentence has verbs in lower case, and so never counts, however short."""
    text = _YEAR_FIRST.sub(lambda m: f"{m[1]}-{int(m[3]):02d}-{int(m[4]):02d}", _CLOCK.sub(" ", text))
    days = [m for m in find_dates(text) if m.precision == "day" and not m.is_relative]
    rest = text
    for m in reversed(days):
        rest = rest[: m.start] + " " + rest[m.end :]
    if not days or any(w[0].islower() and not _BYLINE_WORD.fullmatch(w) for w in WORD.findall(rest)):
        return None
    labelled = [m for m in days if _LABELLED.search(text, 0, m.start)]
    return min(m.date_start for m in labelled or days)  # "Created 2 May | Published 3 May": the one labelled


def _readings(figures: str) -> set[date]:
    """Both dates figures such as "11/01/2023" can be."""
    m = _NUMERIC_DATE.search(figures)
    if not m:
        return set()
    a, b, year = int(m[1]), int(m[3]), int(m[4]) + (2000 if len(m[4]) == 2 else 0)
    out = set()
    for day, month in ((a, b), (b, a)):
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            out.add(date(year, month, day))
    return out


def published_date(doc: Document) -> date | None:
    """The publication date the page states: front matter, then <meta> tags, then its by-line (in words or
    figures), then what the HTML extractor found, then the date in the page's address."""
    for where in ("front_matter", "meta"):
        if where in doc.dates:
            return doc.dates[where]
    ambiguous = ""
    meta = [b for b in doc.blocks if b.kind == "meta"]
    for b in [b for b in meta if _PUBLISHED_LABEL.match(b.text)] + meta:  # "Updated: 5 May", "Published: 3 May"
        stated = [d for d in (published_from_line(b.text), _byline_date(b.text)) if d]
        if stated:
            return min(stated)  # "Updated 5 May, Published 3 May": published first
        found, figures = _numeric_date(b.text, doc.locale)
        if found:
            return found
        ambiguous = ambiguous or figures
    for where in ("extractor", "url"):
        if where in doc.dates and not (where == "extractor" and doc.dates[where] in _readings(ambiguous)):
            return doc.dates[where]  # (the extractor may have guessed one reading of the by-line's figures)
    if found := _lead_photo_date(doc):
        return found
    if ambiguous:
        warn(
            doc.path,
            f"the by-line date {ambiguous} could be day/month or month/day and the page states no locale; "
            "give the publication date in sources.csv",
        )
    return None


def _lead_photo_date(doc: Document) -> date | None:
    """The day a news story's lead photo is dated: a wire story (one with a dateline) is filed the day of the
    event its photo shows, so a caption above the dateline dates the story when nothing else on the page does.
    An undated page, an encyclopaedia's or an essay's, may show a photo years old: without a dateline, no date."""
    dated = None
    for b in doc.blocks:
        if b.kind == "meta" and b.reason == "dateline":
            return dated
        if b.reason == "caption":
            days = [m.date_start for m in find_dates(b.text) if m.precision == "day" and not m.is_relative]
            dated = days[-1] if days else dated
    return None


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—«»•·-]|::)\s+")
_SITE_WORD = re.compile(r"(?:[A-Z0-9][\w.'’&-]*|the|of|and|for|on|in|de|&|[\w-]+\.[a-z]{2,6})")


def _tidy_title(title: str) -> str:
    """A page title without the site name and section after it ("... | World | The New York Times") or a one-word
    section label before it ("Opinion | ..."); a title that would be left with fewer than three words is kept whole."""
    title = " ".join(title.split())
    while seps := list(_TITLE_SEPARATOR.finditer(title)):
        last = seps[-1]
        tail = title[last.end() :].split()
        if (
            len(tail) > 5
            or any(c.isdigit() for c in title[last.end() :])
            or not all(_SITE_WORD.fullmatch(w) for w in tail)
            or len(WORD.findall(title[: last.start()])) < 3
        ):
            break
        title = title[: last.start()]
    first = _TITLE_SEPARATOR.search(title)
    if (
        first
        and "|" in first.group()
        and len(title[: first.start()].split()) <= 2
        and len(WORD.findall(title[first.end() :])) >= 3
    ):
        title = title[first.end() :]
    return title


def _site_title(line: str) -> bool:
    """A headline followed by its section and site name ("Deal signed | World | Example Times"): a page title, which
    looks like a menu but is not one. A breadcrumb trail ("Home | World | Deal signed") keeps its separators."""
    tidy = _tidy_title(line)
    return tidy != line and not _TITLE_SEPARATOR.search(tidy) and len(WORD.findall(tidy)) >= 5


def title_of(doc: Document) -> str:
    """The page's own title: front matter, og:title, its <h1>, its <title> (TITLE_ORDER), else its headline line."""
    for where in TITLE_ORDER:
        title = doc.titles.get(where, "")
        if title and (where != "h1" or len(title.split()) >= 2):
            return _tidy_title(title)
    for b in doc.blocks:
        if b.kind == "title":
            return _tidy_title(BULLET.sub("", b.text))
    return doc.source_id.replace("-", " ").capitalize()
