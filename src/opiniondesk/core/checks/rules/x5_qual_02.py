"""X5-QUAL-02: the filed opinion must not limit who may rely on it or for what."""

from __future__ import annotations

from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext, Rx

RELIANCE_LIMIT_RE = Rx(
    r"\bsolely\s+for\s+(?:your|the\s+\w+(?:'s)?|its)\s+(?:own\s+)?(?:benefit|use|information)\b|"
    r"\bfor\s+(?:your|the)\s+(?:sole|exclusive)\s+(?:benefit|use)\b|"
    r"\bfor\s+the\s+(?:sole|exclusive)\s+benefit\s+of\b|"
    r"\b(?:may|shall|is|are|should)\s+not\s+(?:to\s+)?be\s+relied\s+(?:up)?on\b|"
    r"\bnot\s+to\s+be\s+relied\s+(?:up)?on\b|"
    r"\bmay\s+(?:only\s+)?be\s+relied\s+(?:up)?on\s+only\b|\bmay\s+be\s+relied\s+(?:up)?on\s+solely\b|"
    r"\bno\s+(?:other\s+)?(?:person|party|one|entity)\s+(?:other\s+than\s+you\s+)?(?:may|shall|is\s+entitled\s+to)\s+rely\b|"
    r"\b(?:only|solely)\s+for\s+the\s+purposes?\s+of\b|\bfor\s+the\s+(?:sole|limited)\s+purpose\s+of\b|"
    r"\bfor\s+no\s+other\s+purpose\b|\bmay\s+not\s+be\s+(?:used|quoted|circulated|furnished)\b",
    "solely",
    "sole ",
    "exclusive",
    "relied",
    "rely",
    "purpose",
    "may not be",
)


@rule(
    "X5-QUAL-02",
    "No limit on who may rely on the opinion",
    "SLB 19 (limitations on reliance); ABA 2013 II.A",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report wording that limits reliance on the filed opinion."""
    for p in ctx.prose:
        m = RELIANCE_LIMIT_RE.search(p.text, p.low)
        if m:
            yield r.finding(
                "error",
                p.index,
                say(
                    "this paragraph limits reliance on the opinion ('{phrase}'); investors are entitled to "
                    "rely on a filed opinion",
                    phrase=m.group(0),
                ),
                "delete the reliance limitation",
            )
