"""The redline DOCX writer: a `Redline` as a Word file with real tracked changes.

Insertions and deletions are `w:ins` and `w:del` (deleted words in `w:delText`), formatting
changes `w:rPrChange`, and a paragraph added or removed whole carries a `w:ins`/`w:del` in its
paragraph mark's run properties, each with `w:author` and `w:date`: Word and LibreOffice show them
in their review panes, and accepting every change gives the new letter, rejecting every change the
old one. Styles, page and headers come from the letterhead, as in `writers/docx.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..core.model import Inline, LineBreak, PageNumber, Placeholder, Text
from ..core.redline import DEL, FMT, INS, Piece, RedBlock, Redline
from . import docx as docx_writer
from .styles import DRAFT_STYLE, HEADER_STYLES, PLACEHOLDER_STYLE, STYLE_FOR_KIND

DEFAULT_AUTHOR = "OpinionDesk"


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _props(marks: frozenset[str], char_style: str | None = None) -> str:
    """Return a run's properties as `writers/docx.py` writes them."""
    props = ""
    if char_style:
        props += f'<w:rStyle w:val="{char_style}"/>'
    if "strong" in marks:
        props += "<w:b/>"
    if "em" in marks:
        props += "<w:i/>"
    if "u" in marks:
        props += '<w:u w:val="single"/>'
    if "placeholder" in marks and not char_style:
        props += '<w:highlight w:val="yellow"/>'
    return props


class _Writer:
    """Writes one redline's paragraphs, numbering its revisions across the document."""

    def __init__(self, author: str, date: str, ids: dict[str, str]) -> None:
        self.author = _esc(author)
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
            instr = "w:delInstrText" if deleted else "w:instrText"
            xml = (
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><{instr} xml:space="preserve"> PAGE </{instr}></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r><{'w:delText' if deleted else 'w:t'}>2</{'w:delText' if deleted else 'w:t'}></w:r>"
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            )
        elif isinstance(inline, LineBreak):
            xml = "<w:r><w:br/></w:r>"
        else:
            if isinstance(inline, Placeholder):
                style = self.ids.get(PLACEHOLDER_STYLE)
                props = _props(frozenset({"placeholder"}), style)
            else:
                props = _props(inline.marks if isinstance(inline, Text) else frozenset())
            if change == FMT:
                props += (
                    f"<w:rPrChange {self._attrs()}><w:rPr>{_props(old_marks)}</w:rPr></w:rPrChange>"
                )
            rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
            tag = "w:delText" if deleted else "w:t"
            body = "<w:tab/>".join(
                f'<{tag} xml:space="preserve">{_esc(part)}</{tag}>'
                for part in inline.text.split("\t")
            )
            xml = f"<w:r>{rpr}{body}</w:r>"
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
        ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
        if mark:
            ppr += f"<w:rPr><w:{mark} {self._attrs()}/></w:rPr>"
        ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
        return f"<w:p>{ppr}{content}</w:p>"

    def block(self, red: RedBlock, redline: Redline, mark: str) -> str:
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


def _fill_header(
    header: object, redline: Redline, writer: _Writer, continuation: bool, kept: dict
) -> None:
    """Fill a header as `writers/docx.py` does, the continuation lines redlined."""
    hdr = header._element  # type: ignore[attr-defined]
    pristine = kept.setdefault(continuation, [docx_writer.copy.deepcopy(c) for c in hdr])
    for child in list(hdr):
        hdr.remove(child)
    if not continuation:
        for child in pristine:
            hdr.append(docx_writer.copy.deepcopy(child))
    ids = writer.ids
    xml = ""
    if redline.new.draft_mark:
        xml += writer.paragraph(ids.get(DRAFT_STYLE), writer.run(Text(redline.new.draft_mark)))
    if continuation:
        lines = redline.header
        marks = _marks(lines)
        for n, (red, mark) in enumerate(zip(lines, marks)):
            style = HEADER_STYLES[1] if n == len(lines) - 1 else HEADER_STYLES[0]
            xml += writer.paragraph(ids.get(style), writer.pieces(red.pieces), mark)
    if xml:
        new = parse_xml(f'<w:hdr xmlns:w="{docx_writer._W_NS}">{xml}</w:hdr>')
        anchor = hdr[0] if len(hdr) else None
        for p in list(new):
            anchor.addprevious(p) if anchor is not None else hdr.append(p)
    if not len(hdr):
        hdr.append(parse_xml(f'<w:p xmlns:w="{docx_writer._W_NS}"/>'))


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
    path = Path(letterhead) if letterhead else docx_writer.default_letterhead()
    document, ids = docx_writer._cached_letterhead(path)
    with docx_writer._lock:  # the cached letterhead is rebuilt in place, one letter at a time
        return _write(document, ids, redline, author, when, fast_save=True)


def _write(
    document: docx.document.Document,
    ids: dict[str, str],
    redline: Redline,
    author: str,
    when: str,
    fast_save: bool = False,
) -> bytes:
    writer = _Writer(author, when, ids)
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    marks = _marks(redline.blocks)
    xml = "".join(writer.block(b, redline, m) for b, m in zip(redline.blocks, marks))
    new = parse_xml(f'<w:body xmlns:w="{docx_writer._W_NS}">{xml}</w:body>')
    for p in list(new):
        sect_pr.addprevious(p) if sect_pr is not None else body.append(p)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    kept = document.__dict__.setdefault("_letterhead_headers", {})
    _fill_header(section.first_page_header, redline, writer, False, kept)
    _fill_header(section.header, redline, writer, True, kept)
    if fast_save:
        return docx_writer._save_package(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
