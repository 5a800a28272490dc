"""Tests for the fact pane generated from a fact schema: editors per type, validation, lists, focus."""

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
)
from window_fixtures import dialogs, every_type_library  # noqa: F401

from opiniondesk.core.matter import new_matter
from opiniondesk.gui.fact_pane import ListEditor
from opiniondesk.gui.main_window import MainWindow


@pytest.fixture
def window(qtbot, dialogs, every_type_library):  # noqa: F811
    win = MainWindow(every_type_library)
    qtbot.addWidget(win)
    assert win.set_matter(new_matter(every_type_library.get("every-type")))
    win.show()
    qtbot.waitExposed(win)
    return win


def editor(window, fid):
    return window.facts.editors[("fact", fid)]


def test_each_type_gets_its_editor(window):
    """Ensure each fact type gets the right editor, required facts marked and help as tooltip."""
    assert isinstance(editor(window, "name").edit, QLineEdit)
    assert isinstance(editor(window, "address").edit, QPlainTextEdit)
    date = editor(window, "closing_date").edit
    assert isinstance(date, QDateEdit) and date.calendarPopup()
    assert isinstance(editor(window, "form").box, QComboBox)
    assert (
        isinstance(editor(window, "consent").box, QCheckBox)
        and editor(window, "consent").box.isChecked()
    )
    assert isinstance(editor(window, "parties"), ListEditor)
    form = window.facts.sections["first"].form
    label = form.labelForField(editor(window, "name")).text()
    assert label == "Name *"
    assert form.labelForField(editor(window, "closing_date")).text() == "Closing date"
    assert editor(window, "name").edit.toolTip() == "The name, as typed."
    assert list(window.facts.sections)[:2] == ["first", "second"]


def test_sections_fold(window):
    """Ensure a group's section folds and unfolds."""
    section = window.facts.sections["second"]
    section.toggle.click()
    assert not section.body.isVisible()
    window.facts.focus_fact("amount")
    assert section.body.isVisible()


def test_money_echoes_and_invalid_values_are_flagged(window, qtbot):
    """Ensure the money field echoes the formatted amount and a bad amount is flagged with why."""
    ed = editor(window, "amount")
    qtbot.keyClicks(ed.edit, "2.5 million")
    assert ed.echo.text().startswith("$2,500,000")
    assert window.doc.matter.facts["amount"] == "2.5 million"
    assert not ed.problem.isVisibleTo(window)
    ed.edit.clear()
    qtbot.keyClicks(ed.edit, "lots")
    assert ed.problem.isVisibleTo(window) and "not an amount" in ed.problem.text()
    assert "amount" not in window.doc.matter.facts
    window.preview.render_now()
    assert "[Amount]" in window.preview.text()
    num = editor(window, "count")
    qtbot.keyClicks(num.edit, "1.5")
    assert "whole number" in num.problem.text()
    num.edit.clear()
    qtbot.keyClicks(num.edit, "1,200")
    assert window.doc.matter.facts["count"] == 1200 and not num.problem.text()


def test_date_choice_and_checkbox_write_their_values(window):
    """Ensure the date picker, choice box and check box store JSON values the core accepts."""
    editor(window, "closing_date").edit.setDate(QDate(2024, 3, 5))
    assert window.doc.matter.facts["closing_date"] == "2024-03-05"
    box = editor(window, "form").box
    box.setCurrentIndex(box.findData("S-1"))
    assert window.doc.matter.facts["form"] == "S-1"
    editor(window, "consent").box.setChecked(False)
    assert window.doc.matter.facts["consent"] is False
    window.facts.editors[("letter_date",)].edit.setDate(QDate(2001, 10, 23))
    assert window.doc.matter.letter_date == "2001-10-23"
    window.preview.render_now()
    text = window.preview.text()
    assert "closing March 5, 2024" in text and "Form S-1" in text and "I consent." not in text
    assert "October 23, 2001" in text


def test_list_editor_adds_removes_and_reorders(window, qtbot):
    """Ensure list items can be added, filled, moved and removed, the letter following."""
    lst = editor(window, "parties")
    lst.add_button.click()
    lst.add_button.click()
    qtbot.keyClicks(lst.item_editor(0, "who").edit, "Alpha")
    qtbot.keyClicks(lst.item_editor(1, "who").edit, "Beta")
    qtbot.keyClicks(lst.item_editor(1, "role").edit, "trustee")
    assert window.doc.matter.facts["parties"] == [
        {"who": "Alpha"},
        {"who": "Beta", "role": "trustee"},
    ]
    lst.move_item(1, -1)
    assert [p["who"] for p in window.doc.matter.facts["parties"]] == ["Beta", "Alpha"]
    assert lst.item_editor(0, "who").edit.text() == "Beta"
    window.preview.render_now()
    text = window.preview.text()
    assert text.index("Party Beta as trustee.") < text.index("Party Alpha.")
    lst.remove_item(0)
    assert window.doc.matter.facts["parties"] == [{"who": "Alpha"}]
    window.undo()
    assert len(window.doc.matter.facts["parties"]) == 2 and len(lst.rows) == 2


def test_list_item_placeholder_focuses_the_item_field(window):
    """Ensure a list item's placeholder leads to that item's field."""
    lst = editor(window, "parties")
    lst.add_button.click()
    window.preview.render_now()
    assert "[Who]" in window.preview.text()
    assert window.facts.focus_fact("parties.0.who")
    assert QApplication.focusWidget() is lst.item_editor(0, "who").edit


def test_tab_order_follows_the_letter(window):
    """Ensure the Tab chain visits the fields in the schema's (letter) order."""
    wanted = [e.focus_widget() for e in window.facts.editors.values()]
    chain, w = [], wanted[0]
    for _ in range(500):
        if w in wanted and w not in chain:
            chain.append(w)
        w = w.nextInFocusChain()
    assert chain[:6] == [
        editor(window, "name").edit,
        window.facts.editors[("letter_date",)].edit,  # the date stands after the first fact
        editor(window, "address").edit,
        editor(window, "closing_date").edit,
        editor(window, "amount").edit,
        editor(window, "count").edit,
    ]


def test_signer_fields_edit_the_matter_signer(window, qtbot):
    """Ensure the signer's name and title fields fill the signature block."""
    qtbot.keyClicks(window.facts.editors[("signer", "name")].edit, "Jane Roe")
    assert window.doc.matter.signer["name"] == "Jane Roe"
    window.preview.render_now()
    assert "Jane Roe" in window.preview.text()
