"""Test helpers: what a PDF holds, read with poppler (pdfimages, pdftotext, pdftoppm), and the copy checks."""

import re
import subprocess
from html import unescape

from PySide6.QtGui import QImage

from conftest import pdf_text

CONFORMED = "/s/ John R. Dye"
HEADER = ["Citicorp Mortgage Securities, Inc.", "Page {num}"]


def pdf_images(pdf):
    """Return (page, type) of each image `pdfimages -list` finds (type "image", "smask", ...)."""
    out = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) > 2 and parts[0].isdigit():
            rows.append((int(parts[0]), parts[2]))
    return rows


def word_boxes(pdf, page, word):
    """Return the boxes (x0, y0, x1, y1, in points from the top) of a word on a page."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        tuple(float(v) for v in m.groups()[:4])
        for m in re.finditer(pattern, out)
        if unescape(m.group(5)) == word
    ]


def ink_box(pdf, page, tmp_path):
    """Return the box (points from the top) of the signature's blue ink on a page, or None."""
    stem = tmp_path / f"ink-{pdf.stem}-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            "-png",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    image = QImage(str(stem) + ".png").convertToFormat(QImage.Format.Format_RGB32)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    bits = bytes(image.constBits())
    xs, ys = [], []
    for y in range(height):
        row = bits[y * stride : y * stride + width * 4]
        for x in range(0, width * 4, 4):
            b, r = row[x], row[x + 2]  # little-endian 0xAARRGGBB: blue first, red third
            if b > 140 and r < 110 and b - r > 60:
                xs.append(x // 4)
                ys.append(y)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs) + 1, max(ys) + 1)


def page_lines(page_text):
    """Return a page's non-empty lines, stripped."""
    return [line.strip() for line in page_text.splitlines() if line.strip()]


def assert_filing(pdf):
    """Check a filing copy's PDF: the conformed signature is there and no image is."""
    text = "\n".join(pdf_text(pdf))
    assert CONFORMED in text
    assert pdf_images(pdf) == []


def assert_signed(pdf, tmp_path):
    """Check a signed copy's PDF: one image, on the signature page, above the typed name."""
    pages = pdf_text(pdf)
    images = [row for row in pdf_images(pdf) if row[1] == "image"]
    assert len(images) == 1, images
    sig_page = next(n for n, text in enumerate(pages, start=1) if "Very truly yours" in text)
    assert images[0][0] == sig_page
    assert "/s/" not in "\n".join(pages)
    name = word_boxes(pdf, sig_page, "Dye")[-1]
    closing = word_boxes(pdf, sig_page, "truly")[-1]
    ink = ink_box(pdf, sig_page, tmp_path)
    assert ink is not None, "no signature ink on the signature page"
    # Between the closing and the typed name, and not overlapping the name.
    assert closing[3] - 2 <= ink[1], (closing, ink)
    assert ink[3] <= name[1] + 2, (ink, name)


def assert_draft(pdf):
    """Check a draft's PDF: every page's first line is the DRAFT mark."""
    pages = pdf_text(pdf, layout=True)
    assert len(pages) >= 2
    for text in pages:
        assert page_lines(text)[0] == "DRAFT", page_lines(text)[:2]


def assert_continuation_headers(pdf, skip_draft=False):
    """Check every page after the first starts with the continuation header (after any DRAFT mark)."""
    pages = pdf_text(pdf, layout=True)
    assert len(pages) >= 2
    first = page_lines(pages[0])
    if skip_draft:
        first = first[1:]
    assert first[0] != HEADER[0] and "Page 1" not in first
    for num, text in enumerate(pages[1:], start=2):
        lines = page_lines(text)
        if skip_draft:
            assert lines[0] == "DRAFT"
            lines = lines[1:]
        assert lines[:2] == [HEADER[0], HEADER[1].format(num=num)], lines[:3]
