"""X5-DATE-01: the dates a letter gives agree with each other and with the letter's own date.

A takedown opinion speaks at closing: the base prospectus, the prospectus supplement by which the
securities "have been offered" and the underwriting (or distribution) agreement already exist, so
none is dated after the letter, and the supplement is not dated before the prospectus it
supplements. An S-4 opinion speaks of a merger agreement already signed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ...facts import format_date
from ..base import Finding, Rule, rule, say
from ..context import DATE_TEXT, CheckContext, parse_date

# document: (its name in messages, its date facts, how the text names it before "dated")
DOCUMENTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "base": (
        "the base prospectus",
        ("base_prospectus_date", "prospectus_date"),
        r"(?:base\s+)?prospectus(?!\s+supplement)",
    ),
    "supplement": (
        "the prospectus supplement",
        ("prospectus_supplement_date", "supplement_date"),
        r"prospectus\s+supplement",
    ),
    "pricing": ("the pricing supplement", ("pricing_supplement_date",), r"pricing\s+supplement"),
    "agreement": (
        "the underwriting agreement",
        (
            "underwriting_agreement_date",
            "purchase_agreement_date",
            "terms_agreement_date",
        ),
        r"(?:underwriting|purchase|terms)\s+agreement",
    ),
    "distribution": (
        "the distribution agreement",
        ("distribution_agreement_date",),
        r"(?:distribution|equity\s+distribution|sales\s+agency)\s+agreement",
    ),
    "merger": (
        "the merger agreement",
        ("merger_agreement_date",),
        r"(?:agreement\s+and\s+plan\s+of\s+merger|merger\s+agreement)",
    ),
}
# documents that exist when the letter is signed, so are dated on or before it
EXISTING = ("base", "supplement", "pricing", "agreement", "distribution", "merger")
# (earlier, later): the later document is never dated before the earlier one
ORDER = (("base", "supplement"), ("base", "pricing"), ("supplement", "pricing"))
_OFFERED_RE = re.compile(
    r"\bhave\s+been\s+offered\b|\bwere\s+offered\b|\bhas\s+been\s+offered\b", re.I
)


class Dated:
    """A document's date, and the paragraph where the letter gives it (None: the facts alone)."""

    def __init__(self, day: dt.date, block: int | None) -> None:
        self.day = day
        self.block = block


def document_dates(ctx: CheckContext) -> dict[str, Dated]:
    """Return each document's date: from its fact, else from the text ("prospectus supplement,
    dated May 6, 2024")."""
    out: dict[str, Dated] = {}
    for key, (_, facts, _) in DOCUMENTS.items():
        for fid in facts:
            day = ctx.date(fid)
            if day is not None:
                block = next((p.index for p in ctx.paras if fid in p.facts), None)
                out[key] = Dated(day, block)
                break
    for key, (_, _, words) in DOCUMENTS.items():
        if key in out:
            continue
        pattern = re.compile(
            r"\b" + words + r"\b,?\s+dated\s+(?:as\s+of\s+)?(" + DATE_TEXT + r")", re.I
        )
        for p in ctx.prose:
            if "dated" not in p.low:
                continue
            m = pattern.search(p.text)
            day = parse_date(m.group(1)) if m else None
            if day is not None:
                out[key] = Dated(day, p.index)
                break
    return out


@rule(
    "X5-DATE-01",
    "Dates agree: no document the letter relies on is dated after it, and supplements follow prospectuses",
    "SLB 19 (date of the opinion); C&DI 212.05",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report documents dated after the letter, or a supplement dated before its prospectus."""
    dates = document_dates(ctx)
    letter_day = ctx.letter_day
    date_line = ctx.first("date")
    if letter_day is not None:
        offered = _OFFERED_RE.search(ctx.full_text)
        for key in EXISTING:
            doc = dates.get(key)
            if doc is None or doc.day <= letter_day:
                continue
            name = DOCUMENTS[key][0]
            message = (
                "the letter, dated {letter}, is dated before {name} ({day}) by which it says the "
                "securities have been offered"
                if key in ("supplement", "pricing") and offered
                else "{name} is dated {day}, after the letter ({letter}), which relies on it"
            )
            yield r.finding(
                "error",
                doc.block if doc.block is not None else (date_line.index if date_line else None),
                say(message, name=name, day=format_date(doc.day), letter=format_date(letter_day)),
                say(
                    "correct the date of {name} or of the letter (a takedown opinion is dated at "
                    "closing, after the documents it names)",
                    name=name,
                ),
            )
    for earlier, later in ORDER:
        first, second = dates.get(earlier), dates.get(later)
        if first is None or second is None or first.day <= second.day:
            continue
        yield r.finding(
            "error",
            second.block if second.block is not None else first.block,
            say(
                "{later} is dated {later_day}, before {earlier} ({earlier_day}) that it supplements",
                later=DOCUMENTS[later][0],
                later_day=format_date(second.day),
                earlier=DOCUMENTS[earlier][0],
                earlier_day=format_date(first.day),
            ),
            say(
                "correct the date of {later} or of {earlier}",
                later=DOCUMENTS[later][0],
                earlier=DOCUMENTS[earlier][0],
            ),
        )
