"""`opiniondesk new`: a new matter file holding a template's defaults."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import OpinionDeskError
from ..core.matter import new_matter, save_matter
from ..core.templates import default_library


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("new", help="start a matter from a template")
    p.add_argument("template", metavar="TEMPLATE", help="template id (see `opiniondesk templates`)")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the new matter file")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write a new matter with the template's defaults."""
    target = Path(args.output)
    if target.exists() and not args.force:
        raise OpinionDeskError("already exists; use --force to replace it", str(target))
    matter = new_matter(default_library().get(args.template))
    save_matter(matter, target)
    print(f"wrote {target}", file=sys.stderr)
    return 0
