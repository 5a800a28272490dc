"""X5-ID-01: the letter identifies the form, file number, registrant, amounts and agreements."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base import Finding, Rule, rule, say
from ..context import BINDING_KINDS, FORM_RE, CheckContext, Rx, normalize

_FILE_NO_RE = Rx(
    r"\b333-\d{3,7}\b|\bFile\s+No\b|\bRegistration\s+No\b|\bFile\s+Number\b",
    "333-",
    "file no",
    "registration no",
    "file number",
)
_BEING_FILED_RE = Rx(
    r"\bbeing\s+filed\b|\bto\s+be\s+filed\b|\bfiled\s+(?:today|herewith|concurrently|on\s+the\s+date\s+hereof)\b|"
    r"\bproposed\s+to\s+be\s+filed\b|\bon\s+the\s+date\s+hereof\b",
    "filed",
    "date hereof",
)
_DOLLAR_RE = re.compile(r"\$\s?\d")
_NUMBER_OF_RE = re.compile(
    # "2,000,000 outstanding shares", "5 million newly issued shares": a word or two may come between
    r"\d[\d,]*(?:\.\d+)?\s+(?:million\s+|billion\s+)?(?:[a-z][a-z-]*\s+){0,2}(?:shares|units|warrants|"
    r"rights|certificates|notes|depositary|ordinary|common|American)\b",
    re.I,
)
_AMOUNT_WORDS_RE = Rx(
    r"\bindeterminate\s+(?:number|amount|aggregate)\b|\b(?:aggregate|principal)\s+amount\b|"
    r"\b(?:million|thousand|hundred)\b[^.]{0,40}\bshares\b",
    "indeterminate",
    "amount",
    "million",
    "thousand",
    "hundred",
)
_PAR_VALUE_RE = re.compile(
    r"\bpar\s+value\s+(?:of\s+)?(?:US)?\$\s?[\d.,]+(?:\s+per\s+share)?", re.I
)
_AGREEMENT_RE = Rx(
    r"\b(?:indentures?|agreements?|declaration|deed|certificate\s+of\s+designations?)\b",
    "indenture",
    "agreement",
    "declaration",
    "deed",
    "designation",
)
_TAKEDOWN_DOCS = (
    (
        "the base prospectus",
        Rx(r"\b(?:base\s+)?prospectus(?!\s+supplement)\b[^.;]{0,80}?\bdated\b", "dated"),
        "base_prospectus_date",
    ),
    (
        "the prospectus supplement",
        Rx(r"\bprospectus\s+supplement\b[^.;]{0,80}?\bdated\b", "dated"),
        "prospectus_supplement_date",
    ),
    (
        "the underwriting (or distribution) agreement",
        Rx(
            r"\b(?:underwriting|distribution|purchase|terms|agency|sales|placement|equity\s+distribution)\s+"
            r"agreement\b[^.;]{0,80}?\bdated\b",
            "dated",
        ),
        "agreement_date",
    ),
)


_NO_AGREEMENT = "none"  # the notes takedown's sale_by: sold with no underwriting agreement


def has_amount(text: str) -> bool:
    """Return whether the text states an amount or number of securities (par values aside)."""
    text = _PAR_VALUE_RE.sub(" ", text) if "par value" in text.lower() else text
    return bool(
        _DOLLAR_RE.search(text) or _AMOUNT_WORDS_RE.search(text) or _NUMBER_OF_RE.search(text)
    )


def _in_text(ctx: CheckContext, value: str) -> bool:
    needle = normalize(value).lower()
    return any(needle in p.low for p in ctx.paras)


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

    low = ctx.full_low
    forms = {m.group(1).upper() for m in FORM_RE.finditer(text, low)}
    referenced = set().union(*(p.facts for p in ctx.paras)) if ctx.paras else set()
    if not forms and "form" not in referenced:  # a placeholder for the form is X5-SIG-01's
        yield warn(
            "the letter does not name the registration form",
            say("name it: 'Registration Statement on Form {form}'", form=ctx.form or "S-3"),
        )
    elif ctx.text_fact("form") and ctx.form not in forms and not ctx.is_takedown:
        yield warn(
            say("the letter does not name Form {form}, the form the facts give", form=ctx.form),
            say("name the form as 'Form {form}'", form=ctx.form),
        )
    file_no = ctx.text_fact("file_number")
    if file_no and not _in_text(ctx, file_no):
        yield warn(
            say("the letter does not give the file number {file_no}", file_no=file_no),
            say("add '(File No. {file_no})' after the form", file_no=file_no),
        )
    elif not (
        _FILE_NO_RE.search(text, low) or (_BEING_FILED_RE.search(text, low) and not ctx.is_takedown)
    ):
        yield warn(
            "the letter gives neither the file number nor says the statement is being filed today",
            "add '(File No. 333-...)' or 'being filed today with the Securities and Exchange Commission'",
        )
    name = ctx.registrant_name
    if name and not _in_text(ctx, name):
        yield warn(
            say("the letter does not name the registrant, {name}", name=name),
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
            say("the letter does not name {juris}, the registrant's jurisdiction", juris=juris),
            say("add e.g. 'a {juris} corporation' after the registrant's name", juris=juris),
        )
    for sec in ctx.securities:
        if sec.amount_fact and sec.amount_fact not in referenced:
            yield warn(
                say(
                    "the letter does not state the amount or number of the {name}",
                    name=sec.names[0],
                ),
                say("state the number or amount of the {name} registered", name=sec.names[0]),
            )
    if not has_amount(text) and not any(p.has_placeholder for p in ctx.prose):
        yield warn(
            "the letter states no amount or number of the securities",
            "state the number of shares or the aggregate principal amount registered",
        )
    if ctx.opinion_of_kind(*BINDING_KINDS, "abs") and not _AGREEMENT_RE.search(text, low):
        yield warn(
            "the letter does not identify the indenture or agreement governing the securities",
            "name the governing indenture or agreement and its parties",
        )
    if ctx.is_takedown:
        for what, pattern, concept in _TAKEDOWN_DOCS:
            if concept == "agreement_date" and ctx.facts.get("sale_by") == _NO_AGREEMENT:
                continue  # sold with no underwriting agreement, as the supplement describes
            if not pattern.search(text, low) and not (ctx.fact(concept) and concept in referenced):
                yield warn(
                    say("the takedown opinion does not identify {what} by date", what=what),
                    say("identify {what} and its date", what=what),
                )
