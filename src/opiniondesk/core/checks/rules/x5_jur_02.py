"""X5-JUR-02: no disclaimer of the home jurisdiction's law, and no limit to federal law alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import STATE_RE, CheckContext, Rx
from .x5_jur_01 import disclaims

_FEDERAL_ONLY_RE = Rx(
    r"\blimited\s+(?:solely\s+|exclusively\s+)?to\s+(?:the\s+)?(?:federal\s+)?laws?\s+of\s+the\s+United\s+States"
    r"(?!\s+Virgin\s+Islands)"
    r"|\blimited\s+(?:solely\s+|exclusively\s+)?to\s+(?:the\s+)?(?:United\s+States\s+)?federal\s+law",
    "limited",
)
_OTHER_LAW_RE = re.compile(
    r"\bState\s+of\b|\bCommonwealth\s+of\b|\bGeneral\s+Corporation\s+Law\b|\bLimited\s+Liability\s+Company\s+Act\b|"
    r"\bStatutory\s+Trust\s+Act\b|\bPartnership\s+Act\b|\bDistrict\s+of\s+Columbia\b|"
    + STATE_RE.pattern,
)


@rule(
    "X5-JUR-02",
    "No disclaimer of the home jurisdiction's law; no limit to federal law alone",
    "SLB 19 (opinions on the laws of other jurisdictions)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report text that carves out the law the opinion must cover."""
    juris = ctx.jurisdiction
    for p in ctx.prose:
        if p.kind == "opinion":
            continue
        for s in ctx.sentences(p):
            if juris and disclaims(s, juris):
                yield r.finding(
                    "error",
                    p.index,
                    say(
                        "this paragraph disclaims the law of {juris}, where the registrant is organized",
                        juris=juris,
                    ),
                    say(
                        "remove the disclaimer; the opinion must cover the law of {juris}",
                        juris=juris,
                    ),
                )
            elif _FEDERAL_ONLY_RE.search(s) and not _OTHER_LAW_RE.search(s):
                yield r.finding(
                    "error",
                    p.index,
                    "this paragraph limits the opinion to federal law alone",
                    "cover the law of the jurisdiction of incorporation (and any governing state law)",
                )
