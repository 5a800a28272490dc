"""The page layout engine: the letter model laid out into pages and painted, for preview, PDF and print.

Everything is measured in points (1/72 in). Fonts are sized in twips (1/20 pt) as pixel sizes, so
measuring does not depend on the screen's resolution and matches LibreOffice's twip arithmetic;
`paint_page` paints in points, and callers scale the painter to a screen or a printer.

The modules, in the order a letter goes through them: `letterhead` (the page setup), `fonts`,
`clusters` (text boundaries), `breaking` (paragraphs into lines), `paginate` (lines onto pages),
`page` (what a laid-out page holds) and `paint`.
"""

from __future__ import annotations

import atexit

from ..writers.styles import STYLE_FOR_KIND
from . import breaking, fonts, paginate, paint
from .fonts import (
    FONT_SUBSTITUTES,
    ensure_gui_application,
    install_font_substitutes,
    undrawable_characters,
)
from .letterhead import TWIPS, PageSetup, ParagraphStyle, page_setup
from .page import Band, Fragment, Line, Page, changed_bands
from .paginate import layout_letter
from .paint import (
    BLOCK_HIGHLIGHT_COLOR,
    FACT_HIGHLIGHT_COLOR,
    PLACEHOLDER_COLOR,
    paint_page,
    paint_page_background,
)

__all__ = [
    "BLOCK_HIGHLIGHT_COLOR",
    "FACT_HIGHLIGHT_COLOR",
    "FONT_SUBSTITUTES",
    "PLACEHOLDER_COLOR",
    "STYLE_FOR_KIND",
    "TWIPS",
    "Band",
    "Fragment",
    "Line",
    "Page",
    "PageSetup",
    "ParagraphStyle",
    "changed_bands",
    "ensure_gui_application",
    "install_font_substitutes",
    "layout_letter",
    "page_setup",
    "paint_page",
    "paint_page_background",
    "undrawable_characters",
]


@atexit.register
def _drop_caches() -> None:
    """Let go of fonts and images before Qt shuts down (Qt objects must not outlive the app)."""
    fonts._fonts.clear()
    paginate._para_cache.clear()
    paginate._header_cache.clear()
    breaking._clear_word_cache()
    paint._static_texts.clear()
    paint._spaced_fonts.clear()
    paint._images.clear()
