"""X5-JUR-01: the law limitation includes the law of the registrant's jurisdiction of incorporation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext

_NEGATIVE_RE = re.compile(
    r"\b(?:no\s+opinion|not\s+(?:express|expressing|passing|purport|admitted|members?)|do(?:es)?\s+not\s+"
    r"(?:purport\s+to\s+)?(?:express|pass|cover|address)|without\s+regard|excluding|exclusive\s+of)\b",
    re.I,
)


def _name_re(name: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(name).replace(r"\ ", r"\s+") + r"\b", re.I)


def disclaims(sentence: str, name: str) -> bool:
    """Return whether a sentence carves a jurisdiction's law out (rather than in) of the opinion."""
    m = _name_re(name).search(sentence)
    if not m:
        return False
    before = sentence[: m.start()]
    neg = list(_NEGATIVE_RE.finditer(before))
    if not neg:
        return False
    between = before[neg[-1].end() :]
    return not re.search(r"\bother\s+than\b|\bexcept\b|\bbut\s+(?:we|I)\b", between, re.I)


# what makes a law sentence a limitation to some laws, not only a disclaimer of one ("We express
# no opinion as to the laws of the State of New York", where other counsel covers them)
_RESTRICTS_RE = re.compile(
    r"\blimited\s+to\b|\bother\s+than\b|\bexcept\b|\bonly\b|\bsolely\b|\b(?:confined|restricted)\s+to\b",
    re.I,
)


def covers(ctx: CheckContext, name: str) -> bool:
    """Return whether the law limitation names a jurisdiction's law other than to disclaim it."""
    pattern = _name_re(name)
    return any(pattern.search(s) and not disclaims(s, name) for _, s in ctx.law_limits)


@rule(
    "X5-JUR-01",
    "The law limitation includes the law of the jurisdiction of incorporation",
    "SLB 19 (opinions on the laws of other jurisdictions)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a law limitation that leaves out the registrant's home law without local counsel."""
    juris = ctx.jurisdiction
    if not juris or not ctx.law_limits or ctx.has_local_counsel:
        return
    if covers(ctx, juris):
        return
    if not any(_RESTRICTS_RE.search(s) for _, s in ctx.law_limits):
        return  # only a named law disclaimed: the opinion is not limited away from home law
    para = ctx.law_limits[0][0]
    yield r.finding(
        "error",
        para.index,
        say(
            "the opinion is limited to laws that do not include the law of {juris}, where the "
            "registrant is organized",
            juris=juris,
        ),
        say(
            "add the law of {juris} (e.g. 'the General Corporation Law of the State of {juris}'), or "
            "name local counsel whose opinion is filed as Exhibit 5.2",
            juris=juris,
        ),
    )
