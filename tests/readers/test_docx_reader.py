"""The Word reader: paragraphs, marks, list numbering, headers, tracked changes and comments."""

from docx_files import NUMBERING, REL, W, package, paragraph

from opiniondesk.core.model import PageNumber
from opiniondesk.readers import read_bytes


def _letter(paragraphs, **kwargs):
    return read_bytes(package("".join(paragraphs), **kwargs), "precedent.docx")


OPENING = [
    paragraph("June 1, 2024"),
    paragraph("Acme Corp."),
    paragraph("1 Main Street"),
    paragraph("Dover, DE 19901"),
    paragraph("Ladies and Gentlemen:"),
    paragraph("We have acted as counsel to Acme Corp., a Delaware corporation."),
    paragraph("Based on the foregoing, we are of the opinion that:"),
]
CLOSING = [paragraph("Very truly yours,"), paragraph("/s/ Smith &amp; Jones LLP")]


def test_word_numbering_becomes_opinion_numbers_and_labels():
    """Ensure Word list numbering gives numbered opinions and lettered sub-items."""
    body = OPENING + [
        paragraph("The Shares have been duly authorized.", num=(1, 0)),
        paragraph("the Shares are listed;", num=(1, 1)),
        paragraph("the Shares are registered.", num=(1, 1)),
        paragraph("The Notes are valid and binding obligations.", num=(1, 0)),
        *CLOSING,
    ]
    precedent = _letter(body, parts={"word/numbering.xml": NUMBERING})
    blocks = precedent.letter.blocks
    opinions = precedent.letter.blocks_of("opinion")
    assert [b.number for b in opinions] == [1, 2]
    assert opinions[1].text == "The Notes are valid and binding obligations."
    assert [b.text for b in blocks if b.text.startswith("(")] == [
        "(a) the Shares are listed;",
        "(b) the Shares are registered.",
    ]
    assert [b.kind for b in blocks[:3]] == ["date", "address", "salutation"]
    assert precedent.letter.signature.conformed == "Smith & Jones LLP"


def test_marks_tabs_and_line_breaks():
    """Ensure bold runs keep their mark, tabs read as spaces and breaks as line breaks."""
    body = (
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Acme Corp.</w:t></w:r><w:r><w:br/>"
        "<w:t>1 Main</w:t><w:tab/><w:t>Street</w:t></w:r></w:p>"
    )
    letter = read_bytes(package(body), "a.docx").letter
    inlines = letter.blocks[0].inlines
    assert inlines[0].text == "Acme Corp." and "strong" in inlines[0].marks
    assert letter.blocks[0].text == "Acme Corp.\n1 Main Street"


def test_tracked_changes_read_as_accepted_and_comments_left_out():
    """Ensure insertions are kept, deletions dropped, comments left out, and the import says so."""
    body = (
        "<w:p><w:r><w:t>The Shares are </w:t></w:r>"
        '<w:del w:id="1" w:author="A"><w:r><w:delText>not </w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>validly </w:t></w:r></w:ins>'
        '<w:commentRangeStart w:id="3"/><w:r><w:t>issued.</w:t></w:r><w:commentRangeEnd w:id="3"/>'
        '<w:r><w:commentReference w:id="3"/></w:r></w:p>'
    )
    comments = f'<w:comments {W}><w:comment w:id="3"><w:p><w:r><w:t>Check this</w:t></w:r></w:p></w:comment></w:comments>'
    precedent = read_bytes(package(body, parts={"word/comments.xml": comments}), "a.docx")
    assert precedent.letter.blocks[0].text == "The Shares are validly issued."
    assert "its tracked changes were read as accepted" in precedent.notes
    assert "its comments were left out" in precedent.notes
    assert "Check this" not in " ".join(b.text for b in precedent.letter.blocks)


def test_continuation_header_with_page_field():
    """Ensure the default header with a PAGE field becomes the header, the first page's is kept."""
    header = (
        f'<w:hdr {W}><w:p><w:r><w:t>Acme Corp.</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
    )
    first = f"<w:hdr {W}><w:p><w:r><w:t>SMITH &amp; JONES LLP</w:t></w:r></w:p></w:hdr>"
    sect = (
        f'<w:sectPr {R_ATTR}><w:headerReference w:type="default" r:id="rH1"/>'
        '<w:headerReference w:type="first" r:id="rH2"/><w:titlePg/></w:sectPr>'
    )
    data = package(
        "".join(OPENING + CLOSING),
        parts={"word/header1.xml": header, "word/header2.xml": first},
        rels=[("rH1", REL + "/header", "header1.xml"), ("rH2", REL + "/header", "header2.xml")],
        sect=sect,
    )
    letter = read_bytes(data, "a.docx").letter
    assert [[i.text for i in line] for line in letter.header] == [["Acme Corp."], ["Page ", "#"]]
    assert isinstance(letter.header[1][1], PageNumber)
    assert letter.blocks[0].text == "SMITH & JONES LLP"


R_ATTR = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def test_layout_table_row_is_one_paragraph():
    """Ensure a numbered opinion laid out as a two-cell table row reads as one paragraph."""
    table = (
        "<w:tbl><w:tr><w:tc>"
        + paragraph("1.")
        + "</w:tc><w:tc>"
        + paragraph("The Shares are validly issued, fully paid and non-assessable.")
        + "</w:tc></w:tr></w:tbl>"
    )
    letter = _letter([*OPENING, table, *CLOSING]).letter
    assert letter.blocks_of("opinion")[0].text.startswith("The Shares are validly issued")


def _numbering(ilvl="0", start="1", fmt="decimal", override=None):
    over = (
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{override}"/></w:lvlOverride>'
        if override is not None
        else ""
    )
    return (
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="(%1)"/></w:lvl>'
        f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>{over}</w:num>'
        "</w:numbering>"
    )


def _numbered(numbering, ilvl="0"):
    body = OPENING + [paragraph("The Shares are validly issued.", num=(1, ilvl)), *CLOSING]
    precedent = _letter(body, parts={"word/numbering.xml": numbering})
    return next(b.text for b in precedent.letter.blocks if "validly issued" in b.text)


def test_bad_numbering_values_are_read_not_a_crash():
    """Ensure a start, level or column span Word never writes ("x", "one", "2.5") is read as its
    default, not raised as a ValueError."""
    assert _numbered(_numbering(start="x")) == "(1) The Shares are validly issued."
    assert _numbered(_numbering(override="x")) == "(1) The Shares are validly issued."
    assert _numbered(_numbering(ilvl="one"), ilvl="one") == "(1) The Shares are validly issued."
    table = (
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2.5"/></w:tcPr>'
        "<w:p><w:r><w:t>Our File No. 1234</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    precedent = _letter([table, *OPENING, *CLOSING])
    assert any("Our File No. 1234" in b.text for b in precedent.letter.blocks)


def test_huge_numbering_values_are_bounded():
    """Ensure a level of 20 million or a start of 2 billion is held to Word's own range (levels
    0-8, starts up to 10,000), so a label stays short and is made at once."""
    import time

    started = time.perf_counter()
    label = _numbered(_numbering(start="2000000000", fmt="lowerRoman")).split()[0]
    assert label == "(" + "m" * 10 + ")"  # 10,000 in roman numerals
    big = "20000000"
    text = _numbered(_numbering(ilvl=big), ilvl=big)
    assert text.endswith("The Shares are validly issued.") and len(text) < 40
    assert _numbered(_numbering(start="-5")) == "(0) The Shares are validly issued."
    assert time.perf_counter() - started < 5


def test_damaged_value_is_the_readers_damaged_message(monkeypatch):
    """Ensure a ValueError from a damaged part becomes the reader's "is damaged" message."""
    import pytest

    from opiniondesk.core.errors import OpinionDeskError
    from opiniondesk.readers import docx

    def broken(*args, **kwargs):
        raise ValueError("a value no Word document holds")

    monkeypatch.setattr(docx, "table_paras", broken)
    table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    with pytest.raises(OpinionDeskError, match="precedent.docx: is damaged"):
        _letter([table, *OPENING, *CLOSING])
