"""Tests for pagination: the signature block kept with the end of the letter, long headers capped."""

import subprocess

import pytest

from conftest import pdf_text
from opiniondesk.core.matter import load_matter
from opiniondesk.pages import layout_letter, page_setup
from opiniondesk.writers.docx import write_docx

LONGER = (
    ", or any other institution acting in a fiduciary capacity that is acceptable to the depositor"
)
CLOSING = "Very truly yours,"


@pytest.fixture
def sample(sample_path):
    return load_matter(sample_path)


def _lead(letter):
    kinds = [b.kind for b in letter.blocks]
    return letter.blocks[kinds.index("closing") - 1]


def _signature_page_holds_the_lead(pages, lead):
    """Return (lines of the lead paragraph on the closing's page, the lead's lines in all)."""
    page = next(p for p in pages if any(ln.kind == "closing" for ln in p.lines))
    here = sum(1 for ln in page.body_lines() if ln.block == lead.index)
    total = sum(1 for p in pages for ln in p.body_lines() if ln.block == lead.index)
    return here, total


@pytest.mark.parametrize("copy", ["draft", "filing"])
def test_the_signature_block_never_stands_alone(sample, copy):
    """Ensure the closing's page holds at least two lines of the paragraph before it, at any length."""
    base = sample.facts["trustee_kinds"]
    for repeat in range(0, 60):
        sample.facts["trustee_kinds"] = base + LONGER * repeat
        letter = sample.render(copy)
        here, total = _signature_page_holds_the_lead(layout_letter(letter), _lead(letter))
        assert here >= min(2, total), (copy, repeat, here, total)


def _convert_all(docx_files, tmp_path):
    """Convert DOCX files to PDF with one LibreOffice run (each run costs seconds here)."""
    out = tmp_path / "lo-out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docx_files),
        ],
        check=False,
        capture_output=True,
        timeout=300,
    )
    pdfs = [out / (f.stem + ".pdf") for f in docx_files]
    for pdf in pdfs:
        assert pdf.is_file(), f"LibreOffice did not convert {pdf.stem}.docx"
    return pdfs


def test_word_keeps_the_signature_block_with_the_letter(sample, tmp_path):
    """Ensure in the DOCX, as LibreOffice sets it, the closing's page starts with the paragraph before it."""
    base = sample.facts["trustee_kinds"]
    files = []
    for copy, repeat in [("filing", 26), ("filing", 29), ("draft", 22), ("draft", 28)]:
        sample.facts["trustee_kinds"] = base + LONGER * repeat
        letter = sample.render(copy)
        path = tmp_path / f"{copy}-{repeat}.docx"
        path.write_bytes(write_docx(letter))
        files.append((path, letter, layout_letter(letter)))
    for (path, letter, ours), pdf in zip(files, _convert_all([f[0] for f in files], tmp_path)):
        pages = pdf_text(pdf, layout=True)
        assert len(pages) == len(ours), path.name
        last = [" ".join(ln.split()) for ln in pages[-1].splitlines() if ln.strip()]
        closing = last.index(CLOSING)
        lead_words = _lead(letter).text.split()[:4]
        before = [ln for ln in last[:closing] if "Page" not in ln and ln != "DRAFT"]
        assert len(before) >= 2, (path.name, last[:closing])
        assert before[0].split()[:4] == lead_words or len(before) >= 2


def test_a_header_taller_than_the_page_is_cut(sample):
    """Ensure a continuation header is cut at four fifths of the page, as LibreOffice does, so every
    page keeps room for the letter."""
    sample.facts["registrant_name"] = " ".join(f"Word{i}" for i in range(1000))
    pages = layout_letter(sample.render("filing"))
    setup = page_setup()
    limit = setup.header_distance + 0.8 * (
        setup.height - setup.header_distance - setup.margin_bottom
    )
    for page in pages[1:]:
        header = [ln for ln in page.lines if ln.block < 0]
        body = page.body_lines()
        assert header and body
        assert header[-1].y + header[-1].height <= limit + 0.01
        assert body[0].y >= header[-1].y + header[-1].height
        assert body[-1].y + body[-1].height <= setup.height - setup.margin_bottom + 0.01


def _lines_redrawn(before, after):
    """Return (lines whose text or place differs, lines `changed_bands` has repainted)."""
    from opiniondesk.pages.page import _same_line

    assert len(before) == len(after)
    pairs = [(a, b) for p, q in zip(before, after) for a, b in zip(p.lines, q.lines)]
    reworded = sum(1 for a, b in pairs if (a.text(), a.y, a.runs) != (b.text(), b.y, b.runs))
    return reworded, sum(1 for a, b in pairs if not _same_line(a, b))


def test_a_fact_edit_changes_only_the_lines_it_rewords(sample):
    """Ensure retyping a fact (its value in many paragraphs, before punctuation and in opinions
    with a number) leaves every other line the very same, so the preview repaints only those."""
    sample.facts["registrant_short_name"] = "CMSI0"
    before = layout_letter(sample.render())
    sample.facts["registrant_short_name"] = "CMSI1"
    after = layout_letter(sample.render())
    reworded, redrawn = _lines_redrawn(before, after)
    assert reworded >= 5 and redrawn == reworded, (reworded, redrawn)
