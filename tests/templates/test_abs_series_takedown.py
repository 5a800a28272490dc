"""The asset-backed series takedown: the series, its classes, the agreement by date and the trustee."""

from letters import (
    as_firm,
    as_in_house,
    assert_voice,
    convert_sample,
    defaults_matter,
    flat,
    load_sample,
    opinions,
    squash,
    text_of,
)

TID = "abs-series-takedown"


def test_series_classes_agreement_and_trustee():
    """Ensure the letter names the series, each offered class, the agreement by date and the trustee."""
    text = text_of(load_sample(TID))
    assert (
        "REMIC Pass-Through Certificates, Series 2002-3, Class IA-1, Class IA-2, Class IA-PO and Class IA-R"
        in text
    )
    assert (
        'Pooling and Servicing Agreement, dated as of March 1, 2002 (the "Pooling and Servicing Agreement"), between CMSI and U.S. Bank National Association, as trustee'
        in text
    )
    assert "having an aggregate initial principal balance of $412,650,000" in text


def test_the_three_opinions():
    """Ensure existence, certificates issued with the agreement's benefits, and the agreement binding."""
    existence, certificates, agreement = opinions(load_sample(TID))
    assert existence.startswith("CMSI is a corporation duly incorporated and validly existing")
    assert (
        "legally and validly issued, fully paid and nonassessable and entitled to the benefits"
        in certificates
    )
    assert "bankruptcy" not in certificates
    assert (
        "constitutes a valid and binding obligation of CMSI subject, as to enforcement" in agreement
    )


def test_one_class_and_no_amount():
    """Ensure a single class reads alone and the amount can be left out."""
    m = load_sample(TID)
    m.facts["offered_classes"] = [{"class_name": "A"}]
    del m.facts["aggregate_principal"]
    text = text_of(m)
    assert 'Series 2002-3, Class A (the "Certificates"), evidencing' in text


def test_voice_in_every_paragraph():
    """Ensure in-house counsel says "I" and a firm "we" in every paragraph."""
    assert_voice(as_in_house(load_sample(TID)), "I")
    assert_voice(as_firm(load_sample(TID)), "we")


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert squash("Series 2002-3") in pdf and squash("/s/ John R. Dye") in pdf


def test_trust_parties_and_registration_dates():
    """Ensure the takedown may name the trust, the servicer, master servicer and paying agent, the
    registration statement's filing and effective dates, and say undefined terms have the
    agreement's meanings (issue 13)."""
    m = load_sample(TID)
    m.facts.update(
        trust_name="CMSI REMIC Trust 2002-3",
        servicer="CitiMortgage, Inc.",
        master_servicer="Citicorp Mortgage Servicing, Inc.",
        paying_agent="Citibank, N.A.",
        registration_filed_date="2001-10-23",
        registration_effective_date="2001-11-06",
        defined_terms_sentence=True,
    )
    text = flat(m)
    assert 'interests in CMSI REMIC Trust 2002-3 (the "Trust"), a trust created by CMSI.' in text
    assert (
        "among CMSI, as depositor, CitiMortgage, Inc., as servicer, Citicorp Mortgage Servicing, Inc., "
        "as master servicer, Citibank, N.A., as paying agent and certificate registrar, and U.S. Bank "
        'National Association, as trustee (the "Trustee")' in text
    )
    assert (
        "filed with the Securities and Exchange Commission on October 23, 2001 and declared effective "
        "on November 6, 2001" in text
    )
    assert (
        "Capitalized terms used but not defined herein have the meanings given to them in the Pooling and Servicing Agreement."
        in text
    )


def test_form_sf3_for_a_letter_after_regulation_ab_ii():
    """Ensure a new takedown defaults to Form SF-3 (Regulation AB II, compliance from November 23,
    2015) while the 2002 sample keeps Form S-3 (issue 16.4)."""
    assert "Registration Statement on Form S-3 (File No. 333-71912)" in text_of(load_sample(TID))
    m = defaults_matter(TID)
    assert m.facts["form"] == "SF-3" and "Registration Statement on Form SF-3" in flat(m)
