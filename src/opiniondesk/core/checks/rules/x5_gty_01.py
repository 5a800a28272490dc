"""X5-GTY-01: a letter that opines on guarantees does not assume the guarantors' power or authority.

Guarantors are co-registrants: their power to give the guarantees and their authorization of
them are part of what the opinion says, as the registrant's are. The customary assumption that
"each party other than the Company has the power, authority and legal right ... and has duly
authorized, executed and delivered" the agreements covers the guarantors unless it leaves them
out by name or defined term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import BINDING_RE, Assumption, CheckContext, normalize
from .x5_debt_02 import AUTHORIZED_BY_RE

GUARANTEE_RE = re.compile(r"\bguarant(?:ee|ees|y|ies)\b", re.I)
_GUARANTOR_TERM_RE = re.compile(r"\b(?:Subsidiary\s+|Parent\s+)?Guarantors?\b")
_POWER_RE = re.compile(
    r"\b(?:power|authority|legal\s+right|(?:duly\s+|been\s+)authori[sz]ed|authori[sz]ation)\b", re.I
)
_BLANKET_RE = re.compile(
    r"\b(?:each|every|all|any)\s+(?:of\s+the\s+)?(?:other\s+)?part(?:y|ies)\b|\bparties\s+(?:thereto|"
    r"to\s+(?:such|the|each|any))\b|\bother\s+part(?:y|ies)\b|\bcounterpart(?:y|ies)\b",
    re.I,
)
_EXCLUSION_RE = re.compile(
    r"\b(?:other\s+than|except(?:\s+for)?|excluding|but\s+not)\s+(?P<who>[^;]*?)"
    r"(?=,?\s+(?:has|have|had|is|are|was|were|will|shall|possess)\b|[;)]|$)",
    re.I,
)


def guarantor_names(ctx: CheckContext) -> list[str]:
    """Return the guarantors' names and short names from the facts (a department may list none)."""
    items = ctx.facts.get("guarantors")
    names: list[str] = []
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, dict):
                continue
            for field in ("name", "short_name", "term"):
                value = item.get(field)
                if isinstance(value, str) and value.strip():
                    names.append(normalize(value))
    return names


def _names_guarantor(text: str, names: list[str]) -> bool:
    return bool(_GUARANTOR_TERM_RE.search(text)) or any(
        n.lower() in text.lower() for n in names if len(n) > 2
    )


def assumes_guarantors_power(ctx: CheckContext, a: Assumption, names: list[str]) -> bool:
    """Return whether an assumption takes the guarantors' power or authorization for granted."""
    if not _POWER_RE.search(a.text):
        return False
    excluded = " ".join(m.group("who") for m in _EXCLUSION_RE.finditer(a.text))
    if excluded and (
        _names_guarantor(excluded, names) or re.search(r"\bsubsidiar", excluded, re.I)
    ):
        return False  # "other than the Company and the Guarantors"
    rest = _EXCLUSION_RE.sub(" ", a.text)
    return bool(_BLANKET_RE.search(rest)) or _names_guarantor(rest, names)


# One guarantor named in the facts is "the guarantor"; several, or none named, "the guarantors".
ASSUMES_ONE = (
    "the letter opines on a guarantee but assumes the guarantor's power or authority: '{text}'; the "
    "guarantor is a co-registrant, and its power and authorization are part of the opinion"
)
ASSUMES_MANY = (
    "the letter opines on guarantees but assumes the guarantors' power or authority: '{text}'; the "
    "guarantors are co-registrants, and their power and authorization are part of the opinion"
)
FIX_ONE = (
    "leave the guarantor out of the assumption ('other than the Company and the Guarantor') and opine "
    "that the guarantee has been duly authorized by the guarantor"
)
FIX_MANY = (
    "leave the guarantors out of the assumption ('other than the Company and the Guarantors') and "
    "opine that each guarantee has been duly authorized by its guarantor"
)


def _one_guarantor(ctx: CheckContext) -> bool:
    """Return whether the facts list exactly one guarantor."""
    items = ctx.facts.get("guarantors")
    return isinstance(items, list) and len([i for i in items if isinstance(i, dict)]) == 1


@rule(
    "X5-GTY-01",
    "A guarantor's power and authority are not assumed when its guarantee is opined on",
    "SLB 19 (assumptions; guarantees)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report an assumption that covers the guarantors of guarantees the letter opines on."""
    guarantees = [
        p
        for p in ctx.opinion_paras
        if GUARANTEE_RE.search(p.text)
        and (BINDING_RE.search(p.text, p.low) or AUTHORIZED_BY_RE.search(p.text))
    ]
    if not guarantees:
        return
    names = guarantor_names(ctx)
    for a in ctx.assumptions:
        if not assumes_guarantors_power(ctx, a, names):
            continue
        one = _one_guarantor(ctx)
        yield r.finding(
            "error",
            a.para.index,
            say(ASSUMES_ONE if one else ASSUMES_MANY, text=a.text[:120]),
            FIX_ONE if one else FIX_MANY,
        )
        return
