"""Readers, beside the writers as in pandoc: a precedent (DOCX, EDGAR .htm or .txt, pasted text)
read into the one letter model. A reader only reads; finding facts and making a template from the
model are separate steps in `core.precedent`.

Precedents are untrusted input: the size is checked before anything is read, the format is told
from the bytes (not the name), and anything that is not a letter's text is refused with one line
naming the file and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import OpinionDeskError
from ..core.limits import MAX_PRECEDENT_BYTES, describe_size, read_regular_file
from ..core.model import Letter

MAX_BYTES = MAX_PRECEDENT_BYTES
FORMAT_NAMES = {"docx": "Word document", "html": "EDGAR HTML", "text": "text"}
_HTML_RE = re.compile(r"<(?:!doctype\s+html|html|body|p|div|table|font|br|center)\b", re.I)
_DOCUMENT_RE = re.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.S | re.I)
_TYPE_RE = re.compile(r"<TYPE>\s*([^\s<]+)", re.I)
_TEXT_RE = re.compile(r"<TEXT>\s*\n?(.*?)(?:</TEXT>|\Z)", re.S | re.I)


@dataclass
class Precedent:
    """A precedent read: its letter model, where it came from, and what counsel should know."""

    letter: Letter
    source: str
    format: str
    notes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def format_name(self) -> str:
        """Return the format's name as counsel know it."""
        return FORMAT_NAMES.get(self.format, self.format)


def read_precedent(path: Path | str) -> Precedent:
    """Read a precedent file (DOCX, EDGAR .htm/.txt or text) into the letter model."""
    data = read_regular_file(path, MAX_PRECEDENT_BYTES, "precedent letter")
    return read_bytes(data, str(path))


def read_pasted(text: str, source: str = "pasted text") -> Precedent:
    """Read text pasted into the window (or saved from a browser); it is read as text unless it
    is an HTML document or an EDGAR submission itself (starting with its markup)."""
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        raise OpinionDeskError(
            f"is {describe_size(size, MAX_BYTES)}, larger than a precedent letter may be "
            f"({describe_size(MAX_BYTES, size)})",
            source,
        )
    head = text.lstrip()[:200]
    if head.startswith("<") and (_HTML_RE.search(head) or "<DOCUMENT>" in head.upper()):
        return _from_text(text, source, [])
    return _plain_text(text, source, [])


def read_bytes(data: bytes, source: str) -> Precedent:
    """Read a precedent's bytes, telling the format from the bytes themselves."""
    if len(data) > MAX_BYTES:
        # The caller may have read only the limit + 1 bytes (standard input): no exact size.
        raise OpinionDeskError(
            f"is larger than a precedent letter may be ({describe_size(MAX_BYTES)})", source
        )
    if not data.strip():
        raise OpinionDeskError("is empty", source)
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        from .docx import read_docx

        read = read_docx(data, source)
        return _finish(read.paras, read.header, source, "docx", read.notes, read.pictures)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise OpinionDeskError(
                "is password-protected; open it in Word and save a copy without a password",
                source,
            )
        raise OpinionDeskError(
            "is an old Word (.doc) or other Office file; save it as a Word document (.docx)",
            source,
        )
    if head.startswith(b"%PDF"):
        raise OpinionDeskError(
            "is a PDF; save the letter as a Word document (.docx) or as text", source
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        raise OpinionDeskError(
            "is a picture, not a letter's text; OpinionDesk reads Word, EDGAR HTML and text",
            source,
        )
    if head.startswith(b"{\\rtf"):
        raise OpinionDeskError("is an RTF file; save it as a Word document (.docx)", source)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OpinionDeskError("is not a Word, HTML or text file", source)
    return _from_text(_decode(data), source, [])


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # EDGAR's older files and Windows text: Windows-1252 (curly quotes at 0x93, 0x94).
        return data.decode("cp1252", "replace")


def _edgar_document(text: str, source: str, notes: list[str]) -> str:
    """Return the Exhibit 5 document of an EDGAR submission (or the text itself if it is none)."""
    if not re.search(r"<DOCUMENT>", text[:200_000], re.I):
        return text
    documents = _DOCUMENT_RE.findall(text)
    types = [(_TYPE_RE.search(d).group(1) if _TYPE_RE.search(d) else "") for d in documents]  # type: ignore[union-attr]
    chosen = next((d for d, t in zip(documents, types) if t.upper().startswith("EX-5")), None)
    if chosen is None and len(documents) == 1:
        chosen = documents[0]
    if chosen is None:
        raise OpinionDeskError(
            "is an EDGAR submission without an Exhibit 5 document (its documents: "
            + ", ".join(t or "?" for t in types[:12])
            + ")",
            source,
        )
    if len(documents) > 1:
        notes.append(f"read the {types[documents.index(chosen)]} document of the EDGAR submission")
    body = _TEXT_RE.search(chosen)
    return body.group(1) if body else chosen


def _from_text(text: str, source: str, notes: list[str]) -> Precedent:
    text = _edgar_document(text, source, notes)
    if _HTML_RE.search(text[:20_000]):
        from .html import read_html

        return _finish(read_html(text, source), None, source, "html", notes)
    return _plain_text(text, source, notes)


def _plain_text(text: str, source: str, notes: list[str]) -> Precedent:
    from .paragraphs import LetterLength
    from .text import read_text

    LetterLength(source).add_raw(text)  # before its lines are unwrapped
    return _finish(read_text(text), None, source, "text", notes)


def _finish(
    paras: list,
    header: list | None,
    source: str,
    fmt: str,
    notes: list[str],
    pictures: bool = False,
) -> Precedent:
    from .paragraphs import MAX_LETTER_CHARS, too_long
    from .parts import recognise

    if not any(p.text.strip() for p in paras):
        if pictures:
            raise OpinionDeskError(
                "holds only pictures (a scanned letter?); OpinionDesk needs the letter's text",
                source,
            )
        if fmt == "html":
            raise OpinionDeskError("has no text in its body", source)
        raise OpinionDeskError("has no text", source)
    if sum(len(p.text) for p in paras) > MAX_LETTER_CHARS:
        raise too_long(source)
    found = recognise(paras, header)
    return Precedent(found.letter, source, fmt, notes, found.dropped)
