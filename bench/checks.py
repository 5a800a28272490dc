"""Benchmark: time per letter to run every opinion check on each built-in sample (target <= 20 ms)."""

from __future__ import annotations

import argparse
import statistics
import time

from opiniondesk import paths
from opiniondesk.core.checks import run_checks
from opiniondesk.core.matter import load_matter

TARGET_MS = 20.0


def main() -> None:
    """Check each sample N times (its letter rendered once beforehand) and print the time per letter."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=200, help="checks per sample (default 200)")
    args = parser.parse_args()
    samples = sorted(paths.resource("samples").glob("*.opinion"))
    all_times: list[float] = []
    all_cpu: list[float] = []
    print(
        f"{'sample':<32} {'paragraphs':>10} {'findings':>8} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7}"
    )
    for path in samples:
        matter = load_matter(path)
        template = matter.template()
        letter = matter.render("draft")
        findings = run_checks(
            matter, letter, template
        )  # warm up (compiles nothing new; fills caches)
        times = []
        cpu_start = time.process_time()
        for _ in range(args.n):
            start = time.perf_counter()
            run_checks(matter, letter, template)
            times.append(time.perf_counter() - start)
        cpu = (time.process_time() - cpu_start) / args.n
        all_cpu.append(cpu)
        times.sort()
        all_times += times
        print(
            f"{path.stem:<32} {len(letter.blocks):>10} {len(findings):>8} "
            f"{statistics.median(times) * 1000:>10.2f} {times[int(len(times) * 0.95)] * 1000:>8.2f}"
            f" {cpu * 1000:>7.2f}"
        )
    all_times.sort()
    median = statistics.median(all_times) * 1000
    mean = statistics.fmean(all_times) * 1000
    print(
        f"letters: {len(samples)} samples x {args.n} checks each (the letter rendered once beforehand)"
    )
    print(
        f"per letter: median {median:.2f} ms, mean {mean:.2f} ms, slowest {max(all_times) * 1000:.2f} ms"
    )
    print(
        f"CPU time per letter: mean {statistics.fmean(all_cpu) * 1000:.2f} ms, worst sample {max(all_cpu) * 1000:.2f} ms"
    )
    verdict = "met" if mean <= TARGET_MS else "NOT met (is the machine busy? see CPU time)"
    print(f"target: <= {TARGET_MS:.0f} ms per letter (mean): {verdict}")


if __name__ == "__main__":
    main()
