"""X5-CON-02: a Section 7 non-admission may stand, but must not withdraw or condition the consent."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext

_CONDITION_RE = re.compile(
    r"\b(?:withdraw\w*|revoc\w*|revok\w*|rescind\w*|conditional|conditioned|on\s+(?:the\s+)?condition|"
    r"provided\s+(?:that|,\s*however)|subject\s+to|only\s+if|unless|"
    r"(?:shall|does|will)\s+not\s+(?:be\s+deemed\s+to\s+)?constitute\s+(?:a|our|my|such)?\s*consent|"
    r"not\s+(?:be\s+)?(?:deemed\s+)?(?:a|our|my)\s+consent)\b",
    re.I,
)
_ABOUT_CONSENT_RE = re.compile(r"\bconsent|\badmi(?:t|ssion)\b|\bSection\s+7\b", re.I)


@rule(
    "X5-CON-02",
    "A Section 7 non-admission must not withdraw or condition the consent",
    "SLB 19 (consents)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report consent wording that withdraws or conditions the consent."""
    paras = list(dict.fromkeys(p for p, _ in ctx.consent_sentences))
    for p in paras:
        for s in ctx.sentences(p):
            if not _ABOUT_CONSENT_RE.search(s):
                continue
            m = _CONDITION_RE.search(s)
            if m:
                yield r.finding(
                    "error",
                    p.index,
                    say("the consent is withdrawn or conditioned ('{phrase}')", phrase=m.group(0)),
                    "give the consent without condition; keep only 'we do not admit that we are within "
                    "the category of persons whose consent is required under Section 7'",
                )
                return
