"""The paragraph wording editor: one paragraph of the letter, its facts as tokens that cannot be
broken (each one character, drawn as a chip showing the fact's value), the rest editable text with
bold, italic and underline; Revert, Drop and Add Paragraph After beside OK."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QMimeData, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Block, Deviation, Letter
from ..core.wording import (
    ADDED_KINDS,
    EDITABLE_KINDS,
    Run,
    fact_groups,
    form_of,
    is_added,
    is_empty,
    is_reworded,
    runs_of,
    with_added,
    with_drop,
    with_wording,
    without_edit,
)
from .document import MatterDocument

TOKEN_TYPE = QTextFormat.ObjectTypes.UserObject + 1
FACT_PROPERTY = QTextFormat.Property.UserProperty + 1
NTH_PROPERTY = QTextFormat.Property.UserProperty + 2
SHOWN_PROPERTY = QTextFormat.Property.UserProperty + 3
TERM_PROPERTY = QTextFormat.Property.UserProperty + 4
TOKEN_CHAR = "\ufffc"
LINE_SEPARATOR = "\u2028"
TOKEN_FILL = QColor(214, 228, 250)
TOKEN_EDGE = QColor(120, 150, 200)
EDITOR_FONT = "Liberation Serif"

# User-facing strings, with named fields.
TITLE_EDIT = "Edit Paragraph Wording"
TITLE_ADD = "Add Paragraph"
PARAGRAPH_ITEM = "{num}. {kind}: {start}"
EDITED_MARK = "\u270e "
INTRO_EDIT = (
    "This wording is for this matter only; the template stays as it is. Facts are shown as "
    "tokens: they follow the fact pane and cannot be broken."
)
INTRO_ADD = "A new paragraph after paragraph {num}, for this matter only."
CHANGED_TITLE = "The template's wording of this paragraph changed since it was edited"
OLD_FORM = "Template's wording when edited"
NEW_FORM = "Template's wording now"
YOUR_WORDING = "Your wording"
MSG_EMPTY_TITLE = "The paragraph would be empty"
MSG_EMPTY = "A paragraph needs some words. To take the paragraph out, use Drop Paragraph."
MSG_DROP_TITLE = "Drop paragraph"
MSG_DROP = "Drop paragraph {num} from this matter's letter? Undo brings it back."
UNDO_EDIT = "edit paragraph wording"
UNDO_REVERT = "revert paragraph wording"
UNDO_DROP = "drop paragraph"
UNDO_ADD = "add paragraph"
KIND_NAMES = {"body": "Paragraph", "opinion": "Numbered opinion"}


def _marks_of(fmt: QTextCharFormat) -> frozenset[str]:
    marks = set()
    if fmt.fontWeight() >= QFont.Weight.Bold:
        marks.add("strong")
    if fmt.fontItalic():
        marks.add("em")
    if fmt.fontUnderline():
        marks.add("u")
    if fmt.property(TERM_PROPERTY):
        marks.add("term")
    return frozenset(marks)


def _text_format(marks: frozenset[str]) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if "strong" in marks else QFont.Weight.Normal)
    fmt.setFontItalic("em" in marks)
    fmt.setFontUnderline("u" in marks)
    fmt.setProperty(TERM_PROPERTY, "term" in marks)
    return fmt


class FactToken(QPyTextObject):
    """Draws a fact token: the fact's value (or placeholder) in a rounded chip."""

    def _text(self, fmt: QTextFormat) -> str:
        return str(fmt.property(SHOWN_PROPERTY) or fmt.property(FACT_PROPERTY) or "?")

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:  # noqa: N802
        """Size the chip to its text."""
        metrics = QFontMetricsF(fmt.toCharFormat().font())
        return QSizeF(metrics.horizontalAdvance(self._text(fmt)) + 8, metrics.height())

    def drawObject(  # noqa: N802 - Qt's name
        self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos: int, fmt: QTextFormat
    ) -> None:
        """Paint the chip and the fact's value in it."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(TOKEN_EDGE)
        painter.setBrush(TOKEN_FILL)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.setPen(QColor("black"))
        painter.setFont(fmt.toCharFormat().font())
        painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, self._text(fmt))
        painter.restore()


class TokenTextEdit(QTextEdit):
    """Rich text where each fact is one unbreakable token character; Enter breaks the line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        font = QFont(EDITOR_FONT)
        font.setPointSize(12)
        self.document().setDefaultFont(font)
        self._token = FactToken(self)
        self.document().documentLayout().registerHandler(TOKEN_TYPE, self._token)

    def set_runs(self, runs: tuple[Run, ...], shown: dict[tuple[str, int], str]) -> None:
        """Show runs: text with its marks, and each fact as a token showing its value."""
        self.clear()
        cursor = QTextCursor(self.document())
        for run in runs:
            if run.br:
                cursor.insertText(LINE_SEPARATOR)
            elif run.fact:
                cursor.insertText(TOKEN_CHAR, self.token_format(run, shown))
            else:
                cursor.insertText(run.text, _text_format(run.marks))
        self.document().clearUndoRedoStacks()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    @staticmethod
    def token_format(run: Run, shown: dict[tuple[str, int], str]) -> QTextCharFormat:
        """Return the character format of a fact token."""
        fmt = _text_format(run.marks)
        fmt.setObjectType(TOKEN_TYPE)
        fmt.setProperty(FACT_PROPERTY, run.fact)
        fmt.setProperty(NTH_PROPERTY, run.nth)
        fmt.setProperty(SHOWN_PROPERTY, shown.get((run.fact or "", run.nth), run.fact))
        return fmt

    def insert_token(self, run: Run, shown: dict[tuple[str, int], str]) -> None:
        """Insert a fact token at the cursor."""
        self.textCursor().insertText(TOKEN_CHAR, self.token_format(run, shown))

    def runs(self) -> tuple[Run, ...]:
        """Return the editor's contents as runs: text with marks, fact tokens, line breaks."""
        out: list[Run] = []
        block = self.document().begin()
        first = True
        while block.isValid():
            if not first:
                out.append(Run(br=True))
            first = False
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt = frag.charFormat()
                text = frag.text()
                marks = _marks_of(fmt)
                if fmt.objectType() == TOKEN_TYPE:
                    fact = str(fmt.property(FACT_PROPERTY))
                    nth = int(fmt.property(NTH_PROPERTY) or 0)
                    out += [Run(marks=marks, fact=fact, nth=nth) for _ in text]
                else:
                    for n, part in enumerate(text.split(LINE_SEPARATOR)):
                        if n:
                            out.append(Run(br=True))
                        part = part.replace(TOKEN_CHAR, "")
                        if part:
                            prev = out[-1] if out else None
                            if prev and not prev.fact and not prev.br and prev.marks == marks:
                                out[-1] = Run(prev.text + part, marks)
                            else:
                                out.append(Run(part, marks))
                it += 1
            block = block.next()
        return tuple(out)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter breaks the line inside the paragraph (a new paragraph is Add Paragraph After)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.textCursor().insertText(LINE_SEPARATOR)
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's name
        """Paste plain text only, line ends as spaces (tokens come from Insert Fact)."""
        text = source.text().replace("\r\n", " ").replace("\n", " ").replace(TOKEN_CHAR, "")
        self.textCursor().insertText(text)


def _preview_html(text: str) -> str:
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


class WordingEditor(QDialog):
    """Edit one paragraph's wording for this matter, or add a paragraph after one.

    The edit goes to the matter through its document, as one undo step; Revert and Drop too.
    """

    def __init__(
        self,
        doc: MatterDocument,
        letter: Letter,
        form_letter: Letter,
        block: int,
        add: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.letter = letter
        self.form_letter = form_letter  # the letter in the template's own wording
        self.add = add
        self.setWindowTitle(TITLE_ADD if add else TITLE_EDIT)
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        self.paragraphs = QComboBox(self)
        self.paragraphs.setAccessibleName("Paragraph")
        for b in letter.blocks:
            if b.kind in EDITABLE_KINDS:
                mark = EDITED_MARK if is_reworded(doc.matter.edits, b.key) else ""
                start = b.text.replace("\n", " ")[:70]
                self.paragraphs.addItem(
                    mark + PARAGRAPH_ITEM.format(num=b.index + 1, kind=b.kind, start=start), b.index
                )
        top = QHBoxLayout()
        top.addWidget(QLabel("&Paragraph:", self, buddy=self.paragraphs))
        top.addWidget(self.paragraphs, 1)
        self.kind = QComboBox(self)
        for kind in ADDED_KINDS:
            self.kind.addItem(KIND_NAMES[kind], kind)
        self.kind_label = QLabel("&Kind:", self, buddy=self.kind)
        top.addWidget(self.kind_label)
        top.addWidget(self.kind)
        layout.addLayout(top)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.changed_box = QGroupBox(CHANGED_TITLE, self)
        grid = QGridLayout(self.changed_box)
        self.old_form = QTextEdit(self.changed_box)
        self.new_form = QTextEdit(self.changed_box)
        self.your_wording = QTextEdit(self.changed_box)
        for n, (title, view) in enumerate(
            (
                (OLD_FORM, self.old_form),
                (NEW_FORM, self.new_form),
                (YOUR_WORDING, self.your_wording),
            )
        ):
            view.setReadOnly(True)
            view.setAccessibleName(title)
            grid.addWidget(QLabel(title, self.changed_box), 0, n)
            grid.addWidget(view, 1, n)
        layout.addWidget(self.changed_box)
        tools = QHBoxLayout()
        self.bold = self._tool("B", "Bold", QKeySequence.StandardKey.Bold, self._set_bold)
        self.italic = self._tool("I", "Italic", QKeySequence.StandardKey.Italic, self._set_italic)
        self.underline = self._tool(
            "U", "Underline", QKeySequence.StandardKey.Underline, self._set_underline
        )
        for button in (self.bold, self.italic, self.underline):
            tools.addWidget(button)
        tools.addSpacing(12)
        self.fact_box = QComboBox(self)
        self.fact_box.setAccessibleName("Fact to insert")
        self.insert_fact = QPushButton("Insert &Fact", self)
        self.insert_fact.clicked.connect(self._insert_fact)
        tools.addWidget(self.fact_box, 1)
        tools.addWidget(self.insert_fact)
        layout.addLayout(tools)
        self.editor = TokenTextEdit(self)
        self.editor.setAccessibleName("Paragraph wording")
        self.editor.currentCharFormatChanged.connect(self._show_format)
        layout.addWidget(self.editor, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.revert_button = self.buttons.addButton(
            "&Revert to Template", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.drop_button = self.buttons.addButton(
            "&Drop Paragraph", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.add_button = self.buttons.addButton(
            "&Add Paragraph After", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.revert_button.clicked.connect(self.revert)
        self.drop_button.clicked.connect(self.drop)
        self.add_button.clicked.connect(self.start_adding)
        layout.addWidget(self.buttons)
        self.paragraphs.currentIndexChanged.connect(lambda _n: self._load())
        self.show_block(block)

    def _tool(
        self, text: str, name: str, key: QKeySequence.StandardKey, slot: Callable[[bool], None]
    ) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setCheckable(True)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.setShortcut(QKeySequence(key))
        font = button.font()
        font.setBold(text == "B")
        font.setItalic(text == "I")
        font.setUnderline(text == "U")
        button.setFont(font)
        button.toggled.connect(slot)
        return button

    # ---- which paragraph ------------------------------------------------------------------------

    def block(self) -> Block:
        """Return the paragraph chosen (as the letter prints it now)."""
        return self.letter.blocks[int(self.paragraphs.currentData())]

    def template_block(self) -> Block | None:
        """Return the chosen paragraph in the template's own wording (None for an added one)."""
        key = self.block().key
        return next((b for b in self.form_letter.blocks if b.key == key), None)

    def deviation(self) -> Deviation | None:
        """Return how the matter's edit of the chosen paragraph stands, if it has one."""
        key = self.block().key
        return next((d for d in self.letter.deviations if d.key == key), None)

    def show_block(self, index: int) -> None:
        """Choose a paragraph of the letter (by its index)."""
        found = -1
        while found < 0 and index >= 0:  # a paragraph that cannot be edited: the one before it
            found = self.paragraphs.findData(index)
            index -= 1
        found = max(found, 0)
        if self.paragraphs.currentIndex() == found:
            self._load()
        else:
            self.paragraphs.setCurrentIndex(found)

    def shown_values(self, block: Block) -> dict[tuple[str, int], str]:
        """Return what each fact token of a paragraph shows: its value as the letter prints it."""
        shown: dict[tuple[str, int], str] = {}
        everywhere = fact_groups(self.letter.blocks)
        here = fact_groups([block])
        for fact in set(everywhere) | set(here):
            groups = here.get(fact) or everywhere.get(fact) or []
            for n, group in enumerate(groups):
                shown[(fact, n)] = "".join(i.text for i in group).replace("\n", " / ")
            for n in range(len(groups), 20):
                shown.setdefault((fact, n), shown.get((fact, 0), fact))
        return shown

    def _load(self) -> None:
        block = self.block()
        self.kind.setVisible(self.add)
        self.kind_label.setVisible(self.add)
        self.paragraphs.setEnabled(not self.add)
        shown = self.shown_values(block)
        self._fill_facts(block, shown)
        deviation = self.deviation()
        if self.add:
            self.intro.setText(INTRO_ADD.format(num=block.index + 1))
            self.kind.setCurrentIndex(max(0, self.kind.findData(block.kind)))
            self.editor.set_runs((), shown)
            self.changed_box.hide()
        else:
            self.intro.setText(INTRO_EDIT)
            self.editor.set_runs(runs_of(block), shown)
            stale = deviation is not None and deviation.state == "changed"
            self.changed_box.setVisible(stale)
            if stale and deviation is not None:
                self.old_form.setHtml(_preview_html(deviation.form_then))
                self.new_form.setHtml(_preview_html(deviation.form_now))
                self.your_wording.setHtml(_preview_html(block.text))
        edited = is_reworded(self.doc.matter.edits, block.key) or is_added(
            self.doc.matter.edits, block.key
        )
        self.revert_button.setEnabled(not self.add and edited)
        self.revert_button.setText(
            "&Remove Added Paragraph"
            if is_added(self.doc.matter.edits, block.key)
            else "&Revert to Template"
        )
        self.drop_button.setEnabled(not self.add)
        self.add_button.setEnabled(not self.add)
        self.editor.setFocus()

    def _fill_facts(self, block: Block, shown: dict[tuple[str, int], str]) -> None:
        self.fact_box.clear()
        self._shown = shown
        here = list(fact_groups([block]))
        others = sorted(set(fact_groups(self.letter.blocks)) - set(here))
        for fact in here + others:
            self.fact_box.addItem(f"{fact}: {shown.get((fact, 0), '')}"[:80], fact)
        self.insert_fact.setEnabled(self.fact_box.count() > 0)

    # ---- formatting -----------------------------------------------------------------------------

    def _merge(self, fmt: QTextCharFormat) -> None:
        self.editor.mergeCurrentCharFormat(fmt)
        self.editor.setFocus()

    def _set_bold(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
        self._merge(fmt)

    def _set_italic(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(on)
        self._merge(fmt)

    def _set_underline(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontUnderline(on)
        self._merge(fmt)

    def _show_format(self, fmt: QTextCharFormat) -> None:
        for button, on in (
            (self.bold, fmt.fontWeight() >= QFont.Weight.Bold),
            (self.italic, fmt.fontItalic()),
            (self.underline, fmt.fontUnderline()),
        ):
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)

    def _insert_fact(self) -> None:
        fact = self.fact_box.currentData()
        if fact:
            self.editor.insert_token(Run(fact=str(fact)), self._shown)
            self.editor.setFocus()

    # ---- the outcome ------------------------------------------------------------------------------

    def runs(self) -> tuple[Run, ...]:
        """Return the wording in the editor as runs."""
        return self.editor.runs()

    def accept(self) -> None:
        """Keep the wording for this matter (an empty paragraph is refused: drop it instead)."""
        runs = self.runs()
        if is_empty(runs):
            QMessageBox.warning(self, MSG_EMPTY_TITLE, MSG_EMPTY)
            return
        block = self.block()
        edits = self.doc.matter.edits
        if self.add:
            tmpl = self.template_block()
            form = form_of(tmpl.inlines) if tmpl is not None else ""
            new, _key = with_added(edits, block.key, str(self.kind.currentData()), runs, form)
            self.doc.set_edits(new, UNDO_ADD)
        else:
            tmpl = self.template_block()
            unchanged = tmpl is not None and runs == runs_of(tmpl)
            if unchanged and not is_added(edits, block.key):
                self.doc.set_edits(without_edit(edits, block.key), UNDO_REVERT)
            elif runs != runs_of(block) or self.changed_box.isVisible():
                form = form_of(tmpl.inlines) if tmpl is not None else ""
                self.doc.set_edits(with_wording(edits, block.key, runs, form), UNDO_EDIT)
        super().accept()

    def revert(self) -> None:
        """Put the template's wording back (or take an added paragraph out) and close."""
        self.doc.set_edits(without_edit(self.doc.matter.edits, self.block().key), UNDO_REVERT)
        super().accept()

    def drop(self) -> None:
        """Take the paragraph out of this matter's letter, after asking."""
        block = self.block()
        answer = QMessageBox.question(self, MSG_DROP_TITLE, MSG_DROP.format(num=block.index + 1))
        if answer != QMessageBox.StandardButton.Yes:
            return
        tmpl = self.template_block()
        form = form_of(tmpl.inlines) if tmpl is not None else ""
        self.doc.set_edits(with_drop(self.doc.matter.edits, block.key, form), UNDO_DROP)
        super().accept()

    def start_adding(self) -> None:
        """Turn the editor to a new paragraph after the one chosen."""
        self.add = True
        self.setWindowTitle(TITLE_ADD)
        self._load()
