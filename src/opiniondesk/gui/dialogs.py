"""The window's own dialogs: the template picker and the list of facts a filing copy still lacks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.templates import Template, TemplateLibrary

MSG_MISSING_INTRO = (
    "A filing copy cannot be made while these facts are missing ({count}). Click one to fill it in."
)


class TemplatePicker(QDialog):
    """A list of templates with their descriptions; broken ones are shown with their error."""

    def __init__(self, library: TemplateLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New matter from template")
        self.resize(560, 420)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        for tmpl in library.templates():
            item = QListWidgetItem(self._item_text(tmpl))
            item.setData(Qt.ItemDataRole.UserRole, tmpl.id)
            if not tmpl.ok:
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled
                )
                item.setForeground(QColor("#8a1f11"))
            self.list.addItem(item)
        first_ok = next(
            (
                i
                for i in range(self.list.count())
                if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
            ),
            None,
        )
        if first_ok is not None:
            self.list.setCurrentRow(first_ok)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the letter template for the new matter:"))
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)

    @staticmethod
    def _item_text(tmpl: Template) -> str:
        if not tmpl.ok:
            return f"{tmpl.name or tmpl.id}: cannot be used\n{tmpl.error}"
        forms = f" (Form {', '.join(tmpl.forms)})" if tmpl.forms else ""
        return f"{tmpl.name}{forms}, version {tmpl.version}\n{tmpl.description}"

    def selected_id(self) -> str | None:
        """Return the chosen template's id."""
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def select(self, template_id: str) -> None:
        """Select a template by id."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == template_id:
                self.list.setCurrentRow(i)


class MissingFactsDialog(QDialog):
    """Why a filing copy was refused: each missing fact, clickable to its field."""

    fact_chosen = Signal(str)

    def __init__(self, missing: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Facts missing for the filing copy")
        self.list = QListWidget(self)
        for fact, label in missing:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, fact)
            item.setToolTip("Go to this fact")
            self.list.addItem(item)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(MSG_MISSING_INTRO.format(count=len(missing)))
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def facts(self) -> list[str]:
        """Return the fact ids listed."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        self.fact_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
