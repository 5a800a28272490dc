"""Edit > Preferences: the department template folders (with what each folder's templates say) and
the letterhead, checked when it is chosen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
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

LETTERHEAD_FILTER = "Word documents (*.docx)"


class PreferencesDialog(QDialog):
    """Lists the department template folders; Add, Remove, Up and Down edit them; OK saves them.
    Below, the letterhead every letter is laid out on: the built-in one or a department's DOCX."""

    def __init__(
        self,
        parent: QWidget | None = None,
        choose_folder: Callable[[], str] | None = None,
        choose_letterhead: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._choose = choose_folder or self._ask_folder
        self._choose_letterhead = choose_letterhead or self._ask_letterhead
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
        layout.addWidget(self._letterhead_box())
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(640, 560)

    # ---- the letterhead ---------------------------------------------------------------------

    def _letterhead_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Letterhead"))
        self.letterhead = self.settings.letterhead
        self.letterhead_label = QLabel()
        self.letterhead_label.setWordWrap(True)
        self.letterhead_report = QLabel()
        self.letterhead_report.setWordWrap(True)
        self.choose_letterhead_button = QPushButton(self.tr("Choose..."))
        self.builtin_letterhead_button = QPushButton(self.tr("Use Built-in"))
        self.choose_letterhead_button.clicked.connect(self.choose_letterhead)
        self.builtin_letterhead_button.clicked.connect(lambda: self.set_letterhead(""))
        row = QHBoxLayout()
        row.addWidget(self.letterhead_label, 1)
        row.addWidget(self.choose_letterhead_button)
        row.addWidget(self.builtin_letterhead_button)
        column = QVBoxLayout(box)
        column.addLayout(row)
        column.addWidget(self.letterhead_report)
        self.set_letterhead(self.letterhead)
        return box

    def _ask_letterhead(self) -> str:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Department Letterhead"), "", LETTERHEAD_FILTER
        )
        return name

    def set_letterhead(self, path: str) -> None:
        """Show a letterhead as the one chosen ("" for the built-in one)."""
        self.letterhead = path
        self.letterhead_label.setText(
            path or self.tr("The built-in letterhead (US Letter, Times New Roman 12 pt)")
        )
        self.builtin_letterhead_button.setEnabled(bool(path))
        if not path:
            self.letterhead_report.clear()

    def choose_letterhead(self) -> bool:
        """Ask for a department letterhead and check it: one that is no DOCX is refused; one
        with missing styles or properties out of Word's order is reported before it is used."""
        from ..writers.ooxml import letterhead_problems, read_letterhead

        name = self._choose_letterhead()
        if not name:
            return False
        try:  # one that is no DOCX, or no regular file (a FIFO, a device), or too large
            read_letterhead(Path(name))
        except OpinionDeskError as exc:
            QMessageBox.warning(self, self.tr("Letterhead"), str(exc))
            return False
        problems = letterhead_problems(Path(name))
        report = "\n".join(problems)
        if problems:
            answer = QMessageBox.warning(
                self,
                self.tr("Letterhead"),
                self.tr(
                    "This letterhead has problems:\n\n{problems}\n\nWord refuses a file whose "
                    "properties are out of order; OpinionDesk puts them in order in the files it "
                    "writes, but the letterhead itself should be mended. Use it anyway?"
                ).format(problems=report),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.set_letterhead(name)
        self.letterhead_report.setText(report)
        return True

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
        self.settings.letterhead = self.letterhead
        try:
            save_settings(self.settings)
        except OpinionDeskError as exc:
            self.error.setText(str(exc.problems[0]))
            return
        reset_default_library()
        super().accept()
