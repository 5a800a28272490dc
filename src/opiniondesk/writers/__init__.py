"""Writers: each turns the one letter model into one output format (DOCX, text, PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ..core.model import Letter

FORMATS = ("docx", "txt", "pdf", "edgar", "edgar-txt")


def write_letter(letter: Letter, fmt: str, letterhead: Path | None = None) -> bytes:
    """Return the bytes of one letter in one format ("docx", "txt", "pdf", or an EDGAR one), its
    look taken from a letterhead DOCX (the built-in one by default)."""
    if fmt in ("edgar", "edgar-txt"):
        from ..pages import page_setup
        from .edgar import write_edgar

        return write_edgar(letter, fmt, setup=page_setup(letterhead) if letterhead else None)
    if fmt == "txt":
        from .text import write_text

        return write_text(letter).encode("utf-8")
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(letter, letterhead=letterhead)
    from .docx import write_docx

    return write_docx(letter, letterhead)
