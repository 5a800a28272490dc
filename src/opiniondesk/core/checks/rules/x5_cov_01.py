"""X5-COV-01: every class of security being registered, and what underlies it, gets an opinion."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..base import Finding, Rule, agreeing, rule, say
from ..context import (
    CheckContext,
    Para,
    Rx,
    Security,
)
from .x5_debt_02 import AUTHORIZED_BY_RE, local_law_only

_INSTRUMENT_RE = re.compile(
    r"warrant|right|unit|convertible|exchangeable|purchase\s+contract", re.I
)
_UNDERLYING_RE = Rx(
    r"\bissuable\b|\bunderlying\b|\bupon\s+(?:the\s+)?(?:exercise|conversion|exchange|settlement)\b",
    "issuable",
    "underlying",
    "upon",
)


# What a kind of security may be called where the registrant's own term names it: a REIT's
# "Common Shares", an LLC's "Common Units", a foreign issuer's "Ordinary Shares".
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "common stock": ("common shares", "common units", "ordinary shares"),
    "preferred stock": ("preferred shares", "preferred units", "preference shares"),
}


def _names(sec: Security) -> tuple[str, ...]:
    """Return the names a paragraph may call a listed security by (its own, then its kind's)."""
    return sec.names + KIND_ALIASES.get(sec.kind, ())


def _kind_names(name: str) -> tuple[str, ...]:
    """Return the names an underlying security may go by: "ordinary shares" is the kind common
    stock, so a paragraph on the "Common Stock" covers it, and the other way round."""
    low = " ".join(name.lower().split())
    for kind, aliases in KIND_ALIASES.items():
        if low in (kind, *aliases) or low.rstrip("s") in (kind, *aliases):
            return (name, kind, *aliases)
    return (name,)


def mentions(paras: list[Para], name: str) -> bool:
    """Return whether any paragraph names a security (singular or plural, any case)."""
    stem = re.escape(name.strip().rstrip("s")) if len(name.strip()) > 3 else re.escape(name.strip())
    pattern = re.compile(r"\b" + stem.replace(r"\ ", r"\s+") + r"(?:s|es)?\b", re.I)
    key = name.strip().rstrip("s").lower()
    return any(key in p.low and pattern.search(p.text) for p in paras)


# A dependent security and the base it stands on: depositary shares represent preferred stock,
# guarantees guarantee debt securities. (kind word, what it depends on, test of an opinion on it)
_DEPOSITARY_RE = re.compile(r"\bdepositary\s+(?:shares?|receipts?)\b", re.I)
_GUARANTEE_RE = re.compile(r"\bguarant(?:ee|ees|y|ies)\b", re.I)
_PREFERRED_RE = re.compile(r"\bpreferred\b|\bpreference\s+shares\b", re.I)
_DEBT_NOUN_RE = re.compile(r"\b(?:debt\s+securities|notes?|debentures?|bonds?)\b", re.I)
_BOUND_PARTY_RE = re.compile(
    r"\bbinding\s+obligations?\s+of\s+(?:the\s+|such\s+|each\s+|any\s+)?([A-Z][\w.&-]*)"
)


def _opines_on_preferred(ctx: CheckContext, p: Para) -> bool:
    """Return whether a paragraph opines that preferred stock is validly issued (and so on)."""
    return bool(_PREFERRED_RE.search(p.text)) and ctx.says_issued(p)


def _opines_on_debt(ctx: CheckContext, p: Para) -> bool:
    """Return whether a paragraph opines that debt securities bind their issuer (not a guarantor)."""
    if not _DEBT_NOUN_RE.search(p.text):
        return False
    if any(not m.group(1).lower().startswith("guarant") for m in _BOUND_PARTY_RE.finditer(p.text)):
        return True
    # a local-law opinion: "such Debt Securities will have been duly authorized, executed and
    # delivered by the Company", other counsel (named) covering the law that makes them binding
    return any(
        not m.group(1).lower().startswith("guarant") for m in AUTHORIZED_BY_RE.finditer(p.text)
    ) and local_law_only(ctx)


# "the Guarantee depends", "the guarantees depend"; an opinion "on it" (preferred stock) or "on
# them" (debt securities).
DEPENDS_ONE = "the {name} depends on {base}, but no opinion paragraph covers the {base}"
DEPENDS_MANY = "the {name} depend on {base}, but no opinion paragraph covers the {base}"
REGISTER_BASE_ONE = "register the {base} too and add an opinion paragraph on it (the {name} cannot be opined on alone)"
REGISTER_BASE_MANY = (
    "register the {base} too and add an opinion paragraph on them (the {name} cannot be opined on "
    "alone)"
)


# dependent kind: (how the text names it, what it depends on, whether a paragraph opines on that)
DEPENDENTS: dict[str, tuple[re.Pattern[str], str, Callable[[CheckContext, Para], bool]]] = {
    "depositary shares": (_DEPOSITARY_RE, "preferred stock", _opines_on_preferred),
    "guarantees": (_GUARANTEE_RE, "debt securities", _opines_on_debt),
}


def _dependent_kind(sec: Security) -> str | None:
    words = " ".join((sec.kind, *sec.names))
    for kind, (pattern, _, _) in DEPENDENTS.items():
        if pattern.search(words):
            return kind
    return None


def _listed_kinds(ctx: CheckContext) -> set[str]:
    return {sec.kind for sec in ctx.securities if sec.kind}


def _components_covered(ctx: CheckContext, sec: Security, covering: list[Para]) -> bool:
    """Return whether what a unit or warrant is made of (or issuable for) has an opinion."""
    others = [s for s in ctx.securities if s is not sec and not _INSTRUMENT_RE.search(s.kind)]
    if others:
        return True  # each other class is checked on its own
    if ctx.opinion_of_kind("equity", "interests", "abs"):
        return True
    if any(_UNDERLYING_RE.search(p.text, p.low) for p in covering):
        return True
    # units or warrants of debt only: an opinion that the debt binds its issuer covers them
    own = [p for p in covering if any(mentions([p], n) for n in sec.names)]
    return any(_opines_on_debt(ctx, p) for p in covering if p not in own)


@rule(
    "X5-COV-01",
    "Every class of security being registered has an opinion paragraph",
    "Item 601(b)(5); SLB 19",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report listed securities (or their underlying securities) that no opinion paragraph covers,
    and dependent securities (depositary shares, guarantees) whose base has no opinion."""
    paras = ctx.opinion_paras
    where = ctx.opinion_intro.index if ctx.opinion_intro else None
    covering = [p for p in paras if ctx.kinds[p.index] not in (None, "existence")]
    if not covering:
        yield r.finding(
            "error",
            where,
            "the letter gives no opinion on the securities being registered",
            "add an opinion paragraph on each class (e.g. 'the Shares ... will be validly issued, "
            "fully paid and non-assessable')",
        )
        return
    for sec in ctx.securities:
        if not any(mentions(covering, n) for n in _names(sec)):
            yield r.finding(
                "error",
                where,
                say("no opinion paragraph covers the {name}", name=sec.names[0]),
                say("add an opinion paragraph on the {name}", name=sec.names[0]),
            )
            continue
        own = [p for p in covering if any(mentions([p], n) for n in _names(sec))]
        elsewhere = [p for p in covering if p not in own]
        for under in sec.underlying:
            if under.lower() in _listed_kinds(ctx) and under.lower() != sec.kind:
                continue  # a listed class: checked on its own
            if any(mentions(elsewhere, n) for n in _kind_names(under)) or (
                _DEBT_NOUN_RE.search(under) and any(_opines_on_debt(ctx, p) for p in elsewhere)
            ):
                continue
            yield r.finding(
                "error",
                where,
                say(
                    "no opinion paragraph covers the {under} underlying the {name}",
                    under=under,
                    name=sec.names[0],
                ),
                say(
                    "add an opinion that the {under} will be validly issued (and, for shares, fully "
                    "paid and non-assessable)",
                    under=under,
                ),
            )
        if (
            not sec.underlying
            and _INSTRUMENT_RE.search(sec.kind + " " + " ".join(sec.names))
            and not _components_covered(ctx, sec, covering)
        ):
            yield r.finding(
                "error",
                where,
                say(
                    "the securities underlying the {name} have no opinion paragraph",
                    name=sec.names[0],
                ),
                "add an opinion on the securities issuable on exercise, conversion or settlement",
            )
    yield from _dependents(r, ctx, where)


def _dependents(r: Rule, ctx: CheckContext, where: int | None) -> Iterator[Finding]:
    """Report depositary shares without an opinion on their preferred stock, and guarantees
    without one on the debt securities they guarantee."""
    present: dict[str, str] = {}
    for sec in ctx.securities:
        kind = _dependent_kind(sec)
        if kind:
            present.setdefault(kind, sec.names[0])
    if not ctx.securities:
        for kind, (pattern, _, _) in DEPENDENTS.items():
            p = next((p for p in ctx.opinion_paras if pattern.search(p.text)), None)
            if p is not None:
                present[kind] = pattern.search(p.text).group(0)
    for kind, name in present.items():
        _, base, opines = DEPENDENTS[kind]
        if any(opines(ctx, p) for p in ctx.opinion_paras):
            continue
        yield r.finding(
            "error",
            where,
            agreeing(name, DEPENDS_ONE, DEPENDS_MANY, name=name, base=base),
            agreeing(base, REGISTER_BASE_ONE, REGISTER_BASE_MANY, name=name, base=base),
        )
