"""Tests for the page layout engine, checked against LibreOffice's own pagination of the DOCX."""

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QPainter

from conftest import pdf_text
from opiniondesk.core.matter import load_matter
from opiniondesk.core.model import Block, Letter, Signature, Text
from opiniondesk.pages import (
    STYLE_FOR_KIND,
    ensure_gui_application,
    layout_letter,
    page_setup,
    paint_page,
)
from opiniondesk.writers.docx import write_docx

LONGER = (
    ", or any other institution acting in a fiduciary capacity that is acceptable to the depositor"
)


@pytest.fixture
def sample(sample_path):
    return load_matter(sample_path)


def _norm(lines):
    return [" ".join(line.split()) for line in lines if line.strip()]


def _compare_with_libreoffice(letter, libreoffice, tmp_path, name):
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(write_docx(letter))
    lo_pages = pdf_text(libreoffice(docx), layout=True)
    ours = layout_letter(letter)
    return lo_pages, ours


def _assert_same_pages(lo_pages, ours):
    assert len(ours) == len(lo_pages), (
        f"LibreOffice made {len(lo_pages)} pages, the preview {len(ours)}"
    )
    for n, (lo, page) in enumerate(zip(lo_pages, ours), start=1):
        lo_lines = _norm(lo.splitlines())
        our_lines = _norm(page.text().splitlines())
        body = [ln.text() for ln in page.body_lines() if ln.fragments]
        # The page's first body words stand in LibreOffice's page, right after its header lines.
        first = " ".join(body[0].split()[:6])
        assert any(line.startswith(first) for line in lo_lines[:4]), (n, first, lo_lines[:4])
        assert lo_lines == our_lines, f"page {n} differs"


def test_page_setup_reads_the_letterhead():
    """Ensure the page setup comes from letterhead.docx: US Letter, 1 in margins, styles per kind."""
    setup = page_setup()
    assert (setup.width, setup.height) == (612.0, 792.0)
    assert (setup.margin_top, setup.margin_left, setup.margin_right, setup.margin_bottom) == (
        72,
        72,
        72,
        72,
    )
    assert setup.header_distance == 36.0
    assert setup.text_width == 468.0
    body = setup.style_for("body")
    assert body.font_family == "Times New Roman" and body.font_size == 12.0
    assert body.alignment == "justify" and body.space_after == 12.0 and body.widow_control
    opinion = setup.style_for("opinion")
    assert opinion.left_indent == 36.0 and opinion.first_line_indent == -36.0
    assert setup.style_for("exhibit").bold and setup.style_for("exhibit").alignment == "right"
    assert setup.style_for("closing").keep_with_next and setup.style_for("signature").keep_with_next
    assert setup.style_for("date").space_after == 24.0
    assert page_setup() is setup  # read once


def test_letterhead_defines_every_style_the_writers_use():
    """Ensure the built-in letterhead defines each style name the DOCX writer and the pages use."""
    import docx

    from opiniondesk.writers.docx import default_letterhead
    from opiniondesk.writers.styles import DRAFT_STYLE, HEADER_STYLES, PLACEHOLDER_STYLE

    names = {s.name for s in docx.Document(str(default_letterhead())).styles}
    wanted = set(STYLE_FOR_KIND.values()) | set(HEADER_STYLES) | {DRAFT_STYLE, PLACEHOLDER_STYLE}
    assert wanted <= names


def test_times_new_roman_falls_back_to_its_metric_twin():
    """Ensure Times New Roman is drawn with Liberation Serif when it is not installed."""
    from PySide6.QtGui import QFontDatabase

    ensure_gui_application()
    layout_letter(Letter([Block("body", (Text("x"),))]))
    info = QFontInfo(QFont("Times New Roman"))
    if "Times New Roman" not in QFontDatabase.families():
        assert info.family() == "Liberation Serif"


def test_sample_filing_copy_paginates_as_libreoffice(sample, libreoffice, tmp_path):
    """Ensure the sample's filing copy has LibreOffice's pages, each starting with the same words."""
    lo_pages, ours = _compare_with_libreoffice(
        sample.render("filing"), libreoffice, tmp_path, "filing"
    )
    assert len(ours) == 2
    _assert_same_pages(lo_pages, ours)


def test_sample_draft_paginates_as_libreoffice(sample, libreoffice, tmp_path):
    """Ensure the draft (DRAFT mark in the header) also paginates as LibreOffice does."""
    lo_pages, ours = _compare_with_libreoffice(
        sample.render("draft"), libreoffice, tmp_path, "draft"
    )
    _assert_same_pages(lo_pages, ours)
    assert all(p.lines[0].kind == "draft" and p.lines[0].text() == "DRAFT" for p in ours)


@pytest.mark.parametrize("copy,repeat", [("filing", 30), ("draft", 22), ("filing", 26)])
def test_longer_letter_paginates_as_libreoffice(sample, libreoffice, tmp_path, copy, repeat):
    """Ensure a letter lengthened to three pages breaks its pages where LibreOffice does."""
    sample.facts["trustee_kinds"] += LONGER * repeat
    letter = sample.render(copy)
    lo_pages, ours = _compare_with_libreoffice(
        letter, libreoffice, tmp_path, f"long-{copy}-{repeat}"
    )
    assert len(ours) >= 3
    _assert_same_pages(lo_pages, ours)


def test_continuation_header_and_signature_block(sample):
    """Ensure pages 2+ carry the continuation header with their number and the signature stays whole."""
    sample.facts["trustee_kinds"] += LONGER * 26
    pages = layout_letter(sample.render("filing"))
    assert len(pages) == 3
    assert pages[0].text().splitlines()[0] == "Exhibit 5.1"
    for page in pages[1:]:
        lines = page.text().splitlines()
        assert lines[:2] == ["Citicorp Mortgage Securities, Inc.", f"Page {page.number}"]
    kinds_by_page = [{ln.kind for ln in p.body_lines()} for p in pages]
    sig_pages = [
        n for n, kinds in enumerate(kinds_by_page) if kinds & {"closing", "signature", "signer"}
    ]
    assert len(sig_pages) == 1 and {"closing", "signature", "signer"} <= kinds_by_page[sig_pages[0]]


def test_widows_and_orphans_are_avoided(sample):
    """Ensure no page starts or ends with a single line of a paragraph split across pages."""
    for repeat in range(18, 40, 3):
        sample.facts["trustee_kinds"] = "a trust company" + LONGER * repeat
        pages = layout_letter(sample.render("filing"))
        for a, b in zip(pages, pages[1:]):
            last, first = a.body_lines()[-1], b.body_lines()[0]
            if last.block == first.block:
                assert sum(1 for ln in a.body_lines() if ln.block == last.block) >= 2
                assert sum(1 for ln in b.body_lines() if ln.block == first.block) >= 2


def test_opinion_paragraphs_hang_their_number(sample):
    """Ensure an opinion's number stands at the margin and its text at the half-inch indent."""
    pages = layout_letter(sample.render("filing"))
    opinion_lines = [ln for p in pages for ln in p.body_lines() if ln.kind == "opinion"]
    first = opinion_lines[0]
    assert first.fragments[0].text == "1." and first.fragments[0].x == pytest.approx(72.0)
    assert first.fragments[1].x == pytest.approx(108.0)
    numbered = [ln for ln in opinion_lines if ln.fragments[0].x == pytest.approx(72.0)]
    assert [ln.fragments[0].text for ln in numbered] == [
        f"{n}." for n in range(1, len(numbered) + 1)
    ]
    assert all(
        ln.fragments[0].x == pytest.approx(108.0) for ln in opinion_lines if ln not in numbered
    )


def test_body_text_is_justified(sample):
    """Ensure full body lines end at the right margin and a paragraph's last line does not."""
    page = layout_letter(sample.render("filing"))[0]
    body = [ln for ln in page.body_lines() if ln.kind == "body"]
    ends = [ln.fragments[-1].x + ln.fragments[-1].width for ln in body]
    assert sum(1 for e in ends if e == pytest.approx(540.0, abs=0.01)) >= 10
    assert any(e < 500 for e in ends)


def test_fragments_know_their_block_and_fact(sample):
    """Ensure each line knows its block and each fact's text knows its fact id."""
    sample.facts.pop("registrant_short_name")
    letter = sample.render("draft")
    pages = layout_letter(letter)
    frags = [f for p in pages for ln in p.lines for f in ln.fragments]
    assert any(f.fact == "registrant_name" and f.text == "Citicorp" for f in frags)
    holders = [f for f in frags if f.placeholder]
    assert holders and all(f.fact == "registrant_short_name" for f in holders)
    assert pages[0].fact_rects("registrant_short_name")
    blocks = {ln.block for p in pages for ln in p.body_lines()}
    assert blocks == {b.index for b in letter.blocks}


def test_signature_image_is_drawn_above_the_name():
    """Ensure a signed copy's signature image takes its width in inches above the typed name."""
    ensure_gui_application()
    image = QImage(400, 100, QImage.Format.Format_ARGB32)
    image.fill(QColor("blue"))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    letter = Letter(
        [
            Block("closing", (Text("Very truly yours,"),), index=0),
            Block("signature", (), index=1),
            Block("signer", (Text("John R. Dye"),), index=2),
        ],
        signature=Signature("image", "John R. Dye", bytes(buf.data()), 2.0),
        copy="signed",
    )
    page = layout_letter(letter)[0]
    sig = next(ln for ln in page.lines if ln.kind == "signature")
    signer = next(ln for ln in page.lines if ln.kind == "signer")
    x, y, w, h = sig.image_rect
    assert (w, h) == (pytest.approx(144.0), pytest.approx(36.0))
    assert y + h <= signer.y
    canvas = QImage(612, 792, QImage.Format.Format_ARGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    paint_page(painter, page)
    painter.end()
    assert canvas.pixelColor(int(x + w / 2), int(y + h / 2)) == QColor("blue")


def test_a_signature_image_is_decoded_once_for_every_layout_and_paint(monkeypatch):
    """Ensure laying out and painting a signed copy again (as the preview does on each keystroke)
    decodes its signature image once, not once per layout: a large image took 10 ms each time."""
    ensure_gui_application()
    image = QImage(1200, 400, QImage.Format.Format_ARGB32)
    image.fill(QColor("blue"))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    png = bytes(buf.data()) + b"\0"  # bytes no other test decodes first
    letter = Letter(
        [Block("signature", (), index=0), Block("signer", (Text("John R. Dye"),), index=1)],
        signature=Signature("image", "John R. Dye", png, 2.0),
        copy="signed",
    )
    decoded = []
    real = QImage.fromData

    def counting(data, *args):
        decoded.append(len(data))
        return real(data, *args)

    monkeypatch.setattr(QImage, "fromData", staticmethod(counting))
    canvas = QImage(612, 792, QImage.Format.Format_ARGB32)
    for _ in range(3):
        page = layout_letter(letter)[0]
        painter = QPainter(canvas)
        paint_page(painter, page)
        painter.end()
    assert decoded == [len(png)]
    assert next(ln for ln in page.lines if ln.kind == "signature").image_rect[3] == pytest.approx(
        48.0
    )


def test_conformed_and_blank_signatures(sample):
    """Ensure the filing copy shows "/s/ Name" and a draft leaves two empty lines for the pen."""
    filing = layout_letter(sample.render("filing"))[-1]
    assert any(ln.text() == "/s/ John R. Dye" for ln in filing.lines)
    draft = layout_letter(sample.render("draft"))[-1]
    blank = [ln for ln in draft.lines if ln.kind == "signature"]
    assert len(blank) == 2 and not any(ln.fragments for ln in blank)


def test_placeholders_are_painted_yellow(sample):
    """Ensure a missing fact's placeholder is painted on a yellow ground."""
    sample.facts.pop("registrant_short_name")
    page = layout_letter(sample.render("draft"))[0]
    rect = page.fact_rects("registrant_short_name")[0]
    scale = 2.0
    canvas = QImage(int(612 * scale), int(792 * scale), QImage.Format.Format_ARGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.scale(scale, scale)
    paint_page(painter, page)
    painter.end()
    colors = {
        canvas.pixelColor(int((rect.left() + dx) * scale), int((rect.top() + 1) * scale)).name()
        for dx in range(0, int(rect.width()), 2)
    }
    assert "#ffec40" in colors


def test_a_word_wider_than_the_line_is_split_within_the_margins(sample):
    """Ensure an unbroken string longer than a line wraps inside the margins, every letter kept."""
    sample.facts["trustee_kinds"] = "B" * 150
    pages = layout_letter(sample.render("filing"))
    setup = page_setup()
    right = setup.width - setup.margin_right
    lines = [line for page in pages for line in page.lines if "BBBB" in line.text()]
    assert len(lines) >= 2
    assert all(f.x + f.width <= right + 0.5 for line in lines for f in line.fragments)
    assert sum(line.text().count("B") for line in lines) == 150
