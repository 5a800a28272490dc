"""The page layout engine: the letter model laid out into pages and painted, for preview, PDF and print.

Everything is measured in points (1/72 in). Fonts are sized in twips (1/20 pt) as pixel sizes, so
measuring does not depend on the screen's resolution and matches LibreOffice's twip arithmetic;
`paint_page` paints in points, and callers scale the painter to a screen or a printer.
"""

from __future__ import annotations

import atexit
import os
import struct
import zipfile
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

from PySide6.QtCore import QPointF, QRectF, Qt, QTextBoundaryFinder
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QRawFont,
    QStaticText,
)

from . import paths
from .core.model import Block, Inline, Letter, LineBreak, PageNumber, Placeholder, Text
from .writers.styles import DRAFT_STYLE, HEADER_STYLES, STYLE_FOR_KIND

TWIPS = 20.0  # twentieths of a point: the unit fonts are sized in
# Metric-compatible stand-ins, used when the letterhead's font is not installed.
FONT_SUBSTITUTES = {
    "Times New Roman": "Liberation Serif",
    "Arial": "Liberation Sans",
    "Helvetica": "Liberation Sans",
    "Courier New": "Liberation Mono",
    "Cambria": "Caladea",
    "Calibri": "Carlito",
}
PLACEHOLDER_COLOR = QColor(255, 236, 64)
FACT_HIGHLIGHT_COLOR = QColor(120, 180, 255, 110)
BLOCK_HIGHLIGHT_COLOR = QColor(120, 180, 255, 40)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# ---- page setup, from the letterhead ------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphStyle:
    """How one kind of paragraph looks: font, alignment, indents, spacing, keeps."""

    font_family: str = "Times New Roman"
    font_size: float = 12.0
    bold: bool = False
    italic: bool = False
    color: str = "000000"
    letter_spacing: float = 0.0
    alignment: str = "left"  # left, right, center, justify
    left_indent: float = 0.0
    first_line_indent: float = 0.0  # negative for a hanging indent
    space_before: float = 0.0
    space_after: float = 0.0
    line_rule: str = "auto"  # auto (multiple of single), exact, atLeast
    line_value: float = 1.0  # the multiple for auto, points otherwise
    keep_with_next: bool = False
    keep_lines: bool = False
    widow_control: bool = True
    tab_stops: tuple[float, ...] = ()


@dataclass(frozen=True)
class PageSetup:
    """The page: size and margins in points, the header distance, and a style per block kind."""

    width: float = 612.0
    height: float = 792.0
    margin_top: float = 72.0
    margin_bottom: float = 72.0
    margin_left: float = 72.0
    margin_right: float = 72.0
    header_distance: float = 36.0
    default_tab: float = 36.0
    first_header_paragraphs: int = 1
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)

    @property
    def text_width(self) -> float:
        """Return the width of the text column."""
        return self.width - self.margin_left - self.margin_right

    def style(self, name: str) -> ParagraphStyle:
        """Return a paragraph style by its letterhead name, or Normal."""
        return self.styles.get(name) or self.styles.get("Normal") or ParagraphStyle()

    def style_for(self, kind: str) -> ParagraphStyle:
        """Return the paragraph style of a block kind."""
        return self.style(STYLE_FOR_KIND.get(kind, "Normal"))


def _twips(value: str | None, default: float = 0.0) -> float:
    return int(value) / TWIPS if value not in (None, "") else default


def _on(el: ET.Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(f"{_W}val", "true") not in ("0", "false", "off")


def _apply_ppr(props: dict, ppr: ET.Element | None) -> None:
    if ppr is None:
        return
    jc = ppr.find(f"{_W}jc")
    if jc is not None:
        val = jc.get(f"{_W}val", "left")
        props["alignment"] = {
            "both": "justify",
            "distribute": "justify",
            "start": "left",
            "end": "right",
        }.get(val, val)
    ind = ppr.find(f"{_W}ind")
    if ind is not None:
        left = ind.get(f"{_W}left") or ind.get(f"{_W}start")
        if left is not None:
            props["left_indent"] = _twips(left)
        if ind.get(f"{_W}hanging") is not None:
            props["first_line_indent"] = -_twips(ind.get(f"{_W}hanging"))
        elif ind.get(f"{_W}firstLine") is not None:
            props["first_line_indent"] = _twips(ind.get(f"{_W}firstLine"))
    sp = ppr.find(f"{_W}spacing")
    if sp is not None:
        if sp.get(f"{_W}before") is not None:
            props["space_before"] = _twips(sp.get(f"{_W}before"))
        if sp.get(f"{_W}after") is not None:
            props["space_after"] = _twips(sp.get(f"{_W}after"))
        if sp.get(f"{_W}line") is not None:
            rule = sp.get(f"{_W}lineRule", "auto")
            line = int(sp.get(f"{_W}line"))  # type: ignore[arg-type]
            props["line_rule"] = rule
            props["line_value"] = line / 240 if rule == "auto" else line / TWIPS
    for tag, key in (
        ("keepNext", "keep_with_next"),
        ("keepLines", "keep_lines"),
        ("widowControl", "widow_control"),
    ):
        on = _on(ppr.find(f"{_W}{tag}"))
        if on is not None:
            props[key] = on
    tabs = ppr.find(f"{_W}tabs")
    if tabs is not None:
        props["tab_stops"] = tuple(
            sorted(
                _twips(t.get(f"{_W}pos"))
                for t in tabs.findall(f"{_W}tab")
                if t.get(f"{_W}val") != "clear"
            )
        )


def _apply_rpr(props: dict, rpr: ET.Element | None) -> None:
    if rpr is None:
        return
    fonts = rpr.find(f"{_W}rFonts")
    if fonts is not None and (fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")):
        props["font_family"] = fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")
    sz = rpr.find(f"{_W}sz")
    if sz is not None and sz.get(f"{_W}val"):
        props["font_size"] = int(sz.get(f"{_W}val")) / 2  # type: ignore[arg-type]
    for tag, key in (("b", "bold"), ("i", "italic")):
        on = _on(rpr.find(f"{_W}{tag}"))
        if on is not None:
            props[key] = on
    color = rpr.find(f"{_W}color")
    if color is not None and color.get(f"{_W}val") not in (None, "auto"):
        props["color"] = color.get(f"{_W}val")
    spacing = rpr.find(f"{_W}spacing")
    if spacing is not None:
        props["letter_spacing"] = _twips(spacing.get(f"{_W}val"))


def _read_part(zf: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        return ET.fromstring(zf.read(name))
    except KeyError:
        return None


def _parse_letterhead(path: Path) -> PageSetup:
    with zipfile.ZipFile(path) as zf:
        styles_root = _read_part(zf, "word/styles.xml")
        doc = _read_part(zf, "word/document.xml")
        rels = _read_part(zf, "word/_rels/document.xml.rels")
        base: dict = {}
        by_id: dict[str, ET.Element] = {}
        names: dict[str, str] = {}
        if styles_root is not None:
            defaults = styles_root.find(f"{_W}docDefaults")
            if defaults is not None:
                _apply_rpr(base, defaults.find(f"{_W}rPrDefault/{_W}rPr"))
                _apply_ppr(base, defaults.find(f"{_W}pPrDefault/{_W}pPr"))
            for st in styles_root.findall(f"{_W}style"):
                if st.get(f"{_W}type") == "paragraph":
                    sid = st.get(f"{_W}styleId", "")
                    by_id[sid] = st
                    name = st.find(f"{_W}name")
                    names[sid] = name.get(f"{_W}val", sid) if name is not None else sid

        @cache
        def resolved(sid: str, depth: int = 0) -> dict:
            st = by_id.get(sid)
            if st is None or depth > 20:
                return dict(base)
            parent = st.find(f"{_W}basedOn")
            props = (
                dict(resolved(parent.get(f"{_W}val", ""), depth + 1))
                if parent is not None
                else dict(base)
            )
            _apply_ppr(props, st.find(f"{_W}pPr"))
            _apply_rpr(props, st.find(f"{_W}rPr"))
            return props

        styles = {names[sid]: ParagraphStyle(**resolved(sid)) for sid in by_id}
        styles.setdefault("Normal", ParagraphStyle(**base))
        setup: dict = {"styles": styles}
        sect = doc.find(f"{_W}body/{_W}sectPr") if doc is not None else None
        if sect is not None:
            size = sect.find(f"{_W}pgSz")
            if size is not None:
                setup["width"] = _twips(size.get(f"{_W}w"), 612.0)
                setup["height"] = _twips(size.get(f"{_W}h"), 792.0)
            mar = sect.find(f"{_W}pgMar")
            if mar is not None:
                for attr, key in (
                    ("top", "margin_top"),
                    ("bottom", "margin_bottom"),
                    ("left", "margin_left"),
                    ("right", "margin_right"),
                    ("header", "header_distance"),
                ):
                    if mar.get(f"{_W}{attr}") is not None:
                        setup[key] = abs(_twips(mar.get(f"{_W}{attr}")))
            targets = {}
            if rels is not None:
                targets = {r.get("Id"): r.get("Target") for r in rels}
            for ref in sect.findall(f"{_W}headerReference"):
                if ref.get(f"{_W}type") == "first" and ref.get(f"{_R}id") in targets:
                    hdr = _read_part(zf, "word/" + str(targets[ref.get(f"{_R}id")]).lstrip("/"))
                    if hdr is not None:
                        setup["first_header_paragraphs"] = len(hdr.findall(f"{_W}p"))
        settings = _read_part(zf, "word/settings.xml")
        if settings is not None:
            tab = settings.find(f"{_W}defaultTabStop")
            if tab is not None:
                setup["default_tab"] = _twips(tab.get(f"{_W}val"), 36.0)
    return PageSetup(**setup)


@cache
def _page_setup_cached(path: Path, mtime: float) -> PageSetup:
    return _parse_letterhead(path)


def page_setup(letterhead: Path | None = None) -> PageSetup:
    """Return the page setup of a letterhead DOCX (the built-in one by default), read once."""
    path = Path(letterhead) if letterhead else paths.resource("letterhead.docx")
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return PageSetup(styles={"Normal": ParagraphStyle()})
    return _page_setup_cached(path.resolve(), mtime)


# ---- fonts --------------------------------------------------------------------------------------


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


@atexit.register
def _drop_caches() -> None:
    """Let go of fonts and images before Qt shuts down (Qt objects must not outlive the app)."""
    _fonts.clear()
    _para_cache.clear()
    _word_cache.clear()
    _line_cache.clear()
    _header_cache.clear()
    _static_texts.clear()
    _images.clear()


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


# ---- the laid-out pages -----------------------------------------------------------------------------


@dataclass(slots=True)
class Fragment:
    """A piece of text on a line: where it stands, how it looks, and which fact it shows."""

    text: str
    x: float
    width: float
    font_key: tuple
    fact: str | None = None
    placeholder: bool = False
    color: str = "000000"
    spaces_before: int = 0  # spaces between the previous fragment on the line and this one
    marks: frozenset[str] = frozenset()  # its run's marks (a redline's "ins"/"del" among them)


@dataclass
class Line:
    """One laid-out line: its block (-1 in a header), top and baseline, and its fragments."""

    block: int
    kind: str
    y: float
    height: float
    ascent: float
    fragments: list[Fragment] = field(default_factory=list)
    image: bytes | None = None
    image_rect: tuple[float, float, float, float] | None = None
    word_spacing: float = 0.0  # extra width per space on a justified line
    runs: list[tuple[float, str, tuple, str]] = field(default_factory=list)  # what paint draws

    @property
    def baseline(self) -> float:
        """Return the baseline's distance from the top of the page."""
        return self.y + self.ascent

    def text(self) -> str:
        """Return the line's text, fragments joined by the spaces between them."""
        out = ""
        end = None
        for frag in self.fragments:
            if (
                end is not None
                and frag.x > end + 0.5
                and not out.endswith(" ")
                and not frag.text.startswith(" ")
            ):
                out += " "
            out += frag.text
            end = frag.x + frag.width
        return out.rstrip()


@dataclass
class Page:
    """One page: its number, its size, and its lines (header lines first)."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    total: int = 0

    def text(self) -> str:
        """Return the page's plain text, one line per laid-out line."""
        return "\n".join(line.text() for line in self.lines if line.fragments)

    def body_lines(self) -> list[Line]:
        """Return the lines of the letter body (not the header or the draft mark)."""
        return [line for line in self.lines if line.block >= 0]

    def fragment_at(self, x: float, y: float) -> Fragment | None:
        """Return the fragment under a point (page points), if any."""
        for line in self.lines:
            if line.y <= y <= line.y + line.height:
                for frag in line.fragments:
                    if frag.x - 1 <= x <= frag.x + frag.width + 1:
                        return frag
        return None

    def fact_rects(self, fact: str) -> list[QRectF]:
        """Return where a fact's value (or placeholder) stands on this page."""
        return [
            QRectF(f.x, ln.y, f.width, ln.height)
            for ln in self.lines
            for f in ln.fragments
            if _fact_matches(f.fact, fact)
        ]


def _fact_matches(frag_fact: str | None, fact: str) -> bool:
    return frag_fact is not None and (frag_fact == fact or frag_fact.startswith(fact + "."))


Band = tuple[float, float]  # a horizontal strip of a page: top and bottom, in points


def _same_line(a: Line, b: Line) -> bool:
    # Lines laid out from the caches share their fragment and run lists: identity is the quick
    # proof; anything else counts as changed (at worst a line is repainted for nothing).
    return (
        (a.fragments is b.fragments or not (a.fragments or b.fragments))
        and (a.runs is b.runs or not (a.runs or b.runs))
        and a.y == b.y
        and a.height == b.height
        and a.image_rect == b.image_rect
        and a.image == b.image
    )


def changed_bands(old: Page, new: Page) -> list[Band]:
    """Return the strips of a page (merged, top to bottom) where two layouts of it differ."""
    bands: list[Band] = []
    for n in range(max(len(old.lines), len(new.lines))):
        a = old.lines[n] if n < len(old.lines) else None
        b = new.lines[n] if n < len(new.lines) else None
        if a is not None and b is not None and _same_line(a, b):
            continue
        for line in (a, b):
            if line is not None:
                bands.append((line.y, line.y + line.height))
    bands.sort()
    merged: list[Band] = []
    for top, bottom in bands:
        if merged and top <= merged[-1][1] + 0.01:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


BAND_REACH = 1.0  # points: how far a neighbour's accents and descenders may reach past its line


def _in_bands(line: Line, bands: list[Band] | None) -> bool:
    if bands is None:
        return True
    top, bottom = line.y - BAND_REACH, line.y + line.height + BAND_REACH
    return any(b0 < bottom and top < b1 for b0, b1 in bands)


# ---- line breaking ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    text: str
    info: _FontInfo
    marks: frozenset[str]
    fact: str | None
    placeholder: bool
    width: float
    is_space: bool = False


@dataclass(slots=True, eq=False)  # hashed by identity: cached words stand in line-cache keys
class _Word:
    """Text between two break opportunities: its pieces, width, and trailing-space width."""

    pieces: list[_Piece]
    width: float  # without trailing spaces
    space: float  # trailing spaces' width
    spaces: int  # number of trailing spaces
    forced_break: bool = False
    cached: bool = False  # kept in _word_cache, shared: never changed


def _runs(
    inlines: tuple[Inline, ...], page_number: int | None
) -> list[tuple[str, frozenset, str | None, bool]]:
    runs = []
    for inline in inlines:
        if isinstance(inline, Text):
            runs.append((inline.text, inline.marks, inline.fact, False))
        elif isinstance(inline, Placeholder):
            runs.append((inline.text, frozenset(), inline.fact, True))
        elif isinstance(inline, PageNumber):
            runs.append(
                (
                    str(page_number) if page_number is not None else inline.text,
                    frozenset(),
                    None,
                    False,
                )
            )
        elif isinstance(inline, LineBreak):
            runs.append(("\n", frozenset(), None, False))
    return runs


# Words seen before (same font, marks, fact and text) are not measured and built again: a fact
# edit re-lays out its paragraphs, but most of their words are unchanged. The pieces are shared,
# never changed after they are made.
_word_cache: dict[tuple, _Word] = {}
WORD_CACHE_SIZE = 20000


def _words(
    style: ParagraphStyle, inlines: tuple[Inline, ...], page_number: int | None = None
) -> list[_Word]:
    runs = _runs(inlines, page_number)
    text = "".join(r[0] for r in runs)
    # Break opportunities (UAX #14, as LibreOffice's ICU): positions where a line may end.
    breaks: list[int] = []
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    pos = finder.toNextBoundary()
    while pos != -1:
        if pos > 0:
            breaks.append(pos)
        pos = finder.toNextBoundary()
    if not breaks or breaks[-1] != len(text):
        breaks.append(len(text))
    infos = [_style_font(style, r[1]) for r in runs]
    starts = []
    p = 0
    for r in runs:
        starts.append(p)
        p += len(r[0])
    ends = starts[1:] + [p]

    def slices(start: int, end: int) -> list[_Piece]:
        out = []
        k = bisect_right(starts, start) - 1
        while k < len(runs) and starts[k] < end:
            a, b = max(start, starts[k]), min(end, ends[k])
            if a < b:
                rtext, marks, fact, ph = runs[k]
                info = infos[k]
                chunk = text[a:b]
                stripped = chunk.rstrip(" ")
                if stripped:
                    out.append(_Piece(stripped, info, marks, fact, ph, info.width(stripped)))
                if len(stripped) < len(chunk):
                    sp = chunk[len(stripped) :]
                    out.append(_Piece(sp, info, marks, fact, ph, info.width(" ") * len(sp), True))
            k += 1
        return out

    nruns = len(runs)
    space_widths = [info.width(" ") for info in infos]
    current = 0  # the run the last word started in: words come in order

    def word(start: int, end: int) -> _Word:
        # The common case, a word inside one run, is made directly; others piece by piece.
        nonlocal current
        while current < nruns - 1 and ends[current] <= start:
            current += 1
        if end > ends[current]:
            return _make_word(slices(start, end))
        _rtext, marks, fact, ph = runs[current]
        info = infos[current]
        chunk = text[start:end]
        key = (info, marks, fact, ph, chunk)
        made = _word_cache.get(key)
        if made is None:
            stripped = chunk.rstrip(" ")
            n = len(chunk) - len(stripped)
            pieces = []
            width = space = 0.0
            if stripped:
                width = info.width(stripped)
                pieces.append(_Piece(stripped, info, marks, fact, ph, width))
            if n:
                space = space_widths[current] * n
                pieces.append(_Piece(chunk[len(stripped) :], info, marks, fact, ph, space, True))
            made = _Word(pieces, width, space, n, cached=True)
            if len(_word_cache) >= WORD_CACHE_SIZE:
                _word_cache.clear()
                _line_cache.clear()  # its keys hold the words cleared
            _word_cache[key] = made
        return made

    words: list[_Word] = []
    start = 0
    for end in breaks:
        if end <= start:
            continue
        segment = text[start:end]
        if "\n" in segment:
            # A forced line break ends the word before it.
            offset = start
            parts = segment.split("\n")
            for n, part in enumerate(parts):
                if part:
                    words.append(word(offset, offset + len(part)))
                if n < len(parts) - 1:
                    if words and not words[-1].forced_break:
                        w = words[-1]  # perhaps a cached word: changed on a copy
                        words[-1] = _Word(w.pieces, w.width, w.space, w.spaces, True)
                    else:
                        words.append(_Word([], 0.0, 0.0, 0, True))
                offset += len(part) + 1
        else:
            words.append(word(start, end))
        start = end
    return words


def _make_word(pieces: list[_Piece]) -> _Word:
    trailing = 0.0
    spaces = 0
    for piece in reversed(pieces):
        if not piece.is_space:
            break
        trailing += piece.width
        spaces += len(piece.text)
    total = sum(piece.width for piece in pieces)
    return _Word(pieces, total - trailing, trailing, spaces)


def _single_line_height(style: ParagraphStyle, words: list[_Word]) -> tuple[float, float]:
    infos = {p.info.key: p.info for w in words for p in w.pieces}
    base = _style_font(style)
    infos[base.key] = base
    ascent = max(i.ascent + i.line_gap for i in infos.values())
    height = max(i.line_height for i in infos.values())
    if style.line_rule == "exact":
        return style.line_value, ascent - (height - style.line_value)
    if style.line_rule == "atLeast":
        h = max(height, style.line_value)
        return h, ascent + (h - height)
    h = round(height * style.line_value * TWIPS) / TWIPS
    return h, ascent


def _break_lines(
    words: list[_Word], first_width: float, width: float
) -> list[tuple[list[_Word], bool]]:
    """Greedy line breaking as word processors do; return lines and whether each ends the paragraph."""
    lines: list[tuple[list[_Word], bool]] = []
    line: list[_Word] = []
    used = 0.0  # width including trailing spaces of the words so far
    avail = first_width
    limit = min(first_width, width)
    if any(w.width > limit + 1e-6 for w in words):
        words = [part for w in words for part in _split_long_word(w, limit)]
    for word in words:
        if line and used + word.width > avail + 1e-6:
            lines.append((line, False))
            line, used, avail = [], 0.0, width
        line.append(word)
        used += word.width + word.space
        if word.forced_break:
            lines.append((line, True))
            line, used, avail = [], 0.0, width
    if line or not lines:
        lines.append((line, True))
    # The paragraph's last line is never justified; a line ending in a forced break neither.
    out = [(ln, hard) for ln, hard in lines]
    if out:
        out[-1] = (out[-1][0], True)
    return out


def _split_long_word(word: _Word, limit: float) -> list[_Word]:
    """Split a word wider than a line into pieces that fit, character by character, as Word does."""
    if word.width <= limit + 1e-6:
        return [word]
    parts: list[_Word] = []
    current: list[_Piece] = []
    used = 0.0
    for piece in word.pieces:
        if piece.is_space:
            continue
        for char in piece.text:
            w = piece.info.width(char)
            if current and used + w > limit + 1e-6:
                parts.append(_make_word(current))
                current, used = [], 0.0
            last = current[-1] if current else None
            if last is not None and last.info is piece.info and last.fact == piece.fact:
                text = last.text + char
                current[-1] = _Piece(
                    text,
                    piece.info,
                    piece.marks,
                    piece.fact,
                    piece.placeholder,
                    piece.info.width(text),
                )
            else:
                current.append(
                    _Piece(char, piece.info, piece.marks, piece.fact, piece.placeholder, w)
                )
            used += w
    current += [p for p in word.pieces if p.is_space]  # the trailing spaces stay at the end
    last_part = _make_word(current)
    last_part.forced_break = word.forced_break
    return parts + [last_part]


def _place_line(
    words: list[_Word], left: float, avail: float, alignment: str, last: bool
) -> tuple[list[Fragment], float]:
    while words and not words[-1].pieces:
        words = words[:-1]
    content = sum(w.width + w.space for w in words[:-1]) + (words[-1].width if words else 0.0)
    extra = max(0.0, avail - content)
    x = left
    spread = 0.0
    if alignment == "right":
        x += extra
    elif alignment == "center":
        x += extra / 2
    elif alignment == "justify" and not last:
        gaps = sum(w.spaces for w in words[:-1])
        spread = extra / gaps if gaps else 0.0
    frags: list[Fragment] = []
    spaces = 0
    for i, word in enumerate(words):
        for piece in word.pieces:
            if piece.is_space:
                if i < len(words) - 1:
                    x += piece.width + spread * len(piece.text)
                    spaces += len(piece.text)
                continue
            frags.append(
                Fragment(
                    piece.text,
                    x,
                    piece.width,
                    piece.info.key,
                    piece.fact,
                    piece.placeholder,
                    "000000",
                    spaces,
                    piece.marks,
                )
            )
            spaces = 0
            x += piece.width
    return frags, spread


def _draw_runs(frags: list[Fragment]) -> list[tuple[float, str, tuple, str]]:
    """Join a line's fragments of one font and colour into runs, drawn with one call each."""
    runs: list[tuple[float, str, tuple, str]] = []
    end = 0.0
    for frag in frags:
        joins = frag.spaces_before > 0 or abs(frag.x - end) < 0.01  # not across a tab
        if runs and joins and runs[-1][2] == frag.font_key and runs[-1][3] == frag.color:
            x, text, key, color = runs[-1]
            runs[-1] = (x, text + " " * frag.spaces_before + frag.text, key, color)
        else:
            runs.append((frag.x, frag.text, frag.font_key, frag.color))
        end = frag.x + frag.width
    return runs


# ---- paragraphs onto pages ------------------------------------------------------------------------------


@dataclass
class _Para:
    block: int
    kind: str
    style: ParagraphStyle
    lines: list[Line]  # positioned at y=0 relative to the paragraph top
    label: Fragment | None = None


def _layout_paragraph(
    setup: PageSetup,
    style: ParagraphStyle,
    inlines: tuple[Inline, ...],
    block: int,
    kind: str,
    label: str = "",
    page_number: int | None = None,
    color: str | None = None,
) -> _Para:
    words = _words(style, inlines, page_number)
    width = setup.text_width - style.left_indent
    first_left = style.left_indent + style.first_line_indent
    first_width = setup.text_width - first_left
    label_frag = None
    if label:
        info = _style_font(style)
        label_w = info.width(label)
        # The label stands at the hanging indent; the text starts at the next tab stop.
        stops = [t for t in style.tab_stops if t > first_left + label_w] or [style.left_indent]
        text_start = (
            stops[0]
            if stops[0] > first_left + label_w
            else first_left + label_w + setup.default_tab
        )
        label_frag = Fragment(label, first_left, label_w, info.key, None, False)
        first_left = text_start
        first_width = setup.text_width - text_start
    height, ascent = _single_line_height(style, words)
    lines: list[Line] = []
    y = 0.0
    ink = color or style.color
    for n, (line_words, last) in enumerate(_break_lines(words, first_width, width)):
        left = first_left if n == 0 else style.left_indent
        avail = first_width if n == 0 else width
        frags, spread, runs = _placed_line(
            line_words, left + setup.margin_left, avail, style.alignment, last, ink
        )
        if n == 0 and label_frag is not None:
            label_frag.x += setup.margin_left
            label_frag.color = ink
            frags = [label_frag, *frags]
            runs = _draw_runs(frags)
        line = Line(block, kind, y, height, ascent, frags, word_spacing=spread)
        line.runs = runs
        lines.append(line)
        y += height
    return _Para(block, kind, style, lines)


# Lines placed before (the same words from the same place, width and alignment) are reused with
# their fragments and runs: an edit re-lays out a paragraph, but most of its lines come out as they
# were. Fragments in this cache are shared between layouts, so nothing changes them once made.
_line_cache: dict[tuple, tuple[list[Fragment], float, list[tuple[float, str, tuple, str]]]] = {}
LINE_CACHE_SIZE = 20000


def _placed_line(
    words: list[_Word], left: float, avail: float, alignment: str, last: bool, color: str
) -> tuple[list[Fragment], float, list[tuple[float, str, tuple, str]]]:
    """Return a line's fragments (at `left` on the page, in `color`), word spacing and runs."""
    key = (left, avail, alignment, last, color, *words) if all(w.cached for w in words) else None
    if key is not None:
        made = _line_cache.get(key)
        if made is not None:
            return made
    frags, spread = _place_line(words, left, avail, alignment, last)
    for f in frags:
        f.color = color
    made = (frags, spread, _draw_runs(frags))
    if key is not None:
        if len(_line_cache) >= LINE_CACHE_SIZE:
            _line_cache.clear()
        _line_cache[key] = made
    return made


_para_cache: OrderedDict[tuple, _Para] = OrderedDict()
PARA_CACHE_SIZE = 1000


def _cached_paragraph(setup: PageSetup, block: Block) -> _Para:
    """Lay out a body paragraph, reusing the last layout of an unchanged one (typing changes few).

    The least recently used layouts go first, so a long session never pays for a full re-layout.
    """
    key = (id(setup), block.kind, block.inlines, block.label, block.index)
    para = _para_cache.get(key)
    if para is None:
        style = setup.style_for(block.kind)
        para = _layout_paragraph(setup, style, block.inlines, block.index, block.kind, block.label)
        _para_cache[key] = para
        if len(_para_cache) > PARA_CACHE_SIZE:
            _para_cache.popitem(last=False)
    else:
        _para_cache.move_to_end(key)
    return para


def _signature_para(setup: PageSetup, letter: Letter, block: Block) -> _Para:
    style = setup.style_for("signature")
    sig = letter.signature
    if sig.style == "image" and sig.image:
        image = QImage.fromData(sig.image)
        width = sig.image_width_in * 72.0
        ratio = image.height() / image.width() if not image.isNull() and image.width() else 0.4
        img_h = width * ratio
        base = _style_font(style)
        height = img_h + base.descent
        line = Line(
            block.index,
            block.kind,
            0.0,
            height,
            img_h,
            [],
            sig.image,
            (setup.margin_left + style.left_indent, 0.0, width, img_h),
        )
        return _Para(block.index, block.kind, style, [line])
    if sig.style == "blank" or not block.inlines:
        # Room for a pen: the two empty lines the DOCX writer leaves.
        height, ascent = _single_line_height(style, [])
        lines = [Line(block.index, block.kind, i * height, height, ascent, []) for i in range(2)]
        return _Para(block.index, block.kind, style, lines)
    return _layout_paragraph(setup, style, block.inlines, block.index, block.kind)


def _header_paras(setup: PageSetup, letter: Letter, page_number: int) -> list[_Para]:
    paras = []
    if letter.draft_mark:
        paras.append(
            _layout_paragraph(
                setup, setup.style(DRAFT_STYLE), (Text(letter.draft_mark),), -1, "draft"
            )
        )
    if page_number == 1:
        # The letterhead's own first-page header paragraphs (empty in the built-in letterhead).
        style = setup.style(HEADER_STYLES[0])
        for _ in range(setup.first_header_paragraphs):
            paras.append(_layout_paragraph(setup, style, (), -1, "letterhead"))
    else:
        for n, inlines in enumerate(letter.header):
            name = HEADER_STYLES[1] if n == len(letter.header) - 1 else HEADER_STYLES[0]
            paras.append(
                _layout_paragraph(
                    setup, setup.style(name), inlines, -1, "header", page_number=page_number
                )
            )
    return paras


_header_cache: dict[tuple, list[_Para]] = {}
HEADER_CACHE_SIZE = 200


def _cached_header_paras(setup: PageSetup, letter: Letter, page_number: int) -> list[_Para]:
    """Return a page's header paragraphs, laid out once for each page number and header text."""
    key = (id(setup), letter.draft_mark, page_number, tuple(letter.header))
    paras = _header_cache.get(key)
    if paras is None:
        paras = _header_paras(setup, letter, page_number)
        if len(_header_cache) >= HEADER_CACHE_SIZE:
            _header_cache.clear()
        _header_cache[key] = paras
    return paras


def _start_page(setup: PageSetup, letter: Letter, number: int) -> tuple[Page, float]:
    """Return a new page with its header laid out, and where its body starts."""
    page = Page(number, setup.width, setup.height)
    y = setup.header_distance
    for para in _cached_header_paras(setup, letter, number):
        for line in para.lines:
            page.lines.append(
                Line(
                    line.block,
                    line.kind,
                    line.y + y,
                    line.height,
                    line.ascent,
                    line.fragments,
                    line.image,
                    _moved_rect(line, y),
                    line.word_spacing,
                    line.runs,
                )
            )
        y += sum(ln.height for ln in para.lines) + para.style.space_after
    # The body starts at the top margin, or below a header taller than the room above it.
    return page, max(setup.margin_top, y)


def layout_letter(letter: Letter, setup: PageSetup | None = None) -> list[Page]:
    """Lay the letter out into pages: headers, DRAFT mark, widow/orphan control, kept signature."""
    ensure_gui_application()
    setup = setup or page_setup()
    paras: list[_Para] = []
    for block in letter.blocks:
        if block.kind == "signature":
            paras.append(_signature_para(setup, letter, block))
        else:
            paras.append(_cached_paragraph(setup, block))
    bottom = setup.height - setup.margin_bottom
    pages: list[Page] = []

    def new_page() -> tuple[Page, float]:
        page, y = _start_page(setup, letter, len(pages) + 1)
        pages.append(page)
        return page, y

    page, y = new_page()
    top = y
    placed: list[tuple[int, int]] = []  # (paragraph, first line) started on the current page
    i = resume = 0
    while i < len(paras):
        para = paras[i]
        lines = para.lines[resume:]
        at_top = y <= top + 1e-6
        y0 = y if at_top else y + para.style.space_before  # space before is dropped at a page top
        room, acc = 0, y0
        for line in lines:
            if acc + line.height > bottom + 1e-6:
                break
            acc += line.height
            room += 1
        take = _first_take(para, room) if resume == 0 else _rest_take(para, len(lines), room)
        if take == 0 and at_top:
            take = max(1, room)  # it cannot fit even on an empty page: split it anyway
        if take == len(lines) and not at_top and _keep_next_fails(paras, i, y0, bottom):
            take = 0
        if take == 0:
            # Move this paragraph, with the kept-with-next paragraphs just before it, to a new page.
            moved = _pull_kept(paras, placed, page)
            page, y = new_page()
            top, placed, resume = y, [], 0
            if moved is not None:
                i = moved
            continue
        dy = y0 - lines[0].y
        for line in lines[:take]:
            page.lines.append(
                Line(
                    line.block,
                    line.kind,
                    line.y + dy,
                    line.height,
                    line.ascent,
                    line.fragments,
                    line.image,
                    _moved_rect(line, dy),
                    line.word_spacing,
                    line.runs,
                )
            )
        placed.append((i, resume))
        y = y0 + sum(ln.height for ln in lines[:take])
        if take < len(lines):
            resume += take
            page, y = new_page()
            top, placed = y, []
            continue
        y += para.style.space_after
        i += 1
        resume = 0
    for p in pages:
        p.total = len(pages)
    return pages


def _moved_rect(line: Line, dy: float) -> tuple[float, float, float, float] | None:
    if line.image_rect is None:
        return None
    x, y, w, h = line.image_rect
    return (x, y + line.y + dy, w, h)


def _first_take(para: _Para, room: int) -> int:
    """Return how many of a paragraph's lines start on this page, honouring keeps and orphans."""
    n = len(para.lines)
    if room >= n:
        return n
    if para.style.keep_lines:
        return 0
    take = room
    if para.style.widow_control:
        if n - take < 2:
            take = n - 2
        if take < 2:
            take = 0
    return max(0, take)


def _rest_take(para: _Para, n: int, room: int) -> int:
    """Return how many of a split paragraph's remaining lines go on this page (widow control)."""
    if room >= n:
        return n
    take = room
    if para.style.widow_control and n - take < 2:
        take = n - 2
    return max(1, take)


def _keep_next_fails(paras: list[_Para], i: int, y: float, bottom: float) -> bool:
    """Whether paragraph i keeps with the next and the next's first lines would not fit after it."""
    para = paras[i]
    if not para.style.keep_with_next or i + 1 >= len(paras):
        return False
    y += sum(ln.height for ln in para.lines) + para.style.space_after
    for nxt in paras[i + 1 :]:
        y += nxt.style.space_before
        n = len(nxt.lines)
        chained = nxt.style.keep_with_next and nxt is not paras[-1]
        need = n if (nxt.style.keep_lines or chained or not nxt.style.widow_control) else min(n, 2)
        if n - need == 1:
            need = n
        if y + sum(ln.height for ln in nxt.lines[:need]) > bottom + 1e-6:
            return True
        if not chained:
            return False
        y += sum(ln.height for ln in nxt.lines) + nxt.style.space_after
    return False


def _pull_kept(paras: list[_Para], placed: list[tuple[int, int]], page: Page) -> int | None:
    """Take kept-with-next paragraphs off the end of the page; return the first one to lay again."""
    first = None
    while len(placed) > 1:
        idx, start_line = placed[-1]
        if not paras[idx].style.keep_with_next or start_line != 0:
            break
        placed.pop()
        page.lines = [ln for ln in page.lines if ln.block != paras[idx].block]
        first = idx
    return first


# ---- painting ------------------------------------------------------------------------------------------


_images: dict[int, QImage] = {}


def _image(data: bytes) -> QImage:
    key = hash(data)
    img = _images.get(key)
    if img is None:
        img = QImage.fromData(data)
        _images.clear()
        _images[key] = img
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
        for rect in _spans(line, lambda f: f.placeholder):
            painter.fillRect(rect, PLACEHOLDER_COLOR)
        if highlight_fact:
            for rect in _spans(line, lambda f: _fact_matches(f.fact, highlight_fact)):
                painter.fillRect(rect.adjusted(-1, 0, 1, 0), FACT_HIGHLIGHT_COLOR)
        if line.image is not None and line.image_rect is not None:
            img = _image(line.image)
            painter.drawImage(QRectF(*line.image_rect), img)
    # Text is drawn in twips so fonts sized as twip pixels come out at their point size.
    painter.scale(1 / TWIPS, 1 / TWIPS)
    # On screen, each run is kept laid out (QStaticText) between paints: typing changes a few
    # lines, and shaping every run again was most of a repaint. Paper and PDF draw plain text.
    on_screen = not isinstance(painter.device(), QPagedPaintDevice)
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
            if on_screen:
                cache_key = (text, key, line.word_spacing, scale)
                static = _static_texts.get(cache_key)
            if static is None:
                font = info.font
                if line.word_spacing:
                    font = QFont(font)
                    font.setWordSpacing(line.word_spacing * TWIPS)
                if on_screen:
                    prepared = QStaticText(text)
                    prepared.setTextFormat(Qt.TextFormat.PlainText)
                    prepared.prepare(painter.transform(), font)
                    static = (prepared, font)
                    if len(_static_texts) >= STATIC_TEXT_CACHE_SIZE:
                        _static_texts.clear()
                    _static_texts[cache_key] = static
            else:
                font = static[1]
            if font is not current_font:
                painter.setFont(font)
                current_font = font
            if color != current_color:
                painter.setPen(QPen(QColor("#" + color)))
                current_color = color
            if static is not None:
                painter.drawStaticText(QPointF(x * TWIPS, base - info.ascent * TWIPS), static[0])
            else:
                painter.drawText(QPointF(x * TWIPS, base), text)
    painter.restore()


_static_texts: dict[tuple, tuple[QStaticText, QFont]] = {}
STATIC_TEXT_CACHE_SIZE = 4000


def paint_page_background(painter: QPainter, page: Page) -> None:
    """Fill a page white (the preview draws pages on a grey desk)."""
    painter.fillRect(QRectF(0, 0, page.width, page.height), QBrush(QColor("white")))
