"""X5-INH-01: an in-house signer states title and employer; the voice is "I" or "we", not both."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, counted, rule, say
from ..context import CheckContext, Rx, normalize

_LAW_FIRM_RE = re.compile(
    r"\bL\.?L\.?P\b|\bLLC\b|\bP\.C\.|\bP\.A\.|\bPLLC\b|&|\bLaw\s+(?:Firm|Offices?)\b", re.I
)
_IN_HOUSE_TITLE_RE = re.compile(
    r"\bcounsel\b|\blegal\b|\bsecretary\b|\battorney\b|\blawyer\b", re.I
)
_IN_HOUSE_TEXT_RE = Rx(
    r"\bin-house\b|\bas\s+(?:an?\s+|the\s+)?(?:[A-Z][\w-]*\s+){0,4}(?:General\s+)?Counsel\b|"
    r"\b(?:I\s+am|as)\s+(?:an?\s+)?(?:employee|officer)\s+of\b",
    "in-house",
    "Counsel",
    "employee of",
    "officer of",
    flags=0,
)


def in_house(ctx: CheckContext) -> bool:
    """Return whether the signer is the registrant's (or its group's) own lawyer."""
    employer = str(ctx.signer.get("employer") or "")
    title = str(ctx.signer.get("title") or "")
    if (
        title
        and employer
        and _IN_HOUSE_TITLE_RE.search(title)
        and not _LAW_FIRM_RE.search(employer)
    ):
        return True
    return bool(ctx.search_all(_IN_HOUSE_TEXT_RE))


def _stated(ctx: CheckContext, field: str) -> bool:
    value = str(ctx.signer.get(field) or "").strip()
    if any(say("signer.{field}", field=field) in p.facts for p in ctx.paras):
        return True
    if not value:
        return False
    pattern = re.escape(normalize(value)).replace(r"\ ", r"\s+")
    return any(re.search(pattern, p.text, re.I) for p in ctx.paras)


@rule(
    "X5-INH-01",
    "An in-house signer states title and employer; one voice throughout",
    "ABA 2013 (basis: customary)",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn about an in-house opinion that hides the signer's role, or a letter in two voices."""
    signer_block = ctx.first("signer")
    where = signer_block.index if signer_block else None
    if in_house(ctx):
        missing = [
            what
            for what, f in (("title", "title"), ("employer", "employer"))
            if not _stated(ctx, f)
        ]
        if missing and not (
            not ctx.signer
            and re.search(r"\bas\s+(?:an?\s+)?[^.]{0,80}\bCounsel\b[^.]{0,60}\bof\b", ctx.full_text)
        ):
            yield r.finding(
                "warning",
                where,
                counted(
                    len(missing),
                    "the in-house signer's {missing} is not stated in the letter",
                    "the in-house signer's {missing} are not stated in the letter",
                    missing=" and ".join(missing),
                ),
                "state the signer's title and employer (e.g. under the signature or in the opening)",
            )
    singular, plural = ctx.voices["I"], ctx.voices["we"]
    if singular and plural:
        minority = plural if len(plural) <= len(singular) else singular
        yield r.finding(
            "warning",
            minority[0].index,
            "the letter speaks both as 'I/my' and as 'we/our' (this paragraph uses the less common voice)",
            "use one voice throughout: 'I' for one signer, 'we' for a firm",
        )
