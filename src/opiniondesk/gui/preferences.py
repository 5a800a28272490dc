"""Edit > Preferences: the department template folders, with what each folder's templates say."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OpinionDeskError
from ..core.templates import TemplateLibrary, reset_default_library
from ..settings import (
    TEMPLATE_PATH_ENV,
    Settings,
    env_template_folders,
    load_settings,
    save_settings,
)


class PreferencesDialog(QDialog):
    """Lists the department template folders; Add, Remove, Up and Down edit them; OK saves them."""

    def __init__(
        self,
        parent: QWidget | None = None,
        choose_folder: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._choose = choose_folder or self._ask_folder
        self.error = QLabel()
        self.error.setWordWrap(True)
        try:
            self.settings = load_settings()
        except OpinionDeskError as exc:
            self.settings = Settings()
            self.error.setText(
                self.tr(
                    "The settings file could not be read and will be replaced: {problem}"
                ).format(problem=exc.problems[0])
            )

        intro = QLabel(
            self.tr(
                "Department template folders hold your own letter templates, shown beside the built-in "
                "ones. A shared network folder works."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.addItems(self.settings.department_folders)
        self.list.currentRowChanged.connect(self._show_templates)

        self.add_button = QPushButton(self.tr("Add..."))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Move Up"))
        self.down_button = QPushButton(self.tr("Move Down"))
        self.add_button.clicked.connect(self.add_folder)
        self.remove_button.clicked.connect(self.remove_folder)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        side = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            side.addWidget(b)
        side.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addLayout(side)

        env = env_template_folders()
        self.env_note = QLabel(
            self.tr("Also read, from {variable}: {folders}").format(
                variable=TEMPLATE_PATH_ENV, folders="; ".join(str(f) for f in env)
            )
            if env
            else ""
        )
        self.env_note.setWordWrap(True)
        self.templates = QPlainTextEdit()
        self.templates.setReadOnly(True)
        self.templates.setPlaceholderText(self.tr("Select a folder to see its templates."))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.env_note)
        layout.addWidget(QLabel(self.tr("Templates in the selected folder:")))
        layout.addWidget(self.templates)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 460)

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Department Template Folder"))

    def folders(self) -> list[str]:
        """Return the folders as listed."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def add_folder(self) -> None:
        """Ask for a folder and add it (once)."""
        folder = self._choose()
        if folder and folder not in self.folders():
            self.list.addItem(folder)
            self.list.setCurrentRow(self.list.count() - 1)

    def remove_folder(self) -> None:
        """Remove the selected folder from the list (the folder itself is untouched)."""
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def move(self, step: int) -> None:
        """Move the selected folder up (-1) or down (+1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def _show_templates(self, row: int) -> None:
        if row < 0:
            self.templates.clear()
            return
        folder = Path(self.list.item(row).text())
        if not folder.is_dir():
            self.templates.setPlainText(
                self.tr("The folder cannot be found: {folder}").format(folder=folder)
            )
            return
        lines = []
        for t in TemplateLibrary([folder]).templates():
            if t.source == "built-in":
                continue
            if t.ok:
                lines.append(
                    self.tr("{id} (version {version}): {name}").format(
                        id=t.id, version=t.version, name=t.name
                    )
                )
            else:
                for p in t.error.problems:  # type: ignore[union-attr]
                    lines.append(
                        self.tr("{id}: cannot be used: {problem}").format(id=t.id, problem=p)
                    )
        self.templates.setPlainText("\n".join(lines) or self.tr("No templates in this folder."))

    def accept(self) -> None:
        """Save the folders and make the template library read them again."""
        self.settings.department_folders = self.folders()
        try:
            save_settings(self.settings)
        except OpinionDeskError as exc:
            self.error.setText(str(exc.problems[0]))
            return
        reset_default_library()
        super().accept()
