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
DATE_LABEL = "Date of letter"
_BLANK_RE = re.compile(r"\[[^\]]{0,80}\]|_{3,}|\u25cf|\u2022")


def _literal_text(block_inlines: tuple) -> str:
    return "".join(i.text for i in block_inlines if not isinstance(i, Placeholder))


def _first_block(letter: Letter, gaps: list[tuple[str, str]]) -> int | None:
    """Return the index of the first paragraph showing one of the gaps (its placeholder, or its
    "[Label]" turned into plain words), else of the signature when a signer's field is among them."""
    facts = {fact for fact, _label in gaps}
    texts = [f"[{label}]" for _fact, label in gaps]
    for b in letter.blocks:
        if any(isinstance(i, Placeholder) and i.fact in facts for i in b.inlines):
            return b.index
        if "[" in b.text and any(t in b.text for t in texts):
            return b.index
    if any(fact.startswith("signer.") for fact in facts):
        return next((b.index for b in letter.blocks if b.kind == "signature"), None)
    return None


def _label(ctx: CheckContext, fact_id: str, known: dict[str, str]) -> str:
    """Return the label counsel knows a fact by: its gap's, its schema's, else its id."""
    if fact_id in known:
        return known[fact_id]
    if fact_id == "letter_date":
        return DATE_LABEL
    schema = ctx.template.schema if ctx.template is not None else None
    return (schema.label_of(fact_id) if schema is not None else None) or fact_id


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
    # What a final copy is refused for, counted as the window's status bar counts it.
    gaps = ctx.final_copy_gaps()
    gap_ids = {fact for fact, _label in gaps}
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
    elif "signer.conformed" not in gap_ids and (
        not letter.signature.conformed or _BLANK_RE.search(letter.signature.conformed)
    ):
        yield r.finding(
            severity,
            sig.index,
            "the letter has no conformed signature name",
            "choose who signs the letter (name or firm name)",
        )
    missing = [(fact, label) for fact, label in gaps if fact not in ctx.invalid]
    if missing:
        yield r.finding(
            severity,
            _first_block(letter, missing),
            counted(
                len(missing),
                MISSING_ONE,
                MISSING_MANY,
                labels=listing([label for _fact, label in missing]),
            ),
            "fill the missing facts; a filing or signed copy cannot be made until they are",
        )
    if ctx.invalid:
        known = dict(gaps)
        labels = [
            say(INVALID_ITEM, label=_label(ctx, fid, known), problem=problem)
            for fid, problem in ctx.invalid.items()
        ]
        refused = [(fid, known[fid]) for fid in ctx.invalid if fid in known]
        yield r.finding(
            severity,
            _first_block(letter, refused),
            counted(len(labels), INVALID_ONE, INVALID_MANY, labels=listing(labels)),
            "correct the invalid values; a filing or signed copy cannot be made until they are",
        )
    # A gap's "[Label]" that a template joined into plain words is counted above, not again here.
    counted_blanks = {f"[{label}]" for _fact, label in gaps}
    for b in letter.blocks:
        text = _literal_text(b.inlines)
        if not any(c in text for c in "[_\u25cf\u2022"):
            continue
        blank = next(
            (m.group(0) for m in _BLANK_RE.finditer(text) if m.group(0) not in counted_blanks),
            None,
        )
        if blank:
            yield r.finding(
                severity,
                b.index,
                say("the blank '{phrase}' is still in the text", phrase=blank),
                "replace the bracketed or blank text before filing",
            )
