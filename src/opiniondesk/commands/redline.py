"""`opiniondesk redline`: a redline between two matters or versions of one, as DOCX with tracked
changes or as a marked-up PDF; `--against-form` compares a matter with its template's own wording."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..core.errors import OpinionDeskError
from ..core.matter import Matter, atomic_write, load_matter
from ..core.model import Letter
from ..core.versions import find_version, matter_at, split_spec

REDLINE_FORMATS = ("docx", "pdf")
MSG_NEED_NEW = "give NEW (a matter, or MATTER@VERSION), or --against-form"
MSG_AGAINST_FORM = "--against-form compares one matter with its template's wording: give no NEW"
MSG_TEMPLATES = (
    "OLD and NEW are on different templates ({old} in {old_name}, {new} in {new_name}): "
    "a redline compares letters of one template"
)
MSG_WRITTEN = "{file}: {count} paragraph(s) changed"
MSG_NO_EDITS = "has no edits of its own: the redline against its form shows no change"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        "redline",
        help="redline two matters or versions (DOCX with tracked changes, or PDF)",
        description="Compare OLD with NEW word by word and write the redline: a DOCX whose "
        "tracked changes Word and LibreOffice can accept or reject, or a marked-up PDF. OLD and "
        "NEW are matter files or versions of one (MATTER@VERSION). Exit 2 on bad input.",
    )
    p.add_argument("old", metavar="OLD", help="the earlier matter, or MATTER@VERSION")
    p.add_argument("new", metavar="NEW", nargs="?", help="the later matter, or MATTER@VERSION")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the redline to write")
    p.add_argument(
        "--format", choices=REDLINE_FORMATS, help="docx or pdf (default: from the file name)"
    )
    p.add_argument(
        "--against-form",
        action="store_true",
        help="compare the matter (OLD) with its template's own wording and the same facts",
    )
    p.add_argument("--author", metavar="NAME", help="who the tracked changes are by (you)")
    p.set_defaults(run=run)


def open_spec(spec: str) -> tuple[Matter, str]:
    """Return the matter a MATTER or MATTER@VERSION names, and how messages name it."""
    path, version = split_spec(spec)
    matter = load_matter(path)
    if version is None:
        return matter, path
    return matter_at(matter, find_version(matter, version)), f"{path}@{version}"


def render_named(matter: Matter, name: str) -> Letter:
    """Render a draft of the matter; its problems are named by `name`."""
    try:
        return matter.render("draft")
    except OpinionDeskError as exc:
        raise exc.located(name, unless_named=True) from None


def default_author() -> str:
    """Return who tracked changes are by when no one is named: the user's login name."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers)
        return "OpinionDesk"


def author_name(args: argparse.Namespace) -> str:
    """Return the author the tracked changes name: --author, else the user's login name."""
    if args.author and args.author.strip():
        return args.author.strip()
    return default_author()


def run(args: argparse.Namespace) -> int:
    """Write the redline; exit 2 when an input cannot be used."""
    if args.against_form and args.new:
        raise OpinionDeskError(MSG_AGAINST_FORM)
    if not args.against_form and not args.new:
        raise OpinionDeskError(MSG_NEED_NEW)
    fmt = args.format or ("pdf" if Path(args.output).suffix.lower() == ".pdf" else "docx")
    old, old_name = open_spec(args.old)
    if args.against_form:
        new, new_name = old, old_name
        old = old.copy()
        old.edits = []
        old_name = f"{new_name} (the template's wording)"
        if not new.edits:
            print(f"opiniondesk: {new_name}: {MSG_NO_EDITS}", file=sys.stderr)
    else:
        new, new_name = open_spec(args.new)
    if old.template_id != new.template_id:
        raise OpinionDeskError(
            MSG_TEMPLATES.format(
                old=old.template_id, new=new.template_id, old_name=old_name, new_name=new_name
            )
        )
    from ..core.redline import compare
    from .render import letterhead_for

    letterhead = letterhead_for(args, fmt)  # refused here, naming it, if it cannot be read
    redline = compare(render_named(old, old_name), render_named(new, new_name))
    if fmt == "pdf":
        from ..writers.redline_pdf import write_redline_pdf

        data = write_redline_pdf(redline, letterhead=letterhead)
    else:
        from ..writers.redline_docx import write_redline_docx

        data = write_redline_docx(redline, author_name(args), letterhead=letterhead)
    try:
        atomic_write(Path(args.output), data)
    except OSError as exc:
        raise OpinionDeskError(f"cannot write: {exc.strerror or exc}", args.output) from None
    print(MSG_WRITTEN.format(file=args.output, count=redline.changes))
    return 0
