"""The laid-out pages: lines of positioned text fragments, and what changed between two layouts."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF


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
    page_number: bool = False  # the page's number (a header laid out once is renumbered per page)
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
