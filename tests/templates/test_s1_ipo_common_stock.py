"""The Form S-1 IPO opinion: the company's shares "will be", the selling stockholders' shares "are"."""

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
