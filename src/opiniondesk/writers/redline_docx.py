"""The redline DOCX writer: a `Redline` as a Word file with real tracked changes.

Insertions and deletions are `w:ins` and `w:del` (deleted words in `w:delText`), formatting
changes `w:rPrChange`, and a paragraph added or removed whole carries a `w:ins`/`w:del` in its
paragraph mark's run properties, each with `w:author` and `w:date`: Word and LibreOffice show them
in their review panes, and accepting every change gives the new letter, rejecting every change the
old one. Styles, page and headers come from the letterhead, as in `writers/docx.py`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from ..core.model import Inline, LineBreak, PageNumber, Placeholder, Text
from ..core.redline import DEL, FMT, INS, Piece, RedBlock, Redline
from . import docx as docx_writer
from .styles import DRAFT_STYLE, PLACEHOLDER_STYLE, STYLE_FOR_KIND, header_style

DEFAULT_AUTHOR = "OpinionDesk"


class _Writer:
    """Writes one redline's paragraphs, numbering its revisions across the document."""

    def __init__(self, author: str, date: str, ids: dict[str, str]) -> None:
        self.author = docx_writer.esc(author)
        self.date = date
        self.ids = ids
        self.counter = itertools.count(1)

    def _attrs(self) -> str:
        return f'w:id="{next(self.counter)}" w:author="{self.author}" w:date="{self.date}"'

    def run(
        self,
        inline: Inline,
        change: str = "",
        old_marks: frozenset[str] = frozenset(),
        deleted: bool = False,
    ) -> str:
        """Return one run of a piece of the redline, in its own w:ins or w:del if `change` says;
        `deleted` writes its text as deleted text (inside a w:del around several runs)."""
        deleted = deleted or change == DEL
        if isinstance(inline, PageNumber):
            xml = docx_writer.field("PAGE", "2", deleted)
        elif isinstance(inline, LineBreak):
            xml = "<w:r><w:br/></w:r>"
        else:
            if isinstance(inline, Placeholder):
                style = self.ids.get(PLACEHOLDER_STYLE)
                props = docx_writer.run_properties(frozenset({"placeholder"}), style)
            else:
                props = docx_writer.run_properties(
                    inline.marks if isinstance(inline, Text) else frozenset()
                )
            if change == FMT:
                old = docx_writer.run_properties(old_marks)
                props += f"<w:rPrChange {self._attrs()}><w:rPr>{old}</w:rPr></w:rPrChange>"
            xml = docx_writer.text_run(inline.text, props, "w:delText" if deleted else "w:t")
        if change == INS:
            return f"<w:ins {self._attrs()}>{xml}</w:ins>"
        if change == DEL:
            return f"<w:del {self._attrs()}>{xml}</w:del>"
        return xml

    def pieces(self, pieces: tuple[Piece, ...]) -> str:
        """Return the runs of a paragraph's pieces, neighbouring insertions (or deletions) in one
        w:ins (or w:del), so Word lists each change once."""
        out = []
        for change, group in itertools.groupby(pieces, key=lambda p: p.change):
            runs = "".join(
                self.run(
                    p.inline, "" if change in (INS, DEL) else change, p.old_marks, change == DEL
                )
                for p in group
            )
            if change in (INS, DEL):
                runs = f"<w:{change} {self._attrs()}>{runs}</w:{change}>"
            out.append(runs)
        return "".join(out)

    def paragraph(self, style: str | None, content: str, mark: str = "") -> str:
        """Return a paragraph; `mark` "ins" or "del" tracks its paragraph mark too."""
        return docx_writer.paragraph(
            style, content, mark=f"<w:{mark} {self._attrs()}/>" if mark else ""
        )

    def block(self, red: RedBlock, mark: str) -> str:
        """Return one paragraph of the redline."""
        style = self.ids.get(STYLE_FOR_KIND.get(red.kind, "Normal"))
        if red.kind == "signature" and not red.change and not red.pieces:
            # A draft leaves room for a pen, as `writers/docx.py` does.
            return self.paragraph(style, "<w:r><w:br/></w:r>", mark)
        if len(red.label) == 2:  # an opinion renumbered: the old number out, the new in
            old, new = red.label
            label = self.run(old.inline, DEL) + self.run(new.inline, INS) + self.run(Text("\t"))
        else:
            label = "".join(self.run(Text(f"{p.inline.text}\t"), p.change) for p in red.label)
        return self.paragraph(style, label + self.pieces(red.pieces), mark)


def _marks(blocks: list[RedBlock]) -> list[str]:
    """Return how each paragraph's mark is tracked: an added or removed paragraph's own mark,
    but for the last paragraph (whose mark Word keeps), the one before it."""
    marks = [b.change if b.change in (INS, DEL) else "" for b in blocks]
    if len(marks) > 1 and marks[-1]:
        marks[-2] = marks[-2] or marks[-1]
        marks[-1] = ""
    return marks


def _header_xml(redline: Redline, writer: _Writer, continuation: bool) -> str:
    """Return a header's own paragraphs as `writers/docx.py` makes them, the continuation lines
    redlined."""
    ids = writer.ids
    xml = ""
    if redline.new.draft_mark:
        xml += writer.paragraph(ids.get(DRAFT_STYLE), writer.run(Text(redline.new.draft_mark)))
    if continuation:
        lines = redline.header
        marks = _marks(lines)
        for n, (red, mark) in enumerate(zip(lines, marks)):
            style = header_style(n, len(lines))
            xml += writer.paragraph(ids.get(style), writer.pieces(red.pieces), mark)
    return xml


def write_redline_docx(
    redline: Redline,
    author: str = DEFAULT_AUTHOR,
    date: dt.datetime | None = None,
    letterhead: Path | None = None,
) -> bytes:
    """Return the redline as DOCX bytes with tracked changes by `author` at `date` (now).

    A redline compares drafts: a signature is the room left for a pen, never an image.
    """
    when = (date or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with docx_writer.cached_letterhead(letterhead) as (document, ids):
        writer = _Writer(author, when, ids)
        marks = _marks(redline.blocks)
        xml = "".join(writer.block(b, m) for b, m in zip(redline.blocks, marks))
        docx_writer.replace_body(document, xml)
        first, later = _header_xml(redline, writer, False), _header_xml(redline, writer, True)
        docx_writer.fill_headers(document, first, later)
        return docx_writer.save(document, fast_save=True)
