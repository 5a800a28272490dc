"""`opiniondesk check`: run the opinion checks on matters; refuse final copies while errors stand."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from ..core.checks import Finding, errors_of, run_checks
from ..core.checks.base import say
from ..core.errors import OpinionDeskError, Problem
from ..core.matter import Matter, load_matter, save_matter
from ..core.model import Letter
from ..core.templates import Template

CHECK_COPIES = ("draft", "filing")
LINE = "{file}: {rule} {severity} {where}: {message} \u2014 {fix} ({source})"
PARAGRAPH = "paragraph {num}"
LETTER = "letter"
REFUSED_WHERE = "{rule} {where}"
REFUSED_WHAT = "{message} \u2014 {fix} ({source})"
REFUSED = (
    "a {copy} copy is refused while opinion-check errors stand; fix them, or give --override REASON "
    "to file anyway"
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        "check",
        help="check matters against the Exhibit 5 rules",
        description="Check each matter's letter against the Exhibit 5 rules. "
        "Exit 1 when any error is found, 0 otherwise, 2 on bad input.",
    )
    p.add_argument("matters", nargs="+", metavar="MATTER", help="matter files (*.opinion)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument(
        "--copy",
        choices=CHECK_COPIES,
        default="draft",
        help="check the draft (default) or the filing copy (which needs every fact filled)",
    )
    p.set_defaults(run=run)


def where_text(f: Finding) -> str:
    """Return where a finding stands, as users read it: "paragraph 7" or "letter"."""
    return say(PARAGRAPH, num=f.paragraph) if f.paragraph is not None else say(LETTER)


def format_finding(name: str, f: Finding) -> str:
    """Return one finding as a line: "file: rule severity paragraph N: message — fix (source)"."""
    return say(
        LINE,
        file=name,
        rule=f.rule_id,
        severity=f.severity,
        where=where_text(f),
        message=f.message,
        fix=f.fix,
        source=f.source,
    )


def check_matter(matter: Matter, copy: str = "draft") -> list[Finding]:
    """Render a matter's letter and return its findings (bad input raises OpinionDeskError)."""
    template = matter.template()
    letter = matter.render(copy)
    return run_checks(matter, letter, template)


def enforce_checks(
    matter: Matter,
    letter: Letter,
    override: str | None,
    *,
    save: bool = True,
    template: Template | None = None,
) -> list[dict[str, Any]]:
    """Refuse a final copy while an opinion-check error stands, unless overridden with a reason.

    With a written reason, each overridden error is recorded in `matter.overrides` as
    {rule_id, reason, time} (UTC, ISO 8601) and, with `save` (the CLI), the matter file is saved if
    it has one (the window instead marks the matter changed); the new entries are returned so the
    signed-copies register can record them with the copy it made.
    """
    if template is None:
        try:
            template = matter.template()
        except OpinionDeskError:
            template = None
    errors = errors_of(run_checks(matter, letter, template))
    if not errors:
        return []
    reason = (override or "").strip()
    if not reason:
        problems = [
            Problem(
                say(REFUSED_WHERE, rule=f.rule_id, where=where_text(f)),
                say(REFUSED_WHAT, message=f.message, fix=f.fix, source=f.source),
            )
            for f in errors
        ]
        problems.append(Problem("", say(REFUSED, copy=letter.copy)))
        raise OpinionDeskError(problems)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    entries = [{"rule_id": f.rule_id, "reason": reason, "time": now} for f in errors]
    matter.overrides.extend(entries)
    if save and matter.path is not None:
        save_matter(matter, matter.path)
    return entries


def run(args: argparse.Namespace) -> int:
    """Check every matter; exit 2 if any could not be read, else 1 if any has an error, else 0."""
    problems: list[Problem] = []
    results: list[dict[str, Any]] = []
    any_error = False
    for name in args.matters:
        try:
            matter = load_matter(name)
            findings = check_matter(matter, args.copy)
        except OpinionDeskError as exc:
            located = [
                p
                if p.where.startswith(name)
                else Problem(f"{name}: {p.where}" if p.where else name, p.message)
                for p in exc.problems
            ]
            problems += located
            results.append({"file": name, "problems": [str(p) for p in located], "findings": []})
            continue
        any_error = any_error or bool(errors_of(findings))
        results.append({"file": name, "findings": [f.to_json() for f in findings]})
        if not args.json:
            for f in findings:
                print(format_finding(name, f))
    if args.json:
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    for p in problems:
        print(f"opiniondesk: {p}", file=sys.stderr)
    if problems:
        return 2
    return 1 if any_error else 0
