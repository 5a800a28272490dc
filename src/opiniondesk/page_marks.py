"""Marks drawn over laid-out pages: a redline's insertions (blue, underlined) and deletions (red,
struck through) with a change bar in the margin, and the margin mark of a paragraph edited for
the matter. The preview, the redline PDF and printing share them; `pages` lays out and paints
the text itself, these only recolour and draw on top.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from .core.redline import DEL, FMT, INS, Redline, as_letter
from .pages import Fragment, Line, Page, PageSetup, layout_letter
from .pages.breaking import _draw_runs

INS_COLOR = "1F4FBF"  # insertions: blue
DEL_COLOR = "C00000"  # deletions: red
CHANGE_BAR_COLOR = QColor(60, 60, 60)
EDITED_MARK_COLOR = QColor(176, 110, 0)  # a paragraph edited for this matter (amber)
BAR_WIDTH = 1.5  # points
BAR_GAP = 14.0  # points between the text's left edge and a bar

_INK = {INS: INS_COLOR, DEL: DEL_COLOR}
# Recoloured lines, by the laid-out line they recolour: typing changes a few lines, the rest keep
# their recoloured twins (and so repaint nothing). The original is held so its id stays its own.
_recoloured: dict[int, tuple[list[Fragment], list[Fragment], list]] = {}
RECOLOURED_SIZE = 20000


def _change(frag: Fragment) -> str:
    if INS in frag.marks:
        return INS
    if DEL in frag.marks:
        return DEL
    if FMT in frag.marks:
        return FMT
    return ""


def _recolour(line: Line) -> Line:
    """Return a line whose inserted and deleted fragments are drawn in their colours."""
    if not any(_change(f) in _INK for f in line.fragments):
        return line
    made = _recoloured.get(id(line.fragments))
    if made is None or made[0] is not line.fragments:
        frags = [replace(f, color=_INK.get(_change(f), f.color)) for f in line.fragments]
        if len(_recoloured) >= RECOLOURED_SIZE:
            _recoloured.clear()
        made = (line.fragments, frags, _draw_runs(frags))
        _recoloured[id(line.fragments)] = made
    return Line(
        line.block,
        line.kind,
        line.y,
        line.height,
        line.ascent,
        made[1],
        line.image,
        line.image_rect,
        line.word_spacing,
        made[2],
    )


def redline_pages(redline: Redline, setup: PageSetup | None = None) -> list[Page]:
    """Lay out a redline as pages: the new letter's paragraphs with the old words struck through."""
    pages = layout_letter(as_letter(redline), setup)
    for page in pages:
        page.lines = [_recolour(line) for line in page.lines]
    return pages


def _text_left(page: Page) -> float:
    return min((f.x for ln in page.body_lines() for f in ln.fragments), default=72.0)


def _bar(painter: QPainter, x: float, line: Line, color: QColor) -> None:
    painter.fillRect(QRectF(x, line.y, BAR_WIDTH, line.height), color)


def paint_changes(painter: QPainter, page: Page) -> None:
    """Draw a redline's marks over a painted page: insertions underlined, deletions struck
    through, each in its colour, and a change bar beside every line that changed."""
    painter.save()
    bar_x = _text_left(page) - BAR_GAP
    for line in page.lines:
        changed = False
        for frag in line.fragments:
            change = _change(frag)
            if not change:
                continue
            changed = True
            if change == FMT:
                continue
            pen = QPen(QColor("#" + _INK[change]))
            pen.setWidthF(0.6)
            painter.setPen(pen)
            y = line.baseline + 1.2 if change == INS else line.baseline - line.ascent * 0.3
            painter.drawLine(QLineF(frag.x, y, frag.x + frag.width, y))
        if changed and line.block >= 0:
            _bar(painter, bar_x, line, CHANGE_BAR_COLOR)
    painter.restore()


def paint_edited(painter: QPainter, page: Page, blocks: Collection[int]) -> None:
    """Draw the margin mark beside each line of the paragraphs edited for the matter."""
    if not blocks:
        return
    painter.save()
    bar_x = _text_left(page) - BAR_GAP
    for line in page.lines:
        if line.block in blocks:
            _bar(painter, bar_x - BAR_WIDTH, line, EDITED_MARK_COLOR)
            _bar(painter, bar_x + BAR_WIDTH, line, EDITED_MARK_COLOR)
    painter.restore()


def edited_overlay(blocks: Collection[int]) -> Callable[[QPainter, Page], None]:
    """Return an overlay (for the preview) marking the edited paragraphs' lines in the margin."""
    chosen = frozenset(blocks)
    return lambda painter, page: paint_edited(painter, page, chosen)
