"""X5-QUAL-01: bankruptcy and equity exceptions belong on binding-obligation opinions only."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import BINDING_RE, CREDITORS_EXCEPTION_RE, CheckContext, Para

_PARA_REF_RE = re.compile(
    r"\bparagraphs?\s+((?:\(?\w{1,4}\)?(?:\s*,\s*|\s+and\s+|\s+through\s+)?)+)", re.I
)
_GLOBAL_RE = re.compile(
    r"\b(?:the|our|my|each\s+of\s+the|all\s+of\s+the|the\s+foregoing|above)\s+opinions?\b(?!\s+(?:in|set\s+forth\s+in)\s+paragraph)",
    re.I,
)
_SCOPED_RE = re.compile(r"\benforceab|\bbinding\b|\bobligations?\b|\bremed(?:y|ies)\b", re.I)


def _referenced(text: str, opinions: dict[str, Para]) -> list[Para]:
    out = []
    for m in _PARA_REF_RE.finditer(text):
        for token in re.findall(r"\w+", m.group(1)):
            if token.lower() in opinions:
                out.append(opinions[token.lower()])
    return out


@rule(
    "X5-QUAL-01",
    "Bankruptcy and equitable-principles exceptions only on binding-obligation opinions",
    "TriBar (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn when an enforceability exception is attached to an equity opinion."""
    equity = ctx.opinion_of_kind("equity", "interests", "abs")
    if not equity:
        return
    fix = "attach the exception to the binding-obligation opinions only"
    for p in equity:
        if CREDITORS_EXCEPTION_RE.search(p.text, p.low) and not BINDING_RE.search(p.text, p.low):
            yield r.finding(
                "warning",
                p.index,
                "this equity opinion carries a bankruptcy or equitable-principles exception",
                fix,
            )
    numbered = {str(p.number): p for p in ctx.opinion_paras if p.number is not None}
    letters = {
        chr(ord("a") + n - 1): p for n, p in ((p.number, p) for p in ctx.opinion_paras if p.number)
    }
    for p in ctx.prose:
        if (
            p.kind == "opinion"
            or p in ctx.opinion_paras
            or not CREDITORS_EXCEPTION_RE.search(p.text, p.low)
        ):
            continue
        refs = _referenced(p.text, {**letters, **numbered})
        if refs:
            hit = [q for q in refs if q in equity]
        elif _GLOBAL_RE.search(p.text) and not _SCOPED_RE.search(p.text):
            hit = equity
        else:
            hit = []
        if hit:
            yield r.finding(
                "warning",
                p.index,
                say(
                    "this paragraph applies a bankruptcy or equitable-principles exception to {target}, an "
                    "equity opinion",
                    target=hit[0].where,
                ),
                fix,
            )
