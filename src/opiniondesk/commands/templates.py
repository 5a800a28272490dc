"""`opiniondesk templates`: the templates this installation knows, with any that failed to load."""

from __future__ import annotations

import argparse

from ..core.templates import TemplateLibrary, default_library


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("templates", help="list the letter templates")
    p.add_argument(
        "--folder", action="append", default=[], metavar="DIR", help="a department template folder"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per template: id, version, forms and name; broken ones with their error."""
    library = TemplateLibrary(args.folder) if args.folder else default_library()
    for t in library.templates():
        if t.ok:
            forms = ", ".join(t.forms)
            print(
                f"{t.id}\t{t.version}\t{forms}\t{t.name}"
                + ("" if t.source == "built-in" else f"\t({t.source})")
            )
        else:
            for problem in t.error.problems:  # type: ignore[union-attr]
                print(f"{t.id}\tBROKEN\t{problem}")
    return 0
