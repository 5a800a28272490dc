"""`opiniondesk gui [FILE]`: open the drafting window (the default with no command)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window's own start skips argument parsing (see cli.opens_window)
    import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("gui", help="open the drafting window (the default)")
    p.add_argument("file", nargs="?", metavar="FILE", help="a matter file to open")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Open the window and run until it closes."""
    return open_window(args.file)


def open_window(file: str | None) -> int:
    """Open the window on a file (or the last matter, or the sample) and run until it closes."""
    from ..gui.app import run_app

    return run_app(file)
