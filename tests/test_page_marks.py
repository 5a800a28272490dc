"""Marks over the pages: a redline's insertions blue, deletions red, change bars; edited paragraphs."""

from PySide6.QtGui import QColor, QImage, QPainter

from opiniondesk.core.redline import compare
from opiniondesk.page_marks import (
    DEL_COLOR,
    INS_COLOR,
    paint_changes,
    paint_edited,
    redline_pages,
)
from opiniondesk.pages import layout_letter, paint_page, paint_page_background
from redline_helpers import changed_copy


def _image(page, overlay):
    image = QImage(int(page.width * 2), int(page.height * 2), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.scale(2, 2)
    paint_page_background(painter, page)
    paint_page(painter, page)
    overlay(painter, page)
    painter.end()
    return image


def _has(image, hex_color, x_range=None):
    want = QColor("#" + hex_color)
    xs = range(*x_range) if x_range else range(0, image.width(), 1)
    for y in range(0, image.height(), 2):
        for x in xs:
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - want.red())
                + abs(c.green() - want.green())
                + abs(c.blue() - want.blue())
                < 60
            ):
                return True
    return False


def test_redline_pages_colour_changes_and_bar_them(sample_path):
    """Ensure a redline page draws insertions blue, deletions red, and a bar in the left margin."""
    old, new = changed_copy(sample_path)
    pages = redline_pages(compare(old.render(), new.render()))
    changed = [
        f.color for p in pages for ln in p.lines for f in ln.fragments if f.color != "000000"
    ]
    assert INS_COLOR in changed and DEL_COLOR in changed
    image = _image(pages[0], paint_changes)
    assert _has(image, INS_COLOR) and _has(image, DEL_COLOR)
    left = int(min(f.x for ln in pages[0].body_lines() for f in ln.fragments) * 2)
    assert _has(image, "3C3C3C", (left - 40, left - 10))


def test_edited_paragraphs_marked_in_the_margin(sample_path):
    """Ensure an edited paragraph's lines get the margin mark and others do not."""
    old, _ = changed_copy(sample_path)
    page = layout_letter(old.render())[0]
    left = int(min(f.x for ln in page.body_lines() for f in ln.fragments) * 2)
    assert not _has(
        _image(page, lambda p, pg: paint_edited(p, pg, set())), "B06E00", (left - 40, left - 10)
    )
    assert _has(
        _image(page, lambda p, pg: paint_edited(p, pg, {5})), "B06E00", (left - 40, left - 10)
    )


def test_a_fact_edit_changes_only_the_redline_lines_it_rewords(sample_path):
    """Ensure retyping a fact with the redline shown leaves every line it does not reword the very
    same line, coloured as before, so the redline view repaints only those."""
    from opiniondesk.pages.page import _same_line

    old, new = changed_copy(sample_path)
    layouts = []
    for value in ("CMSI0", "CMSI1"):
        old.facts["registrant_short_name"] = new.facts["registrant_short_name"] = value
        layouts.append(redline_pages(compare(old.render(), new.render())))
    pairs = [(a, b) for p, q in zip(*layouts) for a, b in zip(p.lines, q.lines)]
    reworded = sum(1 for a, b in pairs if (a.text(), a.y, a.runs) != (b.text(), b.y, b.runs))
    redrawn = sum(1 for a, b in pairs if not _same_line(a, b))
    assert reworded >= 5 and redrawn == reworded, (reworded, redrawn)
    colours = {f.color for p in layouts[1] for ln in p.lines for f in ln.fragments}
    assert {INS_COLOR, DEL_COLOR} <= colours


def test_redline_pages_are_laid_out_on_the_letterhead_given(sample_path, tmp_path):
    """Ensure a redline is laid out on the department letterhead it is given, not the built-in one."""
    from letterheads import body_left, wide_letterhead

    old, new = changed_copy(sample_path)
    redline = compare(old.render(), new.render())
    assert body_left(redline_pages(redline)) == 72.0
    assert body_left(redline_pages(redline, wide_letterhead(tmp_path / "wide.docx"))) == 144.0
