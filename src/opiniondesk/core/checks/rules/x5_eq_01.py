"""X5-EQ-01: a corporate equity opinion says validly issued, fully paid and non-assessable."""

from __future__ import annotations

from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import (
    FULLY_PAID_RE,
    NON_ASSESSABLE_RE,
    VALIDLY_ISSUED_RE,
    CheckContext,
    Para,
    Rx,
)

_SHARES_RE = Rx(r"\b(?<!depositary\s)(?:shares?|stock)\b(?!\s+Exchange)", "share", "stock")


def missing_terms(p: Para) -> list[str]:
    """Return which of the three equity conclusions a paragraph lacks."""
    missing = []
    if not VALIDLY_ISSUED_RE.search(p.text, p.low):
        missing.append("validly issued")
    if not FULLY_PAID_RE.search(p.text, p.low):
        missing.append("fully paid")
    if not NON_ASSESSABLE_RE.search(p.text, p.low):
        missing.append("non-assessable")
    return missing


@rule(
    "X5-EQ-01",
    "Corporate equity: legally (validly) issued, fully paid and non-assessable",
    "SLB 19 II.B.1.a",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report corporate share opinions that leave out any of the three conclusions."""
    if ctx.entity != "corporation":
        return
    equity = ctx.opinion_of_kind("equity")
    complete = [p for p in equity if not missing_terms(p)]
    for p in ctx.opinion_paras:
        missing = missing_terms(p)
        if not missing or len(missing) == 3:
            continue
        partial_on_shares = _SHARES_RE.search(p.text, p.low) and (
            FULLY_PAID_RE.search(p.text, p.low) or NON_ASSESSABLE_RE.search(p.text, p.low)
        )
        if ctx.kinds[p.index] == "equity" or partial_on_shares:
            yield r.finding(
                "error",
                p.index,
                say("the opinion on shares does not say {missing}", missing=" and ".join(missing)),
                "say the shares 'will be validly issued, fully paid and non-assessable'",
            )
    if equity and not complete and all(len(missing_terms(p)) == 3 for p in equity):
        p = equity[0]
        yield r.finding(
            "error",
            p.index,
            "no opinion paragraph says the shares are validly issued, fully paid and non-assessable",
            "add the conclusion 'validly issued, fully paid and non-assessable' to this paragraph",
        )
