"""Tests that every DOCX we write keeps ECMA-376's element order, which Word enforces."""

import io
import zipfile

import pytest

from opiniondesk import paths
from opiniondesk.core.matter import load_matter
from opiniondesk.signers import prepare_signature_image
from opiniondesk.writers.docx import write_docx
from opiniondesk.writers.ooxml import (
    docx_order_problems,
    letterhead_problems,
    order_problems,
    put_in_order,
)
from signature_images import signature_png

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SAMPLES = sorted((paths.resource("samples")).glob("*.opinion"))


def test_the_letterhead_keeps_schema_order():
    """Ensure resources/letterhead.docx itself has every property in ECMA-376's order."""
    assert docx_order_problems(paths.resource("letterhead.docx").read_bytes()) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_copy_of_every_sample_keeps_schema_order(sample):
    """Ensure every XML part of the draft, filing and signed DOCX of a sample is in schema order."""
    matter = load_matter(sample)
    image = prepare_signature_image(signature_png())
    for copy in ("draft", "filing", "signed"):
        data = write_docx(matter.render(copy, signature_image=image if copy == "signed" else None))
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert "word/styles.xml" in zf.namelist()
        assert docx_order_problems(data, f"{sample.stem} {copy}") == [], copy


def test_the_check_finds_what_word_refuses():
    """Ensure the check names jc before spacing, an unknown child, and run properties not first."""
    xml = (
        f'<w:styles {W}><w:style w:styleId="D"><w:name w:val="Draft Mark"/>'
        '<w:pPr><w:jc w:val="center"/><w:spacing w:after="120"/></w:pPr>'
        "<w:rPr><w:u/><w:b/><w:bogus/></w:rPr></w:style></w:styles>"
    ).encode()
    problems = order_problems(xml, "word/styles.xml")
    assert problems == [
        "word/styles.xml, style 'Draft Mark': <w:spacing> must come before <w:jc> in <w:pPr>",
        "word/styles.xml, style 'Draft Mark': <w:b> must come before <w:u> in <w:rPr>",
        "word/styles.xml, style 'Draft Mark': <w:bogus> is not allowed in <w:rPr>",
    ]
    body = f"<w:body {W}><w:p><w:r><w:t>x</w:t><w:rPr><w:b/></w:rPr></w:r></w:p></w:body>".encode()
    assert order_problems(body, "word/document.xml") == [
        "word/document.xml: <w:rPr> must come first in its <w:r>, but follows <w:t>"
    ]


def test_put_in_order_mends_a_tree():
    """Ensure the mending puts each property where the schema wants it, keeping the rest."""
    from lxml import etree

    root = etree.fromstring(
        f"<w:p {W}><w:r><w:t>x</w:t><w:rPr><w:u/><w:b/></w:rPr></w:r>"
        '<w:pPr><w:jc w:val="both"/><w:keepNext/><w:pStyle w:val="A"/></w:pPr></w:p>'
    )
    put_in_order(root)
    assert order_problems(etree.tostring(root), "part") == []
    names = [etree.QName(c).localname for c in root.iter()][1:]
    assert names == ["pPr", "pStyle", "keepNext", "jc", "r", "rPr", "b", "u", "t"]


def _out_of_order_letterhead(tmp_path):
    """Return a copy of the letterhead with the Draft Mark's jc moved before its spacing."""
    source = paths.resource("letterhead.docx")
    target = tmp_path / "department.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/styles.xml":
                text = data.decode()
                spacing = '<w:spacing w:after="120"/>'
                jc = '<w:jc w:val="center"/>'
                assert spacing + jc in text
                data = text.replace(spacing + jc, jc + spacing).encode()
            zout.writestr(info, data)
    return target


def test_a_department_letterhead_out_of_order_is_reported_and_mended(tmp_path, sample_path):
    """Ensure a letterhead out of order is reported by name and still gives DOCX files in order."""
    letterhead = _out_of_order_letterhead(tmp_path)
    problems = letterhead_problems(letterhead)
    assert any("Draft Mark" in p and "<w:spacing> must come before <w:jc>" in p for p in problems)
    letter = load_matter(sample_path).render("draft")
    assert docx_order_problems(write_docx(letter, letterhead)) == []
    assert letterhead_problems(paths.resource("letterhead.docx")) == []


def test_a_letterhead_that_is_no_docx_is_reported(tmp_path):
    """Ensure a file that is not a DOCX, or lacks the styles the letter needs, is reported."""
    bad = tmp_path / "notes.docx"
    bad.write_text("not a zip")
    assert letterhead_problems(bad) and "not a DOCX" in letterhead_problems(bad)[0]
