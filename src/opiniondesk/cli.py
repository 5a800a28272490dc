"""The command line: argument parsing and dispatch to the modules under `opiniondesk.commands`."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from . import __version__
from .core.errors import OpinionDeskError

if TYPE_CHECKING:  # argparse loads only when a command is parsed: not when the window opens
    import argparse

# Each command lives in opiniondesk/commands/<name>.py with add_parser(subparsers) and run(args).
COMMANDS = ("render", "new", "templates", "check", "signers", "import_precedent", "gui")
COMMANDS += ("edgar_check", "register", "redline", "versions")
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")

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


def opens_window(argv: Sequence[str]) -> bool:
    """True for `gui` or `gui FILE`: the start counsel make most, which needs no other command."""
    return (
        bool(argv)
        and argv[0] == "gui"
        and len(argv) <= 2
        and not any(arg.startswith("-") for arg in argv[1:])
    )


def main(argv: Sequence[str]) -> int:
    """Parse `argv`, run the command, and turn bad input into exit 2 with one line per problem."""
    argv = list(argv)
    if not argv or (len(argv) == 1 and argv[0].lower().endswith(".opinion")):
        # No command, or a matter file handed over by the system (Windows keeps the name's case).
        argv = ["gui", *argv]
    if opens_window(argv):
        # Straight to the window: building every command's parser would import their modules
        # (multiprocessing, the writers, the checks) before the window could show. Start-up
        # allocates much and frees little, so the cyclic collector waits until the window is up
        # (opiniondesk.gui.collector takes over once it is).
        import gc

        gc.disable()
        from .commands.gui import open_window

        return _guarded(lambda: open_window(argv[1] if len(argv) > 1 else None))
    parser = build_parser()
    args = parser.parse_args(argv)

    def run() -> int:
        if args.command and args.command != "gui":
            # The window reports a damaged settings file itself; here its folders would just be
            # missing from every template list, without a word.
            from .settings import settings_problem

            problem = settings_problem()
            if problem:
                print(
                    f"opiniondesk: warning: {problem}; its department template folders are left out",
                    file=sys.stderr,
                )
        if args.self_test:
            from .selftest import run_self_test

            return run_self_test()
        chosen = args if args.command else parser.parse_args(["gui"])
        return int(chosen.run(chosen))

    return _guarded(run)


def _guarded(run: Callable[[], int]) -> int:
    try:
        return run()
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
