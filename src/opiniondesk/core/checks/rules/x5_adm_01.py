"""X5-ADM-01: no statement that counsel is not admitted, or admitted only, somewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext, Rx

# where counsel may practise: "admitted (to practice) in", "admitted only in", "members of the bar"
_ADMISSION_RE = Rx(
    r"\b(?:admitted|licensed)\s+(?:to\s+(?:the\s+)?(?:practi[cs]e|bar)|in|only|solely|exclusively)\b|"
    r"\b(?:not|only)\s+(?:been\s+)?admitted\b(?!\s+to\s+(?:listing|trading|quotation))|\bqualified\s+to\s+practi[cs]e\b|\bmembers?\s+of\s+the\s+bar\b",
    "admitted",
    "licensed",
    "qualified to practi",
    "of the bar",
)
_LIMITING_RE = re.compile(r"\b(?:only|solely|exclusively|not|nor)\b", re.I)


@rule(
    "X5-ADM-01",
    "No statement that counsel is not admitted, or is admitted only, in some jurisdiction",
    "SLB 19 (opinions on the laws of other jurisdictions)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report statements limiting the opinion by where counsel is admitted to practice."""
    for p in ctx.prose:
        if not _ADMISSION_RE.may_match(p.text, p.low):
            continue
        for s in ctx.sentences(p):
            m = _ADMISSION_RE.search(s)
            if not m or re.search(r"\bdo(?:es)?\s+not\s+(?:thereby\s+)?admit\b", s, re.I):
                continue
            if _LIMITING_RE.search(s):
                yield r.finding(
                    "error",
                    p.index,
                    say(
                        "this paragraph says where counsel is (only, or not) admitted to practice: '{excerpt}'",
                        excerpt=_excerpt(s, m.start()),
                    ),
                    "delete the admission statement; state instead which laws the opinion covers",
                )
                break


def _excerpt(sentence: str, at: int) -> str:
    start = max(0, at - 40)
    text = sentence[start : at + 60].strip()
    return ("..." if start else "") + text + ("..." if at + 60 < len(sentence) else "")
