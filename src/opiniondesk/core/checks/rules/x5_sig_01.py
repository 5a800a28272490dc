"""X5-SIG-01: a final copy is signed ("/s/ Name" on the filing copy) and has nothing left unfilled."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Placeholder
from ..base import Finding, Rule, rule, say
from ..context import CheckContext, normalize

_BLANK_RE = re.compile(r"\[[^\]]{0,80}\]|_{3,}|\u25cf|\u2022")


def _literal_text(block_inlines: tuple) -> str:
    return "".join(i.text for i in block_inlines if not isinstance(i, Placeholder))


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
    missing = letter.placeholders()
    if missing:
        block = next(
            (b.index for b in letter.blocks if any(isinstance(i, Placeholder) for i in b.inlines)),
            None,
        )
        yield r.finding(
            severity,
            block,
            "{count} fact(s) are still unfilled: {labels}".format(
                count=len(missing), labels=", ".join(p.label for p in missing[:5])
            ),
            "fill the missing facts; a filing or signed copy cannot be made until they are",
        )
    for b in letter.blocks:
        text = _literal_text(b.inlines)
        m = any(c in text for c in "[_\u25cf\u2022") and _BLANK_RE.search(text)
        if m:
            yield r.finding(
                severity,
                b.index,
                say(
                    "paragraph {num} still holds the blank '{phrase}'",
                    num=b.index + 1,
                    phrase=m.group(0),
                ),
                "replace the bracketed or blank text before filing",
            )
