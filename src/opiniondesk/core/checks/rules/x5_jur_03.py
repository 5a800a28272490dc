"""X5-JUR-03: the jurisdictions table knows each jurisdiction the letter names for an entity.

The built-in templates take a charter's name ("certificate of incorporation", "articles
supplementary"), the office a certificate of designations is filed with and the phrasing of a
jurisdiction ("the Commonwealth of Puerto Rico") from one table (`opiniondesk.core.jurisdictions`).
For a jurisdiction the table does not know they fall back to neutral wording ("the appropriate
filing office") rather than a wrong office; this rule tells counsel so, to review that wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..base import Finding, Rule, rule, say
from ..context import CheckContext, normalize

# neutral wording the templates use when the table does not know a jurisdiction
NEUTRAL_RE = re.compile(
    r"\bthe\s+appropriate\s+(?:filing\s+office|governmental\s+(?:office|authority)|public\s+office|"
    r"office\s+of\s+public\s+record)\b|\bthe\s+applicable\s+(?:filing\s+office|governing\s+document)\b",
    re.I,
)
# (fact id or list.field, whose jurisdiction it is)
JURISDICTION_FACTS = (
    ("registrant_jurisdiction", "the registrant"),
    ("guarantors.jurisdiction", "a guarantor"),
    ("target_jurisdiction", "the target"),
    ("merger_sub_jurisdiction", "the merger subsidiary"),
)
_LOOKUPS = ("lookup", "find", "get", "jurisdiction", "by_name", "find_jurisdiction")
_TABLES = ("JURISDICTIONS", "TABLE", "BY_NAME")


def _table_lookup() -> Callable[[str], bool | None] | None:
    """Return a function telling whether the jurisdictions table knows a name, or None without one.

    The table belongs to the templates' side; its interface is read defensively so a change there
    degrades this rule to the wording test rather than breaking the checks.
    """
    try:
        from ... import jurisdictions  # type: ignore[attr-defined]
    except ImportError:
        return None
    for name in _LOOKUPS:
        func = getattr(jurisdictions, name, None)
        if callable(func):
            return lambda value, func=func: _known_by_call(func, value)
    for name in _TABLES:
        table = getattr(jurisdictions, name, None)
        if isinstance(table, dict):
            keys = {_key(k) for k in table}
            return lambda value, keys=keys: _key(value) in keys
    return None


def _known_by_call(func: Callable[[str], Any], value: str) -> bool | None:
    try:
        found = func(value)
    except (KeyError, LookupError, ValueError):
        return False
    except Exception:  # noqa: BLE001 - another helper's code: never let it break the checks
        return None
    if found is None or found is False:
        return False
    return not bool(getattr(found, "unknown", False) or getattr(found, "fallback", False))


def _key(name: Any) -> str:
    text = normalize(str(name)).lower()
    return re.sub(r"^(?:the\s+)?(?:state|commonwealth)\s+of\s+|^the\s+", "", text).strip(" .,")


def named_jurisdictions(ctx: CheckContext) -> list[tuple[str, str, str]]:
    """Return (fact id, value, whose) for each jurisdiction the facts name."""
    out: list[tuple[str, str, str]] = []
    for fact, whose in JURISDICTION_FACTS:
        if "." in fact:
            list_id, field = fact.split(".")
            items = ctx.facts.get(list_id)
            for n, item in enumerate(items if isinstance(items, list) else []):
                value = item.get(field) if isinstance(item, dict) else None
                if isinstance(value, str) and value.strip():
                    out.append((f"{list_id}.{n}.{field}", normalize(value), whose))
            continue
        value = ctx.facts.get(fact)
        if fact == "registrant_jurisdiction" and not value:
            value = ctx.text_fact("registrant_jurisdiction")
        if isinstance(value, str) and value.strip():
            out.append((fact, normalize(value), whose))
    return out


@rule(
    "X5-JUR-03",
    "The jurisdictions table knows each jurisdiction named, or the letter's neutral wording is reviewed",
    "SLB 19 (opinions on the laws of other jurisdictions) (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn about jurisdictions the table does not know, whose documents the letter names neutrally."""
    known = _table_lookup()
    neutral = next((p for p in ctx.prose if NEUTRAL_RE.search(p.text)), None)
    reported = False
    if known is not None:
        for fact, value, whose in named_jurisdictions(ctx):
            if known(value) is not False:
                continue
            where = next((p.index for p in ctx.paras if fact in p.facts), None)
            yield r.finding(
                "warning",
                where if where is not None else (neutral.index if neutral else None),
                say(
                    "the jurisdictions table does not know '{value}' ({whose}'s jurisdiction), so "
                    "the letter names its charter and filing office in neutral words",
                    value=value,
                    whose=whose,
                ),
                "check the spelling of the jurisdiction, or review the charter's name and the "
                "filing office in the letter by hand",
            )
            reported = True
    if neutral is not None and not reported:
        m = NEUTRAL_RE.search(neutral.text)
        yield r.finding(
            "warning",
            neutral.index,
            say(
                "the letter says '{phrase}' where a known jurisdiction would name the office",
                phrase=m.group(0) if m else "",
            ),
            "name the filing office of the jurisdiction (e.g. 'the Secretary of State of the State "
            "of Delaware')",
        )
