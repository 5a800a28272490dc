"""X5-ADR-01: the letter is addressed to the registrant (or its board)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule
from ..context import CheckContext

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
    text = address.text
    if _BOARD_RE.search(text):
        return
    names = [a for a in ctx.registrant_aliases if a]
    if names:
        if any(re.search(re.escape(n).replace(r"\ ", r"\s+"), text, re.I) for n in names):
            return
        yield r.finding(
            "warning",
            address.index,
            "the letter is addressed to '{to}', not the registrant {name}".format(
                to=text.split("\n")[0][:60], name=names[0]
            ),
            fix,
        )
    elif _OTHER_ADDRESSEE_RE.search(text):
        yield r.finding(
            "warning",
            address.index,
            f"the letter is addressed to '{text[:60]}', which reads as someone other than the registrant",
            fix,
        )
