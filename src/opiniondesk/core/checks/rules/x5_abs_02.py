"""X5-ABS-02: an asset-backed opinion dated after Regulation AB II's compliance date names Form SF-3
(or SF-1), not Form S-3 (or S-1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...facts import format_date
from ..base import Finding, Rule, rule, say
from ..context import FORM_RE, CheckContext

# Regulation AB II moved asset-backed registrations to Forms SF-3 and SF-1 from this date.
COMPLIANCE_DATE = dt.date(2015, 11, 23)
SF_FORMS = {"S-3": "SF-3", "S-1": "SF-1"}


def is_asset_backed(ctx: CheckContext) -> bool:
    """Return whether the letter is for asset-backed securities."""
    form = (ctx.text_fact("form") or "").upper()
    return ctx.is_abs or form.startswith("SF-") or "asset-backed" in ctx.full_low


@rule(
    "X5-ABS-02",
    "An asset-backed opinion dated after November 23, 2015 names Form SF-3 or SF-1, not S-3 or S-1",
    "Regulation AB II (Release No. 33-9638): Forms SF-3 and SF-1 from November 23, 2015",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn about an asset-backed opinion after Regulation AB II that names Form S-3 or S-1."""
    day = ctx.letter_day
    if day is None or day <= COMPLIANCE_DATE or not is_asset_backed(ctx):
        return
    for p in ctx.prose:
        for m in FORM_RE.finditer(p.text, p.low):
            old = m.group(1).upper()
            if old in SF_FORMS:
                yield _finding(r, p.index, old, day)
                return
    form = (ctx.text_fact("form") or "").upper().removeprefix("FORM ").strip()
    if form in SF_FORMS:
        yield _finding(r, None, form, day)


def _finding(r: Rule, block: int | None, old: str, day: dt.date) -> Finding:
    return r.finding(
        "warning",
        block,
        say(
            "the letter, dated {day}, names Form {old} for asset-backed securities; since Regulation "
            "AB II (compliance from November 23, 2015) they are registered on Form {new}",
            day=format_date(day),
            old=old,
            new=SF_FORMS[old],
        ),
        say("name Form {new} (and its file number)", new=SF_FORMS[old]),
    )
