"""Benchmark: letters per second for one letter per CSV row through the CLI (process start included).

Unix only (it reads the child's CPU time with the resource module).
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from opiniondesk import paths

SAMPLE = "cmsi-2002-3-series.opinion"
COLUMNS = [
    "series_name",
    "offered_classes",
    "aggregate_principal",
    "agreement_date",
    "prospectus_supplement_date",
    "underwriting_agreement_date",
    "form_8k_date",
    "letter_date",
]


def write_rows(path: Path, n: int) -> None:
    """Write `n` rows, each a series of the asset-backed series-takedown sample."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for i in range(n):
            year, number = 2002 + i // 100, i % 100 + 1
            out.writerow(
                [
                    f"Series {year}-{number}",
                    "IA-1;IA-2;IA-PO;IA-R",
                    str(300_000_000 + i * 1000),
                    f"{year}-03-01",
                    f"{year}-03-25",
                    f"{year}-03-25",
                    f"{year}-03-28",
                    f"{year}-03-28",
                ]
            )


def main() -> None:
    """Render N rows (default 1,000) with `opiniondesk render --rows` and print letters per second."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1000, help="rows (default 1000)")
    parser.add_argument(
        "--copy",
        action="append",
        choices=("draft", "filing"),
        help="copy (default: draft, then filing, which also runs the opinion checks on each letter)",
    )
    parser.add_argument(
        "--format", default="docx", choices=("docx", "txt"), help="format (default docx)"
    )
    args = parser.parse_args()
    for copy in args.copy or ["draft", "filing"]:
        run(args.n, copy, args.format)


def run(n: int, copy: str, fmt: str) -> None:
    """Render n rows as one copy through the CLI and print letters per second."""
    with tempfile.TemporaryDirectory(prefix="opiniondesk-bench-") as tmp:
        folder = Path(tmp)
        rows = folder / "rows.csv"
        write_rows(rows, n)
        out = folder / "out"
        command = [
            sys.executable, "-m", "opiniondesk", "render", str(paths.resource("samples", SAMPLE)),
            "--rows", str(rows), "--out-dir", str(out), "--name", "{series_name}",
            "--copy", copy, "--format", fmt,
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        written = len(list(out.glob(f"*.{fmt}")))
        if result.returncode != 0 or written != n:
            print(result.stderr, file=sys.stderr)
            raise SystemExit(f"the run failed: exit {result.returncode}, {written} of {n} written")
    print(f"rows: {n} ({copy} copy, {fmt})")
    print(f"elapsed, process start included: {elapsed:.2f} s")
    print(f"letters per second: {n / elapsed:.0f}")
    # The machine may be busy with other work; CPU time shows what the letters themselves cost.
    print(f"CPU time of the run: {cpu:.2f} s ({n / cpu:.0f} letters per CPU-second)")


if __name__ == "__main__":
    main()
