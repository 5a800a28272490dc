"""The plain-text reader and the part recogniser: EDGAR .txt exhibits and pasted letters."""

from conftest import FIXTURES
from opiniondesk.readers import read_bytes, read_pasted, read_precedent

REFERENCE = FIXTURES / "exhibit-5.1-cmsi-2001.txt"


def _kinds(letter):
    return [b.kind for b in letter.blocks]


def test_reference_letter_parts():
    """Ensure the EDGAR text exhibit is read into its parts, its wrapped lines made paragraphs."""
    precedent = read_precedent(REFERENCE)
    letter = precedent.letter
    assert precedent.format == "text"
    assert _kinds(letter) == [
        "exhibit", "date", "address", "salutation",
        "body", "body", "body", "body",
        "opinion", "opinion", "opinion",
        "body", "body", "closing", "signature", "signer",
    ]  # fmt: skip
    assert letter.blocks[1].text == "October 23, 2001"
    assert letter.blocks[2].text.split("\n") == [
        "Citicorp Mortgage Securities, Inc.",
        "12855 North Outer Forty Drive",
        "St. Louis, MO 63141",
    ]
    assert [b.number for b in letter.blocks_of("opinion")] == [1, 2, 3]
    assert letter.blocks_of("opinion")[0].text.startswith("CMSI is a corporation")
    assert letter.signature.style == "conformed" and letter.signature.conformed == "John R. Dye"


def test_paragraph_cut_by_a_page_break_is_joined():
    """Ensure a paragraph running over <PAGE> and the continuation header is one paragraph."""
    letter = read_precedent(REFERENCE).letter
    body = [b.text for b in letter.blocks_of("body")]
    assert any("the form set forth in the applicable form of Pooling" in t for t in body)
    assert any("reference to this opinion under the heading" in t for t in body)
    assert not any("Page 2" in b.text or "<PAGE>" in b.text for b in letter.blocks)


def test_continuation_header_found_with_page_field():
    """Ensure the lines repeated atop later pages become the header, its number the page field."""
    precedent = read_precedent(REFERENCE)
    header = precedent.letter.header
    assert ["".join(i.text for i in line) for line in header] == [
        "Citicorp Mortgage Securities, Inc.",
        "Page #",
    ]
    assert type(header[1][-1]).__name__ == "PageNumber"
    assert precedent.dropped.count("Citicorp Mortgage Securities, Inc.") == 2


PASTED = """Exhibit 5.1

March 3, 2025

Northwind Holdings, Inc.
100 Harbor Street
Boston, MA 02110

Ladies and Gentlemen:

We have acted as counsel to Northwind Holdings, Inc., a Delaware corporation (the "Company"), in connection with the Registration Statement on Form S-8 relating to 1,250,000 shares of common stock of the Company (the "Shares") issuable under the Northwind Holdings, Inc. 2025 Equity Incentive Plan (the "Plan").
Based on the foregoing, we are of the opinion that the Shares have been duly authorized and, when issued in accordance with the Plan, will be validly issued, fully paid and non-assessable.
We consent to the filing of this opinion as an exhibit to the Registration Statement.

Very truly yours,

/s/ Harbor & Pike LLP
"""


def test_pasted_text_one_paragraph_per_line():
    """Ensure pasted text with a paragraph per line keeps each line a paragraph."""
    letter = read_pasted(PASTED).letter
    assert _kinds(letter) == [
        "exhibit", "date", "address", "salutation", "body", "body", "body",
        "closing", "signature",
    ]  # fmt: skip
    assert letter.blocks[4].text.endswith('(the "Plan").')
    assert letter.signature.conformed == "Harbor & Pike LLP"


def test_hard_wrapped_and_mixed_text():
    """Ensure hard-wrapped paragraphs are unwrapped while address lines stay lines."""
    text = (
        "June 1, 2024\n\nAcme Corp.\n1 Main Street\nDover, DE 19901\n\nLadies and Gentlemen:\n\n"
        'We have acted as counsel to Acme Corp., a Delaware corporation (the "Company"), in\n'
        "connection with the filing of a registration statement on Form S-3 with the Securities\n"
        "and Exchange Commission.\n\n"
        "This second paragraph is on one very long line that a browser saved as it is, with no "
        "wrapping at all, so it is longer than any line of the wrapped paragraph above it.\n\n"
        "Very truly yours,\n\n/s/ Jane Q. Smith\nJane Q. Smith\nGeneral Counsel\n"
    )
    letter = read_pasted(text).letter
    body = letter.blocks_of("body")
    assert body[0].text.startswith("We have acted as counsel to Acme Corp., a Delaware")
    assert "\n" not in body[0].text and body[0].text.endswith("Commission.")
    assert letter.blocks_of("address")[0].text.count("\n") == 2
    assert letter.blocks_of("signer")[0].text == "Jane Q. Smith\nGeneral Counsel"


def test_fragment_keeps_every_word():
    """Ensure a fragment (no date, no closing, cut mid-word) imports with its words as body."""
    text = "the Registration Statement; and (ii) the Shares will be validly iss"
    letter = read_pasted(text).letter
    assert _kinds(letter) == ["body"]
    assert letter.blocks[0].text == text


def test_edgar_submission_exhibit_is_chosen():
    """Ensure an EDGAR submission's EX-5.1 document is read, not the rest of the filing."""
    data = (
        b"<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>S-3\n<TEXT>\nThe prospectus\n</TEXT>\n</DOCUMENT>\n"
        b"<DOCUMENT>\n<TYPE>EX-5.1\n<SEQUENCE>2\n<TEXT>\nExhibit 5.1\n\nJune 1, 2024\n\n"
        b"Acme Corp.\n\nLadies and Gentlemen:\n\nWe have acted as counsel.\n</TEXT>\n</DOCUMENT>\n"
    )
    precedent = read_bytes(data, "0001.txt")
    assert "The prospectus" not in " ".join(b.text for b in precedent.letter.blocks)
    assert precedent.letter.blocks[0].text == "Exhibit 5.1"
    assert any("EX-5.1" in note for note in precedent.notes)
