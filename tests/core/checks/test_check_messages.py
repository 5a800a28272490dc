"""The findings' wording: a name, a list or a count and the words that follow it agree in number."""

import re

import pytest
from check_letters import (
    EQUITY,
    EQUITY_FACTS,
    LOCAL_LAW_FACTS,
    LOCAL_LAW_NOTES,
    LOCAL_LAW_SIGNER,
    NOTES,
    NOTES_FACTS,
    SHELF,
    SHELF_FACTS,
    check,
    in_house_equity,
    of_rule,
    securities_except,
    variant,
    without_opinion,
)

from opiniondesk.core.checks.base import agreeing, is_plural

IN_HOUSE = {"name": "Jane Roe", "title": "General Counsel", "employer": "Acme Group Services"}


@pytest.mark.parametrize(
    ("name", "plural"),
    [
        ("Guarantee", False),
        ("Guarantees", True),
        ("guarantees", True),
        ("Common Stock", False),
        ("preferred stock", False),
        ("Preferred Stock, Series A", False),
        ("Series A Preferred Stock", False),
        ("debt securities", True),
        ("Depositary Shares", True),
        ("ADSs", True),
        ("Notes due 2035", True),
        ("5.25% Senior Notes due 2035", True),
        ("Guarantee of the Notes", False),
        ("shares of Common Stock", True),
        ("Common Shares of Beneficial Interest", True),
        ("Warrant Shares", True),
        ("title", False),
        ("title and employer", True),
        ("Class A Common Stock", False),
        ("Series", False),
    ],
)
def test_a_name_reads_as_singular_or_plural_by_its_head_word(name, plural):
    """Ensure a security's name is told singular or plural by its head word, so messages agree."""
    assert is_plural(name) is plural
    assert agreeing(name, "one {n}", "many {n}", n=name) == ("many " if plural else "one ") + name


NO_DEBT = without_opinion(
    without_opinion(SHELF, "When the Indenture has been"), "When a unit agreement"
)
NO_PREFERRED = without_opinion(SHELF, "When a series of Preferred Stock")


@pytest.mark.parametrize(
    ("markup", "facts", "message", "fix"),
    [
        # the name read from the text: "the Guarantee of any Debt Securities"
        (
            NO_DEBT,
            {},
            "the Guarantee depends on debt securities, but no opinion paragraph covers the debt "
            "securities",
            "register the debt securities too and add an opinion paragraph on them (the Guarantee "
            "cannot be opined on alone)",
        ),
        (
            NO_DEBT,
            securities_except(SHELF_FACTS, "debt_securities", "units"),
            "the guarantees depend on debt securities, but no opinion paragraph covers the debt "
            "securities",
            "register the debt securities too and add an opinion paragraph on them (the guarantees "
            "cannot be opined on alone)",
        ),
        (
            NO_PREFERRED,
            securities_except(SHELF_FACTS, "preferred_stock"),
            "the depositary shares depend on preferred stock, but no opinion paragraph covers the "
            "preferred stock",
            "register the preferred stock too and add an opinion paragraph on it (the depositary "
            "shares cannot be opined on alone)",
        ),
    ],
)
def test_cov01_dependent_messages_agree_with_their_names(markup, facts, message, fix):
    """Ensure X5-COV-01 says "the Guarantee depends" and "the guarantees depend", and "on it" for
    preferred stock, "on them" for debt securities (Item 601(b)(5); SLB 19)."""
    _, findings = check(markup, facts)
    found = [f for f in of_rule(findings, "X5-COV-01") if "depend" in f.message]
    assert [(f.message, f.fix) for f in found] == [(message, fix)]


@pytest.mark.parametrize(
    ("term", "fix"),
    [
        ("Common Stock", "state the number or amount of the Common Stock registered"),
        ("Notes", "state the number or amount of the Notes registered"),
    ],
)
def test_id01_amount_fix_reads_for_a_singular_or_plural_class(term, fix):
    """Ensure X5-ID-01 asks for the amount of "the Common Stock" and of "the Notes" in words that
    fit both (never "how many of the Common Stock are registered")."""
    facts = {**EQUITY_FACTS, "securities": [{"term": term, "amount": 5000000}]}
    _, findings = check(EQUITY, facts)
    found = [f for f in of_rule(findings, "X5-ID-01") if "amount or number" in f.message]
    assert [f.fix for f in found] == [fix]


def _in_house_letter(signer_lines):
    markup = in_house_equity(signer_lines)
    return check(markup, EQUITY_FACTS, signer=IN_HOUSE)[1]


@pytest.mark.parametrize(
    ("signer_lines", "message"),
    [
        (
            "<line>Jane Roe</line><line>Acme Group Services</line>",
            "the in-house signer's title is not stated in the letter",
        ),
        ("Jane Roe", "the in-house signer's title and employer are not stated in the letter"),
    ],
)
def test_inh01_says_is_for_one_missing_detail_and_are_for_two(signer_lines, message):
    """Ensure X5-INH-01 says "title is not stated" but "title and employer are not stated" (ABA
    2013)."""
    found = of_rule(_in_house_letter(signer_lines), "X5-INH-01")
    assert [f.message for f in found] == [message]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"primary_shares": 5000000},
            "the total, 7,000,000, differs from its only part, 5,000,000",
        ),
        (
            {"primary_shares": 5000000, "secondary_shares": 2500000},
            "the total, 7,000,000, differs from the sum of its parts, 7,500,000 (5,000,000 and "
            "2,500,000)",
        ),
    ],
)
def test_num01_speaks_of_one_part_or_of_the_sum_of_several(parts, message):
    """Ensure X5-NUM-01 does not call one figure "the sum of its parts" (Item 601(b)(5); SLB 19)."""
    _, findings = check(EQUITY, {**EQUITY_FACTS, "total_shares": 7000000, **parts})
    assert [f.message for f in of_rule(findings, "X5-NUM-01")] == [message]


BLANKET = (
    "other than the Company and the Guarantor, has or will have the power, authority and legal right to enter "
    "into and perform them.",
    "other than the Company, has or will have the power, authority and legal right to enter into and perform "
    "them.",
)
SECOND_GUARANTOR = {
    "name": "Acme Finance Corp.",
    "jurisdiction": "Delaware",
    "entity": "corporation",
}


@pytest.mark.parametrize(
    ("guarantors", "words", "fix"),
    [
        (
            SHELF_FACTS["guarantors"],
            "the guarantor is a co-registrant, and its power and authorization are part of the opinion",
            "leave the guarantor out of the assumption ('other than the Company and the Guarantor') and "
            "opine that the guarantee has been duly authorized by the guarantor",
        ),
        (
            SHELF_FACTS["guarantors"] + [SECOND_GUARANTOR],
            "the guarantors are co-registrants, and their power and authorization are part of the "
            "opinion",
            "leave the guarantors out of the assumption ('other than the Company and the Guarantors') "
            "and opine that each guarantee has been duly authorized by its guarantor",
        ),
    ],
)
def test_gty01_speaks_of_one_guarantor_or_of_several(guarantors, words, fix):
    """Ensure X5-GTY-01 speaks of "the guarantor" when the facts name one and "the guarantors" when
    they name several (SLB 19 (assumptions; guarantees))."""
    _, findings = check(variant(SHELF, BLANKET), {**SHELF_FACTS, "guarantors": guarantors})
    found = of_rule(findings, "X5-GTY-01")
    assert len(found) == 1 and words in found[0].message and found[0].fix == fix
    assert ("guarantor's power" in found[0].message) is (len(guarantors) == 1)


# "the Guarantee depends", "the Notes are": a name the message gives, then a verb that agrees.
_NAME_VERB_RE = re.compile(
    r"\bthe ((?:[A-Z][\w-]*\s+)*[A-Z][\w-]*|(?:[a-z]+\s+)?(?:stock|shares|securities|guarantees?|"
    r"certificates|notes|units|warrants|rights|interests))\s+"
    r"(depends|depend|is|are|has|have|was|were|covers|cover)\b"
)
_PLURAL_VERBS = {"depend", "are", "have", "were", "cover"}


def _letters():
    """Yield (markup, facts, signer) of letters whose findings use names, lists and counts."""
    shelf_opinions = (
        "When a series of Preferred Stock",
        "When a deposit agreement",
        "When the Indenture has been",
        "When the Guarantee of any",
        "When a unit agreement",
    )
    for facts in (SHELF_FACTS, {}):
        yield SHELF, facts, None
        for opening in shelf_opinions:
            yield without_opinion(SHELF, opening), facts, None
        yield variant(SHELF, BLANKET), facts, None
    for markup, facts in ((EQUITY, EQUITY_FACTS), (NOTES, NOTES_FACTS)):
        yield markup, facts, None
        yield markup, {**facts, "securities": [{"term": "Common Stock", "amount": 5}]}, None
        yield markup, {**facts, "securities": [{"term": "Warrants"}, {"term": "Guarantee"}]}, None
    yield LOCAL_LAW_NOTES, LOCAL_LAW_FACTS, LOCAL_LAW_SIGNER
    yield LOCAL_LAW_NOTES, {**LOCAL_LAW_FACTS, "governing_law_counsel": ""}, LOCAL_LAW_SIGNER


def test_every_message_agrees_with_the_names_it_gives():
    """Ensure no finding's message or fix, over letters that raise the checks that name securities,
    says "the Guarantee depend", "the Common Stock are" or the like."""
    seen = 0
    for markup, facts, signer in _letters():
        _, findings = check(markup, facts, signer=signer)
        for f in findings:
            for text in (f.message, f.fix):
                for m in _NAME_VERB_RE.finditer(text):
                    seen += 1
                    name, verb = m.group(1), m.group(2)
                    assert is_plural(name) is (verb in _PLURAL_VERBS), f"{f.rule_id}: {text}"
    assert seen >= 5  # the sweep read messages that name something and say something of it
