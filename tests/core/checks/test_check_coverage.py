"""Tests for the coverage and equity rules: X5-COV-01, X5-EQ-01, X5-EQ-02, X5-ID-02."""

from check_letters import (
    EQUITY,
    EQUITY_FACTS,
    SHELF,
    SHELF_FACTS,
    assert_found,
    assert_kept,
    block_with,
    check,
    of_rule,
    securities_except,
    variant,
    without_opinion,
)

WARRANTS = variant(
    EQUITY,
    (
        "will be validly issued, fully paid and non-assessable.</opinion>",
        "will be validly issued, fully paid and non-assessable.</opinion>\n<opinion>When the Warrants have been "
        "duly executed and delivered against payment, the Warrants will constitute valid and binding obligations "
        "of the Company.</opinion>",
    ),
)

LLC = variant(
    EQUITY,
    ("a Delaware corporation", "a Delaware limited liability company"),
    (
        "the Company's common stock, par value $0.01 per share (the <term>Shares</term>)",
        "common units representing "
        "limited liability company interests in the Company (the <term>Common Units</term>)",
    ),
    (
        "The Company is a corporation duly incorporated",
        "The Company is a limited liability company duly formed",
    ),
    (
        "The Shares have been duly authorized and, when issued and delivered against payment therefor as described "
        "in the Registration Statement, will be validly issued, fully paid and non-assessable.",
        "The Common Units have been duly authorized and, when issued and delivered against payment therefor, will "
        "be validly issued.",
    ),
    (
        "the General Corporation Law of the State of Delaware",
        "the Delaware Limited Liability Company Act",
    ),
)
LLC_FACTS = {
    **EQUITY_FACTS,
    "registrant_entity": "limited liability company",
    "securities": [{"term": "Common Units"}],
}


def test_cov01_kept_by_an_opinion_on_each_listed_class():
    """Ensure a letter with an opinion on every listed class has no X5-COV-01 finding."""
    facts = {
        **EQUITY_FACTS,
        "securities": [{"term": "Shares"}, {"term": "Warrants", "underlying": "Shares"}],
    }
    assert_kept(WARRANTS, facts, "X5-COV-01")


def test_cov01_finds_a_listed_class_without_an_opinion():
    """Ensure a class the facts list but no opinion covers is an X5-COV-01 error at the opinion lead-in."""
    facts = {**EQUITY_FACTS, "securities": [{"term": "Shares"}, {"term": "Warrants"}]}
    letter, findings = check(EQUITY, facts)
    found = of_rule(findings, "X5-COV-01")
    assert [f.severity for f in found] == ["error"]
    assert "Warrants" in found[0].message
    assert found[0].block == block_with(letter, "we are of the opinion that:")


def test_cov01_finds_underlying_securities_without_an_opinion():
    """Ensure the securities underlying warrants need their own opinion (X5-COV-01)."""
    facts = {
        **EQUITY_FACTS,
        "securities": [{"term": "Shares"}, {"term": "Warrants", "underlying": "Warrant Shares"}],
    }
    _, findings = check(WARRANTS, facts)
    found = of_rule(findings, "X5-COV-01")
    assert len(found) == 1 and "Warrant Shares" in found[0].message


def test_cov01_reads_ordinary_shares_and_common_stock_as_one_kind():
    """Ensure warrants exercisable for "ordinary shares", in a letter whose opinion is on its "Common
    Stock", keep X5-COV-01: the two names are one kind of security (Item 601(b)(5); SLB 19)."""
    markup = variant(
        WARRANTS,
        (
            "The Shares have been duly authorized",
            "The shares of Common Stock have been duly authorized",
        ),
    )
    for under in ("ordinary shares", "Common Stock", "common shares"):
        facts = {**EQUITY_FACTS, "securities": [{"term": "Warrants", "underlying": under}]}
        assert_kept(markup, facts, "X5-COV-01")
    facts = {
        **EQUITY_FACTS,
        "securities": [{"term": "Warrants", "underlying": "preference shares"}],
    }
    _, findings = check(markup, facts)
    assert ["preference shares" in f.message for f in of_rule(findings, "X5-COV-01")] == [True]


def test_cov01_finds_a_letter_with_no_opinion_on_securities():
    """Ensure a letter whose only opinion is on existence gets X5-COV-01 even without facts."""
    markup = variant(
        EQUITY,
        (
            "<opinion>The Shares have been duly authorized and, when issued and delivered against payment therefor "
            "as described\nin the Registration Statement, will be validly issued, fully paid and non-assessable."
            "</opinion>",
            "",
        ),
    )
    _, findings = check(markup, {})
    assert [f.severity for f in of_rule(findings, "X5-COV-01")] == ["error"]


PREFERRED = "When a series of Preferred Stock"
DEPOSITARY = "When a deposit agreement"
DEBT = "When the Indenture has been"
UNITS = "When a unit agreement"
OPINION_INTRO = "we are of the opinion that:"


def test_cov01_kept_by_a_shelf_with_each_base_opined_on():
    """Ensure depositary shares beside their preferred stock and guarantees beside their debt keep
    X5-COV-01 (Item 601(b)(5); SLB 19)."""
    assert_kept(SHELF, SHELF_FACTS, "X5-COV-01")


def test_cov01_finds_depositary_shares_without_preferred_stock():
    """Ensure depositary shares with no opinion on the preferred stock they represent are an X5-COV-01
    error, from the facts and from the text alone (Item 601(b)(5); SLB 19; issue 16.5)."""
    markup = without_opinion(SHELF, PREFERRED)
    for facts in (securities_except(SHELF_FACTS, "preferred_stock"), {}):
        found = assert_found(markup, facts, "X5-COV-01", ["error"], OPINION_INTRO)
        assert "depend on preferred stock" in found[0].message


def test_cov01_finds_guarantees_without_debt_securities():
    """Ensure guarantees with no opinion on the debt securities they guarantee are an X5-COV-01 error,
    from the facts and from the text alone (Item 601(b)(5); SLB 19; issue 16.5)."""
    markup = without_opinion(without_opinion(SHELF, DEBT), UNITS)
    for facts in (securities_except(SHELF_FACTS, "debt_securities", "units"), {}):
        found = assert_found(markup, facts, "X5-COV-01", ["error"], OPINION_INTRO)
        assert found[0].message in (
            "the guarantees depend on debt securities, but no opinion paragraph covers the debt "
            "securities",
            "the Guarantee depends on debt securities, but no opinion paragraph covers the debt "
            "securities",
        )


def test_cov01_kept_by_units_made_only_of_debt_securities():
    """Ensure units made only of debt securities, with the debt opined on, raise no X5-COV-01 false alarm,
    whether the units list their components or not (Item 601(b)(5); SLB 19; issue 16.17)."""
    markup = without_opinion(without_opinion(SHELF, PREFERRED), DEPOSITARY)
    debt_and_units = securities_except(SHELF_FACTS, "preferred_stock", "depositary_shares")
    assert_kept(markup, debt_and_units, "X5-COV-01")
    bare_units = {
        **debt_and_units,
        "securities": [{"kind": "debt_securities"}, {"kind": "guarantees"}, {"kind": "units"}],
    }
    assert_kept(markup, bare_units, "X5-COV-01")
    units_only = {**debt_and_units, "securities": [SHELF_FACTS["securities"][-1]]}
    assert_kept(markup, units_only, "X5-COV-01")
    as_text = {
        **units_only,
        "securities": [{"kind": "units", "unit_components": "Debt Securities"}],
    }
    assert_kept(markup, as_text, "X5-COV-01")


def test_cov01_finds_units_of_debt_securities_without_a_debt_opinion():
    """Ensure units made of debt securities that no opinion covers are an X5-COV-01 error (Item
    601(b)(5); SLB 19)."""
    markup = without_opinion(without_opinion(without_opinion(SHELF, PREFERRED), DEPOSITARY), DEBT)
    markup = without_opinion(markup, "When the Guarantee")
    facts = {**SHELF_FACTS, "securities": [SHELF_FACTS["securities"][-1]]}
    found = assert_found(markup, facts, "X5-COV-01", ["error"], OPINION_INTRO)
    assert "debt securities underlying the units" in found[0].message
    as_text = {
        **facts,
        "securities": [{"kind": "units", "unit_components": "debt_securities, warrants"}],
    }
    found = assert_found(markup, as_text, "X5-COV-01", ["error", "error"], OPINION_INTRO)
    assert ["debt securities" in f.message for f in found] == [True, False]


def test_eq01_kept_by_all_three_conclusions():
    """Ensure "validly issued, fully paid and non-assessable" keeps X5-EQ-01."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-EQ-01")


def test_eq01_finds_a_missing_non_assessable():
    """Ensure a share opinion without "non-assessable" is an X5-EQ-01 error on that paragraph."""
    markup = variant(
        EQUITY,
        (
            "will be validly issued, fully paid and non-assessable.",
            "will be validly issued and fully paid.",
        ),
    )
    found = assert_found(
        markup, EQUITY_FACTS, "X5-EQ-01", ["error"], "will be validly issued and fully paid."
    )
    assert "non-assessable" in found[0].message


def test_eq01_finds_a_share_opinion_with_no_conclusion():
    """Ensure "the Shares have been duly authorized" alone is an X5-EQ-01 error."""
    markup = variant(
        EQUITY,
        (
            " and, when issued and delivered against payment therefor as described\nin the Registration Statement, "
            "will be validly issued, fully paid and non-assessable.",
            ".",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-EQ-01")
    assert found and found[0].block == block_with(letter, "The Shares have been duly authorized.")


def test_eq02_kept_by_the_no_further_payment_wording():
    """Ensure LLC interests "validly issued" with no further payment owed keep X5-EQ-02."""
    markup = variant(
        LLC,
        (
            "will \nbe validly issued.",
            "will be validly issued, and purchasers of the Common Units will have no obligation to make payments or "
            "contributions to the Company or its creditors solely by reason of their ownership of the Common Units.",
        ),
    )
    _, findings = check(markup, LLC_FACTS)
    assert not of_rule(findings, "X5-EQ-02")
    assert not of_rule(findings, "X5-EQ-01")


def test_eq02_finds_llc_interests_without_the_no_further_payment_wording():
    """Ensure LLC interests said only to be "validly issued" are an X5-EQ-02 error on that paragraph."""
    assert_found(
        LLC, LLC_FACTS, "X5-EQ-02", ["error"], "The Common Units have been duly authorized"
    )


def test_id02_kept_by_present_tense_for_outstanding_shares():
    """Ensure resale shares that "are validly issued" keep X5-ID-02."""
    markup = variant(
        EQUITY,
        (
            "The Shares have been duly authorized and, when issued and delivered against payment therefor as described\n"
            "in the Registration Statement, will be validly issued",
            "The Shares offered by the selling stockholders are validly issued",
        ),
    )
    assert_kept(markup, {**EQUITY_FACTS, "resale": True}, "X5-ID-02")


def test_id02_finds_future_tense_for_outstanding_shares():
    """Ensure outstanding shares said to "will be validly issued" are an X5-ID-02 error."""
    markup = variant(
        EQUITY,
        (
            "The Shares have been duly authorized and, when issued and delivered against payment therefor as described\n"
            "in the Registration Statement, will be validly issued",
            "The Shares offered by the selling stockholders will be validly issued",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-ID-02")
    assert found and found[0].block == block_with(letter, "offered by the selling stockholders")


def test_id02_finds_present_tense_for_shares_still_to_be_issued():
    """Ensure shares "to be issued" said to "are validly issued" are an X5-ID-02 error."""
    markup = variant(
        EQUITY,
        (
            "The Shares have been duly authorized and, when issued and delivered against payment therefor as described\n"
            "in the Registration Statement, will be validly issued",
            "The Shares to be issued by the Company are validly issued",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-ID-02")
    assert found and found[0].block == block_with(letter, "to be issued by the Company are")


def test_id02_finds_a_resale_with_only_future_tense():
    """Ensure facts saying the shares are outstanding need a present-tense opinion (X5-ID-02)."""
    letter, findings = check(EQUITY, {**EQUITY_FACTS, "resale": True})
    found = of_rule(findings, "X5-ID-02")
    assert found and found[0].block == block_with(letter, "The Shares have been duly authorized")


def test_eq01_kept_by_llc_interests_named_by_their_entity_id():
    """Ensure the templates' entity id "limited_liability_company" is read as an LLC, so X5-EQ-01 does
    not ask its interests to be "fully paid and non-assessable" (SLB 19 II.B.1.b)."""
    markup = variant(
        LLC,
        (
            "will \nbe validly issued.",
            "will be validly issued, and purchasers of the Common Units will have no obligation to make payments or "
            "contributions to the Company or its creditors solely by reason of their ownership of the Common Units.",
        ),
    )
    facts = {**LLC_FACTS, "registrant_entity": "limited_liability_company"}
    _, findings = check(markup, facts)
    assert not of_rule(findings, "X5-EQ-01") and not of_rule(findings, "X5-EQ-02")
