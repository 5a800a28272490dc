"""X5-JUR-03: the jurisdictions table knows each jurisdiction the letter names for an entity.

The built-in templates take a charter's name ("certificate of incorporation", "articles
supplementary"), the office a certificate of designations is filed with and the phrasing of a
jurisdiction ("the Commonwealth of Puerto Rico") from one table (`opiniondesk.core.jurisdictions`).
For a jurisdiction the table does not know they fall back to neutral wording ("the appropriate
filing office") rather than a wrong office; this rule tells counsel so, to review that wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import jurisdictions
from ..base import Finding, Rule, rule, say
from ..context import CheckContext, normalize

# neutral wording the templates use when the table does not know a jurisdiction
NEUTRAL_RE = re.compile(
    r"\bthe\s+appropriate\s+(?:filing\s+office|governmental\s+(?:office|authority)|public\s+office|"
    r"office\s+of\s+public\s+record)\b|\bthe\s+applicable\s+(?:filing\s+office|governing\s+document)\b",
    re.I,
)
# (fact id or list.field, whose jurisdiction it is, the fact or field giving its kind of entity)
JURISDICTION_FACTS = (
    ("registrant_jurisdiction", "the registrant", "registrant_entity"),
    ("guarantors.jurisdiction", "a guarantor", "entity"),
    ("target_jurisdiction", "the target", "target_entity"),
    ("merger_sub_jurisdiction", "the merger subsidiary", "merger_sub_entity"),
)
PREFERRED_RE = re.compile(
    r"\bpreferred\s+stock\b|\bpreference\s+shares\b|\bcertificate\s+of\s+designations?\b", re.I
)


def named_jurisdictions(ctx: CheckContext) -> list[tuple[str, str, str, str]]:
    """Return (fact id, value, whose, kind of entity) for each jurisdiction the facts name."""
    out: list[tuple[str, str, str, str]] = []
    for fact, whose, entity_fact in JURISDICTION_FACTS:
        if "." in fact:
            list_id, field = fact.split(".")
            items = ctx.facts.get(list_id)
            for n, item in enumerate(items if isinstance(items, list) else []):
                value = item.get(field) if isinstance(item, dict) else None
                if isinstance(value, str) and value.strip():
                    entity = str(item.get(entity_fact) or "")
                    out.append((f"{list_id}.{n}.{field}", normalize(value), whose, entity))
            continue
        value = ctx.facts.get(fact)
        if fact == "registrant_jurisdiction" and not value:
            value = ctx.text_fact("registrant_jurisdiction")
        if isinstance(value, str) and value.strip():
            out.append((fact, normalize(value), whose, str(ctx.facts.get(entity_fact) or "")))
    return out


@rule(
    "X5-JUR-03",
    "The jurisdictions table knows each jurisdiction named, or the letter's neutral wording is reviewed",
    "SLB 19 (opinions on the laws of other jurisdictions) (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn about jurisdictions the table does not know, whose documents the letter names neutrally."""
    neutral = next((p for p in ctx.prose if NEUTRAL_RE.search(p.text)), None)
    preferred = any(PREFERRED_RE.search(p.text) for p in ctx.opinion_paras)
    reported = False
    for fact, value, whose, entity in named_jurisdictions(ctx):
        reason = jurisdictions.warning(
            value, entity or "corporation", preferred and whose == "the registrant"
        )
        if not reason:
            continue
        where = next((p.index for p in ctx.paras if fact in p.facts), None)
        yield r.finding(
            "warning",
            where if where is not None else (neutral.index if neutral else None),
            say("{whose}: {reason}", whose=whose.capitalize(), reason=reason),
            "check the spelling of the jurisdiction, or review the charter's name, the "
            "statute and the filing office in the letter by hand",
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
