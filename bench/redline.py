"""Redline speed: two 3-page letters redlined in process, and the window's redline view redrawn
after a keystroke.

    python bench/redline.py

The letters: the built-in sample grown to three pages with paragraphs of its own wording added
for the matter, and a copy with two facts changed and one paragraph reworded. Prints the median
and 95th percentile, over 50 runs, of the word-level comparison alone and of the comparison
written as a DOCX with tracked changes (target: 50 ms), and, over 100 edits of a fact with the
window's redline view on (against the template's wording), of the time from the edit to the view
repainted, both letters rendered and compared and the pages laid out (the debounce excluded:
target 16 ms p95, as the preview), and the same for the plain preview of that letter, to
show what the redline adds on the machine at hand; with the CPU time each edit took (steadier
than the wall clock on a shared machine) and the load average before and after.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPINIONDESK_HOME", tempfile.mkdtemp(prefix="opiniondesk-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "cmsi-2001.opinion"


def three_page_matters():
    """Return (old, new): the sample grown to three pages, and a copy with two facts changed and
    one paragraph reworded."""
    from opiniondesk.core.matter import load_matter
    from opiniondesk.core.wording import Run, form_of, runs_of, with_added, with_wording
    from opiniondesk.pages import layout_letter

    old = load_matter(SAMPLE)
    letter = old.render()
    long_ones = sorted(letter.blocks, key=lambda b: -len(b.text))[:3]
    anchor = next(b for b in letter.blocks if b.text.startswith("Based on the foregoing"))
    after = letter.blocks[anchor.index - 1]
    for block in long_ones:
        old.edits, _key = with_added(
            old.edits, after.key, "body", runs_of(block), form_of(after.inlines)
        )
    pages = len(layout_letter(old.render()))
    new = old.copy()
    new.facts["registrant_name"] = "Citicorp Mortgage Securities Holdings, Inc."
    new.facts["trustee_kinds"] = "a commercial bank or trust company"
    target = next(b for b in letter.blocks if b.text.startswith("Each series"))
    runs = list(runs_of(target))
    runs[0] = Run(runs[0].text.replace("Each series", "Every series so issued"), runs[0].marks)
    new.edits = with_wording(new.edits, target.key, runs, form_of(target.inlines))
    return old, new, pages


def _stats(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    return f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"


def bench_core(runs: int = 50) -> tuple[list[float], list[float], int, int]:
    """Return the times to compare two letters, and to compare and write the DOCX."""
    from opiniondesk.core.redline import compare
    from opiniondesk.writers.redline_docx import write_redline_docx

    old, new, pages = three_page_matters()
    a, b = old.render(), new.render()
    write_redline_docx(compare(a, b))  # the letterhead is read once per process
    diff, docx = [], []
    for _ in range(runs + 3):
        t0 = time.perf_counter()
        redline = compare(a, b)
        t1 = time.perf_counter()
        write_redline_docx(redline)
        t2 = time.perf_counter()
        diff.append((t1 - t0) * 1000)
        docx.append((t2 - t0) * 1000)
    return diff[3:], docx[3:], pages, redline.changes


def bench_view(
    n: int = 100,
    fact: str = "registrant_short_name",
    redline: bool = True,
    cpu: list[float] | None = None,
) -> list[float]:
    """Return the times from a fact edit to the redline view (or the plain preview) repainted
    (and, into `cpu`, the CPU time each took: steadier than the wall clock on a shared machine)."""
    from preview import bench_edits  # bench/preview.py, beside this script

    old, _new, _pages = three_page_matters()

    def prepare(window) -> None:
        window.set_matter(old)
        if redline:
            assert window.wording.show_redline(("form",))

    return bench_edits(n, fact, cpu, prepare)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - kept alive
    diff, docx, pages, changes = bench_core()
    print(f"letters: {pages} pages each, {changes} paragraphs changed")
    print(f"redline, compare only:   {_stats(diff)}")
    print(f"redline, compare + DOCX: {_stats(docx)}   (target 50 ms)")
    print(f"load average {os.getloadavg()[0]:.2f}")
    plain_cpu: list[float] = []
    plain = bench_view(redline=False, cpu=plain_cpu)  # first: it warms the caches both share
    red_cpu: list[float] = []
    red = bench_view(cpu=red_cpu)
    print(f"redline view, keystroke to repainted: {_stats(red)}   (target p95 16 ms)")
    print(f"plain preview of the same letter:     {_stats(plain)}")
    print(f"  CPU time per edit, redline view:    {_stats(red_cpu)}")
    print(f"  CPU time per edit, plain preview:   {_stats(plain_cpu)}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
