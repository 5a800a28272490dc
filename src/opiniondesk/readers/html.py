"""The HTML reader: an exhibit as EDGAR serves it (`.htm`), or a letter saved from a browser.

lxml parses the HTML (never a hand-written parser; no network, no entities resolved); the reader
walks the body, making a paragraph of each block element (p, div, li, headings), keeping bold,
italic and underline from tags and inline styles, `<br>` as line breaks, and reading the tables
EDGAR uses for layout row by row (a number cell and its text cell are one paragraph). Page breaks
(`page-break-before/after`, `<hr>`) are counted, so the part recogniser can drop page numbers
and find the continuation header at the top of later pages.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..core.errors import OpinionDeskError
from .paragraphs import Cell, InlineBuffer, LetterLength, Para, table_paras

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote center pre address section article "
    "header footer form caption table tbody thead tfoot tr body html main nav aside figure "
    "figcaption".split()
)
_SKIP = frozenset("head title script style noscript template object iframe svg math img".split())
_MARKS = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "cite": "em", "u": "u"}
_BREAK_BEFORE_RE = re.compile(r"page-break-before\s*:\s*always|break-before\s*:\s*page", re.I)
_BREAK_AFTER_RE = re.compile(r"page-break-after\s*:\s*always|break-after\s*:\s*page", re.I)
_BOLD_RE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_ITALIC_RE = re.compile(r"font-style\s*:\s*italic", re.I)
_UNDERLINE_RE = re.compile(r"text-decoration[\w-]*\s*:[^;]*underline", re.I)
_ALIGN_RE = re.compile(r"text-align\s*:\s*(\w+)", re.I)
MAX_DEPTH = 250


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.page = 0
        self.paras: list[Para] = []
        self.buf = InlineBuffer()
        self.align = ""
        self.broken_at = 0
        self.length = LetterLength(source)

    def break_page(self) -> None:
        """Start a new page, unless nothing stands on the current one yet (an `<hr>` inside a
        page-break `<div>` is one break, not two)."""
        self.flush()
        if len(self.paras) > self.broken_at:
            self.page += 1
            self.broken_at = len(self.paras)

    def flush(self) -> None:
        if not self.buf.empty():
            self.paras.append(Para(self.buf.finish(), page=self.page, align=self.align))
            self.length.add(self.paras[-1].text)
        else:
            self.buf.finish()

    def walk(self, el: etree._Element, marks: frozenset[str], depth: int) -> None:
        if depth > MAX_DEPTH:
            raise OpinionDeskError("is nested too deeply to be a letter", self.source)
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        style = el.get("style", "")
        if tag == "br":
            self.buf.line_break()
            return
        if tag == "hr":
            self.break_page()
            return
        if tag in _MARKS:
            marks = marks | {_MARKS[tag]}
        if style:
            if _BOLD_RE.search(style):
                marks = marks | {"strong"}
            if _ITALIC_RE.search(style):
                marks = marks | {"em"}
            if _UNDERLINE_RE.search(style):
                marks = marks | {"u"}
        block = tag in _BLOCKS or tag in ("td", "th")
        if block:
            self.flush()
            if _BREAK_BEFORE_RE.search(style):
                self.break_page()
            align = el.get("align") or (
                _ALIGN_RE.search(style).group(1) if _ALIGN_RE.search(style) else ""
            )
            if align:
                self.align = align.lower()
        if tag == "table":
            self.table(el, marks, depth)
        else:
            self.buf.text(el.text, marks)
            for child in el:
                self.walk(child, marks, depth + 1)
                self.buf.text(child.tail, marks)
        if block:
            self.flush()
            self.align = ""
            if _BREAK_AFTER_RE.search(style):
                self.break_page()

    def table(self, table: etree._Element, marks: frozenset[str], depth: int) -> None:
        rows: list[list[Cell]] = []
        for row in table.iter("tr"):
            if next((a for a in row.iterancestors("table")), None) is not table:
                continue
            cells: list[Cell] = []
            for cell in row:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                inner = _Walker(self.source)
                inner.page = self.page
                inner.walk(cell, marks, depth + 1)
                inner.flush()
                if inner.page > self.page:
                    self.flush()
                    self.page, self.broken_at = inner.page, len(self.paras)
                cells.append((_span(cell, "rowspan"), _span(cell, "colspan"), inner.paras))
            rows.append(cells)
        self.paras += table_paras(rows)


def _span(cell: etree._Element, name: str) -> int:
    try:
        return int(cell.get(name, "1"))
    except ValueError:
        return 1


def read_html(text: str, source: str) -> list[Para]:
    """Return the paragraphs of an HTML letter, page by page."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        raise OpinionDeskError("has no text in its body", source) from None
    body = root.find("body")
    walker = _Walker(source)
    walker.walk(body if body is not None else root, frozenset(), 0)
    walker.flush()
    return walker.paras
