"""The HTML reader: EDGAR exhibits' paragraphs, page breaks, layout tables and marks."""

from conftest import FIXTURES
from opiniondesk.readers import read_bytes

PAGE = '<p style="page-break-before: always"></p><hr>'


def _read(html):
    return read_bytes(html.encode(), "ex5-1.htm")


def test_edgar_pages_header_and_page_numbers():
    """Ensure page numbers are dropped and the repeated header at the top of pages is found."""
    html = (
        "<html><body><p align=right>Exhibit 5.1</p><p>June 1, 2024</p>"
        "<p>Acme Corp.<br>1 Main Street<br>Dover, DE 19901</p><p>Ladies and Gentlemen:</p>"
        "<p>We have acted as counsel to Acme Corp., a Delaware corporation (the "
        "&#8220;Company&#8221;), in connection with the registration statement on Form S-3 and"
        f"</p><p align=center>1</p>{PAGE}<p>Acme Corp.</p><p>June 1, 2024</p><p>Page 2</p>"
        "<p>the prospectus included in it.</p><p>Very truly yours,</p>"
        "<p>/s/ Smith &amp; Jones LLP</p></body></html>"
    )
    precedent = _read(html)
    letter = precedent.letter
    assert [b.kind for b in letter.blocks] == [
        "exhibit", "date", "address", "salutation", "body", "closing", "signature",
    ]  # fmt: skip
    assert letter.blocks[4].text.endswith("on Form S-3 and the prospectus included in it.")
    assert ["".join(i.text for i in line) for line in letter.header] == [
        "Acme Corp.",
        "June 1, 2024",
        "Page #",
    ]
    assert "1" in precedent.dropped


def test_marks_from_tags_and_styles():
    """Ensure bold, italic and underline come from tags and from inline styles."""
    html = (
        '<html><body><p><b>bold</b> <span style="font-style: italic">italic</span> '
        '<font style="text-decoration: underline">under</font></p></body></html>'
    )
    inlines = _read(html).letter.blocks[0].inlines
    marks = {i.text.strip(): i.marks for i in inlines if i.text.strip()}
    assert marks == {
        "bold": frozenset({"strong"}),
        "italic": frozenset({"em"}),
        "under": frozenset({"u"}),
    }


def test_letterhead_grid_read_column_by_column():
    """Ensure a letterhead grid beside the addressee keeps the date and address together."""
    precedent = read_bytes(
        (FIXTURES / "precedents" / "aerovironment-s3asr-2025.htm").read_bytes(), "ex5-1.htm"
    )
    address = precedent.letter.blocks_of("address")[0].text.split("\n")
    assert address[:3] == [
        "AeroVironment, Inc.",
        "241 18th Street South, Suite 650",
        "Arlington, Virginia 22202",
    ]
    assert precedent.letter.blocks_of("date")[0].text == "June 30, 2025"


def test_edgar_submission_html_exhibit():
    """Ensure an EDGAR submission's HTML exhibit is read as HTML."""
    data = (
        "<DOCUMENT>\n<TYPE>EX-5.1\n<SEQUENCE>3\n<FILENAME>ex5.htm\n<TEXT>\n<html><body>"
        "<p>Exhibit 5.1</p><p>We have acted as counsel.</p></body></html>\n</TEXT>\n</DOCUMENT>"
    )
    precedent = _read(data)
    assert precedent.format == "html"
    assert [b.text for b in precedent.letter.blocks] == ["Exhibit 5.1", "We have acted as counsel."]
