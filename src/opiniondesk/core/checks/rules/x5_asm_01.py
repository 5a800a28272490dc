"""X5-ASM-01: counsel must not assume away the opinion (existence, power, corporate action, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import (
    CORP_ACTION_COND_RE,
    EXISTENCE_RE,
    SHARE_AVAILABILITY_RE,
    Assumption,
    CheckContext,
    Para,
)

# (what is assumed, pattern); each names a thing counsel must establish, not assume
FORBIDDEN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("the registrant's due incorporation or valid existence", EXISTENCE_RE),
    (
        "the registrant's corporate power",
        re.compile(
            r"\b(?:corporate|company|partnership|trust)?\s*(?:power|authority|capacity)\s+(?:and\s+authority\s+)?"
            r"(?:to\s+(?:issue|execute|enter|perform|sell|deliver|own|conduct|carry)|under)",
            re.I,
        ),
    ),
    (
        "that all corporate action has been taken",
        re.compile(
            r"\b(?:corporate|company|partnership|trust|board)\s+(?:action|proceedings|approval)|"
            r"\b(?:duly|validly)\s+(?:and\s+validly\s+)?authorized\s+by\b|\bduly\s+authorized\b(?!\s*,?\s*executed)|"
            r"\bboard\s+of\s+(?:directors|trustees|managers)\b[^;]{0,80}\b(?:authorized|approved|adopted|taken)|"
            r"\bresolutions?\b[^;]{0,80}\b(?:adopted|in\s+full\s+force|remain|not\s+been\s+(?:amended|rescinded))",
            re.I,
        ),
    ),
    ("that enough shares are authorized", SHARE_AVAILABILITY_RE),
    (
        "a fact counsel can readily ascertain",
        re.compile(
            r"\b(?:certificate\s+of\s+incorporation|charter|articles\s+of\s+(?:incorporation|association)|"
            r"by-?laws|memorandum\s+and\s+articles|certificate\s+of\s+formation|operating\s+agreement|"
            r"partnership\s+agreement|declaration\s+of\s+trust)\b[^;]{0,80}\b(?:in\s+(?:full\s+)?(?:force|effect)|"
            r"not\s+been\s+(?:amended|modified|repealed))|\bin\s+good\s+standing\b",
            re.I,
        ),
    ),
    (
        "the conclusion of the opinion itself",
        re.compile(
            r"\b(?:validly|legally)\s+issued\b|\bfully\s+paid\b|\bnon-?assessable\b|\bbinding\s+obligations?\b|"
            r"\bvalid\s+and\s+binding\b|\benforceable\s+(?:against|in\s+accordance)\b",
            re.I,
        ),
    ),
)
# things a delayed shelf may assume for the future (X5-ASM-02)
SHELF_ALLOWED = ("that all corporate action has been taken", "that enough shares are authorized")


def forbidden(ctx: CheckContext, a: Assumption) -> str | None:
    """Return what an assumption forbiddenly assumes, or None if it assumes nothing forbidden."""
    if ctx.about_other_party_only(a.text):
        return None  # the trustee's or another party's existence, power or authorization
    for what, pattern in FORBIDDEN:
        if pattern.search(a.text):
            if what == "the registrant's corporate power" and not ctx.about_registrant(a.text):
                continue
            return what
    return None


def future_action_conditions(ctx: CheckContext) -> list[tuple[Para, str]]:
    """Return opinion paragraphs conditioned on future corporate action or share availability."""
    return ctx.memo("future_action_conditions", lambda: _future_action_conditions(ctx))


# the conclusion of a local-law opinion ("... the Notes will have been duly authorized, executed
# and delivered by the Company"), not a condition on future action
_LOCAL_CONCLUSION_RE = re.compile(
    r"\bwill\s+have\s+been\s+duly\s+authori[sz]ed,?\s+executed,?\s+(?:issued\s+)?and\s+delivered\b",
    re.I,
)


def _future_action_conditions(ctx: CheckContext) -> list[tuple[Para, str]]:
    out = []
    for p in ctx.opinion_paras:
        text = _LOCAL_CONCLUSION_RE.sub("will be so", p.text)
        m = CORP_ACTION_COND_RE.search(text, text.lower())
        if m and not ctx.about_other_party_only(text[m.start() : m.end() + 80]):
            out.append((p, "future corporate action"))
        elif SHARE_AVAILABILITY_RE.search(p.text, p.low):
            out.append((p, "enough authorized shares"))
    return out


@rule(
    "X5-ASM-01",
    "No assumption of existence, power, corporate action, authorized shares, facts or the conclusion",
    "SLB 19 (assumptions)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report assumptions (and, outside a delayed shelf or takedown, conditions) that assume the opinion away."""
    shelf = ctx.is_delayed_shelf
    for a in ctx.assumptions:
        what = forbidden(ctx, a)
        if what is None or (shelf and what in SHELF_ALLOWED):
            continue
        yield r.finding(
            "error",
            a.para.index,
            say("the letter assumes {what}: '{text}'", what=what, text=a.text[:120]),
            "establish it from the records (or certificates of officers as to facts) and delete the "
            "assumption",
        )
    if shelf or ctx.is_takedown:
        return  # X5-ASM-02 notes the shelf's qualification; X5-FIL-01 refuses it in a takedown
    for p, what in future_action_conditions(ctx):
        yield r.finding(
            "error",
            p.index,
            say(
                "the opinion is conditioned on {what}, which this (non-shelf) opinion must establish",
                what=what,
            ),
            "confirm the board has acted and state the opinion without the condition",
        )
