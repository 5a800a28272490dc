"""File > New Template from Precedent...: open a letter (or paste it), review the facts found, save.

The dialog only calls the core: `readers` read the precedent, `core.precedent` finds the facts,
takes counsel's edits and writes the proven template. The precedent is shown with each proposed
fact highlighted and listed beside it; counsel accept or reject each, rename it, change its type
and group, mark it required, make a fact of any selected words (Ctrl+M), merge two proposals,
and make a paragraph optional. Save writes the template to the department folder; the window
then opens a new matter on it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OpinionDeskError
from ..core.model import Letter, LineBreak, PageNumber
from ..core.precedent import Proposal, Saved, find_facts, save_template, suggested_id
from ..core.precedent.proposals import (
    GROUPS,
    PAGE_CHAR,
    fact_from_selection,
    merge,
    optional_paragraph,
    rename,
    retype,
)
from ..core.templates import TemplateLibrary
from .errors import show_error

if TYPE_CHECKING:
    from ..readers import Precedent
    from .main_window import MainWindow

PRECEDENT_FILTER = "Letters (*.docx *.htm *.html *.txt);;All files (*)"
HIGHLIGHT = QColor("#fff2a8")
CURRENT = QColor("#ffc966")
COLUMNS = ("Use", "Label", "Type", "Group", "Required", "Value", "Times")
USE, LABEL, TYPE, GROUP, REQUIRED, VALUE, TIMES = range(len(COLUMNS))
# The types a proposal may become, by its type now: its value must still write every occurrence.
TYPE_CHOICES = {
    "text": ("text", "multiline"),
    "multiline": ("multiline", "text"),
    "date": ("date", "text"),
    "money": ("money", "text"),
    "number": ("number", "text"),
    "yesno": ("yesno",),
}
MSG_READ = "{source} ({format}): {paragraphs} paragraphs, {facts} facts proposed"
MSG_SAVED = "Saved template “{name}” ({id}) to {folder}. Round trip: {round_trip}"
MSG_RENAMED = "A template “{asked}” already exists; this one is “{id}”."
HELP_TEXT = """<p><b>New Template from Precedent</b> makes a template of a letter your department
has already signed, so new letters come out in its exact words.</p>
<ol>
<li><b>Open File...</b> (Word .docx, EDGAR .htm or .txt) or paste the letter's text and choose
<b>Read Pasted Text</b>.</li>
<li>The letter is shown on the left, each proposed fact highlighted; the facts are listed on the
right. Untick <b>Use</b> (or press Space in the list) to reject a proposal; edit its label; choose
its type and group; tick <b>Required</b>.</li>
<li>Select any words in the letter and press <b>Ctrl+M</b> (Make Fact from Selection) to make
them a fact: every place they occur becomes that fact.</li>
<li>Select two facts in the list and choose <b>Merge</b> when they are the same fact.</li>
<li>Put the cursor in a paragraph and choose <b>Make Paragraph Optional</b>: a yes/no fact keeps
or drops it.</li>
<li><b>Save</b> writes the template to your department folder (Edit &gt; Preferences). It is
proven first: rendered with the precedent's own facts it must give back every word; if it does
not, it is still saved, marked “check before use”. A new matter on the template opens.</li>
</ol>
<p>Text in the letter that looks like template syntax ({{ }}, {% %}, &lt;, &amp;) stays wording.
Nothing is written unless the import succeeds, and an existing template is never replaced.</p>"""


class PrecedentDialog(QDialog):
    """Reads a precedent, shows its proposed facts, takes counsel's edits and saves the template.

    Slow or external things are injected, so tests drive the real dialog without native dialogs:
    `ask_file` (the precedent's path), `ask_label` (a new fact's label), `ask_folder` (a
    department folder when none is set).
    """

    saved = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        library: TemplateLibrary | None = None,
        ask_file: Callable[[], str] | None = None,
        ask_label: Callable[[str], str | None] | None = None,
        ask_folder: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New Template from Precedent"))
        self.resize(1180, 760)
        self.library = library
        self._ask_file = ask_file or self._file_dialog
        self._ask_label = ask_label or self._label_dialog
        self._ask_folder = ask_folder or self._folder_dialog
        self.precedent: Precedent | None = None
        self.proposals: list[Proposal] = []
        self.result_saved: Saved | None = None
        self._blocks: dict[int, tuple[int, int]] = {}  # QTextBlock number -> (letter block, prefix)
        self._busy = False  # drawing the letter or filling the list: their signals are ours
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._start_page())
        self.pages.addWidget(self._review_page())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Help
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.helpRequested.connect(self.show_help)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.make_fact_shortcut = QShortcut(QKeySequence("Ctrl+M"), self)
        self.make_fact_shortcut.activated.connect(self.make_fact_from_selection)
        # Space in the list accepts or rejects the selected facts, whichever column is current.
        self.toggle_shortcut = QShortcut(
            QKeySequence(Qt.Key.Key_Space), self.table, context=Qt.ShortcutContext.WidgetShortcut
        )
        self.toggle_shortcut.activated.connect(self.toggle_selected)

    # ---- building -------------------------------------------------------------------------------

    def _start_page(self) -> QWidget:
        page = QWidget(self)
        self.open_button = QPushButton(self.tr("&Open File..."), page)
        self.open_button.clicked.connect(self.open_file_dialog)
        self.paste_box = QPlainTextEdit(page)
        self.paste_box.setPlaceholderText(
            self.tr("...or paste the letter here (one paragraph per line, or wrapped lines).")
        )
        self.read_pasted_button = QPushButton(self.tr("&Read Pasted Text"), page)
        self.read_pasted_button.clicked.connect(
            lambda: self.read_pasted(self.paste_box.toPlainText())
        )
        layout = QVBoxLayout(page)
        intro = QLabel(
            self.tr(
                "Open a letter your department has signed (Word, EDGAR .htm or .txt), or paste "
                "its text. OpinionDesk finds its facts and makes a template in its own words."
            ),
            page,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.paste_box, 1)
        layout.addWidget(self.read_pasted_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _review_page(self) -> QWidget:
        page = QWidget(self)
        self.preview = QTextEdit(page)
        self.preview.setReadOnly(True)
        self.preview.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.preview.setAccessibleName(self.tr("The precedent, its facts highlighted"))
        self.preview.cursorPositionChanged.connect(self._cursor_moved)
        self.table = QTableWidget(0, len(COLUMNS), page)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(LABEL, 190)
        self.table.setColumnWidth(VALUE, 230)
        self.table.setAccessibleName(self.tr("Proposed facts"))
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._highlight)
        self.make_fact_button = QPushButton(self.tr("&Make Fact from Selection (Ctrl+M)"), page)
        self.make_fact_button.clicked.connect(self.make_fact_from_selection)
        self.merge_button = QPushButton(self.tr("Mer&ge"), page)
        self.merge_button.clicked.connect(self.merge_selected)
        self.optional_button = QPushButton(self.tr("Make Paragraph O&ptional"), page)
        self.optional_button.clicked.connect(self.make_paragraph_optional)
        actions = QHBoxLayout()
        for button in (self.make_fact_button, self.merge_button, self.optional_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right = QWidget(page)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Proposed &facts:"), right))
        right_layout.itemAt(0).widget().setBuddy(self.table)  # type: ignore[union-attr]
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.addWidget(self.preview)
        splitter.addWidget(right)
        splitter.setSizes([560, 600])
        self.name_edit = QLineEdit(page)
        self.id_edit = QLineEdit(page)
        self.folder_label = QLabel(page)
        form = QFormLayout()
        form.addRow(self.tr("Template &name:"), self.name_edit)
        form.addRow(self.tr("Template &id:"), self.id_edit)
        form.addRow(self.tr("Department folder:"), self.folder_label)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(form)
        return page

    # ---- reading --------------------------------------------------------------------------------

    def _file_dialog(self) -> str:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open Precedent"), str(Path.home()), PRECEDENT_FILTER
        )
        return name

    def open_file_dialog(self) -> bool:
        """Ask for a precedent file and read it."""
        name = self._ask_file()
        return self.open_file(name) if name else False

    def open_file(self, path: Path | str) -> bool:
        """Read a precedent file; a file that is no letter says why, in a dialog."""
        from ..readers import read_precedent

        try:
            precedent = read_precedent(path)
        except OpinionDeskError as exc:
            show_error(self, self.tr("Cannot read the precedent"), exc)
            return False
        self.set_precedent(precedent)
        return True

    def read_pasted(self, text: str) -> bool:
        """Read pasted text as a precedent."""
        from ..readers import read_pasted

        try:
            precedent = read_pasted(text)
        except OpinionDeskError as exc:
            show_error(self, self.tr("Cannot read the pasted text"), exc)
            return False
        self.set_precedent(precedent)
        return True

    def set_precedent(self, precedent: Precedent) -> None:
        """Show a precedent read and the facts proposed for it."""
        self.precedent = precedent
        self.proposals = find_facts(precedent.letter)
        registrant = next((str(p.value) for p in self.proposals if p.id == "registrant_name"), "")
        self.name_edit.setText(f"Precedent: {registrant or Path(precedent.source).stem}")
        self.id_edit.setText(suggested_id(self.proposals, precedent.source))
        folder = self.department_folder()
        self.folder_label.setText(str(folder) if folder else self.tr("none set: Save asks for one"))
        self.pages.setCurrentIndex(1)
        self.save_button.setEnabled(True)
        notes = "; ".join(precedent.notes)
        self.status.setText(
            MSG_READ.format(
                source=Path(precedent.source).name,
                format=precedent.format_name,
                paragraphs=len(precedent.letter.blocks),
                facts=len(self.proposals),
            )
            + (f". {notes}." if notes else "")
        )
        self._draw_letter()
        self.refresh()
        self.table.setFocus()
        if self.table.rowCount():
            self.table.selectRow(0)

    # ---- showing --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Refill the list of facts and highlight them in the letter (the letter itself never
        changes once read: it is drawn once, by `set_precedent`, and stays where it was scrolled)."""
        self._busy = True
        try:
            self._fill_table()
        finally:
            self._busy = False
        self._highlight()

    def _draw_letter(self) -> None:
        letter = self.letter
        if letter is None:
            return
        self._busy = True
        try:
            self._write_letter(letter)
        finally:
            self._busy = False

    def _write_letter(self, letter: Letter) -> None:
        doc = self.preview.document()
        doc.clear()
        cursor = QTextCursor(doc)
        self._blocks.clear()
        plain = QTextCharFormat()
        grey = QTextCharFormat()
        grey.setForeground(QColor("#666666"))
        first = True
        lines = [(-1 - n, line) for n, line in enumerate(letter.header)]
        for where, inlines in lines + [(n, b.inlines) for n, b in enumerate(letter.blocks)]:
            if not first:
                cursor.insertBlock()
            first = False
            prefix = ""
            if where < 0:
                prefix = self.tr("[header] ")
            elif letter.blocks[where].kind == "opinion":
                prefix = letter.blocks[where].label + " "
            elif letter.blocks[where].kind == "signature" and not inlines:
                prefix = self.tr("[signature]")
            cursor.insertText(prefix, grey)
            self._blocks[cursor.block().blockNumber()] = (where, len(prefix))
            for inline in inlines:
                if isinstance(inline, LineBreak):
                    cursor.insertText("\u2028", plain)
                elif isinstance(inline, PageNumber):
                    cursor.insertText(PAGE_CHAR, grey)
                else:
                    cursor.insertText(inline.text, plain)

    def _position(self, where: int, offset: int) -> int | None:
        for number, (block, prefix) in self._blocks.items():
            if block == where:
                return (
                    self.preview.document().findBlockByNumber(number).position() + prefix + offset
                )
        return None

    def _highlight(self) -> None:
        if self._busy:
            return
        current = {id(p) for p in self.selected_proposals()}
        selections = []
        for proposal in self.proposals:
            if not proposal.accepted:
                continue
            color = CURRENT if id(proposal) in current else HIGHLIGHT
            if proposal.type == "yesno" and proposal.block is not None:
                cursor = QTextCursor(self.preview.document())
                start = self._position(proposal.block, 0)
                if start is None:
                    continue
                cursor.setPosition(start)
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                selections.append(
                    self._selection(cursor, QColor("#e3ecff") if color is HIGHLIGHT else color)
                )
                continue
            for occ in proposal.occurrences:
                start = self._position(occ.block, occ.start)
                if start is None:
                    continue
                cursor = QTextCursor(self.preview.document())
                cursor.setPosition(start)
                cursor.setPosition(start + occ.end - occ.start, QTextCursor.MoveMode.KeepAnchor)
                selections.append(self._selection(cursor, color))
        self.preview.setExtraSelections(selections)

    @staticmethod
    def _selection(cursor: QTextCursor, color: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[misc]
        selection.format.setBackground(color)  # type: ignore[attr-defined]
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, False)  # type: ignore[attr-defined]
        return selection

    def _fill_table(self) -> None:
        selected = {id(p) for p in self.selected_proposals()}
        self.table.setRowCount(0)
        for row, proposal in enumerate(self.proposals):
            self.table.insertRow(row)
            use = QTableWidgetItem()
            use.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            use.setCheckState(
                Qt.CheckState.Checked if proposal.accepted else Qt.CheckState.Unchecked
            )
            use.setData(Qt.ItemDataRole.UserRole, row)
            self.table.setItem(row, USE, use)
            label = QTableWidgetItem(proposal.label)
            self.table.setItem(row, LABEL, label)
            fixed = proposal.target != "fact"
            self.table.setCellWidget(
                row, TYPE, self._combo(row, TYPE, TYPE_CHOICES[proposal.type], proposal.type, fixed)
            )
            self.table.setCellWidget(
                row, GROUP, self._combo(row, GROUP, tuple(GROUPS), proposal.group, fixed)
            )
            required = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not fixed and proposal.type != "yesno":
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            required.setFlags(flags)
            required.setCheckState(
                Qt.CheckState.Checked if proposal.required else Qt.CheckState.Unchecked
            )
            self.table.setItem(row, REQUIRED, required)
            for column, text in (
                (VALUE, proposal.display_value().replace("\n", " / ")),
                (TIMES, str(len(proposal.occurrences)) if proposal.type != "yesno" else "—"),
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            if not proposal.accepted:
                for column in (LABEL, VALUE, TIMES):
                    self.table.item(row, column).setForeground(QColor("#999999"))
            if id(proposal) in selected:
                self.table.selectRow(row)

    def _combo(
        self, row: int, column: int, choices: tuple[str, ...], value: str, fixed: bool
    ) -> QComboBox:
        combo = QComboBox(self.table)
        for choice in choices:
            combo.addItem(GROUPS.get(choice, choice) if column == GROUP else choice, choice)
        if combo.findData(value) < 0:
            combo.addItem(GROUPS.get(value, value), value)
        combo.setCurrentIndex(combo.findData(value))
        combo.setEnabled(not fixed)
        combo.currentIndexChanged.connect(
            lambda _i, row=row, column=column, combo=combo: self._combo_changed(row, column, combo)
        )
        return combo

    # ---- edits ----------------------------------------------------------------------------------

    @property
    def letter(self) -> Letter | None:
        """Return the precedent's letter model."""
        return self.precedent.letter if self.precedent else None

    def selected_proposals(self) -> list[Proposal]:
        """Return the proposals selected in the list, in order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.proposals[r] for r in rows if r < len(self.proposals)]

    def proposal(self, fact_id: str) -> Proposal:
        """Return a proposal by id."""
        return next(p for p in self.proposals if p.id == fact_id)

    def row_of(self, fact_id: str) -> int:
        """Return the list row of a proposal."""
        return next(n for n, p in enumerate(self.proposals) if p.id == fact_id)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._busy:
            return
        proposal = self.proposals[item.row()]
        if item.column() == USE:
            self.set_accepted(proposal, item.checkState() == Qt.CheckState.Checked)
        elif item.column() == REQUIRED:
            proposal.required = item.checkState() == Qt.CheckState.Checked
        elif item.column() == LABEL:
            try:
                rename(proposal, item.text())
            except OpinionDeskError as exc:
                show_error(self, self.tr("Cannot rename the fact"), exc)
                self.refresh()

    def toggle_selected(self) -> None:
        """Reject the selected facts, or accept them again if all are rejected."""
        chosen = self.selected_proposals()
        if not chosen:
            return
        accept = all(not p.accepted for p in chosen)
        for proposal in chosen:
            proposal.accepted = accept
        self.refresh()

    def set_accepted(self, proposal: Proposal, accepted: bool) -> None:
        """Accept or reject a proposal (a rejected one stays wording)."""
        proposal.accepted = accepted
        self.refresh()

    def _combo_changed(self, row: int, column: int, combo: QComboBox) -> None:
        if self._busy or row >= len(self.proposals):
            return
        proposal = self.proposals[row]
        value = combo.currentData()
        if column == GROUP:
            proposal.group = value
            return
        try:
            retype(proposal, value)
        except OpinionDeskError as exc:
            show_error(self, self.tr("Cannot change the type"), exc)
        self.refresh()

    def _label_dialog(self, words: str) -> str | None:
        label, ok = QInputDialog.getText(
            self, self.tr("Make Fact"), self.tr("Label of the new fact:"), text=words[:40]
        )
        return label if ok else None

    def _selection_place(self) -> tuple[int, int, int] | None:
        cursor = self.preview.textCursor()
        if not cursor.hasSelection():
            return None
        doc = self.preview.document()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        block = doc.findBlock(start)
        if doc.findBlock(end).blockNumber() != block.blockNumber():
            end_block = doc.findBlock(end)
            if end != end_block.position():
                return None
        where, prefix = self._blocks.get(block.blockNumber(), (None, 0))
        if where is None:
            return None
        base = block.position() + prefix
        return (
            where,
            max(start - base, 0),
            max(min(end, block.position() + block.length() - 1) - base, 0),
        )

    def select_words(self, where: int, start: int, end: int) -> None:
        """Select words of the letter in the preview (as counsel would with the mouse)."""
        position = self._position(where, start)
        if position is None:
            return
        cursor = self.preview.textCursor()
        cursor.setPosition(position)
        cursor.setPosition(position + end - start, QTextCursor.MoveMode.KeepAnchor)
        self.preview.setTextCursor(cursor)

    def make_fact_from_selection(self) -> Proposal | None:
        """Ctrl+M: make the words selected in the letter a fact, everywhere they stand."""
        if self.letter is None:
            return None
        place = self._selection_place()
        if place is None:
            show_error(
                self,
                self.tr("Make Fact"),
                self.tr("Select some words on one line of the letter first."),
            )
            return None
        where, start, end = place
        words = self.preview.textCursor().selectedText().strip()
        label = self._ask_label(words)
        if label is None:
            return None
        try:
            proposal = fact_from_selection(self.letter, self.proposals, where, start, end, label)
        except OpinionDeskError as exc:
            show_error(self, self.tr("Make Fact"), exc)
            return None
        self.proposals.append(proposal)
        self.refresh()
        self.table.selectRow(len(self.proposals) - 1)
        return proposal

    def merge_selected(self) -> bool:
        """Merge the two facts selected in the list into the first."""
        chosen = self.selected_proposals()
        if len(chosen) != 2:
            show_error(
                self, self.tr("Merge"), self.tr("Select the two facts to merge in the list.")
            )
            return False
        try:
            merge(chosen[0], chosen[1])
        except OpinionDeskError as exc:
            show_error(self, self.tr("Merge"), exc)
            return False
        self.refresh()
        return True

    def make_paragraph_optional(self) -> Proposal | None:
        """Make the paragraph holding the cursor optional: a yes/no fact keeps or drops it."""
        if self.letter is None:
            return None
        block = self.preview.textCursor().block()
        where, _ = self._blocks.get(block.blockNumber(), (-1, 0))
        try:
            proposal = optional_paragraph(self.letter, self.proposals, where)
        except OpinionDeskError as exc:
            show_error(self, self.tr("Make Paragraph Optional"), exc)
            return None
        self.proposals.append(proposal)
        self.refresh()
        return proposal

    def _cursor_moved(self) -> None:
        if self._busy:
            return
        cursor = self.preview.textCursor()
        if cursor.hasSelection():
            return
        number = cursor.block().blockNumber()
        where, prefix = self._blocks.get(number, (None, 0))
        if where is None:
            return
        offset = cursor.position() - cursor.block().position() - prefix
        for row, proposal in enumerate(self.proposals):
            if any(o.block == where and o.start <= offset < o.end for o in proposal.occurrences):
                self.table.selectRow(row)
                return

    # ---- saving ---------------------------------------------------------------------------------

    def department_folder(self) -> Path | None:
        """Return the department folder templates are saved to (the first one set)."""
        from ..settings import department_folders

        folders = department_folders()
        return folders[0] if folders else None

    def _folder_dialog(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Department Template Folder"))

    def _choose_folder(self) -> Path | None:
        """Ask for a department folder when none is set, and keep it in the preferences."""
        from ..settings import load_settings, save_settings

        name = self._ask_folder()
        if not name:
            return None
        settings = load_settings()
        if name not in settings.department_folders:
            settings.department_folders.append(name)
            save_settings(settings)
        return Path(name)

    def save(self) -> Saved | None:
        """Prove and write the template to the department folder; close on success."""
        if self.precedent is None:
            return None
        from ..settings import department_folders as others

        folder = self.department_folder() or self._choose_folder()
        if folder is None:
            return None
        try:
            saved = save_template(
                self.precedent.letter,
                self.proposals,
                folder,
                template_id=self.id_edit.text().strip() or "precedent",
                name=self.name_edit.text().strip() or "Precedent",
                source=Path(self.precedent.source).name,
                library=TemplateLibrary([folder, *[f for f in others() if f != folder]]),
            )
        except OpinionDeskError as exc:
            show_error(self, self.tr("Cannot save the template"), exc)
            return None
        self.result_saved = saved
        message = MSG_SAVED.format(
            name=saved.draft.name if saved.draft else self.name_edit.text(),
            id=saved.template_id,
            folder=folder,
            round_trip=saved.round_trip.summary(),
        )
        if saved.renamed:
            message += " " + MSG_RENAMED.format(asked=saved.asked_id, id=saved.template_id)
        self.status.setText(message)
        if not saved.round_trip.ok:
            QMessageBox.warning(
                self,
                self.tr("Check before use"),
                self.tr(
                    "The template does not give the precedent back word for word; it is "
                    "saved marked “check before use”.\n\n{details}"
                ).format(
                    details="\n".join(str(d) for d in saved.round_trip.differences)
                    or saved.round_trip.error
                ),
            )
        self.saved.emit(saved)
        self.accept()
        return saved

    def show_help(self) -> None:
        """Explain the flow, step by step."""
        QMessageBox.information(self, self.tr("New Template from Precedent"), HELP_TEXT)


def template_from_precedent(window: MainWindow, dialog: PrecedentDialog | None = None) -> bool:
    """Run the dialog for a window; on save, open a new matter on the new template."""
    from ..core.matter import new_matter
    from ..core.templates import default_library

    dialog = dialog or PrecedentDialog(window, window.library)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_saved is None:
        return False
    saved = dialog.result_saved
    window.library.reload()
    try:
        template = window.library.get(saved.template_id)
    except OpinionDeskError:
        window.library = default_library()
        template = window.library.get(saved.template_id)
    matter = new_matter(template)
    if saved.draft is not None:
        matter.signer = dict(saved.draft.matter.signer)  # the department's signer, as it signed
    return window.set_matter(matter)
