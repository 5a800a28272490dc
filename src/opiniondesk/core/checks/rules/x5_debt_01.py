"""X5-DEBT-01: each debt, guarantee, warrant, unit or agreement opinion says "binding obligation"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule
from ..context import BINDING_KINDS, BINDING_OBLIGATION_RE, CONCLUSION_RE, CheckContext
from .x5_debt_02 import AUTHORIZED_BY_RE, local_law_only

# "the power to perform its obligations under them" speaks of authority, not of what binds
_PERFORM_RE = re.compile(
    r"\b(?:perform(?:ance\s+of)?|comply\s+with)\s+(?:its|their|the\s+Company's|such\s+\w+'s)\s+"
    r"obligations\b",
    re.I,
)


@rule(
    "X5-DEBT-01",
    "Debt, guarantees, warrants, units and agreements are binding obligations",
    "Item 601(b)(5); SLB 19 (debt securities)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report opinion paragraphs on obligations that do not conclude they are binding obligations."""
    local = None
    for p in ctx.opinion_of_kind(*BINDING_KINDS):
        if BINDING_OBLIGATION_RE.search(p.text, p.low):
            continue
        if AUTHORIZED_BY_RE.search(p.text):
            local = local_law_only(ctx) if local is None else local
            if local:
                continue  # a local-law opinion: other counsel, named, say what binds under their law
        text = _PERFORM_RE.sub(" ", p.text)
        if not CONCLUSION_RE.search(text, text.lower()):
            continue  # a bare "has been duly authorized, executed and delivered" (and power to perform)
        yield r.finding(
            "error",
            p.index,
            "this opinion is on an obligation but does not say it is a binding obligation of the issuer",
            "say it 'will constitute valid and binding obligations of the Company'",
        )
