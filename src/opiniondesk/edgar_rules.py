"""EDGAR's rules for an attached document (Filer Manual, Volume II, chapter 5) and a checker for them.

The EDGAR writers, `opiniondesk edgar-check` and the window share these rules; each problem
found names the manual's section it comes from. Read from the EDGAR Filer Manual, Volume II:
"EDGAR Filing", version 75 (June 2025; https://www.sec.gov/files/edgar/filermanual/efmvol2.pdf),
chapter 5, "Constructing Attached Documents and Document Types". No Qt here.
"""

from __future__ import annotations

import heapq
import html.entities
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MANUAL = "EDGAR Filer Manual, Volume II"
MAX_NAME = 32
NAME_EXTENSIONS = (".htm", ".txt", ".pdf", ".fil", ".jpg", ".gif", ".xsd", ".xml")
HTML_EXTENSION, ASCII_EXTENSION = ".htm", ".txt"
ASCII_LINE, ASCII_TABLE_LINE = 80, 132
MAX_CHECKED_BYTES = 64 * 1024 * 1024  # far above any letter; EDGAR's own limit is per submission
MAX_PROBLEMS = 200  # per file: a Word export can break one rule on every line

# ---- the sections cited ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One rule of the manual: its section number and what it requires, in a few words."""

    section: str
    title: str

    def cite(self) -> str:
        """Return how a message cites the rule: "EDGAR Filer Manual, Volume II, 5.1.1"."""
        return f"{MANUAL}, {self.section}"


FILE_NAMES = Rule("5.1.1", "File Naming Standards")
SIGNATURES = Rule("5.1.2", "Statutory Signatures")
ASCII_CHARACTERS = Rule("5.2.1.1", "Valid ASCII Characters (Table 5-1)")
ASCII_SYMBOLS = Rule("5.2.1.2", "Common Symbols that EDGAR Does Not Recognize (Table 5-2)")
ASCII_WORD_PROCESSING = Rule("5.2.1.2.1", "How the Requirement for ASCII Affects Word Processing")
ASCII_TABLES = Rule("5.2.1.4", "Guidelines for Presentation of Tables")
HTML_OVERVIEW = Rule("5.2.2.1", "HTML Overview: no active content, no external references")
HTML_DOCUMENT_TAGS = Rule("5.2.2.2", "Acceptable HTML Document Tags")
HTML_BODY_TAGS = Rule("5.2.2.3", "Acceptable HTML Tags Within a Document Body")
HTML_UNSUPPORTED = Rule("5.2.2.4", "HTML Tags that are NOT Supported by EDGAR")
HTML_ATTRIBUTES = Rule("5.2.2.5", "Acceptable Attributes for EDGAR HTML Tags")
HTML_CHARACTERS = Rule("5.2.2.6", "Extended Character Sets within HTML Documents")
HTML_SGML = Rule("5.2.2.9", "ASCII or SGML Functionality Not Supported within HTML Documents")
HTML_ACTIVE = Rule("5.2.2.10", "SEC Recommendations: no active content")


@dataclass(frozen=True)
class EdgarProblem:
    """One thing EDGAR would refuse: the line (1-based; None for the file as a whole) and the rule."""

    line: int | None
    rule: Rule
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.message} ({self.rule.cite()})"


# ---- characters ---------------------------------------------------------------------------------

# Table 5-1 lists every printable ASCII character but the circumflex, which EDGAR itself puts in
# place of a character it cannot read.
ASCII_ALLOWED = frozenset(chr(c) for c in range(32, 127)) - {"^"}
ASCII_CONTROLS = frozenset("\t\n\r\f")  # tab, line feed, carriage return, form feed (page break)


def _windows_1252() -> frozenset[str]:
    chars = set()
    for byte in range(128, 256):
        try:
            chars.add(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            continue
    return frozenset(chars)


# 5.2.2.6 lets an HTML document carry "extended" characters as ISO-8859-1 (Latin-1) character
# references; its list adds the typographic ones Windows keeps at 128-159 (dagger, bullet,
# trademark, curly quotes and dashes...). Those are the characters a filing copy may hold.
EXTENDED_CHARACTERS = _windows_1252() - {"\xad"}  # a soft hyphen prints nothing: dropped
EDGAR_CHARACTERS = frozenset(chr(c) for c in range(32, 127)) | EXTENDED_CHARACTERS
SMART_PUNCTUATION = {
    "\u2018": "a curly single quote",
    "\u2019": "a curly apostrophe",
    "\u201c": "a curly double quote",
    "\u201d": "a curly double quote",
    "\u2013": "an en dash",
    "\u2014": "an em dash",
}
# Table 5-2's symbols, which an ASCII document spells out.
UNRECOGNIZED_SYMBOLS = {
    "\u00a2": "cent",
    "\u00a3": "pound sterling",
    "\u00a5": "yen",
    "\u2022": "bullet",
    "\u2020": "dagger",
    "\u2021": "double dagger",
    "\u00b6": "paragraph",
    "\u00a7": "section",
    "\u00a9": "copyright",
    "\u00ae": "registered",
    "\u2122": "trademark",
}

# How the ASCII copy writes each character EDGAR's ASCII list lacks: straight quotes, "--" for a
# dash (5.2.1.2.1), Table 5-2's symbols spelled out (5.2.1.2), accented letters without accents.
ASCII_SPELLING = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2039": "'",
    "\u203a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "--",
    "\u2026": "...",
    "\u00a0": " ",
    "\u00ad": "",
    "\u00a7": "Section",
    "\u00b6": "Paragraph",
    "\u00a9": "(C)",
    "\u00ae": "(R)",
    "\u2122": "(TM)",
    "\u00a2": " cents",
    "\u00a3": "GBP ",
    "\u00a5": "JPY ",
    "\u20ac": "EUR ",
    "\u00a4": "",
    "\u2022": "*",
    "\u00b7": "*",
    "\u2020": "*",
    "\u2021": "**",
    "\u2030": " per thousand",
    "\u00b0": " degrees",
    "\u00b1": "+/-",
    "\u00d7": "x",
    "\u00f7": "/",
    "\u00bc": "1/4",
    "\u00bd": "1/2",
    "\u00be": "3/4",
    "\u00b9": "1",
    "\u00b2": "2",
    "\u00b3": "3",
    "\u00aa": "a",
    "\u00ba": "o",
    "\u00b5": "u",
    "\u00a1": "!",
    "\u00bf": "?",
    "\u00a6": "|",
    "\u00ac": "not ",
    "\u02dc": "~",
    "\u02c6": "",
    "\u00a8": "",
    "\u00af": "",
    "\u00b4": "",
    "\u00b8": "",
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u00f0": "d",
    "\u00d0": "D",
    "\u00fe": "th",
    "\u00de": "Th",
    "\u0192": "f",
}


def describe_character(ch: str) -> str:
    """Return a character as counsel can find it: "“ (U+201C LEFT DOUBLE QUOTATION MARK)"."""
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    shown = ch if ch.isprintable() and not unicodedata.category(ch).startswith("C") else ""
    inner = f"{code} {name}" if name else code
    return f"{shown} ({inner})" if shown else inner


def uncarried_characters(text: str, ascii_copy: bool = False) -> list[str]:
    """Return the characters of `text` an EDGAR filing copy cannot carry, each once, in order.

    An HTML copy carries ASCII and the extended characters of 5.2.2.6; an ASCII copy spells those
    out, but has no circumflex (Table 5-1). Line breaks and tabs stand for layout.
    """
    seen: dict[str, None] = {}
    for ch in text:
        if ch in "\n\t" or (ch in EDGAR_CHARACTERS and not (ascii_copy and ch == "^")):
            continue
        seen.setdefault(ch, None)
    return list(seen)


def ascii_spelling(ch: str) -> str:
    """Return how the ASCII copy writes a character EDGAR can carry (itself, if ASCII)."""
    if ch in ASCII_ALLOWED or ch == "\n":
        return ch
    if ch == "\t":
        return " "
    if ch in ASCII_SPELLING:
        return ASCII_SPELLING[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base and all(c in ASCII_ALLOWED for c in base):
        return base
    raise ValueError(f"EDGAR has no ASCII spelling for {describe_character(ch)}")


def to_ascii(text: str) -> str:
    """Return text spelled with EDGAR's ASCII characters only (see `ascii_spelling`)."""
    return "".join(ascii_spelling(ch) for ch in text)


def character_reference(ch: str) -> str:
    """Return an extended character as the decimal character reference 5.2.2.6 asks for."""
    return f"&#{ord(ch)};"


# ---- file names ---------------------------------------------------------------------------------

_NAME_CHARS = re.compile(r"[A-Za-z0-9._-]*")


def check_file_name(name: str, extension: str | None = None) -> list[EdgarProblem]:
    """Check a document's file name against 5.1.1 (and the extension its kind needs, if given).

    5.1.1: at most 32 characters, starting with a letter or digit, then letters, digits, periods,
    hyphens and underscores only (no spaces), ending in one of EDGAR's extensions.
    """
    problems: list[EdgarProblem] = []

    def bad(message: str, rule: Rule = FILE_NAMES) -> None:
        problems.append(EdgarProblem(None, rule, message))

    if len(name) > MAX_NAME:
        bad(f"the name has {len(name)} characters; EDGAR takes at most {MAX_NAME}")
    if not name or not name[0].isascii() or not name[0].isalnum():
        bad("the name must start with a letter (a-z) or a digit (0-9)")
    if " " in name:
        bad("the name may not contain spaces")
    others = sorted({c for c in name if c != " " and not _NAME_CHARS.fullmatch(c)})
    if others:
        shown = " ".join(others)
        bad(f"the name holds {shown}: only letters, digits, '.', '-' and '_' are allowed")
    suffix = Path(name).suffix.lower() if "." in name else ""
    if suffix not in NAME_EXTENSIONS:
        allowed = ", ".join(NAME_EXTENSIONS)
        bad(f"the name must end in one of {allowed}")
    elif extension and suffix != extension:
        kind = "an HTML document" if extension == HTML_EXTENSION else "an ASCII document"
        rule = HTML_OVERVIEW if extension == HTML_EXTENSION else FILE_NAMES
        bad(f"{kind} is named *{extension}", rule)
    return problems


def default_file_name(exhibit_number: str, extension: str) -> str:
    """Return the usual EDGAR name of an exhibit: "ex5-1.htm" for Exhibit 5.1 (5.1.1 compliant)."""
    stem = re.sub(r"[^a-z0-9]+", "-", exhibit_number.strip().lower()).strip("-") or "5-1"
    name = f"ex{stem}"[: MAX_NAME - len(extension)]
    return name + extension


# ---- HTML ---------------------------------------------------------------------------------------

DOCUMENT_TAGS = frozenset({"html", "head", "body", "title", "meta", "isindex"})  # 5.2.2.2
BODY_TAGS = frozenset(  # 5.2.2.3
    {
        "a",
        "address",
        "b",
        "big",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "dd",
        "dfn",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "listing",
        "menu",
        "ol",
        "p",
        "plaintext",
        "pre",
        "samp",
        "small",
        "strike",
        "strong",
        "sub",
        "sup",
        "table",
        "td",
        "th",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "xmp",
    }
)
SGML_TAGS = frozenset({"page", "r"})  # 5.2.2.8: <PAGE> and the redline tags stay allowed
SGML_REFUSED = frozenset({"s", "c", "fn"} | {f"f{n}" for n in range(1, 100)})  # 5.2.2.9
ACTIVE_TAGS = frozenset({"script", "applet", "object", "embed", "iframe", "frame", "frameset"})
NAMED_UNSUPPORTED = frozenset(  # 5.2.2.4, named
    {
        "acronym",
        "area",
        "base",
        "basefont",
        "bdo",
        "button",
        "col",
        "colgroup",
        "del",
        "fieldset",
        "form",
        "input",
        "ins",
        "label",
        "legend",
        "map",
        "noframes",
        "noscript",
        "option",
        "param",
        "q",
        "s",
        "select",
        "span",
        "tbody",
        "textarea",
        "tfoot",
        "thead",
    }
)
# 5.2.2.5's attributes, with the HTML 3.2/4.0 attributes of the tags 5.2.2.3 accepts ("all HTML
# attributes are supported for each HTML tag listed, unless otherwise specified").
CORE_ATTRIBUTES = frozenset({"id", "class", "style", "title", "lang", "dir", "xml:lang"})
TAG_ATTRIBUTES = {
    "html": {"version", "xmlns"},
    "body": {"bgcolor", "text", "link", "vlink", "alink"},
    "meta": {"name", "content", "scheme"},
    "isindex": {"prompt"},
    "a": {"href", "name", "rel", "rev"},
    "img": {"src", "alt", "align", "height", "width", "border", "hspace", "vspace"},
    "br": {"clear"},
    "font": {"size", "color", "face"},
    "p": {"align"},
    "div": {"align"},
    "h1": {"align"},
    "h2": {"align"},
    "h3": {"align"},
    "h4": {"align"},
    "h5": {"align"},
    "h6": {"align"},
    "caption": {"align", "valign"},
    "hr": {"align", "noshade", "size", "width", "color"},
    "table": {"align", "width", "border", "cellspacing", "cellpadding", "bgcolor", "summary"},
    "tr": {"align", "valign", "bgcolor", "height"},
    "td": {"align", "valign", "width", "height", "nowrap", "rowspan", "colspan", "bgcolor"},
    "th": {"align", "valign", "width", "height", "nowrap", "rowspan", "colspan", "bgcolor"},
    "ul": {"type", "compact"},
    "ol": {"type", "start", "compact"},
    "li": {"type", "value"},
    "dl": {"compact"},
    "dir": {"compact"},
    "menu": {"compact"},
    "pre": {"width"},
    "listing": {"width"},
    "xmp": {"width"},
}
REFUSED_ATTRIBUTES = {
    ("body", "background"): (HTML_DOCUMENT_TAGS, "a background image"),
    ("meta", "http-equiv"): (HTML_DOCUMENT_TAGS, "HTTP-EQUIV"),
    ("a", "target"): (HTML_BODY_TAGS, "TARGET"),
    ("img", "dynsrc"): (HTML_BODY_TAGS, "DYNSRC"),
    ("img", "loop"): (HTML_BODY_TAGS, "LOOP"),
    ("img", "loopdelay"): (HTML_BODY_TAGS, "LOOPDELAY"),
    ("img", "start"): (HTML_BODY_TAGS, "START"),
    ("img", "controls"): (HTML_BODY_TAGS, "CONTROLS"),
}
SEC_LINK = re.compile(
    r"https?://www\.sec\.gov/(Archives/edgar/data/|ix\?doc=/Archives/edgar/data/)", re.I
)
LOCAL_LINK_EXTENSIONS = (".htm", ".txt", ".pdf")
LOCAL_IMAGE_EXTENSIONS = (".gif", ".jpg", ".jpeg")
ACTIVE_CSS = re.compile(
    r"url\s*\(|expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|@import", re.I
)
SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)
# Legacy entity names a browser reads without their semicolon (5.2.2.6 itself writes "&#163"
# and "&ltR&gt").
_BARE_ENTITIES = sorted(
    (k.rstrip(";") for k in html.entities.html5 if not k.endswith(";")), key=len, reverse=True
)


def _reference_problem(code: int, shown: str) -> str | None:
    if code in (9, 10, 13):
        return None
    if 128 <= code <= 159:
        # The manual's own list writes Windows' typographic characters at these numbers.
        try:
            ch = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return f"the character reference {shown} names no character"
        return None if ch in EDGAR_CHARACTERS else f"{shown} is not a character EDGAR lists"
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return f"the character reference {shown} names no character"
    ch = chr(code)
    if ch in EDGAR_CHARACTERS:
        return None
    return (
        f"the character reference {shown} stands for {describe_character(ch)}, outside the "
        "ISO-8859-1 (Latin-1) characters EDGAR lists"
    )


def _link_kind(value: str) -> str:
    scheme = SCHEME.match(value)
    if scheme:
        return scheme.group(1).lower()
    if value.startswith("//"):
        return "network path"
    return ""


class _HtmlChecker(HTMLParser):
    """Walks an HTML document as EDGAR reads it, collecting a problem per rule broken."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(convert_charrefs=False)
        self.folder = folder
        self.found: list[_Finding] = []  # problems, made only when they are shown
        self.tables = 0

    def bad(self, rule: Rule, message: str) -> None:
        line = self.getpos()[0]
        self.found.append((line, EdgarProblem, (rule, message)))

    # ---- tags -------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = f"<{tag}>"
        if tag in ACTIVE_TAGS:
            self.bad(HTML_OVERVIEW, f"{shown} is active content, which EDGAR refuses")
        elif tag == "style":
            self.bad(
                HTML_UNSUPPORTED,
                "<style> is a style sheet: EDGAR takes only style attributes on the tags",
            )
        elif tag == "link":
            self.bad(HTML_UNSUPPORTED, "<link> refers to a style sheet or other file")
        elif tag in SGML_REFUSED:
            self.bad(HTML_SGML, f"the ASCII/SGML tag <{tag.upper()}> is not allowed in HTML")
        elif tag in NAMED_UNSUPPORTED:
            self.bad(HTML_UNSUPPORTED, f"{shown} is not supported by EDGAR")
        elif tag not in DOCUMENT_TAGS and tag not in BODY_TAGS and tag not in SGML_TAGS:
            self.bad(HTML_UNSUPPORTED, f"{shown} is not one of the tags EDGAR accepts")
        if tag == "table":
            if self.tables:
                self.bad(
                    HTML_OVERVIEW,
                    "a <table> nested inside another table: EDGAR refuses nested tables",
                )
            self.tables += 1
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "table":
            self.tables = max(0, self.tables - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.tables = max(0, self.tables - 1)

    def handle_decl(self, decl: str) -> None:
        word = decl.split()[0].upper() if decl.split() else decl
        self.bad(HTML_UNSUPPORTED, f"<!{word}> is not supported by EDGAR")

    def unknown_decl(self, data: str) -> None:
        self.bad(HTML_UNSUPPORTED, f"<![{data[:20]}]> is not one of the tags EDGAR accepts")

    def handle_pi(self, data: str) -> None:
        self.bad(HTML_UNSUPPORTED, f"<?{data[:20]}> is not one of the tags EDGAR accepts")

    # ---- attributes -------------------------------------------------------------------------

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.bad(HTML_UNSUPPORTED, f"the event handler {name.upper()} on <{tag}> is active")
            return
        refused = REFUSED_ATTRIBUTES.get((tag, name))
        if refused:
            rule, what = refused
            self.bad(rule, f"{what} is not allowed on <{tag}>")
            return
        if "javascript:" in value.lower() or "vbscript:" in value.lower():
            self.bad(HTML_ACTIVE, f"the {name.upper()} of <{tag}> runs a script")
            return
        allowed = name in CORE_ATTRIBUTES or name in TAG_ATTRIBUTES.get(tag, ())
        if not allowed and (tag in DOCUMENT_TAGS or tag in BODY_TAGS):
            self.bad(HTML_ATTRIBUTES, f"the attribute {name.upper()} is not accepted on <{tag}>")
        if name == "style" and ACTIVE_CSS.search(value):
            self.bad(HTML_OVERVIEW, f"the style of <{tag}> refers outside the document")
        if tag == "a" and name == "href":
            self._href(value.strip())
        if tag == "img" and name == "src":
            self._src(value.strip())

    def _href(self, value: str) -> None:
        kind = _link_kind(value)
        if value.startswith("#") or SEC_LINK.match(value):
            return
        if kind or "/" in value or "\\" in value:
            what = {"mailto": "a mailto: link", "ftp": "an ftp: link"}.get(kind, "")
            self.bad(
                HTML_BODY_TAGS if what else HTML_OVERVIEW,
                f"{what or 'a link outside the submission'} ({value[:80]}): links may go only "
                "to documents of the same submission or to filings on www.sec.gov",
            )
            return
        name = value.split("#", 1)[0]
        if not name.lower().endswith(LOCAL_LINK_EXTENSIONS) or check_file_name(name):
            self.bad(HTML_BODY_TAGS, f"the link {value[:80]} names no document EDGAR can hold")
        elif self.folder is not None and not (self.folder / name).is_file():
            self.bad(
                HTML_OVERVIEW, f"the link {name} is not resolved: no such document beside this one"
            )

    def _src(self, value: str) -> None:
        kind = _link_kind(value)
        if kind == "data":
            self.bad(HTML_OVERVIEW, "an image embedded in the document (data:) is not allowed")
        elif kind or value.startswith("//") or "/" in value or "\\" in value:
            self.bad(HTML_OVERVIEW, f"an external image ({value[:80]}) is an external reference")
        elif not value.lower().endswith(LOCAL_IMAGE_EXTENSIONS):
            self.bad(HTML_BODY_TAGS, f"the image {value[:80]} is not a JPEG or GIF file")
        elif self.folder is not None and not (self.folder / value).is_file():
            self.bad(
                HTML_OVERVIEW, f"the image {value} is not resolved: no such file beside this one"
            )

    # ---- characters -------------------------------------------------------------------------

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
        except ValueError:
            self.bad(HTML_CHARACTERS, f"&#{name}; is not a character reference")
            return
        problem = _reference_problem(code, f"&#{name};")
        if problem:
            self.bad(HTML_CHARACTERS, problem)

    def handle_entityref(self, name: str) -> None:
        code = html.entities.name2codepoint.get(name)
        if code is None:
            if any(name.startswith(bare) for bare in _BARE_ENTITIES):
                return
            self.bad(HTML_CHARACTERS, f"&{name}; is not an HTML character entity")
            return
        problem = _reference_problem(code, f"&{name};")
        if problem:
            self.bad(HTML_CHARACTERS, problem)


# A problem found, made into an EdgarProblem only if it is shown: (line, maker, the maker's other
# arguments). A file may break a rule on each of a million lines; only MAX_PROBLEMS are shown.
_Finding = tuple[int, Callable[..., EdgarProblem], tuple]
_ALLOWED_CLASS = "\\x20-\\x7e" + "".join(f"\\x{ord(c):02x}" for c in sorted(ASCII_CONTROLS))
_BAD_BYTE_RE = re.compile(f"[^{_ALLOWED_CLASS}]".encode())
_BAD_CHAR_RE = re.compile(f"[^{_ALLOWED_CLASS}]")


def _made(finding: _Finding) -> EdgarProblem:
    line, make, args = finding
    return make(line, *args)


def _character_problem(line: int, ch: str, column: int, html_document: bool) -> EdgarProblem:
    return EdgarProblem(line, *_character_rule(ch, column, html_document))


def _character_findings(lines: list[bytes], html_document: bool) -> Iterator[_Finding]:
    """Yield a problem per line and character EDGAR refuses (non-ASCII, or a stray control), in
    line order, each at the column where it first stands."""
    for number, raw in enumerate(lines, start=1):
        if _BAD_BYTE_RE.search(raw) is None:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        found: dict[str, int] = {}
        for bad in _BAD_CHAR_RE.finditer(text):
            found.setdefault(bad.group(), bad.start() + 1)
        for ch, column in found.items():
            yield number, _character_problem, (ch, column, html_document)


def _character_rule(ch: str, column: int, html_document: bool) -> tuple[Rule, str]:
    shown = describe_character(ch)
    if ord(ch) < 32 or ord(ch) == 127:
        return ASCII_CHARACTERS, f"column {column}: the control character {shown} is not allowed"
    if html_document:
        return (
            HTML_CHARACTERS,
            f"column {column}: {shown} is written as it is; EDGAR takes characters outside "
            "ASCII only as character references (&#NNN;)",
        )
    if ch in SMART_PUNCTUATION:
        return (
            ASCII_WORD_PROCESSING,
            f"column {column}: {SMART_PUNCTUATION[ch]} {shown}; EDGAR reads smart quotes, en and "
            "em dashes as invalid ASCII (use ' or \" and -- instead)",
        )
    if ch in UNRECOGNIZED_SYMBOLS:
        return (
            ASCII_SYMBOLS,
            f"column {column}: {shown} is not recognized; spell out '{UNRECOGNIZED_SYMBOLS[ch]}'",
        )
    return ASCII_CHARACTERS, f"column {column}: {shown} is not in EDGAR's ASCII characters"


def check_html(data: bytes, folder: Path | None = None) -> list[EdgarProblem]:
    """Check an HTML document against 5.2.2 (tags, attributes, references, characters).

    With `folder`, local links and images must name files in it (the submission's documents).
    """
    return [_made(f) for f in _html_findings(data, data.split(b"\n"), folder)]


def _html_findings(data: bytes, lines: list[bytes], folder: Path | None) -> Iterator[_Finding]:
    checker = _HtmlChecker(folder)
    checker.feed(data.decode("utf-8", errors="replace"))
    checker.close()
    tags = sorted(checker.found, key=lambda f: f[0] or 0)
    # In line order; on one line the characters first, as a stable sort of the two would give.
    return heapq.merge(_character_findings(lines, True), tags, key=lambda f: f[0] or 0)


_TABLE_START = re.compile(rb"^\s*<TABLE>", re.I)
_TABLE_END = re.compile(rb"^\s*</TABLE>", re.I)


def check_ascii(data: bytes) -> list[EdgarProblem]:
    """Check an ASCII document against 5.2.1: Table 5-1's characters, 80 columns (132 in tables)."""
    return [_made(f) for f in _ascii_findings(data.split(b"\n"))]


def _ascii_findings(lines: list[bytes]) -> Iterator[_Finding]:
    """Yield an ASCII document's problems in line order: on each line its characters, then a
    circumflex, then its length."""
    characters = _character_findings(lines, False)
    pending = next(characters, None)
    in_table = False
    for number, raw in enumerate(lines, start=1):
        while pending is not None and pending[0] == number:
            yield pending
            pending = next(characters, None)
        column = raw.find(b"^")
        if column >= 0:
            message = f"column {column + 1}: the circumflex ^ is not in EDGAR's ASCII characters"
            yield number, EdgarProblem, (ASCII_CHARACTERS, message)
        if _TABLE_START.match(raw):
            in_table = True
        line = raw.rstrip(b"\r")
        limit = ASCII_TABLE_LINE if in_table else ASCII_LINE
        if len(line) <= limit:
            width = len(line)  # no wider in characters than in bytes
        else:
            try:
                width = len(line.decode("utf-8"))
            except UnicodeDecodeError:
                width = len(line)
        if width > limit:
            rule = ASCII_TABLES if in_table else ASCII_WORD_PROCESSING
            where = " inside <TABLE>" if in_table else ""
            message = f"the line has {width} characters{where}; EDGAR takes {limit}"
            yield number, EdgarProblem, (rule, message)
        if _TABLE_END.match(raw):
            in_table = False


def looks_like_html(data: bytes) -> bool:
    """Return whether a document is HTML (for a file whose name does not say)."""
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<html", b"<!doctype", b"<?xml", b"<head", b"<body")) or (
        b"<html" in head or b"<body" in head
    )


def check_document(name: str, data: bytes, folder: Path | None = None) -> list[EdgarProblem]:
    """Check one exhibit: its name (5.1.1), then its contents as HTML or ASCII by its extension.

    At most MAX_PROBLEMS problems are given, then one saying how many more there are (counted,
    not made: a file may break a rule on each of a million lines).
    """
    as_html = Path(name).suffix.lower() == HTML_EXTENSION or looks_like_html(data)
    problems = check_file_name(name, HTML_EXTENSION if as_html else ASCII_EXTENSION)
    lines = data.split(b"\n")
    found = _html_findings(data, lines, folder) if as_html else _ascii_findings(lines)
    more = 0
    for finding in found:
        if len(problems) > MAX_PROBLEMS:
            more += 1
        else:
            problems.append(_made(finding))
    if len(problems) > MAX_PROBLEMS:
        left = len(problems) - MAX_PROBLEMS + more
        problems = problems[:MAX_PROBLEMS] + [
            EdgarProblem(None, problems[MAX_PROBLEMS].rule, f"and {left} more problems")
        ]
    return problems
