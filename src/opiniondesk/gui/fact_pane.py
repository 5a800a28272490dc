"""The fact pane: an editor per fact, generated from the template's fact schema, grouped as in the letter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.facts import FactSchema, FactSpec, coerce, format_money
from .document import Key, MatterDocument

NO_DATE = QDate(1900, 1, 1)
SIGNER_FIELDS = (
    ("name", "Signer's name", True, "The name typed under the signature."),
    ("title", "Signer's title", True, "Such as Associate General Counsel."),
    ("employer", "Signer's employer or firm", True, "The company or firm the signer speaks for."),
    (
        "conformed",
        "Conformed signature",
        False,
        "The name after /s/ on the filing copy; the signer's name if empty.",
    ),
)
INVALID_STYLE = "border: 1px solid #c00000;"
# An empty field a filing or signed copy needs: the preview's placeholder yellow.
MISSING_STYLE = "background: #fff3b0;"
MISSING_TIP = "Needed for a filing or signed copy."
FIRST_FIELDS = 18  # built before the window first paints (a screenful); the rest just after
FINISH_AFTER_MS = 1000  # the rest, at the latest (a window that never paints; after a slow start)
LABEL_SHARE = 0.4  # the label column takes at most this share of the pane's width
LABEL_MIN_WIDTH = 90  # pixels: narrower than this, a label column would wrap every word
PROBLEM_COLOR = "#c00000"
ECHO_COLOR = "#555555"
CLEAR_NAME = "Clear {label}"
ADD_NAME = "Add an item to {label}"
ITEM_FIELD_NAME = "{label}, item {num}"
MOVE_UP_NAME = "Move item {num} up"
MOVE_DOWN_NAME = "Move item {num} down"
REMOVE_NAME = "Remove item {num}"


def tint(label: QLabel, color: str) -> None:
    """Colour a label's text through its palette (cheaper than a style sheet)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    label.setPalette(palette)


def key_fact_id(key: Key) -> str:
    """Return the fact id the letter model uses for a key ("registrant_name", "signer.name", ...)."""
    if key[0] == "fact":
        return key[1]
    if key[0] == "letter_date":
        return "letter_date"
    return f"signer.{key[1]}"


class WrappedLabel(QLabel):
    """A word-wrapped label that asks its layout for the height its text needs at its width:
    a form layout gives a row only its field's height, which cuts a label's second line off."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the height the wrapped text needs at the new width."""
        super().resizeEvent(event)
        self.fit_height()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Show new text and keep its height."""
        super().setText(text)
        self.fit_height()

    def fit_height(self) -> None:
        """Ask for the height the text needs at the label's width (once it is on screen: a label
        not yet shown is measured by the resize that showing it brings)."""
        if self.isVisible() and self.width() > 0:
            needed = self.heightForWidth(self.width())
            if needed > 0 and needed != self.minimumHeight():
                self.setMinimumHeight(needed)


class WrappingComboBox(QComboBox):
    """A drop-down whose closed face shows the whole choice, wrapped over as many lines as it
    takes, so a long choice in a narrow pane (a list item's) is never cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Long choice labels must not widen the pane: the face wraps instead.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.currentIndexChanged.connect(lambda _index: self.fit_height())

    def text_rect(self) -> QRect:
        """Return where the choice's text stands in the box."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )

    def _text_height(self, width: int) -> int:
        bound = QRect(0, 0, max(1, width), 100_000)
        flags = int(Qt.TextFlag.TextWordWrap)
        return self.fontMetrics().boundingRect(bound, flags, self.currentText()).height()

    def fit_height(self) -> None:
        """Ask for the height the current choice needs, wrapped, at the box's width."""
        if not self.isVisible() or self.width() <= 0:
            return  # measured by the resize that showing it brings
        base = super().sizeHint().height()
        rect = self.text_rect()
        needed = max(base, self._text_height(rect.width()) + (self.height() - rect.height()))
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the height the wrapped choice needs at the new width."""
        super().resizeEvent(event)
        self.fit_height()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Paint the box as the style does, with the choice's text wrapped inside it."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        text = option.currentText
        option.currentText = ""
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        flags = (
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        )
        painter.drawText(self.text_rect(), int(flags), text)


class FieldEditor(QWidget):
    """One value's editor: emits `edited` with the JSON value, shows a problem under itself."""

    edited = Signal(object)
    step = Signal()  # the next edit is its own undo step (list add, remove, move)

    def __init__(self, spec: FactSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.fact_id = spec.id
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._problem: QLabel | None = None
        self.setToolTip(spec.help)

    @property
    def problem(self) -> QLabel:
        """Return the line under the field that says why its value is not accepted (made on
        first need: most fields never show one, and start-up builds a screenful of fields)."""
        if self._problem is None:
            self._problem = WrappedLabel("", self)
            tint(self._problem, PROBLEM_COLOR)
            self._problem.hide()
            self._layout.addWidget(self._problem)
        return self._problem

    def _finish(self, main: QWidget, field: QWidget | None = None) -> None:
        """Place the editor's widget; `field` (default `main`) takes the focus and the red frame."""
        self._layout.insertWidget(0, main)
        self.main = main
        self.field = field or main
        self.setFocusProxy(self.field)
        if isinstance(self.field, (QComboBox, QAbstractSpinBox)):
            # The wheel scrolls the pane unless the field was clicked or tabbed into first.
            self.field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.field.installEventFilter(self)
        self.set_accessible_name(self.spec.label)

    def set_accessible_name(self, name: str) -> None:
        """Name the editor for screen readers (its label)."""
        self.setAccessibleName(name)
        self.field.setAccessibleName(name)

    def focus_widget(self) -> QWidget:
        """Return the widget that takes the keyboard focus."""
        return self.field

    def tab_widgets(self) -> list[QWidget]:
        """Return the widgets Tab visits in this editor, in order."""
        return [self.focus_widget()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Pass Undo/Redo to the window's actions; let the wheel scroll the pane over an unfocused field."""
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(
                QKeySequence.StandardKey.Redo
            ):
                # The text widget would take the shortcut for its own undo, which knows nothing
                # of choices, dates or list items: let Edit > Undo/Redo (the matter's stack) run.
                event.ignore()
                return True
        elif kind == QEvent.Type.Wheel and isinstance(watched, QWidget):
            if isinstance(watched, (QComboBox, QAbstractSpinBox)) and not watched.hasFocus():
                event.ignore()  # not handled here: the scroll area gets it
                return True
        return super().eventFilter(watched, event)

    def set_value(self, value: Any) -> None:
        """Show a JSON value without emitting `edited`."""
        raise NotImplementedError

    def check(self, value: Any) -> tuple[Any, str | None]:
        """Validate a raw value; return the value to store (None if invalid) and the problem."""
        if value is None or value == "" or value == []:
            return None, None
        _, problems = coerce(self.spec, value)
        if problems:
            return None, "; ".join(problems)
        return value, None

    def emit_value(self, raw: Any) -> None:
        """Validate, flag any problem at the field, and emit the value to store."""
        value, problem = self.check(raw)
        self.set_problem(problem)
        self.edited.emit(value)

    def set_problem(self, problem: str | None) -> None:
        """Show (or clear) why the typed value is not accepted."""
        if problem or self._problem is not None:
            self.problem.setText(problem or "")
            self.problem.setVisible(bool(problem))
        self._set_state("invalid", bool(problem))

    def set_missing(self, missing: bool) -> None:
        """Mark (or unmark) the field as empty while a filing or signed copy needs it."""
        self._set_state("missing", missing)

    @property
    def missing(self) -> bool:
        """Return whether the field is marked as needed and empty."""
        return bool(self.field.property("missing"))

    def _set_state(self, name: str, on: bool) -> None:
        if on == bool(self.field.property(name)):
            return  # only on a change: setting a style sheet, even an empty one, re-polishes
        self.field.setProperty(name, on)
        invalid, missing = bool(self.field.property("invalid")), self.missing
        self.field.setStyleSheet(
            (INVALID_STYLE if invalid else "") + (MISSING_STYLE if missing else "")
        )
        self.field.setAccessibleDescription(MISSING_TIP if missing else "")


class TextEditor(FieldEditor):
    """A single line of text (also money and whole numbers, validated as typed)."""

    def __init__(self, spec: FactSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        self.edit.setToolTip(spec.help)
        if spec.type == "money":
            self.edit.setPlaceholderText("1000000000 or $1 billion")
        self.edit.textEdited.connect(self._typed)
        self._finish(self.edit)
        self.echo: QLabel | None = None
        if spec.type == "money":
            self.echo = WrappedLabel("", self)
            tint(self.echo, ECHO_COLOR)
            self._layout.insertWidget(1, self.echo)

    def _typed(self, text: str) -> None:
        raw = text.strip() if self.spec.type in ("money", "number") else text
        if self.spec.type == "number" and raw:
            value, problems = coerce(self.spec, raw)
            self._update_echo(raw)
            self.set_problem("; ".join(problems) or None)
            self.edited.emit(None if problems else value)
            return
        self._update_echo(raw)
        self.emit_value(raw)

    def _update_echo(self, raw: str) -> None:
        if self.echo is None:
            return
        value, problems = coerce(self.spec, raw) if raw else (None, [])
        if isinstance(value, Decimal) and not problems:
            self.echo.setText(f"{format_money(value, 'full')}  ·  {format_money(value, 'short')}")
        else:
            self.echo.setText("")

    def set_value(self, value: Any) -> None:
        """Show a JSON value without emitting `edited`."""
        text = "" if value is None else str(value)
        if self.edit.text() != text:
            self.edit.setText(text)
            self.edit.setCursorPosition(0)
        self._update_echo(text)
        self.set_problem(self.check(value)[1] if value is not None else None)


class MultilineEditor(FieldEditor):
    """Several lines of text (an address)."""

    def __init__(self, spec: FactSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setToolTip(spec.help)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.edit.textChanged.connect(self._typed)
        self._finish(self.edit)
        self._quiet = False

    def _typed(self) -> None:
        if not self._quiet:
            self.emit_value(self.edit.toPlainText())

    def set_value(self, value: Any) -> None:
        """Show a JSON value without emitting `edited`."""
        text = "" if value is None else str(value)
        if self.edit.toPlainText() != text:
            self._quiet = True
            self.edit.setPlainText(text)
            self._quiet = False


class DateEdit(QDateEdit):
    """A date field where the earliest date shows "(not set)".

    Tab always leaves the field (the arrow keys move between month, day and year), typing into an
    unset date starts from today, and the calendar of an unset date opens at this month.
    """

    STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("MMMM d, yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("(not set)")
        self._calendar_watched = False

    def _watch_calendar(self) -> None:
        """Watch the calendar from its first opening, which only a click on the arrow does (Qt
        makes it then; asking for it earlier would make one with every date field at start-up)."""
        if not self._calendar_watched:
            self._calendar_watched = True
            self.calendarWidget().installEventFilter(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Watch the calendar before a click on the arrow opens it."""
        self._watch_calendar()
        super().mousePressEvent(event)

    def is_unset(self) -> bool:
        """Return whether the field shows "(not set)"."""
        return self.date() == NO_DATE

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Leave on Tab; start an unset date from today when the user types or steps."""
        key = event.key()
        mods = event.modifiers()
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and plain:
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            # QDateTimeEdit would keep the focus (it moves between sections, or nowhere at all
            # while "(not set)" shows): move to the next field as every other field does.
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        if self.is_unset() and plain and (key in self.STEP_KEYS or event.text().isalnum()):
            self.setDate(QDate.currentDate())
            if key in self.STEP_KEYS:
                event.accept()
                return
            self.setSelectedSection(QDateEdit.Section.MonthSection)
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Open the calendar of an unset date at this month, not at January 1900."""
        if (
            event.type() == QEvent.Type.Show
            and watched is self.calendarWidget()
            and self.is_unset()
        ):
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


class DateEditor(FieldEditor):
    """A date with a calendar popup; the earliest date stands for "not set".

    An optional date has a Clear button, so a date once set can be left empty again.
    """

    def __init__(self, spec: FactSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = DateEdit(self)
        self.edit.setToolTip(spec.help)
        self.edit.dateChanged.connect(self._changed)
        self.clear_button: QToolButton | None = None
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        line.addWidget(self.edit, 1)
        if not spec.required:
            self.clear_button = QToolButton(row)
            self.clear_button.setText("Clear")
            self.clear_button.setToolTip(f"Leave the {spec.label.lower()} unset")
            self.clear_button.clicked.connect(self.clear)
            line.addWidget(self.clear_button)
        self._finish(row, self.edit)
        self._quiet = False
        self._update_clear()

    def set_accessible_name(self, name: str) -> None:
        """Name the date field and its Clear button for screen readers."""
        super().set_accessible_name(name)
        if self.clear_button is not None:
            self.clear_button.setAccessibleName(CLEAR_NAME.format(label=name))

    def tab_widgets(self) -> list[QWidget]:
        """Return the date field, then its Clear button."""
        return [self.edit] + ([self.clear_button] if self.clear_button is not None else [])

    def clear(self) -> None:
        """Unset the date (one undo step)."""
        self.step.emit()
        self.edit.setDate(NO_DATE)
        self.step.emit()

    def _update_clear(self) -> None:
        if self.clear_button is not None:
            self.clear_button.setEnabled(not self.edit.is_unset())

    def _changed(self, date: QDate) -> None:
        self._update_clear()
        if not self._quiet:
            self.emit_value(None if date == NO_DATE else date.toString("yyyy-MM-dd"))

    def set_value(self, value: Any) -> None:
        """Show a JSON value without emitting `edited`."""
        self._quiet = True
        try:
            d = dt.date.fromisoformat(str(value)) if value else None
        except ValueError:
            d = None
        self.edit.setDate(QDate(d.year, d.month, d.day) if d else NO_DATE)
        self._quiet = False
        self._update_clear()


class ChoiceEditor(FieldEditor):
    """One of the template's choices."""

    def __init__(self, spec: FactSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = WrappingComboBox(self)
        self.box.addItem("(choose)", None)
        for choice in spec.choices:
            self.box.addItem(choice.label, choice.value)
        self.box.setToolTip(spec.help)
        self.box.currentIndexChanged.connect(self._changed)
        self._finish(self.box)
        self._quiet = False

    def _changed(self, index: int) -> None:
        if not self._quiet:
            self.emit_value(self.box.itemData(index))

    def set_value(self, value: Any) -> None:
        """Show a JSON value without emitting `edited`."""
        self._quiet = True
        index = self.box.findData(value) if value is not None else 0
        self.box.setCurrentIndex(max(0, index))
        self._quiet = False


class YesNoEditor(FieldEditor):
    """A yes/no fact as a check box."""

    def __init__(self, spec: FactSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox("Yes", self)
        self.box.setToolTip(spec.help)
        self.box.toggled.connect(self._changed)
        self._finish(self.box)
        self._quiet = False

    def _changed(self, on: bool) -> None:
        if not self._quiet:
            self.edited.emit(bool(on))

    def set_value(self, value: Any) -> None:
        """Show a JSON value without emitting `edited`."""
        self._quiet = True
        self.box.setChecked(bool(value))
        self._quiet = False


class ListEditor(FieldEditor):
    """A list of items, each with its own fields: add, remove, move up and down."""

    def __init__(self, spec: FactSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.items: list[dict[str, Any]] = []
        self.rows: list[tuple[QFrame, dict[str, FieldEditor]]] = []
        holder = QWidget(self)
        self.box = QVBoxLayout(holder)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton("Add item", holder)
        self.add_button.setToolTip(f"Add a {spec.label.lower()} item")
        self.add_button.clicked.connect(self.add_item)
        self.box.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._finish(holder, self.add_button)

    def set_accessible_name(self, name: str) -> None:
        """Name the list and its Add button for screen readers."""
        self.setAccessibleName(name)
        self.main.setAccessibleName(name)
        self.add_button.setAccessibleName(ADD_NAME.format(label=name))

    def focus_widget(self) -> QWidget:
        """Return the first item's first field, or the Add button."""
        if self.rows:
            return next(iter(self.rows[0][1].values())).focus_widget()
        return self.add_button

    def item_editor(self, index: int, field_id: str) -> FieldEditor | None:
        """Return the editor of one field of one item."""
        if 0 <= index < len(self.rows):
            return self.rows[index][1].get(field_id)
        return None

    def add_item(self) -> None:
        """Append an empty item."""
        self.items.append({f.id: None for f in self.spec.fields})
        self._emit()

    def remove_item(self, index: int) -> None:
        """Remove one item."""
        del self.items[index]
        self._emit()

    def move_item(self, index: int, delta: int) -> None:
        """Move one item up (-1) or down (+1)."""
        target = index + delta
        if 0 <= target < len(self.items):
            self.items[index], self.items[target] = self.items[target], self.items[index]
            self._emit()

    def _emit(self) -> None:
        self._rebuild()
        self.step.emit()
        self.emit_value(self._json_items())
        self.step.emit()

    def _json_items(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in item.items() if v not in (None, "")} for item in self.items]

    def check(self, value: Any) -> tuple[Any, str | None]:
        """Validate the items; an item's bad field is flagged there, the rest is stored."""
        if not value:
            return None, None
        return value, None

    def _field_edited(self, index: int, field_id: str, value: Any) -> None:
        self.items[index][field_id] = value
        self.edited.emit(self._json_items())

    def _rebuild(self) -> None:
        for frame, _ in self.rows:
            frame.setParent(None)
            frame.deleteLater()
        self.rows = []
        for n, item in enumerate(self.items):
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            form = QFormLayout(frame)
            form.setContentsMargins(6, 4, 6, 4)
            # An item is narrow: each field under its label, so a choice has the item's width.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            editors: dict[str, FieldEditor] = {}
            for sub in self.spec.fields:
                editor = make_editor(sub, frame)
                editor.fact_id = f"{self.spec.id}.{n}.{sub.id}"
                editor.set_accessible_name(ITEM_FIELD_NAME.format(label=sub.label, num=n + 1))
                editor.set_value(item.get(sub.id))
                editor.edited.connect(lambda v, n=n, f=sub.id: self._field_edited(n, f, v))
                form.addRow(field_label(sub), editor)
                editors[sub.id] = editor
            buttons = QHBoxLayout()
            for text, tip, slot in (
                ("↑", MOVE_UP_NAME, lambda _=False, n=n: self.move_item(n, -1)),
                ("↓", MOVE_DOWN_NAME, lambda _=False, n=n: self.move_item(n, 1)),
                ("Remove", REMOVE_NAME, lambda _=False, n=n: self.remove_item(n)),
            ):
                b = QToolButton(frame)
                b.setText(text)
                b.setToolTip(tip.format(num=n + 1))
                b.setAccessibleName(tip.format(num=n + 1))
                b.clicked.connect(slot)
                buttons.addWidget(b)
            buttons.addStretch(1)
            form.addRow(WrappedLabel(f"Item {n + 1}"), buttons)
            self.box.insertWidget(n, frame)
            self.rows.append((frame, editors))

    def set_value(self, value: Any) -> None:
        """Show a JSON value without emitting `edited`."""
        items = [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []
        items = [{f.id: i.get(f.id) for f in self.spec.fields} for i in items]
        if items != self.items or len(self.rows) != len(items):
            self.items = items
            self._rebuild()


def make_editor(spec: FactSpec, parent: QWidget | None = None) -> FieldEditor:
    """Return the editor for a fact's type."""
    kind: dict[str, Callable[[FactSpec, QWidget | None], FieldEditor]] = {
        "multiline": MultilineEditor,
        "date": DateEditor,
        "choice": ChoiceEditor,
        "yesno": YesNoEditor,
        "list": ListEditor,
    }
    return kind.get(spec.type, TextEditor)(spec, parent)


def needed_without_fail(spec: FactSpec) -> bool:
    """Return whether a final copy always refuses while this fact is empty (its schema says it
    is required, and it can be empty: a yes/no fact never is)."""
    return spec.required and spec.type != "yesno"


def field_label(spec: FactSpec, needed: bool | None = None) -> QLabel:
    """Return a field's label, starred when a filing or signed copy refuses while it is empty."""
    label = WrappedLabel()
    set_label_needed(label, spec, needed_without_fail(spec) if needed is None else needed)
    return label


def set_label_needed(label: QLabel, spec: FactSpec, needed: bool) -> None:
    """Star (or unstar) a field's label."""
    label.setText(spec.label + (" *" if needed else ""))
    label.setToolTip(
        spec.help + ("\n(needed for a filing or signed copy)" if needed else "\n(optional)")
    )


class Section(QWidget):
    """A collapsible group of fields."""

    def __init__(self, title: str, help_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(self)
        self.toggle.setText(title)
        self.toggle.setToolTip(help_text)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setAutoRaise(
            True
        )  # no frame (a style sheet would cost every field a re-polish)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.toggle.toggled.connect(self.set_expanded)
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(14, 2, 4, 8)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels have one width in every section (the pane sets it), so fields line up.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)

    def set_expanded(self, on: bool) -> None:
        """Open or fold the section."""
        self.toggle.setChecked(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)


class FactPane(QScrollArea):
    """The facts of the open matter, one editor each, writing through the document's undo stack."""

    fact_focused = Signal(str)  # the letter's fact id of the field that took the focus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(260)
        self.doc: MatterDocument | None = None
        self._editors: dict[Key, FieldEditor] = {}
        self._labels: dict[Key, tuple[QLabel, FactSpec]] = {}
        self._pending: list[tuple[Section, Key, FactSpec]] = []
        # Fact ids a final copy refuses without, beyond the schema's required ones (an optional
        # fact the letter prints, a signer field): learnt from the letter, kept for the matter.
        self.needed: set[str] = set()
        self._missing: set[str] = set()
        self._label_column = LABEL_MIN_WIDTH  # the labels' width, the same in every section
        self.sections: dict[str, Section] = {}
        self._focused: str | None = None
        self._editing: Key | None = None
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]

    @property
    def editors(self) -> dict[Key, FieldEditor]:
        """Return every field's editor by key (building any still waiting for the first paint)."""
        self.finish_build()
        return self._editors

    def set_document(self, doc: MatterDocument) -> None:
        """Build the editors for a matter's template and show its values.

        The first FIRST_FIELDS fields are built now; the rest, below them, once the window has
        painted (`finish_build`, which the window calls then), or as soon as anything asks for them.
        """
        self.doc = doc
        self._editors = {}
        self._labels = {}
        self._pending = []
        self.sections = {}
        self.needed = set()
        self._missing = set()
        self._label_column = self._label_width()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(6, 6, 6, 6)
        schema: FactSchema = doc.template.schema
        groups = [(g.id, g.label, g.help) for g in schema.groups]
        if any(not f.group for f in schema.facts):
            groups.append(("", "Other facts", ""))
        date_spec = FactSpec(
            "letter_date", "Date of letter", "date", True, "The date the letter bears."
        )
        date_placed = False
        for gid, label, help_text in groups:
            facts = [f for f in schema.facts if f.group == gid]
            if not facts:
                continue
            section = Section(label, help_text, inner)
            self.sections[gid] = section
            for spec in facts:
                self._add(section, ("fact", spec.id), spec)
                if not date_placed and spec.group == groups[0][0]:
                    # The letter date stands right after the exhibit label, at the top of the letter.
                    self._add(section, ("letter_date",), date_spec)
                    date_placed = True
            layout.addWidget(section)
        signer = Section("Signer", "Who signs the letter and how the signature reads.", inner)
        self.sections["signer"] = signer
        if not date_placed:
            self._add(signer, ("letter_date",), date_spec)
        for fid, label, required, help_text in SIGNER_FIELDS:
            self._add(signer, ("signer", fid), FactSpec(fid, label, "text", required, help_text))
        voice = FactSpec(
            "voice",
            "Voice",
            "choice",
            False,
            "Whether the letter speaks as I or we.",
            choices=_voice_choices(),
        )
        self._add(signer, ("signer", "voice"), voice)
        layout.addWidget(signer)
        layout.addStretch(1)
        self.setWidget(inner)
        if self._pending:  # at the latest, if the window never paints
            QTimer.singleShot(FINISH_AFTER_MS, self, self.finish_build)
        else:
            self._set_tab_order()
        doc.value_changed.connect(self.refresh)

    def finish_build(self) -> None:
        """Build the fields left for after the first paint, then set the tab order."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        for section, key, spec in pending:
            self._make(section, key, spec)
        self._set_tab_order()
        self.mark_missing(self._missing)

    def _set_tab_order(self) -> None:
        chain = [w for e in self._editors.values() for w in e.tab_widgets()]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def _add(self, section: Section, key: Key, spec: FactSpec) -> None:
        if self._pending or len(self._editors) >= FIRST_FIELDS:
            self._pending.append((section, key, spec))
        else:
            self._make(section, key, spec)

    def _make(self, section: Section, key: Key, spec: FactSpec) -> None:
        assert self.doc is not None
        editor = make_editor(spec, section.body)
        editor.fact_id = key_fact_id(key)
        editor.set_value(self.doc.value(key))
        editor.edited.connect(lambda value, key=key: self._edited(key, value))
        editor.step.connect(self._step)
        label = field_label(spec, self._is_needed(key, spec))
        label.setFixedWidth(self._label_column)
        section.form.addRow(label, editor)
        self._editors[key] = editor
        self._labels[key] = (label, spec)

    def _label_width(self) -> int:
        """Return the label column's width: the widest label's, up to a share of the pane, so
        every section's fields start at the same place and long labels wrap."""
        if self.doc is None:
            return LABEL_MIN_WIDTH
        metrics = self.fontMetrics()
        texts = [s.label + " *" for s in self.doc.template.schema.facts]
        texts += [label + " *" for _fid, label, _req, _help in SIGNER_FIELDS] + ["Date of letter *"]
        widest = max(metrics.horizontalAdvance(text) for text in texts) + 4
        room = int(self.viewport().width() * LABEL_SHARE)
        return max(LABEL_MIN_WIDTH, min(widest, room))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the label column its share of the pane's new width."""
        super().resizeEvent(event)
        self._fit_labels()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Measure the labels again when the font changes (a larger text size)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_labels()

    def _fit_labels(self) -> None:
        width = self._label_column = self._label_width()
        for label, _spec in self._labels.values():
            if label.width() != width:
                label.setFixedWidth(width)

    def _is_needed(self, key: Key, spec: FactSpec) -> bool:
        if key == ("signer", "voice"):
            return False
        if key[0] == "fact" and needed_without_fail(spec):
            return True
        return key == ("letter_date",) or key_fact_id(key) in self.needed

    def add_needed(self, fact_ids: set[str] | list[str]) -> None:
        """Star the fields of these facts too: a final copy refuses while they are empty."""
        new = {f.split(".")[0] if not f.startswith("signer.") else f for f in fact_ids}
        new -= self.needed
        if not new:
            return
        self.needed |= new
        for key, (label, spec) in self._labels.items():
            set_label_needed(label, spec, self._is_needed(key, spec))

    def starred(self) -> set[str]:
        """Return the fact ids (letter ids: "signer.name", "letter_date") whose labels are starred."""
        self.finish_build()
        return {
            key_fact_id(key)
            for key, (label, _spec) in self._labels.items()
            if label.text().endswith(" *")
        }

    def mark_missing(self, fact_ids: set[str] | list[str]) -> None:
        """Mark the empty fields a filing or signed copy still needs (and star them), unmark the rest.

        Ids are the letter's ("registrant_name", "signer.title", "parties.0.who"); a list item's
        field is marked in its item, and its list with it.
        """
        self._missing = set(fact_ids)
        self.add_needed(self._missing)
        tops = {f.split(".")[0] for f in self._missing if not f.startswith("signer.")}
        for key, editor in self._editors.items():
            fact = key_fact_id(key)
            if isinstance(editor, ListEditor):
                editor.set_missing(fact in self._missing)
                for n, (_frame, subs) in enumerate(editor.rows):
                    for sub_id, sub in subs.items():
                        sub.set_missing(f"{fact}.{n}.{sub_id}" in self._missing)
            else:
                editor.set_missing(fact in self._missing or (key[0] == "fact" and fact in tops))

    def missing_fields(self) -> set[str]:
        """Return the letter ids of the fields marked as needed and empty (list items included)."""
        out = set()
        for key, editor in self.editors.items():
            if editor.missing:
                out.add(key_fact_id(key))
            if isinstance(editor, ListEditor):
                for n, (_frame, subs) in enumerate(editor.rows):
                    out |= {f"{key[1]}.{n}.{s}" for s, sub in subs.items() if sub.missing}
        return out

    def _step(self) -> None:
        if self.doc is not None:
            self.doc.break_merge()

    def _edited(self, key: Key, value: Any) -> None:
        if self.doc is not None:
            # The editor that made the change already shows it (an invalid value stays as typed).
            self._editing = key
            try:
                self.doc.set_value(key, value)
            finally:
                self._editing = None

    def refresh(self, key: Key) -> None:
        """Show a value the document changed (undo, redo) in its editor."""
        editor = self.editors.get(key)
        if editor is not None and self.doc is not None and key != self._editing:
            editor.set_value(self.doc.value(key))

    def editor_for(self, fact_id: str) -> tuple[FieldEditor | None, QWidget | None]:
        """Return the editor and focus widget for a letter fact id (list items included)."""
        if fact_id == "letter_date":
            editor = self.editors.get(("letter_date",))
        elif fact_id.startswith("signer."):
            editor = self.editors.get(("signer", fact_id.split(".", 1)[1]))
        else:
            parts = fact_id.split(".")
            editor = self.editors.get(("fact", parts[0]))
            if isinstance(editor, ListEditor) and len(parts) >= 3 and parts[1].isdigit():
                sub = editor.item_editor(int(parts[1]), parts[2])
                if sub is not None:
                    return sub, sub.focus_widget()
        return editor, editor.focus_widget() if editor else None

    def focus_fact(self, fact_id: str) -> bool:
        """Open the field of a fact, scroll to it and give it the keyboard focus."""
        editor, widget = self.editor_for(fact_id)
        if editor is None or widget is None:
            return False
        for section in self.sections.values():
            if section.isAncestorOf(editor):
                section.set_expanded(True)
        self.ensureWidgetVisible(editor)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._set_focused(editor.fact_id)
        return True

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isAncestorOf(new):
            return
        w: QWidget | None = new
        while w is not None and not isinstance(w, FieldEditor):
            w = w.parentWidget()
        if isinstance(w, FieldEditor):
            self._set_focused(w.fact_id)

    def _set_focused(self, fact_id: str) -> None:
        if fact_id != self._focused:
            self._focused = fact_id
            if self.doc is not None:
                self.doc.break_merge()
            self.fact_focused.emit(fact_id)


def _voice_choices() -> tuple:
    from ..core.facts import Choice

    return (Choice("I", "I (one lawyer)"), Choice("we", "we (the firm)"))
