"""X5-ID-01: the letter identifies the form, file number, registrant, amounts and agreements."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule
from ..context import BINDING_KINDS, FORM_RE, CheckContext, normalize

_FILE_NO_RE = re.compile(r"\b333-\d{3,7}\b|\bFile\s+No\b|\bRegistration\s+No\b|\bFile\s+Number\b", re.I)
_BEING_FILED_RE = re.compile(
    r"\bbeing\s+filed\b|\bto\s+be\s+filed\b|\bfiled\s+(?:today|herewith|concurrently|on\s+the\s+date\s+hereof)\b|"
    r"\bproposed\s+to\s+be\s+filed\b|\bon\s+the\s+date\s+hereof\b",
    re.I,
)
_AMOUNT_RE = re.compile(
    r"\$\s?\d|\b\d[\d,]*(?:\.\d+)?\s+(?:million\s+|billion\s+)?(?:shares|units|warrants|rights|certificates|notes|"
    r"depositary|ordinary|common|American)\b|\bindeterminate\s+(?:number|amount|aggregate)\b|"
    r"\b(?:aggregate|principal)\s+amount\b|\b(?:\w+\s+){0,3}(?:million|thousand|hundred)\b[^.]{0,40}\bshares\b",
    re.I,
)
_AGREEMENT_RE = re.compile(r"\b(?:Indenture|Agreement|Declaration|Deed|Certificate\s+of\s+Designations?)\b")
_TAKEDOWN_DOCS = (
    (
        "the base prospectus",
        re.compile(r"\b(?:base\s+)?prospectus(?!\s+supplement)\b[^.;]{0,80}?\bdated\b", re.I),
        "base_prospectus_date",
    ),
    (
        "the prospectus supplement",
        re.compile(r"\bprospectus\s+supplement\b[^.;]{0,80}?\bdated\b", re.I),
        "prospectus_supplement_date",
    ),
    (
        "the underwriting (or distribution) agreement",
        re.compile(
            r"\b(?:underwriting|distribution|purchase|terms|agency|sales|placement|equity\s+distribution)\s+"
            r"agreement\b[^.;]{0,80}?\bdated\b",
            re.I,
        ),
        "agreement_date",
    ),
)


def _in_text(ctx: CheckContext, value: str) -> bool:
    pattern = re.escape(normalize(value)).replace(r"\ ", r"\s+")
    text = "\n".join(p.text for p in ctx.paras)
    return bool(re.search(pattern, text, re.I))


@rule(
    "X5-ID-01",
    "The letter identifies form, file number, registrant, amounts and governing agreements",
    "basis: customary",
    customary=True,
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Warn about each identifying detail the letter leaves out."""
    intro = ctx.prose[0].index if ctx.prose else None
    text = ctx.full_text

    def warn(message: str, fix: str, where: int | None = intro) -> Finding:
        return r.finding("warning", where, message, fix)

    forms = {m.group(1).upper() for m in FORM_RE.finditer(text)}
    if not forms:
        yield warn("the letter does not name the registration form", "name it: 'Registration Statement on Form S-3'")
    elif ctx.text_fact("form") and ctx.form not in forms and not ctx.is_takedown:
        yield warn(
            "the letter does not name Form {form}, the form the facts give".format(form=ctx.form),
            "name the form as 'Form {form}'".format(form=ctx.form),
        )
    file_no = ctx.text_fact("file_number")
    if file_no and not _in_text(ctx, file_no):
        yield warn(
            "the letter does not give the file number {num}".format(num=file_no),
            "add '(File No. {num})' after the form".format(num=file_no),
        )
    elif not (_FILE_NO_RE.search(text) or (_BEING_FILED_RE.search(text) and not ctx.is_takedown)):
        yield warn(
            "the letter gives neither the file number nor says the statement is being filed today",
            "add '(File No. 333-...)' or 'being filed today with the Securities and Exchange Commission'",
        )
    name = ctx.registrant_name
    if name and not _in_text(ctx, name):
        yield warn(
            "the letter does not name the registrant, {name}".format(name=name),
            "name the registrant in the opening paragraph",
        )
    juris = ctx.jurisdiction
    if juris is None:
        yield warn(
            "the letter does not say where the registrant is organized",
            "add e.g. 'a Delaware corporation' after the registrant's name",
        )
    elif not _in_text(ctx, juris):
        yield warn(
            "the letter does not name {juris}, the registrant's jurisdiction".format(juris=juris),
            "add e.g. 'a {juris} corporation' after the registrant's name".format(juris=juris),
        )
    referenced = set().union(*(p.facts for p in ctx.paras)) if ctx.paras else set()
    for sec in ctx.securities:
        if sec.amount_fact and sec.amount_fact not in referenced:
            yield warn(
                "the letter does not state the amount or number of the {name}".format(name=sec.names[0]),
                "state how many (or how much) of the {name} are registered".format(name=sec.names[0]),
            )
    if not _AMOUNT_RE.search(text):
        yield warn(
            "the letter states no amount or number of the securities",
            "state the number of shares or the aggregate principal amount registered",
        )
    if ctx.opinion_of_kind(*BINDING_KINDS, "abs") and not _AGREEMENT_RE.search(text):
        yield warn(
            "the letter does not identify the indenture or agreement governing the securities",
            "name the governing indenture or agreement and its parties",
        )
    if ctx.is_takedown:
        for what, pattern, concept in _TAKEDOWN_DOCS:
            if not pattern.search(text) and not (ctx.fact(concept) and concept in referenced):
                yield warn(
                    "the takedown opinion does not identify {what} by date".format(what=what),
                    "identify {what} and its date".format(what=what),
                )
