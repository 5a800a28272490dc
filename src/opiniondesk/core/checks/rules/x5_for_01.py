"""X5-FOR-01: a foreign registrant's opinion covers home law, explains "non-assessable", binds U.S. debt."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import BINDING_KINDS, BINDING_OBLIGATION_RE, NON_ASSESSABLE_RE, CheckContext
from .x5_debt_02 import local_law_only
from .x5_jur_01 import covers

EXPLAINED_RE = re.compile(
    r"non-?\s?assessable\"?\s*(?:\(|,|-)?[^.]{0,80}\b(?:means?|meaning|used\s+herein|is\s+used|refers?|"
    r"we\s+mean|I\s+mean|when\s+used)\b|\b(?:term|expression|phrase|words?)\s+\"?non-?\s?assessable",
    re.I,
)


@rule(
    "X5-FOR-01",
    "Foreign registrants: home law, 'non-assessable' explained, U.S.-law debt binding",
    "SLB 19 (foreign registrants)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a foreign registrant's opinion that misses home law, the explanation or the binding opinion."""
    if not ctx.is_foreign:
        return
    juris = ctx.jurisdiction
    where = ctx.opinion_intro.index if ctx.opinion_intro else None
    if juris and not ctx.has_local_counsel:
        in_opinions = any(
            re.search(r"\b" + re.escape(juris), p.text, re.I) for p in ctx.opinion_paras
        )
        if not (covers(ctx, juris) or (in_opinions and not ctx.law_limits)):
            yield r.finding(
                "error",
                ctx.law_limits[0][0].index if ctx.law_limits else where,
                say(
                    "the opinion does not cover the law of {juris}, the registrant's home jurisdiction",
                    juris=juris,
                ),
                say(
                    "opine under the law of {juris}, or file local counsel's opinion as Exhibit 5.2",
                    juris=juris,
                ),
            )
    equity = [
        p
        for p in ctx.opinion_of_kind("equity", "interests")
        if NON_ASSESSABLE_RE.search(p.text, p.low)
    ]
    if equity and not EXPLAINED_RE.search(ctx.full_text):
        yield r.finding(
            "warning",
            equity[0].index,
            "'non-assessable' is used for a foreign registrant's shares without saying what it means "
            "under the law of {juris}".format(juris=juris or "its home jurisdiction"),
            "explain the term (e.g. 'no further sums are payable to the Company by the holder in "
            "respect of the shares')",
        )
    debt = ctx.opinion_of_kind(*BINDING_KINDS)
    if (
        debt
        and not any(BINDING_OBLIGATION_RE.search(p.text, p.low) for p in debt)
        and not local_law_only(ctx)
    ):
        yield r.finding(
            "error",
            debt[0].index,
            "the foreign registrant's debt has no binding-obligation opinion under the governing "
            "(U.S.) law",
            "have U.S. counsel opine that the debt securities are binding obligations under New York "
            "(or other governing) law",
        )
