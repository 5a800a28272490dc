"""Tests for the fact pane generated from a fact schema: editors per type, validation, lists, focus."""

import re

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
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


def tab_chain(pane):
    """Return the fields' focus widgets in the order Tab visits them, from the first."""
    wanted = [e.focus_widget() for e in pane.editors.values()]
    chain, w = [], wanted[0]
    for _ in range(3000):
        if w in wanted and w not in chain:
            chain.append(w)
        w = w.nextInFocusChain()
    return chain


def test_tab_order_follows_the_letter(window):
    """Ensure the Tab chain visits the fields in the schema's (letter) order."""
    chain = tab_chain(window.facts)
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


def test_tab_leaves_a_date_set_or_not(window, qtbot):
    """Ensure Tab moves on from a date field whether it shows "(not set)" or a date."""
    date = editor(window, "closing_date").edit
    assert date.text() == "(not set)"
    date.setFocus()
    assert QApplication.focusWidget() is date
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor(window, "amount").edit  # Clear is off: unset
    date.setDate(QDate(2024, 3, 5))
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor(window, "closing_date").clear_button
    letter_date = window.facts.editors[("letter_date",)].edit  # required: no Clear button
    letter_date.setFocus()
    qtbot.keyClick(letter_date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor(window, "address").edit
    qtbot.keyClick(editor(window, "address").edit, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is letter_date


def test_unset_date_calendar_opens_at_this_month(window, qtbot):
    """Ensure the calendar of an unset date opens at this month, not January 1900."""
    date = editor(window, "closing_date").edit
    arrow = QPoint(date.width() - 6, date.height() // 2)
    qtbot.mouseClick(date, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = date.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    calendar.window().hide()
    assert "closing_date" not in window.doc.matter.facts


def test_typing_into_an_unset_date_starts_from_today(window, qtbot):
    """Ensure typing a month into an unset date gives that month of this year."""
    date = editor(window, "closing_date").edit
    date.setFocus()
    qtbot.keyClicks(date, "June")
    stored = window.doc.matter.facts["closing_date"]
    assert stored.startswith(f"{QDate.currentDate().year()}-06-")


def test_clear_button_unsets_an_optional_date_through_undo(window, qtbot):
    """Ensure an optional date set once can be cleared again, in one undo step."""
    ed = editor(window, "closing_date")
    assert ed.clear_button is not None and not ed.clear_button.isEnabled()
    assert ed.clear_button.accessibleName() == "Clear Closing date"
    assert window.facts.editors[("letter_date",)].clear_button is None  # required
    ed.edit.setDate(QDate(2024, 3, 5))
    assert ed.clear_button.isEnabled()
    qtbot.mouseClick(ed.clear_button, Qt.MouseButton.LeftButton)
    assert "closing_date" not in window.doc.matter.facts
    assert ed.edit.text() == "(not set)" and not ed.clear_button.isEnabled()
    window.undo()
    assert window.doc.matter.facts["closing_date"] == "2024-03-05"
    assert ed.edit.date() == QDate(2024, 3, 5)


def _wheel(widget, steps=-1):
    """Turn the mouse wheel over a widget, as the system does (the event may pass to parents)."""
    top = widget.window()
    pos = widget.mapTo(top, QPoint(widget.width() // 2, widget.height() // 2))
    QTest.wheelEvent(top.windowHandle(), QPointF(pos), QPoint(0, 120 * steps))
    QApplication.processEvents()


def test_wheel_over_an_unfocused_choice_or_date_scrolls_the_pane(window):
    """Ensure the wheel over a choice or date the user has not entered scrolls, not edits."""
    window.resize(700, 380)
    QApplication.processEvents()
    pane = window.facts
    bar = pane.verticalScrollBar()
    assert bar.maximum() > 0
    box = editor(window, "form").box
    date = editor(window, "closing_date").edit
    assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert date.focusPolicy() == Qt.FocusPolicy.StrongFocus
    editor(window, "name").edit.setFocus()
    pane.ensureWidgetVisible(box)
    before = bar.value()
    _wheel(box, steps=1)
    assert window.doc.matter.facts["form"] == "S-3"
    assert bar.value() != before  # the pane scrolled instead
    _wheel(date)
    assert "closing_date" not in window.doc.matter.facts
    box.setFocus()
    pane.ensureWidgetVisible(box)
    _wheel(box, steps=1)
    assert window.doc.matter.facts["form"] == "S-1"  # a focused box takes the wheel


def test_undo_shortcut_in_a_text_field_undoes_the_matter(window, qtbot):
    """Ensure Ctrl+Z and Ctrl+Shift+Z typed in a text field undo and redo the last matter edit."""
    name = editor(window, "name").edit
    name.setFocus()
    qtbot.keyClicks(name, "Acme")
    box = editor(window, "form").box
    box.setCurrentIndex(box.findData("S-1"))
    assert window.doc.matter.facts["form"] == "S-1"
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.matter.facts["form"] == "S-3" and box.currentData() == "S-3"
    assert name.text() == "Acme"
    qtbot.keyClick(
        name,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.doc.matter.facts["form"] == "S-1"
    address = editor(window, "address").edit
    address.setFocus()
    qtbot.keyClick(address, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.matter.facts["form"] == "S-3"


def test_typing_and_erasing_back_leaves_the_matter_clean(window, qtbot):
    """Ensure typing a character and erasing it leaves the matter unmodified."""
    assert not window.doc.modified
    name = editor(window, "name").edit
    name.setFocus()
    qtbot.keyClicks(name, "X")
    assert window.doc.modified
    qtbot.keyClick(name, Qt.Key.Key_Backspace)
    assert not window.doc.modified and not window.isWindowModified()


def test_editors_are_named_for_screen_readers(window):
    """Ensure each fact's editor carries its label as accessible name and hands focus to its field."""
    for key, ed in window.facts.editors.items():
        assert ed.accessibleName() == ed.spec.label, key
        assert ed.focusProxy() is not None
        if not isinstance(ed, ListEditor):
            assert ed.focus_widget().accessibleName() == ed.spec.label, key
    lst = editor(window, "parties")
    assert lst.add_button.accessibleName() == "Add an item to Parties"
    lst.add_button.click()
    assert lst.item_editor(0, "who").edit.accessibleName() == "Who, item 1"
    name = editor(window, "name")
    name.setFocus()
    assert QApplication.focusWidget() is name.edit


def test_fields_below_the_first_screenful_are_built_once_the_letter_is_painted(qtbot):
    """Ensure start-up builds a screenful of fields, the window builds the rest after its first
    paint, and asking for the editors before that builds them at once (with the tab order)."""
    from opiniondesk.gui import fact_pane
    from opiniondesk.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_sample()
    pane = window.facts
    assert len(pane._editors) == fact_pane.FIRST_FIELDS and pane._pending
    window.show()
    qtbot.waitUntil(lambda: not pane._pending, timeout=2000)
    every = pane.editors
    assert ("signer", "voice") in every and len(every) > fact_pane.FIRST_FIELDS
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.open_sample()
    assert list(other.facts.editors) == list(every)  # asked for: built now, in the same order
    wanted = [e.focus_widget() for e in other.facts.editors.values()]
    assert tab_chain(other.facts) == wanted  # Tab follows the letter across the late fields too


def _settle(qtbot, window):
    for _ in range(4):
        QApplication.processEvents()
        window.facts.widget().layout().activate()
    qtbot.wait(10)
    QApplication.processEvents()


def _clipped_labels(pane):
    """Return the visible labels whose text does not fit them: a line cut off or a word too wide."""
    from PySide6.QtWidgets import QLabel

    clipped = []
    for label in pane.widget().findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        rect = label.contentsRect()
        metrics = label.fontMetrics()
        if label.wordWrap():
            # Qt breaks a line at a space or after a hyphen, so those parts are what must fit.
            parts = re.split(r"\s+|(?<=-)", label.text())
            longest = max(metrics.horizontalAdvance(part) for part in parts if part)
            if label.heightForWidth(rect.width()) > rect.height() + 1 or longest > rect.width():
                clipped.append((label.text(), rect.width(), rect.height()))
        elif metrics.horizontalAdvance(label.text()) > rect.width():
            clipped.append((label.text(), rect.width(), rect.height()))
    return clipped


def _clipped_boxes(pane):
    """Return the visible drop-downs whose current choice does not show whole."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    clipped = []
    for box in pane.widget().findChildren(QComboBox):
        if not box.isVisible():
            continue
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        rect = box.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
        )
        metrics = box.fontMetrics()
        text = box.currentText()
        wraps = type(box).__name__ == "WrappingComboBox"
        if wraps:
            needed = metrics.boundingRect(
                QRect(0, 0, rect.width(), 100_000), int(Qt.TextFlag.TextWordWrap), text
            )
            fits = needed.height() <= rect.height() + 1 and all(
                metrics.horizontalAdvance(word) <= rect.width() for word in text.split()
            )
        else:
            fits = metrics.horizontalAdvance(text) <= rect.width()
        if not fits:
            clipped.append((text, rect.width(), rect.height()))
    return clipped


def _field_columns(pane):
    """Return where the fields of each section start, across the pane."""
    starts = set()
    for section in pane.sections.values():
        form = section.form
        for row in range(form.rowCount()):
            item = form.itemAt(row, form.ItemRole.FieldRole)
            if item is not None and item.widget() is not None and item.widget().isVisible():
                starts.add(item.widget().mapTo(pane.widget(), item.widget().rect().topLeft()).x())
    return starts


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_nothing_is_clipped_in_the_fact_pane(qtbot, dialogs, scale):  # noqa: F811
    """Ensure at the default window size and at 125% and 150% text, for every built-in template,
    every label and drop-down shows its whole text and the fields of every section line up."""
    from opiniondesk.core.templates import default_library

    app = QApplication.instance()
    font = app.font()
    bigger = app.font()
    bigger.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(bigger)
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        for info in default_library().templates():
            assert window.new_matter(info.id)
            pane = window.facts
            pane.finish_build()
            for each in pane.editors.values():
                if isinstance(each, ListEditor) and not each.rows:
                    each.add_item()
            # The longest choice of every drop-down, the worst case for its width.
            for box in pane.widget().findChildren(QComboBox):
                longest = max(range(box.count()), key=lambda i: len(box.itemText(i)))
                box.setCurrentIndex(longest)
            _settle(qtbot, window)
            assert _clipped_labels(pane) == [], (info.id, scale)
            assert _clipped_boxes(pane) == [], (info.id, scale)
            assert len(_field_columns(pane)) == 1, (info.id, scale, _field_columns(pane))
    finally:
        app.setFont(font)


@pytest.mark.parametrize(
    "fid, typed, said",
    [
        ("amount", "1" * 28, "too large"),
        ("amount", "Infinity", "is not an amount"),
        ("amount", "NaN", "is not an amount"),
        ("amount", "9" * 5000, "too large"),
        ("amount", "-1000", "cannot be negative"),
        ("count", "1" * 28, "too large"),
        ("count", "sNaN", "is not a whole number"),
    ],
)
def test_a_refused_value_is_flagged_and_never_leaves_the_old_one_in_the_matter(
    window, qtbot, fid, typed, said
):
    """Ensure typing an out-of-range or non-finite number flags the field and the matter no longer keeps the old value."""
    field = editor(window, fid)
    qtbot.keyClicks(field.edit, "12")
    old = window.doc.matter.facts.get(fid)
    assert old in ("12", 12)
    field.edit.selectAll()
    QApplication.clipboard().setText(typed)
    field.edit.paste()
    assert field.edit.text() == typed
    assert field.problem.isVisibleTo(window) and said in field.problem.text()
    assert field.field.property("invalid")
    assert window.doc.matter.facts.get(fid) != old  # not the old value behind a new one


def test_over_long_text_is_flagged_at_its_field(window, qtbot):
    """Ensure text over the fact length limit is refused visibly at its field."""
    from opiniondesk.core.limits import MAX_FACT_CHARS

    field = editor(window, "address")
    field.edit.setPlainText("a" * (MAX_FACT_CHARS + 1))
    assert field.problem.isVisibleTo(window) and f"{MAX_FACT_CHARS:,}" in field.problem.text()
    assert window.doc.matter.facts.get("address") is None


ODD_VALUES = [None, 5, -1, 1.5, 1e300, "x", "1" * 28, [1, "a"], [{"who": 5}], {"a": 1}, True, ""]


def test_every_editor_shows_any_json_value_without_raising(window):
    """Ensure each editor shows any JSON value a recovered matter may hold, never raising."""
    for field in window.facts.editors.values():
        for value in ODD_VALUES:
            field.set_value(value)
    assert window.isVisible()
