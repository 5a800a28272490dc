"""Line breaking: a paragraph's text cut into words at break opportunities, measured, set in lines."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from PySide6.QtCore import QTextBoundaryFinder

from ..core.model import Inline, LineBreak, PageNumber, Placeholder, Text
from .clusters import boundaries, graphemes
from .fonts import _FontInfo, _style_font
from .letterhead import TWIPS, PageSetup, ParagraphStyle
from .page import Fragment, Line


@dataclass(slots=True)
class _Piece:
    text: str
    info: _FontInfo
    marks: frozenset[str]
    fact: str | None
    placeholder: bool
    width: float
    is_space: bool = False
    page_number: bool = False


@dataclass(slots=True, eq=False)  # hashed by identity: cached words stand in line-cache keys
class _Word:
    """Text between two break opportunities: its pieces, width, and trailing-space width."""

    pieces: list[_Piece]
    width: float  # without trailing spaces
    space: float  # trailing spaces' width
    spaces: int  # number of trailing spaces
    forced_break: bool = False
    cached: bool = False  # kept in _word_cache, shared: never changed


_Run = tuple[str, frozenset, str | None, bool, bool]  # text, marks, fact, placeholder, page number


def _runs(inlines: tuple[Inline, ...], page_number: int | None) -> list[_Run]:
    runs: list[_Run] = []
    for inline in inlines:
        if isinstance(inline, Text):
            runs.append((inline.text, inline.marks, inline.fact, False, False))
        elif isinstance(inline, Placeholder):
            runs.append((inline.text, frozenset(), inline.fact, True, False))
        elif isinstance(inline, PageNumber):
            number = str(page_number) if page_number is not None else inline.text
            runs.append((number, frozenset(), None, False, True))
        elif isinstance(inline, LineBreak):
            runs.append(("\n", frozenset(), None, False, False))
    return runs


# Words seen before (same font, marks, fact and text) are not measured and built again: a fact
# edit re-lays out its paragraphs, but most of their words are unchanged. The pieces are shared,
# never changed after they are made. Kept by run (font, marks, fact, placeholder, page number),
# then by text; at most WORD_CACHE_SIZE words in all.
_word_cache: dict[tuple, dict[str, _Word]] = {}
# Words lying across runs (a fact's value and the punctuation after it, a redline's inserted
# letters inside a word), kept by each run's part: (font, marks, fact, placeholder, page number,
# text) in turn. Cached like the others, so the lines holding them are reused too.
_span_cache: dict[tuple, _Word] = {}
_word_count = [0]
WORD_CACHE_SIZE = 20000


def _clear_word_cache() -> None:
    _word_cache.clear()
    _span_cache.clear()
    _word_count[0] = 0
    _line_cache.clear()  # its keys hold the words cleared


def _words(
    style: ParagraphStyle, inlines: tuple[Inline, ...], page_number: int | None = None
) -> list[_Word]:
    runs = _runs(inlines, page_number)
    text = "".join(r[0] for r in runs)
    # Break opportunities (UAX #14, as LibreOffice's ICU): positions where a line may end.
    breaks = boundaries(text, QTextBoundaryFinder.BoundaryType.Line)
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
                _rtext, marks, fact, ph, pn = runs[k]
                info = infos[k]
                chunk = text[a:b]
                stripped = chunk.rstrip(" ")
                if stripped:
                    out.append(
                        _Piece(stripped, info, marks, fact, ph, info.width(stripped), False, pn)
                    )
                if len(stripped) < len(chunk):
                    sp = chunk[len(stripped) :]
                    out.append(
                        _Piece(sp, info, marks, fact, ph, info.width(" ") * len(sp), True, pn)
                    )
            k += 1
        return out

    nruns = len(runs)
    caches = [
        _word_cache.setdefault((infos[k], r[1], r[2], r[3], r[4]), {}) for k, r in enumerate(runs)
    ]

    def made_word(k: int, chunk: str) -> _Word:
        """Make (and keep) a word lying inside run k."""
        _rtext, marks, fact, ph, pn = runs[k]
        info = infos[k]
        stripped = chunk.rstrip(" ")
        n = len(chunk) - len(stripped)
        pieces = []
        width = space = 0.0
        if stripped:
            width = info.width(stripped)
            pieces.append(_Piece(stripped, info, marks, fact, ph, width, False, pn))
        if n:
            space = info.width(" ") * n
            pieces.append(_Piece(chunk[len(stripped) :], info, marks, fact, ph, space, True, pn))
        made = _Word(pieces, width, space, n, cached=True)
        count_word()
        caches[k][chunk] = made
        return made

    def count_word() -> None:
        """Count a word about to be kept; when the caches are full, empty them first, keeping
        this paragraph's caches in place (emptied) so its words go on being kept."""
        if _word_count[0] >= WORD_CACHE_SIZE:
            _clear_word_cache()
            for key, cache in zip(((infos[j], *runs[j][1:]) for j in range(nruns)), caches):
                _word_cache[key] = cache
                cache.clear()
        _word_count[0] += 1

    def span_word(k: int, start: int, end: int) -> _Word:
        """Return (made and kept, if new) a word lying across runs k, k + 1, ..."""
        key: tuple = ()
        j = k
        while j < nruns and starts[j] < end:
            a, b = max(start, starts[j]), min(end, ends[j])
            if a < b:
                key += (infos[j], *runs[j][1:], text[a:b])
            j += 1
        made = _span_cache.get(key)
        if made is None:
            made = _make_word(slices(start, end))
            made.cached = True
            count_word()
            _span_cache[key] = made
        return made

    def word(start: int, end: int) -> _Word:
        # The common case, a word inside one run, is made directly; others piece by piece.
        k = bisect_right(starts, start) - 1
        if end > ends[k]:
            return span_word(k, start, end)
        chunk = text[start:end]
        return caches[k].get(chunk) or made_word(k, chunk)

    words: list[_Word] = []
    append = words.append
    start = 0
    k = 0  # the run the word starts in: words come in order
    last_run = nruns - 1
    for end in breaks:
        if end <= start:
            continue
        while k < last_run and ends[k] <= start:
            k += 1
        segment = text[start:end]
        if end <= ends[k] and "\n" not in segment:
            append(caches[k].get(segment) or made_word(k, segment))
        elif "\n" in segment:
            # A forced line break ends the word before it.
            offset = start
            parts = segment.split("\n")
            for n, part in enumerate(parts):
                if part:
                    append(word(offset, offset + len(part)))
                if n < len(parts) - 1:
                    if words and not words[-1].forced_break:
                        w = words[-1]  # perhaps a cached word: changed on a copy
                        words[-1] = _Word(w.pieces, w.width, w.space, w.spaces, True)
                    else:
                        append(_Word([], 0.0, 0.0, 0, True))
                offset += len(part) + 1
        else:
            append(word(start, end))
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


def _run_fonts(style: ParagraphStyle, inlines: tuple[Inline, ...]) -> list[_FontInfo]:
    """Return the fonts a paragraph's text is set in (each run's, but a bare line break's)."""
    return [
        _style_font(style, i.marks if isinstance(i, Text) else _NO_MARKS)
        for i in inlines
        if not isinstance(i, LineBreak) and (not isinstance(i, Text) or i.text.strip("\n"))
    ]


_NO_MARKS: frozenset[str] = frozenset()


def _single_line_height(style: ParagraphStyle, fonts: list[_FontInfo]) -> tuple[float, float]:
    """Return the height and ascent of a line in this style set in these fonts (and its own)."""
    infos = {i.key: i for i in fonts}
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
    """Split a word wider than a line into parts that fit, between grapheme clusters, as Word does.

    Each cluster is measured once (clusters repeat: the measures are kept) and each part once
    more as a whole, so a long word costs time in proportion to its length. A part ends before
    the cluster that takes it past the line: found by summing the widths as they come, a stretch
    at a time, each width added in turn as filling the part cluster by cluster would.
    """
    room = limit + 1e-6
    if word.width <= room:
        return [word]
    parts: list[_Word] = []
    current: list[_Piece] = []
    used = 0.0
    for piece in word.pieces:
        if piece.is_space:
            continue
        clusters = graphemes(piece.text)
        measure = piece.info.width
        known = {c: measure(c) for c in set(clusters)}
        widths = list(map(known.__getitem__, clusters))
        if min(widths, default=0.0) < 0:  # sums that may fall: filled cluster by cluster
            first = 0  # this piece's first cluster in the part being filled
            for n, w in enumerate(widths):
                if (current or n > first) and used + w > room:
                    if n > first:
                        current.append(_part_piece(piece, "".join(clusters[first:n])))
                    parts.append(_make_word(current))
                    current, used, first = [], 0.0, n
                used += w
            if first < len(clusters):
                current.append(_part_piece(piece, "".join(clusters[first:])))
            continue
        text = piece.text
        # One character a cluster (the common case): a part's text is a slice of the piece's.
        chars = len(clusters) == len(text)
        start, count, stretch = 0, len(clusters), 64
        while start < count:
            end = min(count, start + stretch)
            # sums[k]: the part's width with k more of the piece's clusters (sums[0]: without).
            sums = list(accumulate(widths[start:end], initial=used))
            # A part holds at least one cluster: the first may pass the room on its own.
            cut = bisect_right(sums, room, 1 if current else 2) - 1
            if cut == end - start:
                if end < count:
                    stretch *= 2  # the part goes on past this stretch
                    continue
                rest = text[start:] if chars else "".join(clusters[start:])
                current.append(_part_piece(piece, rest))
                used = sums[-1]
                break
            if cut:
                part = (
                    text[start : start + cut] if chars else "".join(clusters[start : start + cut])
                )
                current.append(_part_piece(piece, part))
            parts.append(_make_word(current))
            current, used = [], 0.0
            start += cut
            stretch = cut + cut // 4 + 8  # the next part is most likely about as long
    current += [p for p in word.pieces if p.is_space]  # the trailing spaces stay at the end
    last_part = _make_word(current)
    last_part.forced_break = word.forced_break
    return parts + [last_part]


def _part_piece(piece: _Piece, text: str) -> _Piece:
    return _Piece(
        text,
        piece.info,
        piece.marks,
        piece.fact,
        piece.placeholder,
        piece.info.width(text),
        False,
        piece.page_number,
    )


def _place_line(
    words: list[_Word],
    left: float,
    avail: float,
    alignment: str,
    last: bool,
    color: str = "000000",
    label: _Label | None = None,
    inks: Inks = (),
) -> tuple[list[Fragment], float, list[tuple[float, str, tuple, str]]]:
    """Place a line's words from `left`: return its fragments (in `color`, or their marks' `inks`;
    after its label, if any), its word spacing, and its runs (as `_draw_runs` joins them), in one
    pass over the words."""
    while words and not words[-1].pieces:
        words = words[:-1]
    content = sum([w.width + w.space for w in words]) - (words[-1].space if words else 0.0)
    extra = max(0.0, avail - content)
    x = left
    spread = 0.0
    if alignment == "right":
        x += extra
    elif alignment == "center":
        x += extra / 2
    elif alignment == "justify" and not last:
        gaps = sum([w.spaces for w in words]) - (words[-1].spaces if words else 0)
        spread = extra / gaps if gaps else 0.0
    frags: list[Fragment] = []
    runs: list[tuple[float, str, tuple, str]] = []
    parts: list[str] = []  # the text of the run being joined
    run_x, run_key, run_ink = 0.0, None, ""
    end = 0.0
    if label is not None:
        text, label_x, width, key = label
        frags.append(Fragment(text, label_x, width, key, None, False, color))
        parts, run_x, run_key, run_ink = [text], label_x, key, color
        end = label_x + width
    spaces = 0
    # (a line may hold hundreds of fragments: names kept local.) The spaces after the line's
    # last word move nothing that follows: they are passed over like the others.
    make, add, join = Fragment, frags.append, parts.append
    for word in words:
        for piece in word.pieces:
            text = piece.text
            if piece.is_space:
                n = len(text)
                x += piece.width + spread * n
                spaces += n
                continue
            width = piece.width
            ink = color
            marks = piece.marks
            if inks and marks:
                ink = next((c for mark, c in inks if mark in marks), color)
            key = piece.info.key
            add(
                make(
                    text,
                    x,
                    width,
                    key,
                    piece.fact,
                    piece.placeholder,
                    ink,
                    spaces,
                    piece.page_number,
                    marks,
                )
            )
            # Joined to the run before when of its font and colour, and not across a tab.
            if parts and (key is run_key or key == run_key) and ink == run_ink:
                if spaces:
                    join(" " if spaces == 1 else " " * spaces)
                    join(text)
                elif -0.01 < x - end < 0.01:
                    join(text)
                else:
                    runs.append((run_x, "".join(parts), run_key, run_ink))
                    parts, run_x, run_key, run_ink = [text], x, key, ink
                    join = parts.append
            else:
                if parts:
                    runs.append((run_x, "".join(parts), run_key, run_ink))
                parts, run_x, run_key, run_ink = [text], x, key, ink
                join = parts.append
            end = x = x + width
            spaces = 0
    if parts:
        runs.append((run_x, "".join(parts), run_key, run_ink))
    return frags, spread, runs


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


def _layout_paragraph(
    setup: PageSetup,
    style: ParagraphStyle,
    inlines: tuple[Inline, ...],
    block: int,
    kind: str,
    label: str = "",
    page_number: int | None = None,
    color: str | None = None,
    inks: Inks = (),
) -> _Para:
    words = _words(style, inlines, page_number)
    width = setup.text_width - style.left_indent
    first_left = style.left_indent + style.first_line_indent
    first_width = setup.text_width - first_left
    label_at: _Label | None = None
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
        label_at = (label, first_left + setup.margin_left, label_w, info.key)
        first_left = text_start
        first_width = setup.text_width - text_start
    height, ascent = _single_line_height(style, _run_fonts(style, inlines))
    lines: list[Line] = []
    y = 0.0
    ink = color or style.color
    for n, (line_words, last) in enumerate(_break_lines(words, first_width, width)):
        left = first_left if n == 0 else style.left_indent
        avail = first_width if n == 0 else width
        frags, spread, runs = _placed_line(
            line_words,
            left + setup.margin_left,
            avail,
            style.alignment,
            last,
            ink,
            label_at if n == 0 else None,
            inks,
        )
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


_Label = tuple[str, float, float, tuple]  # an opinion's number: text, x, width, font key
# The colours of runs carrying a mark, as (mark, colour) pairs (a redline's insertions and
# deletions); the first mark a fragment carries decides.
Inks = tuple[tuple[str, str], ...]


def _placed_line(
    words: list[_Word],
    left: float,
    avail: float,
    alignment: str,
    last: bool,
    color: str,
    label: _Label | None = None,
    inks: Inks = (),
) -> tuple[list[Fragment], float, list[tuple[float, str, tuple, str]]]:
    """Return a line's fragments (at `left` on the page, in `color` or their marks' `inks`, after
    its label if any), word spacing and runs."""
    key = None
    if all(w.cached for w in words):
        key = (left, avail, alignment, last, color, label, inks, *words)
        made = _line_cache.get(key)
        if made is not None:
            return made
    made = _place_line(words, left, avail, alignment, last, color, label, inks)
    if key is not None:
        if len(_line_cache) >= LINE_CACHE_SIZE:
            _line_cache.clear()
        _line_cache[key] = made
    return made
