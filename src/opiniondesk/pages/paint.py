"""Painting: a laid-out page drawn in points onto any painter (screen, printer or PDF)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QStaticText,
)

from .clusters import graphemes
from .fonts import _FontInfo, _fonts
from .letterhead import TWIPS
from .page import Band, Fragment, Line, Page, _fact_matches, _in_bands

PLACEHOLDER_COLOR = QColor(255, 236, 64)
FACT_HIGHLIGHT_COLOR = QColor(120, 180, 255, 110)
BLOCK_HIGHLIGHT_COLOR = QColor(120, 180, 255, 40)


_images: dict[bytes, QImage] = {}


def decoded_image(data: bytes) -> QImage:
    """Return an image decoded from its bytes, the last one kept: a signed copy's signature is
    measured at every layout and drawn at every paint, and decoding it took milliseconds."""
    img = _images.get(data)
    if img is None:
        img = QImage.fromData(data)
        _images.clear()
        _images[data] = img
    return img


def _spans(line: Line, wanted: Callable[[Fragment], bool]) -> list[QRectF]:
    """Return the rectangles covering runs of neighbouring fragments that match, gaps included."""
    rects: list[QRectF] = []
    start = end = None
    for frag in line.fragments:
        if wanted(frag):
            if start is None:
                start = frag.x
            end = frag.x + frag.width
        elif start is not None:
            rects.append(QRectF(start, line.y, end - start, line.height))  # type: ignore[operator]
            start = None
    if start is not None:
        rects.append(QRectF(start, line.y, end - start, line.height))  # type: ignore[operator]
    return rects


def paint_page(
    painter: QPainter,
    page: Page,
    *,
    highlight_fact: str | None = None,
    highlight_block: int | None = None,
    bands: list[Band] | None = None,
) -> None:
    """Paint one page in points (1/72 in) onto a painter the caller has scaled to its device.

    With `bands`, only the lines crossing them are drawn (the preview repaints what changed).
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.setPen(Qt.PenStyle.NoPen)
    if highlight_block is not None:
        rows = [ln for ln in page.lines if ln.block == highlight_block]
        if rows:
            x0 = min((f.x for ln in rows for f in ln.fragments), default=72.0)
            x1 = max(
                (f.x + f.width for ln in rows for f in ln.fragments), default=page.width - 72.0
            )
            painter.fillRect(
                QRectF(x0 - 4, rows[0].y, x1 - x0 + 8, rows[-1].y + rows[-1].height - rows[0].y),
                BLOCK_HIGHLIGHT_COLOR,
            )
    lines = page.lines if bands is None else [ln for ln in page.lines if _in_bands(ln, bands)]
    for line in lines:
        if any(f.placeholder for f in line.fragments):
            for rect in _spans(line, _is_placeholder):
                painter.fillRect(rect, PLACEHOLDER_COLOR)
        if highlight_fact:
            for rect in _spans(line, lambda f: _fact_matches(f.fact, highlight_fact)):
                painter.fillRect(rect.adjusted(-1, 0, 1, 0), FACT_HIGHLIGHT_COLOR)
        if line.image is not None and line.image_rect is not None:
            img = decoded_image(line.image)
            painter.drawImage(QRectF(*line.image_rect), img)
    # Text is drawn in twips so fonts sized as twip pixels come out at their point size.
    painter.scale(1 / TWIPS, 1 / TWIPS)
    # On screen, each run is kept laid out (QStaticText) between paints: typing changes a few
    # lines, and shaping every run again was most of a repaint. Paper and PDF draw plain text.
    if isinstance(painter.device(), QPagedPaintDevice):
        _draw_on_paper(painter, lines)
    else:
        _draw_on_screen(painter, lines)
    painter.restore()


def _draw_spaced(painter: QPainter, info: _FontInfo, x: float, base: float, text: str) -> None:
    """Draw expanded text one character at a time at the layout's own advances."""
    at = x
    for cluster, advance in zip(graphemes(text), info.spaced_advances(text)):
        painter.drawText(QPointF(at * TWIPS, base), cluster)
        at += advance


def _draw_on_screen(painter: QPainter, lines: list[Line]) -> None:
    scale = round(painter.transform().m11(), 4)
    current_font = None
    current_color = None
    for line in lines:
        base = line.baseline * TWIPS
        for x, text, key, color in line.runs:
            info = _fonts.get(key)
            if info is None:
                continue
            static = None
            if info.letter_spacing:
                font = info.font
            else:
                cache_key = (text, key, line.word_spacing, scale)
                static = _static_texts.get(cache_key)
                if static is None:
                    font = _spaced_font(info, line.word_spacing) if line.word_spacing else info.font
                    prepared = QStaticText(text)
                    prepared.setTextFormat(Qt.TextFormat.PlainText)
                    prepared.prepare(painter.transform(), font)
                    static = (prepared, font)
                    if len(_static_texts) >= STATIC_TEXT_CACHE_SIZE:
                        _static_texts.clear()
                    _static_texts[cache_key] = static
                font = static[1]
            if font is not current_font:
                painter.setFont(font)
                current_font = font
            if color != current_color:
                painter.setPen(QPen(QColor("#" + color)))
                current_color = color
            if static is None:
                _draw_spaced(painter, info, x, base, text)
            else:
                painter.drawStaticText(QPointF(x * TWIPS, base - info.ascent * TWIPS), static[0])


def _draw_on_paper(painter: QPainter, lines: list[Line]) -> None:
    """Draw the runs as plain text, one drawText a run: the painter is given a font only when
    the face or the word spacing changes (one font a face serves every justified line, its
    spacing set as the line needs), and a pen only when the colour changes."""
    spaced: dict[tuple, QFont] = {}
    held: tuple | None = None  # the font the painter holds: (face, word spacing)
    ink: str | None = None
    for line in lines:
        base = line.baseline * TWIPS
        for x, text, key, color in line.runs:
            info = _fonts.get(key)
            if info is None:
                continue
            word_spacing = 0.0 if info.letter_spacing else line.word_spacing
            if (key, word_spacing) != held:
                font = info.font
                if word_spacing:
                    font = spaced.get(key) or spaced.setdefault(key, QFont(info.font))
                    font.setWordSpacing(word_spacing * TWIPS)  # (the painter keeps its own copy)
                painter.setFont(font)
                held = (key, word_spacing)
            if color != ink:
                painter.setPen(QPen(QColor("#" + color)))
                ink = color
            if info.letter_spacing:
                _draw_spaced(painter, info, x, base, text)
            else:
                painter.drawText(QPointF(x * TWIPS, base), text)


_static_texts: dict[tuple, tuple[QStaticText, QFont]] = {}
STATIC_TEXT_CACHE_SIZE = 4000

# A justified line's font: its runs' font with the line's extra space per word, made once for all
# the runs that share both, so the painter changes font only when one of them changes.
_spaced_fonts: dict[tuple[tuple, float], QFont] = {}
SPACED_FONT_CACHE_SIZE = 2000


def _spaced_font(info: _FontInfo, word_spacing: float) -> QFont:
    font = _spaced_fonts.get((info.key, word_spacing))
    if font is None:
        font = QFont(info.font)
        font.setWordSpacing(word_spacing * TWIPS)
        if len(_spaced_fonts) >= SPACED_FONT_CACHE_SIZE:
            _spaced_fonts.clear()
        _spaced_fonts[(info.key, word_spacing)] = font
    return font


def _is_placeholder(frag: Fragment) -> bool:
    return frag.placeholder


def paint_page_background(painter: QPainter, page: Page) -> None:
    """Fill a page white (the preview draws pages on a grey desk)."""
    painter.fillRect(QRectF(0, 0, page.width, page.height), QBrush(QColor("white")))
