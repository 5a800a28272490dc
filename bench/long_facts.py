"""Long fact values: layout and PDF time grow in proportion to a fact's length, and the window keeps up.

    python bench/long_facts.py [--quick] [--repeat N]

For a fact standing once in the body (`trustee_kinds`) and one standing in every page's header
and several paragraphs (`registrant_name`), each as words (the reference letter's own, in random
order) and as one unbroken word, at 16 KB, 32 KB, 256 KB and 1 MB (`--quick`: up to 256 KB):
prints the seconds to render, lay out and write the PDF, and the time per KB (flat when the work is
linear). A matter's fact holds at most 20,000 characters (`core.limits`), so the sample is
rendered with a short value and the long one is then put into the letter model's runs of that
fact: the layout and the PDF meet it as they would. Then, in the window, the time from typing such
a value (up to the 20,000 characters a field takes) into the fact's field to the preview redrawn:
the longest the window is busy. Targets: at most 1 s for a 1 MB body fact in the PDF; the 16 KB
text once took 13 s, the 32 KB word froze the window for 74 s. `--repeat N` writes each size N
times, each with a value of its own (words in another order, the word begun further on, so no
line is laid out from the caches twice), and prints the fastest: steadier on a shared machine.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPINIONDESK_HOME", tempfile.mkdtemp(prefix="opiniondesk-bench-"))

REFERENCE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "exhibit-5.1-cmsi-2001.txt"
SIZES = (16_000, 32_000, 256_000, 1_000_000)


def value(size: int, kind: str, variant: int = 0) -> str:
    """Return a fact value of `size` characters: words in random order, or one word (each
    `variant` another order, or the word begun a letter further on)."""
    if kind == "word":
        start = variant % 9
        return ("Indenture" * (size // 9 + 2))[start : start + size]
    rng = random.Random(size + 1_000_003 * variant)
    vocabulary = REFERENCE.read_text(encoding="utf-8").split()
    out, length = [], 0
    while length < size:
        word = rng.choice(vocabulary)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)[:size]


def _with_fact_text(letter, fact: str, text: str):
    """Return the letter with every run of one fact holding `text`."""
    from dataclasses import replace

    from opiniondesk.core.model import Text

    def runs(inlines):
        return tuple(
            replace(i, text=text) if isinstance(i, Text) and i.fact == fact else i for i in inlines
        )

    letter.blocks = [replace(block, inlines=runs(block.inlines)) for block in letter.blocks]
    letter.header = [runs(line) for line in letter.header]
    return letter


def pdf_times(
    fact: str, kind: str, size: int, variant: int = 0
) -> tuple[float, float, float, int, float]:
    """Return the seconds to render, lay out and write the PDF, the pages, and the CPU seconds
    those three steps took (making the value and loading the matter left out)."""
    from opiniondesk import paths
    from opiniondesk.core.matter import load_matter
    from opiniondesk.pages import layout_letter
    from opiniondesk.writers.pdf import write_pdf

    matter = load_matter(paths.sample_matter())
    long_value = value(size, kind, variant)
    matter.facts[fact] = "placeholder"
    cpu = time.process_time()
    t0 = time.perf_counter()
    letter = _with_fact_text(matter.render("filing"), fact, long_value)
    t1 = time.perf_counter()
    pages = layout_letter(letter)
    t2 = time.perf_counter()
    write_pdf(letter, pages)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, len(pages), time.process_time() - cpu


def window_time(fact: str, text: str) -> float:
    """Return the seconds from a value typed into the fact's field to the preview redrawn."""
    from PySide6.QtWidgets import QApplication

    from opiniondesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.open_sample()
    window.show()
    app.processEvents()
    window.facts.finish_build()
    editor = window.facts.editors[("fact", fact)]
    t0 = time.perf_counter()
    editor.edit.setText(text)
    editor._typed(editor.edit.text())
    window.preview.render_now()
    app.processEvents()
    seconds = time.perf_counter() - t0
    window.doc.undo_stack.setClean()
    window.close()
    return seconds


def main() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # the window's kind of application, made first  # noqa: F841
    sizes = SIZES[:3] if "--quick" in sys.argv[1:] else SIZES
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    pdf_times("trustee_kinds", "words", 100)  # load fonts and templates first
    from opiniondesk.core.errors import OpinionDeskError

    print(
        "fact, value, size: render + layout + PDF seconds (pages), microseconds per KB, and the "
        f"CPU seconds (load average {os.getloadavg()[0]:.2f})"
        + (f", the fastest of {repeat}" if repeat > 1 else "")
    )
    for fact in ("trustee_kinds", "registrant_name"):
        for kind in ("words", "word"):
            for size in sizes:
                runs = []
                try:
                    for variant in range(repeat):
                        *times, cpu = pdf_times(fact, kind, size, variant)
                        runs.append((sum(times[:3]), times, cpu))
                except OpinionDeskError as exc:
                    print(f"  {fact:15} {kind:5} {size // 1000:5} KB: refused ({exc.problems[0]})")
                    continue
                total, (render, layout, pdf, pages), _ = min(runs)
                cpu = min(run[2] for run in runs)
                per_kb = total / (size / 1000) * 1e6
                print(
                    f"  {fact:15} {kind:5} {size // 1000:5} KB: {render:6.3f} + {layout:6.3f} + "
                    f"{pdf:6.3f} = {total:6.3f} s ({pages} pages), {per_kb:6.0f} us/KB, "
                    f"CPU {cpu:6.3f} s"
                )
    print("window: a value typed into the field to the preview redrawn")
    for fact, kind, size in (
        ("trustee_kinds", "words", 16_000),
        ("trustee_kinds", "word", 20_000),
        ("registrant_name", "words", 16_000),
        ("registrant_name", "word", 20_000),
    ):
        seconds = window_time(fact, value(size, kind))
        print(f"  {fact:15} {kind:5} {size // 1000:5} KB: {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
