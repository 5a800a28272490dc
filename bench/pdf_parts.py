"""Where a long fact's PDF time goes: Qt's compression, its glyph records, shaping, and our painting.

    python bench/pdf_parts.py [SIZE_KB] [--repeat N]

Lays out the sample with SIZE_KB (default 1000) kilobytes of words in `trustee_kinds`, as
`long_facts.py` does, and prints the least CPU seconds of N (default 5) runs of:

- the PDF as `write_pdf` writes it (`pages_pdf`);
- the same pages without their text: placeholder fills, images, the painter's state, Qt's pages;
- the text drawn from glyph runs shaped beforehand (QTextLayout, one a run, outside the timing),
  and the time shaping them took: the bench checks that this PDF's page contents are byte for
  byte those of the first, so the difference is the shaping `drawText` does as it draws;
- zlib at Qt's level (QPdfWriter deflates each page's content at Z_DEFAULT_COMPRESSION) over
  the page contents alone, with their size and their number of glyphs (Qt writes one
  "dx dy Td <glyph> Tj" record a glyph).

What is left after the pages, the shaping and the compression is Qt writing the glyph records and
our per-run painting (the font, pen and drawText calls), which the last line prints.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPINIONDESK_HOME", tempfile.mkdtemp(prefix="opiniondesk-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # long_facts.py, beside this script

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def page_contents(pdf: bytes) -> list[bytes]:
    """Return the PDF's deflated streams, inflated: the page contents (and the fonts)."""
    out = []
    for match in STREAM.finditer(pdf):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass  # not deflated (the XMP metadata, with its times and document id)
    return out


def least_cpu(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Return the least CPU seconds of `repeat` calls, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result


@contextmanager
def drawn_from_glyph_runs(pages) -> Iterator[float]:
    """Paint paper from glyph runs shaped beforehand, one a run; yield the seconds shaping took."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QFont, QPen, QTextLayout

    from opiniondesk.pages import paint
    from opiniondesk.pages.fonts import _fonts
    from opiniondesk.pages.letterhead import TWIPS

    def shape(text: str, font: QFont) -> tuple[list, float]:
        layout = QTextLayout(text, font)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e9)
        layout.endLayout()
        return layout.glyphRuns(), line.ascent()

    start = time.process_time()
    shaped = {}
    for page in pages:
        for line in page.lines:
            for _x, text, key, _color in line.runs:
                info = _fonts[key]
                if info.letter_spacing:
                    continue  # drawn a letter at a time, as paint does
                font = info.font
                if line.word_spacing:
                    font = QFont(font)
                    font.setWordSpacing(line.word_spacing * TWIPS)
                shaped[(line.word_spacing, text, key)] = shape(text, font)
    shaping = time.process_time() - start

    def draw(painter, lines) -> None:
        ink = None
        for line in lines:
            base = line.baseline * TWIPS
            for x, text, key, color in line.runs:
                info = _fonts[key]
                if color != ink:
                    painter.setPen(QPen(QColor("#" + color)))
                    ink = color
                if info.letter_spacing:
                    painter.setFont(info.font)
                    paint._draw_spaced(painter, info, x, base, text)
                    continue
                runs, ascent = shaped[(line.word_spacing, text, key)]
                for run in runs:
                    painter.drawGlyphRun(QPointF(x * TWIPS, base - ascent), run)

    real = paint._draw_on_paper
    paint._draw_on_paper = draw
    try:
        yield shaping
    finally:
        paint._draw_on_paper = real


@contextmanager
def text_not_drawn() -> Iterator[None]:
    """Paint paper as `paint` does, fonts and pens given to the painter, but draw no text."""
    from opiniondesk.pages import paint

    class Painter:
        """The real painter, its drawText left out."""

        def __init__(self, painter) -> None:
            self.setFont, self.setPen = painter.setFont, painter.setPen

        def drawText(self, *args) -> None:  # noqa: N802 - Qt's name
            pass

    real = paint._draw_on_paper
    paint._draw_on_paper = lambda painter, lines: real(Painter(painter), lines)
    try:
        yield
    finally:
        paint._draw_on_paper = real


def main() -> int:
    from long_facts import _with_fact_text, value
    from PySide6.QtGui import QGuiApplication

    from opiniondesk import paths
    from opiniondesk.core.matter import load_matter
    from opiniondesk.pages import layout_letter
    from opiniondesk.writers.pdf import pages_pdf

    args = sys.argv[1:]
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 5
    size = int(args[0]) * 1000 if args and args[0].isdigit() else 1_000_000
    app = QGuiApplication(sys.argv[:1])  # noqa: F841
    matter = load_matter(paths.sample_matter())
    matter.facts["trustee_kinds"] = "placeholder"
    letter = _with_fact_text(matter.render("filing"), "trustee_kinds", value(size, "words"))
    pages = layout_letter(letter)
    textless = [
        replace(page, lines=[replace(line, runs=[]) for line in page.lines]) for page in pages
    ]
    pages_pdf(pages, "warm-up")

    whole, pdf = least_cpu(lambda: pages_pdf(pages, "bench"), repeat)
    bare, _ = least_cpu(lambda: pages_pdf(textless, "bench"), repeat)
    with text_not_drawn():
        ours, _ = least_cpu(lambda: pages_pdf(pages, "bench"), repeat)
    with drawn_from_glyph_runs(pages) as shaping:
        glyphs, from_runs = least_cpu(lambda: pages_pdf(pages, "bench"), repeat)
    contents = page_contents(pdf)
    same = contents == page_contents(from_runs)
    flat = b"".join(contents)
    deflate, _ = least_cpu(
        lambda: [zlib.compress(c, zlib.Z_DEFAULT_COMPRESSION) for c in contents], repeat
    )
    records = flat.count(b"> Tj\n")

    print(
        f"{size // 1000} KB of words in trustee_kinds: {len(pages)} pages, "
        f"{sum(len(ln.runs) for p in pages for ln in p.lines)} runs, {records:,} glyphs; "
        f"least CPU seconds of {repeat} (load average {os.getloadavg()[0]:.2f})"
    )
    print(f"  PDF as written:                         {whole:6.3f}")
    print(f"  the pages without their text:           {bare:6.3f}")
    print(f"  the pages, fonts and pens, no drawText: {ours:6.3f}")
    print(
        f"  the text from glyph runs made before:   {glyphs:6.3f}  (making them: {shaping:.3f}; "
        f"page contents {'the same' if same else 'DIFFERENT'})"
    )
    print(f"  Qt's compression of the page contents:  {deflate:6.3f}  ({len(flat) / 1e6:.1f} MB)")
    print(
        f"  so: the pages {bare:.3f}, our per-run painting {ours - bare:.3f}, shaping in drawText "
        f"{whole - glyphs:.3f}, Qt's compression {deflate:.3f} and glyph records "
        f"{glyphs - ours - deflate:.3f}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
