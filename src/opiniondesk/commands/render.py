"""`opiniondesk render`: matters to DOCX, text or PDF files, as draft, filing or signed copies."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from ..core.batch import UniqueNames
from ..core.errors import OpinionDeskError, Problem
from ..core.matter import Matter, atomic_write, load_matter
from ..core.model import COPIES, Letter
from ..writers import FORMATS, write_letter
from ..writers.edgar import EDGAR_FORMATS
from .check import say_migration

# Each runs as written in any folder (tests/test_readme.py runs them).
EXAMPLES = """examples:
  opiniondesk new s8-employee-plans -o plan.opinion
  opiniondesk render plan.opinion -o plan-draft.pdf
  opiniondesk render plan.opinion --out-dir letters --format txt
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        "render",
        help="render matters to DOCX, text or PDF",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("matters", nargs="+", metavar="MATTER", help="matter files (*.opinion)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", metavar="OUT", help="the output file (one matter only)")
    out.add_argument("--out-dir", metavar="DIR", help="a folder for one output per matter")
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: the output file's extension; docx with --out-dir)",
    )
    p.add_argument(
        "--copy", choices=COPIES, default="draft", help="draft (default), filing or signed"
    )
    p.add_argument("--signer", metavar="PROFILE", help="signer profile for a signed copy")
    p.add_argument("--rows", metavar="CSV", help="one letter per row of this CSV (with --out-dir)")
    p.add_argument(
        "--name",
        metavar="PATTERN",
        help="output names for --rows, from fact ids and {row}, e.g. {registrant_short_name}-{row}",
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
    p.add_argument(
        "--letterhead",
        metavar="DOCX",
        help="a department letterhead for DOCX and PDF (default: the one chosen in Preferences)",
    )
    p.set_defaults(run=run)


# The format an output file's extension names; EDGAR names its HTML documents *.htm (Filer
# Manual 5.2.2.1), and its ASCII form needs --format edgar-txt (a .txt is plain text).
SUFFIX_FORMATS = {".docx": "docx", ".txt": "txt", ".pdf": "pdf", ".htm": "edgar"}
MSG_UNKNOWN_FORMAT = (
    "cannot tell the format from the name: end it in {suffixes}, or say which with --format "
    "{formats}"
)
MSG_UNDRAWABLE = (
    "warning: fact '{fact}': no installed font can draw {chars}; the PDF shows an empty box instead"
)
MSG_FINISHED = (
    "opiniondesk: note: put in place {count} signed copy that an interrupted run had recorded in "
    "the register but not yet named: {names}",
    "opiniondesk: note: put in place {count} signed copies that interrupted runs had recorded in "
    "the register but not yet named: {names}",
)
MSG_REMOVED = (
    "opiniondesk: note: removed {count} unfinished letter that an interrupted run left in {folder}",
    "opiniondesk: note: removed {count} unfinished letters that interrupted runs left in {folder}",
)


def output_format(args: argparse.Namespace) -> str:
    """Return the output format: --format's, else the one the output file's extension names (an
    unknown extension, or none, is refused), else docx (--out-dir)."""
    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower()
        if suffix not in SUFFIX_FORMATS:
            raise OpinionDeskError(
                MSG_UNKNOWN_FORMAT.format(
                    suffixes=_either(list(SUFFIX_FORMATS)), formats=_either(list(FORMATS))
                ),
                str(args.output),
            )
        return SUFFIX_FORMATS[suffix]
    return "docx"


def _either(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def letterhead_for(args: argparse.Namespace, fmt: str = "docx") -> Path | None:
    """Return the letterhead to use: --letterhead's, else the one chosen in Preferences.

    For a format drawn on it (all but text), one that cannot be read (no DOCX, a FIFO, a device,
    a file over the size limit) is refused here, once, naming it.
    """
    from ..settings import chosen_letterhead

    path = Path(args.letterhead) if getattr(args, "letterhead", None) else chosen_letterhead()
    if path is not None and fmt != "txt":
        from ..writers.ooxml import read_letterhead

        read_letterhead(path)
    return path


def settle_leftovers(folder: Path) -> None:
    """Before writing into a folder, put in place the signed and EDGAR copies a killed run had
    recorded in the register but not yet moved to their names, and remove the other unfinished
    letters runs killed on this computer left there (`core.batch.settle_stale_temps`); say so."""
    from ..core.batch import settle_stale_temps
    from ..core.checks.base import counted, listing
    from ..register import last_recorded_copy

    stale = settle_stale_temps(folder, last_recorded_copy())
    if stale.finished:
        names = listing([p.name for p in stale.finished])
        print(counted(len(stale.finished), *MSG_FINISHED, names=names), file=sys.stderr)
    if stale.removed:
        print(counted(stale.removed, *MSG_REMOVED, folder=folder), file=sys.stderr)


def warn_undrawable(letter: Letter, where: str) -> None:
    """Print a warning for each fact holding characters no installed font can draw (a PDF shows
    empty boxes for them)."""
    from ..pages import undrawable_characters

    for fact, chars in undrawable_characters(letter).items():
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)
        message = MSG_UNDRAWABLE.format(fact=fact, chars=shown)
        print(f"opiniondesk: {where}: {message}", file=sys.stderr)


def signature_image_for(args: argparse.Namespace, matter: Matter) -> bytes | None:
    """Return the signer's signature image for a signed copy (from the signer profile store)."""
    if args.copy != "signed":
        return None
    from ..signers import signature_image_for_render

    return signature_image_for_render(args.signer, matter)


def render_matter(
    matter: Matter,
    args: argparse.Namespace,
    fmt: str,
    letterhead: Path | None = None,
    where: str = "",
) -> tuple[bytes, list[dict]]:
    """Render one matter as the command asks: (output bytes, check errors overridden)."""
    letter = matter.render(args.copy, signature_image=signature_image_for(args, matter))
    if fmt in EDGAR_FORMATS:
        from ..writers.edgar import refuse_uncarried

        refuse_uncarried(letter, fmt)  # before any override is recorded for a copy EDGAR refuses
    overridden: list[dict] = []
    if args.copy != "draft":
        from ..commands.check import enforce_checks

        overridden = enforce_checks(matter, letter, args.override)
    data = write_letter(letter, fmt, letterhead)
    if fmt == "pdf":
        warn_undrawable(letter, where or str(matter.path or "matter"))
    return data, overridden


def run(args: argparse.Namespace) -> int:
    """Render every matter; write nothing for a matter with problems; exit 2 if any had them."""
    if args.output and Path(args.output).resolve() in {Path(m).resolve() for m in args.matters}:
        raise OpinionDeskError("is a matter being rendered; choose another output", args.output)
    fmt = output_format(args)
    edgar = fmt in EDGAR_FORMATS
    if edgar:
        from .edgar_check import prepare_edgar_render

        prepare_edgar_render(args, fmt)  # the filing copy, under a name EDGAR takes
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
    letterhead = letterhead_for(args, fmt)
    out_dir = Path(args.out_dir) if args.out_dir else None
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise OpinionDeskError("is not a folder", str(out_dir))
        try:
            out_dir.mkdir(parents=True, exist_ok=True)  # as --rows does
        except OSError as exc:
            raise OpinionDeskError(
                f"cannot make the folder: {exc.strerror or exc}", str(out_dir)
            ) from None
    # Said before rendering, so it is said even if this run is stopped in its turn.
    settle_leftovers(out_dir if out_dir is not None else Path(args.output).parent)
    problems: list[Problem] = []
    sources = {Path(name).resolve() for name in args.matters}
    names = UniqueNames()  # two matters of one name in --out-dir never overwrite each other
    for name in args.matters:
        target: Path | None = None  # an EDGAR exhibit in --out-dir is named once its matter is read
        if args.output:
            target = Path(args.output)
        elif not edgar:
            target = out_dir / names.take(Path(name).stem, fmt)  # type: ignore[operator]
        if target is not None and target.resolve() in sources:
            problems.append(
                Problem(str(target), "is a matter being rendered; choose another output")
            )
            continue
        try:
            matter = load_matter(name)  # its problems already name the file
        except OpinionDeskError as exc:
            problems += exc.problems
            continue
        say_migration(matter, name)
        if target is None:
            from ..writers.edgar import matter_file_name

            target = out_dir / names.take(*matter_file_name(matter, fmt))  # type: ignore[operator]
        try:
            data, overridden = render_matter(matter, args, fmt, letterhead, name)
        except OpinionDeskError as exc:
            problems += exc.located(name).problems
            continue
        try:
            if edgar or args.copy == "signed":
                from ..register import record_filing_copy, record_signed_copy, write_signed_copy

                where = str(target.resolve())
                rules = [e["rule_id"] for e in overridden]
                if edgar:  # the filing copy EDGAR gets is recorded as a signed copy is
                    record = functools.partial(
                        record_filing_copy,
                        matter,
                        data,
                        fmt,
                        where,
                        args.override,
                        overridden_rules=rules,
                    )
                else:
                    record = functools.partial(
                        record_signed_copy,
                        matter,
                        data,
                        fmt,
                        args.signer,
                        where,
                        args.override,
                        overridden_rules=rules,
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
