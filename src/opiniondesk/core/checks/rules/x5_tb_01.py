"""X5-TB-01: use the customary opinion phrases and do not redefine them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext

VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bfully[\s-]+paid[\s-]+up\b", re.I), "fully paid"),
    (
        re.compile(r"\bnon\s+assessable\b|\bnon-?assessible\b|\bnot\s+assessable\b", re.I),
        "non-assessable",
    ),
    (
        re.compile(
            r"\b(?:will\s+be|are|is|shall\s+be)\s+(?:duly|properly|lawfully)\s+issued\b(?!\s+and\s+(?:sold|delivered))",
            re.I,
        ),
        "validly issued",
    ),
    (
        re.compile(
            r"\bDelaware\s+(?:corporate|corporation|general\s+corporate)\s+law\b|"
            r"\bcorporate\s+laws?\s+of\s+(?:the\s+State\s+of\s+)?Delaware\b|\bDelaware\s+General\s+Corporate\s+Law\b",
            re.I,
        ),
        "General Corporation Law of the State of Delaware",
    ),
    (
        re.compile(r"\b(?:legally\s+)?binding\s+(?:agreements?|contracts?)\s+of\b", re.I),
        "valid and binding obligations of",
    ),
)
# words one of which each variant needs, to skip most paragraphs without running the pattern
_KEYS = (
    ("paid up", "paid-up"),
    ("non assessable", "assessible", "not assessable"),
    ("duly issued", "properly issued", "lawfully issued"),
    ("delaware corporat", "corporate law", "general corporate law"),
    ("binding agreement", "binding contract"),
)
_TERMS = r"(?:fully\s+paid|non-?assessable|validly\s+issued|duly\s+authorized|binding\s+obligations?|enforceable|validly\s+existing)"
REDEFINE_RE = re.compile(
    r"\""
    + _TERMS
    + r"\"\s*(?:,\s*)?(?:as\s+used\s+(?:herein|in\s+this\s+(?:letter|opinion)),?\s*)?(?:means?|shall\s+mean|refers?\s+to|is\s+used\s+to\s+mean)\b|"
    r"\b(?:the\s+)?(?:term|phrase|words?|expression)\s+\""
    + _TERMS
    + r"\"\s+(?:as\s+used\s+(?:herein|in\s+this\s+(?:letter|opinion))\s+)?(?:means?|shall\s+mean|refers?)",
    re.I,
)


@rule(
    "X5-TB-01",
    "Customary phrases, not redefined",
    "TriBar (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn about non-customary variants of the opinion phrases and about redefinitions of them."""
    for p in ctx.prose:
        for (pattern, customary), keys in zip(VARIANTS, _KEYS):
            m = any(k in p.low for k in keys) and pattern.search(p.text)
            if m:
                yield r.finding(
                    "warning",
                    p.index,
                    say(
                        "this paragraph says '{phrase}' instead of the customary '{customary}'",
                        phrase=m.group(0),
                        customary=customary,
                    ),
                    say("use '{customary}'", customary=customary),
                )
        m = '"' in p.text and REDEFINE_RE.search(p.text)
        if m and not (ctx.is_foreign and re.search(r"assessable", m.group(0), re.I)):
            yield r.finding(
                "warning",
                p.index,
                say(
                    "this paragraph redefines a customary phrase: '{phrase}'",
                    phrase=m.group(0),
                ),
                "drop the definition; readers rely on the customary meaning",
            )
