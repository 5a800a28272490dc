"""File > New Template from Precedent... driven for real: open, review, make a fact, save, draft."""

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from window_fixtures import dialogs  # noqa: F401

from conftest import FIXTURES, pdf_text
from opiniondesk.core.templates import TemplateLibrary
from opiniondesk.gui.main_window import MainWindow
from opiniondesk.gui.precedent_dialog import USE, PrecedentDialog

REFERENCE = FIXTURES / "exhibit-5.1-cmsi-2001.txt"


@pytest.fixture
def department(tmp_path, monkeypatch):
    folder = tmp_path / "dept"
    folder.mkdir()
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(folder))
    from opiniondesk.core.templates import reset_default_library

    reset_default_library()
    yield folder
    reset_default_library()


def _type(qtbot, window, fact_id, text):
    editor = window.facts.editors[("fact", fact_id)]
    window.facts.focus_fact(fact_id)
    widget = editor.edit
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_new_template_from_precedent_end_to_end(
    qtbot,
    dialogs,  # noqa: F811
    department,
    tmp_path,
    monkeypatch,
    libreoffice,
):
    """Ensure counsel can open a precedent, reject a proposal, make a fact of selected words
    (Ctrl+M), save, fill the new matter and export a filing DOCX that LibreOffice converts."""
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Governing agreement", True))
    )
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_sample()
    window.show()
    qtbot.waitExposed(window)
    dialogs.open_names.append(str(REFERENCE))
    seen = {}

    def drive():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PrecedentDialog):
            QTimer.singleShot(20, drive)
            return
        seen["dialog"] = dialog
        try:
            review(dialog)
        except BaseException as exc:  # the dialog must close, or exec() never returns
            seen["error"] = exc
            dialog.reject()

    def review(dialog):
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)  # File dialog answered
        assert dialog.pages.currentIndex() == 1
        assert "registrant_name" in [p.id for p in dialog.proposals]
        # Reject one proposal from the keyboard: select it in the list, press Space.
        dialog.table.setFocus()
        dialog.table.selectRow(dialog.row_of("governing_law_state"))
        qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
        assert not dialog.proposal("governing_law_state").accepted
        row = dialog.row_of("governing_law_state")
        assert dialog.table.item(row, USE).checkState() == Qt.CheckState.Unchecked
        # Make a fact of words selected in the letter, with the keyboard shortcut.
        letter = dialog.letter
        block = next(n for n, b in enumerate(letter.blocks) if b.text.startswith("Each series"))
        start = letter.blocks[block].text.index("Pooling and Servicing Agreement")
        dialog.select_words(block, start, start + len("Pooling and Servicing Agreement"))
        qtbot.keyClick(dialog.preview, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
        made = dialog.proposal("governing_agreement")
        assert made.label == "Governing agreement" and len(made.occurrences) == 8
        assert dialog.table.rowCount() == len(dialog.proposals)
        dialog.id_edit.setText("cmsi-own")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, drive)
    window.action_from_precedent.trigger()
    if "error" in seen:
        raise seen["error"]
    saved = seen["dialog"].result_saved
    assert saved is not None and saved.round_trip.ok, saved.round_trip.summary()
    assert (department / "cmsi-own" / "letter.xml.j2").is_file()
    schema = (department / "cmsi-own" / "template.toml").read_text()
    assert "governing_agreement" in schema and "governing_law_state" not in schema
    # The template shows in the picker's library and a new matter is open on it.
    assert "cmsi-own" in [t.id for t in TemplateLibrary([department]).templates() if t.ok]
    assert window.doc.matter.template_id == "cmsi-own"
    assert window.doc.matter.signer["name"] == "John R. Dye"
    # Fill the new matter in the fact pane.
    for fact_id, text in {
        "registrant_name": "Northwind Mortgage Funding LLC",
        "registrant_short_name": "NMF",
        "registrant_jurisdiction": "Delaware",
        "form": "S-3",
        "aggregate_amount": "500000000",
        "governing_agreement": "Trust Agreement",
    }.items():
        _type(qtbot, window, fact_id, text)
    address = window.facts.editors[("fact", "registrant_address")].edit
    address.setFocus()
    qtbot.keyClicks(address, "1 Harbor Street")
    assert window.doc.matter.facts["registrant_name"] == "Northwind Mortgage Funding LLC"
    window.preview.render_now()
    assert "Northwind Mortgage Funding LLC" in window.preview.text()
    assert "Trust Agreement" in window.preview.text()
    target = tmp_path / "filing.docx"
    dialogs.save_names.append(str(target))
    monkeypatch.setattr(
        QInputDialog,
        "getMultiLineText",
        staticmethod(lambda *a, **k: ("The department's own precedent wording.", True)),
    )
    assert window.export_docx("filing"), dialogs.shown
    text = " ".join(pdf_text(libreoffice(target)))
    assert "Northwind Mortgage Funding LLC" in text
    assert "/s/ John R. Dye" in text
    assert "Citicorp Mortgage Securities" not in text


def test_dialog_keyboard_and_bad_file(qtbot, dialogs, department, tmp_path):  # noqa: F811
    """Ensure a file that is no letter is refused in a dialog, and the review works by keyboard:
    merge two facts, make a paragraph optional, Help explains the flow."""
    bad = tmp_path / "sheet.docx"
    bad.write_bytes(b"")
    dialog = PrecedentDialog(ask_file=lambda: str(bad))
    qtbot.addWidget(dialog)
    assert not dialog.open_file_dialog()
    assert dialogs.shown and dialogs.shown[-1][0] == "critical"
    assert "is empty" in dialogs.shown[-1][2]
    assert dialog.read_pasted(REFERENCE.read_text())
    a, b = dialog.row_of("registrant_jurisdiction"), dialog.row_of("governing_law_state")
    dialog.table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (a, b):
        dialog.table.selectionModel().select(dialog.table.model().index(row, 1), flags)
    assert dialog.merge_selected()
    assert not dialog.proposal("governing_law_state").accepted
    consent = next(
        n for n, blk in enumerate(dialog.letter.blocks) if blk.text.startswith("I hereby")
    )
    dialog.select_words(consent, 0, 1)
    optional = dialog.make_paragraph_optional()
    assert optional is not None and optional.block == consent
    dialog.show_help()
    assert "Ctrl+M" in dialogs.shown[-1][2]
    for button in (dialog.make_fact_button, dialog.merge_button, dialog.optional_button):
        assert "&" in button.text()


def test_ticking_a_fact_keeps_the_letter_where_it_was(qtbot, dialogs):  # noqa: F811
    """Ensure rejecting or accepting a fact, a type change and a merge refresh the list and the
    highlights only: the letter is drawn once, and the preview stays where counsel scrolled it."""
    dialog = PrecedentDialog(ask_folder=lambda: "")
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.read_pasted(REFERENCE.read_text())
    document = dialog.preview.document()
    revision = document.revision()
    bar = dialog.preview.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    assert scrolled > 0
    proposal = dialog.proposals[3]
    dialog.set_accepted(proposal, False)
    assert dialog.table.item(3, USE).checkState() == Qt.CheckState.Unchecked
    dialog.table.item(3, USE).setCheckState(Qt.CheckState.Checked)
    assert proposal.accepted
    dialog.table.selectRow(3)
    dialog.toggle_selected()
    assert not proposal.accepted
    QApplication.processEvents()
    assert document.revision() == revision
    assert bar.value() == scrolled
    highlighted = {s.cursor.selectedText() for s in dialog.preview.extraSelections()}
    assert str(dialog.proposals[0].occurrences[0].text) in highlighted
