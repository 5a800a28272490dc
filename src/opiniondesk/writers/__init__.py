"""Writers: each turns the one letter model into one output format (DOCX, text, PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ..core.model import Letter

FORMATS = ("docx", "txt", "pdf")


def write_letter(letter: Letter, fmt: str, letterhead: Path | None = None) -> bytes:
    """Return the bytes of one letter in one format ("docx", "txt" or "pdf"), its look taken from
    a letterhead DOCX (the built-in one by default)."""
    if fmt == "txt":
        from .text import write_text

        return write_text(letter).encode("utf-8")
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(letter, letterhead=letterhead)
    from .docx import write_docx

    return write_docx(letter, letterhead)
