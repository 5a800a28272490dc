"""Marks drawn over laid-out pages: a redline's insertions (blue, underlined) and deletions (red,
struck through) with a change bar in the margin, and the margin mark of a paragraph edited for
the matter. The preview, the redline PDF and printing share them; `pages` lays out and paints
the text itself (in the colours given here), these draw on top.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from .core.redline import DEL, FMT, INS, Redline, as_letter
from .pages import Band, Fragment, Line, Page, layout_letter, page_setup
from .pages.page import _in_bands

INS_COLOR = "1F4FBF"  # insertions: blue
DEL_COLOR = "C00000"  # deletions: red
CHANGE_BAR_COLOR = QColor(60, 60, 60)
EDITED_MARK_COLOR = QColor(176, 110, 0)  # a paragraph edited for this matter (amber)
BAR_WIDTH = 1.5  # points
BAR_GAP = 14.0  # points between the text's left edge and a bar

_INK = {INS: INS_COLOR, DEL: DEL_COLOR}


def _change(frag: Fragment) -> str:
    if INS in frag.marks:
        return INS
    if DEL in frag.marks:
        return DEL
    if FMT in frag.marks:
        return FMT
    return ""


def redline_pages(redline: Redline, letterhead: Path | None = None) -> list[Page]:
    """Lay out a redline as pages on a letterhead (the built-in one by default): the new letter's
    paragraphs with the old words struck through, insertions and deletions in their colours (set
    as lines are laid out, so a line typing did not change is the very line laid out before)."""
    return layout_letter(as_letter(redline), page_setup(letterhead), _INK)


def _text_left(page: Page) -> float:
    # A line's fragments stand left to right: its first is its leftmost.
    return min((ln.fragments[0].x for ln in page.body_lines() if ln.fragments), default=72.0)


def _bar(painter: QPainter, x: float, line: Line, color: QColor) -> None:
    painter.fillRect(QRectF(x, line.y, BAR_WIDTH, line.height), color)


def paint_changes(painter: QPainter, page: Page, bands: list[Band] | None = None) -> None:
    """Draw a redline's marks over a painted page: insertions underlined, deletions struck
    through, each in its colour, and a change bar beside every line that changed.

    With `bands`, only the lines crossing them are marked (the preview repaints what changed).
    """
    lines = [ln for ln in page.lines if ln.fragments and _in_bands(ln, bands)]
    if not lines:
        return
    painter.save()
    bar_x = _text_left(page) - BAR_GAP
    pens = {}
    for line in lines:
        changed = False
        for frag in line.fragments:
            change = _change(frag)
            if not change:
                continue
            changed = True
            if change == FMT:
                continue
            pen = pens.get(change)
            if pen is None:
                pen = pens[change] = QPen(QColor("#" + _INK[change]))
                pen.setWidthF(0.6)
            painter.setPen(pen)
            y = line.baseline + 1.2 if change == INS else line.baseline - line.ascent * 0.3
            painter.drawLine(QLineF(frag.x, y, frag.x + frag.width, y))
        if changed and line.block >= 0:
            _bar(painter, bar_x, line, CHANGE_BAR_COLOR)
    painter.restore()


def paint_edited(
    painter: QPainter, page: Page, blocks: Collection[int], bands: list[Band] | None = None
) -> None:
    """Draw the margin mark beside each line of the paragraphs edited for the matter (with
    `bands`, of the lines crossing them)."""
    if not blocks:
        return
    lines = [ln for ln in page.lines if ln.block in blocks and _in_bands(ln, bands)]
    if not lines:
        return
    painter.save()
    bar_x = _text_left(page) - BAR_GAP
    for line in lines:
        _bar(painter, bar_x - BAR_WIDTH, line, EDITED_MARK_COLOR)
        _bar(painter, bar_x + BAR_WIDTH, line, EDITED_MARK_COLOR)
    painter.restore()
