"""Paragraph Edits: the matter's own wording, edit by edit, with what needs review first.

An edit whose template paragraph changed since shows the template's old wording, its new wording
and the edit side by side, to keep or revert; an edit that cannot be placed (its paragraph gone)
or read can be placed on another paragraph or removed. Nothing is dropped without counsel's say.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OpinionDeskError
from ..core.model import Deviation, Letter
from ..core.wording import (
    EDITABLE_KINDS,
    form_of,
    reattached,
    with_form,
    without_edit,
    without_index,
)
from .document import MatterDocument

TITLE = "Paragraph Edits"
INTRO_REVIEW = (
    "The template's wording changed, or an edit cannot be placed, since this matter's wording "
    "was edited. Review each edit below: nothing is kept or dropped without you."
)
INTRO_ALL = "This matter's own wording, edit by edit. Each is a deviation from the approved form."
STATE_TEXT = {
    "applied": "{action}",
    "changed": "\u26a0 template changed \u2014 {action}",
    "missing": "\u2716 cannot be placed \u2014 {action}",
    "empty": "\u2716 empty \u2014 {action}",
    "malformed": "\u2716 cannot be read",
}
ACTION_TEXT = {"replace": "reworded", "insert_after": "added", "drop": "dropped"}
ITEM = "{state}: {key}"
WHERE = " (paragraph {num})"
OLD_FORM = "Template's wording when edited"
NEW_FORM = "Template's wording now"
THE_EDIT = "The edit"
NOT_THERE = "(the template has no such paragraph now)"
UNDO_KEEP = "keep paragraph edit"
UNDO_REVERT = "revert paragraph wording"
UNDO_PLACE = "place paragraph edit"
UNDO_REMOVE = "remove paragraph edit"
NEEDS_REVIEW = ("changed", "missing", "empty", "malformed")

LetterSource = Callable[[], tuple[Letter, Letter]]


def edit_text(data: Any) -> str:
    """Return an edit's wording as text, facts as {id} (for an edit with no paragraph to show)."""
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list):
        return ""
    parts = []
    for run in data["runs"]:
        if isinstance(run, dict):
            if run.get("br"):
                parts.append("\n")
            elif isinstance(run.get("fact"), str):
                parts.append("{" + run["fact"] + "}")
            elif isinstance(run.get("text"), str):
                parts.append(run["text"])
    return "".join(parts)


def _html(text: str) -> str:
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


class EditsDialog(QDialog):
    """The matter's edits, those needing review first, each with its side-by-side wording."""

    edit_paragraph = Signal(int)  # open the wording editor on this paragraph (block index)

    def __init__(
        self, doc: MatterDocument, letters: LetterSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.letters = letters
        self.setWindowTitle(TITLE)
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(split)
        self.list.setAccessibleName("Edits")
        right = QWidget(split)
        grid = QGridLayout(right)
        self.message = QLabel(right)
        self.message.setWordWrap(True)
        grid.addWidget(self.message, 0, 0, 1, 3)
        self.old_form = QTextEdit(right)
        self.new_form = QTextEdit(right)
        self.the_edit = QTextEdit(right)
        for n, (title, view) in enumerate(
            ((OLD_FORM, self.old_form), (NEW_FORM, self.new_form), (THE_EDIT, self.the_edit))
        ):
            view.setReadOnly(True)
            view.setAccessibleName(title)
            grid.addWidget(QLabel(title, right), 1, n)
            grid.addWidget(view, 2, n)
        place = QHBoxLayout()
        self.target = QComboBox(right)
        self.target.setAccessibleName("Paragraph to place the edit on")
        self.place_button = QPushButton("&Place on This Paragraph", right)
        place.addWidget(self.target, 1)
        place.addWidget(self.place_button)
        grid.addLayout(place, 3, 0, 1, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 600])
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton("&Keep My Wording", self)
        self.revert_button = QPushButton("Use the &Template's Wording", self)
        self.edit_button = QPushButton("&Edit...", self)
        self.remove_button = QPushButton("&Remove Edit", self)
        for b in (self.keep_button, self.revert_button, self.edit_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.keep_button.clicked.connect(self.keep)
        self.revert_button.clicked.connect(self.revert)
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        self.place_button.clicked.connect(self.place)
        self.list.currentRowChanged.connect(lambda _row: self._show())
        # Each change of the matter's wording (an action here, the editor, undo) lists it once.
        doc.edits_changed.connect(self._edits_changed)
        self.refresh()

    # ---- contents -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """List the matter's edits again (after a change), those needing review first."""
        self.letter, self.form_letter = self.letters()
        chosen = self.current()
        deviations = sorted(
            self.letter.deviations, key=lambda d: (d.state not in NEEDS_REVIEW, d.edit)
        )
        review = any(d.state in NEEDS_REVIEW for d in deviations)
        self.intro.setText(INTRO_REVIEW if review else INTRO_ALL)
        self.list.clear()
        for d in deviations:
            state = STATE_TEXT.get(d.state, d.state).format(action=ACTION_TEXT.get(d.action, ""))
            text = ITEM.format(state=state, key=d.key or "?")
            if d.block is not None:
                text += WHERE.format(num=d.block + 1)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d)
            self.list.addItem(item)
        self.target.clear()
        for b in self.form_letter.blocks:
            if b.kind in EDITABLE_KINDS:
                self.target.addItem(f"{b.index + 1}. {b.text.replace(chr(10), ' ')[:70]}", b.key)
        row = 0
        if chosen is not None:
            row = next((n for n, d in enumerate(deviations) if d.edit == chosen.edit), 0)
        if deviations:
            self.list.setCurrentRow(row)
        self._show()

    def _edits_changed(self) -> None:
        if not self.isVisible():
            return
        try:
            self.refresh()
        except OpinionDeskError:
            pass  # the letter cannot be rendered as it stands: the list stays as it was

    def current(self) -> Deviation | None:
        """Return the edit chosen in the list."""
        item = self.list.currentItem() if hasattr(self, "list") else None
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, Deviation) else None

    def _show(self) -> None:
        d = self.current()
        for view in (self.old_form, self.new_form, self.the_edit):
            view.clear()
        if d is None:
            self.message.setText("")
            for b in (self.keep_button, self.revert_button, self.edit_button, self.remove_button):
                b.setEnabled(False)
            self.place_button.setEnabled(False)
            self.target.setEnabled(False)
            return
        self.message.setText(d.message)
        self.old_form.setHtml(_html(d.form_then))
        self.new_form.setHtml(_html(d.form_now) if d.form_now else _html(NOT_THERE))
        raw = self.doc.matter.edits[d.edit] if 0 <= d.edit < len(self.doc.matter.edits) else None
        if d.block is not None:
            self.the_edit.setHtml(_html(self.letter.blocks[d.block].text))
        elif d.action == "drop":
            self.the_edit.setHtml(_html("(dropped)"))
        else:
            self.the_edit.setHtml(_html(edit_text(raw)))
        placed = d.state in ("applied", "changed")
        self.keep_button.setEnabled(d.state == "changed")
        self.revert_button.setEnabled(placed)
        self.edit_button.setEnabled(d.block is not None)
        self.remove_button.setEnabled(True)
        can_place = d.state == "missing"
        self.target.setEnabled(can_place)
        self.place_button.setEnabled(can_place)

    # ---- actions --------------------------------------------------------------------------------

    def keep(self) -> None:
        """Keep the edit as it is: it now answers the template's new wording."""
        d = self.current()
        if d is not None and d.state == "changed":
            edits = with_form(self.doc.matter.edits, d.edit, d.form_now, d.target)
            self.doc.set_edits(edits, UNDO_KEEP)

    def revert(self) -> None:
        """Drop the edit: the template's wording stands again."""
        d = self.current()
        if d is not None:
            self.doc.set_edits(without_edit(self.doc.matter.edits, d.key), UNDO_REVERT)

    def edit(self) -> None:
        """Open the wording editor on the edit's paragraph."""
        d = self.current()
        if d is not None and d.block is not None:
            self.edit_paragraph.emit(d.block)

    def remove(self) -> None:
        """Remove the edit (one that cannot be read or placed, or any other)."""
        d = self.current()
        if d is not None and 0 <= d.edit < len(self.doc.matter.edits):
            self.doc.set_edits(without_index(self.doc.matter.edits, d.edit), UNDO_REMOVE)

    def place(self) -> None:
        """Place an edit whose paragraph is gone on the paragraph chosen."""
        d = self.current()
        key = self.target.currentData()
        if d is None or not key:
            return
        block = next((b for b in self.form_letter.blocks if b.key == key), None)
        form = form_of(block.inlines) if block is not None else ""
        self.doc.set_edits(reattached(self.doc.matter.edits, d.edit, str(key), form), UNDO_PLACE)
