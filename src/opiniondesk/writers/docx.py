"""The DOCX writer: the letter model into a Word file whose look comes from `letterhead.docx`."""

from __future__ import annotations

import copy
import io
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import docx
import docx.document
import docx.text.paragraph
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Inches
from lxml.etree import XMLSyntaxError

from .. import paths
from ..core.errors import OpinionDeskError
from ..core.model import Block, Inline, Letter, LineBreak, PageNumber, Placeholder, Text
from .ooxml import LetterheadKey, letterhead_key, put_in_order, read_letterhead
from .styles import (
    DRAFT_STYLE,
    PLACEHOLDER_STYLE,
    STYLE_FOR_KIND,
    header_style,
    signature_lead,
)

# A letterhead is read (and opened) once while it stays as it is: kept by `letterhead_key`, as
# `pages.page_setup` keeps its page, so one replaced at its path is read again at once.
_KEPT = 4  # letterheads kept: a department's few, and the built-in one


def _key(path: Path) -> LetterheadKey:
    try:
        return letterhead_key(path)
    except OSError:  # not there: reading it names it and says why
        return path, -1, -1


@lru_cache(maxsize=_KEPT)
def _letterhead_bytes(path: Path, key: LetterheadKey) -> bytes:
    return read_letterhead(path)  # a problem named by the path as given


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


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def esc(text: str) -> str:
    """Return text escaped for WordprocessingML, in an element or an attribute."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def run_properties(marks: frozenset[str], char_style: str | None = None) -> str:
    """Return the properties (the inside of w:rPr) of a run with these marks."""
    props = ""
    if char_style:
        props += f'<w:rStyle w:val="{char_style}"/>'
    if "strong" in marks:
        props += "<w:b/>"
    if "em" in marks:
        props += "<w:i/>"
    # In schema order (CT_RPr): highlight before u.
    if "placeholder" in marks and not char_style:
        props += '<w:highlight w:val="yellow"/>'
    if "u" in marks:
        props += '<w:u w:val="single"/>'
    return props


def text_run(text: str, props: str = "", tag: str = "w:t") -> str:
    """Return a run of text, tabs as w:tab, with these properties; `tag` w:delText for deleted text."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    body = "<w:tab/>".join(
        f'<{tag} xml:space="preserve">{esc(part)}</{tag}>' for part in text.split("\t")
    )
    return f"<w:r>{rpr}{body}</w:r>"


def _run(text: str, marks: frozenset[str] = frozenset(), char_style: str | None = None) -> str:
    return text_run(text, run_properties(marks, char_style))


def field(instr: str, shown: str, deleted: bool = False) -> str:
    """Return a field (PAGE) as Word writes it: begin, instruction, separate, result, end;
    `deleted` for a field inside a tracked deletion."""
    code, result = ("w:delInstrText", "w:delText") if deleted else ("w:instrText", "w:t")
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><{code} xml:space="preserve"> {instr} </{code}></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><{result}>{shown}</{result}></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _inlines_xml(inlines: tuple[Inline, ...], placeholder_style: str | None) -> str:
    out: list[str] = []
    pending: list[str] = []
    pending_marks: frozenset[str] = frozenset()

    def flush() -> None:
        if pending:
            out.append(_run("".join(pending), pending_marks))
            pending.clear()

    for inline in inlines:
        if isinstance(inline, Text):
            if inline.marks != pending_marks:
                flush()
                pending_marks = inline.marks
            pending.append(inline.text)
            continue
        flush()
        if isinstance(inline, Placeholder):
            out.append(_run(inline.text, frozenset({"placeholder"}), placeholder_style))
        elif isinstance(inline, PageNumber):
            out.append(field("PAGE", "2"))
        elif isinstance(inline, LineBreak):
            out.append("<w:r><w:br/></w:r>")
    flush()
    return "".join(out)


def paragraph(style_id: str | None, content: str, keep_next: bool = False, mark: str = "") -> str:
    """Return a paragraph; `mark` is the properties of its paragraph mark (a tracked change)."""
    # In schema order (CT_PPr): pStyle, keepNext, then the mark's rPr.
    props = (
        (f'<w:pStyle w:val="{style_id}"/>' if style_id else "")
        + ("<w:keepNext/>" if keep_next else "")
        + (f"<w:rPr>{mark}</w:rPr>" if mark else "")
    )
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>"


def _block_xml(block: Block, letter: Letter, ids: dict[str, str], keep_next: bool = False) -> str:
    style = ids.get(STYLE_FOR_KIND.get(block.kind, "Normal"))
    if block.kind == "signature" and letter.signature.style in ("image", "blank"):
        # The image is added through python-docx once the paragraph is in the document; a draft
        # leaves room for a pen.
        return paragraph(style, "" if letter.signature.style == "image" else "<w:r><w:br/></w:r>")
    label = _run(f"{block.label}\t") if block.kind == "opinion" else ""
    return paragraph(
        style, label + _inlines_xml(block.inlines, ids.get(PLACEHOLDER_STYLE)), keep_next
    )


def _header_xml(letter: Letter, continuation: bool, ids: dict[str, str]) -> str:
    """Return a header's own paragraphs: the DRAFT mark on a draft, then (later pages) the
    continuation lines."""
    xml = ""
    if letter.draft_mark:
        xml += paragraph(ids.get(DRAFT_STYLE), _run(letter.draft_mark))
    if continuation:
        for n, line in enumerate(letter.header):
            style = header_style(n, len(letter.header))
            xml += paragraph(ids.get(style), _inlines_xml(line, ids.get(PLACEHOLDER_STYLE)))
    return xml


def fill_headers(document: docx.document.Document, first: str, continuation: str) -> None:
    """Put a letter's header paragraphs in: `first` before whatever the letterhead's first-page
    header holds (a firm's letterhead), `continuation` in place of the later pages' header."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    kept = document.__dict__.setdefault("_letterhead_headers", {})
    _fill_header(section.first_page_header, first, False, kept)
    _fill_header(section.header, continuation, True, kept)


def _fill_header(header: object, xml: str, continuation: bool, kept: dict) -> None:
    hdr = header._element  # type: ignore[attr-defined]
    # Start from the letterhead's own header (kept aside the first time), so a cached letterhead
    # never carries one letter's lines into the next.
    pristine = kept.setdefault(continuation, [copy.deepcopy(child) for child in hdr])
    for child in list(hdr):
        hdr.remove(child)
    if not continuation:
        for child in pristine:
            hdr.append(copy.deepcopy(child))
    if xml:
        new = parse_xml(f'<w:hdr xmlns:w="{W_NS}">{xml}</w:hdr>')
        anchor = hdr[0] if len(hdr) else None
        for p in list(new):
            anchor.addprevious(p) if anchor is not None else hdr.append(p)
    if not len(hdr):
        hdr.append(parse_xml(f'<w:p xmlns:w="{W_NS}"/>'))


def replace_body(document: docx.document.Document, xml: str) -> list:
    """Replace the body's paragraphs with those of `xml` (its section properties stay last);
    return the paragraphs put in."""
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    new = list(parse_xml(f'<w:body xmlns:w="{W_NS}">{xml}</w:body>'))
    for p in new:
        sect_pr.addprevious(p) if sect_pr is not None else body.append(p)
    return new


def write_docx(letter: Letter, letterhead: Path | None = None) -> bytes:
    """Return the letter as DOCX bytes, its styles, page and headers taken from the letterhead."""
    if letter.signature.style == "image":
        # An image adds a part to the package: use a fresh copy of the letterhead.
        document = _open_letterhead(Path(letterhead) if letterhead else default_letterhead())
        return _write(document, _style_ids(document), letter)
    with cached_letterhead(letterhead) as (document, ids):
        return _write(document, ids, letter, fast_save=True)


_lock = threading.Lock()


@contextmanager
def cached_letterhead(
    letterhead: Path | None = None,
) -> Iterator[tuple[docx.document.Document, dict[str, str]]]:
    """Lend the letterhead's document (opened once) and its style ids to one writer at a time:
    each letter replaces its body and headers wholesale."""
    document, ids = _cached_letterhead(Path(letterhead) if letterhead else default_letterhead())
    with _lock:  # the cached document is rebuilt in place, one letter at a time
        yield document, ids


def _cached_letterhead(path: Path) -> tuple[docx.document.Document, dict[str, str]]:
    """Return the letterhead's document, opened once while the file stays as it is, and its
    style ids."""
    return _opened_letterhead(path, _key(path))


@lru_cache(maxsize=_KEPT)
def _opened_letterhead(
    path: Path, key: LetterheadKey
) -> tuple[docx.document.Document, dict[str, str]]:
    document = _open_letterhead(path, key)
    return document, _style_ids(document)


def _open_letterhead(path: Path, key: LetterheadKey | None = None) -> docx.document.Document:
    """Open a letterhead, its parts' properties put in the order Word requires (a department's
    own letterhead may have them out of order: `letterhead_problems` says so when it is chosen)."""
    try:
        document = docx.Document(io.BytesIO(_letterhead_bytes(path, key or _key(path))))
    except (KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError) as exc:
        raise OpinionDeskError(f"not a DOCX file Word can open ({exc})", str(path)) from None
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            put_in_order(element)
    return document


def _write(
    document: docx.document.Document, ids: dict[str, str], letter: Letter, fast_save: bool = False
) -> bytes:
    # The paragraph before "Very truly yours," keeps with it (its last lines, by widow control),
    # so the signature block never stands alone on the last page.
    kept = signature_lead(letter)
    xml = "".join(
        _block_xml(block, letter, ids, n == kept) for n, block in enumerate(letter.blocks)
    )
    for p, block in zip(replace_body(document, xml), letter.blocks):
        if (
            block.kind == "signature"
            and letter.signature.style == "image"
            and letter.signature.image
        ):
            run = docx.text.paragraph.Paragraph(p, document._body).add_run()
            run.add_picture(
                io.BytesIO(letter.signature.image), width=Inches(letter.signature.image_width_in)
            )
    fill_headers(document, _header_xml(letter, False, ids), _header_xml(letter, True, ids))
    return save(document, fast_save)


def save(document: docx.document.Document, fast_save: bool = False) -> bytes:
    """Return the document as DOCX bytes; `fast_save` only for the cached letterhead's document
    (see `_save_package`)."""
    if fast_save:
        return _save_package(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _save_package(document: docx.document.Document) -> bytes:
    """Write the package as python-docx's `save` does, re-serialising only the parts a letter
    changes (the document and its headers); the letterhead's other parts are serialised once.

    Only for the cached letterhead, whose parts never change but for those.
    """
    package = document.part.package
    plan = document.__dict__.get("_save_plan")
    if plan is None:
        from docx.opc.pkgwriter import _ContentTypesItem

        parts = list(package.iter_parts())
        changing = {document.part.partname}
        changing |= {s.header.part.partname for s in document.sections}
        changing |= {s.first_page_header.part.partname for s in document.sections}
        plan = [("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)]
        plan.append(("_rels/.rels", package.rels.xml))
        for part in parts:
            plan.append(
                (part.partname.membername, part if part.partname in changing else part.blob)
            )
            if len(part.rels):
                plan.append((part.partname.rels_uri.membername, part.rels.xml))
        document.__dict__["_save_plan"] = plan
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, blob in plan:
            zf.writestr(name, blob if isinstance(blob, bytes) else blob.blob)
    return out.getvalue()
