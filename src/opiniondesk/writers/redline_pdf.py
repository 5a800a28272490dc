"""The redline PDF writer: a `Redline` painted as pages, insertions blue and underlined, deletions
red and struck through, with a change bar in the margin (the marks of `page_marks`)."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import OpinionDeskError
from ..core.redline import Redline
from ..page_marks import paint_changes, redline_pages
from ..pages import Page, ensure_gui_application
from .pdf import pages_pdf


def write_redline_pdf(
    redline: Redline, pages: list[Page] | None = None, letterhead: Path | None = None
) -> bytes:
    """Return the redline as PDF bytes, laid out as the window's redline view shows it, on a
    letterhead (the built-in one by default)."""
    ensure_gui_application()
    if pages is None:
        pages = redline_pages(redline, letterhead)
    if not pages:
        raise OpinionDeskError("the redline has no pages to print")
    return pages_pdf(pages, "Legality opinion (redline)", paint_changes)
