"""Tests for the assumption and qualification rules: X5-ASM-01..03, X5-QUAL-01..03."""

from check_letters import (
    EQUITY,
    EQUITY_FACTS,
    NOTES,
    NOTES_FACTS,
    assert_found,
    assert_kept,
    block_with,
    check,
    of_rule,
    sample_letter,
    variant,
)

from opiniondesk.core.checks import run_checks

EXAMINED = "In our examination, we have assumed"
ADD_ASSUMPTION = "the conformity to originals of all documents submitted to us as copies."
SHELF = variant(
    EQUITY,
    ("Form S-1", "Form S-3"),
    ("relating to 5,000,000 shares", "relating to an indeterminate number of shares"),
    (
        "to be issued and sold by the Company under the Underwriting Agreement.",
        "which may be offered from time to time on a delayed basis under Rule 415.",
    ),
    (
        ADD_ASSUMPTION,
        ADD_ASSUMPTION
        + " We have also assumed that, at the time of each issuance, a sufficient number "
        "of authorized shares of common stock will be available for issuance.",
    ),
)


def with_assumption(text: str) -> str:
    """Return the equity letter with one more assumption sentence after the customary ones."""
    return variant(EQUITY, (ADD_ASSUMPTION, ADD_ASSUMPTION + " " + text))


def test_asm01_kept_by_customary_assumptions():
    """Ensure the customary assumptions and other parties' existence keep X5-ASM-01."""
    markup = with_assumption(
        "We have also assumed that each party to such documents (other than the Company) is duly organized and "
        "validly existing and has the power and authority to enter into them."
    )
    assert_kept(markup, EQUITY_FACTS, "X5-ASM-01")


def test_asm01_finds_assumed_due_incorporation():
    """Ensure "we have assumed that the Company is duly incorporated" is an X5-ASM-01 error on its paragraph."""
    letter, findings = check(
        with_assumption("We have also assumed that the Company is duly incorporated."), EQUITY_FACTS
    )
    found = of_rule(findings, "X5-ASM-01")
    assert [f.severity for f in found] == ["error"]
    assert found[0].block == block_with(letter, EXAMINED)
    assert "incorporation" in found[0].message


def test_asm01_finds_assumed_corporate_power_and_action():
    """Ensure assuming the registrant's power and its board's action are X5-ASM-01 errors."""
    markup = with_assumption(
        "We have also assumed that the Company has the corporate power to issue the Shares and that the Board of "
        "Directors has authorized their issuance."
    )
    _, findings = check(markup, EQUITY_FACTS)
    messages = " ".join(f.message for f in of_rule(findings, "X5-ASM-01"))
    assert "power" in messages and "corporate action" in messages


def test_asm01_finds_assumed_conclusion_and_facts():
    """Ensure assuming the conclusion or a checkable fact (good standing) is an X5-ASM-01 error."""
    for text in (
        "We have also assumed that the Shares will be validly issued.",
        "We have also assumed that the Company is in good standing.",
        "We have also assumed that a sufficient number of authorized shares will be available for issuance.",
    ):
        _, findings = check(with_assumption(text), EQUITY_FACTS)
        assert of_rule(findings, "X5-ASM-01"), text


def test_asm01_finds_a_non_shelf_opinion_conditioned_on_board_action():
    """Ensure a non-shelf opinion conditioned on future board authorization is an X5-ASM-01 error."""
    markup = variant(
        EQUITY,
        (
            "The Shares have been duly authorized and, when issued",
            "When the issuance of the Shares has been duly authorized by the Board of Directors and when the Shares are issued",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-ASM-01")
    assert found and found[0].block == block_with(letter, "When the issuance of the Shares")


def test_asm02_notes_a_delayed_shelf_assumption():
    """Ensure a delayed shelf's share-availability assumption is an X5-ASM-02 note, not an X5-ASM-01 error."""
    letter, findings = check(SHELF, EQUITY_FACTS | {"form": "S-3"})
    assert not of_rule(findings, "X5-ASM-01")
    found = of_rule(findings, "X5-ASM-02")
    assert [f.severity for f in found] == ["info"]
    assert found[0].block == block_with(letter, EXAMINED)
    assert "takedown" in found[0].fix


def test_asm02_notes_the_reference_letters_conditions():
    """Ensure the reference letter (an ABS delayed shelf) gets the X5-ASM-02 note on opinion 2."""
    matter, letter = sample_letter()
    found = of_rule(run_checks(matter, letter), "X5-ASM-02")
    assert len(found) == 1 and found[0].block == block_with(
        letter, "When the issuance, execution and delivery"
    )


def test_asm02_kept_outside_a_shelf():
    """Ensure a non-shelf letter without future-action assumptions has no X5-ASM-02 note."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-ASM-02")


def test_asm02_is_an_error_outside_a_delayed_shelf():
    """Ensure the same share-availability assumption outside a delayed shelf is an X5-ASM-01 error."""
    markup = variant(
        SHELF,
        ("on a delayed basis under Rule 415", "as described in the prospectus"),
        ("may be offered from time to time", "will be offered"),
        ("Form S-3", "Form S-1"),
    )
    _, findings = check(markup, EQUITY_FACTS)
    assert of_rule(findings, "X5-ASM-01")
    assert not of_rule(findings, "X5-ASM-02")


def test_asm03_kept_by_customary_assumptions():
    """Ensure genuine signatures, authentic originals and conforming copies raise no X5-ASM-03 note."""
    _, findings = check(EQUITY, EQUITY_FACTS)
    assert not of_rule(findings, "X5-ASM-03")
    assert_kept(NOTES, NOTES_FACTS, "X5-ASM-03")


def test_asm03_notes_an_unusual_assumption():
    """Ensure an assumption outside the customary list gets an X5-ASM-03 note (never a warning) on its paragraph."""
    letter, findings = check(
        with_assumption(
            "We have also assumed that the Company will apply the proceeds as described in the prospectus."
        ),
        EQUITY_FACTS,
    )
    found = of_rule(findings, "X5-ASM-03")
    assert [f.severity for f in found] == ["info"]
    assert found[0].block == block_with(letter, EXAMINED)


def test_qual01_kept_on_a_binding_obligation_paragraph():
    """Ensure the bankruptcy exception on a binding-obligation opinion keeps X5-QUAL-01."""
    assert_kept(NOTES, NOTES_FACTS, "X5-QUAL-01")


def test_qual01_finds_the_exception_on_an_equity_paragraph():
    """Ensure a bankruptcy exception attached to the share opinion is an X5-QUAL-01 warning there."""
    markup = variant(
        EQUITY,
        (
            "fully paid and non-assessable.</opinion>",
            "fully paid and non-assessable, subject to "
            "applicable bankruptcy, insolvency and similar laws affecting creditors' rights generally.</opinion>",
        ),
    )
    assert_found(
        markup, EQUITY_FACTS, "X5-QUAL-01", ["warning"], "fully paid and non-assessable, subject to"
    )


def test_qual01_finds_a_global_exception_over_equity():
    """Ensure "the foregoing opinions are subject to bankruptcy ..." over an equity opinion is an X5-QUAL-01 warning."""
    markup = variant(
        EQUITY,
        (
            "<body>The opinions expressed herein are limited",
            "<body>The foregoing opinions are subject "
            "to applicable bankruptcy, insolvency and similar laws and to general principles of equity."
            "</body> <body>The opinions expressed herein are limited",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-QUAL-01")
    assert found and found[0].block == block_with(letter, "The foregoing opinions are subject")


def test_qual02_kept_without_reliance_limits():
    """Ensure the consent's "use and filing of this opinion" is not taken for a reliance limit (X5-QUAL-02)."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-QUAL-02")


def test_qual02_finds_reliance_limits():
    """Ensure each reliance-limiting phrase is an X5-QUAL-02 error on its paragraph."""
    for phrase in (
        "This opinion is solely for your benefit.",
        "This opinion may not be relied upon by any other person.",
        "This opinion is furnished only for the purpose of the filing of the Registration Statement.",
    ):
        markup = variant(EQUITY, ("<closing>", f"<body>{phrase}</body> <closing>"))
        letter, findings = check(markup, EQUITY_FACTS)
        found = of_rule(findings, "X5-QUAL-02")
        assert [f.severity for f in found] == ["error"], phrase
        assert found[0].block == block_with(letter, phrase)


SPEAKS = variant(
    EQUITY, ("<closing>", "<body>This opinion speaks only as of its date.</body> <closing>")
)


def test_qual03_kept_when_dated_at_effectiveness():
    """Ensure a "speaks only as of its date" opinion dated after the expected effective date keeps X5-QUAL-03."""
    _, findings = check(
        SPEAKS, {**EQUITY_FACTS, "effective_date": "2025-03-01"}, letter_date="2025-03-03"
    )
    assert not of_rule(findings, "X5-QUAL-03")


def test_qual03_finds_an_opinion_dated_before_effectiveness():
    """Ensure a "speaks only as of its date" opinion dated before effectiveness is an X5-QUAL-03 warning."""
    letter, findings = check(
        SPEAKS, {**EQUITY_FACTS, "effective_date": "2025-04-01"}, letter_date="2025-03-03"
    )
    found = of_rule(findings, "X5-QUAL-03")
    assert [f.severity for f in found] == ["warning"]
    assert found[0].block == block_with(letter, "speaks only as of its date")


def test_qual03_notes_an_unknown_effective_date():
    """Ensure without an effective-date fact X5-QUAL-03 only notes that a re-dated opinion may be due."""
    _, findings = check(SPEAKS, EQUITY_FACTS)
    assert [f.severity for f in of_rule(findings, "X5-QUAL-03")] == ["info"]
    assert_kept(EQUITY, EQUITY_FACTS, "X5-QUAL-03")


GUARANTEED = "In addition, we have assumed that each party"


def test_gty01_kept_when_the_guarantors_are_left_out_of_the_assumption():
    """Ensure an other-parties assumption that leaves the guarantor out ("other than the Company and the
    Guarantor"), or a letter with no guarantee opinion, keeps X5-GTY-01 (SLB 19, assumptions)."""
    from check_letters import SHELF as UNIVERSAL_SHELF
    from check_letters import SHELF_FACTS

    assert_kept(UNIVERSAL_SHELF, SHELF_FACTS, "X5-GTY-01")
    named = variant(
        UNIVERSAL_SHELF,
        (
            "other than the Company and the Guarantor,",
            "other than the Company and Acme Operating LLC,",
        ),
    )
    assert_kept(named, SHELF_FACTS, "X5-GTY-01")
    blanket = with_assumption(
        "We have also assumed that each party to the agreements, other than the Company, has the power, "
        "authority and legal right to enter into and perform them."
    )
    assert_kept(blanket, EQUITY_FACTS, "X5-GTY-01")


def test_gty01_finds_guarantors_covered_by_the_other_parties_assumption():
    """Ensure "each party ..., other than the Company, has the power, authority ..." in a letter opining on
    guarantees is an X5-GTY-01 error: guarantors are co-registrants (SLB 19, assumptions; issue 16.1)."""
    from check_letters import SHELF as UNIVERSAL_SHELF
    from check_letters import SHELF_FACTS

    markup = variant(
        UNIVERSAL_SHELF, ("other than the Company and the Guarantor,", "other than the Company,")
    )
    for facts, whose in ((SHELF_FACTS, "guarantor's"), ({}, "guarantors'")):
        found = assert_found(markup, facts, "X5-GTY-01", ["error"], GUARANTEED)
        assert f"{whose} power or authority" in found[0].message


def test_gty01_finds_an_assumption_naming_a_guarantor():
    """Ensure assuming that a named guarantor has the power to give its guarantee is an X5-GTY-01 error
    (SLB 19, assumptions; issue 16.1)."""
    from check_letters import SHELF as UNIVERSAL_SHELF
    from check_letters import SHELF_FACTS

    markup = variant(
        UNIVERSAL_SHELF,
        (
            "enter into and perform them.</body>",
            "enter into and perform them. We have also assumed that Acme Operating LLC has the limited "
            "liability company power to execute, deliver and perform the Guarantees.</body>",
        ),
    )
    assert_found(markup, SHELF_FACTS, "X5-GTY-01", ["error"], GUARANTEED)
