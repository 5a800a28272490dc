"""File > Compare...: what to redline the letter against (its template's own wording, a version
kept in the matter, or another matter of the same template), and which side is the new one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..core.matter import SUFFIX
from ..core.versions import read_versions
from .document import MatterDocument

TITLE = "Compare"
INTRO = (
    "Show a redline in the preview: what changed from the old letter to the new one. "
    "File > Export Redline... then writes it as a Word file with tracked changes or as a PDF."
)
FORM = "The template's own wording (same facts)"
CURRENT = "This letter as it stands"
VERSION = "Version: {name} ({saved})"
OTHER = "Another matter file..."
MATTER_FILTER = f"OpinionDesk matters (*{SUFFIX})"

# What a side of the redline is: ("form",), ("current",), ("version", name) or ("file", path).
Side = tuple[str, ...]


class CompareDialog(QDialog):
    """Choose the old and the new letter of a redline."""

    def __init__(self, doc: MatterDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(TITLE)
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.old = QComboBox(self)
        self.new = QComboBox(self)
        self.old.addItem(FORM, ("form",))
        self.new.addItem(CURRENT, ("current",))
        versions, _ = read_versions(doc.matter)
        for v in versions:
            text = VERSION.format(name=v.name, saved=v.saved_text)
            self.old.addItem(text, ("version", v.name))
            self.new.addItem(text, ("version", v.name))
        self.old.addItem(OTHER, ("file", ""))
        form.addRow("&Old:", self.old)
        form.addRow("&New:", self.new)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.other_path: str = ""

    def choose(self, old: Side, new: Side = ("current",)) -> None:
        """Choose both sides (as a test or a caller would)."""
        for box, side in ((self.old, old), (self.new, new)):
            for n in range(box.count()):
                if tuple(box.itemData(n)) == tuple(side[:2]) or (
                    side[0] == "file" and box.itemData(n)[0] == "file"
                ):
                    box.setCurrentIndex(n)
        if old[0] == "file" and len(old) > 1:
            self.other_path = old[1]

    def accept(self) -> None:
        """Ask for the other matter's file when that is the old side, then close."""
        if self.old.currentData()[0] == "file" and not self.other_path:
            start = str(self.doc.path.parent) if self.doc.path else str(Path.home())
            name, _ = QFileDialog.getOpenFileName(self, OTHER, start, MATTER_FILTER)
            if not name:
                return
            self.other_path = name
        super().accept()

    def sides(self) -> tuple[Side, Side]:
        """Return the old and the new side chosen."""
        old = tuple(self.old.currentData())
        if old[0] == "file":
            old = ("file", self.other_path)
        return old, tuple(self.new.currentData())
