"""What every reader hands to the part recogniser: the precedent's paragraphs, in reading order.

A reader knows its format (a Word paragraph, an HTML element, a wrapped line of an EDGAR text
file); it does not know a letter. It gives back `Para`s: the runs of one paragraph with their
marks and line breaks, the page it starts on, and what the format says of it (a list label, a
style name, its alignment). `parts.recognise` then says which part of the letter each one is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.errors import OpinionDeskError
from ..core.model import Inline, LineBreak, PageNumber, Text
from ..core.template_files import MAX_FILE_BYTES

# A template holds every word of the letter it is made from, and more: a letter whose text is
# longer than a template file may be can never become one, so the readers refuse it as they find
# it (before its facts are sought, which takes time growing with its length).
MAX_LETTER_CHARS = MAX_FILE_BYTES
_CHUNK = 64 * 1024


def too_long(source: str) -> OpinionDeskError:
    """Return the error for a precedent with more text than a template may hold."""
    return OpinionDeskError(
        f"has more than {MAX_LETTER_CHARS:,} characters of text, more than a template made from "
        "it may hold; import the opinion letter alone",
        source,
    )


class LetterLength:
    """The characters of a letter a reader has found so far; raises (`too_long`) once they are
    more than MAX_LETTER_CHARS, so a reader stops as soon as it has read too much."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.chars = 0

    def add(self, text: str) -> None:
        """Count a paragraph's text."""
        self.chars += len(text)
        if self.chars > MAX_LETTER_CHARS:
            raise too_long(self.source)

    def add_raw(self, text: str) -> None:
        """Count a raw text's characters other than white space (its lines are not yet unwrapped
        into paragraphs); stops counting as soon as there are too many."""
        for start in range(0, len(text), _CHUNK):
            self.chars += sum(map(len, text[start : start + _CHUNK].split()))
            if self.chars > MAX_LETTER_CHARS:
                raise too_long(self.source)


_SPACES_RE = re.compile(r"[ \t\r\n\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# Characters a letter never holds: invisible ones, and controls a DOCX cannot carry. Bidirectional
# overrides are dropped too (they can make text read otherwise than it is).
_DROP_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)
_NO_MARKS: frozenset[str] = frozenset()
LINE_BREAK = LineBreak()


def clean(text: str) -> str:
    """Return text with invisible and control characters dropped and white space made single."""
    return _SPACES_RE.sub(" ", _DROP_RE.sub("", text))


@dataclass
class Para:
    """One paragraph as a reader found it.

    `inlines` holds `Text` runs (their marks: "em", "strong", "u") and `LineBreak`s; white space is
    already single and never starts or ends a line. `label` is a list label the format supplied
    (Word numbering, an HTML list) or that was typed before the text ("1.", "(a)"); it is not in
    `inlines`. `page` counts from 0; `style` is the DOCX style name; `align` the alignment the
    format gave; `group` numbers the block of lines (between blank lines) a text line came from.
    """

    inlines: list[Inline] = field(default_factory=list)
    page: int = 0
    label: str = ""
    style: str = ""
    align: str = ""
    group: int = 0

    @property
    def text(self) -> str:
        """Return the paragraph's text, line breaks as newlines (the label left out)."""
        return "".join(i.text for i in self.inlines)

    def lines(self) -> list[Para]:
        """Return one paragraph per line of this one (itself when it has no line breaks)."""
        if not any(i is LINE_BREAK or isinstance(i, LineBreak) for i in self.inlines):
            return [self]
        out: list[Para] = []
        current: list[Inline] = []
        for inline in self.inlines:
            if isinstance(inline, LineBreak):
                out.append(self._like(current, not out))
                current = []
            else:
                current.append(inline)
        out.append(self._like(current, not out))
        return [p for p in out if p.inlines]

    def _like(self, inlines: list[Inline], first: bool) -> Para:
        return Para(
            inlines, self.page, self.label if first else "", self.style, self.align, self.group
        )


class InlineBuffer:
    """Collects runs (text with marks, line breaks) and gives back tidy inlines: neighbouring runs
    with the same marks joined, white space single, none at the start or end of a line."""

    def __init__(self) -> None:
        self.items: list[list | Inline] = []

    def text(self, text: str | None, marks: frozenset[str] = _NO_MARKS) -> None:
        """Add text with its marks."""
        if not text:
            return
        text = clean(text)
        if not text:
            return
        last = self.items[-1] if self.items else None
        if isinstance(last, list) and last[1] == marks:
            last[0] += text
        else:
            self.items.append([text, marks])

    def line_break(self) -> None:
        """Add a line break."""
        self.items.append(LINE_BREAK)

    def page_number(self) -> None:
        """Add the page number (a header's PAGE field)."""
        self.items.append(PageNumber())

    def empty(self) -> bool:
        """Return whether nothing but white space was added."""
        return not any(
            isinstance(i, PageNumber) or (isinstance(i, list) and i[0].strip()) for i in self.items
        )

    def finish(self) -> list[Inline]:
        """Return the inlines and start afresh."""
        items, self.items = self.items, []
        return tidy(items)


def tidy(items: list) -> list[Inline]:
    """Return runs as inlines: single spaces, none at a line's ends, no empty line at either end."""
    out: list = []
    for item in items:
        if isinstance(item, list | Text):
            text, marks = (item[0], item[1]) if isinstance(item, list) else (item.text, item.marks)
            text = clean(text)
            prev = out[-1] if out else None
            if prev is None or isinstance(prev, LineBreak):
                text = text.lstrip(" ")
            elif isinstance(prev, list) and prev[0].endswith(" ") and text.startswith(" "):
                text = text[1:]
            if not text:
                continue
            if isinstance(prev, list) and prev[1] == marks:
                prev[0] += text
            else:
                out.append([text, marks])
        elif isinstance(item, LineBreak):
            _rstrip_last(out)
            if out and not isinstance(out[-1], LineBreak):
                out.append(LINE_BREAK)
        else:
            out.append(item)
    _rstrip_last(out)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
        _rstrip_last(out)
    return [Text(x[0], x[1]) if isinstance(x, list) else x for x in out]


def _rstrip_last(out: list) -> None:
    while out and isinstance(out[-1], list):
        out[-1][0] = out[-1][0].rstrip(" ")
        if out[-1][0]:
            return
        out.pop()


def slice_inlines(inlines: list[Inline], start: int, end: int | None = None) -> list[Inline]:
    """Return the inlines covering characters `start` to `end` of their text (line break: one)."""
    out: list[Inline] = []
    pos = 0
    for inline in inlines:
        size = len(inline.text)
        a, b = max(start - pos, 0), size if end is None else min(end - pos, size)
        if a < b:
            if isinstance(inline, Text):
                out.append(Text(inline.text[a:b], inline.marks, inline.fact))
            else:
                out.append(inline)
        pos += size
    return tidy(out)


Cell = tuple[int, int, list[Para]]  # rows spanned, columns spanned, the cell's paragraphs
MAX_SPAN = 50


def table_paras(rows: list[list[Cell]]) -> list[Para]:
    """Return a layout table's paragraphs in reading order.

    Row by row, as a rule: a row whose cells hold one paragraph each is one paragraph (a number
    cell and its text cell, a name and a page number). A letterhead grid beside the letter (a
    first column mostly empty, the other columns full of short lines: a firm's offices) is read
    column by column instead, so the date and addressee in its first column stay together.
    """
    grid: dict[tuple[int, int], list[Para]] = {}
    taken: set[tuple[int, int]] = set()
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for rowspan, colspan, paras in row:
            while (r, c) in taken:
                c += 1
            rowspan, colspan = max(1, min(rowspan, MAX_SPAN)), max(1, min(colspan, MAX_SPAN))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            grid[(r, c)] = paras
            c += colspan
            width = max(width, c)
    filled_rows = [r for r in range(len(rows)) if any(grid.get((r, c)) for c in range(width))]
    first_empty = sum(1 for r in filled_rows if not grid.get((r, 0)))
    if len(filled_rows) >= 5 and width >= 2 and first_empty * 2 >= len(filled_rows):
        return [p for c in range(width) for r in range(len(rows)) for p in grid.get((r, c), [])]
    out: list[Para] = []
    for r in range(len(rows)):
        out += join_cells([grid[(r, c)] for c in range(width) if (r, c) in grid])
    return out


def join_cells(cells: list[list[Para]]) -> list[Para]:
    """A table row as paragraphs: one, its cells side by side, when each cell holds at most one
    paragraph (a label and its text, a date); else each cell's paragraphs in turn."""
    filled = [c for c in cells if c]
    if not filled:
        return []
    if len(filled) > 1 and all(len(c) == 1 for c in filled):
        inlines: list = []
        for n, cell in enumerate(filled):
            if n:
                inlines.append(Text(" "))
            if cell[0].label:
                inlines.append(Text(cell[0].label + " "))
            inlines.extend(cell[0].inlines)
        first = filled[0][0]
        return [Para(tidy(inlines), first.page, "", first.style, first.align, first.group)]
    return [p for cell in filled for p in cell]
