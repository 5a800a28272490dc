"""The built-in sample reproduces the reference Exhibit 5.1 letter, through DOCX and LibreOffice."""

import docx

from conftest import pdf_text
from helpers import reference_body, run_cli_process, words

ADDRESSEE = "Citicorp Mortgage Securities, Inc."


def test_filing_docx_matches_reference_through_libreoffice(
    tmp_path, sample_path, reference_text, libreoffice
):
    """Ensure the filing DOCX, converted by LibreOffice, reads as the reference letter word for word."""
    out = tmp_path / "out.docx"
    result = run_cli_process(["render", sample_path, "--copy", "filing", "-o", out])
    assert result.returncode == 0, result.stderr
    pages = pdf_text(libreoffice(out))
    assert len(pages) >= 2
    assert not pages[0].lstrip().startswith(ADDRESSEE), (
        "page 1 must not carry the continuation header"
    )
    body = [pages[0]]
    for number, page in enumerate(pages[1:], start=2):
        lines = [line for line in page.splitlines() if line.strip()]
        assert lines[0].strip() == ADDRESSEE, f"page {number} starts {lines[0]!r}"
        assert lines[1].strip() == f"Page {number}", f"page {number} header reads {lines[1]!r}"
        body.append("\n".join(lines[2:]))
    assert words("\n".join(body)) == words(reference_body(reference_text))


def test_filing_docx_structure(tmp_path, sample_path):
    """Ensure the DOCX has a blank first-page header, a PAGE field later, and the letterhead's look."""
    out = tmp_path / "out.docx"
    assert run_cli_process(["render", sample_path, "--copy", "filing", "-o", out]).returncode == 0
    document = docx.Document(str(out))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""
    header_xml = section.header._element.xml
    assert "<w:fldChar" in header_xml and "PAGE" in header_xml
    assert section.page_width.inches == 8.5 and section.page_height.inches == 11
    assert section.left_margin.inches == section.right_margin.inches == 1
    normal = document.styles["Normal"]
    fonts = document.styles.element.xml
    assert 'w:ascii="Times New Roman"' in fonts
    assert normal is not None
    signature = [p for p in document.paragraphs if p.text.startswith("/s/")]
    assert [p.text for p in signature] == ["/s/ John R. Dye"]
    closing = next(p for p in document.paragraphs if p.text == "Very truly yours,")
    assert closing.style.paragraph_format.keep_with_next
    assert signature[0].style.paragraph_format.keep_with_next


def test_text_format_has_the_same_words(tmp_path, sample_path, reference_text):
    """Ensure --format txt gives the reference letter's words."""
    out = tmp_path / "out.txt"
    result = run_cli_process(
        ["render", sample_path, "--copy", "filing", "--format", "txt", "-o", out]
    )
    assert result.returncode == 0, result.stderr
    assert words(out.read_text(encoding="utf-8")) == words(reference_body(reference_text))
