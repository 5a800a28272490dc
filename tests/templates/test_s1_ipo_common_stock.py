"""The Form S-1 IPO opinion: the company's shares "will be", the selling stockholders' shares "are"."""

import pytest
from letters import (
    as_firm,
    as_in_house,
    assert_voice,
    convert_sample,
    flat,
    load_sample,
    opinions,
    squash,
    text_of,
)

TID = "s1-ipo-common-stock"
PRIMARY = "The Company Shares have been duly authorized and will be, when issued and delivered"
SECONDARY = "The Selling Stockholder Shares have been duly authorized and are validly issued, fully paid and non-assessable."


def test_primary_and_secondary():
    """Ensure the sample has a future-tense opinion on new shares and a present-tense one on resales."""
    first, second = opinions(load_sample(TID))
    assert first.startswith(PRIMARY) and first.endswith(
        "validly issued, fully paid and non-assessable."
    )
    assert second == SECONDARY


def test_primary_only():
    """Ensure an offering of new shares alone has no selling stockholders' paragraph."""
    m = load_sample(TID)
    del m.facts["secondary_shares"]
    [only] = opinions(m)
    assert only.startswith(PRIMARY)
    assert "Selling Stockholder" not in text_of(m)


def test_secondary_only():
    """Ensure a resale-only offering says the outstanding shares are validly issued, nothing will be."""
    m = load_sample(TID)
    del m.facts["primary_shares"]
    [only] = opinions(m)
    assert only == SECONDARY
    assert "Company Shares" not in text_of(m)


def test_neither_number_is_a_placeholder():
    """Ensure a draft with neither number shows the company's shares as a placeholder to fill."""
    m = load_sample(TID)
    del m.facts["primary_shares"], m.facts["secondary_shares"]
    assert "[Shares the company issues and sells]" in text_of(m, "draft")


def test_voice_in_every_paragraph():
    """Ensure a firm says "we" and in-house counsel "I" in every paragraph."""
    assert_voice(as_firm(load_sample(TID)), "we")
    m = as_in_house(load_sample(TID))
    assert_voice(m, "I")
    assert text_of(m).startswith(
        "This opinion is being provided by the undersigned, as the General Counsel of Acme Inc."
    )


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice and carries both opinions."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert (
        squash("are validly issued, fully paid and non-assessable") in pdf
        and squash("/s/ Whitmore & Haines LLP") in pdf
    )


def test_a_commonwealth_is_named_as_one():
    """Ensure a Pennsylvania registrant's law is "the laws of the Commonwealth of Pennsylvania"."""
    m = load_sample(TID)
    m.facts["registrant_jurisdiction"] = "Pennsylvania"
    text = " ".join(text_of(m).split())
    assert "limited to the laws of the Commonwealth of Pennsylvania" in text
    assert "State of Pennsylvania" not in text


def test_rule_462b_statement_for_additional_shares():
    """Ensure a Rule 462(b) statement registers additional shares and names the earlier registration
    statement it adds to (issue 13)."""
    m = load_sample(TID)
    m.facts.update(rule_462b=True, file_number="333-282001", prior_file_number="333-281457")
    m.facts["primary_shares"] = 1725000
    del m.facts["secondary_shares"]
    text = flat(m)
    assert (
        'the Registration Statement on Form S-1 (File No. 333-282001) (the "Registration Statement") '
        "filed with the Securities and Exchange Commission pursuant to Rule 462(b) under the "
        'Securities Act of 1933, as amended (the "Act"), relating to the registration of additional '
        "shares of common stock" in text
    )
    assert (
        "The Registration Statement is filed for the same offering as the Registration Statement on "
        'Form S-1 (File No. 333-281457) (the "Prior Registration Statement"). The Company Shares are '
        "to be sold" in text
    )
    assert '(the "Act"), (the' not in text and "which relates to" not in text
    assert "up to 1,725,000 additional shares of Common Stock to be issued and sold" in text
    assert "filed as Exhibit 1.1 to the Prior Registration Statement" in text
    assert "(b) the Prior Registration Statement;" in text


def test_shares_reallocated_to_the_selling_stockholders():
    """Ensure shares re-allocated from the company to the selling stockholders are stated with
    theirs (issue 13)."""
    m = load_sample(TID)
    m.facts["reallocated_shares"] = 500000
    assert (
        "up to 2,000,000 outstanding shares of Common Stock to be sold by the selling stockholders "
        "named in the Registration Statement, including 500,000 shares first registered for issuance "
        'and sale by the Company and re-allocated to the selling stockholders (the "Selling '
        'Stockholder Shares")' in flat(m)
    )


def test_form_f1_ordinary_shares_as_ads():
    """Ensure a foreign private issuer's IPO on Form F-1 offers ordinary shares as American
    depositary shares and explains "non-assessable" (issue 13; X5-FOR-01)."""
    m = load_sample(TID)
    m.facts.update(
        form="F-1",
        registrant_jurisdiction="Cayman Islands",
        registrant_entity="exempted_company",
        stock_description="ordinary shares, par value US$0.0001 per share",
        stock_term="Ordinary Shares",
        ads_ratio="two Ordinary Shares",
    )
    text = flat(m)
    assert "Registration Statement on Form F-1" in text
    assert "initial public offering of ordinary shares, par value US$0.0001 per share (the" in text
    assert (
        "in each case to be offered in the form of American depositary shares, each representing "
        'two Ordinary Shares (the "ADSs").' in text
    )
    assert "non-assessable (which term, as used herein, means that no further sums" in text


def test_units_of_a_limited_partnership():
    """Ensure an LP's IPO of common units speaks of units and unitholders and takes the LP
    standard (issue 16.7; SLB 19 II.B.1.b)."""
    m = load_sample(TID)
    m.facts.update(
        registrant_entity="limited_partnership",
        registrant_short_name="Partnership",
        stock_description="common units representing limited partner interests",
        stock_term="Common Units",
    )
    text = flat(m)
    assert "a Delaware limited partnership" in text
    assert "up to 2,000,000 outstanding Common Units to be sold by the selling unitholders" in text
    assert "solely by reason of their ownership of such Selling Unitholder Units" in text
    assert "fully paid and non-assessable" not in text


def test_each_opinion_speaks_of_its_own_defined_shares():
    """Ensure the explanation of "non-assessable" and the sentence on the underwriters use the terms
    the letter defines ("such Company Shares"), never an undefined "Shares" or a lower-case "shares"."""
    m = load_sample(TID)
    m.facts.update(registrant_jurisdiction="Cayman Islands", registrant_entity="exempted_company")
    first, second = opinions(m)
    assert "by the holders of such Company Shares solely by reason" in first
    assert "by the holders of such Selling Stockholder Shares solely by reason" in second
    text = flat(m)
    assert "such Shares" not in text
    assert (
        "The Company Shares and the Selling Stockholder Shares are to be sold to the underwriters"
        in text
    )
    del m.facts["secondary_shares"]
    assert "The Company Shares are to be sold to the underwriters" in flat(m)
    m = load_sample(TID)
    del m.facts["primary_shares"]
    assert "The Selling Stockholder Shares are to be sold to the underwriters" in flat(m)


def _f1_without_law_limitation(role):
    """Return the F-1 sample (Cayman Islands) without its law limitation, counsel in the given role."""
    from letters import SAMPLES

    from opiniondesk.core.matter import load_matter

    m = load_matter(SAMPLES / "f1-lanternfish-ads.opinion")
    m.facts.update(law_limitation_place="omit", counsel_role=role)
    return m


@pytest.mark.parametrize("role", ["jurisdiction_counsel", "special_jurisdiction_counsel"])
def test_f1_without_a_law_limitation_checks_clean_from_home_counsel(role):
    """Ensure a Cayman Islands F-1 letter that leaves out the law limitation but is given by
    "Cayman Islands counsel" checks clean: counsel's capacity says which law it covers (SLB 19,
    foreign registrants; X5-FOR-01)."""
    from opiniondesk.core.checks import run_checks

    m = _f1_without_law_limitation(role)
    text = flat(m)
    assert "The opinions expressed herein are limited to" not in text
    assert "Cayman Islands counsel to Lanternfish Holdings Limited" in text
    findings = run_checks(m, m.render("draft"), m.template())
    assert [f.text for f in findings if f.severity in ("error", "warning")] == []


@pytest.mark.parametrize("role", ["counsel", "special_counsel", "local_counsel"])
def test_f1_that_never_says_which_law_it_covers_is_an_error(role):
    """Ensure a Cayman Islands F-1 letter with no law limitation, no opinion naming the Cayman
    Islands and counsel who do not say whose counsel they are stays an X5-FOR-01 error (SLB 19,
    foreign registrants)."""
    from opiniondesk.core.checks import run_checks

    m = _f1_without_law_limitation(role)
    findings = run_checks(m, m.render("draft"), m.template())
    found = [f for f in findings if f.rule_id == "X5-FOR-01" and f.severity == "error"]
    assert len(found) == 1 and "the laws of the Cayman Islands" in found[0].message
