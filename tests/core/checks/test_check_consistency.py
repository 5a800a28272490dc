"""Tests for the rules on facts that must agree: X5-NUM-01 (totals), X5-DATE-01 (dates), X5-INH-02
(signature and voice)."""

from check_letters import (
    EQUITY,
    EQUITY_FACTS,
    NOTES,
    NOTES_FACTS,
    assert_found,
    assert_kept,
    check,
    of_rule,
    variant,
)

OPENING = "We have acted as counsel to Acme Widgets"

PLANS = variant(
    EQUITY,
    (
        "relating to 5,000,000 shares of the Company's common stock, par value $0.01 per share (the "
        "<term>Shares</term>), to be issued and sold by the Company under the Underwriting Agreement.",
        "relating to 8,250,000 shares of the Company's common stock, par value $0.01 per share (the "
        "<term>Shares</term>), issuable under the Acme Widgets, Inc. 2024 Equity Incentive Plan and the Acme "
        "Widgets, Inc. 2024 Employee Stock Purchase Plan, consisting of 7,000,000 Shares issuable under the "
        "Acme Widgets, Inc. 2024 Equity Incentive Plan and 1,250,000 Shares issuable under the Acme Widgets, "
        "Inc. 2024 Employee Stock Purchase Plan.",
    ),
)
PLANS_FACTS = {
    **EQUITY_FACTS,
    "form": "S-8",
    "share_count": 8250000,
    "plans": [
        {"plan_name": "Acme Widgets, Inc. 2024 Equity Incentive Plan", "shares": 7000000},
        {"plan_name": "Acme Widgets, Inc. 2024 Employee Stock Purchase Plan", "shares": 1250000},
    ],
}
S8 = variant(PLANS, ("on Form S-1", "on Form S-8"))


def test_num01_kept_when_the_parts_add_up():
    """Ensure an S-8 total equal to the sum of its plans' shares keeps X5-NUM-01 (Item 601(b)(5); SLB 19)."""
    assert_kept(S8, PLANS_FACTS, "X5-NUM-01")
    assert_kept(NOTES, NOTES_FACTS, "X5-NUM-01")


def test_num01_finds_an_s8_total_that_differs_from_its_plans_in_the_text():
    """Ensure "9,000,000 shares ..., consisting of 7,000,000 ... and 1,250,000" is an X5-NUM-01 error naming
    both figures (Item 601(b)(5); SLB 19; issue 16.6)."""
    markup = variant(S8, ("relating to 8,250,000 shares", "relating to 9,000,000 shares"))
    for facts in (EQUITY_FACTS, {}):
        found = assert_found(markup, facts, "X5-NUM-01", ["error"], OPENING)
        assert "9,000,000" in found[0].message and "8,250,000" in found[0].message
        assert "7,000,000 and 1,250,000" in found[0].message


def test_num01_finds_an_s8_total_fact_that_differs_from_its_plans():
    """Ensure an S-8 share_count that differs from the sum of plans[].shares is an X5-NUM-01 error even
    where the letter does not list the plans' shares (Item 601(b)(5); SLB 19; issue 16.6)."""
    facts = {**PLANS_FACTS, "share_count": 9000000}
    letter, findings = check(EQUITY, facts)
    found = of_rule(findings, "X5-NUM-01")
    assert [f.severity for f in found] == ["error"]
    assert "9,000,000" in found[0].message and "8,250,000" in found[0].message


def test_num01_finds_primary_and_secondary_shares_that_do_not_add_up():
    """Ensure an S-1 total that differs from its primary plus secondary shares is an X5-NUM-01 error,
    in the text and in the facts (Item 601(b)(5); SLB 19; issue 16.6)."""
    markup = variant(
        EQUITY,
        (
            "to be issued and sold by the Company under the Underwriting Agreement.",
            "consisting of 5,000,000 shares to be issued and sold by the Company and 2,500,000 outstanding "
            "shares to be sold by the selling stockholders named in the Registration Statement.",
        ),
    )
    found = assert_found(markup, EQUITY_FACTS, "X5-NUM-01", ["error"], OPENING)
    assert "5,000,000" in found[0].message and "7,500,000" in found[0].message
    with_total = variant(
        markup,
        ("relating to 5,000,000 shares", "relating to 7,500,000 shares"),
        (
            "2,500,000 outstanding shares to be sold by the selling stockholders",
            "2,500,000 outstanding shares to be sold by the selling stockholders, including 500,000 shares "
            "re-allocated to them by the Company,",
        ),
    )
    assert_kept(with_total, EQUITY_FACTS, "X5-NUM-01")  # a part's own subset is no further part
    facts = {
        **EQUITY_FACTS,
        "total_shares": 7000000,
        "primary_shares": 5000000,
        "secondary_shares": 2500000,
    }
    _, findings = check(EQUITY, facts)
    assert ["7,000,000" in f.message for f in of_rule(findings, "X5-NUM-01")] == [True]
    fine = {**facts, "total_shares": 7500000}
    assert_kept(EQUITY, fine, "X5-NUM-01")


def test_num01_finds_tranches_that_do_not_add_up_to_the_aggregate():
    """Ensure a takedown's aggregate principal amount that differs from its tranches is an X5-NUM-01
    error, in the text and in the facts (Item 601(b)(5); SLB 19; issue 16.6)."""
    markup = variant(
        NOTES,
        (
            "issuance and sale of $500,000,000 aggregate principal amount of its 5.25% Senior Notes due 2035 "
            "(the <term>Notes</term>)",
            "issuance and sale of $1,250,000,000 aggregate principal amount of its senior notes (the "
            "<term>Notes</term>), consisting of $500,000,000 aggregate principal amount of its 5.25% Senior Notes "
            "due 2035 and $700,000,000 aggregate principal amount of its 5.75% Senior Notes due 2055",
        ),
    )
    found = assert_found(markup, NOTES_FACTS, "X5-NUM-01", ["error"], "We have acted as counsel")
    assert "$1,250,000,000" in found[0].message and "$1,200,000,000" in found[0].message
    facts = {
        **NOTES_FACTS,
        "aggregate_principal_amount": "1250000000",
        "notes": [{"amount": "500000000"}, {"amount": "700000000"}],
    }
    _, findings = check(NOTES, facts)
    assert [f.severity for f in of_rule(findings, "X5-NUM-01")] == ["error"]


def test_date01_kept_by_documents_dated_before_the_letter():
    """Ensure a takedown whose prospectus, supplement and underwriting agreement precede the letter keeps
    X5-DATE-01 (SLB 19, date of the opinion; C&DI 212.05)."""
    assert_kept(NOTES, NOTES_FACTS, "X5-DATE-01")
    facts = {
        **NOTES_FACTS,
        "base_prospectus_date": "2025-01-10",
        "prospectus_supplement_date": "2025-02-26",
        "underwriting_agreement_date": "2025-02-26",
    }
    assert_kept(NOTES, facts, "X5-DATE-01")


OFFERED = variant(
    NOTES,
    (
        "under the Registration Statement",
        "which have been offered by means of the Prospectus Supplement under the Registration Statement",
    ),
)


def test_date01_finds_a_letter_dated_before_its_prospectus_supplement():
    """Ensure a letter dated before the prospectus supplement by which it says the notes "have been offered"
    is an X5-DATE-01 error, from the text and from the facts (SLB 19, date of the opinion; C&DI 212.05;
    issue 16.18)."""
    markup = variant(
        OFFERED,
        (
            "prospectus supplement dated February 26, 2025",
            "prospectus supplement dated March 5, 2025",
        ),
    )
    found = assert_found(markup, NOTES_FACTS, "X5-DATE-01", ["error"], "We have acted as counsel")
    assert "before the prospectus supplement (March 5, 2025)" in found[0].message
    assert "have been offered" in found[0].message
    facts = {**NOTES_FACTS, "prospectus_supplement_date": "2025-03-05"}
    _, findings = check(OFFERED, facts)
    assert [f.severity for f in of_rule(findings, "X5-DATE-01")] == ["error"]


def test_date01_finds_an_underwriting_agreement_dated_after_the_letter():
    """Ensure an underwriting agreement dated after the letter is an X5-DATE-01 error naming both dates
    (SLB 19, date of the opinion; C&DI 212.05; issue 16.18)."""
    markup = variant(
        NOTES,
        (
            "Underwriting Agreement dated February 26, 2025",
            "Underwriting Agreement dated March 10, 2025",
        ),
    )
    found = assert_found(markup, NOTES_FACTS, "X5-DATE-01", ["error"], "We have acted as counsel")
    assert (
        "the underwriting agreement is dated March 10, 2025, after the letter (March 3, 2025)"
        in (found[0].message)
    )
    _, findings = check(NOTES, {**NOTES_FACTS, "underwriting_agreement_date": "2025-03-10"})
    assert [f.severity for f in of_rule(findings, "X5-DATE-01")] == ["error"]


def test_date01_finds_a_supplement_dated_before_its_base_prospectus():
    """Ensure a prospectus supplement dated before the base prospectus it supplements is an X5-DATE-01
    error (C&DI 212.05)."""
    markup = variant(
        NOTES, ("the prospectus dated January 10, 2025", "the prospectus dated February 27, 2025")
    )
    found = assert_found(markup, NOTES_FACTS, "X5-DATE-01", ["error"], "We have acted as counsel")
    assert "before the base prospectus (February 27, 2025)" in found[0].message


FIRM_SIGNED = {
    "name": "Smith & Jones LLP",
    "conformed": "Smith & Jones LLP",
    "signature_style": "firm",
    "voice": "we",
}
INDIVIDUAL = {
    "name": "Jane Roe",
    "title": "General Counsel",
    "employer": "Acme Widgets, Inc.",
    "signature_style": "individual",
    "voice": "I",
    "conformed": "Jane Roe",
}


def test_inh02_kept_by_a_firm_speaking_as_we():
    """Ensure a letter signed in the firm's name that says "we" keeps X5-INH-02 (SLB 19, signed opinions)."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-INH-02", signer=FIRM_SIGNED)
    assert_kept(EQUITY, EQUITY_FACTS, "X5-INH-02")  # the style read from the firm's name


def test_inh02_finds_a_firm_signature_with_i():
    """Ensure a letter signed in a firm's name that says "I" is an X5-INH-02 error (SLB 19, signed
    opinions; issue 16.10)."""
    markup = variant(
        EQUITY,
        (
            "Based on the foregoing, we are of the opinion",
            "Based on the foregoing, I am of the opinion",
        ),
    )
    found = assert_found(
        markup, EQUITY_FACTS, "X5-INH-02", ["error"], "I am of the opinion", signer=FIRM_SIGNED
    )
    assert "signed by the firm Smith & Jones LLP but speaks as 'I/my'" in found[0].message


def test_inh02_finds_an_individual_signature_with_we():
    """Ensure a letter signed by an individual in-house lawyer that says "we" is an X5-INH-02 error (SLB
    19, signed opinions; issue 16.10)."""
    markup = variant(
        EQUITY,
        ("<signature>Smith &amp; Jones LLP</signature>", "<signature>Jane Roe</signature>"),
        ("<signer>Smith &amp; Jones LLP</signer>", "<signer>Jane Roe</signer>"),
    )
    found = assert_found(markup, EQUITY_FACTS, "X5-INH-02", ["error"], OPENING, signer=INDIVIDUAL)
    assert "signed by Jane Roe but speaks as 'we/our'" in found[0].message
