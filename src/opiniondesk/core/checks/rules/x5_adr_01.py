"""X5-ADR-01: the letter is addressed to the registrant (or its board)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext, normalize

_BOARD_RE = re.compile(
    r"\bBoard\s+of\s+(?:Directors|Trustees|Managers)\b|\bGeneral\s+Partner\b", re.I
)
_OTHER_ADDRESSEE_RE = re.compile(
    r"\bUnderwriters?\b|\bRepresentatives?\b|\bas\s+(?:trustee|agent|representative)\b|\bPurchasers?\b|"
    r"\bHolders?\b|\bLenders?\b|\bDealers?\b|\bInvestors?\b|\bSecurities\s+and\s+Exchange\s+Commission\b|"
    r"\bTo\s+Whom\s+It\s+May\s+Concern\b",
    re.I,
)


@rule(
    "X5-ADR-01",
    "The addressee is the registrant or its board",
    "ABA 2013 (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn when the letter is addressed to someone other than the registrant."""
    address = ctx.first("address")
    fix = "address the letter to the registrant (or its board of directors)"
    if address is None:
        yield r.finding("warning", None, "the letter has no addressee", fix)
        return
    if address.has_placeholder:
        return  # the registrant's name is not filled in yet (X5-SIG-01 says so)
    text = address.text
    if _BOARD_RE.search(text):
        return
    name = ctx.registrant_name or (ctx.named_registrant[0] if ctx.named_registrant else None)
    if name:
        if normalize(name).lower() in text.lower():
            return
        yield r.finding(
            "warning",
            address.index,
            say(
                "the letter is addressed to '{text}', not the registrant {name}",
                text=text[:60],
                name=name,
            ),
            fix,
        )
    elif _OTHER_ADDRESSEE_RE.search(text):
        yield r.finding(
            "warning",
            address.index,
            say(
                "the letter is addressed to '{text}', which reads as someone other than the registrant",
                text=text[:60],
            ),
            fix,
        )
