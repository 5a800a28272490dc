"""X5-DEBT-02: the law limitation covers the law that governs the indenture or instrument."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import conventions as conv
from ..base import Finding, Rule, rule, say
from ..context import BINDING_KINDS, BINDING_OBLIGATION_RE, CheckContext, Rx, normalize
from .x5_jur_01 import covers

_GOVERNED_RE = Rx(
    r"\bgoverned\s+by\s+(?:and\s+construed\s+in\s+accordance\s+with\s+)?(?:the\s+)?(?:internal\s+)?"
    r"laws?\s+of\s+(?:the\s+)?(?:State\s+of\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)",
    "governed",
    flags=0,
)
_GENERAL_LAW_RE = re.compile(
    r"\blaws?\s+of\s+(?:the\s+)?(?:State|Commonwealth)\s+of\s+|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+law\b|"
    r"\blaws\s+of\s+(?!the\s+United\s+States)[A-Z]"
)


_OTHER_COUNSEL_RE = re.compile(
    r"\bopinion\s+of\s+(?!the\s+undersigned|us\b|me\b)[A-Z]|\bExhibit\s+(5\.\d+)|"
    r"\b(?:other|separate)\s+(?:legal\s+)?counsel\b|"
    r"\b(?:is|are|has\s+been|have\s+been|will\s+be)\s+(?:covered|addressed|given|rendered|delivered|opined\s+upon)"
    r"\b[^.;]{0,80}\bby\s+[A-Z]|"
    r"\b(?:has|have|will)\s+(?:delivered|rendered|given|filed)\s+(?:its|an?|their|a\s+separate)\s+opinion\b",
)


def governing_law(ctx: CheckContext) -> str | None:
    """Return the state whose law governs the instruments: the fact counsel stated, else the
    "governed by ..." text (a template's default that the letter never uses is no statement)."""
    value = ctx.asserted("governing_law")
    if isinstance(value, str) and value.strip():
        return re.sub(
            r"^(?:the\s+)?(?:State|Commonwealth)\s+of\s+", "", normalize(value), flags=re.I
        )
    m = ctx.search_all(_GOVERNED_RE)
    return m.group(1) if m else None


def _own_exhibit(ctx: CheckContext) -> str | None:
    value = ctx.facts.get("exhibit_number")
    if isinstance(value, str) and value.strip():
        return value.strip()
    head = ctx.first("exhibit")
    m = re.search(r"\b(\d+\.\d+)\b", head.text) if head else None
    return m.group(1) if m else None


def other_counsel_covers(ctx: CheckContext, law: str | None) -> bool:
    """Return whether the letter names other counsel whose opinion covers the governing law.

    A local-law-only opinion (foreign or local counsel opining on their own law) leaves the law
    of the debt to other counsel; it says so, naming them or their exhibit: "as to the laws of
    the State of New York, we refer to the opinion of Davis Polk & Wardwell LLP, filed as
    Exhibit 5.1".
    """
    counsel = ctx.text_fact("governing_law_counsel")
    if counsel:
        fid = conv.fact_id(ctx.facts, "governing_law_counsel")
        if any(fid in p.facts for p in ctx.paras) or counsel.lower() in ctx.full_low:
            return True
    state = re.escape(law).replace(r"\ ", r"\s+") if law else r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
    law_re = re.compile(
        r"\blaws?\s+of\s+(?:the\s+)?(?:State\s+of\s+)?" + state + r"\b|\b" + state + r"\s+law\b"
    )
    own = _own_exhibit(ctx)
    for p in ctx.prose:
        if p.kind == "opinion" or ("counsel" not in p.low and "opinion" not in p.low):
            continue
        for sentence in ctx.sentences(p):
            if not law_re.search(sentence):
                continue
            for m in _OTHER_COUNSEL_RE.finditer(sentence):
                if m.group(1) is None or m.group(1) != own:
                    return True
    return False


def local_law_only(ctx: CheckContext) -> bool:
    """Return whether the letter is a local-law-only opinion: it leaves the law governing the
    instruments to other counsel, whom it names (so it need not call them binding obligations)."""
    return bool(ctx.memo("local_law_only", lambda: other_counsel_covers(ctx, governing_law(ctx))))


# the local-law form of an opinion on an obligation: "will have been duly authorized, executed
# and delivered by the Company", or, its authorization stated already, "... will have been duly
# executed, issued and delivered by the Company"
AUTHORIZED_BY_RE = re.compile(
    r"\b(?:will\s+have\s+been|have\s+been|has\s+been|are|is|will\s+be)\s+(?:duly\s+)?(?:authori[sz]ed,?\s+)?"
    r"executed,?\s+(?:issued\s+)?and\s+delivered\s+by\s+(?:the\s+|such\s+|each\s+|any\s+)?([A-Z][\w.&-]*)"
)


@rule(
    "X5-DEBT-02",
    "The law limitation includes the law governing the indenture or instrument",
    "SLB 19 (debt securities)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a binding-obligation opinion whose law limitation leaves out the governing law and
    names no other counsel covering it."""
    binding = [
        p
        for p in ctx.opinion_of_kind(*BINDING_KINDS)
        if BINDING_OBLIGATION_RE.search(p.text, p.low)
    ]
    if not binding or not ctx.law_limits:
        return
    para = ctx.law_limits[0][0]
    law = governing_law(ctx)
    if law:
        if covers(ctx, law) or other_counsel_covers(ctx, law):
            return
        counsel = ctx.text_fact("governing_law_counsel")
        yield r.finding(
            "error",
            para.index,
            say(
                "the opinion is limited to laws that leave out the law of {law}, which governs the "
                "instruments it calls binding obligations",
                law=law,
            ),
            say(
                "name {counsel}, whose opinion covers the law of {law}, in the letter",
                counsel=counsel,
                law=law,
            )
            if counsel
            else say(
                "add 'the laws of the State of {law}' to the law limitation, or name the counsel "
                "whose opinion (filed as an exhibit) covers it",
                law=law,
            ),
        )
        return
    positive = " ".join(s for _, s in ctx.law_limits)
    if not _GENERAL_LAW_RE.search(
        re.sub(r"General\s+Corporation\s+Law\s+of\s+the\s+State\s+of\s+\w+", "", positive)
    ) and not other_counsel_covers(ctx, None):
        yield r.finding(
            "error",
            para.index,
            "the binding-obligation opinion is limited to laws that do not include the law governing "
            "the instruments",
            "add the governing law (often 'the laws of the State of New York') to the law limitation",
        )
