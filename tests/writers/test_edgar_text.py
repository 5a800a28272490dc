"""The EDGAR ASCII writer: every sample's filing copy in EDGAR's own characters, 80 columns wide."""

import pytest

from edgar_helpers import SAMPLES, ascii_page_texts, filing_letter, layout_page_texts
from helpers import reference_body, words
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.edgar_rules import ASCII_ALLOWED, EDGAR_CHARACTERS, check_document, to_ascii
from opiniondesk.writers.edgar import write_edgar
from opiniondesk.writers.text import write_text


@pytest.fixture(scope="module")
def exhibits():
    """Each sample's filing letter and its EDGAR ASCII text, made once for the module."""
    out = {}
    for path in SAMPLES:
        letter = filing_letter(path)
        out[path.stem] = (letter, write_edgar(letter, "edgar-txt"))
    return out


def test_every_byte_ascii_and_no_line_over_80(exhibits):
    """Ensure each sample's ASCII copy is EDGAR's characters only, no line over 80, and passes."""
    for stem, (_, data) in exhibits.items():
        assert all(byte in b"\n" or chr(byte) in ASCII_ALLOWED for byte in data), stem
        text = data.decode("ascii")
        assert max(len(line) for line in text.splitlines()) <= 80, stem
        assert "\u201c" not in text and '"' in text
        assert check_document("ex5-1.txt", data) == [], stem


def test_words_are_the_filing_copys(exhibits):
    """Ensure each sample's ASCII copy holds the filing copy's words, page tags and headers aside."""
    for stem, (letter, data) in exhibits.items():
        header = len(letter.header)
        bodies, headers = ascii_page_texts(data.decode("ascii"), header)
        assert words("\n".join(bodies)) == words(write_text(letter)), stem
        for number, lines in enumerate(headers, start=2):
            assert lines[-1] == f"Page {number}", (stem, lines)


def test_pages_break_where_the_printed_letter_breaks(exhibits):
    """Ensure a <PAGE> tag stands wherever the printed letter turns a page, and nowhere else."""
    for stem, (letter, data) in exhibits.items():
        printed = layout_page_texts(letter)
        bodies, _ = ascii_page_texts(data.decode("ascii"), len(letter.header))
        assert len(bodies) == len(printed), stem
        for number, (ours, theirs) in enumerate(zip(bodies, printed), start=1):
            assert words(ours) == words(theirs), (stem, number)


def test_reference_sample_reads_as_the_reference_letter(exhibits, reference_text):
    """Ensure the reference sample's ASCII copy is the reference letter word for word."""
    _, data = exhibits["cmsi-2001"]
    text = data.decode("ascii")
    bodies, headers = ascii_page_texts(text, 2)
    assert words("\n".join(bodies)) == words(reference_body(reference_text))
    assert headers == [["Citicorp Mortgage Securities, Inc.", "Page 2"]]
    assert "Counsel--Corporate Law" in text
    assert "1.    CMSI is a corporation" in text
    assert "\n/s/ John R. Dye\n" in text


def test_symbols_are_spelled_out(sample_path):
    """Ensure the section sign, curly quotes, dashes and accents become EDGAR's ASCII spellings."""
    matter = load_matter(sample_path)
    matter.facts["prospectus_caption"] = (
        "Legal Matters \u00a7 5 \u2013 Soci\u00e9t\u00e9\u2019s \u00bd"
    )
    text = write_edgar(matter.render("filing"), "edgar-txt").decode("ascii")
    assert '"Legal Matters Section 5 - Societe\'s 1/2"' in " ".join(text.split())


def test_every_character_edgar_carries_has_an_ascii_spelling():
    """Ensure each character a filing copy may hold (but ^, refused) has an ASCII spelling."""
    for ch in EDGAR_CHARACTERS - {"^"}:
        assert all(c in ASCII_ALLOWED for c in to_ascii(ch)), repr(ch)


def test_a_long_word_is_cut_rather_than_pass_80(sample_path):
    """Ensure a word longer than a line is cut, so no line passes 80 characters."""
    matter = load_matter(sample_path)
    matter.facts["prospectus_caption"] = "x" * 120
    text = write_edgar(matter.render("filing"), "edgar-txt").decode("ascii")
    assert max(len(line) for line in text.splitlines()) == 80


def test_a_circumflex_fact_is_refused_for_ascii(sample_path):
    """Ensure a fact with ^ (not in Table 5-1) is refused for the ASCII copy, naming the fact."""
    matter = load_matter(sample_path)
    matter.facts["registrant_short_name"] = "CM^SI"
    letter = matter.render("filing")
    with pytest.raises(OpinionDeskError) as caught:
        write_edgar(letter, "edgar-txt")
    assert [p.where for p in caught.value.problems] == ["fact 'registrant_short_name'"]
    assert "5.2.1.1" in caught.value.problems[0].message
    assert b"CM^SI" in write_edgar(letter, "edgar")  # HTML carries it
