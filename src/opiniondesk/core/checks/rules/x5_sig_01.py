"""X5-SIG-01: a final copy is signed ("/s/ Name" on the filing copy) and has nothing left unfilled."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Letter, Placeholder
from ..base import Finding, Rule, counted, listing, rule, say
from ..context import CheckContext, normalize

MISSING_ONE = "{count} fact is still missing: {labels}"
MISSING_MANY = "{count} facts are still missing: {labels}"
INVALID_ONE = "{count} fact has an invalid value: {labels}"
INVALID_MANY = "{count} facts have invalid values: {labels}"
INVALID_ITEM = "{label} ({problem})"
ITEM_LABEL = "{label}, item {num}: {field}"
DATE_LABEL = "Date of letter"
_BLANK_RE = re.compile(r"\[[^\]]{0,80}\]|_{3,}|\u25cf|\u2022")


def _literal_text(block_inlines: tuple) -> str:
    return "".join(i.text for i in block_inlines if not isinstance(i, Placeholder))


def _first_block(letter: Letter, shown: list[Placeholder]) -> int | None:
    """Return the index of the first paragraph showing one of the placeholders."""
    facts = {p.fact for p in shown}
    for b in letter.blocks:
        if any(isinstance(i, Placeholder) and i.fact in facts for i in b.inlines):
            return b.index
    return None


def _label(ctx: CheckContext, fact_id: str, shown: dict[str, Placeholder]) -> str:
    """Return the label counsel knows a fact by: its placeholder's, its schema's, else its id."""
    if fact_id in shown:
        return shown[fact_id].label
    if fact_id == "letter_date":
        return DATE_LABEL
    schema = ctx.template.schema if ctx.template is not None else None
    parts = fact_id.split(".")
    spec = schema.get(parts[0]) if schema is not None else None
    if spec is None:
        return fact_id
    if len(parts) == 3 and parts[1].isdigit():
        sub = spec.field_spec(parts[2])
        return say(
            ITEM_LABEL,
            label=spec.label,
            num=int(parts[1]) + 1,
            field=sub.label if sub else parts[2],
        )
    return spec.label


@rule(
    "X5-SIG-01",
    "The filing copy carries a conformed signature; nothing is left unfilled in a final copy",
    "SLB 19 (signed opinions); Reg S-T 302",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report an unsigned final copy, a missing conformed name, or unfilled text."""
    letter = ctx.letter
    final = letter.copy in ("filing", "signed")
    severity = "error" if final else "warning"
    sig = next((b for b in letter.blocks if b.kind == "signature"), None)
    if sig is None:
        yield r.finding(
            "error",
            None,
            "the letter has no signature",
            "add a signature block (the conformed '/s/ Name' on the filing copy)",
        )
    elif letter.copy == "filing" and not re.match(r"^/s/\s+\S", normalize(sig.text)):
        yield r.finding(
            "error",
            sig.index,
            "the filing copy does not carry a conformed signature '/s/ Name'",
            "render the filing copy with the signer's conformed name",
        )
    elif not letter.signature.conformed or _BLANK_RE.search(letter.signature.conformed):
        yield r.finding(
            severity,
            sig.index,
            "the letter has no conformed signature name",
            "choose who signs the letter (name or firm name)",
        )
    placeholders = letter.placeholders()
    missing = [p for p in placeholders if p.fact not in ctx.invalid]
    if missing:
        yield r.finding(
            severity,
            _first_block(letter, missing),
            counted(
                len(missing), MISSING_ONE, MISSING_MANY, labels=listing([p.label for p in missing])
            ),
            "fill the missing facts; a filing or signed copy cannot be made until they are",
        )
    if ctx.invalid:
        shown = {p.fact: p for p in placeholders if p.fact in ctx.invalid}
        labels = [
            say(INVALID_ITEM, label=_label(ctx, fid, shown), problem=problem)
            for fid, problem in ctx.invalid.items()
        ]
        yield r.finding(
            severity,
            _first_block(letter, list(shown.values())),
            counted(len(labels), INVALID_ONE, INVALID_MANY, labels=listing(labels)),
            "correct the invalid values; a filing or signed copy cannot be made until they are",
        )
    for b in letter.blocks:
        text = _literal_text(b.inlines)
        m = any(c in text for c in "[_\u25cf\u2022") and _BLANK_RE.search(text)
        if m:
            yield r.finding(
                severity,
                b.index,
                say("the blank '{phrase}' is still in the text", phrase=m.group(0)),
                "replace the bracketed or blank text before filing",
            )
