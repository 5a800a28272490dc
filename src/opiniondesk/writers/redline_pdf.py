"""The redline PDF writer: a `Redline` painted as pages, insertions blue and underlined, deletions
red and struck through, with a change bar in the margin (the marks of `page_marks`)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPainter, QPdfWriter

from ..core.errors import OpinionDeskError
from ..core.redline import Redline
from ..page_marks import paint_changes, redline_pages
from ..pages import Page, ensure_gui_application, paint_page
from .pdf import PDF_RESOLUTION, full_page_layout


def write_redline_pdf(redline: Redline, pages: list[Page] | None = None) -> bytes:
    """Return the redline as PDF bytes, laid out as the window's redline view shows it."""
    ensure_gui_application()
    if pages is None:
        pages = redline_pages(redline)
    if not pages:
        raise OpinionDeskError("the redline has no pages to print")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setCreator("OpinionDesk")
    writer.setTitle("Legality opinion (redline)")
    writer.setPageLayout(full_page_layout(pages[0].width, pages[0].height))
    painter = QPainter()
    if not painter.begin(writer):
        raise OpinionDeskError("cannot start drawing on the PDF file")
    try:
        for n, page in enumerate(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.scale(writer.logicalDpiX() / 72.0, writer.logicalDpiY() / 72.0)
            paint_page(painter, page)
            paint_changes(painter, page)
            painter.restore()
    finally:
        painter.end()
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())
