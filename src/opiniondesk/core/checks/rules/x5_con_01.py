"""X5-CON-01: counsel consents to the exhibit filing and to being named under the prospectus caption."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import CheckContext

_EXHIBIT_RE = re.compile(r"\bexhibit\b", re.I)
_FILING_RE = re.compile(
    r"\bRegistration\s+Statement\b|\bForm\s+8-K\b|\bCurrent\s+Report\b|\bpost-effective\s+amendment\b",
    re.I,
)
_CAPTION_RE = re.compile(r"\b(?:heading|caption)s?\s+(?:entitled\s+)?\"([^\"]+)\"", re.I)
_NAMED_RE = re.compile(r"\b(?:heading|caption)s?\b", re.I)
_S8_ITEM5_RE = re.compile(
    r"\bItem\s+5\b|\bInterests\s+of\s+Named\s+Experts\s+and\s+Counsel\b", re.I
)


def _caption_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:").strip()


@rule(
    "X5-CON-01",
    "A consent to the exhibit filing and to being named under the prospectus caption",
    "Rule 436; SLB 19 (consents)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a missing consent, one that leaves out a part, or a caption that differs from the facts."""
    consents = [(p, s) for p, s in ctx.consent_sentences if re.search(r"consent", s, re.I)]
    if not consents:
        closing = ctx.first("closing")
        yield r.finding(
            "error",
            closing.index if closing else None,
            "the letter has no consent to its filing and to counsel being named in the prospectus",
            "add: 'We hereby consent to the filing of this opinion as an exhibit to the Registration "
            'Statement and to the reference to us under the caption "Legal Matters" in the prospectus\'',
        )
        return
    para = consents[0][0]
    text = " ".join(s for _, s in consents)
    if not (_EXHIBIT_RE.search(text) and _FILING_RE.search(text)):
        yield r.finding(
            "error",
            para.index,
            "the consent does not cover filing the opinion as an exhibit to the registration "
            "statement (or the named Form 8-K)",
            "consent 'to the filing of this opinion as an exhibit to the Registration Statement'",
        )
    is_s8 = (ctx.form or "").upper() == "S-8"
    caption_fact = ctx.text_fact("prospectus_caption")
    captions = [_caption_key(m.group(1)) for m in _CAPTION_RE.finditer(text)]
    if not _NAMED_RE.search(text):
        if is_s8:
            if not _S8_ITEM5_RE.search(text):
                yield r.finding(
                    "info",
                    para.index,
                    "the Form S-8 consent covers the exhibit filing only",
                    "if the registration statement names counsel (Item 5), extend the consent to that "
                    "reference",
                )
            return
        yield r.finding(
            "error",
            para.index,
            "the consent does not cover counsel being named under the prospectus caption",
            "consent 'to the reference to us under the caption \"{caption}\" in the prospectus'".format(
                caption=caption_fact or "Legal Matters"
            ),
        )
        return
    if caption_fact and captions and _caption_key(caption_fact) not in captions:
        yield r.finding(
            "error",
            para.index,
            say(
                'the consent names the caption "{said}" but the prospectus caption is "{caption}"',
                said=captions[0],
                caption=_caption_key(caption_fact),
            ),
            say(
                'use the prospectus caption exactly: "{caption}"',
                caption=_caption_key(caption_fact),
            ),
        )
