"""X5-EQ-02: LLC, LP or statutory-trust interests: validly issued, no further payment owed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import FULLY_PAID_RE, NON_ASSESSABLE_RE, VALIDLY_ISSUED_RE, CheckContext

_NO_FURTHER_PAYMENT_RE = re.compile(
    r"\bno\s+(?:obligation|liability)\s+(?:to\s+make\s+)?(?:any\s+)?(?:further\s+)?"
    r"(?:payments?|contributions?)\b|\bno\s+further\s+(?:payments?|contributions?)\b|"
    r"\bwill\s+not\s+be\s+(?:obligated|required)\s+to\s+make\s+(?:any\s+)?(?:further\s+)?"
    r"(?:payments?|contributions?)\b",
    re.I,
)
_SOLELY_RE = re.compile(
    r"\bsolely\s+by\s+reason\s+of\b|\bby\s+reason\s+of\s+(?:their|its|such)\b", re.I
)


@rule(
    "X5-EQ-02",
    "LLC, LP or statutory-trust interests: validly issued, no further payment owed",
    "SLB 19 II.B.1.b",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report non-corporate equity opinions that lack either half of the required conclusion."""
    for p in ctx.opinion_of_kind("interests"):
        issued = bool(VALIDLY_ISSUED_RE.search(p.text, p.low))
        no_payment = bool(_NO_FURTHER_PAYMENT_RE.search(p.text) and _SOLELY_RE.search(p.text))
        paid_form = bool(
            FULLY_PAID_RE.search(p.text, p.low) and NON_ASSESSABLE_RE.search(p.text, p.low)
        )
        if issued and (no_payment or paid_form):
            continue
        missing = [] if issued else ["validly issued"]
        if not (no_payment or paid_form):
            missing.append("no further payment or contribution owed solely by reason of ownership")
        yield r.finding(
            "error",
            p.index,
            say("the opinion on interests does not say {missing}", missing=" and ".join(missing)),
            "say the interests 'will be validly issued' and holders 'will have no obligation to make "
            "payments or contributions ... solely by reason of their ownership'",
        )
