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
