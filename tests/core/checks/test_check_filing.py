"""Tests for the filing, signature and consent rules: X5-FIL-01, X5-SIG-01, X5-CON-01, X5-CON-02."""

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
    variant,
)

CONSENT = "We hereby consent to the filing of this opinion"


def test_fil01_kept_by_signed_opinions():
    """Ensure a signed non-shelf opinion and a takedown filed with a Form 8-K keep X5-FIL-01."""
    for markup, facts in ((EQUITY, EQUITY_FACTS), (NOTES, NOTES_FACTS)):
        assert_kept(markup, facts, "X5-FIL-01")


def test_fil01_finds_a_form_of_opinion_for_a_non_shelf_registration():
    """Ensure a "Form of Opinion" for an S-1 is an X5-FIL-01 error on the exhibit line."""
    markup = variant(
        EQUITY,
        ("<exhibit>Exhibit 5.1</exhibit>", "<exhibit>Exhibit 5.1 (Form of Opinion)</exhibit>"),
    )
    assert_found(markup, EQUITY_FACTS, "X5-FIL-01", ["error"], "Form of Opinion")


def test_fil01_finds_a_qualified_takedown_opinion():
    """Ensure a takedown opinion still conditioned on board action is an X5-FIL-01 error on that paragraph."""
    markup = variant(
        NOTES,
        (
            "the Notes, when executed",
            "the Notes, when the issuance of the Notes has been duly "
            "authorized by the Board of Directors and when the Notes are executed",
        ),
    )
    letter, findings = check(markup, NOTES_FACTS)
    found = of_rule(findings, "X5-FIL-01")
    assert found and found[0].block == block_with(letter, "we are of the opinion that the Notes")
    assert not of_rule(findings, "X5-ASM-01")


def test_fil01_finds_a_takedown_opinion_without_its_filing():
    """Ensure a takedown opinion that names neither a Form 8-K nor a post-effective amendment gets X5-FIL-01."""
    markup = variant(
        NOTES,
        (
            "as Exhibit 5.1 to the Company's Current Report on Form 8-K and to its incorporation by "
            "reference into the Registration Statement",
            "as an exhibit to the Registration Statement",
        ),
    )
    letter, findings = check(markup, NOTES_FACTS)
    found = of_rule(findings, "X5-FIL-01")
    assert found and found[0].block == block_with(letter, CONSENT)


def test_sig01_kept_by_a_conformed_filing_copy():
    """Ensure a filing copy signed "/s/ Smith & Jones LLP" keeps X5-SIG-01."""
    letter, findings = check(EQUITY, EQUITY_FACTS, copy="filing")
    assert letter.blocks[block_with(letter, "/s/")].text == "/s/ Smith & Jones LLP"
    assert not of_rule(findings, "X5-SIG-01")
    assert_kept(EQUITY, EQUITY_FACTS, "X5-SIG-01")


def test_sig01_finds_a_filing_copy_without_a_name():
    """Ensure a filing copy whose signature has no name is an X5-SIG-01 error on the signature."""
    markup = variant(
        EQUITY, ("<signature>Smith &amp; Jones LLP</signature>", "<signature></signature>")
    )
    letter, findings = check(markup, EQUITY_FACTS, copy="filing")
    found = of_rule(findings, "X5-SIG-01")
    assert [f.severity for f in found] == ["error"]
    assert letter.blocks[found[0].block].kind == "signature"


def test_sig01_finds_bracketed_text_left_in():
    """Ensure bracketed blanks are an X5-SIG-01 error in a filing copy and a warning in a draft."""
    markup = variant(EQUITY, ("relating to 5,000,000 shares", "relating to [●] shares"))
    letter, findings = check(markup, EQUITY_FACTS, copy="filing")
    found = of_rule(findings, "X5-SIG-01")
    assert [f.severity for f in found] == ["error"]
    assert found[0].block == block_with(letter, "[●]")
    _, findings = check(markup, EQUITY_FACTS)
    assert [f.severity for f in of_rule(findings, "X5-SIG-01")] == ["warning"]


def test_sig01_finds_unfilled_facts_in_a_draft():
    """Ensure a placeholder (an unfilled fact) is an X5-SIG-01 warning on its paragraph in a draft."""
    markup = variant(
        EQUITY, ("(File No. 333-123456)", '(File No. <ph k="file_number">SEC file number</ph>)')
    )
    found = assert_found(markup, EQUITY_FACTS, "X5-SIG-01", ["warning"], "[SEC file number]")
    assert "SEC file number" in found[0].message


def test_con01_kept_by_a_full_consent():
    """Ensure a consent to the exhibit filing and to the caption reference keeps X5-CON-01."""
    for markup, facts in ((EQUITY, EQUITY_FACTS), (NOTES, NOTES_FACTS)):
        assert_kept(markup, facts, "X5-CON-01")


def test_con01_finds_a_letter_without_consent():
    """Ensure a letter with no consent sentence is an X5-CON-01 error."""
    markup = variant(
        EQUITY,
        (
            "We hereby consent to the filing of this opinion as an exhibit to the Registration "
            "Statement and to the reference to our firm under the caption <q>Legal Matters</q> in the "
            "prospectus forming a part of the Registration Statement. In giving such consent, we do "
            "not thereby admit that we are within the category of persons whose consent is required "
            "under Section 7 of the Act.",
            "This letter is given in connection with the Registration Statement.",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-CON-01")
    assert [f.severity for f in found] == ["error"]
    assert letter.blocks[found[0].block].kind == "closing"


def test_con01_finds_a_consent_without_the_caption():
    """Ensure a consent to the exhibit filing only (outside Form S-8) is an X5-CON-01 error on the consent."""
    markup = variant(
        EQUITY,
        (
            " and to the reference to our firm under the caption <q>Legal Matters</q> in the prospectus "
            "forming a part of the Registration Statement",
            "",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-CON-01")
    assert found and found[0].block == block_with(letter, CONSENT)


def test_con01_finds_a_caption_that_differs_from_the_facts():
    """Ensure a caption other than the prospectus caption fact is an X5-CON-01 error."""
    letter, findings = check(
        EQUITY, {**EQUITY_FACTS, "prospectus_caption": "Validity of the Securities"}
    )
    found = of_rule(findings, "X5-CON-01")
    assert found and "Validity of the Securities" in found[0].fix
    assert found[0].block == block_with(letter, CONSENT)


def test_con01_accepts_item_5_for_form_s8():
    """Ensure a Form S-8 consent naming counsel in Item 5 instead of a caption keeps X5-CON-01."""
    markup = variant(
        EQUITY,
        ("Form S-1", "Form S-8"),
        (
            "under the caption <q>Legal Matters</q> in the prospectus forming a part of the Registration Statement",
            "in Item 5 of Part II of the Registration Statement",
        ),
    )
    assert_kept(markup, {**EQUITY_FACTS, "form": "S-8"}, "X5-CON-01")


def test_con02_kept_by_a_plain_section7_statement():
    """Ensure the usual Section 7 non-admission keeps X5-CON-02."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-CON-02")


def test_con02_finds_a_withdrawable_consent():
    """Ensure a consent that "may be withdrawn" is an X5-CON-02 error on the consent."""
    markup = variant(
        EQUITY,
        (
            "under Section 7 of the Act.",
            "under Section 7 of the Act. This consent may be withdrawn at any time.",
        ),
    )
    assert_found(markup, EQUITY_FACTS, "X5-CON-02", ["error"], CONSENT)


def test_con02_finds_a_conditioned_non_admission():
    """Ensure a Section 7 statement that conditions the consent is an X5-CON-02 error."""
    markup = variant(
        EQUITY,
        (
            "In giving such consent, we do not thereby admit",
            "Such consent is given only if the "
            "Company pays our fees, and in giving such consent, we do not thereby admit",
        ),
    )
    _, findings = check(markup, EQUITY_FACTS)
    assert of_rule(findings, "X5-CON-02")


def _missing_count(findings):
    """Return the count of X5-SIG-01's "N facts are still missing" finding (0 without one)."""
    import re

    for f in of_rule(findings, "X5-SIG-01"):
        m = re.match(r"(\d+) facts? (?:is|are) still missing: ", f.message)
        if m:
            return int(m.group(1))
    return 0


def test_sig01_counts_exactly_what_a_final_copy_refuses_for_every_new_matter():
    """Ensure X5-SIG-01 on a new matter of every built-in template counts exactly the gaps its
    filing copy is refused for, each named once and nothing said twice (issue 18.5)."""
    import pytest

    from opiniondesk.core.checks import run_checks
    from opiniondesk.core.errors import MissingFactsError
    from opiniondesk.core.matter import new_matter
    from opiniondesk.core.templates import default_library

    for info in default_library().templates():
        template = default_library().get(info.id)
        matter = new_matter(template)
        with pytest.raises(MissingFactsError) as refused:
            matter.render("filing")
        gaps = refused.value.missing
        findings = run_checks(matter, matter.render("draft"), template)
        assert _missing_count(findings) == len(gaps), info.id
        sig = of_rule(findings, "X5-SIG-01")
        said = " ".join(f.message for f in sig)
        for _fact, label in gaps[:5]:
            assert label in said, (info.id, label)
        # Each gap is counted once: not again as a blank left in the text or a missing signature.
        assert len(sig) == 1, (info.id, [f.message for f in sig])
