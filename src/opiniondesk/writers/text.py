"""The plain-text writer: the letter as EDGAR-style text, wrapped, with numbered opinions."""

from __future__ import annotations

import textwrap

from ..core.model import Block, Inline, Letter, LineBreak, PageNumber, Text
from ..core.templates import QUOTES

OPINION_INDENT = 6


def _plain(inlines: tuple[Inline, ...]) -> str:
    out = []
    for i in inlines:
        if isinstance(i, Text) and i.fact is None:
            # The template's own curly quotes become straight; a fact's quotes stay as typed.
            out.append(i.text.replace(QUOTES[0], '"').replace(QUOTES[1], '"'))
        elif isinstance(i, PageNumber):
            out.append("#")
        else:
            out.append(i.text)
    return "".join(out)


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    if width <= 0:
        return first + text
    return "\n".join(
        textwrap.wrap(
            text,
            width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        or [first.rstrip()]
    )


def _block_text(block: Block, letter: Letter, width: int) -> str:
    if block.kind == "signature":
        if letter.signature.style == "blank":
            return "\n"
        if letter.signature.style == "image":
            return "[signature]"
    text = _plain(block.inlines)
    if block.kind == "opinion":
        label = block.label.ljust(OPINION_INDENT)
        return _wrap(text, width, label, " " * OPINION_INDENT)
    if any(isinstance(i, LineBreak) for i in block.inlines):
        return "\n".join(_wrap(line, width) for line in text.split("\n"))
    return _wrap(text, width)


def write_text(letter: Letter, width: int = 80) -> str:
    """Return the letter as plain text, paragraphs wrapped at `width` columns (0: unwrapped)."""
    parts = [letter.draft_mark] if letter.draft_mark else []
    parts += [_block_text(block, letter, width) for block in letter.blocks]
    return "\n\n".join(parts).rstrip() + "\n"
