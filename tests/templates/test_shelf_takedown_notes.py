"""The Form 8-K notes takedown: prospectus, supplement and underwriting agreement by date; each tranche."""

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

TID = "shelf-takedown-notes"


def test_two_tranches_and_the_documents_by_date():
    """Ensure each tranche is named by amount, rate, series and maturity, and the documents by date."""
    text = text_of(load_sample(TID))
    assert "(i) $500,000,000 aggregate principal amount of its 5.250% Senior Notes due 2034" in text
    assert '(the "2054 Notes" and, together with the 2034 Notes, the "Notes")' in text
    assert "Underwriting Agreement, dated May 6, 2024" in text
    assert (
        "prospectus supplement, dated May 6, 2024" in text
        and "prospectus, dated March 1, 2024" in text
    )
    assert "(File No. 333-277612)" in text


def test_one_tranche_and_no_supplemental_indenture():
    """Ensure one tranche is simply the Notes and a base indenture alone is the Indenture."""
    m = load_sample(TID)
    m.facts["notes"] = m.facts["notes"][:1]
    del m.facts["supplemental_indenture_name"]
    text = text_of(m)
    assert 'Senior Notes due 2034 (the "Notes"), under the Underwriting Agreement' in text
    assert (
        'dated as of May 15, 2019 (the "Indenture"), between' in text and "Supplemental" not in text
    )


def test_binding_obligation_with_the_exception():
    """Ensure the notes opinion says binding obligations, with the bankruptcy and equity exception."""
    [notes] = opinions(load_sample(TID))
    assert "will constitute valid and binding obligations of the Company" in notes
    assert "general principles of equity" in notes


def test_consent_to_the_form_8k_or_a_post_effective_amendment():
    """Ensure the consent names the Form 8-K by date, the date hereof, or a post-effective amendment."""
    m = load_sample(TID)
    assert "exhibit to the Current Report on Form 8-K of the Company dated May 13, 2024" in text_of(
        m
    )
    del m.facts["form_8k_date"]
    assert "Form 8-K of the Company filed on the date hereof" in text_of(m)
    m.facts["consent_exhibit_to"] = "post_effective_amendment"
    text = text_of(m)
    assert (
        "as an exhibit to a post-effective amendment to the Registration Statement and to the "
        "reference"
        in text
        and "8-K" not in text
    )
    from opiniondesk.core.checks import run_checks

    letter = m.render("filing")
    assert not [f for f in run_checks(m, letter) if f.severity == "error"]


def test_voice_in_every_paragraph():
    """Ensure a firm says "we" and in-house counsel "I" in every paragraph."""
    assert_voice(as_firm(load_sample(TID)), "we")
    assert_voice(as_in_house(load_sample(TID)), "I")


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert squash("5.750% Senior Notes due 2054") in pdf


def test_tranches_maturing_the_same_year_get_their_own_terms():
    """Ensure two tranches due the same year are defined by rate and maturity, not both "the 2034 Notes"."""
    m = load_sample(TID)
    assert '(the "2034 Notes")' in text_of(m).replace("\u201c", '"').replace("\u201d", '"')
    m.facts["notes"][1]["maturity"] = m.facts["notes"][0]["maturity"]
    text = text_of(m).replace("\u201c", '"').replace("\u201d", '"')
    assert '(the "5.250% Notes due 2034")' in text and '(the "5.750% Notes due 2034"' in text
    assert '"2034 Notes"' not in text


def test_medium_term_notes_under_a_distribution_agreement():
    """Ensure a medium-term note takedown is sold through agents under a distribution agreement,
    offered by a pricing supplement filed under Rule 424(b), represented by a master note, with no
    underwriting agreement, and the documents in practice's order (issue 13)."""
    m = load_sample(TID)
    m.facts.update(
        sale_by="distribution",
        agents="Citigroup Global Markets Inc. and the other agents named therein",
        distribution_agreement_date="2024-03-01",
        pricing_supplement_date="2024-05-10",
        pricing_supplement_number="12",
        master_note=True,
    )
    del m.facts["underwriters"], m.facts["underwriting_agreement_date"]
    text = flat(m)
    assert "Underwriting" not in text
    assert (
        "as part of its medium-term note program, through Citigroup Global Markets Inc. and the other "
        'agents named therein (the "Agents"), under the Distribution Agreement, dated March 1, 2024 '
        '(the "Distribution Agreement"), between the Company and the Agents.' in text
    )
    assert (
        "offered by means of Pricing Supplement No. 12, dated May 10, 2024, and filed pursuant to Rule "
        '424(b) (the "Pricing Supplement"), to a prospectus supplement, dated May 6, 2024' in text
    )
    assert 'represented by a master global note (the "Master Note")' in text
    assert (
        "(a) the Registration Statement; (b) the Base Prospectus; (c) the Prospectus Supplement; (d) "
        "the Pricing Supplement; (e) the Base Indenture; (f) the Supplemental Indenture; (g) the "
        "Master Note; (h) the Distribution Agreement;" in text
    )
    assert "in accordance with the Distribution Agreement" in opinions(m)[0]


def test_notes_sold_with_no_underwriting_agreement():
    """Ensure the underwriting agreement is optional where the deal has none (issue 13)."""
    m = load_sample(TID)
    m.facts["sale_by"] = "none"
    text = flat(m)
    assert "Underwriting Agreement" not in text
    assert "against payment therefor as contemplated by the Prospectus Supplement" in opinions(m)[0]


def test_secured_and_guaranteed_notes():
    """Ensure secured notes name their collateral and security agreement, guaranteed notes their
    guarantors, each opined on, and the guarantors left out of the other-parties assumption
    (issues 13 and 16.1)."""
    m = load_sample(TID)
    m.facts.update(
        collateral="a first-priority lien on substantially all of the assets of the Company",
        security_agreement_date="2024-05-13",
        collateral_agent="Wilmington Trust, National Association",
        guarantors=[
            {"name": "Meridian Logistics Corp.", "jurisdiction": "Texas", "entity": "corporation"}
        ],
    )
    text = flat(m)
    assert (
        'fully and unconditionally guaranteed by Meridian Logistics Corp., a Texas corporation (the "Guarantor"'
        in text
    )
    assert (
        "The Notes are secured by a first-priority lien on substantially all of the assets of the "
        "Company under the Security Agreement, dated as of May 13, 2024, among the Company, the "
        "Guarantor and Wilmington Trust, National Association, as collateral agent" in text
    )
    assert "other than the Company and the Guarantor," in text
    notes, guarantee, security = opinions(m)
    assert guarantee.startswith(
        "The Guarantee has been duly authorized by all necessary corporate action of the Guarantor"
    )
    assert "valid and binding obligation of the Guarantor" in guarantee
    assert security.startswith(
        "The Security Agreement has been duly authorized, executed and delivered"
    )
    assert "the laws of the State of Texas" in text


def test_one_tranche_has_no_roman_numeral():
    """Ensure a single tranche is not numbered "(i)" (issue 16.14)."""
    m = load_sample(TID)
    m.facts["notes"] = m.facts["notes"][:1]
    assert "(i)" not in flat(m).split("We have examined")[0]


def test_the_act_is_not_used_before_it_is_defined_and_three_parties_are_among():
    """Ensure the pricing supplement is "filed pursuant to Rule 424(b)" (the Act is defined only
    later in that sentence), a long date mid-sentence is closed by a comma, and a security agreement
    of the Company, the guarantors and an agent is "among" them."""
    m = load_sample(TID)
    m.facts.update(
        sale_by="distribution",
        agents="BofA Securities, Inc.",
        distribution_agreement_date="2024-03-01",
        pricing_supplement_date="2024-05-10",
    )
    text = flat(m)
    assert text.index('(the "Act")') > text.index("Rule 424(b)")
    assert "under the Act (the" not in text
    assert (
        "a pricing supplement, dated May 10, 2024, and filed pursuant to Rule 424(b) (the" in text
    )
    m.facts["date_style"] = "day"
    assert "dated 10 May 2024 and filed pursuant to Rule 424(b)" in flat(m)
    m = load_sample(TID)
    m.facts.update(
        collateral="a first-priority lien on its aircraft",
        guarantors=[
            {"name": "Meridian Ohio Inc.", "jurisdiction": "Ohio", "entity": "corporation"}
        ],
    )
    assert "under the Security Agreement among the Company, the Guarantor and the Trustee" in flat(
        m
    )
    del m.facts["guarantors"]
    assert "under the Security Agreement between the Company and the Trustee" in flat(m)
