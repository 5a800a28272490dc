"""Tests for Print, Print Preview, Export PDF and the signer confirmation (pytest-qt, offscreen)."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton
from window_fixtures import press_preview_print_button, print_dialog_answering

from conftest import pdf_text
from opiniondesk.core.errors import OpinionDeskError
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
    opened = print_dialog_answering(monkeypatch, target)
    return target, opened


def test_print_draws_the_preview_pages(qtbot, sample, print_to):
    """Ensure printing sends every page, with continuation headers, through the printer."""
    target, opened = print_to
    letter = sample.render("filing")
    assert printing.print_letter(None, letter)
    assert opened and opened[0].kept_printer.fullPage()
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
    print_dialog_answering(monkeypatch, None)
    assert not printing.print_letter(None, signed, matter=sample)
    assert SignedCopyRegister().records() == []


def test_print_dialog_offers_no_page_range(qtbot, sample, signed, print_to, tmp_path):
    """Ensure the print dialog offers no page range, so a signed original always prints whole."""
    target, opened = print_to
    assert printing.print_letter(None, signed, matter=sample, signer_profile="john-r-dye")
    dialog = opened[0]
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange)
    assert not dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection)
    assert len(pdf_text(target)) == len(layout_letter(signed))


def test_print_records_overridden_rules(qtbot, sample, signed, print_to):
    """Ensure a printed signed copy's record names the rules its override reason covers."""
    assert printing.print_letter(
        None,
        signed,
        matter=sample,
        signer_profile="john-r-dye",
        override="Reviewed with the GC",
        overridden_rules=["X5-QUAL-02"],
    )
    (record,) = SignedCopyRegister().records()
    assert record["override"] == "Reviewed with the GC"
    assert record["overridden_rules"] == ["X5-QUAL-02"]


def test_printed_but_not_recorded_says_so(qtbot, sample, signed, print_to, monkeypatch):
    """Ensure a print the register cannot record still counts as printed and says it is not recorded."""
    import opiniondesk.register

    def refuse(*args, **kwargs):
        raise OpinionDeskError("the register is locked by another OpinionDesk", "register.jsonl")

    monkeypatch.setattr(opiniondesk.register, "record_signed_copy", refuse)
    shown = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text))
    )
    target, _ = print_to
    assert printing.print_letter(None, signed, matter=sample, signer_profile="john-r-dye")
    assert target.exists()
    assert shown and shown[0].startswith("Printed, but not recorded:")
    assert "locked by another OpinionDesk" in shown[0]


def test_print_button_of_the_preview_registers_a_signed_copy(qtbot, sample, signed, print_to):
    """Ensure printing a signed original from Print Preview prints through the print dialog and is registered."""
    target, opened = print_to
    press_preview_print_button()
    assert printing.print_preview(None, signed, matter=sample, signer_profile="john-r-dye")
    assert len(opened) == 1  # our print dialog, with no page range, not the preview's own
    assert not opened[0].testOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange)
    assert len(pdf_text(target)) == len(layout_letter(signed))
    records = SignedCopyRegister().records()
    assert [(r["format"], r["signer_profile"]) for r in records] == [("print", "john-r-dye")]


def test_preview_approval_can_refuse_the_print(qtbot, sample, print_to):
    """Ensure printing from the preview runs the caller's checks first, and a refusal prints nothing."""
    target, opened = print_to
    asked = []
    press_preview_print_button()
    letter = sample.render("filing")
    assert not printing.print_preview(None, letter, approve=lambda: asked.append(1))
    assert asked == [1] and not opened and not target.exists()


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


def test_a_printed_edited_letter_records_its_deviations_without_rendering_again(
    qtbot, sample_path, print_to, monkeypatch
):
    """Ensure printing a signed copy of an edited matter records the printed letter's deviations,
    and the register does not render the letter again to find them."""
    from helpers import renders_by_register
    from opiniondesk.core.wording import deviation_hash
    from redline_helpers import changed_copy

    add_sample_signer(SignerStore())
    _, edited = changed_copy(sample_path)
    image = signature_image_for_render("john-r-dye", edited)
    letter = edited.render("signed", signature_image=image)
    by_register = renders_by_register(monkeypatch)
    assert printing.print_letter(None, letter, matter=edited, signer_profile="john-r-dye")
    (record,) = SignedCopyRegister().records()
    [applied] = letter.deviations
    assert record["deviates"] is True
    assert record["deviations"] == [
        {"key": applied.key, "action": applied.action, "state": applied.state,
         "sha256": deviation_hash(applied)}
    ]  # fmt: skip
    assert not any(by_register)
