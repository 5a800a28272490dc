"""Print, Print Preview and Export PDF for the window, drawn by the preview's own page painter."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtPrintSupport import (
    QAbstractPrintDialog,
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
)
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ..core.errors import OpinionDeskError
from ..core.matter import Matter
from ..core.model import Letter
from ..pages import Page, layout_letter, page_setup
from ..signers import SignerProfile
from ..writers.pdf import full_page_layout, paint_pages
from .errors import error_text

CONFIRM_SIGNER = (
    "This makes a signed original carrying the signature image of:\n\n"
    "{name}\n{title}\n{employer}\n\n"
    "Only the signer, or someone the signer has authorised, may make it. Continue?"
)
PRINTED_NOT_RECORDED = "Printed, but not recorded: {error}"
EXPORTED_NOT_RECORDED = "Exported {path}, but not recorded: {error}"


def printed_content(pages: list[Page], letter: Letter) -> bytes:
    """Return bytes standing for what a print drew (its text and image), for the register's hash."""
    text = "\f".join(page.text() for page in pages).encode("utf-8")
    image = letter.signature.image or b""
    return text + b"\0" + hashlib.sha256(image).hexdigest().encode("ascii")


def _record(
    matter: Matter | None,
    letter: Letter,
    data: bytes,
    fmt: str,
    output: str | None,
    signer_profile: str | None,
    override: str | None = None,
    overridden_rules: list[str] | None = None,
) -> None:
    """Append a register record when a signed copy was made for a known matter."""
    if letter.copy != "signed" or matter is None:
        return
    from ..register import record_signed_copy

    record_signed_copy(
        matter,
        data,
        fmt,
        signer_profile,
        output,
        override,
        overridden_rules=overridden_rules,
        deviations=letter.deviations,
    )


def new_printer(pages: list[Page], pdf_path: Path | None = None) -> QPrinter:
    """Return a high-resolution printer set to the letter's paper, full page (pages hold margins).

    `pdf_path` is the file "Print to File (PDF)" proposes (the matter's folder and name, as Export
    does); the printer itself stays the system's default one.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pages:
        printer.setPageLayout(full_page_layout(pages[0].width, pages[0].height))
    printer.setFullPage(True)
    printer.setDocName(pdf_path.stem if pdf_path else "Legality opinion")
    printer.setCreator("OpinionDesk")
    if pdf_path is not None:
        printer.setOutputFileName(str(pdf_path))  # a .pdf name makes it a PDF printer...
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)  # ...unless a printer exists
    return printer


def print_letter(
    parent: QWidget | None,
    letter: Letter,
    matter: Matter | None = None,
    signer_profile: str | None = None,
    override: str | None = None,
    overridden_rules: list[str] | None = None,
    letterhead: Path | None = None,
    pdf_path: Path | None = None,
) -> bool:
    """Print the letter through the system's print dialog; return True if it was printed.

    Every page prints (the dialog offers no page range: a signed original prints whole). A signed
    copy of a known matter is recorded in the register. Ask `confirm_signer` first.
    """
    pages = layout_letter(letter, page_setup(letterhead))
    printer = new_printer(pages, pdf_path)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Letter")
    for option in (
        QAbstractPrintDialog.PrintDialogOption.PrintPageRange,
        QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage,
        QAbstractPrintDialog.PrintDialogOption.PrintSelection,
    ):
        dialog.setOption(option, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    # The dialog may have switched printers; the pages carry their own margins, so print full page.
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    try:
        paint_pages(printer, pages)
    except OpinionDeskError as exc:
        QMessageBox.warning(parent, "Print", str(exc))
        return False
    try:
        _record(
            matter,
            letter,
            printed_content(pages, letter),
            "print",
            printer.printerName() or printer.outputFileName() or None,
            signer_profile,
            override,
            overridden_rules,
        )
    except OpinionDeskError as exc:
        QMessageBox.warning(parent, "Print", PRINTED_NOT_RECORDED.format(error=error_text(exc)))
    return True


def preview_print_action(dialog: QPrintPreviewDialog) -> QAction | None:
    """Return the Print button's action of a print preview dialog."""
    wanted = QCoreApplication.translate("QPrintPreviewDialog", "Print")
    for action in dialog.findChildren(QAction):
        if action.text().replace("&", "") in (wanted, "Print"):
            return action
    return None


def make_print_preview(
    parent: QWidget | None, letter: Letter, letterhead: Path | None = None
) -> QPrintPreviewDialog:
    """Return the print preview dialog for a letter, its pages drawn as they will print.

    Its Print button closes the dialog with Accepted instead of printing from inside it, so the
    caller prints through `print_letter`: the same dialog, rules and register record as Print.
    """
    pages = layout_letter(letter, page_setup(letterhead))
    printer = new_printer(pages)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print Preview")
    dialog.paintRequested.connect(lambda device: paint_pages(device, pages))
    dialog._opiniondesk_print = False  # type: ignore[attr-defined]
    action = preview_print_action(dialog)
    if action is not None:

        def print_chosen(_checked: bool = False) -> None:
            dialog._opiniondesk_print = True  # type: ignore[attr-defined]
            dialog.accept()

        action.triggered.disconnect()
        action.triggered.connect(print_chosen)
    # The dialog does not own the printer: keep it (and the pages) alive as long as the dialog.
    dialog._opiniondesk_printer = printer  # type: ignore[attr-defined]
    dialog._opiniondesk_pages = pages  # type: ignore[attr-defined]
    return dialog


def print_preview(
    parent: QWidget | None,
    letter: Letter,
    matter: Matter | None = None,
    signer_profile: str | None = None,
    approve: Callable[[], tuple[str | None, list[str] | None] | None] | None = None,
    letterhead: Path | None = None,
    pdf_path: Path | None = None,
) -> bool:
    """Show the print preview; its Print button prints through `print_letter`. True if printed.

    `approve` runs before printing (the opinion checks of a final copy): it returns the override
    reason and rules overridden, or None to print nothing.
    """
    dialog = make_print_preview(parent, letter, letterhead)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if not accepted or not getattr(dialog, "_opiniondesk_print", False):
        return False
    override, rules = None, None
    if approve is not None:
        approved = approve()
        if approved is None:
            return False
        override, rules = approved
    return print_letter(
        parent, letter, matter, signer_profile, override, rules, letterhead, pdf_path
    )


def confirm_signer(parent: QWidget | None, profile: SignerProfile) -> bool:
    """Ask the user to confirm who signs before a signed copy is made; return True to go on."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Confirm Signer")
    box.setText(
        CONFIRM_SIGNER.format(
            name=profile.full_name, title=profile.title or "", employer=profile.employer or ""
        ).replace("\n\n\n", "\n\n")
    )
    sign = box.addButton("Make Signed Copy", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is sign
