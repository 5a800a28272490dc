"""Pagination: the letter's paragraphs onto pages, with headers, keeps and widow/orphan control."""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

from ..core.model import Block, Inline, Letter, PageNumber, Text
from ..writers.styles import DRAFT_STYLE, HEADER_STYLES, header_style, signature_lead
from .breaking import Inks, _draw_runs, _layout_paragraph, _Para, _single_line_height
from .fonts import _style_font, ensure_gui_application
from .letterhead import PageSetup, ParagraphStyle, page_setup
from .page import Line, Page
from .paint import decoded_image

_para_cache: OrderedDict[tuple, _Para] = OrderedDict()
PARA_CACHE_SIZE = 1000


def _cached_paragraph(setup: PageSetup, block: Block, inks: Inks = ()) -> _Para:
    """Lay out a body paragraph, reusing the last layout of an unchanged one (typing changes few).

    The least recently used layouts go first, so a long session never pays for a full re-layout.
    """
    key = (id(setup), block.kind, block.inlines, block.label, block.index, inks)
    para = _para_cache.get(key)
    if para is None:
        style = setup.style_for(block.kind)
        para = _layout_paragraph(
            setup, style, block.inlines, block.index, block.kind, block.label, inks=inks
        )
        _para_cache[key] = para
        if len(_para_cache) > PARA_CACHE_SIZE:
            _para_cache.popitem(last=False)
    else:
        _para_cache.move_to_end(key)
    return para


def _signature_para(setup: PageSetup, letter: Letter, block: Block, inks: Inks = ()) -> _Para:
    style = setup.style_for("signature")
    sig = letter.signature
    if sig.style == "image" and sig.image:
        image = decoded_image(sig.image)
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
    return _layout_paragraph(setup, style, block.inlines, block.index, block.kind, inks=inks)


# A header may take at most this share of the page between the header's top and the bottom
# margin; LibreOffice cuts a taller one there too, so every page keeps room for the letter.
HEADER_SHARE = 0.8


def _header_paras(
    setup: PageSetup, letter: Letter, page_number: int, inks: Inks = ()
) -> list[_Para]:
    """Return a page's header paragraphs: the DRAFT mark, then the letterhead's first-page
    paragraphs on page 1 or the letter's continuation lines on the others."""
    paras = []
    if letter.draft_mark:
        paras.append(
            _header_para(setup, DRAFT_STYLE, (Text(letter.draft_mark),), "draft", page_number, inks)
        )
    if page_number == 1:
        # The letterhead's own first-page header paragraphs (empty in the built-in letterhead).
        for _ in range(setup.first_header_paragraphs):
            paras.append(_header_para(setup, HEADER_STYLES[0], (), "letterhead", page_number, inks))
    else:
        for n, inlines in enumerate(letter.header):
            name = header_style(n, len(letter.header))
            paras.append(_header_para(setup, name, inlines, "header", page_number, inks))
    return paras


_header_cache: dict[tuple, _Para] = {}
HEADER_CACHE_SIZE = 200


def _header_para(
    setup: PageSetup,
    style_name: str,
    inlines: tuple[Inline, ...],
    kind: str,
    page_number: int,
    inks: Inks = (),
) -> _Para:
    """Return a header paragraph laid out once, whatever the page (the work of a long header must
    not grow with the number of pages).

    A paragraph with the page number is laid out once for each number of digits, its number then
    written in per page: digits of one width break lines alike. A font whose digits differ in
    width lays such a paragraph out per page.
    """
    has_number = any(isinstance(i, PageNumber) for i in inlines)
    style = setup.style(style_name)
    digits = len(str(page_number))
    tabular = has_number and _tabular_digits(style)
    layout_number = None if not has_number else int("1" * digits) if tabular else page_number
    key = (id(setup), style_name, kind, inlines, layout_number, inks)
    para = _header_cache.get(key)
    if para is None:
        para = _layout_paragraph(
            setup, style, inlines, -1, kind, page_number=layout_number, inks=inks
        )
        if len(_header_cache) >= HEADER_CACHE_SIZE:
            _header_cache.clear()
        _header_cache[key] = para
    if not tabular or layout_number == page_number:
        return para
    # Kept too, so an unchanged page keeps its very lines (the preview repaints changed ones).
    numbered = _header_cache.get((key, page_number))
    if numbered is None:
        numbered = _numbered(para, str(page_number))
        _header_cache[(key, page_number)] = numbered
    return numbered


def _tabular_digits(style: ParagraphStyle) -> bool:
    info = _style_font(style)
    return len({info.width(d) for d in "0123456789"}) == 1


def _numbered(para: _Para, number: str) -> _Para:
    """Return a header paragraph laid out with another number of the same digits, renumbered."""
    lines = []
    for line in para.lines:
        if not any(f.page_number for f in line.fragments):
            lines.append(line)
            continue
        frags = [replace(f, text=number) if f.page_number else f for f in line.fragments]
        lines.append(replace(line, fragments=frags, runs=_draw_runs(frags)))
    return _Para(para.block, para.kind, para.style, lines)


def _header_limit(setup: PageSetup) -> float:
    """Return how far down the page a header may reach."""
    room = setup.height - setup.header_distance - setup.margin_bottom
    return setup.header_distance + HEADER_SHARE * room


def _start_page(
    setup: PageSetup, letter: Letter, number: int, inks: Inks = ()
) -> tuple[Page, float]:
    """Return a new page with its header laid out, and where its body starts.

    The body starts at the top margin, or below a header taller than the room above it; a header
    reaching past its limit is cut there (its lines that do not fit whole are left out).
    """
    page = Page(number, setup.width, setup.height)
    y = setup.header_distance
    limit = _header_limit(setup)
    for para in _header_paras(setup, letter, number, inks):
        for line in para.lines:
            if y + line.y + line.height > limit + 1e-6:
                return page, max(setup.margin_top, limit)
            page.lines.append(_moved(line, y))
        y += (
            para.lines[-1].y + para.lines[-1].height if para.lines else 0.0
        ) + para.style.space_after
    return page, max(setup.margin_top, min(y, limit))


def _moved(line: Line, dy: float) -> Line:
    """Return a copy of a laid-out line moved down by dy (its fragments shared, never changed)."""
    return Line(
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


def _keeps(letter: Letter, paras: list[_Para]) -> list[bool]:
    """Return whether each paragraph keeps with the next: by its style, or as the paragraph just
    before the closing, which the signature block never leaves (as the DOCX writer marks it)."""
    keeps = [para.style.keep_with_next for para in paras]
    lead = signature_lead(letter)
    if lead is not None and lead < len(keeps):
        keeps[lead] = True
    return keeps


def layout_letter(
    letter: Letter, setup: PageSetup | None = None, inks: Mapping[str, str] | None = None
) -> list[Page]:
    """Lay the letter out into pages: headers, DRAFT mark, widow/orphan control, kept signature.

    The work grows with the letter's length alone: each paragraph is broken into lines once and
    each line placed once, and every page's header is laid out once for all pages. `inks` gives
    the colour (hex) of runs carrying a mark (a redline's "ins" and "del"), set as lines are
    placed, so a line laid out before keeps its colours with the rest.
    """
    ensure_gui_application()
    # Layout makes many small objects and no reference cycles: the cycle collector, left on, would
    # walk them all again and again (half the time of a long letter's layout).
    with cycle_collector_paused():
        return _layout(letter, setup or page_setup(), tuple((inks or {}).items()))


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector off for a while (on again after, if it was on): for work that
    makes many short-lived objects and no reference cycles, such as laying out or painting pages."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _layout(letter: Letter, setup: PageSetup, inks: Inks = ()) -> list[Page]:
    paras: list[_Para] = []
    for block in letter.blocks:
        if block.kind == "signature":
            paras.append(_signature_para(setup, letter, block, inks))
        else:
            paras.append(_cached_paragraph(setup, block, inks))
    keeps = _keeps(letter, paras)
    bottom = setup.height - setup.margin_bottom
    pages: list[Page] = []

    def new_page() -> tuple[Page, float]:
        page, y = _start_page(setup, letter, len(pages) + 1, inks)
        pages.append(page)
        return page, y

    page, y = new_page()
    top = y
    placed: list[tuple[int, int]] = []  # (paragraph, first line) started on the current page
    i = resume = 0
    while i < len(paras):
        para = paras[i]
        remaining = len(para.lines) - resume
        at_top = y <= top + 1e-6
        y0 = y if at_top else y + para.style.space_before  # space before is dropped at a page top
        room, acc = 0, y0
        for k in range(resume, len(para.lines)):
            height = para.lines[k].height
            if acc + height > bottom + 1e-6:
                break
            acc += height
            room += 1
        take = _first_take(para, room) if resume == 0 else _rest_take(para, remaining, room)
        if keeps[i] and resume == 0 and not at_top and take < remaining:
            take = 0  # kept with the next: it moves whole rather than split (as LibreOffice does)
        if take == 0 and at_top:
            take = max(1, room)  # it cannot fit even on an empty page: split it anyway
        if (
            take == remaining
            and not at_top
            and _keep_next_fails(paras, keeps, i, y0 + _height(para, resume), bottom)
        ):
            take = 0
        if take == 0:
            # Move this paragraph, with the kept-with-next paragraphs just before it, to a new page.
            moved = _pull_kept(paras, keeps, placed, page)
            page, y = new_page()
            top, placed, resume = y, [], 0
            if moved is not None:
                i = moved
            continue
        dy = y0 - para.lines[resume].y
        for line in para.lines[resume : resume + take]:
            page.lines.append(_moved(line, dy))
        placed.append((i, resume))
        last = para.lines[resume + take - 1]
        y = last.y + last.height + dy
        if take < remaining:
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


def _height(para: _Para, start: int = 0) -> float:
    """Return the height of a paragraph's lines from `start` on (lines lie one under the other)."""
    if start >= len(para.lines):
        return 0.0
    last = para.lines[-1]
    return last.y + last.height - para.lines[start].y


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


def _keep_next_fails(
    paras: list[_Para], keeps: list[bool], i: int, y: float, bottom: float
) -> bool:
    """Whether paragraph i (ending at y) keeps with the next and the next's first lines would not
    fit after it."""
    para = paras[i]
    if not keeps[i] or i + 1 >= len(paras):
        return False
    y += para.style.space_after
    for j in range(i + 1, len(paras)):
        nxt = paras[j]
        y += nxt.style.space_before
        n = len(nxt.lines)
        chained = keeps[j] and j < len(paras) - 1
        need = n if (nxt.style.keep_lines or chained or not nxt.style.widow_control) else min(n, 2)
        if n - need == 1:
            need = n
        if need and y + _height(nxt) - _height(nxt, need) > bottom + 1e-6:
            return True
        if not chained:
            return False
        y += _height(nxt) + nxt.style.space_after
    return False


def _pull_kept(
    paras: list[_Para], keeps: list[bool], placed: list[tuple[int, int]], page: Page
) -> int | None:
    """Take kept-with-next paragraphs off the end of the page; return the first one to lay again."""
    first = None
    while len(placed) > 1:
        idx, start_line = placed[-1]
        if not keeps[idx] or start_line != 0:
            break
        placed.pop()
        page.lines = [ln for ln in page.lines if ln.block != paras[idx].block]
        first = idx
    return first
