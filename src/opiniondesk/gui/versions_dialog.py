"""Versions of the matter: File > Save Version... names and keeps one; File > Browse Versions...
lists them, shows each read-only as it printed, restores one or compares it with the letter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OpinionDeskError
from ..core.migrate import notice
from ..core.templates import TemplateLibrary, render_letter
from ..core.versions import (
    MAX_NAME,
    Version,
    check_name,
    matter_at,
    other_template,
    read_versions,
    restore,
)
from ..pages import Page, layout_letter, page_setup
from .document import MatterDocument
from .errors import error_text, show_error
from .preview import PreviewWidget

SAVE_TITLE = "Save Version"
SAVE_INTRO = (
    "Keep the matter as it stands now (facts, date, signer and wording) as a named version "
    "inside the matter file, e.g. \u201csent to underwriters' counsel\u201d or \u201cas filed\u201d."
)
BROWSE_TITLE = "Versions of {name}"
COLUMNS = ("Name", "Saved", "Template version", "Note")
NONE_YET = "No versions yet: File > Save Version... keeps one."
UNREADABLE = "{count} version(s) cannot be read and are kept as they are: {problems}"
RESTORE_TITLE = "Restore version"
RESTORE = (
    "Put the facts, date, signer and wording of \u201c{name}\u201d back into the matter? "
    "Undo brings the present ones back; the versions stay."
)
UNDO_RESTORE = "restore version {name}"


class SaveVersionDialog(QDialog):
    """Ask a new version's name (and a note); a name already taken is refused here."""

    def __init__(self, doc: MatterDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(SAVE_TITLE)
        layout = QVBoxLayout(self)
        intro = QLabel(SAVE_INTRO, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setMaxLength(MAX_NAME)
        self.note = QLineEdit(self)
        form.addRow("&Name:", self.name)
        form.addRow("N&ote:", self.note)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #8a1f11")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.textChanged.connect(lambda _t: self.problem.clear())

    def accept(self) -> None:
        """Keep the version, or say why its name cannot be used and stay open."""
        try:
            name = check_name(self.doc.matter, self.name.text())
            self.doc.add_version(name, self.note.text().strip())
        except OpinionDeskError as exc:
            self.problem.setText(error_text(exc))
            self.name.setFocus()
            return
        super().accept()


class VersionsDialog(QDialog):
    """The matter's versions; the one chosen is shown read-only, as its letter printed: on
    `letterhead`, by default that of the window it is opened from (`parent`), else the built-in
    one."""

    compare_requested = Signal(str)  # a version's name, to redline against the letter

    def __init__(
        self,
        doc: MatterDocument,
        parent: QWidget | None = None,
        library: TemplateLibrary | None = None,
        letterhead: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.library = library
        self.letterhead: Path | None = letterhead or getattr(parent, "letterhead", None)
        name = doc.path.name if doc.path else "Untitled"
        self.setWindowTitle(BROWSE_TITLE.format(name=name))
        self.resize(1000, 640)
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.tree = QTreeWidget(split)
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Versions")
        self.preview = PreviewWidget(None, split)
        split.setSizes([380, 620])
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        self.restore_button = QPushButton("&Restore...", self)
        self.compare_button = QPushButton("&Compare with This Letter", self)
        row.addWidget(self.restore_button)
        row.addWidget(self.compare_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.restore_button.clicked.connect(self.restore)
        self.compare_button.clicked.connect(self._compare)
        self.tree.currentItemChanged.connect(lambda *_a: self._show())
        self.fill()

    def fill(self) -> None:
        """List the versions kept in the matter, newest last."""
        self.versions, problems = read_versions(self.doc.matter)
        self.tree.clear()
        for v in self.versions:
            item = QTreeWidgetItem([v.name, v.saved_text, v.template_version, v.note])
            item.setData(0, Qt.ItemDataRole.UserRole, v.index)
            self.tree.addTopLevelItem(item)
        text = "" if self.versions else NONE_YET
        if problems:
            text = UNREADABLE.format(
                count=len(problems), problems="; ".join(str(p) for p in problems)
            )
        self.status.setText(text)
        if self.versions:
            self.tree.setCurrentItem(self.tree.topLevelItem(self.tree.topLevelItemCount() - 1))
        self._show()

    def version(self) -> Version | None:
        """Return the version chosen."""
        item = self.tree.currentItem()
        if item is None:
            return None
        index = item.data(0, Qt.ItemDataRole.UserRole)
        return next((v for v in self.versions if v.index == index), None)

    def version_letter_pages(self, version: Version) -> list[Page]:
        """Return the version's letter laid out as pages (its own wording applied)."""
        other = self._other_template(version)
        if other:
            raise OpinionDeskError(other)
        old = matter_at(self.doc.matter, version, self.library)
        letter = render_letter(
            self.doc.template, old.facts, old.letter_date, old.signer, edits=old.edits
        )
        return layout_letter(letter, page_setup(self.letterhead))

    def _other_template(self, version: Version) -> str:
        """Return why a version on another template cannot be shown or restored here, or ""."""
        return other_template(self.doc.matter, version)

    def _show(self) -> None:
        version = self.version()
        self.restore_button.setEnabled(version is not None)
        self.compare_button.setEnabled(version is not None)
        if version is None:
            self.preview.set_render_function(lambda: [])
            return
        self.preview.set_render_function(lambda v=version: self.version_letter_pages(v))

    def restore(self) -> None:
        """Put the chosen version back into the matter, after asking (undo brings it back)."""
        version = self.version()
        if version is None:
            return
        restored = self.doc.matter.copy()
        try:  # as `versions restore` does, on a copy first: undo brings the present back
            kept = restore(restored, version, self.library)
        except OpinionDeskError as exc:  # on another template, or a [[migrate]] rule unsound
            show_error(self, RESTORE_TITLE, exc)
            return
        question = RESTORE.format(name=version.name)
        said = notice(kept)  # a version saved under an older template version is brought up to date
        if said:
            question += "\n\n" + said
        answer = QMessageBox.question(self, RESTORE_TITLE, question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        state = {
            "facts": restored.facts,
            "letter_date": restored.letter_date,
            "signer": restored.signer,
            "edits": restored.edits,
            "template_version": restored.template_version,
        }
        self.doc.restore(state, UNDO_RESTORE.format(name=version.name))
        self.accept()

    def _compare(self) -> None:
        version = self.version()
        if version is not None:
            self.compare_requested.emit(version.name)
            self.accept()
