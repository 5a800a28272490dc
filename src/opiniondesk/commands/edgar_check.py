"""`opiniondesk edgar-check`: check exhibits against EDGAR's rules; and EDGAR copies from `render`.

`edgar-check FILE...` reads any `.htm` or `.txt` exhibit, whoever made it, and lists each problem
with its line and the Filer Manual section it breaks: exit 1 when any is found, 2 when a file
cannot be read. `render --format edgar|edgar-txt` calls `prepare_edgar_render` here: an EDGAR
copy is the filing copy and its name must be one EDGAR takes (`render` records it in the register
of signed copies, which never holds the copy without its record).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.errors import OpinionDeskError, Problem
from ..core.limits import read_regular_file
from ..edgar_rules import MAX_CHECKED_BYTES, EdgarProblem, check_document, check_file_name

LINE = "{file}:{line}: {message} ({rule})"
FILE_LINE = "{file}: {message} ({rule})"
CLEAN = "{file}: no problems: EDGAR takes it as it is"
BAD_NAME = "is not a name EDGAR accepts: {problem}"
SIGNED_EDGAR = (
    '--format {fmt} makes the filing copy, signed "/s/" as EDGAR takes it; make the signed '
    "original with --copy signed --format pdf or docx"
)
ROWS_EDGAR = "an EDGAR exhibit is made one matter at a time; --rows does not take --format {fmt}"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        "edgar-check",
        help="check .htm and .txt exhibits against EDGAR's rules",
        description="Check exhibits (.htm or .txt, whoever made them) against the EDGAR Filer "
        "Manual, Volume II, chapter 5: file name, tags and attributes, references, characters "
        "and line lengths. Each problem names its line and the manual's section. Exit 1 when "
        "any is found, 0 otherwise, 2 when a file cannot be read.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="exhibit files (*.htm, *.txt)")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.set_defaults(run=run)


def check_file(path: Path) -> list[EdgarProblem]:
    """Read one exhibit and return its problems; raise OpinionDeskError if it cannot be read
    (a folder, a FIFO or a device, a file over MAX_CHECKED_BYTES are refused unread)."""
    data = read_regular_file(path, MAX_CHECKED_BYTES, "document")
    return check_document(path.name, data, path.parent)


def format_problem(name: str, problem: EdgarProblem) -> str:
    """Return one problem as a line: "file:line: message (EDGAR Filer Manual, Volume II, 5.2.2.4)"."""
    if problem.line is None:
        return FILE_LINE.format(file=name, message=problem.message, rule=problem.rule.cite())
    return LINE.format(
        file=name, line=problem.line, message=problem.message, rule=problem.rule.cite()
    )


def run(args: argparse.Namespace) -> int:
    """Check every file; exit 2 if any could not be read, else 1 if any has a problem, else 0."""
    unreadable: list[Problem] = []
    results = []
    found = False
    for name in args.files:
        try:
            problems = check_file(Path(name))
        except OpinionDeskError as exc:
            unreadable += exc.problems
            results.append({"file": name, "error": str(exc), "problems": []})
            continue
        found = found or bool(problems)
        results.append(
            {
                "file": name,
                "problems": [
                    {
                        "line": p.line,
                        "section": p.rule.section,
                        "rule": p.rule.title,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
        if not args.json:
            for problem in problems:
                print(format_problem(name, problem))
            if not problems:
                print(CLEAN.format(file=name))
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    for problem in unreadable:
        print(f"opiniondesk: {problem}", file=sys.stderr)
    if unreadable:
        return 2
    return 1 if found else 0


# ---- render --format edgar ------------------------------------------------------------------------


def name_problems(path: Path | str, fmt: str) -> list[Problem]:
    """Return why EDGAR would refuse an output file name for an EDGAR format (5.1.1), if it would."""
    from ..writers.edgar import EXTENSIONS

    return [
        Problem(str(path), BAD_NAME.format(problem=p))
        for p in check_file_name(Path(path).name, EXTENSIONS[fmt])
    ]


def prepare_edgar_render(args: argparse.Namespace, fmt: str) -> None:
    """Make `render` write the filing copy under a name EDGAR takes, or refuse before writing."""
    if args.copy == "signed":
        raise OpinionDeskError(SIGNED_EDGAR.format(fmt=fmt))
    if args.rows:
        raise OpinionDeskError(ROWS_EDGAR.format(fmt=fmt))
    args.copy = "filing"  # refused while a fact is missing or a check error stands, as ever
    if args.output:
        problems = name_problems(args.output, fmt)
        if problems:
            raise OpinionDeskError(problems)
