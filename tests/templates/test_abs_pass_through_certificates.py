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
