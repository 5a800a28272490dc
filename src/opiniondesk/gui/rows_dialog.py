"""File > Letters from rows...: one letter per CSV row into a folder, with a cancellable progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.batch import BatchResult, read_rows, render_rows
from ..core.errors import OpinionDeskError
from ..core.matter import Matter
from ..core.model import COPIES
from ..core.templates import TemplateLibrary, render_letter
from ..register import last_recorded_copy
from ..writers import write_letter
from ..writers.ooxml import read_letterhead

FORMATS = ("docx", "txt")
# A row's matter, the copy and the format -> the output bytes (may raise OpinionDeskError).
RowRenderer = Callable[[Matter, str, str], bytes]


def render_row(
    matter: Matter,
    copy: str,
    fmt: str,
    library: TemplateLibrary | None = None,
    letterhead: Path | None = None,
) -> bytes:
    """Render one row's letter as the window would, on its letterhead (the built-in one by
    default): final copies pass the opinion checks first."""
    tmpl = matter.template(library)
    letter = render_letter(
        tmpl, matter.facts, matter.letter_date, matter.signer, copy, edits=matter.edits
    )
    if copy != "draft":
        from ..commands.check import enforce_checks

        enforce_checks(matter, letter, None)
    return write_letter(letter, fmt, letterhead)


class RowsDialog(QDialog):
    """Choose a CSV of rows and an output folder, then write a letter per row; bad rows are listed.

    The letters are laid out on `letterhead`, by default the letterhead of the window it is opened
    from (`parent`), else the built-in one.
    """

    def __init__(
        self,
        matter: Matter,
        parent: QWidget | None = None,
        library: TemplateLibrary | None = None,
        render: RowRenderer | None = None,
        letterhead: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Letters from Rows"))
        self.matter = matter
        self.library = library
        self.letterhead: Path | None = letterhead or getattr(parent, "letterhead", None)
        self.render = render or (
            lambda m, copy, fmt: render_row(m, copy, fmt, library, self.letterhead)
        )
        self.result: BatchResult | None = None
        self.progress: QProgressDialog | None = None

        self.csv_edit = QLineEdit()
        self.csv_edit.setPlaceholderText(self.tr("A CSV whose first line names the facts"))
        csv_button = QPushButton(self.tr("Browse..."))
        csv_button.clicked.connect(self.choose_csv)
        self.folder_edit = QLineEdit()
        folder_button = QPushButton(self.tr("Browse..."))
        folder_button.clicked.connect(self.choose_folder)
        stem = Path(matter.path).stem if matter.path else "letter"
        self.name_edit = QLineEdit(f"{stem}-{{row}}")
        self.name_edit.setToolTip(
            self.tr("Fact ids in braces, such as {series_name}; {row} is the row number")
        )
        self.format_box = QComboBox()
        self.format_box.addItems(FORMATS)
        self.copy_box = QComboBox()
        self.copy_box.addItems(COPIES[:2])

        form = QFormLayout()
        form.addRow(self.tr("Rows (CSV):"), _row(self.csv_edit, csv_button))
        form.addRow(self.tr("Output folder:"), _row(self.folder_edit, folder_button))
        form.addRow(self.tr("File names:"), self.name_edit)
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow(self.tr("Copy:"), self.copy_box)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(self.tr("Rows that could not be written are listed here."))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.run_button = buttons.addButton(
            self.tr("Write Letters"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.run_button.clicked.connect(self.run)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def choose_csv(self) -> None:
        """Ask for the CSV of rows."""
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Rows"), self.csv_edit.text(), self.tr("CSV files (*.csv);;All files (*)")
        )
        if name:
            self.csv_edit.setText(name)

    def choose_folder(self) -> None:
        """Ask for the output folder."""
        name = QFileDialog.getExistingDirectory(
            self, self.tr("Output Folder"), self.folder_edit.text()
        )
        if name:
            self.folder_edit.setText(name)

    def _show_problems(self, exc: OpinionDeskError) -> None:
        self.summary.setText(self.tr("Nothing was written."))
        self.report.setPlainText("\n".join(str(p) for p in exc.problems))

    def run(self) -> BatchResult | None:
        """Write a letter per row, showing a progress dialog that can cancel; return what was done."""
        self.result = None
        if not self.csv_edit.text().strip() or not self.folder_edit.text().strip():
            self.summary.setText(self.tr("Choose the CSV of rows and the output folder."))
            return None
        folder = Path(self.folder_edit.text().strip())
        fmt = self.format_box.currentText()
        copy = self.copy_box.currentText()
        try:
            rows = read_rows(self.csv_edit.text().strip())
            schema = self.matter.template(self.library).schema
            if self.letterhead is not None and fmt != "txt":  # named once, not at every row
                read_letterhead(self.letterhead)
            folder.mkdir(parents=True, exist_ok=True)
        except OpinionDeskError as exc:
            self._show_problems(exc)
            return None
        except OSError as exc:
            self._show_problems(
                OpinionDeskError(f"cannot make the folder: {exc.strerror or exc}", str(folder))
            )
            return None
        total = len(rows.rows)
        progress = QProgressDialog(
            self.tr("Writing letters..."), self.tr("Cancel"), 0, max(total, 1), self
        )
        progress.setWindowTitle(self.tr("Letters from Rows"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        self.progress = progress

        def step(done: int, total: int) -> None:
            progress.setLabelText(
                self.tr("Writing letter {done} of {total}").format(done=done, total=total)
            )
            progress.setValue(
                done
            )  # a window-modal progress dialog handles events here, so Cancel works

        try:
            result = render_rows(
                self.matter,
                rows,
                schema,
                folder,
                lambda m: self.render(m, copy, fmt),
                suffix=fmt,
                name_pattern=self.name_edit.text().strip() or None,
                progress=step,
                cancelled=progress.wasCanceled,
                recorded=last_recorded_copy(),  # a killed run's recorded copy is put in place
            )
        except OpinionDeskError as exc:
            progress.close()
            self._show_problems(exc)
            return None
        progress.close()
        self.progress = None
        self.result = result
        done = self.tr("Wrote {written} of {total} letters to {folder}.").format(
            written=len(result.written), total=result.total, folder=folder
        )
        if result.stale_finished:
            finished = (
                self.tr(
                    "Put in place {count} signed copy that an interrupted run had recorded in the "
                    "register but not yet named: {names}."
                )
                if len(result.stale_finished) == 1
                else self.tr(
                    "Put in place {count} signed copies that interrupted runs had recorded in the "
                    "register but not yet named: {names}."
                )
            )
            done += " " + finished.format(
                count=len(result.stale_finished),
                names=", ".join(p.name for p in result.stale_finished),
            )
        if result.cancelled:
            done += " " + self.tr("Cancelled; the rest were not written.")
        if result.bad_rows:
            done += " " + self.tr("{count} rows could not be written:").format(
                count=len(result.bad_rows)
            )
        self.summary.setText(done)
        self.report.setPlainText("\n".join(str(p) for p in result.problems))
        return result


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    return box
