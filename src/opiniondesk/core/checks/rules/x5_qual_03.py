"""X5-QUAL-03: an opinion that speaks only as of its date must be dated at or after effectiveness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext, Rx
from ..conventions import date_fact

SPEAKS_RE = Rx(
    r"\bspeaks?\s+only\s+as\s+of\b|\b(?:expressed|given|rendered|stated)\s+(?:only\s+)?as\s+of\s+the\s+date\s+hereof\b|"
    r"\b(?:assume|undertake)s?\s+no\s+(?:obligation|responsibility|duty)\s+to\s+(?:update|advise|supplement)\b|"
    r"\bdo(?:es)?\s+not\s+undertake\s+to\s+(?:update|advise)\b",
    "speak",
    "date hereof",
    "undertake",
    "assume no",
    "assumes no",
)


@rule(
    "X5-QUAL-03",
    "An opinion speaking only as of its date is dated no earlier than effectiveness",
    "SLB 19 (date of the opinion)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a "speaks only as of its date" opinion dated before the expected effective date."""
    p = ctx.find(SPEAKS_RE)
    if p is None or ctx.is_takedown:
        return
    effective = date_fact(ctx.facts, "effective_date")
    try:
        dated = dt.date.fromisoformat(ctx.letter_date) if ctx.letter_date else None
    except ValueError:
        dated = None
    if effective and dated and dated < effective:
        yield r.finding(
            "warning",
            p.index,
            say(
                "the opinion speaks only as of {dated}, before the expected effective date {effective}",
                dated=dated.isoformat(),
                effective=effective.isoformat(),
            ),
            "file a re-dated opinion at effectiveness, or drop the 'as of its date' limitation",
        )
    elif effective is None and not ctx.is_delayed_shelf:
        yield r.finding(
            "info",
            p.index,
            "the opinion speaks only as of its date",
            "if the registration statement becomes effective later, file a re-dated opinion then",
        )
