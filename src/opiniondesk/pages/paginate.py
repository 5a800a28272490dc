"""Pagination: the letter's paragraphs onto pages, with headers, keeps and widow/orphan control."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

from ..core.model import Block, Letter, Text
from ..writers.styles import DRAFT_STYLE, HEADER_STYLES
from .breaking import _layout_paragraph, _Para, _single_line_height
from .fonts import _style_font, ensure_gui_application
from .letterhead import PageSetup, page_setup
from .page import Line, Page

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
