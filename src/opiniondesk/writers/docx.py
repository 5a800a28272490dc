"""The DOCX writer: the letter model into a Word file whose look comes from `letterhead.docx`."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import docx
import docx.document
import docx.text.paragraph
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from .. import paths
from ..core.model import Block, Inline, Letter, LineBreak, PageNumber, Placeholder, Text

# The letterhead's paragraph style for each block kind; a letterhead lacking one falls back to Normal.
STYLE_FOR_KIND = {
    "exhibit": "Exhibit Label",
    "date": "Letter Date",
    "address": "Address",
    "reference": "Reference Line",
    "salutation": "Salutation",
    "body": "Letter Body",
    "opinion": "Opinion Paragraph",
    "closing": "Closing",
    "signature": "Signature",
    "signer": "Signer",
}
HEADER_STYLES = ("Continuation Header", "Continuation Page")
DRAFT_STYLE = "Draft Mark"
PLACEHOLDER_STYLE = "Placeholder"


@cache
def _letterhead_bytes(path: Path) -> bytes:
    return path.read_bytes()


def default_letterhead() -> Path:
    """Return the built-in letterhead."""
    return paths.resource("letterhead.docx")


def _style_ids(document: docx.document.Document) -> dict[str, str]:
    """Map style names to ids once, so each paragraph sets its style without a lookup."""
    ids = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            ids[name.get(qn("w:val"))] = style.get(qn("w:styleId"))
    return ids


def _new_paragraph(parent: object, style_id: str | None) -> object:
    p = OxmlElement("w:p")
    if style_id:
        ppr = OxmlElement("w:pPr")
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), style_id)
        ppr.append(ps)
        p.append(ppr)
    parent.append(p)  # type: ignore[attr-defined]
    return p


def _add_run(p: object, text: str, marks: frozenset[str] = frozenset(), char_style: str | None = None) -> None:
    r = OxmlElement("w:r")
    if marks or char_style:
        rpr = OxmlElement("w:rPr")
        if char_style:
            rs = OxmlElement("w:rStyle")
            rs.set(qn("w:val"), char_style)
            rpr.append(rs)
        if "strong" in marks:
            rpr.append(OxmlElement("w:b"))
        if "em" in marks:
            rpr.append(OxmlElement("w:i"))
        if "u" in marks:
            u = OxmlElement("w:u")
            u.set(qn("w:val"), "single")
            rpr.append(u)
        if char_style is None and "placeholder" in marks:
            hl = OxmlElement("w:highlight")
            hl.set(qn("w:val"), "yellow")
            rpr.append(hl)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    if text[:1].isspace() or text[-1:].isspace() or "  " in text:
        t.set(qn("xml:space"), "preserve")
    r.append(t)
    p.append(r)  # type: ignore[attr-defined]


def _add_field(p: object, instr: str, shown: str) -> None:
    """Add a field (PAGE) as Word writes it: begin, instruction, separate, shown result, end."""
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", shown), ("end", None)):
        r = OxmlElement("w:r")
        if kind == "instr":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {text} "
            r.append(it)
        elif kind == "text":
            t = OxmlElement("w:t")
            t.text = text
            r.append(t)
        else:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r.append(fc)
        p.append(r)  # type: ignore[attr-defined]


def _add_inlines(p: object, inlines: tuple[Inline, ...], placeholder_style: str | None) -> None:
    for inline in inlines:
        if isinstance(inline, Text):
            _add_run(p, inline.text, inline.marks)
        elif isinstance(inline, Placeholder):
            _add_run(p, inline.text, frozenset({"placeholder"}), placeholder_style)
        elif isinstance(inline, PageNumber):
            _add_field(p, "PAGE", "2")
        elif isinstance(inline, LineBreak):
            r = OxmlElement("w:r")
            r.append(OxmlElement("w:br"))
            p.append(r)  # type: ignore[attr-defined]


def _set_header(header: object, letter: Letter, lines: bool, ids: dict[str, str]) -> None:
    """Fill a header part: the DRAFT mark on a draft, then (on later pages) the continuation lines."""
    hdr = header._element  # type: ignore[attr-defined]
    keep_letterhead = not lines  # the first-page header keeps whatever the letterhead puts there
    if not keep_letterhead:
        for child in list(hdr):
            hdr.remove(child)
    anchor = hdr[0] if len(hdr) else None
    new = []
    if letter.draft_mark:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), ids.get(DRAFT_STYLE, "Normal"))
        ppr.append(ps)
        p.append(ppr)
        _add_run(p, letter.draft_mark)
        new.append(p)
    if lines:
        for n, line in enumerate(letter.header):
            style = HEADER_STYLES[1] if n == len(letter.header) - 1 else HEADER_STYLES[0]
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            ps = OxmlElement("w:pStyle")
            ps.set(qn("w:val"), ids.get(style, "Normal"))
            ppr.append(ps)
            p.append(ppr)
            _add_inlines(p, line, ids.get(PLACEHOLDER_STYLE))
            new.append(p)
    for p in new:
        if anchor is not None:
            anchor.addprevious(p)
        else:
            hdr.append(p)
    if not len(hdr):
        hdr.append(OxmlElement("w:p"))


def _add_block(document: docx.document.Document, body: object, block: Block, letter: Letter, ids: dict) -> None:
    style = ids.get(STYLE_FOR_KIND.get(block.kind, "Normal"))
    p = _new_paragraph(body, style)
    if block.kind == "opinion":
        _add_run(p, f"{block.label}\t")
    if block.kind == "signature" and letter.signature.style == "image" and letter.signature.image:
        para = docx.text.paragraph.Paragraph(p, document._body)
        run = para.add_run()
        run.add_picture(io.BytesIO(letter.signature.image), width=Inches(letter.signature.image_width_in))
        return
    if block.kind == "signature" and letter.signature.style == "blank":
        # Room for a pen: two empty lines where the signature will go.
        r = OxmlElement("w:r")
        r.append(OxmlElement("w:br"))
        p.append(r)  # type: ignore[attr-defined]
        return
    _add_inlines(p, block.inlines, ids.get(PLACEHOLDER_STYLE))


def write_docx(letter: Letter, letterhead: Path | None = None) -> bytes:
    """Return the letter as DOCX bytes, its styles, page and headers taken from the letterhead."""
    source = _letterhead_bytes(Path(letterhead) if letterhead else default_letterhead())
    document = docx.Document(io.BytesIO(source))
    ids = _style_ids(document)
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    # New paragraphs go before the section properties, which must stay last.
    holder = OxmlElement("w:body")
    for block in letter.blocks:
        _add_block(document, holder, block, letter, ids)
    for p in list(holder):
        sect_pr.addprevious(p) if sect_pr is not None else body.append(p)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    _set_header(section.first_page_header, letter, False, ids)
    _set_header(section.header, letter, True, ids)
    document.core_properties.title = "Legality opinion"
    document.core_properties.author = "OpinionDesk"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
