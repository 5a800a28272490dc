"""`opiniondesk check`: run the opinion checks on matters; refuse final copies while errors stand."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ..core.checks import Finding, errors_of, run_checks
from ..core.checks.base import say
from ..core.errors import MissingFactsError, OpinionDeskError, Problem
from ..core.facts import coerce, is_blank
from ..core.limits import MAX_MATTER_BYTES, read_text_file
from ..core.matter import Matter, load_matter, loads_matter, save_matter
from ..core.migrate import notice, upgrade
from ..core.model import Letter
from ..core.templates import Template

CHECK_COPIES = ("draft", "filing")
LINE = "{file}: {rule} {severity} {where}: {message} \u2014 {fix} ({source})"
NO_FINDINGS = "{file}: No findings"
FACT_WHERE = "fact '{fact}' ({label})"
INVALID = "invalid value: {problem}"
INVALID_ITEM = "item {item}, {field}: invalid value: {problem}"
UNKNOWN_FIELD = "item {item}: unknown field '{field}'"
UNKNOWN_WHERE = "fact '{fact}'"
UNKNOWN = "is not a fact of template '{template_id}'"
LETTER_DATE = "letter date"
NOT_A_DATE = "{value!r} is not a date (write it YYYY-MM-DD)"
REFUSED_WHERE = "{rule} {where}"
REFUSED_WHAT = "{message} \u2014 {fix} ({source})"
MIGRATED = "note: {file}: {notice}"
REFUSED = (
    "a {copy} copy is refused while opinion-check errors stand; fix them, or give --override REASON "
    "to file anyway"
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        "check",
        help="check matters against the Exhibit 5 rules",
        description="Check each matter's letter against the Exhibit 5 rules (SLB 19, Item 601(b)(5) "
        "and customary practice). Each finding names its rule, severity and paragraph (counted as the "
        "letter shows its paragraphs); a matter with none prints 'No findings'. A value the template "
        "refuses is reported as invalid and the rest of the letter is still checked. Exit 1 when any "
        "error is found, 0 otherwise, 2 on bad input.",
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


def format_finding(name: str, f: Finding) -> str:
    """Return one finding as a line: "file: rule severity paragraph N: message — fix (source)"."""
    return say(
        LINE,
        file=name,
        rule=f.rule_id,
        severity=f.severity,
        where=f.place,
        message=f.message,
        fix=f.fix,
        source=f.source,
    )


def set_aside_invalid(
    matter: Matter, template: Template
) -> tuple[Matter, dict[str, str], list[Problem]]:
    """Return a copy of the matter without the values its template refuses, each refused value's
    problem by fact id ("plans.0.shares" for a field of a list item), and those problems as
    counsel reads them (naming the fact, calling the value invalid).

    The letter of that copy shows a placeholder where each refused value stood, so the checks
    still read the rest of the letter and call those facts invalid rather than missing.
    """
    facts = dict(matter.facts)
    invalid: dict[str, str] = {}
    problems: list[Problem] = []
    for spec in template.schema.facts:
        raw = facts.get(spec.id)
        if is_blank(raw):
            continue
        where = say(FACT_WHERE, fact=spec.id, label=spec.label)
        if spec.type == "list" and isinstance(raw, list) and all(isinstance(i, dict) for i in raw):
            items = []
            for n, item in enumerate(raw):
                kept = {}
                for sub in spec.fields:
                    value = item.get(sub.id)
                    if is_blank(value):
                        continue
                    _, errs = coerce(sub, value)
                    if not errs:
                        kept[sub.id] = value
                        continue
                    invalid[f"{spec.id}.{n}.{sub.id}"] = "; ".join(errs)
                    problems.append(
                        Problem(
                            where,
                            say(INVALID_ITEM, item=n + 1, field=sub.label, problem="; ".join(errs)),
                        )
                    )
                for key in item:
                    if spec.field_spec(key) is None:
                        problems.append(Problem(where, say(UNKNOWN_FIELD, item=n + 1, field=key)))
                items.append(kept)
            facts[spec.id] = items
            continue
        _, errs = coerce(spec, raw)
        if errs:
            invalid[spec.id] = "; ".join(errs)
            problems.append(Problem(where, say(INVALID, problem="; ".join(errs))))
            del facts[spec.id]
    for key in list(facts):
        if template.schema.get(key) is None:
            problems.append(
                Problem(say(UNKNOWN_WHERE, fact=key), say(UNKNOWN, template_id=template.id))
            )
            del facts[key]
    clean = matter.copy()
    clean.facts = facts
    if clean.letter_date and not isinstance(clean.letter_date, dt.date):
        try:
            dt.date.fromisoformat(str(clean.letter_date))
        except ValueError:
            why = say(NOT_A_DATE, value=clean.letter_date)
            invalid["letter_date"] = why
            problems.append(Problem(LETTER_DATE, say(INVALID, problem=why)))
            clean.letter_date = None
    return clean, invalid, problems


def read_matter(name: str) -> Matter:
    """Return a matter file, its fact values not yet held to its template (`check_matter` does
    that, and checks the letter even when some values are refused).

    A matter saved with an older version of its template is converted by the template's
    `[[migrate]]` rules either way, as opening it does, so its values are judged as the template
    now names them.
    """
    try:
        return load_matter(name)
    except OpinionDeskError as exc:
        try:  # read as load_matter reads it: a FIFO or a device is refused, never read
            matter = loads_matter(read_text_file(name, MAX_MATTER_BYTES, "matter file"), name)
            matter.path = Path(name)
            upgrade(matter)
            matter.template()
        except OpinionDeskError:
            raise exc from None
        return matter


def migration_note(matter: Matter, name: str) -> str | None:
    """Return, as one line, what opening the matter converted (its template's `[[migrate]]`
    rules: what was renamed or converted, what must be filled in), or None if nothing was."""
    said = notice(matter)
    if not said:
        return None
    return say(
        MIGRATED, file=name, notice=" ".join(s.removeprefix("- ") for s in said.splitlines())
    )


def say_migration(matter: Matter, name: str) -> None:
    """Print `migration_note` on stderr, if there is one (`render` and `check`)."""
    note = migration_note(matter, name)
    if note:
        print(f"opiniondesk: {note}", file=sys.stderr)


def check_matter(matter: Matter, copy: str = "draft") -> tuple[list[Finding], list[Problem]]:
    """Render a matter's letter and return its findings, with the problems of its input.

    A value the template refuses is a problem, and the letter is still checked without it (its
    findings call the fact invalid, not missing). Other bad input (an unknown template, a
    missing fact in a filing copy, a broken template) raises OpinionDeskError.
    """
    template = matter.template()
    clean, invalid, problems = set_aside_invalid(matter, template)
    try:
        letter = clean.render(copy)
    except MissingFactsError as exc:
        missing = [(fid, label) for fid, label in exc.missing if fid not in invalid]
        if not problems:
            raise
        if missing:
            raise OpinionDeskError(problems + MissingFactsError(missing).problems) from None
        return [], problems  # a final copy waits until the invalid values are corrected
    return run_checks(clean, letter, template, invalid), problems


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
                say(REFUSED_WHERE, rule=f.rule_id, where=f.place),
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
            matter = read_matter(name)
            say_migration(matter, name)
            findings, bad = check_matter(matter, args.copy)
        except OpinionDeskError as exc:
            located = exc.located(name, unless_named=True).problems
            problems += located
            results.append({"file": name, "problems": [str(p) for p in located], "findings": []})
            continue
        any_error = any_error or bool(errors_of(findings))
        result: dict[str, Any] = {"file": name, "findings": [f.to_json() for f in findings]}
        if bad:
            located = OpinionDeskError(bad).located(name, unless_named=True).problems
            problems += located
            result["problems"] = [str(p) for p in located]
        results.append(result)
        if not args.json:
            for f in findings:
                print(format_finding(name, f))
            if not findings and not bad:
                print(say(NO_FINDINGS, file=name))
    if args.json:
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    for p in problems:
        print(f"opiniondesk: {p}", file=sys.stderr)
    if problems:
        return 2
    return 1 if any_error else 0
