"""X5-ASM-02: a delayed shelf may assume future board action; an unqualified opinion must follow."""

from __future__ import annotations

from collections.abc import Iterator

from ..base import Finding, Rule, rule
from ..context import CheckContext
from .x5_asm_01 import SHELF_ALLOWED, forbidden, future_action_conditions


@rule(
    "X5-ASM-02",
    "A delayed shelf may assume future board action; file an unqualified opinion for each takedown",
    "SLB 19 II.B.2.a; C&DI 212.05",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Note that a qualified delayed-shelf opinion needs an unqualified one at each takedown."""
    if not ctx.is_delayed_shelf:
        return
    places = [p.index for p, _ in future_action_conditions(ctx)]
    places += [a.para.index for a in ctx.assumptions if forbidden(ctx, a) in SHELF_ALLOWED]
    if places:
        yield r.finding(
            "info",
            min(places),
            "this delayed-shelf opinion assumes future corporate action or share availability, as "
            "the staff allows for a Rule 415(a)(1)(x) shelf",
            "file an unqualified opinion for each takedown by its closing (Form 8-K Exhibit 5.1 or a "
            "post-effective amendment)",
        )
