"""`opiniondesk check`: the opinion checks on matters (filled in by the opinion-checks work)."""

from __future__ import annotations

import argparse

from ..core.matter import Matter
from ..core.model import Letter


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("check", help="check matters against the Exhibit 5 rules")
    p.add_argument("matters", nargs="+", metavar="MATTER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def enforce_checks(matter: Matter, letter: Letter, override: str | None) -> None:
    """Refuse a final copy while an opinion-check error stands (no checks exist yet)."""


def run(args: argparse.Namespace) -> int:
    """Not built yet."""
    print("opiniondesk: the opinion checks are not built yet")
    return 2
