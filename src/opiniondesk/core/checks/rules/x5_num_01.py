"""X5-NUM-01: a total the letter gives equals the sum of its parts (shares per plan, primary plus
secondary shares, the tranches of a takedown).

The opinion must cover exactly the securities registered; a total that differs from its parts
leaves the opinion covering either too few or too many. The facts are compared where the template
keeps both (an S-8's `share_count` and `plans[].shares`), and the text wherever the letter says
"9,000,000 shares ..., consisting of 7,000,000 ... and 1,250,000 ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from ..base import Finding, Rule, counted, listing, rule
from ..context import CheckContext, Para

# (total fact ids, the list and its amount fields, or the scalar facts that add up to the total)
LIST_TOTALS: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (("share_count", "total_shares", "shares_registered"), "plans", ("shares",)),
    (
        (
            "aggregate_principal_amount",
            "aggregate_amount",
            "aggregate_principal",
            "offering_amount",
        ),
        "notes",
        ("amount", "principal_amount"),
    ),
    (
        ("aggregate_principal", "aggregate_principal_amount", "aggregate_amount"),
        "offered_classes",
        ("amount", "principal_balance", "initial_principal_balance"),
    ),
)
# One part given (an S-1's primary shares alone) is no "sum of its parts".
DIFFERS_ONE = "the total, {total}, differs from its only part, {added}"
DIFFERS_MANY = "the total, {total}, differs from the sum of its parts, {added} ({parts})"
FIX_ONE = "make the total {added}, or correct the part so that it equals {total}"
FIX_MANY = "make the total {added}, or correct the parts so that they add up to {total}"

SCALAR_TOTALS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("total_shares", "shares_registered", "share_count"),
        ("primary_shares", "secondary_shares"),
    ),
)

_CONSISTING_RE = re.compile(
    r",?\s*\b(?:consisting\s+of|comprising|comprised\s+of|composed\s+of|made\s+up\s+of|of\s+which)\b",
    re.I,
)
# a part's own subset, not a further part
_SUBSET_RE = re.compile(r",?\s+\b(?:including|which\s+includes?|of\s+which)\b", re.I)
_MONEY_RE = re.compile(
    r"(?<!par\svalue\s)(?<!par\svalue\sof\s)\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d,.]\d)"
    r"(?:\s+(million|billion))?(?!\s+per\s+(?:share|unit))",
    re.I,
)
_COUNT_RE = re.compile(
    r"(?<![\$\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?=\s+(?:million|billion)))(?:\s+(million|billion))?"
    r"(?![\d%,.]\d)",
    re.I,
)
_COUNT_NOUN_RE = re.compile(
    r"^\s*(?:[A-Za-z-]+\s+){0,3}?(?:shares?|units?|warrants?|rights|depositary|ordinary|common|"
    r"certificates?)\b",
    re.I,
)
_SCALE = {"million": Decimal(10) ** 6, "billion": Decimal(10) ** 9}
# a sentence ends at ". " before a capital, but not after an abbreviation in a name
_SENTENCE_END_RE = re.compile(
    r"(?<!\bInc)(?<!\bCorp)(?<!\bCo)(?<!\bNo)(?<!\bLtd)(?<!\bN\.A)(?<!\bL\.P)(?<!\bU\.S)(?<!\bS\.A)"
    r"(?<!\bPlc)(?<!\bLLC)\.\s+(?=[A-Z\"(])"
)


def number(value: Any) -> Decimal | None:
    """Return a fact's amount or count as a number, or None when it is not one."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        from ...facts import parse_money

        try:
            return parse_money(value)
        except (ValueError, InvalidOperation, ArithmeticError):
            return None
    return None


def _shown(amount: Decimal, money: bool) -> str:
    whole = amount == amount.to_integral_value()
    text = f"{int(amount):,}" if whole else f"{amount:,.2f}"
    return "$" + text if money else text


def _value(digits: str, decimals: str | None, scale: str | None) -> Decimal:
    amount = Decimal(digits.replace(",", "") + ("." + decimals if decimals else ""))
    return amount * _SCALE[scale.lower()] if scale else amount


def _money(text: str) -> list[Decimal]:
    return [_value(m.group(1), m.group(2), m.group(3)) for m in _MONEY_RE.finditer(text)]


def _counts(text: str, need_noun: bool) -> list[Decimal]:
    out = []
    for m in _COUNT_RE.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] == "$":
            continue
        if need_noun and not _COUNT_NOUN_RE.match(text[m.end() :]):
            continue
        digits = m.group(1)
        if " " in digits:
            digits = digits.split()[0]
        out.append(_value(digits, None, m.group(2)))
    return out


def text_totals(p: Para) -> Iterator[tuple[Decimal, list[Decimal], bool]]:
    """Yield (total, parts, is money) for each "N ..., consisting of A and B" in a paragraph."""
    for sentence in _SENTENCE_END_RE.split(p.text):
        m = _CONSISTING_RE.search(sentence)
        if not m:
            continue
        head, tail = sentence[: m.start()], sentence[m.end() :]
        tail = _SUBSET_RE.split(tail, maxsplit=1)[0]  # "..., including 500,000 re-allocated shares"
        money_total, money_parts = _money(head), _money(tail)
        if money_total and len(money_parts) >= 2:
            yield money_total[-1], money_parts, True
            continue
        count_total, count_parts = _counts(head, True), _counts(tail, False)
        if count_total and len(count_parts) >= 2:
            yield count_total[-1], count_parts, False


def _first(ctx: CheckContext, ids: tuple[str, ...]) -> tuple[str, Decimal] | None:
    for fid in ids:
        value = number(ctx.facts.get(fid))
        if value is not None:
            return fid, value
    return None


def fact_totals(ctx: CheckContext) -> Iterator[tuple[str, Decimal, list[Decimal], bool]]:
    """Yield (total fact id, total, parts, is money) for each total the facts give with its parts."""
    for total_ids, list_id, fields in LIST_TOTALS:
        total = _first(ctx, total_ids)
        items = ctx.facts.get(list_id)
        if total is None or not isinstance(items, list) or not items:
            continue
        parts = []
        for item in items:
            value = None
            if isinstance(item, dict):
                value = next(
                    (number(item.get(f)) for f in fields if number(item.get(f)) is not None), None
                )
            parts.append(value)
        known = [v for v in parts if v is not None]
        if len(known) == len(parts) or sum(known, Decimal(0)) > total[1]:
            yield total[0], total[1], known, list_id != "plans"
    for total_ids, part_ids in SCALAR_TOTALS:
        total = _first(ctx, total_ids)
        parts = [number(ctx.facts.get(fid)) for fid in part_ids]
        known = [v for v in parts if v is not None]
        if total is not None and known and any(fid in ctx.facts for fid in part_ids):
            yield total[0], total[1], known, False


@rule(
    "X5-NUM-01",
    "A total equals the sum of its parts (plans, primary and secondary shares, tranches)",
    "Item 601(b)(5); SLB 19 (the securities being registered)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a total (in the facts or the text) that differs from the sum of its parts."""
    seen: set[tuple[Decimal, Decimal]] = set()
    intro = ctx.prose[0].index if ctx.prose else None
    found: list[tuple[int | None, Decimal, list[Decimal], bool]] = []
    for fid, total, parts, money in fact_totals(ctx):
        where = next((p.index for p in ctx.paras if fid in p.facts), intro)
        found.append((where, total, parts, money))
    for p in ctx.prose:
        if p.kind == "body" and ("consist" in p.low or "compris" in p.low or "of which" in p.low):
            for total, parts, money in text_totals(p):
                found.append((p.index, total, parts, money))
    for where, total, parts, money in found:
        added = sum(parts, Decimal(0))
        if added == total or (total, added) in seen:
            continue
        seen.add((total, added))
        yield r.finding(
            "error",
            where,
            counted(
                len(parts),
                DIFFERS_ONE,
                DIFFERS_MANY,
                total=_shown(total, money),
                added=_shown(added, money),
                parts=listing([_shown(v, money) for v in parts], limit=8),
            ),
            counted(
                len(parts),
                FIX_ONE,
                FIX_MANY,
                total=_shown(total, money),
                added=_shown(added, money),
            ),
        )
