"""Matters saved with an older version of their template, brought to the current one by its `[[migrate]]` rules.

A template that renames a fact, changes a choice's stored values or starts to word something
differently says so in its `template.toml`, one table per version that changed:

    [[migrate]]
    before = "1.2"                                   # matters saved with a version older than 1.2
    rename = { stockholder_approval = "stockholder_vote" }           # old fact id -> new id
    values.stockholder_vote = [{ old = true, new = "issuance" }, { old = false, new = "none" }]
    values."guarantors.entity" = [{ old = "limited liability company", new = "limited_liability_company" }]
    fill = { own_documents_list = true }             # what the old letter did, where the matter is silent
    drop = ["old_fact"]                              # facts the new version no longer has
    ask = ["guarantors.jurisdiction"]                # facts the new version needs that the old lacked
    note = "Version 1.2 also ..."                    # said in the notice as written

`upgrade(matter, library)` applies every rule whose `before` is later than the matter's version, in
order, and leaves a `Migration` on it (`notice(matter)` words it for the user): what was renamed,
converted, filled in or set aside, and what to fill in. The matter keeps the version it was saved
with, so `Matter.version_warning` still asks for a review until counsel saves it anew; every rule
does nothing the second time (a value a rule makes is never one it converts), so a matter saved
after its upgrade opens unchanged.
Nothing is guessed: a value no rule converts and the fact does not accept is set aside and named,
never replaced by a default. The rules are untrusted input like the rest of a department template
(`check_rules` names every problem; a bad rule refuses the old matter, naming the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import OpinionDeskError, Problem
from .facts import FactSpec, coerce, is_blank
from .templates import SCHEMA_FILE

if TYPE_CHECKING:
    from .matter import Matter
    from .templates import Template, TemplateLibrary

MAX_RULES = 50  # per template
MAX_ENTRIES = 200  # renames, values, fills, drops and asks of one rule, together
RULE_KEYS = ("before", "rename", "values", "fill", "drop", "ask", "note")
_VERSION_RE = re.compile(r"^\d+(?:\.\d+){0,5}$")
ATTRIBUTE = "migration"  # where upgrade() leaves its Migration on the matter

# The notice's words, with named fields so they can be translated.
HEADING = "This matter was saved with version {old} of template '{template}'; it now opens with version {new}:"
RENAMED = "'{old}' is now '{label}' ({new})"
CONVERTED = "{label}: {old} became '{new}'"
SET_ASIDE = "{label}: {old} is not one of its choices and was set aside; choose one"
FILLED = "{label}: '{value}', so the letter reads as it did under version {old}"
DROPPED = "'{old}' is no longer a fact of the template and was removed (it was {value})"
ASK = "{label}: version {new} needs it; fill it in"
REVIEW = "Review the letter before it is signed or filed."


@dataclass
class Migration:
    """What `upgrade` did to one matter: the versions and one line per change, in order."""

    template_id: str
    from_version: str
    to_version: str
    changes: list[str] = field(default_factory=list)


def version_key(version: str) -> tuple[int, ...] | None:
    """Return a dotted version ("1.2") as numbers to compare, or None when it is not one."""
    text = str(version or "").strip()
    if not _VERSION_RE.match(text):
        return None
    return tuple(int(p) for p in text.split("."))


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return repr(value) if not isinstance(value, str) else f"'{value}'"


def _same(a: Any, b: Any) -> bool:
    """Return whether an old stored value is the one a rule names (text regardless of case and spacing)."""
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()).lower() == " ".join(b.split()).lower()
    return type(a) is type(b) and a == b


def _spec(tmpl: Template, path: str) -> FactSpec | None:
    """Return the spec of a fact ("form") or of a list's field ("guarantors.entity")."""
    head, _, sub = path.partition(".")
    spec = tmpl.schema.get(head)
    if spec is None or not sub:
        return spec
    return spec.field_spec(sub) if spec.type == "list" else None


def _choice_label(spec: FactSpec, value: Any) -> str:
    for c in spec.choices:
        if c.value == value:
            return f"{c.label}" if c.label != c.value else str(value)
    return _show(value).strip("'")


def read_rules(tmpl: Template) -> list[dict[str, Any]]:
    """Return the template's `[[migrate]]` tables, checked (`check_rules`), ordered by `before`."""
    path = tmpl.folder / SCHEMA_FILE
    rules = tmpl.migrate  # read with the fact schema when the template was loaded
    problems = check_rules(tmpl, rules)
    if problems:
        raise OpinionDeskError([Problem(f"{path}: {p.where}", p.message) for p in problems])
    return sorted(rules, key=lambda r: version_key(r["before"]) or ())


def check_rules(tmpl: Template, rules: Any) -> list[Problem]:
    """Return every problem of a template's `[[migrate]]` tables (none when they are sound)."""
    if not isinstance(rules, list):
        return [Problem("migrate", "must be an array of tables: [[migrate]]")]
    if len(rules) > MAX_RULES:
        return [Problem("migrate", f"at most {MAX_RULES} [[migrate]] tables")]
    problems: list[Problem] = []
    current = version_key(tmpl.version)
    for n, rule in enumerate(rules, start=1):
        where = f"[[migrate]] {n}"

        def bad(message: str, where: str = where) -> None:
            problems.append(Problem(where, message))

        if not isinstance(rule, dict):
            bad("must be a table")
            continue
        for key in rule:
            if key not in RULE_KEYS:
                bad(f"unknown key '{key}' (known: {', '.join(RULE_KEYS)})")
        before = version_key(rule.get("before", ""))
        if before is None:
            bad("'before' must be a version such as \"1.2\"")
        elif current is None or before > current:
            bad(f"'before' = {rule.get('before')!r} is later than the template's version")
        rename = rule.get("rename", {})
        values = rule.get("values", {})
        fill = rule.get("fill", {})
        drop = rule.get("drop", [])
        ask = rule.get("ask", [])
        note = rule.get("note", "")
        shapes = ((rename, dict), (values, dict), (fill, dict), (drop, list), (ask, list))
        if not all(isinstance(v, t) for v, t in shapes) or not isinstance(note, str):
            bad("rename, values and fill are tables; drop and ask lists; note text")
            continue
        size = len(rename) + len(values) + len(fill) + len(drop) + len(ask)
        size += sum(len(v) for v in values.values() if isinstance(v, list))
        if size > MAX_ENTRIES:
            bad(f"at most {MAX_ENTRIES} entries in one [[migrate]] table")
            continue
        for old, new in rename.items():
            if not isinstance(new, str) or tmpl.schema.get(new) is None:
                bad(f"rename: '{old}' becomes {new!r}, which is not a fact of the template")
            elif tmpl.schema.get(old) is not None:
                bad(f"rename: '{old}' is still a fact of the template")
        for path, pairs in values.items():
            spec = _spec(tmpl, path)
            if spec is None:
                bad(f"values: '{path}' is not a fact (or list field) of the template")
                continue
            if not isinstance(pairs, list):
                bad(f"values.{path}: must be a list of {{ old = ..., new = ... }}")
                continue
            for pair in pairs:
                if not isinstance(pair, dict) or set(pair) != {"old", "new"}:
                    bad(f"values.{path}: each entry is {{ old = ..., new = ... }}")
                elif coerce(spec, pair["new"])[1]:
                    bad(f"values.{path}: {pair['new']!r} is not a value the fact accepts")
                elif any(isinstance(p, dict) and _same(pair["new"], p.get("old")) for p in pairs):
                    # a second upgrade would convert it again
                    bad(f"values.{path}: {pair['new']!r} is both a new and an old value")
        for fid, value in fill.items():
            spec = tmpl.schema.get(fid)
            if spec is None:
                bad(f"fill: '{fid}' is not a fact of the template")
            elif coerce(spec, value)[1]:
                bad(f"fill: {value!r} is not a value '{fid}' accepts")
        for fid in drop:
            if not isinstance(fid, str) or tmpl.schema.get(fid) is not None:
                bad(f"drop: {fid!r} must name a fact the template no longer has")
        for path in ask:
            if not isinstance(path, str) or _spec(tmpl, path) is None:
                bad(f"ask: {path!r} is not a fact (or list field) of the template")
    return problems


def _convert(spec: FactSpec, label: str, value: Any, pairs: list[dict], changes: list[str]) -> Any:
    """Return a stored value converted by a rule's pairs; one the fact refuses is set aside (None)."""
    for pair in pairs:
        if _same(value, pair["old"]):
            if value != pair["new"]:
                new = _choice_label(spec, pair["new"])
                changes.append(CONVERTED.format(label=label, old=_show(value), new=new))
            return pair["new"]
    if spec.type == "choice" and coerce(spec, value)[1]:
        changes.append(SET_ASIDE.format(label=label, old=_show(value)))
        return None
    return value


def _apply(tmpl: Template, rule: dict[str, Any], facts: dict[str, Any], old: str) -> list[str]:
    changes: list[str] = []
    for old_id, new_id in rule.get("rename", {}).items():
        if old_id in facts:
            value = facts.pop(old_id)
            if new_id not in facts or is_blank(facts[new_id]):
                facts[new_id] = value
            label = tmpl.schema.get(new_id).label
            changes.append(RENAMED.format(old=old_id, label=label, new=new_id))
    for path, pairs in rule.get("values", {}).items():
        spec = _spec(tmpl, path)
        head, _, sub = path.partition(".")
        if not sub:
            if head in facts and not is_blank(facts[head]):
                facts[head] = _convert(spec, spec.label, facts[head], pairs, changes)
                if facts[head] is None:
                    del facts[head]
            continue
        items = facts.get(head)
        if not isinstance(items, list):
            continue
        for n, item in enumerate(items, start=1):
            if isinstance(item, dict) and sub in item and not is_blank(item[sub]):
                label = f"{tmpl.schema.get(head).label}, item {n}: {spec.label}"
                item[sub] = _convert(spec, label, item[sub], pairs, changes)
                if item[sub] is None:
                    del item[sub]
    for fid, value in rule.get("fill", {}).items():
        if is_blank(facts.get(fid)):
            facts[fid] = value
            spec = tmpl.schema.get(fid)
            shown = _choice_label(spec, value) if spec.type != "yesno" else _show(value)
            changes.append(FILLED.format(label=spec.label, value=shown, old=old))
    for fid in rule.get("drop", []):
        if fid in facts:
            changes.append(DROPPED.format(old=fid, value=_show(facts.pop(fid))))
    for path in rule.get("ask", []):
        head, _, sub = path.partition(".")
        spec = _spec(tmpl, path)
        if not sub:
            if is_blank(facts.get(head)):
                changes.append(ASK.format(label=spec.label, new=tmpl.version))
            continue
        items = facts.get(head)
        for n, item in enumerate(items if isinstance(items, list) else [], start=1):
            if isinstance(item, dict) and is_blank(item.get(sub)):
                label = f"{tmpl.schema.get(head).label}, item {n}: {spec.label}"
                changes.append(ASK.format(label=label, new=tmpl.version))
    if rule.get("note"):
        changes.append(" ".join(str(rule["note"]).split()))
    return changes


def upgrade(matter: Matter, library: TemplateLibrary | None = None) -> Migration | None:
    """Bring the facts of a matter saved with an older version of its template to the current one.

    Applies the template's `[[migrate]]` rules in place and records what changed on the matter
    (`notice(matter)`); returns the Migration, or None when there was nothing to do (the same or
    a newer version, a version that is not a number, or a template that cannot be found, which
    opening the matter then reports). A rule that is not sound raises OpinionDeskError naming it.
    """
    try:
        tmpl = matter.template(library)
    except OpinionDeskError:
        return None
    old, new = version_key(matter.template_version), version_key(tmpl.version)
    if old is None or new is None or old >= new:
        return None
    facts = matter.facts if isinstance(matter.facts, dict) else {}
    changes: list[str] = []
    for rule in read_rules(tmpl):
        if old < version_key(rule["before"]):
            changes += _apply(tmpl, rule, facts, matter.template_version)
    migration = Migration(tmpl.id, matter.template_version, tmpl.version, changes)
    setattr(matter, ATTRIBUTE, migration)
    return migration


def notice(matter: Matter) -> str | None:
    """Return what opening the matter converted, worded for the user, or None if nothing was."""
    migration: Migration | None = getattr(matter, ATTRIBUTE, None)
    if migration is None or not migration.changes:
        return None
    head = HEADING.format(
        old=migration.from_version, template=migration.template_id, new=migration.to_version
    )
    lines = [head] + [f"- {c}." if not c.endswith(".") else f"- {c}" for c in migration.changes]
    return "\n".join(lines + [REVIEW])
