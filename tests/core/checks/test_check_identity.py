"""Tests for the identification and form rules: X5-ID-01, X5-ADR-01, X5-INH-01, X5-ABS-01, X5-TB-01."""

from check_letters import (
    EQUITY,
    EQUITY_FACTS,
    NOTES,
    NOTES_FACTS,
    assert_found,
    assert_kept,
    block_with,
    check,
    department_letter,
    in_house_equity,
    of_rule,
    sample_letter,
    variant,
)

from opiniondesk.core.checks import run_checks

OPENING = "We have acted as counsel to Acme Widgets"
IN_HOUSE = {
    "name": "Jane Roe",
    "title": "General Counsel",
    "employer": "Acme Widgets, Inc.",
    "voice": "I",
    "conformed": "Jane Roe",
}


def test_id01_kept_by_a_fully_identified_letter():
    """Ensure the form, file number, registrant, jurisdiction, amount and takedown documents keep X5-ID-01."""
    for markup, facts in ((EQUITY, EQUITY_FACTS), (NOTES, NOTES_FACTS)):
        assert_kept(markup, facts, "X5-ID-01")


def test_id01_finds_a_missing_file_number():
    """Ensure a letter without a file number (and not "being filed today") gets an X5-ID-01 warning."""
    markup = variant(EQUITY, ("(File No. 333-123456) ", ""))
    letter, findings = check(markup, {k: v for k, v in EQUITY_FACTS.items() if k != "file_number"})
    found = of_rule(findings, "X5-ID-01")
    assert [f.severity for f in found] == ["warning"]
    assert "file number" in found[0].message
    assert found[0].block == block_with(letter, OPENING)


def test_id01_finds_a_file_number_fact_not_in_the_letter():
    """Ensure a file number the facts give but the letter omits gets an X5-ID-01 warning."""
    markup = variant(
        EQUITY, ("(File No. 333-123456) ", ""), ("filed with", "being filed today with")
    )
    _, findings = check(markup, EQUITY_FACTS)
    assert any("333-123456" in f.message for f in of_rule(findings, "X5-ID-01"))


def test_id01_finds_missing_form_and_amount():
    """Ensure a letter naming no form and no amount gets X5-ID-01 warnings for each."""
    markup = variant(
        EQUITY, ("on Form S-1 ", ""), ("relating to 5,000,000 shares", "relating to shares")
    )
    _, findings = check(markup, {k: v for k, v in EQUITY_FACTS.items() if k != "form"})
    messages = " ".join(f.message for f in of_rule(findings, "X5-ID-01"))
    assert "form" in messages and "amount" in messages


def test_id01_finds_a_takedown_without_its_prospectus_supplement():
    """Ensure a takedown letter that does not date its prospectus supplement gets an X5-ID-01 warning."""
    markup = variant(
        NOTES,
        (
            "the prospectus supplement dated February 26, 2025 (the <term>Prospectus Supplement</term>) and",
            "and",
        ),
    )
    _, findings = check(markup, NOTES_FACTS)
    assert any("prospectus supplement" in f.message for f in of_rule(findings, "X5-ID-01"))


def test_adr01_kept_by_the_registrant_as_addressee():
    """Ensure a letter addressed to the registrant keeps X5-ADR-01."""
    assert_kept(EQUITY, EQUITY_FACTS, "X5-ADR-01")


def test_adr01_finds_a_letter_to_the_underwriters():
    """Ensure a letter addressed to the underwriters' representative gets an X5-ADR-01 warning on the address."""
    markup = variant(
        EQUITY,
        (
            "<line>Acme Widgets, Inc.</line>",
            "<line>Goldman Sachs &amp; Co. LLC, as Representative "
            "of the several Underwriters</line>",
        ),
    )
    for facts in (EQUITY_FACTS, {}):
        letter, findings = check(markup, facts)
        found = of_rule(findings, "X5-ADR-01")
        assert [f.severity for f in found] == ["warning"], facts
        assert letter.blocks[found[0].block].kind == "address"


def test_inh01_kept_by_the_reference_letter():
    """Ensure the reference letter (in-house, title and employer stated, "I" throughout) keeps X5-INH-01."""
    matter, letter = sample_letter()
    assert not of_rule(run_checks(matter, letter), "X5-INH-01")
    assert_kept(EQUITY, EQUITY_FACTS, "X5-INH-01")


def test_inh01_finds_an_in_house_signer_without_title():
    """Ensure an in-house signer whose title and employer the letter never states gets an X5-INH-01 warning."""
    markup = in_house_equity("Jane Roe")
    letter, findings = check(markup, EQUITY_FACTS, signer=IN_HOUSE)
    found = of_rule(findings, "X5-INH-01")
    assert [f.severity for f in found] == ["warning"]
    assert "title" in found[0].message
    assert letter.blocks[found[0].block].kind == "signer"
    stated = variant(
        markup,
        (
            "<signer>Jane Roe</signer>",
            "<signer><line>Jane Roe</line><line>General Counsel</line>"
            "<line>Acme Widgets, Inc.</line></signer>",
        ),
    )
    _, findings = check(stated, EQUITY_FACTS, signer=IN_HOUSE)
    assert not of_rule(findings, "X5-INH-01")


def test_inh01_finds_a_mixed_voice():
    """Ensure a letter that says both "we" and "I" gets an X5-INH-01 warning on the odd paragraph."""
    markup = variant(
        EQUITY,
        (
            "Based on the foregoing, we are of the opinion",
            "Based on the foregoing, I am of the opinion",
        ),
    )
    assert_found(markup, EQUITY_FACTS, "X5-INH-01", ["warning"], "I am of the opinion")


def test_abs01_kept_by_the_reference_letter(tmp_path):
    """Ensure the reference letter's ABS shape raises only the per-series takedown note (X5-ABS-01)."""
    matter, letter = sample_letter()
    found = of_rule(run_checks(matter, letter), "X5-ABS-01")
    assert [f.severity for f in found] == ["info"]
    assert_kept(EQUITY, EQUITY_FACTS, "X5-ABS-01")


def test_abs01_finds_certificates_without_the_benefits(tmp_path):
    """Ensure certificates not said to be entitled to the agreement's benefits get an X5-ABS-01 warning there."""
    matter, letter, template = department_letter(
        tmp_path,
        (
            "nonassessable and\nentitled to the benefits provided by the applicable {{ agreement_name }};",
            "nonassessable;",
        ),
    )
    found = [
        f
        for f in of_rule(run_checks(matter, letter, template), "X5-ABS-01")
        if f.severity == "warning"
    ]
    assert len(found) == 1 and "benefits" in found[0].message
    assert found[0].block == block_with(letter, "will be legally and validly issued")


def test_abs01_finds_an_agreement_not_binding(tmp_path):
    """Ensure an ABS letter without the agreement's binding-obligation opinion gets an X5-ABS-01 warning."""
    matter, letter, template = department_letter(
        tmp_path,
        ("will constitute a valid and binding obligation of {{ short }}", "will be enforceable"),
    )
    found = [
        f
        for f in of_rule(run_checks(matter, letter, template), "X5-ABS-01")
        if f.severity == "warning"
    ]
    assert found and "binding" in found[0].message


def test_tb01_kept_by_customary_phrases():
    """Ensure the customary phrases keep X5-TB-01."""
    for markup, facts in ((EQUITY, EQUITY_FACTS), (NOTES, NOTES_FACTS)):
        assert_kept(markup, facts, "X5-TB-01")


def test_tb01_finds_a_non_customary_phrase():
    """Ensure "Delaware corporate law" instead of the General Corporation Law gets an X5-TB-01 warning."""
    markup = variant(
        EQUITY, ("the General Corporation Law of the State of Delaware", "Delaware corporate law")
    )
    assert_found(markup, EQUITY_FACTS, "X5-TB-01", ["warning"], "Delaware corporate law")


def test_tb01_finds_a_redefined_phrase():
    """Ensure redefining "non-assessable" for a Delaware company gets an X5-TB-01 warning."""
    markup = variant(
        EQUITY,
        (
            "fully paid and non-assessable.</opinion>",
            "fully paid and non-assessable. As used "
            'herein, the term "non-assessable" means that the Company may not call for further '
            "payment.</opinion>",
        ),
    )
    letter, findings = check(markup, EQUITY_FACTS)
    found = of_rule(findings, "X5-TB-01")
    assert found and found[0].block == block_with(letter, "As used herein")


def test_id01_kept_by_a_secondary_only_offering_stating_its_shares():
    """Ensure a secondary-only S-1 stating "2,000,000 outstanding shares" is not said to state no amount
    (X5-ID-01, basis: customary; issue 16.17)."""
    markup = variant(
        EQUITY,
        (
            "relating to 5,000,000 shares of the Company's common stock",
            "relating to up to 2,000,000 outstanding shares of the Company's common stock",
        ),
        (
            "to be issued and sold by the Company under the Underwriting Agreement",
            "to be sold by the selling stockholders named in the Registration Statement",
        ),
        (
            "The Shares have been duly authorized and, when issued and delivered against payment therefor as "
            "described in the Registration Statement, will be validly issued",
            "The Shares have been duly authorized and are validly issued",
        ),
    )
    facts = {**EQUITY_FACTS, "resale": True}
    letter, findings = check(markup, facts)
    assert [f.message for f in of_rule(findings, "X5-ID-01")] == []
    assert not of_rule(findings, "X5-ID-02")


def test_abs02_kept_by_the_reference_letter_of_2001():
    """Ensure the reference ABS letter, dated 2001 and naming Form S-3, keeps X5-ABS-02 (Regulation AB II
    applies from November 23, 2015)."""
    matter, letter = sample_letter()
    assert not of_rule(run_checks(matter, letter), "X5-ABS-02")
    assert_kept(EQUITY, EQUITY_FACTS, "X5-ABS-02")  # not asset-backed


def test_abs02_finds_form_s3_in_an_asset_backed_opinion_after_regulation_ab_ii():
    """Ensure an asset-backed opinion dated after November 23, 2015 that names Form S-3 gets an X5-ABS-02
    warning on the paragraph naming it (Regulation AB II: Form SF-3; issue 16.4)."""
    matter, letter = sample_letter()
    matter.letter_date = "2016-03-01"
    found = of_rule(run_checks(matter, letter), "X5-ABS-02")
    assert [f.severity for f in found] == ["warning"]
    assert "Form SF-3" in found[0].message and "March 1, 2016" in found[0].message
    assert "Form S-3" in letter.blocks[found[0].block].text
    matter.letter_date = "2015-11-23"  # the compliance date itself: still Form S-3
    assert not of_rule(run_checks(matter, letter), "X5-ABS-02")


def test_id01_kept_by_a_takedown_sold_with_no_underwriting_agreement():
    """Ensure a takedown the facts say is sold with no underwriting agreement is not asked to date one
    (X5-ID-01, basis: customary)."""
    markup = variant(
        NOTES,
        (
            " and the Underwriting Agreement dated February 26, 2025 among the Company and the underwriters named "
            "therein",
            "",
        ),
        (
            "the prospectus dated January 10, 2025 (the <term>Base Prospectus</term>),",
            "the prospectus dated January 10, 2025 (the <term>Base Prospectus</term>) and",
        ),
    )
    _, findings = check(markup, {**NOTES_FACTS, "sale_by": "none"})
    assert [f.message for f in of_rule(findings, "X5-ID-01")] == []
    _, findings = check(markup, NOTES_FACTS)
    assert any("underwriting" in f.message for f in of_rule(findings, "X5-ID-01"))
