"""Precedents are untrusted input: what is not a letter's text is refused in one clear line."""

import io
import zipfile

import pytest
from docx_files import W, package, paragraph

from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.readers import read_bytes, read_precedent


def _refused(data, match, name="precedent.docx"):
    with pytest.raises(OpinionDeskError, match=match) as caught:
        read_bytes(data, name)
    (problem,) = caught.value.problems
    assert problem.where == name and "\n" not in str(problem)
    return problem


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_spreadsheet_renamed_docx():
    """Ensure an Excel workbook named .docx is named for what it is."""
    data = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    _refused(data, "is a spreadsheet \\(Excel\\), not a Word document")


def test_other_zip_and_damaged_files():
    """Ensure a zip that is no Word document, and a damaged one, are refused."""
    _refused(_zip({"readme.txt": "hello"}), "is a zip file, not a Word document")
    _refused(b"PK\x03\x04" + b"\x00" * 40, "is damaged or not a Word document")


def test_empty_file_and_empty_document():
    """Ensure an empty file and a Word document without text are refused."""
    _refused(b"", "is empty")
    _refused(package(paragraph(" ")), "has no text")


def test_image_only_document():
    """Ensure a document holding only a picture (a scan) says it needs the letter's text."""
    body = "<w:p><w:r><w:drawing/></w:r></w:p>"
    _refused(package(body), "holds only pictures")


def test_password_protected_document():
    """Ensure an encrypted Word document (an OLE file with an EncryptedPackage) is named so."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    data += "EncryptedInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    _refused(data, "is password-protected")
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old Word \\(.doc\\)")


def test_html_with_no_body_text():
    """Ensure an HTML page with nothing but pictures and spaces in its body is refused."""
    data = b"<html><head><title>EX-5.1</title></head><body><p>&nbsp;</p><img src=x></body></html>"
    _refused(data, "has no text in its body", "ex5.htm")


def test_fifty_megabyte_file_refused_before_reading(tmp_path):
    """Ensure a 50 MB file is refused by its size, before it is read."""
    big = tmp_path / "huge.docx"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(
        OpinionDeskError,
        match=r"huge.docx: is 50.0 MB, larger than a precedent letter may be \(20.0 MB\)",
    ):
        read_precedent(big)


def test_zip_bomb_refused():
    """Ensure a part that unpacks to far more than it holds is not unpacked."""
    bomb = package(paragraph("x"), parts={"word/media/blank.xml": " " * (3 * 1024 * 1024)})
    _refused(bomb, "zip bomb")


def test_entity_expansion_refused():
    """Ensure XML entity declarations (a billion laughs) are refused, never expanded."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": laughs,
        }
    )
    _refused(data, "declares a DTD or entities")


def test_encrypted_zip_refused():
    """Ensure a zip whose parts are encrypted is refused."""
    data = bytearray(package(paragraph("x")))
    # Set the encryption flag of every local and central header, as an encrypting zip tool does.
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(sig, start)) >= 0:
            data[start + offset] |= 0x01
            start += 4
    _refused(bytes(data), "is encrypted")


def test_pdf_and_picture_files():
    """Ensure a PDF and a picture are named for what they are."""
    _refused(b"%PDF-1.7\n...", "is a PDF", "letter.pdf")
    _refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "is a picture", "scan.png")


def _long_letter(chars):
    filler = (
        "The Company has filed the documents listed in the schedule hereto with the Commission. "
    )
    body = [f"Paragraph {n}. {filler * 10}" for n in range(chars // (len(filler) * 10) + 1)]
    return "June 1, 2024\n\nAcme Corp.\n\nLadies and Gentlemen:\n\n" + "\n\n".join(body)


def test_letter_longer_than_a_template_may_be_refused_in_each_format():
    """Ensure a text, HTML or Word precedent whose text a template could not hold (more than
    a template file's 128 KB) is refused by the reader, naming the file and the limit."""
    from opiniondesk.core.template_files import MAX_FILE_BYTES

    text = _long_letter(MAX_FILE_BYTES + 10_000)
    paragraphs = text.split("\n\n")
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    docx = package("".join(paragraph(p) for p in paragraphs))
    for data, name in ((text.encode(), "ex5.txt"), (html.encode(), "ex5.htm"), (docx, "ex5.docx")):
        _refused(data, f"more than {MAX_FILE_BYTES:,} characters of text", name)
    with pytest.raises(OpinionDeskError, match="pasted text: has more than"):
        from opiniondesk.readers import read_pasted

        read_pasted(text)


def test_long_text_file_is_refused_before_it_is_unwrapped(monkeypatch):
    """Ensure a long text is refused by its length before its lines are made paragraphs."""
    from opiniondesk.readers import text as text_reader

    def unwrapped(*args, **kwargs):
        raise AssertionError("the text was unwrapped")

    monkeypatch.setattr(text_reader, "read_text", unwrapped)
    _refused(_long_letter(2_000_000).encode(), "characters of text", "ex5.txt")
