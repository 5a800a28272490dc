"""Fonts for layout: the Qt application fonts need, metric-compatible substitutes, measured fonts."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QGuiApplication, QRawFont

from .letterhead import TWIPS, ParagraphStyle

# Metric-compatible stand-ins, used when the letterhead's font is not installed.
FONT_SUBSTITUTES = {
    "Times New Roman": "Liberation Serif",
    "Arial": "Liberation Sans",
    "Helvetica": "Liberation Sans",
    "Courier New": "Liberation Mono",
    "Cambria": "Caladea",
    "Calibri": "Carlito",
}


def ensure_gui_application() -> QGuiApplication:
    """Return the running Qt application, creating a QGuiApplication (offscreen without a display)."""
    app = QGuiApplication.instance()
    if app is None:
        if (
            not os.environ.get("QT_QPA_PLATFORM")
            and os.name == "posix"
            and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")
            and not _is_macos()
        ):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(["opiniondesk"])
    return app  # type: ignore[return-value]


def _is_macos() -> bool:
    import sys

    return sys.platform == "darwin"


_substitutions_done = False


def install_font_substitutes() -> None:
    """Map missing letterhead fonts to their metric twins (Times New Roman -> Liberation Serif)."""
    global _substitutions_done
    if _substitutions_done:
        return
    _substitutions_done = True
    families = set(QFontDatabase.families())
    for wanted, twin in FONT_SUBSTITUTES.items():
        if wanted not in families and twin in families:
            QFont.insertSubstitution(wanted, twin)


@dataclass(eq=False)  # compared and hashed by identity: one per font, kept in _fonts
class _FontInfo:
    font: QFont
    metrics: QFontMetricsF
    ascent: float  # points
    descent: float
    line_gap: float
    widths: dict[str, float]
    key: tuple = ()

    @property
    def line_height(self) -> float:
        # Single spacing as LibreOffice computes it: ascent + descent + the hhea line gap, in twips.
        return round((self.ascent + self.descent + self.line_gap) * TWIPS) / TWIPS

    def width(self, text: str) -> float:
        w = self.widths.get(text)
        if w is None:
            w = self.metrics.horizontalAdvance(text) / TWIPS
            self.widths[text] = w
        return w


_fonts: dict[tuple, _FontInfo] = {}


def _font(
    family: str,
    size: float,
    bold: bool,
    italic: bool,
    underline: bool = False,
    letter_spacing: float = 0.0,
) -> _FontInfo:
    key = (family, size, bold, italic, underline, letter_spacing)
    info = _fonts.get(key)
    if info is None:
        install_font_substitutes()
        font = QFont(family)
        font.setPixelSize(max(1, round(size * TWIPS)))
        font.setBold(bold)
        font.setItalic(italic)
        font.setUnderline(underline)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        if letter_spacing:
            font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, letter_spacing * TWIPS)
        metrics = QFontMetricsF(font)
        ascent, descent, gap = metrics.ascent(), metrics.descent(), metrics.leading()
        raw = QRawFont.fromFont(font)
        hhea = bytes(raw.fontTable("hhea").data()) if raw.isValid() else b""
        if len(hhea) >= 10 and raw.unitsPerEm() > 0:
            asc, desc, gap_units = struct.unpack(">hhh", hhea[4:10])
            scale = font.pixelSize() / raw.unitsPerEm()
            gap = max(0, gap_units) * scale
        info = _FontInfo(font, metrics, ascent / TWIPS, descent / TWIPS, gap / TWIPS, {}, key)
        _fonts[key] = info
    return info


def _style_font(style: ParagraphStyle, marks: frozenset[str] = frozenset()) -> _FontInfo:
    return _font(
        style.font_family,
        style.font_size,
        style.bold or "strong" in marks,
        style.italic or "em" in marks,
        "u" in marks,
        style.letter_spacing,
    )
