"""X5-ASM-03: the customary assumptions pass silently; any other assumption gets a note to review."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext
from .x5_asm_01 import forbidden

CUSTOMARY: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"\bgenuine(?:ness)?\b",
        r"\bauthentic(?:ity)?\b",
        r"\bconform(?:ity|s|ing)?\b[^;]{0,60}\b(?:originals?|copies)\b|\bcopies\b[^;]{0,60}\bconform",
        r"\blegal\s+(?:capacity|competence)\b",
        r"\bsubstantially\s+(?:in\s+)?the\s+form\b",
        r"\bcertificates?\s+of\s+(?:public\s+)?officials\b|\bofficers'?\s+certificates?\b|"
        r"\bcertificates?\s+(?:and\s+statements\s+)?of\s+officers\b|\bstatements?\s+of\s+officers\b|"
        r"\brepresentations?\s+of\s+officers\b|\bas\s+to\s+(?:matters\s+of\s+)?facts?\b",
        r"\bRegistration\s+Statement\b[^;]{0,80}\b(?:effective|become\s+effective)\b",
        r"\bprospectus(?:\s+supplement)?\b[^;]{0,80}\b(?:filed|delivered|prepared)\b",
        r"\bin\s+(?:compliance|accordance)\s+with\s+(?:all\s+)?(?:applicable\s+)?(?:federal\s+and\s+state\s+)?"
        r"securities\s+laws\b|\bin\s+the\s+manner\s+(?:described|stated|contemplated)\b",
        r"\bTrust\s+Indenture\s+Act\b|\bqualified\s+under\b",
        r"\baccuracy\s+and\s+completeness\b|\btrue,?\s+(?:correct\s+and\s+)?complete\b",
        r"\b(?:not|no)\s+(?:have\s+)?been\s+(?:amended|modified|terminated|rescinded)\b",
        r"\bno\s+(?:change|amendment|modification)\b",
        r"\b(?:sold|issued)\b[^;]{0,80}\b(?:against\s+payment|for\s+(?:the\s+)?consideration)\b",
    )
)


_LEAD_IN_RE = re.compile(
    r"^(?:at|in|on|upon|for|with|prior\s+to|before|after|as\s+of|from|during|under)\b", re.I
)
_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|will|would|shall|has|have|had|be|been|being|may|can|conform|conforms|constitutes?)\b",
    re.I,
)


def lead_in(text: str) -> bool:
    """Return whether a clause only introduces the assumptions ("at the time of each issuance")."""
    return bool(_LEAD_IN_RE.match(text)) and not _VERB_RE.search(text)


def customary(text: str) -> bool:
    """Return whether an assumption is one the customary list allows without comment."""
    return any(p.search(text) for p in CUSTOMARY)


@rule(
    "X5-ASM-03",
    "Customary assumptions pass without warning",
    "TriBar (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Note assumptions that are neither customary nor about other parties, for counsel to review."""
    for a in ctx.assumptions:
        if lead_in(a.text) or forbidden(ctx, a) is not None or customary(a.text):
            continue
        if ctx.about_other_party_only(a.text):
            continue
        yield r.finding(
            "info",
            a.para.index,
            say(
                "this assumption is not among the customary ones: '{text}'",
                text=a.text[:120],
            ),
            "keep it only if it assumes nothing counsel can check or must opine on",
        )
