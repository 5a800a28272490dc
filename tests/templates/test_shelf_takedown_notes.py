"""The Form 8-K notes takedown: prospectus, supplement and underwriting agreement by date; each tranche."""

from letters import (
    as_firm,
    as_in_house,
    assert_voice,
    convert_sample,
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
