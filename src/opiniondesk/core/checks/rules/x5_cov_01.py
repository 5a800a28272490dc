"""X5-COV-01: every class of security being registered, and what underlies it, gets an opinion."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext, Para, Rx

_INSTRUMENT_RE = re.compile(
    r"warrant|right|unit|convertible|exchangeable|purchase\s+contract", re.I
)
_UNDERLYING_RE = Rx(
    r"\bissuable\b|\bunderlying\b|\bupon\s+(?:the\s+)?(?:exercise|conversion|exchange|settlement)\b",
    "issuable",
    "underlying",
    "upon",
)


def mentions(paras: list[Para], name: str) -> bool:
    """Return whether any paragraph names a security (singular or plural, any case)."""
    stem = re.escape(name.strip().rstrip("s")) if len(name.strip()) > 3 else re.escape(name.strip())
    pattern = re.compile(r"\b" + stem.replace(r"\ ", r"\s+") + r"(?:s|es)?\b", re.I)
    key = name.strip().rstrip("s").lower()
    return any(key in p.low and pattern.search(p.text) for p in paras)


@rule(
    "X5-COV-01",
    "Every class of security being registered has an opinion paragraph",
    "Item 601(b)(5); SLB 19",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report listed securities (or their underlying securities) that no opinion paragraph covers."""
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
        if not any(mentions(covering, n) for n in sec.names):
            yield r.finding(
                "error",
                where,
                say("no opinion paragraph covers the {name}", name=sec.names[0]),
                say("add an opinion paragraph on the {name}", name=sec.names[0]),
            )
            continue
        for under in sec.underlying:
            if not mentions(covering, under):
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
        if not sec.underlying and _INSTRUMENT_RE.search(sec.kind + " " + " ".join(sec.names)):
            if not ctx.opinion_of_kind("equity", "interests") and not any(
                _UNDERLYING_RE.search(p.text, p.low) for p in covering
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
