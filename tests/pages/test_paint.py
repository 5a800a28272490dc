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
