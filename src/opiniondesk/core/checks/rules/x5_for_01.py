"""X5-FOR-01: a foreign registrant's opinion covers home law, explains "non-assessable", binds U.S. debt."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import jurisdictions
from ...jurisdictions import find
from ..base import Finding, Rule, rule, say
from ..context import BINDING_KINDS, BINDING_OBLIGATION_RE, NON_ASSESSABLE_RE, CheckContext
from .x5_debt_02 import local_law_only
from .x5_jur_01 import covers

EXPLAINED_RE = re.compile(
    r"non-?\s?assessable\"?\s*(?:\(|,|-)?[^.]{0,80}\b(?:means?|meaning|used\s+herein|is\s+used|refers?|"
    r"we\s+mean|I\s+mean|when\s+used)\b|\b(?:term|expression|phrase|words?)\s+\"?non-?\s?assessable",
    re.I,
)


LIMITED_AWAY = (
    "the opinion is limited to laws that leave out {laws}, the registrant's home jurisdiction"
)
NEVER_SAID = (
    "the letter never says which law its opinions are given under: no law limitation, opinion or "
    "statement of counsel's capacity names {laws}, the registrant's home jurisdiction"
)
HOME_LAW_FIX = (
    "limit the opinions to {laws} (or, without a law limitation, say that counsel act as {counsel}), "
    "or file local counsel's opinion as Exhibit 5.2"
)
_COUNSEL_NOUN = r"(?:legal\s+)?(?:counsel|advis[eo]rs|attorneys(?:-at-law)?|lawyers|solicitors)"


def _names(juris: str) -> list[str]:
    """Return the ways a letter may name a jurisdiction: "Cayman Islands", "Irish", "Singapore",
    "English" (as its counsel are called)."""
    j = find(juris)
    names = (
        {juris}
        if j is None
        else {juris, j.name, *(j.aliases), *(a for a in (j.adjective, j.counsel) if a)}
    )
    return sorted((n for n in names if len(n) > 2 and not n.isupper()), key=len, reverse=True)


def adjective(juris: str) -> str:
    """Return how counsel of a jurisdiction are called: "Cayman Islands", "Irish", "English"."""
    return jurisdictions.counsel_adjective(juris)


def formal(juris: str) -> str:
    """Return a jurisdiction as "the laws of ___" reads it: "the Cayman Islands", "Bermuda"."""
    return jurisdictions.formal(juris)


def home_counsel(ctx: CheckContext, juris: str) -> bool:
    """Return whether the letter says counsel act as counsel of the registrant's home jurisdiction:
    "as Cayman Islands counsel", "as special Bermuda counsel", "as legal counsel in the Cayman
    Islands", "as Cayman Islands legal advisers"."""
    names = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in _names(juris))
    place = rf"(?:the\s+)?(?:{names})"
    before = rf"{place}\s+{_COUNSEL_NOUN}"  # "Cayman Islands counsel"
    after = rf"{_COUNSEL_NOUN}\s+(?:in|(?:as\s+to|on)\s+the\s+laws?\s+of)\s+{place}"
    pattern = re.compile(
        rf"\bas\s+(?:your\s+|the\s+)?(?:special\s+|local\s+)?(?:{before}|{after})\b", re.I
    )
    return any(pattern.search(p.text) for p in ctx.prose if p.kind != "opinion")


@rule(
    "X5-FOR-01",
    "Foreign registrants: home law, 'non-assessable' explained, U.S.-law debt binding",
    "SLB 19 (foreign registrants)",
)
def check(r: Rule, ctx: CheckContext) -> Iterator[Finding]:
    """Report a foreign registrant's opinion that misses home law, the explanation or the binding opinion."""
    if not ctx.is_foreign:
        return
    juris = ctx.jurisdiction
    where = ctx.opinion_intro.index if ctx.opinion_intro else None
    if juris and not ctx.has_local_counsel:
        in_opinions = any(
            re.search(r"\b" + re.escape(juris), p.text, re.I) for p in ctx.opinion_paras
        )
        # With no law limitation, an opinion paragraph or counsel's stated capacity ("Cayman
        # Islands counsel") still says which law the letter speaks under.
        said = not ctx.law_limits and (in_opinions or home_counsel(ctx, juris))
        if not (covers(ctx, juris) or said):
            laws = say("the laws of {place}", place=formal(juris))
            yield r.finding(
                "error",
                ctx.law_limits[0][0].index if ctx.law_limits else where,
                say(LIMITED_AWAY if ctx.law_limits else NEVER_SAID, laws=laws),
                say(
                    HOME_LAW_FIX,
                    laws=laws,
                    counsel=say("{adjective} counsel", adjective=adjective(juris)),
                ),
            )
    equity = [
        p
        for p in ctx.opinion_of_kind("equity", "interests")
        if NON_ASSESSABLE_RE.search(p.text, p.low)
    ]
    if equity and not EXPLAINED_RE.search(ctx.full_text):
        yield r.finding(
            "warning",
            equity[0].index,
            "'non-assessable' is used for a foreign registrant's shares without saying what it means "
            "under the law of {juris}".format(juris=juris or "its home jurisdiction"),
            "explain the term (e.g. 'no further sums are payable to the Company by the holder in "
            "respect of the shares')",
        )
    debt = ctx.opinion_of_kind(*BINDING_KINDS)
    if (
        debt
        and not any(BINDING_OBLIGATION_RE.search(p.text, p.low) for p in debt)
        and not local_law_only(ctx)
    ):
        yield r.finding(
            "error",
            debt[0].index,
            "the foreign registrant's debt has no binding-obligation opinion under the governing "
            "(U.S.) law",
            "have U.S. counsel opine that the debt securities are binding obligations under New York "
            "(or other governing) law",
        )
