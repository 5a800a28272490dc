"""Fonts for layout: the Qt application fonts need, metric-compatible substitutes, measured fonts."""

from __future__ import annotations

import os
import struct
import unicodedata
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QGuiApplication, QRawFont

from ..core.model import Letter, Text
from ..writers.styles import HEADER_STYLES
from .clusters import graphemes
from .letterhead import TWIPS, PageSetup, ParagraphStyle, page_setup

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


LONG_TEXT = 1000  # characters: longer texts are measured in pieces of this length


@dataclass(eq=False)  # compared and hashed by identity: one per font, kept in _fonts
class _FontInfo:
    font: QFont
    metrics: QFontMetricsF
    ascent: float  # points
    descent: float
    line_gap: float
    widths: dict[str, float]
    key: tuple = ()
    raw: QRawFont | None = None
    # Points added after each character (a style's expanded spacing, as in the DRAFT mark). Qt's
    # own letter spacing grows with the device's resolution (a PDF spread it across the page), so
    # the layout adds it itself and `paint` draws such text one character at a time.
    letter_spacing: float = 0.0

    @property
    def line_height(self) -> float:
        # Single spacing as LibreOffice computes it: ascent + descent + the hhea line gap, in twips.
        return round((self.ascent + self.descent + self.line_gap) * TWIPS) / TWIPS

    def width(self, text: str) -> float:
        w = self.widths.get(text)
        if w is None:
            if len(text) > LONG_TEXT:
                # Qt measures in 26.6 fixed point, which overflows past about a million twips:
                # a long text is measured in pieces (and not kept: it is a word to be split).
                return sum(
                    self.width(text[n : n + LONG_TEXT]) for n in range(0, len(text), LONG_TEXT)
                )
            if self.letter_spacing:
                w = sum(self.spaced_advances(text))
            else:
                w = self.metrics.horizontalAdvance(text) / TWIPS
            self.widths[text] = w
        return w

    def spaced_advances(self, text: str) -> list[float]:
        """Return the advance of each grapheme cluster, the letter spacing included."""
        return [
            self.metrics.horizontalAdvance(c) / TWIPS + self.letter_spacing for c in graphemes(text)
        ]

    def draws(self, char: str) -> bool:
        """Return whether this font, or another installed one Qt falls back to, has the glyph."""
        if self.raw is not None and self.raw.supportsCharacter(ord(char)):
            return True
        return _drawable_anywhere(char)


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
        metrics = QFontMetricsF(font)
        ascent, descent, gap = metrics.ascent(), metrics.descent(), metrics.leading()
        raw = QRawFont.fromFont(font)
        hhea = bytes(raw.fontTable("hhea").data()) if raw.isValid() else b""
        if len(hhea) >= 10 and raw.unitsPerEm() > 0:
            asc, desc, gap_units = struct.unpack(">hhh", hhea[4:10])
            scale = font.pixelSize() / raw.unitsPerEm()
            gap = max(0, gap_units) * scale
        info = _FontInfo(
            font,
            metrics,
            ascent / TWIPS,
            descent / TWIPS,
            gap / TWIPS,
            {},
            key,
            raw if raw.isValid() else None,
            letter_spacing,
        )
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


# ---- characters no font draws --------------------------------------------------------------------

# Characters that draw nothing of their own: controls, format characters (joiners), separators
# and variation selectors. No font needs a glyph for them.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_drawable: dict[str, bool] = {}
_fallback_fonts: list[QRawFont] = []


def _needs_glyph(char: str) -> bool:
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def _drawable_anywhere(char: str) -> bool:
    """Return whether any installed font has a glyph for a character (asked once per character)."""
    known = _drawable.get(char)
    if known is None:
        if not _fallback_fonts:
            for family in QFontDatabase.families():
                raw = QRawFont.fromFont(QFont(family))
                if raw.isValid():
                    _fallback_fonts.append(raw)
        code = ord(char)
        known = any(raw.supportsCharacter(code) for raw in _fallback_fonts)
        _drawable[char] = known
    return known


def undrawable_characters(letter: Letter, setup: PageSetup | None = None) -> dict[str, str]:
    """Return, by fact id, the characters of its value that no installed font can draw (each
    once, in order), so the window and `render` can warn that they print as empty boxes."""
    ensure_gui_application()
    setup = setup or page_setup()
    found: dict[str, str] = {}
    paragraphs = [(setup.style_for(b.kind), b.inlines) for b in letter.blocks]
    paragraphs += [(setup.style(HEADER_STYLES[0]), line) for line in letter.header]
    for style, inlines in paragraphs:
        for inline in inlines:
            if not isinstance(inline, Text) or inline.fact is None or inline.text.isascii():
                continue
            info = _style_font(style, inline.marks)
            for char in dict.fromkeys(inline.text):
                if char.isascii() or not _needs_glyph(char) or info.draws(char):
                    continue
                if char not in found.get(inline.fact, ""):
                    found[inline.fact] = found.get(inline.fact, "") + char
    return found
