"""Where the EDGAR copies break pages: the printed letter's own page breaks, from the page layout.

The letter is laid out exactly as it prints (`pages.layout_letter`, which the PDF and the preview
use); each block is then cut where its lines leave one page for the next. A cut falls between
words: a word the printed page splits at a hyphen or dash goes whole to the next page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.model import Block, Inline, LineBreak, Placeholder, Text

if TYPE_CHECKING:
    from ...pages import Page


@dataclass(frozen=True)
class Piece:
    """The part of one block that stands on one page; `opens` when it is the block's first part."""

    block: Block
    inlines: tuple[Inline, ...]
    opens: bool


def _ink(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _block_ink(block: Block) -> int:
    return sum(_ink(i.text) for i in block.inlines if isinstance(i, Text | Placeholder))


def _page_ink(pages: list[Page]) -> dict[int, list[tuple[int, int]]]:
    """Return, per block index, the pages it stands on with the ink (non-space characters) on each."""
    found: dict[int, list[tuple[int, int]]] = {}
    for number, page in enumerate(pages):
        for line in page.body_lines():
            ink = sum(_ink(frag.text) for frag in line.fragments)
            spans = found.setdefault(line.block, [])
            if spans and spans[-1][0] == number:
                spans[-1] = (number, spans[-1][1] + ink)
            else:
                spans.append((number, ink))
    return found


def _cut(inlines: tuple[Inline, ...], ink: int) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """Split inlines after `ink` non-space characters, moved back to the space before a split word."""
    text = "".join(i.text for i in inlines)
    seen = 0
    at = len(text)
    for n, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == ink:
                at = n + 1
                break
    if ink <= 0:
        at = 0
    # A cut inside a word (a hyphen or dash the page broke at) moves back to the space before it.
    while 0 < at < len(text) and not text[at].isspace() and not text[at - 1].isspace():
        at -= 1
    first, rest = _split_at(inlines, at)
    # The spaces and line break at the cut belong to neither page.
    while rest and isinstance(rest[0], LineBreak | Text) and not rest[0].text.strip():
        rest = rest[1:]
    if rest and isinstance(rest[0], Text):
        head = rest[0]
        rest = (Text(head.text.lstrip(), head.marks, head.fact), *rest[1:])
    while first and isinstance(first[-1], LineBreak):
        first = first[:-1]
    if first and isinstance(first[-1], Text):
        tail = first[-1]
        first = (*first[:-1], Text(tail.text.rstrip(), tail.marks, tail.fact))
    return first, rest


def _split_at(
    inlines: tuple[Inline, ...], at: int
) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    first: list[Inline] = []
    rest: list[Inline] = []
    pos = 0
    for inline in inlines:
        length = len(inline.text)
        if pos + length <= at:
            first.append(inline)
        elif pos >= at:
            rest.append(inline)
        elif isinstance(inline, Text):
            k = at - pos
            first.append(Text(inline.text[:k], inline.marks, inline.fact))
            rest.append(Text(inline.text[k:], inline.marks, inline.fact))
        else:  # a placeholder is never cut: it goes where it starts
            first.append(inline)
        pos += length
    return tuple(first), tuple(rest)


def paginate(blocks: list[Block], pages: list[Page]) -> list[list[Piece]]:
    """Return the letter's blocks as pieces, page by page, cut where the laid-out pages break."""
    ink_by_block = _page_ink(pages)
    out: list[list[Piece]] = [[] for _ in pages] or [[]]
    current = 0
    for block in blocks:
        spans = ink_by_block.get(block.index, [])
        if not spans:
            out[current].append(Piece(block, block.inlines, True))
            continue
        laid = sum(ink for _, ink in spans)
        extra = laid - _block_ink(block)  # the number label of an opinion, on its first line
        counts = [ink for _, ink in spans]
        counts[0] -= extra
        if extra < 0 or counts[0] < 0:
            # The layout and the model disagree (they should not): keep the block whole.
            spans, counts = spans[:1], [_block_ink(block)]
        rest = block.inlines
        opens = True
        for k, ((number, _), ink) in enumerate(zip(spans, counts)):
            last = k == len(spans) - 1
            part, rest = (rest, ()) if last else _cut(rest, ink)
            if part or (last and opens):
                out[number].append(Piece(block, part, opens))
                opens = False
            current = number
    return [page for page in out if page] or [[]]
