"""Personal data in page text: where it sits, so cleaning can drop it and keep the article around it.

One definition of each kind of personal detail, shared by cleaning (`helpers.build.sources.clean`) and the
claim test (`helpers.build.extract.is_claim`): phone numbers (Google's libphonenumber, via `phonenumbers`),
e-mail addresses plain or written out ("name [at] domain [dot] com"), social-media profiles and handles,
links that carry tracking parameters, street addresses, PO boxes and postcodes, dates and places of birth,
and author bios. Plain links (citations) are found too, as kind "url": they are no personal data, but a
claim should not quote them either.

Functions return spans into the text they are given, never rewritten text: a claim quotes the raw file by
offsets, so the caller cuts around the spans instead of editing the text in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from helpers.text.patterns import EMAIL, WORD, Caseless, lowered

PHONE_REGIONS = ("US", "GB", "RU")  # national formats tried; "+44 ..." and the like are found whatever the region
PERSONAL = frozenset(
    {
        "phone",
        "email",
        "obfuscated_email",
        "handle",
        "social_url",
        "tracking_url",
        "address",
        "po_box",
        "postcode",
        "birth",
    }
)
CONTACT_LINE_WORDS = 30  # a longer line with a personal detail is article text with a detail in it
BIO_MAX_WORDS = 80  # a paragraph longer than this is article text, even if it opens like a bio

_UP = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"  # upper-case letters, Latin and Cyrillic (Latin Extended-A taken whole: "Ł", "Š")
_CAP = rf"[{_UP}][\w'’.-]*"  # a capitalised word ("Pennsylvania", "St.", "Vasquez-Moreno")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    rf"|(?:{_MONTH}\s+)?\d{{4}})"
)
_PLACE = rf"[{_UP}][\w'’-]*(?:[\s-]+[{_UP}][\w'’-]*){{0,2}}(?:,\s*[{_UP}][\w'’-]*(?:\s+[{_UP}][\w'’-]*)?)?"

# --- links -------------------------------------------------------------------------------------------

_SOCIAL_HOSTS = (
    r"(?:twitter\.com|x\.com|linkedin\.com|facebook\.com|fb\.com|instagram\.com|t\.me|telegram\.me|tiktok\.com"
    r"|youtube\.com|threads\.net|bsky\.app|mastodon\.social|vk\.com|ok\.ru|wa\.me|snapchat\.com|pinterest\.com"
    r"|reddit\.com/u(?:ser)?|github\.com|medium\.com|truthsocial\.com|weibo\.com|[\w-]+\.substack\.com|substack\.com/@)"
)
_LINK_TAIL = r"[^\s<>\"'“”‘’]"
URL = re.compile(rf"(?:\bhttps?://|\bwww\.){_LINK_TAIL}+", re.IGNORECASE)
SOCIAL = re.compile(
    rf"(?<![\w.@/-])(?:https?://)?(?:(?:www|m|mobile|[a-z]{{2}})\.)?{_SOCIAL_HOSTS}/{_LINK_TAIL}*[\w/]",
    re.IGNORECASE,
)
_SOCIAL_HOST = re.compile(
    rf"^(?:https?://)?(?:(?:www|m|mobile|[a-z]{{2}})\.)?{_SOCIAL_HOSTS}(?:/|$|(?<=@))", re.IGNORECASE
)
TRACKING = re.compile(
    r"[?&#;](?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|igsh|mc_cid|mc_eid|_hsenc"
    r"|_hsmi|mkt_tok|oly_enc_id|oly_anon_id|vero_id|vero_conv|trk\w*|s_cid|sc_cid|cmpid|ref|ref_src|ref_url"
    r"|source|share|si|spm|_ga|ncid|ocid|wt\.mc_id|rb_clickid|sr_share)=",
    re.IGNORECASE,
)
_MARKDOWN_LINK = re.compile(
    r"!?\[([^\]\n]{0,200})\]\(\s*((?:https?://|www\.|mailto:)[^\s)]*)(?:\s+\"[^\"\n]*\")?\s*\)", re.IGNORECASE
)
_DOMAIN = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}(?:/\S*)?", re.IGNORECASE)
MAILTO = re.compile(r"\bmailto:[^\s<>\"'()\[\]]+", re.IGNORECASE)
_GENERIC_LINK_TEXT = re.compile(
    r"\W*(?:source|sources|link|here|pdf|this|more|read more|website|web|\d+)?\W*", re.IGNORECASE
)

# --- e-mail addresses and handles ---------------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[\w+-]*[A-Za-z0-9])?"
_DOT_SPELLED = r"(?:\s*[\[({<]\s*(?i:dot)\s*[\])}>]\s*|\s+(?:dot|DOT)\s+)"
_DOT_ANY = rf"(?:\.|{_DOT_SPELLED})"
_AT_BRACKETED = r"\s*[\[({<]\s*at\s*[\])}>]\s*"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.@])(?:mailto:)?{_LABEL}(?:{_DOT_ANY}{_LABEL})*{_AT_BRACKETED}{_LABEL}(?:{_DOT_ANY}{_LABEL})*{_DOT_ANY}[A-Za-z]{{2,24}}\b",
    re.IGNORECASE,
)
# "name at domain.org" only when clearly an address: a dotted, dashed or numbered name before a lower-case
# domain, or the dots spelled out too ("ivan at mail dot ru").
SPELLED_EMAIL = re.compile(
    rf"(?<![\w.@])(?:[a-z0-9]+[._-][\w.-]*[a-z0-9]|[a-z]+\d+)\s+(?:at|AT)\s+[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{{2,24}}\b"
    rf"|(?<![\w.@])(?:[a-z][\w.-]*|[A-Za-z][\w-]*[._\d][\w.-]*)\s+(?:at|AT)\s+(?!(?:the|a|an)\b)[A-Za-z0-9-]+"
    rf"(?:{_DOT_SPELLED}[A-Za-z0-9-]+)*{_DOT_SPELLED}[A-Za-z]{{2,24}}\b"
)
HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z_][A-Za-z0-9_]{1,30}(?:\.[A-Za-z0-9_-]+)*(?:@[\w-]+(?:\.[\w-]+)+)?")

# --- phones ---------------------------------------------------------------------------------------------

_PHONE_CUE = re.compile(
    r"(?:\b(?:tel|telephone|phone|ph|call|mobile|mob|cell|fax|whatsapp|signal|sms|number|hotline)\b\.?|[:☎📞])"
    r"[\s:.#]*$",
    re.IGNORECASE,
)
_PLUS_NUMBER = re.compile(r"(?<![\w+])\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){6,13}(?!\d)")
_DATE_SHAPE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{4}\s*[-–]\s*\d{2,4}")
_DIGIT_RUN = re.compile(r"[+(]?\d[\d\s().\-–/]*\d\)?")
MAX_PHONE_CHARS = 40  # a longer run of digits and separators is a list of figures, not one number
_NANP_SHAPE = re.compile(r"^(?:\+?1[\s.-])?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b")

# --- places ---------------------------------------------------------------------------------------------

_STREET_TYPE = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Place|Pl|Square|Sq|Terrace|Way"
    r"|Highway|Hwy|Parkway|Pkwy|Crescent|Close|Row|Embankment|Circle|Plaza|Alley|Mews|Gardens|Walk|Broadway"
    r"|Prospekt|Ulitsa|Pereulok|Shosse|Quay|Wharf|Strasse|Straße|Harbou?rs?|Corners?|Crossing|Heights|Ridge|Trail"
    r"|Turnpike|Expressway|Freeway|Circus)"
)
_US_STATE = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC"
    r"|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)"
)
_UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2})"
_ZIP = rf"(?:{_US_STATE}\s+\d{{5}}(?:-\d{{4}})?)"
_UNIT = r"(?:Suite|Ste\.?|Apt\.?|Apartment|Flat|Floor|Room|Rm\.?)\s*#?\d{1,5}[A-Za-z]?\b"
_LOCALITY = rf"(?:(?:,\s*{_CAP}(?:\s+{_CAP}){{0,2}}){{1,2}},?\s+(?:{_ZIP}|{_UK_POSTCODE})\b)"
ADDRESS = re.compile(
    rf"(?<![\w.,])\d{{1,5}}[A-Za-z]?(?:[-–/]\d{{1,5}}[A-Za-z]?)?,?\s+(?:(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,4}}"
    rf"{_STREET_TYPE}\b\.?(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?(?:,?\s*{_UNIT})?{_LOCALITY}?"
)
# A house number and capitalised words right before a postcode are an address, whatever the street type.
ADDRESS_BEFORE_POSTCODE = re.compile(
    rf"(?<![\w.,])\d{{1,5}}[A-Za-z]?,?\s+(?:{_CAP},?\s+){{1,6}}(?:{_UK_POSTCODE}|{_ZIP})(?![\w-])"
)
UNIT = re.compile(rf"\b{_UNIT}")
PO_BOX = re.compile(
    rf"\b(?i:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box|POB)\s*#?\d{{1,7}}(?:,\s*{_CAP}(?:\s+{_CAP})?(?:\s+\d{{4,5}})?)?(?:,?\s+{_ZIP})?"
)
POSTCODE = re.compile(rf"(?<![\w-]){_UK_POSTCODE}(?![\w-])|(?<![\w-]){_ZIP}(?![\w-])")

# --- birth ----------------------------------------------------------------------------------------------

BIRTH = re.compile(
    rf"\b(?:[Bb]orn|b\.)\s+(?:on\s+|in\s+)?{_DATE}(?:,?\s+in\s+{_PLACE})?"
    rf"|\b[Bb]orn\s+in\s+{_PLACE}(?:,?\s+(?:on|in)\s+{_DATE})?"
    r"|(?i:\b(?:date\s+of\s+birth|place\s+of\s+birth|birth\s*date|birth\s*day|birth\s*place|d\.?o\.?b\.?|born))"
    r"(?:\s*:|\s+[–—-])\s*[^\n|;•·]+"  # "Born: …", "DOB – …"; not "born-again"
)

# --- bios ------------------------------------------------------------------------------------------------

_NAME_WORD = rf"[{_UP}][a-zß-ÿ'’]+(?:-[{_UP}]?[a-zß-ÿ'’]+)*"
_NAME = (
    rf"(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+|Professor\s+|Ambassador\s+)?"
    rf"(?!(?:The|This|That|These|Those|It|Its|Our|Their|His|Her|In|On|At|For|But|And|Both|Each|Such|Some)\b)"
    rf"{_NAME_WORD}(?:\s+(?:[{_UP}]\.|(?:(?:al|el|bin|ibn|van|von|de|da|di|du|le|la)[\s-])?{_NAME_WORD})){{1,3}}"
)
_ROLE = (
    r"(?:fellow|analyst|journalist|correspondent|editor|researcher|professor|director|writer|reporter|scholar"
    r"|lecturer|columnist|contributor|author|economist|historian|commentator|specialist|producer|photographer"
    r"|blogger|student|candidate|consultant|academic)s?"
)
_BIO_LEAD = r"^[\W_]*(?:(?i:about\s+the\s+authors?|the\s+authors?|authors?|bio(?:graphy)?|contributors?)\b[\W_]*)?"
_BIO_VERB = r"(?:writes|covers|blogs|focuses|specialises|specializes|leads|works|has\s+(?:written|reported|covered))"
# A sentence that opens with a person and what they do ("Jane Doe is a senior fellow at …") …
BIO_START = re.compile(
    rf"{_BIO_LEAD}{_NAME}[*_]*(?:,?\s+(?:is|was|has\s+been|serves\s+as)\s+(?:a|an|the)\s+(?:[\w'’,-]+\s+){{0,8}}?{_ROLE}\b"
    rf"|\s+(?:writes\s+(?:about|on|for)|covers|blogs|has\s+(?:written|reported)\s+(?:about|on|for))\b"
    rf"|,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,8}}?{_ROLE}\b[^.]{{0,80}}?,\s+{_BIO_VERB}\b)"
)
# … or, anywhere, says how to follow or reach them, or disowns their views.
BIO_CUE = re.compile(
    rf"\bFollow\s+(?:{_NAME}|{_NAME_WORD}|him|her|them|me)\s+(?:on|at)\b"
    rf"|\b(?:{_NAME}|{_NAME_WORD}|He|She|They)\s+can\s+be\s+(?:(?:reached|contacted)\s+(?:at|on|via|through|by\s+(?:e-?mail|phone|telephone))|emailed)\b"
    r"|\b(?:Reach|Contact|E-?mail|Write\s+to)\s+(?:him|her|them|the\s+author)\b"
    r"|\b(?:His|Her|Their|My)\s+views\s+are\s+(?:his|her|their|my)\s+own\b"
    r"|\bviews\s+expressed\b.{0,60}\b(?:author|writer)['’]?s?\b"
)
_BIO_CUE_HINT = Caseless(r"follow|can be|\b(?:him|her|them|author)\b|views")
BIO_GOES_ON = re.compile(
    r"^[\W_]*(?:He|She|They|His|Her|Their)\s+(?:\w+\s+){0,2}?(?:previously|formerly|also|holds|held|earned|received"
    r"|joined|worked|served|studied|graduated|speaks|lives|research|work|views|writing|reporting|was\s+born|can\s+be)\b"
)
_LABEL_LEAD = re.compile(r"^[\W_]*(?:[^\W\d_][\w'’-]*\s+){0,2}[^\W\d_][\w'’-]*\s*:\s")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)*_]*\s+(?=[\W_]*[A-Z])")

# Words that label or join contact details; a line with little else is a contact line.
_CONTACT_WORDS = """
contact contacts contacted email e-mail mail mailing postal address tel telephone phone call mobile fax cell
office offices press media enquiries enquiry inquiries inquiry twitter x linkedin telegram signal whatsapp
instagram facebook bluesky mastodon threads tiktok youtube website web site url link links source sources
follow connect reach reached write share shared sharing view read more full story article browser online on
at or and via by to the a an in for of from me him her them us our my his their author authors dob born birth
date place
"""
CONTACT_WORDS = frozenset(_CONTACT_WORDS.split())


@dataclass(frozen=True)
class Span:
    """A stretch of text holding one detail (or several run together), by offsets into the text given."""

    start: int
    end: int
    kind: str

    @property
    def is_personal(self) -> bool:
        return self.kind in PERSONAL


def _trim_link(text: str, start: int, end: int) -> int:
    """End of a link without the sentence's punctuation or an unbalanced closing bracket."""
    while end > start:
        ch = text[end - 1]
        link = text[start:end]
        unbalanced = (ch == ")" and link.count("(") < link.count(")")) or (
            ch == "]" and link.count("[") < link.count("]")
        )
        if ch in ".,;:!?*_" or unbalanced:
            end -= 1
        else:
            break
    return end


def _link_kind(link: str) -> str:
    if link.lower().startswith("mailto:"):
        return "email"
    if _SOCIAL_HOST.match(link):
        return "social_url"
    if TRACKING.search(link):
        return "tracking_url"
    return "url"


def _links(text: str) -> list[Span]:
    found = []
    for m in _MARKDOWN_LINK.finditer(text):
        kind, label = _link_kind(m.group(2)), m.group(1)
        # A personal link goes whole, and so does an image or a bare "[source]"; a citation keeps its words.
        if (
            kind != "url"
            or m.group().startswith("!")
            or _GENERIC_LINK_TEXT.fullmatch(label)
            or _DOMAIN.fullmatch(label)
        ):
            found.append(Span(m.start(), m.end(), kind))
        else:
            found.append(Span(m.start(2) - 1, m.end(), kind))
    for m in URL.finditer(text):
        end = _trim_link(text, m.start(), m.end())
        found.append(Span(m.start(), end, _link_kind(text[m.start() : end])))
    for m in SOCIAL.finditer(text):
        found.append(Span(m.start(), _trim_link(text, m.start(), m.end()), "social_url"))
    return found


def _phones(text: str) -> list[Span]:
    """Phone numbers: valid ones in any listed region, and possible ones that look like phone numbers.

    The matcher reads only the runs of digits that could be one number (a long run is a table of figures),
    which keeps a page of numbers from costing seconds.
    """
    found: dict[tuple[int, int], str] = {}
    runs = [(m.start() + a, m.start() + b) for m in _DIGIT_RUN.finditer(text) for a, b in _split_run(m.group())]
    for at, end in runs:
        if end - at > MAX_PHONE_CHARS or sum(map(str.isdigit, text[at:end])) < 7:
            continue
        window = text[at : end + 20]  # room for "ext. 214"
        for region in (*PHONE_REGIONS, None):
            for m in phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.POSSIBLE):
                raw = m.raw_string
                if _DATE_SHAPE.fullmatch(raw):
                    continue
                if phonenumbers.is_valid_number(m.number):
                    found[(at + m.start, at + m.end)] = "phone"
                    continue
                digits = sum(c.isdigit() for c in raw)
                cue = _PHONE_CUE.search(text[max(0, at + m.start - 25) : at + m.start])
                shaped = raw.startswith(("+", "(", "0")) or _NANP_SHAPE.match(raw)
                if (digits >= 9 and (shaped or cue)) or (digits >= 7 and cue and not re.fullmatch(r"\d+", raw)):
                    found[(at + m.start, at + m.end)] = "phone"
    for m in _PLUS_NUMBER.finditer(text):
        found.setdefault((m.start(), m.end()), "phone")
    spans = []
    for (start, end), kind in found.items():
        trunk = re.search(r"(?<![\w+])\d[\s-]?$", text[:start]) if text[start] == "(" else None
        spans.append(Span(trunk.start() if trunk else start, end, kind))  # "8 (495) …": the trunk digit too
    return spans


def _split_run(run: str) -> list[tuple[int, int]]:
    """A run of digits cut where a list of numbers is separated ("020 … / 020 …")."""
    if "/" not in run:
        return [(0, len(run))]  # most runs: one number, and no search needed
    return [m.span() for m in re.finditer(r"[^/]+", run)]


def _merge(text: str, spans: list[Span]) -> list[Span]:
    """Overlapping spans as one, and spans joined only by punctuation or "or"/"and"/"via" as one."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out:
            last = out[-1]
            gap = text[last.end : span.start] if span.start > last.end else ""
            if span.start <= last.end or re.fullmatch(r"[\s,;:|·•/–—&-]*(?:(?:or|and|via)[\s,;:|·•/–—-]*)*", gap):
                out[-1] = Span(last.start, max(last.end, span.end), last.kind)
                continue
        out.append(span)
    return out


_LEFT_GLUE = re.compile(r"(?:\b(?:at|on|via|e-?mail|tel\.?|phone|call|mailto)\s*:?\s*)?[(\[<]?\s*$", re.IGNORECASE)


def _widen(text: str, span: Span) -> Span:
    """Take in the words and brackets that only introduce the detail ("at", "on", "(…)")."""
    start, end = span.start, span.end
    glue = _LEFT_GLUE.search(text[max(0, start - 20) : start])
    if glue and glue.group(0).strip():
        start -= len(glue.group(0))
    if start < span.start and text[start : span.start].strip().endswith(("(", "[", "<")):
        close = re.match(r"\s*[)\]>]", text[end:])
        if close:
            end += close.end()
    elif start > 0 and text[start - 1] in "([<" and end < len(text) and text[end] in ")]>":
        start, end = start - 1, end + 1
    return Span(start, end, span.kind)


# Each pattern with a cheap test that must pass first: most lines hold no detail, and the build runs this
# on every line and every sentence. A test is something the pattern cannot match without (a street type,
# a unit word, a digit before two capitals or five digits for a postcode), and runs fast because it opens
# with plain characters, which let the search skip ahead to the next candidate (a case-insensitive letter, or a
# choice of openings that are not plain letters, makes it try every position; a Caseless test is written in lower
# case and runs on the lower-cased text for that reason). A test may pass where its pattern then finds nothing,
# never the reverse.
_POSTCODE_HINT = re.compile(r"\d(?:[A-Z]{2}|\d{4})")  # "SW1A 1AA", "NY 10001"
_PATTERNS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | Caseless], ...] = (
    ("email", EMAIL, re.compile("@")),
    ("email", MAILTO, Caseless("mailto")),
    ("obfuscated_email", OBFUSCATED_EMAIL, Caseless(r"[\[({<]\s*at\s*[\])}>]")),
    ("obfuscated_email", SPELLED_EMAIL, re.compile(r"\s(?:at|AT)\s")),
    ("handle", HANDLE, re.compile("@")),
    ("address", ADDRESS, re.compile(rf"{_STREET_TYPE}\b")),  # a whole word: "St", not "State" or "Strait"
    ("address", ADDRESS_BEFORE_POSTCODE, _POSTCODE_HINT),
    ("address", UNIT, re.compile(r"S(?:uite|te)|A(?:pt|partment)|Fl(?:at|oor)|R(?:oom|m)")),
    ("po_box", PO_BOX, Caseless(r"box|pob")),  # "P.O. Box", "Post Office Box", "POB"
    ("postcode", POSTCODE, _POSTCODE_HINT),
    ("birth", BIRTH, Caseless(r"b(?:orn|irth|\.)|d\.?o\.?b")),  # born, birth, b., d.o.b
)
_LINK_HINT = Caseless(r"/|www\.")


def find(text: str) -> list[Span]:
    """Every personal detail and every link in `text`, as sorted spans that do not overlap."""
    low = lowered(text)
    spans = _links(text) if _LINK_HINT.search(text, low) else []
    if _has_seven_digits(text):
        spans += _phones(text)
    hinted: dict[re.Pattern[str] | Caseless, bool] = {}  # a test two patterns share (postcodes, "@") is run once
    for kind, pattern, hint in _PATTERNS:
        if hint not in hinted:
            hinted[hint] = bool(hint.search(text) if isinstance(hint, re.Pattern) else hint.search(text, low))
        if hinted[hint]:
            spans += [Span(m.start(), _trim_link(text, m.start(), m.end()), kind) for m in pattern.finditer(text)]
    spans = [s for s in spans if s.end > s.start]
    if not spans:
        return []
    return _merge(text, [_widen(text, s) for s in _merge(text, spans)])


def _has_seven_digits(text: str) -> bool:
    """Whether the text holds seven digits (str.isdigit) or more, as a phone number needs. Counting the ten ASCII
    digits runs in C; a test per character runs only when other digits ("٣", "²") could make up the seven."""
    return sum(map(text.count, "0123456789")) >= 7 or (not text.isascii() and sum(map(str.isdigit, text)) >= 7)


def has_personal_data(text: str) -> bool:
    """Whether a sentence holds a personal detail or a link, or describes its author: never a claim."""
    return bool(find(text)) or is_bio_sentence(text)


def remainder(text: str, spans: list[Span]) -> str:
    """The text with every span blanked out by spaces, so offsets still line up."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def is_contact_line(text: str, spans: list[Span], min_words: int) -> bool:
    """A line that is there to give contact details, so whatever else it holds goes with them.

    That is a line that, without its details and links, holds fewer than `min_words` words that are not
    labels; or a short one that opens with a label ("Media desk: …") or holds two personal details or more.
    """
    personal = [s for s in spans if s.is_personal]
    if personal and len(WORD.findall(text)) <= CONTACT_LINE_WORDS and (len(personal) > 1 or _LABEL_LEAD.match(text)):
        return True
    return len(_content_words(remainder(text, spans))) < min_words


def _content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.casefold() not in CONTACT_WORDS]


def pieces(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """The stretches of `text` between spans that hold words, without the punctuation left at their edges."""
    out = []
    cuts = [0, *(x for s in spans for x in (s.start, s.end)), len(text)]
    for start, end in zip(cuts[::2], cuts[1::2]):
        while start < end and (text[start].isspace() or text[start] in ",;:|·•–—-)]>*_"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:|·•–—-([<*_"):
            end -= 1
        # What a cut leaves at the start: the end of the sentence cut ('." We …'), or "and" / "or" / "but".
        if start > 0:
            start += re.match(r"(?:[.!?]+[\"'”’)]*\s+)?(?:(?:and|or|but)\s+)?", text[start:end]).end()
        if WORD.search(text[start:end]):
            out.append((start, end))
    return out


def sentences_of(text: str) -> list[str]:
    """A rough split into sentences, enough to look for a bio sentence inside a short paragraph."""
    return [s for s in _SENTENCE_BREAK.split(text) if s.strip()]


def is_bio_sentence(text: str) -> bool:
    """A sentence that introduces a person as an author ("X is a senior fellow at …", "Follow X on …")."""
    return bool(BIO_START.match(text) or (_BIO_CUE_HINT.search(text, lowered(text)) and BIO_CUE.search(text)))


def is_bio(text: str) -> bool:
    """A short paragraph with a sentence that introduces its author: the whole paragraph is a bio."""
    if len(WORD.findall(text)) > BIO_MAX_WORDS:
        return False
    return any(is_bio_sentence(s) for s in sentences_of(text))


def continues_bio(text: str) -> bool:
    """A short paragraph right after a bio that goes on about the same person ("She previously served …")."""
    if len(WORD.findall(text)) > BIO_MAX_WORDS:
        return False
    return bool(BIO_GOES_ON.search(text) or BIRTH.search(text) or is_bio(text))
