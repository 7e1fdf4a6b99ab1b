"""Load raw articles and clean them: decoded text, main-text blocks, debris set aside.

Raw files are never rewritten. Every block keeps offsets into the decoded raw file, so a
claim can always be checked against what the publisher actually printed.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer

from helpers import paths
from helpers.config import Cleaning
from helpers.errors import InputError
from helpers.text.dates import published_from_line
from helpers.text.patterns import BULLET, BYLINE, CONTROL, MENU, TERMINAL, WORD, has_contact_details, normalised


@dataclass
class Block:
    """One line or paragraph of a source, classified."""

    start: int  # offset into the cleaned text
    end: int
    text: str
    kind: str  # title | meta | heading | paragraph | debris
    reason: str = ""  # why a debris block was set aside
    section: str = ""  # nearest heading above


@dataclass
class Document:
    """A decoded source. `text` is what we split; `offsets` maps it back to the raw file."""

    source_id: str
    path: Path
    raw: str  # the decoded raw file
    text: str  # for .txt/.md the raw text itself; for HTML the page's visible text
    offsets: list[int] | None = None  # per character of `text`, its offset in `raw` (None: same)
    main_lines: set[int] | None = None  # HTML: line starts the extractor judged to be main text
    html_title: str = ""
    html_date: date | None = None
    blocks: list[Block] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets into the decoded raw file of text[start:end]."""
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


# --- Load -------------------------------------------------------------------------------------


def discover(sources_dir: Path = paths.SOURCES_DIR) -> list[Path]:
    """Source files in id order; two files with one id is an error the analyst must settle."""
    if not sources_dir.is_dir():
        raise InputError(sources_dir, "folder is missing; create it and copy articles into it")
    files = sorted(
        p
        for p in sources_dir.iterdir()
        if p.is_file() and p.suffix.lower() in paths.SOURCE_SUFFIXES and not p.name.startswith(".")
    )
    seen: dict[str, Path] = {}
    for p in files:
        sid = source_id_for(p)
        if sid in seen:
            raise InputError(p, f"has the same source id '{sid}' as {seen[sid].name}; rename one of them")
        seen[sid] = p
    if not files:
        raise InputError(sources_dir, "holds no .txt, .md or .html article; copy at least one in")
    return files


def source_id_for(path: Path) -> str:
    """A readable, stable id: the file name without extension, lower-case, hyphenated."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")


def decode(path: Path, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else the detected charset."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(path, "is empty; delete it or paste the article text into it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data).best()
            text = str(best) if best is not None else ""
            if best is None or "\x00" in text:
                raise InputError(path, "is not text (binary data?); save the article as .txt, .md or .html") from None
    if "\x00" in text or len(CONTROL.findall(text)) > max(10, len(text) // 100):
        raise InputError(path, "is not text (binary data?); save the article as .txt, .md or .html")
    if not text.strip():
        raise InputError(path, "is blank; delete it or paste the article text into it")
    return text


class _VisibleText(HTMLParser):
    """Visible text of a page with, for every character, its offset in the raw HTML."""

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

    def __init__(self, raw: str):
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.skip_depth = 0
        self.title: list[str] = []
        self.in_title = False

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
        if tag in self.SKIP:
            self.skip_depth += 1
        if tag == "title":
            self.in_title = True
        if tag in self.BREAK:
            self._emit("\n", self._pos(), per_char=False)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self.in_title = False
        if tag in self.BREAK:
            self._emit("\n", self._pos(), per_char=False)

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if not self.skip_depth:
            self._emit(data, self._pos(), per_char=True)

    def _entity(self, text: str) -> None:
        if self.in_title:
            self.title.append(text)
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
    text = "".join(parser.chars)
    # Trim spaces around line breaks so lines compare cleanly, keeping the offset map aligned.
    keep = [
        not (c == " " and (i + 1 == len(text) or text[i + 1] == "\n" or i == 0 or text[i - 1] == "\n"))
        for i, c in enumerate(text)
    ]
    chars = [c for c, k in zip(text, keep) if k]
    offsets = [o for o, k in zip(parser.offsets, keep) if k]
    text = "".join(chars)

    extracted = (
        trafilatura.extract(raw, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False)
        or ""
    )
    meta = trafilatura.extract_metadata(raw)
    main_lines: set[int] = set()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    cursor = 0
    for line in extracted.splitlines():
        line = BULLET.sub("", " ".join(line.split()))
        if len(line) < 3:
            continue
        hit = text.find(line, cursor)
        if hit < 0:
            hit = text.find(line)
        if hit < 0:
            continue
        main_lines.add(line_starts[bisect_right(line_starts, hit) - 1])
        cursor = hit + len(line)
    published = None
    if meta is not None and meta.date:
        try:
            published = date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    title = " ".join("".join(parser.title).split()) or (meta.title if meta is not None and meta.title else "")
    return Document(source_id, path, raw, text, offsets, main_lines, title, published)


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
    return Document(sid, path, raw, raw)


# --- Clean ------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return normalised(text)


def clean(doc: Document, rules: Cleaning) -> Document:
    """Classify each line as title, by-line, heading, paragraph or debris (with the reason)."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        if stripped:
            lines.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(line)

    counts = Counter(_norm(t) for _, _, t in lines)
    seen: set[str] = set()
    blocks: list[Block] = []
    furniture = False  # inside an "About the author" / "Related stories" section
    boiler, marker = rules.boilerplate_index, rules.section_index
    for start, end, text in lines:
        body = BULLET.sub("", text)
        n_words = len(WORD.findall(body))
        norm = _norm(body)
        if furniture and n_words > rules.trailing_run_words:
            furniture = False
        if doc.main_lines is not None and start not in doc.main_lines:
            kind, reason = "debris", "outside the main text"
        elif has_contact_details(body):
            kind, reason = "debris", "contact details"
        elif rules.card_pattern.match(body):
            kind, reason = "debris", "profile card"
        elif n_words <= 6 and marker.search(body):
            kind, reason, furniture = "debris", "page section", True
        elif furniture:
            kind, reason = "debris", "page section"
        elif MENU.search(body) and n_words <= rules.max_heading_words * 2:
            kind, reason = "debris", "menu or share bar"
        elif re.fullmatch(r"[\w .'-]{1,30}:", body) and n_words <= 3:
            kind, reason = "debris", "label"
        elif n_words <= rules.max_heading_words and boiler.search(body):
            kind, reason = "debris", "boilerplate"
        elif counts[norm] > 1 and n_words <= 30:
            kind, reason = "debris", "repeated line"
        elif norm in seen:
            kind, reason = "debris", "duplicate paragraph"
        elif not n_words:
            kind, reason = "debris", "no words"
        elif BYLINE.match(body):
            kind, reason = "meta", ""
        elif TERMINAL.search(body) or n_words > rules.max_heading_words:
            kind, reason = "paragraph", ""
        else:
            kind, reason = "heading", ""
        seen.add(norm)
        blocks.append(Block(start, end, text, kind, reason))

    # The first real line of a text file is its title (an HTML page has <title>);
    # a short dated line near the top is the by-line.
    real = [b for b in blocks if b.kind != "debris"]
    if doc.main_lines is None and real and (real[0].kind == "heading" or len(WORD.findall(real[0].text)) <= 25):
        real[0].kind = "title"
    for b in real[:4]:
        if b.kind != "title" and published_from_line(b.text) and len(WORD.findall(b.text)) <= 8:
            b.kind = "meta"

    # After the article's last paragraph, short unpunctuated lines are related links and tags.
    long_paras = [
        i
        for i, b in enumerate(blocks)
        if b.kind == "paragraph" and len(WORD.findall(b.text)) > rules.trailing_run_words
    ]
    if long_paras:
        for b in blocks[long_paras[-1] + 1 :]:
            if b.kind == "heading":
                b.kind, b.reason = "debris", "after the article's end"

    section = ""
    for b in blocks:
        if b.kind == "heading":
            section = BULLET.sub("", b.text)
        b.section = section
    doc.blocks = blocks
    return doc


def published_date(doc: Document) -> date | None:
    """The publication date the page states, from its by-line or its HTML metadata."""
    for b in doc.blocks:
        if b.kind == "meta":
            found = published_from_line(b.text)
            if found:
                return found
    return doc.html_date


def title_of(doc: Document) -> str:
    """The page's own title: its HTML <title> or its first line."""
    if doc.html_title:
        return doc.html_title
    for b in doc.blocks:
        if b.kind == "title":
            return BULLET.sub("", b.text)
    return doc.source_id.replace("-", " ").capitalize()
