"""X5-ABS-01: the shape of an asset-backed certificates opinion, and a takedown opinion per series."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import (
    BINDING_OBLIGATION_RE,
    EXISTENCE_RE,
    FULLY_PAID_RE,
    NON_ASSESSABLE_RE,
    VALIDLY_ISSUED_RE,
    CheckContext,
)

_BENEFITS_RE = re.compile(r"\bentitled\s+to\s+the\s+benefits\b", re.I)
_AGREEMENT_RE = re.compile(r"\b(?:pooling\s+and\s+servicing|trust|servicing)\s+agreement\b", re.I)


@rule(
    "X5-ABS-01",
    "Asset-backed certificates: existence, certificates issued and entitled, agreement binding",
    "Item 601(b)(5) (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn about an ABS certificates opinion missing one of its customary parts."""
    if not ctx.is_abs or not ctx.opinion_paras:
        return
    where = ctx.opinion_intro.index if ctx.opinion_intro else None
    if not any(EXISTENCE_RE.search(p.text, p.low) for p in ctx.opinion_paras):
        yield r.finding(
            "warning",
            where,
            "the opinion does not say the depositor is duly incorporated and validly existing",
            "add an opinion on the depositor's existence",
        )
    certs = ctx.opinion_of_kind("abs")
    if not certs:
        yield r.finding(
            "warning",
            where,
            "the opinion does not say the certificates are legally and validly issued",
            "add an opinion on the certificates",
        )
    for p in certs:
        missing = [
            what
            for what, pattern in (
                ("legally and validly issued", VALIDLY_ISSUED_RE),
                ("fully paid", FULLY_PAID_RE),
                ("non-assessable", NON_ASSESSABLE_RE),
                ("entitled to the benefits of the agreement", _BENEFITS_RE),
            )
            if not pattern.search(p.text)
        ]
        if missing:
            yield r.finding(
                "warning",
                p.index,
                say(
                    "the opinion on the certificates does not say {missing}",
                    missing=", ".join(missing),
                ),
                "say the certificates 'will be legally and validly issued, fully paid and "
                "nonassessable and entitled to the benefits provided by the ... Agreement'",
            )
    if not any(
        _AGREEMENT_RE.search(p.text) and BINDING_OBLIGATION_RE.search(p.text, p.low)
        for p in ctx.opinion_paras
    ):
        yield r.finding(
            "warning",
            where,
            "the opinion does not say the pooling and servicing agreement is a binding obligation",
            "add that the agreement 'will constitute a valid and binding obligation' of the depositor",
        )
    if not ctx.is_takedown:
        yield r.finding(
            "info",
            where,
            "this is a shelf opinion for certificates of one or more series",
            "file a takedown opinion for each series (Form 8-K Exhibit 5.1) by its closing",
        )
