"""The PDF writer: the letter's pages, drawn by the preview's own page painter, into a PDF (QPdfWriter)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter

from ..core.errors import OpinionDeskError
from ..core.model import Letter
from ..pages import Page, ensure_gui_application, layout_letter, page_setup, paint_page
from ..pages.paginate import cycle_collector_paused

PDF_RESOLUTION = 1200  # dots per inch the PDF's coordinates are written in


def page_size_for(width: float, height: float) -> QPageSize:
    """Return the paper for a page size in points, using the named size (US Letter) when it is one."""
    size = QPageSize(
        QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    return size


# Marks drawn over each painted page (a redline's changes), in the page's coordinates.
Overlay = Callable[[QPainter, Page], None]


def paint_pages(
    device: QPagedPaintDevice, pages: list[Page], overlay: Overlay | None = None
) -> None:
    """Paint laid-out pages onto a paged device (a PDF writer or a printer), one sheet per page,
    `overlay` over each.

    The device's page layout must already be the page size with no margins (full page).
    """
    if not pages:
        raise OpinionDeskError("the letter has no pages to print")
    painter = QPainter()
    if not painter.begin(device):
        raise OpinionDeskError("cannot start drawing on the printer or PDF file")
    # Painting makes many short-lived objects and no reference cycles: the cycle collector, left
    # on, would walk every laid-out line again and again (as in `layout_letter`).
    with cycle_collector_paused():
        try:
            scale_x = device.logicalDpiX() / 72.0
            scale_y = device.logicalDpiY() / 72.0
            for n, page in enumerate(pages):
                if n:
                    device.newPage()
                painter.save()
                painter.scale(scale_x, scale_y)
                paint_page(painter, page)
                if overlay is not None:
                    overlay(painter, page)
                painter.restore()
        finally:
            painter.end()


def full_page_layout(width: float, height: float) -> QPageLayout:
    """Return a portrait page layout of the letter's paper with no margins (pages carry their own)."""
    return QPageLayout(
        page_size_for(width, height),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Point,
    )


def write_pdf(
    letter: Letter, pages: list[Page] | None = None, letterhead: Path | None = None
) -> bytes:
    """Return the letter as PDF bytes, laid out (on a letterhead, the built-in one by default) and
    painted exactly as the preview shows it."""
    ensure_gui_application()
    if pages is None:
        pages = layout_letter(letter, page_setup(letterhead))
    title = "Legality opinion" + (" (draft)" if letter.copy == "draft" else "")
    return pages_pdf(pages, title)


def pages_pdf(pages: list[Page], title: str, overlay: Overlay | None = None) -> bytes:
    """Return laid-out pages as PDF bytes, painted as the preview paints them (`overlay` over
    each); a Qt GUI application must exist."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setCreator("OpinionDesk")
    writer.setTitle(title)
    if pages:
        writer.setPageLayout(full_page_layout(pages[0].width, pages[0].height))
    paint_pages(writer, pages, overlay)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())
