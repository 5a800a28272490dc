"""X5-FIL-01: file a signed opinion (not a "form of"); a takedown files an unqualified one by closing."""

from __future__ import annotations

from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import FORM_OF_RE, CheckContext, Rx
from .x5_asm_01 import future_action_conditions

_VEHICLE_RE = Rx(
    r"\bForm\s+8-K\b|\bCurrent\s+Report\b|\bpost-effective\s+amendment\b",
    "8-k",
    "current report",
    "post-effective",
)


@rule(
    "X5-FIL-01",
    "A signed opinion before effectiveness; an unqualified takedown opinion by closing",
    "SLB 19 II.B.2.a; C&DI 212.05",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a "form of" opinion outside a delayed shelf, and a qualified or unplaced takedown opinion."""
    if not ctx.is_delayed_shelf:
        for p in ctx.paras:
            if p.kind in ("exhibit", "date", "reference", "body") and FORM_OF_RE.search(
                p.text, p.low
            ):
                yield r.finding(
                    "error",
                    p.index,
                    "this paragraph makes the letter a 'form of' opinion; a non-shelf registration needs a "
                    "signed opinion before effectiveness",
                    "remove 'form of' and file the signed opinion",
                )
                break
    if not ctx.is_takedown:
        return
    for p, what in future_action_conditions(ctx):
        yield r.finding(
            "error",
            p.index,
            say(
                "this takedown opinion is still conditioned on {what}; a takedown needs an unqualified "
                "opinion",
                what=what,
            ),
            "confirm the board's action and state the opinion without the condition",
        )
    if not ctx.search_all(_VEHICLE_RE):
        yield r.finding(
            "error",
            ctx.consent_sentences[0][0].index if ctx.consent_sentences else None,
            "the takedown opinion does not say how it is filed (Form 8-K or post-effective amendment)",
            "say it is filed as Exhibit 5.1 to a Current Report on Form 8-K (or a post-effective "
            "amendment) by the closing",
        )
