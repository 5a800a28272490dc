"""`opiniondesk versions`: the named versions kept inside a matter file: list, save one, restore one."""

from __future__ import annotations

import argparse
import json
import sys

from ..core.errors import OpinionDeskError
from ..core.matter import load_matter, save_matter
from ..core.versions import find_version, read_versions, restore, save_version
from .check import say_migration

LINE = "{name}\t{saved}\ttemplate {template} {version}\t{note}"
NONE = "{file}: no versions yet (opiniondesk versions save {file} NAME keeps one)"
SAVED = "{file}: version \u201c{name}\u201d kept"
RESTORED = "{file}: version \u201c{name}\u201d restored (its facts, date, signer and wording)"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        "versions",
        help="list, save or restore the versions kept inside a matter file",
        description="Named, dated versions of a matter kept inside its file. Exit 2 on bad input "
        "(a name already taken, a version that does not exist or cannot be read).",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the matter's versions, oldest first")
    listing.add_argument("matter", metavar="MATTER")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(run=run_list)
    saving = actions.add_parser("save", help="keep the matter as it stands as a named version")
    saving.add_argument("matter", metavar="MATTER")
    saving.add_argument("name", metavar="NAME")
    saving.add_argument("--note", default="", help="a note kept with the version")
    saving.set_defaults(run=run_save)
    restoring = actions.add_parser("restore", help="put a version back into the matter")
    restoring.add_argument("matter", metavar="MATTER")
    restoring.add_argument("name", metavar="NAME")
    restoring.set_defaults(run=run_restore)


def run_list(args: argparse.Namespace) -> int:
    """Print the versions; exit 2 if any cannot be read (the others are listed)."""
    matter = load_matter(args.matter)
    versions, problems = read_versions(matter)
    if args.json:
        out = [
            {
                "name": v.name,
                "saved": v.saved,
                "template": {"id": v.template_id, "version": v.template_version},
                "note": v.note,
            }
            for v in versions
        ]
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif not versions and not problems:
        print(NONE.format(file=args.matter))
    else:
        for v in versions:
            print(
                LINE.format(
                    name=v.name,
                    saved=v.saved,
                    template=v.template_id,
                    version=v.template_version,
                    note=v.note,
                )
            )
    for problem in problems:
        print(f"opiniondesk: {args.matter}: {problem}", file=sys.stderr)
    return 2 if problems else 0


def run_save(args: argparse.Namespace) -> int:
    """Keep a named version in the matter file (a name already taken: exit 2, nothing written)."""
    matter = load_matter(args.matter)
    try:
        version = save_version(matter, args.name, args.note.strip())
    except OpinionDeskError as exc:
        raise exc.located(args.matter, unless_named=True) from None
    save_matter(matter, args.matter)
    print(SAVED.format(file=args.matter, name=version.name))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Put a version's facts, date, signer and wording back into the matter file."""
    matter = load_matter(args.matter)
    version = find_version(matter, args.name)
    say_migration(restore(matter, version), args.matter)  # what bringing it up to date changed
    save_matter(matter, args.matter)
    print(RESTORED.format(file=args.matter, name=version.name))
    return 0
