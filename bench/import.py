"""Benchmark: time and memory to import a 3-page precedent, as DOCX and as EDGAR HTML.

The HTML is a real 3-page EDGAR exhibit kept as a test fixture; the DOCX is the same letter
written by OpinionDesk's own DOCX writer from a template made of it (3 pages in Word and
LibreOffice). Each import reads the file, recognises the letter's parts, finds the facts (the
target: at most 300 ms for these), then makes the template, proves its round trip and writes it
(the whole `opiniondesk import`). Medians over N runs, after one warm-up run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from opiniondesk.core.matter import load_matter
from opiniondesk.core.precedent import find_facts, save_template
from opiniondesk.core.templates import TemplateLibrary
from opiniondesk.readers import read_bytes, read_precedent
from opiniondesk.writers.docx import write_docx

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "tests" / "fixtures" / "precedents" / "dragonfly-s3-nevada-2023.htm"
TARGET_MS = 300


def _docx(work: Path) -> bytes:
    """Write the HTML precedent's letter as a DOCX, through a template made of it."""
    precedent = read_precedent(HTML)
    save_template(
        precedent.letter,
        find_facts(precedent.letter),
        work / "dept",
        template_id="bench-docx",
        name="Bench",
        source=HTML.name,
        matter_path=work / "bench.opinion",
    )
    library = TemplateLibrary([work / "dept"])
    return write_docx(load_matter(work / "bench.opinion", library).render("filing", library))


def _one(data: bytes, name: str, work: Path, n: int) -> dict[str, float]:
    start = time.perf_counter()
    precedent = read_bytes(data, name)
    read = time.perf_counter()
    proposals = find_facts(precedent.letter)
    found = time.perf_counter()
    save_template(
        precedent.letter,
        proposals,
        work / f"dept-{n}",
        template_id="bench",
        name="Bench",
        source=name,
        library=TemplateLibrary([work / f"dept-{n}"]),
    )
    done = time.perf_counter()
    return {
        "read": read - start,
        "facts": found - read,
        "found": found - start,
        "all": done - start,
    }


def main() -> None:
    """Import each precedent N times and print the medians and the memory used."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=20, help="imports of each precedent (default 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        samples = [
            ("EDGAR HTML", HTML.read_bytes(), HTML.name),
            ("DOCX", _docx(work), "letter.docx"),
        ]
        for label, data, name in samples:
            _one(data, name, work, -1)  # warm-up: imports, compiled regular expressions
            runs = [_one(data, name, work, n) for n in range(args.n)]
            tracemalloc.start()
            _one(data, name, work, args.n)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            median = {k: statistics.median(r[k] for r in runs) * 1000 for k in runs[0]}
            print(f"{label} ({len(data) / 1000:.0f} kB, 3 pages):")
            print(f"  read and recognise the parts: {median['read']:.1f} ms")
            print(f"  find the facts:               {median['facts']:.1f} ms")
            print(
                f"  import (read + facts):        {median['found']:.1f} ms"
                f"  (target <= {TARGET_MS} ms)"
            )
            print(f"  with template, round trip and writing: {median['all']:.1f} ms")
            print(f"  memory allocated at peak for one import: {peak / 1e6:.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process peak resident memory: {rss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
