"""The DOCX writer: placeholders, the DRAFT mark, letterhead headers kept, nothing carried over."""

import io
import zipfile

import docx

from opiniondesk.core.matter import load_matter
from opiniondesk.writers.docx import write_docx


def _doc(data):
    return docx.Document(io.BytesIO(data))


def test_draft_shows_highlighted_placeholder_and_mark(sample_path):
    """Ensure a draft DOCX shows a missing fact as a highlighted [Label] and DRAFT on every page."""
    m = load_matter(sample_path)
    del m.facts["registrant_short_name"]
    document = _doc(write_docx(m.render("draft")))
    body_xml = document.element.body.xml
    assert "[Registrant's short name]" in body_xml
    assert 'w:rStyle w:val="Placeholder"' in body_xml
    section = document.sections[0]
    assert section.first_page_header.paragraphs[0].text == "DRAFT"
    assert section.header.paragraphs[0].text == "DRAFT"


def test_cached_letterhead_carries_nothing_over(sample_path):
    """Ensure a filing copy written after a draft has no DRAFT mark and its own header lines."""
    m = load_matter(sample_path)
    write_docx(m.render("draft"))
    m.facts["registrant_name"] = "Second Registrant Inc."
    document = _doc(write_docx(m.render("filing")))
    section = document.sections[0]
    assert "DRAFT" not in section.first_page_header._element.xml
    texts = [p.text for p in section.header.paragraphs]
    assert texts == ["Second Registrant Inc.", "Page 2"]
    assert "Citicorp" not in document.element.body.xml


def test_letterhead_first_page_header_is_kept(tmp_path, sample_path):
    """Ensure a department letterhead's first-page header (its firm name) stays on page 1."""
    from opiniondesk.writers.docx import default_letterhead

    source = docx.Document(str(default_letterhead()))
    source.sections[0].first_page_header.paragraphs[0].text = "SMITH & JONES LLP"
    custom = tmp_path / "letterhead.docx"
    source.save(str(custom))
    document = _doc(write_docx(load_matter(sample_path).render("filing"), letterhead=custom))
    assert document.sections[0].first_page_header.paragraphs[0].text == "SMITH & JONES LLP"


def test_opinion_paragraphs_numbered_and_styled(sample_path):
    """Ensure opinion paragraphs carry their number and the Opinion Paragraph style."""
    document = _doc(write_docx(load_matter(sample_path).render("filing")))
    opinions = [p for p in document.paragraphs if p.style.name == "Opinion Paragraph"]
    assert [p.text.split("\t")[0] for p in opinions] == ["1.", "2.", "3."]
    assert opinions[0].text.startswith("1.\tCMSI is a corporation")


def test_docx_is_a_valid_package(sample_path):
    """Ensure the package holds the parts Word needs and no stray images."""
    data = write_docx(load_matter(sample_path).render("filing"))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "word/document.xml" in names and "[Content_Types].xml" in names
    assert not [n for n in names if n.startswith("word/media/")]


def test_fast_save_matches_python_docx_save(sample_path):
    """Ensure the cached-letterhead save writes exactly the package python-docx's own save writes."""
    from opiniondesk.writers import docx as writer

    letter = load_matter(sample_path).render("draft")
    fast = zipfile.ZipFile(io.BytesIO(writer.write_docx(letter)))
    document, ids = writer._cached_letterhead(writer.default_letterhead())
    slow = zipfile.ZipFile(io.BytesIO(writer._write(document, ids, letter)))
    assert fast.namelist() == slow.namelist()
    assert all(fast.read(n) == slow.read(n) for n in fast.namelist())


def test_a_letterhead_replaced_at_the_same_path_is_read_again(sample_path, tmp_path):
    """Ensure a department letterhead replaced at its path is used at once, by the DOCX of a
    draft, of a signed copy with its image and of a redline, as by the page layout."""
    import os

    from letterheads import docx_left_margin, wide_letterhead
    from opiniondesk.core.redline import compare
    from opiniondesk.pages import page_setup
    from opiniondesk.writers.redline_docx import write_redline_docx
    from signature_images import signature_png

    matter = load_matter(sample_path)
    draft = matter.render("draft")
    signed = matter.render("signed", signature_image=signature_png())
    redline = compare(draft, draft)
    path = tmp_path / "department.docx"

    def outputs():
        return [
            docx_left_margin(write_docx(draft, path)),
            docx_left_margin(write_docx(signed, path)),
            docx_left_margin(write_redline_docx(redline, letterhead=path)),
            page_setup(path).margin_left,
        ]

    wide_letterhead(path, 2880)
    assert outputs() == ["2880", "2880", "2880", 144.0]
    stamp = path.stat().st_mtime_ns
    wide_letterhead(path, 4320)  # as long as the first: only its time tells them apart
    os.utime(path, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))
    assert outputs() == ["4320", "4320", "4320", 216.0]
