"""Benchmark: median time per letter to render the sample to DOCX in one process, a fact varied each time."""

from __future__ import annotations

import argparse
import statistics
import time

from opiniondesk import paths
from opiniondesk.core.matter import load_matter
from opiniondesk.writers.docx import write_docx


def main() -> None:
    """Render N letters (render + DOCX bytes) and print the median and 95th percentile per letter."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=500, help="letters to render (default 500)")
    args = parser.parse_args()
    matter = load_matter(paths.sample_matter())
    t0 = time.perf_counter()
    write_docx(
        matter.render("filing")
    )  # the first letter pays for loading the template and letterhead
    first = time.perf_counter() - t0
    times, cpu = [], []
    for i in range(args.n):
        matter.facts["registrant_short_name"] = f"CMSI{i}"
        start, start_cpu = time.perf_counter(), time.process_time()
        data = write_docx(matter.render("filing"))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert data[:2] == b"PK"
    times.sort()
    print(f"letters: {args.n}")
    print(f"first letter (loads template and letterhead): {first * 1000:.1f} ms")
    print(f"median per letter: {statistics.median(times) * 1000:.2f} ms")
    print(f"95th percentile: {times[int(len(times) * 0.95)] * 1000:.2f} ms")
    # CPU time is steadier than wall time on a shared machine.
    print(f"CPU time per letter (mean): {statistics.fmean(cpu) * 1000:.2f} ms")
    print("target: <= 5 ms median per letter")


if __name__ == "__main__":
    main()
