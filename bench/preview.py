"""Preview speed on the sample: fact change to preview updated, start-up to window, memory.

    python bench/preview.py [--start-only | --edits-only]

Prints the median and 95th percentile of the time from a fact change to the preview repainted
(the debounce excluded: the render runs at once), over 100 edits; the time from process start to
the window shown with the sample loaded (a child process running the `opiniondesk` entry point
with no arguments, as a user starts it, until the preview has painted the letter's first page; the
first start of a fresh user folder is the sample); and the resident memory of that child then.
Targets: 16 ms p95, 0.6 s to window, 150 MB. `--start-only` skips the edits, `--edits-only` the
starts. The edits also print the CPU time each took (steadier than the wall clock on a shared
machine) and the load average.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

CHILD = r"""
import importlib.util, os, sys, time
start = float(sys.argv[1])


def report(window):
    shown = time.time() - start
    rss = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    print(f"{shown:.3f} {rss:.1f} {len(window.pages)}", flush=True)
    os._exit(0)


class ReportFirstPaint:
    # When the preview module loads, make its first paint of the letter print the time and exit.
    # (A plain finder: importlib.abc would load importlib.resources, which the program does not.)
    def find_spec(self, name, path, target=None):
        if name != "opiniondesk.gui.preview":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            paint = module.PreviewWidget.paintEvent

            def paint_then_report(self, event):
                paint(self, event)
                if self.pages:
                    report(self)

            module.PreviewWidget.paintEvent = paint_then_report

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, ReportFirstPaint())
from opiniondesk.__main__ import main  # the program's own entry point, as `opiniondesk` runs it

sys.exit(main([]))
"""


def bench_edits(
    n: int = 100,
    fact: str = "registrant_short_name",
    cpu: list[float] | None = None,
    prepare: Callable[[Any], object] | None = None,
) -> list[float]:
    """Return the times from a fact edit to the preview repainted (and, into `cpu`, the CPU time
    each took: steadier than the wall clock on a shared machine). `prepare` puts a matter (and a
    view) in the window shown; the sample by default."""
    from PySide6.QtWidgets import QApplication

    from opiniondesk.gui import collector
    from opiniondesk.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1300, 850)
    window.open_sample()
    window.show()
    app.processEvents()
    collector.install(app)  # as run_app does once the first window is up
    if prepare is not None:
        prepare(window)
    edit = window.facts.editors[("fact", fact)]
    base = edit.edit.text()
    times = []
    for i in range(n + 5):
        t0, c0 = time.perf_counter(), time.process_time()
        edit.edit.setText(f"{base}{i}")  # a new value each time: no layout is reused
        edit._typed(edit.edit.text())  # as a keystroke: validate, store through the undo stack
        window.preview.render_now()  # what the debounce timer calls: render, lay out, repaint
        if i >= 5:  # the first few warm the glyph caches
            times.append((time.perf_counter() - t0) * 1000)
            if cpu is not None:
                cpu.append((time.process_time() - c0) * 1000)
    window.doc.undo_stack.setClean()
    window.close()
    collector.uninstall()
    return times


BARE = r"""
import os, sys, time
start = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class Probe(QWidget):
    def paintEvent(self, event):
        print(f"{time.time() - start:.3f} 0 0", flush=True)
        os._exit(0)


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(Probe())
window.resize(1200, 800)
window.show()
app.exec()
"""


def bench_start(runs: int = 5) -> tuple[float, list[tuple[float, float, int]]]:
    """Return the first start's seconds (a fresh user folder: templates not yet compiled, no letter
    remembered) and (seconds, resident MB, pages) for each later start."""
    # An installed OpinionDesk starts from compiled bytecode (pip compiles a wheel as it installs;
    # a bundle carries it): compile a source checkout the same way first, even where
    # PYTHONDONTWRITEBYTECODE is set, so the figure is the program's and not the compiler's.
    import compileall

    import opiniondesk

    compileall.compile_dir(os.path.dirname(opiniondesk.__file__), quiet=1)
    env = dict(os.environ, OPINIONDESK_HOME=tempfile.mkdtemp(prefix="opiniondesk-bench-"))
    results = [_start(CHILD, env) for _ in range(runs + 1)]
    return results[0][0], results[1:]


def bench_bare(runs: int = 5) -> list[float]:
    """Return the seconds a bare PySide6 window takes to paint, measured the same way."""
    return [_start(BARE, dict(os.environ))[0] for _ in range(runs)]


def _start(code: str, env: dict[str, str]) -> tuple[float, float, int]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, repr(start)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> int:
    os.environ.setdefault("OPINIONDESK_HOME", tempfile.mkdtemp(prefix="opiniondesk-bench-"))
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    edits = "--start-only" not in sys.argv[1:]
    if edits:
        print(
            "fact change to preview updated (debounce excluded, 100 edits each; target p95 <= 16"
            f" ms); load average {os.getloadavg()[0]:.2f}:"
        )
    for fact, where in (
        ("registrant_name", "3 paragraphs"),
        ("registrant_short_name", "most paragraphs"),
    )[: 2 if edits else 0]:
        cpu: list[float] = []
        times = bench_edits(100, fact, cpu)
        p95 = statistics.quantiles(times, n=20)[-1]
        cpu_p95 = statistics.quantiles(cpu, n=20)[-1]
        print(
            f"  {fact} ({where}): median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms; "
            f"CPU median {statistics.median(cpu):.1f} ms, p95 {cpu_p95:.1f} ms"
        )
    if edits:
        print(f"  load average after: {os.getloadavg()[0]:.2f}")
    if "--edits-only" in sys.argv[1:]:
        return 0
    first, starts = bench_start()
    bare = bench_bare()
    seconds = sorted(run[0] for run in starts)
    pages = starts[0][2]
    print(
        f"process start to window shown with the sample ({pages} pages), `opiniondesk` as run by "
        f"a user: min {seconds[0]:.2f} s, median {statistics.median(seconds):.2f} s, max "
        f"{seconds[-1]:.2f} s over {len(seconds)} starts (target <= 0.6 s); the very first start, "
        f"templates not yet compiled and no letter remembered: {first:.2f} s"
    )
    print(
        f"  for scale, a bare PySide6 window, same measure: median {statistics.median(bare):.2f} s "
        "(the issue quotes 0.18 s for these machines)"
    )
    rss = statistics.median(run[1] for run in starts)
    print(f"resident memory with the window open: {rss:.0f} MB (target <= 150 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
