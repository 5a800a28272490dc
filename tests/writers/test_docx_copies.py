"""Tests for the DOCX writer's three copies of the sample, converted by LibreOffice and checked as PDFs."""

import zipfile

import pytest

from opiniondesk.core.matter import load_matter
from opiniondesk.signers import prepare_signature_image
from opiniondesk.writers.docx import write_docx
from pdf_checks import assert_continuation_headers, assert_draft, assert_filing, assert_signed
from signature_images import signature_png


@pytest.fixture
def sample(sample_path):
    return load_matter(sample_path)


def _media(docx):
    with zipfile.ZipFile(docx) as zf:
        return [n for n in zf.namelist() if n.startswith("word/media/")]


def _save(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_filing_docx(sample, tmp_path, libreoffice):
    """Ensure the filing DOCX shows "/s/ John R. Dye", holds no image, and heads later pages."""
    docx = _save(tmp_path, "filing.docx", write_docx(sample.render("filing")))
    assert _media(docx) == []
    pdf = libreoffice(docx)
    assert_filing(pdf)
    assert_continuation_headers(pdf)


def test_signed_docx(sample, tmp_path, libreoffice):
    """Ensure the signed DOCX holds one image, on the signature page, above the typed name."""
    letter = sample.render("signed", signature_image=prepare_signature_image(signature_png()))
    docx = _save(tmp_path, "signed.docx", write_docx(letter))
    assert len(_media(docx)) == 1
    pdf = libreoffice(docx)
    assert_signed(pdf, tmp_path)
    assert_continuation_headers(pdf)


def test_draft_docx(sample, tmp_path, libreoffice):
    """Ensure the draft DOCX carries the DRAFT mark on every page, above the continuation header."""
    docx = _save(tmp_path, "draft.docx", write_docx(sample.render("draft")))
    assert _media(docx) == []
    pdf = libreoffice(docx)
    assert_draft(pdf)
    assert_continuation_headers(pdf, skip_draft=True)
