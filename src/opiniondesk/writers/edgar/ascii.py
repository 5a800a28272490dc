"""The EDGAR ASCII writer: the filing copy as a `.txt` document of EDGAR's own characters.

Every character is one of Table 5-1's (5.2.1.1): straight quotes and "--" for a dash
(5.2.1.2.1), Table 5-2's symbols spelled out (5.2.1.2); no line is longer than 80 characters
(5.2.1.2.1); a `<PAGE>` tag (Table 5-3) stands where the printed letter turns a page, followed by
the continuation header, as in the filed letters of the ASCII era.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ...core.model import Inline, Letter, LineBreak, PageNumber
from ...edgar_rules import ASCII_LINE, to_ascii
from ..text import OPINION_INDENT  # "1." then the text at the seventh column
from .paging import Piece, paginate

if TYPE_CHECKING:
    from ...pages import Page

PAGE_TAG = "<PAGE>"


def _plain(inlines: tuple[Inline, ...], page_number: int | None = None) -> str:
    out = []
    for inline in inlines:
        if isinstance(inline, PageNumber):
            out.append(str(page_number) if page_number is not None else "")
        elif isinstance(inline, LineBreak):
            out.append("\n")
        else:
            out.append(inline.text)
    return to_ascii("".join(out))


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    lines = textwrap.wrap(
        " ".join(text.split()),
        ASCII_LINE,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,  # a word longer than a line is cut: no line may pass 80
        break_on_hyphens=False,
    )
    return lines or ([first.rstrip()] if first.strip() else [""])


def _piece_lines(piece: Piece) -> list[str]:
    block = piece.block
    text = _plain(piece.inlines)
    if block.kind == "opinion":
        label = block.label.ljust(OPINION_INDENT) if piece.opens else " " * OPINION_INDENT
        return _wrap(text, label, " " * OPINION_INDENT)
    lines: list[str] = []
    for part in text.split("\n"):
        lines += _wrap(part)
    return lines


def _header_lines(letter: Letter, page_number: int) -> list[str]:
    lines: list[str] = []
    for inlines in letter.header:
        lines += _wrap(_plain(inlines, page_number))
    return lines


def write_ascii(letter: Letter, pages: list[Page]) -> bytes:
    """Return the letter as an EDGAR ASCII document, paged like `pages`."""
    out: list[str] = []
    for number, page in enumerate(paginate(letter.blocks, pages), start=1):
        if number > 1:
            out += ["", "", PAGE_TAG, ""]
            header = _header_lines(letter, number)
            if header:
                out += [*header, "", ""]
        for k, piece in enumerate(page):
            if k:
                out.append("")
            out += _piece_lines(piece)
    text = "\n".join(line.rstrip() for line in out).rstrip("\n") + "\n"
    return text.encode("ascii")
