"""Text boundaries as Python indexes: where lines may end and where grapheme clusters do.

Qt's QTextBoundaryFinder counts in UTF-16 code units; a Python string counts code points. They part
at the first character outside the BMP (an emoji), so every position Qt gives is mapped here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTextBoundaryFinder


def utf16_positions(text: str) -> Callable[[int], int] | None:
    """Return a map from UTF-16 offsets (what Qt's boundary finders give) to indexes into `text`,
    or None when the two agree (no character outside the BMP: the common case, checked fast)."""
    if len(text.encode("utf-16-le")) == 2 * len(text):
        return None
    index = []
    for n, char in enumerate(text):
        index.append(n)
        if ord(char) > 0xFFFF:
            index.append(n)  # the low surrogate: a boundary never falls there
    index.append(len(text))
    return index.__getitem__


def boundaries(text: str, kind: QTextBoundaryFinder.BoundaryType) -> list[int]:
    """Return the boundaries of one kind after the start of `text` (lines may end there, or
    grapheme clusters do), as indexes into the Python string, the end of the text last."""
    finder = QTextBoundaryFinder(kind, text)
    to_index = utf16_positions(text)
    found: list[int] = []
    pos = finder.toNextBoundary()
    while pos != -1:
        if pos > 0:
            found.append(to_index(pos) if to_index else pos)
        pos = finder.toNextBoundary()
    if not found or found[-1] != len(text):
        found.append(len(text))
    return found


def graphemes(text: str) -> list[str]:
    """Return the grapheme clusters of a text: what a reader sees as one character."""
    if text.isascii():
        return list(text)
    cuts = boundaries(text, QTextBoundaryFinder.BoundaryType.Grapheme)
    out, start = [], 0
    for cut in cuts:
        out.append(text[start:cut])
        start = cut
    return out
