"""Tests for painting: the DRAFT mark drawn alike on screen, in print, in the PDF and by Word."""

import subprocess

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from conftest import pdf_text
from opiniondesk.core.matter import load_matter
from opiniondesk.pages import layout_letter, paint_page
from opiniondesk.writers.docx import write_docx
from opiniondesk.writers.pdf import paint_pages, write_pdf

DPI = 144  # pixels per inch the pages are compared at: two pixels a point


@pytest.fixture
def draft(sample_path):
    return load_matter(sample_path).render("draft")


def _red_box(image: QImage) -> tuple[float, float, float, float] | None:
    """Return the box (points) of the red ink (the DRAFT mark's colour) on a page image."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    bits = bytes(image.constBits())
    xs, ys = [], []
    for y in range(height // 4):  # the mark stands in the header
        row = bits[y * stride : y * stride + width * 4]
        for x in range(0, width * 4, 4):
            b, g, r = row[x], row[x + 1], row[x + 2]
            if r > 120 and r - g > 60 and r - b > 60:
                xs.append(x // 4)
                ys.append(y)
    if not xs:
        return None
    scale = 72.0 / DPI
    return (min(xs) * scale, min(ys) * scale, (max(xs) + 1) * scale, (max(ys) + 1) * scale)


def _pdf_page_image(pdf, tmp_path) -> QImage:
    stem = tmp_path / f"{pdf.stem}-page1"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", "-png", pdf, stem],
        check=True,
    )
    return QImage(str(stem) + ".png")


def _screen_image(page) -> QImage:
    image = QImage(
        int(page.width * DPI / 72), int(page.height * DPI / 72), QImage.Format.Format_RGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(DPI / 72, DPI / 72)
    paint_page(painter, page)
    painter.end()
    return image


def _printed_pdf(pages, path):
    """Print the pages as Print does (a high-resolution QPrinter), into a PDF file."""
    from PySide6.QtPrintSupport import QPrinter

    from opiniondesk.gui.printing import new_printer

    printer = new_printer(pages)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    paint_pages(printer, pages)
    del printer
    return path


def test_the_draft_mark_looks_the_same_everywhere(draft, tmp_path, libreoffice):
    """Ensure the DRAFT mark has one place and width on screen, in print, in the PDF and in Word's
    layout of the DOCX (LibreOffice's here), and reads as one word in the PDF."""
    pages = layout_letter(draft)
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(write_pdf(draft, pages))
    assert [ln.strip() for ln in pdf_text(pdf, layout=True)[0].splitlines() if ln.strip()][0] == (
        "DRAFT"
    )
    printed = _printed_pdf(pages, tmp_path / "printed.pdf")
    docx = tmp_path / "draft-docx.docx"
    docx.write_bytes(write_docx(draft))
    boxes = {
        "screen": _red_box(_screen_image(pages[0])),
        "pdf": _red_box(_pdf_page_image(pdf, tmp_path)),
        "print": _red_box(_pdf_page_image(printed, tmp_path)),
        "docx": _red_box(_pdf_page_image(libreoffice(docx), tmp_path)),
    }
    assert all(boxes.values()), boxes
    for name, box in boxes.items():
        for ours, word in zip(box, boxes["docx"]):
            assert ours == pytest.approx(word, abs=1.5), (name, boxes)


class _CountingPainter(QPainter):
    """A painter counting the fonts and pens it is given and the texts it draws."""

    def __init__(self, device):
        super().__init__(device)
        self.fonts = self.pens = self.texts = 0

    def setFont(self, font):  # noqa: N802 - Qt's name
        self.fonts += 1
        super().setFont(font)

    def setPen(self, pen):  # noqa: N802 - Qt's name
        self.pens += 1
        super().setPen(pen)

    def drawText(self, *args):  # noqa: N802 - Qt's name
        self.texts += 1
        super().drawText(*args)


def test_paper_changes_the_font_and_pen_only_when_they_change(sample_path, tmp_path):
    """Ensure a redline page printed or written as PDF draws each run with one drawText, and
    gives the painter a font only when the font or its word spacing changes and a pen only when
    the colour does (a justified line's runs in one font share one font object)."""
    from PySide6.QtGui import QPdfWriter

    from opiniondesk.core.redline import compare
    from opiniondesk.page_marks import redline_pages
    from opiniondesk.pages.clusters import graphemes
    from opiniondesk.pages.fonts import _fonts
    from opiniondesk.writers.pdf import full_page_layout
    from redline_helpers import changed_copy

    old, new = changed_copy(sample_path)
    pages = redline_pages(compare(old.render(), new.render()))
    runs = [(line, run) for page in pages for line in page.lines for run in line.runs]
    fonts = pens = texts = 0
    last_font = last_ink = None
    for line, (_x, text, key, ink) in runs:
        spaced = _fonts[key].letter_spacing  # (the DRAFT mark: drawn a letter at a time)
        font = (key, 0.0 if spaced else line.word_spacing)
        fonts += font != last_font
        pens += ink != last_ink
        texts += len(graphemes(text)) if spaced else 1
        last_font, last_ink = font, ink
    writer = QPdfWriter(str(tmp_path / "redline.pdf"))
    writer.setPageLayout(full_page_layout(pages[0].width, pages[0].height))
    painter = _CountingPainter(writer)
    for n, page in enumerate(pages):
        if n:
            writer.newPage()
        painter.save()
        painter.scale(writer.logicalDpiX() / 72.0, writer.logicalDpiY() / 72.0)
        paint_page(painter, page)
        painter.restore()
    painter.end()
    assert len({ink for _line, (_x, _t, _k, ink) in runs}) >= 3  # black, blue and red
    assert painter.texts == texts
    assert painter.fonts <= fonts + len(pages), (painter.fonts, fonts)  # again on each new page
    assert painter.pens <= pens + 2 * len(pages), (painter.pens, pens)
