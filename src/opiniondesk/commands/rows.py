"""`opiniondesk render MATTER --rows FILE.csv --out-dir DIR`: one letter per row, with a progress bar.

Ctrl-C and SIGTERM stop a run cleanly: the letters already rendered are written (a signed copy
always with its record), and the report says which rows were written and which were not.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from ..core.batch import (
    INTERRUPTED,
    default_workers,
    line_ranges,
    read_rows,
    render_rows,
)
from ..core.errors import OpinionDeskError, Problem
from ..core.matter import Matter, load_matter
from ..core.templates import render_letter
from ..writers import write_letter
from .check import say_migration
from .render import letterhead_for, settle_leftovers, signature_image_for

BAR_WIDTH = 30
WRITER_MODULES = {"docx": "docx", "txt": "text", "pdf": "pdf"}


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


class Interruptions:
    """Turns the first Ctrl-C or SIGTERM into KeyboardInterrupt and notes which it was.

    Later ones are let pass while the run stops, so the letters in hand are written whole.
    """

    def __init__(self) -> None:
        self.signum: int | None = None

    def handle(self, signum: int, frame: Any) -> None:
        """The signal handler."""
        if self.signum is None:
            self.signum = signum
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle SIGINT and SIGTERM while the block runs (only the main thread can)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        wanted = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
        previous = {s: signal.signal(s, self.handle) for s in wanted}
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    def exit_code(self) -> int:
        """Return the exit code a shell expects after the signal: 128 + its number."""
        return 128 + (self.signum or signal.SIGINT)


def run_rows(args: argparse.Namespace, fmt: str) -> int:
    """Render one letter per CSV row into --out-dir; exit 2 after writing the good rows if any was bad."""
    if len(args.matters) != 1:
        raise OpinionDeskError("--rows takes one matter, whose facts each row overrides")
    if getattr(args, "output", None) or not args.out_dir:
        raise OpinionDeskError("--rows writes one file per row; give --out-dir DIR instead of -o")
    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OpinionDeskError("is not a folder", str(out_dir))
    letterhead = letterhead_for(args, fmt)  # refused here, once, not at every row
    matter = load_matter(args.matters[0])
    say_migration(matter, args.matters[0])
    tmpl = matter.template()
    # Compiled and loaded here, once, for the forked workers to inherit rather than each do it.
    _ = tmpl.jinja
    importlib.import_module(f"{__package__.rsplit('.', 1)[0]}.writers.{WRITER_MODULES[fmt]}")
    if args.copy != "draft":
        from ..core import checks

        _ = checks.RULES
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
        return write_letter(letter, fmt, letterhead)

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

    # Said before rendering, so it is said even if this run is stopped in its turn.
    settle_leftovers(out_dir)
    bar = ProgressBar(sys.stderr, "letters")
    interruptions = Interruptions()
    result = None
    try:
        with interruptions.installed():
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
    except KeyboardInterrupt:
        if result is None:  # stopped before any letter: nothing to report but that
            raise
    finally:
        bar.finish()
    recorded = " (each recorded in the register of signed copies)" if args.copy == "signed" else ""
    print(
        f"wrote {len(result.written)} of {result.total} letters to {out_dir}{recorded}",
        file=sys.stderr,
    )
    problems = list(result.problems)
    if result.interrupted or interruptions.signum is not None:
        if interruptions.signum is not None:
            why = f"{INTERRUPTED} by {signal.Signals(interruptions.signum).name}"
        else:
            why = str(result.interrupted)
        done, not_done = line_ranges(result.written_lines), line_ranges(result.unwritten_lines)
        stopped = Problem(
            str(args.rows),
            f"stopped: {why}; rows written: {f'lines {done}' if done else 'none'}; "
            f"rows not written: {f'lines {not_done}' if not_done else 'none'}",
        )
        for problem in [stopped, *problems]:
            print(f"opiniondesk: {problem}", file=sys.stderr)
        return interruptions.exit_code() if interruptions.signum is not None else 2
    if problems:
        raise OpinionDeskError(problems)
    return 0
