"""`opiniondesk render`: matters to DOCX, text or PDF files, as draft, filing or signed copies."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from ..core.batch import UniqueNames
from ..core.errors import OpinionDeskError, Problem
from ..core.matter import Matter, atomic_write, load_matter
from ..core.model import COPIES
from ..writers import FORMATS, write_letter


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("render", help="render matters to DOCX, text or PDF")
    p.add_argument("matters", nargs="+", metavar="MATTER", help="matter files (*.opinion)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", metavar="OUT", help="the output file (one matter only)")
    out.add_argument("--out-dir", metavar="DIR", help="a folder for one output per matter")
    p.add_argument(
        "--format", choices=FORMATS, help="output format (default: from the file name, else docx)"
    )
    p.add_argument(
        "--copy", choices=COPIES, default="draft", help="draft (default), filing or signed"
    )
    p.add_argument("--signer", metavar="PROFILE", help="signer profile for a signed copy")
    p.add_argument("--rows", metavar="CSV", help="one letter per row of this CSV (with --out-dir)")
    p.add_argument(
        "--name", metavar="PATTERN", help="output name pattern for --rows, e.g. {series}"
    )
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes rendering --rows (default: one per core on Linux)",
    )
    p.add_argument(
        "--override", metavar="REASON", help="file despite opinion-check errors, for this reason"
    )
    p.set_defaults(run=run)


def output_format(args: argparse.Namespace) -> str:
    """Return the output format asked for, or the one the output file name implies."""
    if args.format:
        return args.format
    if args.output and Path(args.output).suffix.lower().lstrip(".") in FORMATS:
        return Path(args.output).suffix.lower().lstrip(".")
    return "docx"


def signature_image_for(args: argparse.Namespace, matter: Matter) -> bytes | None:
    """Return the signer's signature image for a signed copy (from the signer profile store)."""
    if args.copy != "signed":
        return None
    from ..signers import signature_image_for_render

    return signature_image_for_render(args.signer, matter)


def render_matter(matter: Matter, args: argparse.Namespace, fmt: str) -> tuple[bytes, list[dict]]:
    """Render one matter as the command asks: (output bytes, check errors overridden)."""
    letter = matter.render(args.copy, signature_image=signature_image_for(args, matter))
    overridden: list[dict] = []
    if args.copy != "draft":
        from ..commands.check import enforce_checks

        overridden = enforce_checks(matter, letter, args.override)
    return write_letter(letter, fmt), overridden


def run(args: argparse.Namespace) -> int:
    """Render every matter; write nothing for a matter with problems; exit 2 if any had them."""
    fmt = output_format(args)
    if args.override and args.copy == "draft":
        print(
            "opiniondesk: note: --override applies to filing and signed copies only",
            file=sys.stderr,
        )
    if args.signer and args.copy != "signed":
        print("opiniondesk: note: --signer applies to signed copies only", file=sys.stderr)
    if args.rows:
        from .rows import run_rows

        return run_rows(args, fmt)
    if args.output and len(args.matters) > 1:
        raise OpinionDeskError("-o takes one matter; use --out-dir for several")
    out_dir = Path(args.out_dir) if args.out_dir else None
    if out_dir and not out_dir.is_dir():
        raise OpinionDeskError("is not a folder", str(out_dir))
    problems: list[Problem] = []
    sources = {Path(name).resolve() for name in args.matters}
    names = UniqueNames()  # two matters of one name in --out-dir never overwrite each other
    for name in args.matters:
        if args.output:
            target = Path(args.output)
        else:
            target = out_dir / names.take(Path(name).stem, fmt)  # type: ignore[operator]
        if target.resolve() in sources:
            problems.append(
                Problem(str(target), "is a matter being rendered; choose another output")
            )
            continue
        try:
            matter = load_matter(name)  # its problems already name the file
        except OpinionDeskError as exc:
            problems += exc.problems
            continue
        try:
            data, overridden = render_matter(matter, args, fmt)
        except OpinionDeskError as exc:
            problems += exc.located(name).problems
            continue
        try:
            if args.copy == "signed":
                from ..register import record_signed_copy, write_signed_copy

                record = functools.partial(
                    record_signed_copy,
                    matter,
                    data,
                    fmt,
                    args.signer,
                    str(target.resolve()),
                    args.override,
                    overridden_rules=[e["rule_id"] for e in overridden],
                )
                write_signed_copy(target, data, record)
            else:
                atomic_write(target, data)
        except OpinionDeskError as exc:  # no record, so no signed copy either
            problems += exc.located(str(target)).problems
            continue
        except OSError as exc:
            problems.append(Problem(str(target), f"cannot write: {exc.strerror or exc}"))
            continue
        print(f"wrote {target}", file=sys.stderr)
    if problems:
        raise OpinionDeskError(problems)
    return 0
