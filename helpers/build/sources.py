"""Load raw articles and clean them: decoded text, main-text blocks, debris set aside.

Raw files are never rewritten. Every block keeps offsets into the decoded raw file, so a
claim can always be checked against what the publisher actually printed.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer
from anyascii import anyascii

from helpers import paths
from helpers.config import Cleaning
from helpers.errors import InputError
from helpers.text import pii
from helpers.text.dates import published_from_line
from helpers.text.patterns import BULLET, BYLINE, CONTROL, MENU, TERMINAL, WORD, normalised


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
    page = _flattened(raw, parser.too_deep) if parser.too_deep else raw
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
        trafilatura.extract(page, include_comments=False, include_tables=False, favor_recall=True, deduplicate=False)
        or ""
    )
    meta = trafilatura.extract_metadata(page)
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
    after_bio = False  # the last paragraph was an author bio: what goes on about that person goes too
    boiler, marker = rules.boilerplate_index, rules.section_index
    for start, end, text in lines:
        body = BULLET.sub("", text)
        # Personal data and links are classified around: `bare` blanks them out, offsets unchanged.
        found = pii.find(body)
        bare = pii.remainder(body, found) if found else body
        n_words = len(WORD.findall(bare))
        norm = _norm(body)
        if furniture and n_words > rules.trailing_run_words:
            furniture = False
        if doc.main_lines is not None and start not in doc.main_lines:
            kind, reason = "debris", "outside the main text"
        elif found and n_words <= 12 and BYLINE.match(" ".join(bare.split()).strip(" *_·|•")):
            kind, reason, text = "meta", "", " ".join(bare.split()).strip(" *_·|•")  # a by-line with a handle
        elif found and pii.is_contact_line(bare, found, rules.min_claim_words):
            kind, reason = "debris", "contact details"
        elif rules.card_pattern.match(body):
            kind, reason = "debris", "profile card"
        elif pii.is_bio(body) or (after_bio and pii.continues_bio(body)):
            kind, reason = "debris", "author bio"
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
        after_bio = reason == "author bio" or (after_bio and kind == "debris")
        if found and kind == "paragraph":
            # Only the details go: the stretches between them stay paragraphs, each quoted by its own offsets.
            offset = start + len(text) - len(body)
            parts = pii.pieces(body, found)
            blocks.extend(Block(offset + a, offset + b, body[a:b], kind) for a, b in parts)
            if not parts:
                blocks.append(Block(start, end, text, "debris", "contact details"))
            continue
        if found and kind == "heading":
            text = " ".join(bare.split())  # a heading may become the title: never with a detail in it
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
