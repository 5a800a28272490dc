"""Tests for Print, Print Preview, Export PDF and the signer confirmation (pytest-qt, offscreen)."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from conftest import pdf_text
from opiniondesk.core.matter import load_matter
from opiniondesk.gui import printing
from opiniondesk.pages import layout_letter
from opiniondesk.register import SignedCopyRegister
from opiniondesk.signers import SignerStore, signature_image_for_render
from pdf_checks import assert_continuation_headers, assert_filing, assert_signed
from signature_images import add_sample_signer


@pytest.fixture
def sample(sample_path):
    return load_matter(sample_path)


@pytest.fixture
def signed(sample):
    store = SignerStore()
    add_sample_signer(store)
    return sample.render("signed", signature_image=signature_image_for_render("john-r-dye", sample))


@pytest.fixture
def print_to(monkeypatch, tmp_path):
    """Replace the native print dialog by one the user accepts, printing to a PDF file."""
    target = tmp_path / "printed.pdf"
    opened = []

    class AcceptingPrintDialog:
        def __init__(self, printer, parent=None):
            self.printer = printer
            opened.append(printer)

        def setWindowTitle(self, title):
            pass

        def exec(self):
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(target))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing, "QPrintDialog", AcceptingPrintDialog)
    return target, opened


def test_print_draws_the_preview_pages(qtbot, sample, print_to):
    """Ensure printing sends every page, with continuation headers, through the printer."""
    target, opened = print_to
    letter = sample.render("filing")
    assert printing.print_letter(None, letter)
    assert opened and opened[0].fullPage()
    assert len(pdf_text(target)) == len(layout_letter(letter))
    assert_filing(target)
    assert_continuation_headers(target)


def test_print_signed_copy_is_registered(qtbot, sample, signed, print_to, tmp_path):
    """Ensure printing a signed copy prints the signature and appends a register record."""
    target, _ = print_to
    assert printing.print_letter(None, signed, matter=sample, signer_profile="john-r-dye")
    assert_signed(target, tmp_path)
    records = SignedCopyRegister().records()
    assert [(r["format"], r["signer_profile"]) for r in records] == [("print", "john-r-dye")]


def test_cancelled_print_prints_nothing(qtbot, sample, signed, monkeypatch):
    """Ensure cancelling the print dialog prints and records nothing."""

    class CancelledPrintDialog:
        def __init__(self, printer, parent=None):
            pass

        def setWindowTitle(self, title):
            pass

        def exec(self):
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(printing, "QPrintDialog", CancelledPrintDialog)
    assert not printing.print_letter(None, signed, matter=sample)
    assert SignedCopyRegister().records() == []


def test_print_preview_shows_every_page(qtbot, sample):
    """Ensure the print preview lays out as many pages as the letter has."""
    letter = sample.render("draft")
    dialog = printing.make_print_preview(None, letter)
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() > 0)
    assert widget.pageCount() == len(layout_letter(letter))


def test_print_preview_opens_modal(qtbot, sample, monkeypatch):
    """Ensure print_preview opens the preview dialog and returns when it closes."""
    seen = []

    def fake_exec(self):
        seen.append(self.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(printing.QPrintPreviewDialog, "exec", fake_exec)
    assert not printing.print_preview(None, sample.render("filing"))
    assert seen == ["Print Preview"]


def test_export_pdf_filing(qtbot, sample, tmp_path):
    """Ensure Export PDF writes the filing copy with "/s/ John R. Dye" and no image."""
    path = tmp_path / "filing.pdf"
    assert printing.export_pdf(None, sample.render("filing"), path, matter=sample)
    assert_filing(path)
    assert SignedCopyRegister().records() == []


def test_export_pdf_signed_is_registered(qtbot, sample, signed, tmp_path):
    """Ensure exporting a signed PDF records it with the hash of the file written."""
    import hashlib

    path = tmp_path / "signed.pdf"
    assert printing.export_pdf(None, signed, path, matter=sample, signer_profile="john-r-dye")
    assert_signed(path, tmp_path)
    (record,) = SignedCopyRegister().records()
    assert record["output_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record["output"] == str(path.resolve())


def test_export_pdf_to_bad_folder_says_why(qtbot, sample, tmp_path, monkeypatch):
    """Ensure a PDF that cannot be written shows why and returns False."""
    shown = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text))
    )
    path = tmp_path / "no-such-folder" / "x.pdf"
    assert not printing.export_pdf(None, sample.render("filing"), path)
    assert shown and "no-such-folder" in shown[0]


@pytest.mark.parametrize("answer, expected", [("Make Signed Copy", True), ("Cancel", False)])
def test_confirm_signer(qtbot, answer, expected):
    """Ensure the signer confirmation names the signer and returns the user's answer."""
    profile = add_sample_signer(SignerStore(), with_image=False)
    texts = []

    def click():
        box = QApplication.activeModalWidget()
        texts.append(box.text())
        next(
            b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == answer
        ).click()

    QTimer.singleShot(0, click)
    assert printing.confirm_signer(None, profile) is expected
    assert "John R. Dye" in texts[0] and "Citigroup Inc." in texts[0]
