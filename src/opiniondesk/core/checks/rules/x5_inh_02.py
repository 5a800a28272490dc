"""X5-INH-02: the voice follows who signs: "we" in a letter signed in a firm's name, "I" in one
signed by an individual in-house lawyer.

Who signs is who gives the opinion. A letter signed "Smith & Jones LLP" that says "I have
examined" (or an in-house lawyer's letter that says "we") misstates the opinion giver.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext, normalize
from .x5_inh_01 import in_house

_FIRM_NAME_RE = re.compile(
    r"\bL\.?L\.?P\.?\b|\bLLC\b|\bP\.?C\.|\bP\.A\.|\bPLLC\b|&|\bLaw\s+(?:Firm|Offices?|Group)\b|"
    r"\bAttorneys\b|\bSolicitors\b|\bAdvocates\b|\bLimited\s+Liability\s+Partnership\b",
    re.I,
)
_PERSON_RE = re.compile(
    r"^[A-Z][a-z'.-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'.-]+)){1,3}(?:,\s+(?:Jr|Sr|III|II)\.?)?$"
)
VOICE = {"firm": "we", "individual": "I"}
SPOKEN = {"we": "'we/our'", "I": "'I/my'"}


def signature_style(ctx: CheckContext) -> tuple[str, str] | None:
    """Return how the letter is signed ("firm" or "individual") and the name signed, or None."""
    signer = ctx.signer
    name = normalize(
        str(signer.get("conformed") or signer.get("name") or ctx.letter.signature.conformed or "")
    )
    style = str(signer.get("signature_style") or "").lower()
    if style in VOICE:
        return style, name
    if not name:
        return None
    if _FIRM_NAME_RE.search(name):
        return "firm", name
    if _PERSON_RE.match(name) or signer.get("title"):
        return "individual", name
    return None


@rule(
    "X5-INH-02",
    "The voice follows the signature: 'we' for a firm, 'I' for an individual",
    "SLB 19 (signed opinions); ABA 2013",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report paragraphs that speak in the other voice from the one the signature calls for."""
    signed = signature_style(ctx)
    if signed is None:
        return
    style, name = signed
    if style == "individual" and not (ctx.facts.get("counsel_type") == "in_house" or in_house(ctx)):
        return  # a lawyer of a firm signing in their own name may speak for the firm
    wanted = VOICE[style]
    other = "I" if wanted == "we" else "we"
    wrong = ctx.voices[other]
    if not wrong:
        return
    yield r.finding(
        "error",
        wrong[0].index,
        say(
            "the letter is signed by {who} but speaks as {spoken} (in {count})",
            who=say("the firm {name}", name=name) if style == "firm" else name or "an individual",
            spoken=SPOKEN[other],
            count=say("{n} paragraph", n=1)
            if len(wrong) == 1
            else say("{n} paragraphs", n=len(wrong)),
        ),
        say(
            "write {wanted} throughout, or have {signer} sign",
            wanted=SPOKEN[wanted],
            signer="the firm" if other == "we" else "an individual lawyer",
        ),
    )
