"""The asset-backed certificates shelf opinion: the reference letter, in-house "I" and firm "we"."""

from letters import as_firm, assert_voice, convert_sample, load_sample, paragraphs, squash, text_of

from helpers import reference_body, words
from opiniondesk.writers.text import write_text

TID = "abs-pass-through-certificates"


def test_sample_reproduces_the_reference_letter(reference_text):
    """Ensure the sample's filing copy has the reference letter's words, in order."""
    text = write_text(load_sample(TID).render("filing"), width=0)
    assert words(text) == words(reference_body(reference_text))


def test_in_house_speaks_as_i_in_every_paragraph():
    """Ensure the in-house sample says "I" and never "we" in every paragraph."""
    m = load_sample(TID)
    assert_voice(m, "I")
    assert "This opinion is being provided by the undersigned" in text_of(m)


def test_firm_speaks_as_we_in_every_paragraph():
    """Ensure a law firm's letter says "we" throughout and drops the in-house introduction."""
    m = as_firm(load_sample(TID))
    assert_voice(m, "we")
    text = text_of(m)
    assert "This opinion is being provided" not in text
    assert text.startswith(
        "We have acted as your counsel in connection with the Registration Statement"
    )
    assert "We have examined originals or copies" in text and "We hereby consent" in text
    # The filing copy's "/s/ Smith & Jones LLP" is the firm's name, once (issue 18.4).
    assert paragraphs(m)[-1] == ("signature", "/s/ Smith & Jones LLP")
    assert paragraphs(m, "draft")[-2:] == [("signature", ""), ("signer", "Smith & Jones LLP")]


def test_section7_and_caption():
    """Ensure the Section 7 non-admission can be left out and the caption follows its fact."""
    m = load_sample(TID)
    m.facts["section7_statement"] = False
    m.facts["prospectus_caption"] = "Legal Matters"
    text = text_of(m)
    assert "Section 7" not in text and 'under the heading "Legal Matters"' in text


def test_sample_converts_with_libreoffice(tmp_path, libreoffice):
    """Ensure the sample's DOCX converts with LibreOffice and carries the opinions."""
    pdf, _ = convert_sample(TID, tmp_path, libreoffice)
    assert squash("legally and validly issued, fully paid and nonassessable") in pdf
    assert squash("/s/ John R. Dye") in pdf


def test_form_sf3_and_sf1_are_offered_and_sf3_is_the_default():
    """Ensure the asset-backed shelf offers Form SF-3 and SF-1 and defaults to SF-3, while the 2001
    reference letter keeps Form S-3 (issue 16.4; Regulation AB II)."""
    from letters import defaults_matter, flat

    spec = load_sample(TID).template().schema.get("form")
    assert {"SF-3", "SF-1"} <= {c.value for c in spec.choices} and spec.default == "SF-3"
    assert "Registration Statement on Form SF-3" in flat(defaults_matter(TID))
    assert "Registration Statement on Form S-3" in text_of(load_sample(TID))


def test_unsold_securities_carried_forward():
    """Ensure unsold securities carried forward under Rule 415(a)(6) are marked in the amount and
    stated in a note (issue 13)."""
    m = load_sample(TID)
    m.facts["unsold_amount"] = "250000000"
    m.facts["unsold_file_number"] = "333-55555"
    text = text_of(m)
    assert "covers a total of $1 billion* aggregate principal amount" in text
    assert (
        "* Including $250 million aggregate principal amount of unsold Certificates registered under "
        "CMSI’s registration statement (File No. 333-55555), which are included in the Registration "
        "Statement pursuant to Rule 415(a)(6) under the Act." in text
    )


def test_a_registration_without_a_shelf_gives_an_unqualified_opinion():
    """Ensure the certificates and the agreement of an SF-1 or S-1 (no shelf) are stated as duly
    authorized, not conditioned on an authorization still to come, and the checks find no
    X5-ASM-01 error (SLB 19 II.B.2.a: only a delayed shelf may assume future corporate action)."""
    from opiniondesk.core.checks import run_checks

    for form in ("SF-1", "S-1"):
        m = load_sample(TID)
        m.facts["form"] = form
        _, second, third = [t for k, t in paragraphs(m) if k == "opinion"]
        assert second.startswith(
            "The issuance, execution and delivery of the Certificates have been duly authorized by "
            "all necessary corporate action of CMSI, and when the Certificates of any series have "
            "been duly executed and delivered by CMSI, duly authenticated by the applicable Trustee "
            "and issued and sold as contemplated by the Registration Statement"
        )
        assert third.startswith(
            "The execution and delivery of each Pooling and Servicing Agreement by CMSI have been "
            "duly authorized by all necessary corporate action of CMSI, and when a Pooling and "
            "Servicing Agreement has been duly executed and delivered by CMSI and a Trustee, such "
            "Pooling and Servicing Agreement will constitute a valid and binding obligation of CMSI"
        )
        assert "When the issuance" not in second and "duly and validly authorized" not in third
        findings = run_checks(m, m.render("draft"), m.template())
        assert [f.text for f in findings if f.severity == "error"] == []
    m = load_sample(TID)
    m.facts.update(form="SF-1", registrant_entity="limited_liability_company")
    assert "by all necessary limited liability company action of CMSI" in text_of(m)


def test_a_shelf_keeps_the_conditions_of_the_reference_letter():
    """Ensure Form SF-3 (and the reference letter's S-3) keeps the shelf's "When ... have been duly
    authorized" conditions, which a delayed shelf may state (SLB 19 II.B.2.a)."""
    m = load_sample(TID)
    m.facts["form"] = "SF-3"
    _, second, third = [t for k, t in paragraphs(m) if k == "opinion"]
    assert second.startswith("When the issuance, execution and delivery of any particular series")
    assert third.startswith("When a Pooling and Servicing Agreement has been duly and validly")
