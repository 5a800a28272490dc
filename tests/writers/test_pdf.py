"""Tests for the PDF writer: the three copies of the sample, drawn by the preview's page painter."""

import pytest

from conftest import pdf_text
from opiniondesk.core.matter import load_matter
from opiniondesk.pages import layout_letter
from opiniondesk.signers import prepare_signature_image
from opiniondesk.writers.pdf import write_pdf
from pdf_checks import (
    assert_continuation_headers,
    assert_draft,
    assert_filing,
    assert_signed,
    pdf_images,
)
from signature_images import signature_png


@pytest.fixture
def sample(sample_path):
    return load_matter(sample_path)


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pdf_is_us_letter_with_the_preview_pages(sample, tmp_path):
    """Ensure the PDF has the preview's page count and US Letter pages."""
    import subprocess

    letter = sample.render("filing")
    pdf = _write(tmp_path, "filing.pdf", write_pdf(letter))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "612 x 792 pts (letter)" in info
    assert len(pdf_text(pdf)) == len(layout_letter(letter))


def test_pdf_text_matches_preview_lines(sample, tmp_path):
    """Ensure each PDF page carries the same words as the laid-out preview page."""
    letter = sample.render("filing")
    pages = layout_letter(letter)
    pdf = _write(tmp_path, "filing.pdf", write_pdf(letter, pages))
    for page, text in zip(pages, pdf_text(pdf)):
        assert page.text().split() == text.split()


def test_filing_copy_pdf(sample, tmp_path):
    """Ensure the filing PDF shows "/s/ John R. Dye" and holds no image."""
    assert_filing(_write(tmp_path, "filing.pdf", write_pdf(sample.render("filing"))))


def test_signed_copy_pdf(sample, tmp_path):
    """Ensure the signed PDF holds one image, on the signature page, above the typed name."""
    image = prepare_signature_image(signature_png())
    letter = sample.render("signed", signature_image=image)
    assert_signed(_write(tmp_path, "signed.pdf", write_pdf(letter)), tmp_path)


def test_signed_copy_with_transparent_image(sample, tmp_path):
    """Ensure an untrimmed transparent PNG still gives one signature image on one page."""
    letter = sample.render("signed", signature_image=signature_png(transparent=True))
    pdf = _write(tmp_path, "signed.pdf", write_pdf(letter))
    assert len([row for row in pdf_images(pdf) if row[1] == "image"]) == 1


def test_draft_pdf_marks_every_page(sample, tmp_path):
    """Ensure the draft PDF carries the DRAFT mark at the top of every page."""
    sample.facts.pop("trustee_kinds")
    pdf = _write(tmp_path, "draft.pdf", write_pdf(sample.render("draft")))
    assert_draft(pdf)
    assert "[" in "\n".join(pdf_text(pdf))  # the missing fact shows as a placeholder
    assert_continuation_headers(pdf, skip_draft=True)


def test_continuation_header_on_later_pages(sample, tmp_path):
    """Ensure every page after the first starts with the continuation header, and the first does not."""
    pdf = _write(tmp_path, "filing.pdf", write_pdf(sample.render("filing")))
    assert_continuation_headers(pdf)


def test_longer_letter_has_header_on_each_page(sample, tmp_path):
    """Ensure a letter of three or more pages numbers each continuation header."""
    sample.facts["trustee_kinds"] = " ".join(["a commercial bank or trust company"] * 120)
    pdf = _write(tmp_path, "long.pdf", write_pdf(sample.render("filing")))
    assert len(pdf_text(pdf)) >= 3
    assert_continuation_headers(pdf)
