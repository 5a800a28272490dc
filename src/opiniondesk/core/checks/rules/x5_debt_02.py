"""X5-DEBT-02: the law limitation covers the law that governs the indenture or instrument."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import BINDING_KINDS, BINDING_OBLIGATION_RE, CheckContext, Rx, normalize
from .x5_jur_01 import covers

_GOVERNED_RE = Rx(
    r"\bgoverned\s+by\s+(?:and\s+construed\s+in\s+accordance\s+with\s+)?(?:the\s+)?(?:internal\s+)?"
    r"laws?\s+of\s+(?:the\s+)?(?:State\s+of\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)",
    "governed",
    flags=0,
)
_GENERAL_LAW_RE = re.compile(
    r"\blaws?\s+of\s+(?:the\s+)?(?:State|Commonwealth)\s+of\s+|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+law\b|"
    r"\blaws\s+of\s+(?!the\s+United\s+States)[A-Z]"
)


def governing_law(ctx: CheckContext) -> str | None:
    """Return the state whose law governs the instruments: the fact, else "governed by ..." text."""
    value = ctx.text_fact("governing_law")
    if value:
        return re.sub(
            r"^(?:the\s+)?(?:State|Commonwealth)\s+of\s+", "", normalize(value), flags=re.I
        )
    m = ctx.search_all(_GOVERNED_RE)
    return m.group(1) if m else None


@rule(
    "X5-DEBT-02",
    "The law limitation includes the law governing the indenture or instrument",
    "SLB 19 (debt securities)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a binding-obligation opinion whose law limitation leaves out the governing law."""
    binding = [
        p
        for p in ctx.opinion_of_kind(*BINDING_KINDS)
        if BINDING_OBLIGATION_RE.search(p.text, p.low)
    ]
    if not binding or not ctx.law_limits:
        return
    para = ctx.law_limits[0][0]
    law = governing_law(ctx)
    if law:
        if not covers(ctx, law):
            yield r.finding(
                "error",
                para.index,
                say(
                    "the opinion is limited to laws that leave out the law of {law}, which governs the "
                    "instruments it calls binding obligations",
                    law=law,
                ),
                say("add 'the laws of the State of {law}' to the law limitation", law=law),
            )
        return
    positive = " ".join(s for _, s in ctx.law_limits)
    if not _GENERAL_LAW_RE.search(
        re.sub(r"General\s+Corporation\s+Law\s+of\s+the\s+State\s+of\s+\w+", "", positive)
    ):
        yield r.finding(
            "error",
            para.index,
            "the binding-obligation opinion is limited to laws that do not include the law governing "
            "the instruments",
            "add the governing law (often 'the laws of the State of New York') to the law limitation",
        )
