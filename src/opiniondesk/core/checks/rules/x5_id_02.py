"""X5-ID-02: outstanding shares "are validly issued"; shares to be issued "will be, when issued"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule
from ..context import CheckContext

PRESENT_RE = re.compile(
    r"\b(?:are|is|have\s+been|has\s+been)\s+(?:duly\s+authorized,?\s+(?:and\s+)?)?(?:legally\s+and\s+)?"
    r"(?:validly|legally)\s+issued\b",
    re.I,
)
FUTURE_RE = re.compile(
    r"\bwill\s+be,?\s+(?:[^.;]{0,200}?,\s*)?(?:legally\s+and\s+)?(?:validly|legally)\s+issued\b",
    re.I,
)
OUTSTANDING_RE = re.compile(
    r"\b(?:issued\s+and\s+)?outstanding\b|\bselling\s+(?:stock|share|security|unit)holders?\b|\bresale\b|"
    r"\bpreviously\s+issued\b|\bhave\s+been\s+issued\b",
    re.I,
)
TO_BE_ISSUED_RE = re.compile(
    r"\bto\s+be\s+(?:issued|sold\s+by\s+the\s+Company|offered\s+by\s+the\s+Company)\b|\bissuable\b|"
    r"\bwhen\s+(?:issued|sold|the\s+\w+\s+(?:are|have\s+been)\s+issued)\b|\bupon\s+(?:the\s+)?(?:exercise|conversion|"
    r"settlement|issuance)\b|\bwill\s+be\s+issued\b|\bmay\s+be\s+issued\b|\bnewly\s+issued\b|"
    # "when a series has been established and shares of it have been issued": a condition to come
    # (the condition may first name the filing office, or the statute a merger vote follows)
    r"\b(?:when|once|after)\b[^.;]{0,600}?\b(?:have|has)\s+been\s+(?:duly\s+)?issued\b",
    re.I,
)


@rule(
    "X5-ID-02",
    "Tense follows the facts: outstanding shares 'are', shares to be issued 'will be'",
    "SLB 19 (resale registrations)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report equity conclusions whose tense does not fit whether the shares exist yet."""
    equity = ctx.opinion_of_kind("equity", "interests")
    for p in equity:
        pieces = re.split(r"(?<=;)\s+|(?<=\.)\s+(?=[A-Z])", p.text)
        for piece in pieces:
            outstanding = OUTSTANDING_RE.search(piece)
            to_issue = TO_BE_ISSUED_RE.search(piece)
            if FUTURE_RE.search(piece) and outstanding and not to_issue:
                yield r.finding(
                    "error",
                    p.index,
                    "the opinion says outstanding shares 'will be' validly issued",
                    "say the outstanding shares 'are validly issued, fully paid and non-assessable'",
                )
                break
            if PRESENT_RE.search(piece) and to_issue and not outstanding:
                yield r.finding(
                    "error",
                    p.index,
                    "the opinion says shares still to be issued 'are' validly issued",
                    "say the shares 'will be, when issued ..., validly issued, fully paid and "
                    "non-assessable'",
                )
                break
    resale = ctx.flag("resale")
    statuses = {s.status for s in ctx.securities if s.status}
    if resale is None and statuses & {"true", "yes", "outstanding", "resale"}:
        resale = True
    if resale and equity and not any(PRESENT_RE.search(p.text) for p in equity):
        yield r.finding(
            "error",
            equity[0].index,
            "the facts describe outstanding shares (a resale) but no opinion says they 'are' validly "
            "issued",
            "say the shares 'are validly issued, fully paid and non-assessable'",
        )
