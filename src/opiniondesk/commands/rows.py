"""`opiniondesk render MATTER --rows FILE.csv --out-dir DIR`: one letter per row, with a progress bar."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from ..core.batch import default_workers, read_rows, render_rows
from ..core.errors import OpinionDeskError
from ..core.matter import Matter, load_matter
from ..core.templates import render_letter
from ..writers import write_letter
from .render import signature_image_for

BAR_WIDTH = 30


class ProgressBar:
    """A one-line progress bar on a terminal, redrawn at most every 50 ms; silent elsewhere."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.shown = stream.isatty()
        self.last = 0.0

    def update(self, done: int, total: int) -> None:
        """Redraw the bar for `done` of `total` rows."""
        if not self.shown:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.05:
            return
        self.last = now
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run_rows(args: argparse.Namespace, fmt: str) -> int:
    """Render one letter per CSV row into --out-dir; exit 2 after writing the good rows if any was bad."""
    if len(args.matters) != 1:
        raise OpinionDeskError("--rows takes one matter, whose facts each row overrides")
    if getattr(args, "output", None) or not args.out_dir:
        raise OpinionDeskError("--rows writes one file per row; give --out-dir DIR instead of -o")
    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OpinionDeskError("is not a folder", str(out_dir))
    matter = load_matter(args.matters[0])
    tmpl = matter.template()
    _ = tmpl.jinja  # compiled here, once, for the forked workers to inherit
    rows = read_rows(args.rows)
    image = signature_image_for(args, matter)
    if args.copy != "draft":
        from .check import enforce_checks
    override = getattr(args, "override", None)

    def render(row: Matter) -> bytes:
        letter = render_letter(
            tmpl, row.facts, row.letter_date, row.signer, args.copy, image, edits=row.edits
        )
        if args.copy != "draft":
            # Never save here: a row's facts are not the matter file's.
            enforce_checks(row, letter, override, save=False, template=tmpl)
        return write_letter(letter, fmt)

    def record(row: Matter, target: Path, data: bytes) -> None:
        """Register a signed copy once its file exists, naming the matter and the file."""
        from ..register import record_signed_copy

        overridden: list[str] = []
        if override:  # which errors the reason overrode (the worker's letter is gone: check again)
            from ..core.checks import errors_of, run_checks

            letter = render_letter(
                tmpl, row.facts, row.letter_date, row.signer, args.copy, image, edits=row.edits
            )
            overridden = [f.rule_id for f in errors_of(run_checks(row, letter, tmpl))]
        row.path = matter.path
        record_signed_copy(
            row,
            data,
            fmt,
            args.signer,
            str(target.resolve()),
            override,
            overridden_rules=overridden,
        )

    bar = ProgressBar(sys.stderr, "letters")
    try:
        result = render_rows(
            matter,
            rows,
            tmpl.schema,
            out_dir,
            render,
            suffix=fmt,
            name_pattern=args.name,
            progress=bar.update,
            workers=getattr(args, "jobs", None) or default_workers(),
            written=record if args.copy == "signed" else None,
        )
    finally:
        bar.finish()
    print(
        f"wrote {len(result.written)} of {result.total} letters to {out_dir}",
        file=sys.stderr,
    )
    if result.problems:
        raise OpinionDeskError(result.problems)
    return 0
