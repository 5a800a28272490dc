"""The redline PDF: the redline view's pages, on the letterhead chosen."""

from opiniondesk.core.redline import compare
from opiniondesk.writers.redline_pdf import write_redline_pdf
from pdf_checks import word_boxes
from redline_helpers import changed_copy


def test_the_redline_pdf_is_laid_out_on_the_letterhead_given(sample_path, tmp_path):
    """Ensure a redline PDF written with a department letterhead has that letterhead's margin."""
    from letterheads import wide_letterhead

    old, new = changed_copy(sample_path)
    redline = compare(old.render(), new.render())
    pdf = tmp_path / "redline.pdf"
    pdf.write_bytes(write_redline_pdf(redline))
    [(x_builtin, *_)] = word_boxes(pdf, 1, "Ladies")[:1]
    pdf.write_bytes(write_redline_pdf(redline, letterhead=wide_letterhead(tmp_path / "w.docx")))
    [(x_wide, *_)] = word_boxes(pdf, 1, "Ladies")[:1]
    assert round(x_builtin) == 72 and round(x_wide) == 144
