"""The command line: argument parsing and dispatch to the modules under `opiniondesk.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .core.errors import OpinionDeskError

# Each command lives in opiniondesk/commands/<name>.py with add_parser(subparsers) and run(args).
COMMANDS = ("render", "new", "templates", "check", "signers", "gui")
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command."""
    parser = _Parser(prog="opiniondesk", description="Draft Exhibit 5.1 legality opinions.")
    parser.add_argument("--version", action="version", version=f"OpinionDesk {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="render, preview, export and print the sample, headless",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str]) -> int:
    """Parse `argv`, run the command, and turn bad input into exit 2 with one line per problem."""
    argv = list(argv)
    if not argv or (len(argv) == 1 and argv[0].lower().endswith(".opinion")):
        # No command, or a matter file handed over by the system (Windows keeps the name's case).
        argv = ["gui", *argv]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.self_test:
            from .selftest import run_self_test

            return run_self_test()
        if not args.command:
            args = parser.parse_args(["gui"])
        return int(args.run(args))
    except OpinionDeskError as exc:
        for problem in exc.problems:
            print(f"opiniondesk: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("opiniondesk: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user sees one line; the log keeps the traceback
        from .logs import log_exception

        where = log_exception(exc)
        details = f" (details in {where})" if where else ""
        print(f"opiniondesk: internal error: {type(exc).__name__}: {exc}{details}", file=sys.stderr)
        return 70
