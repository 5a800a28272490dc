"""The window's share of one-off wording, versions and redlines: the menu actions, a double-click
in the preview to edit a paragraph, edited paragraphs marked in the margin, the review of edits
on opening, and the preview's redline view (redrawn as counsel type)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QPainter
from PySide6.QtWidgets import QDialog, QFileDialog

from ..core.errors import OpinionDeskError
from ..core.matter import Matter, atomic_write, load_matter
from ..core.model import Letter
from ..core.templates import render_letter
from ..pages import Band, Page

if TYPE_CHECKING:
    from ..core.redline import RedBlock, Redline
    from .compare_dialog import Side
    from .main_window import MainWindow
    from .wording_review import EditsDialog

# User-facing strings, with named fields.
MSG_REVIEW = "{count} paragraph edit(s) to review: Edit > Paragraph Edits..."
MSG_REDLINE = "Redline: {old} \u2192 {new} ({count} paragraph(s) changed)"
MSG_SAVED_VERSION = "Version \u201c{name}\u201d kept in the matter"
NAME_FORM = "the template's wording"
NAME_CURRENT = "this letter"
NAME_VERSION = "version \u201c{name}\u201d"
CANNOT_EDIT = "Cannot edit the wording"
CANNOT_COMPARE = "Cannot compare"
CANNOT_EXPORT = "Cannot export the redline"
REDLINE_FILTERS = "Word documents with tracked changes (*.docx);;PDF files (*.pdf)"
EXPORTED = "Exported {file}"
OTHER_TEMPLATE = (
    "{name} is on template {other}, not this matter's {template}: a redline compares letters "
    "of one template"
)


class WordingActions(QObject):
    """Installs the actions in a window's menus and keeps its redline view and margin marks."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.current_block: int | None = None
        self.review: EditsDialog | None = None
        self.redline: Redline | None = None
        self.sides: tuple[Side, Side] = (("form",), ("current",))
        self._fixed: dict[tuple, Letter] = {}  # letters of versions and other files, by side
        self._says_redline = False
        file_menu = window.menus["file"]
        anchor = window.action_export_draft
        self.action_save_version = self._action("Save Vers&ion...", self.save_version)
        self.action_versions = self._action("&Browse Versions...", self.browse_versions)
        self.action_compare = self._action("&Compare...", self.compare)
        self.action_export_redline = self._action("E&xport Redline...", self.export_redline)
        for action in (
            self.action_save_version,
            self.action_versions,
            self.action_compare,
            self.action_export_redline,
        ):
            file_menu.insertAction(anchor, action)
        file_menu.insertSeparator(anchor)
        edit_menu = window.menus["edit"]
        edit_menu.addSeparator()
        self.action_edit = self._action(
            "Edit Paragraph &Wording...", self.edit_paragraph, QKeySequence("Ctrl+E")
        )
        self.action_add = self._action("Add Paragraph &After...", self.add_paragraph)
        self.action_drop = self._action("&Drop Paragraph", self.drop_paragraph)
        self.action_revert = self._action("Re&vert Paragraph Wording", self.revert_paragraph)
        self.action_edits = self._action("Paragraph &Edits...", self.show_edits)
        for action in (
            self.action_edit,
            self.action_add,
            self.action_drop,
            self.action_revert,
            self.action_edits,
        ):
            edit_menu.addAction(action)
        self.action_show_redline = self._action("Show Red&line", self.toggle_redline)
        self.action_show_redline.setCheckable(True)
        window.menus["view"].addAction(self.action_show_redline)
        window.preview.viewport().installEventFilter(self)
        window.preview.overlay = self._paint_overlay
        window.matter_opened.connect(self._matter_opened)

    def _action(self, text: str, slot: object, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    # ---- letters --------------------------------------------------------------------------------

    def letters(self) -> tuple[Letter, Letter]:
        """Return the matter's draft as edited and in its template's own wording, from one render
        of the template (raises)."""
        from ..core.wording import render_with_form

        doc = self.window.doc
        assert doc is not None
        m = doc.matter
        form, letter = render_with_form(doc.template, m.facts, m.letter_date, m.signer, m.edits)
        return letter, form

    def edited_blocks(self) -> set[int]:
        """Return the paragraphs of the letter shown that the matter's own wording changed."""
        letter = self.window.last_letter
        if letter is None:
            return set()
        return {d.block for d in letter.deviations if d.block is not None}

    def _paint_overlay(self, painter: QPainter, page: Page, bands: list[Band] | None) -> None:
        if self.action_show_redline.isChecked():
            from ..page_marks import paint_changes

            paint_changes(painter, page, bands)
            return
        edited = self.edited_blocks()
        if edited:  # a letter in the template's own wording loads no redline code to paint
            from ..page_marks import paint_edited

            paint_edited(painter, page, edited, bands)

    # ---- the preview: choosing and double-clicking a paragraph ----------------------------------

    def block_at(self, pos: QPointF) -> int | None:
        """Return the paragraph of the letter (block index) under a point of the preview, if any
        (in the redline view, none for a paragraph the letter no longer has)."""
        preview = self.window.preview
        hit = preview.page_point(pos)
        if hit is None:
            return None
        n, point = hit
        for line in preview.pages[n].lines:
            if line.block >= 0 and line.y <= point.y() <= line.y + line.height:
                return self.letter_block(line.block)
        return None

    # ---- paragraphs of the letter and of the redline view ----------------------------------------
    # The letter's paragraphs are numbered by their index in `Letter.blocks` (findings, edits, the
    # Edit menu); the redline view draws the redline's paragraphs, removed ones among them, so a
    # paragraph is found there by its key.

    def showing_redline(self) -> bool:
        """Return whether the preview draws the redline (its paragraphs are the redline's)."""
        return (
            self.redline is not None and self.window.preview.render_function == self.render_redline
        )

    def _letter_key(self, red: RedBlock) -> str | None:
        """Return the key of the letter's own paragraph in a paragraph of the redline, if any."""
        old, new = self.sides
        if new == ("current",):
            block = red.new
        elif old == ("current",):
            block = red.old
        else:  # neither side is the letter as it stands: the paragraph of the same key
            block = red.new or red.old
        return block.key if block is not None else None

    def view_block(self, block: int | None) -> int | None:
        """Return where the preview draws a paragraph of the letter: the same index, or in the
        redline view its place among the redline's paragraphs (None if it is not drawn)."""
        letter = self.window.last_letter
        if block is None or not self.showing_redline():
            return block
        if letter is None or not 0 <= block < len(letter.blocks):
            return None
        key = letter.blocks[block].key
        assert self.redline is not None
        return next(
            (n for n, red in enumerate(self.redline.blocks) if self._letter_key(red) == key),
            None,
        )

    def letter_block(self, view: int | None) -> int | None:
        """Return the paragraph of the letter the preview draws at `view` (None for one the
        letter does not have: a paragraph removed, shown struck through in the redline view)."""
        letter = self.window.last_letter
        if view is None or not self.showing_redline():
            return view
        assert self.redline is not None
        if letter is None or not 0 <= view < len(self.redline.blocks):
            return None
        key = self._letter_key(self.redline.blocks[view])
        return next((b.index for b in letter.blocks if key is not None and b.key == key), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A click chooses a paragraph; a double-click opens it in the wording editor."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton:
                block = self.block_at(event.position())
                if block is not None:
                    self.current_block = block
                    if kind == QEvent.Type.MouseButtonDblClick:
                        if not self.action_show_redline.isChecked():
                            self.edit_paragraph(block)
                        return True
        return False

    def chosen_block(self) -> int:
        """Return the paragraph the Edit menu acts on: the one clicked, else the one a finding
        chose, else the first body paragraph."""
        preview = self.window.preview
        if self.current_block is not None:
            return self.current_block
        marked = self.letter_block(preview.highlight_block)
        if marked is not None:
            return marked
        letter = self.window.last_letter
        if letter is not None:
            return next((b.index for b in letter.blocks if b.kind == "body"), 0)
        return 0

    # ---- editing --------------------------------------------------------------------------------

    def editor(self, block: int | None = None, add: bool = False) -> QDialog | None:
        """Return the wording editor on a paragraph (not yet shown), or None if the letter fails."""
        from .errors import show_error
        from .wording_editor import WordingEditor

        if self.window.doc is None:
            return None
        try:
            letter, form_letter = self.letters()
        except OpinionDeskError as exc:
            show_error(self.window, CANNOT_EDIT, exc)
            return None
        index = self.chosen_block() if block is None else block
        index = min(max(index, 0), len(letter.blocks) - 1)
        return WordingEditor(self.window.doc, letter, form_letter, index, add, self.window)

    def edit_paragraph(self, block: int | None = None) -> None:
        """Edit > Edit Paragraph Wording (or a double-click on a paragraph)."""
        dialog = self.editor(block)
        if dialog is not None:
            dialog.exec()

    def add_paragraph(self) -> None:
        """Edit > Add Paragraph After: a new paragraph after the one chosen."""
        dialog = self.editor(None, add=True)
        if dialog is not None:
            dialog.exec()

    def drop_paragraph(self) -> None:
        """Edit > Drop Paragraph: take the chosen paragraph out of this matter's letter."""
        dialog = self.editor(None)
        if dialog is not None:
            dialog.drop()  # type: ignore[attr-defined]

    def revert_paragraph(self) -> None:
        """Edit > Revert Paragraph Wording: the template's wording back for the chosen paragraph."""
        from ..core.wording import without_edit

        doc, letter = self.window.doc, self.window.last_letter
        if doc is None or letter is None:
            return
        index = self.chosen_block()
        if 0 <= index < len(letter.blocks):
            key = letter.blocks[index].key
            doc.set_edits(without_edit(doc.matter.edits, key), "revert paragraph wording")

    def show_edits(self, review_only: bool = False) -> EditsDialog | None:
        """Edit > Paragraph Edits: the matter's edits, those needing review first (non-modal)."""
        from .errors import show_error
        from .wording_review import EditsDialog

        doc = self.window.doc
        if doc is None:
            return None
        if self.review is not None:
            self.review.close()
            self.review.deleteLater()
        try:
            self.review = EditsDialog(doc, self.letters, self.window)
        except OpinionDeskError as exc:
            show_error(self.window, CANNOT_EDIT, exc)
            return None
        self.review.edit_paragraph.connect(self._edit_from_review)
        self.review.show()
        return self.review

    def _edit_from_review(self, block: int) -> None:
        self.edit_paragraph(block)

    def _matter_opened(self) -> None:
        """A matter opened: leave the redline view; say (and show) which edits need review."""
        self.current_block = None
        self._fixed.clear()
        self.redline = None
        self.action_show_redline.setChecked(False)
        self.window.preview.overlay = self._paint_overlay
        doc = self.window.doc
        if self.review is not None:
            self.review.close()
            self.review = None
        if doc is None or not doc.matter.edits:
            return
        letter = self.window.last_letter
        if letter is None:
            try:
                letter = doc.render("draft")
            except OpinionDeskError:
                return
        needing = [d for d in letter.deviations if d.state != "applied"]
        if needing:
            self.window.render_message.setText(MSG_REVIEW.format(count=len(needing)))
            self.show_edits()

    # ---- versions -------------------------------------------------------------------------------

    def save_version(self) -> bool:
        """File > Save Version...: name the matter as it stands and keep it in the file (saved)."""
        from .versions_dialog import SaveVersionDialog

        doc = self.window.doc
        if doc is None:
            return False
        dialog = SaveVersionDialog(doc, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.window.statusBar().showMessage(
            MSG_SAVED_VERSION.format(name=dialog.name.text().strip()), 5000
        )
        return self.window.save()

    def browse_versions(self) -> None:
        """File > Browse Versions...: list, show read-only, restore or compare."""
        from .versions_dialog import VersionsDialog

        doc = self.window.doc
        if doc is None:
            return
        dialog = VersionsDialog(doc, self.window, self.window.library, self.window.letterhead)
        dialog.compare_requested.connect(lambda name: self.show_redline(("version", name)))
        dialog.exec()

    # ---- the redline view -----------------------------------------------------------------------

    def compare(self) -> None:
        """File > Compare...: choose the old and the new letter, and show the redline."""
        from .compare_dialog import CompareDialog

        if self.window.doc is None:
            return
        dialog = CompareDialog(self.window.doc, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_redline(*dialog.sides())

    def toggle_redline(self) -> None:
        """View > Show Redline: the preview shows the redline (against the last choice) or not."""
        if self.action_show_redline.isChecked():
            self.show_redline(*self.sides)
        else:
            self.hide_redline()

    def show_redline(self, old: Side, new: Side = ("current",)) -> bool:
        """Show the redline from `old` to `new` in the preview, redrawn as the matter changes."""
        from .errors import show_error

        if self.window.doc is None:
            return False
        self.sides = (tuple(old), tuple(new))
        self._fixed.clear()
        try:
            self.side_letter(self.sides[0])
            self.side_letter(self.sides[1])
        except OpinionDeskError as exc:
            show_error(self.window, CANNOT_COMPARE, exc)
            self.action_show_redline.setChecked(False)
            return False
        self.action_show_redline.setChecked(True)
        if not self._says_redline:  # after the window's own (which clears the message)
            self.window.preview.rendered.connect(self._say_redline)
            self._says_redline = True
        marked = self.letter_block(self.window.preview.highlight_block)
        self.window.preview.set_render_function(self.render_redline)
        self._mark(marked)
        return True

    def _mark(self, block: int | None) -> None:
        """Keep a finding's paragraph marked when the preview changes between the letter and
        the redline view (their paragraphs are numbered apart)."""
        preview = self.window.preview
        preview.highlight_block = self.view_block(block)
        preview.viewport().update()

    def _say_redline(self) -> None:
        if self.action_show_redline.isChecked() and self.redline is not None:
            old, new = self.sides
            self.window.render_message.setText(
                MSG_REDLINE.format(
                    old=self.side_name(old), new=self.side_name(new), count=self.redline.changes
                )
            )

    def hide_redline(self) -> None:
        """Back to the letter as it will print."""
        marked = self.letter_block(self.window.preview.highlight_block)
        self.action_show_redline.setChecked(False)
        self.redline = None
        self.window.preview.set_render_function(self.window.render_function)
        self._mark(marked)

    def side_name(self, side: Side) -> str:
        """Return how a side of the redline is named to counsel."""
        if side[0] == "form":
            return NAME_FORM
        if side[0] == "current":
            return NAME_CURRENT
        if side[0] == "version":
            return NAME_VERSION.format(name=side[1])
        return Path(side[1]).name

    def side_letter(self, side: Side) -> Letter:
        """Return the letter on one side of the redline (versions and files are read once)."""
        doc = self.window.doc
        assert doc is not None
        m = doc.matter
        if side[0] == "current":
            return doc.render("draft")
        kept = self._fixed.pop(side, None) if side[0] == "form" else self._fixed.get(side)
        if side[0] == "form":
            return kept or render_letter(doc.template, m.facts, m.letter_date, m.signer)
        if kept is not None:
            return kept
        if side[0] == "version":
            from ..core.versions import find_version, matter_at

            other: Matter = matter_at(m, find_version(m, side[1]), self.window.library)
        else:
            other = load_matter(side[1], self.window.library)
        if other.template_id != doc.template.id:
            raise OpinionDeskError(
                OTHER_TEMPLATE.format(
                    name=self.side_name(side), other=other.template_id, template=doc.template.id
                )
            )
        letter = render_letter(
            doc.template, other.facts, other.letter_date, other.signer, edits=other.edits
        )
        self._fixed[side] = letter
        return letter

    def render_redline(self) -> list[Page]:
        """Render the redline view's pages (the preview's render function while it shows)."""
        from ..core.redline import compare
        from ..page_marks import redline_pages

        doc = self.window.doc
        if doc is None:
            return []
        old, new = self.sides
        if ("form",) in self.sides:  # both from one render of the template
            from ..core.wording import render_with_form

            m = doc.matter
            form, current = render_with_form(
                doc.template, m.facts, m.letter_date, m.signer, m.edits
            )
            self._fixed[("form",)] = form
        else:
            current = doc.render("draft")
        self.window.last_letter = current  # the checks still read the letter itself
        old_letter = current if old == ("current",) else self.side_letter(old)
        new_letter = current if new == ("current",) else self.side_letter(new)
        self.redline = compare(old_letter, new_letter)
        return redline_pages(self.redline, self.window.letterhead)

    def export_redline(self) -> bool:
        """File > Export Redline...: the redline shown (or against the form) as DOCX or PDF."""
        from .errors import show_error

        doc = self.window.doc
        if doc is None:
            return False
        try:
            if self.redline is None or not self.action_show_redline.isChecked():
                from ..core.redline import compare

                redline = compare(self.side_letter(self.sides[0]), self.side_letter(self.sides[1]))
            else:
                redline = self.redline
        except OpinionDeskError as exc:
            show_error(self.window, CANNOT_EXPORT, exc)
            return False
        stem = doc.path.stem if doc.path else "untitled"
        start = str((doc.path.parent if doc.path else Path.home()) / f"{stem}-redline.docx")
        name, chosen = QFileDialog.getSaveFileName(
            self.window, "Export redline", start, REDLINE_FILTERS
        )
        if not name:
            return False
        pdf = name.lower().endswith(".pdf") or (
            chosen.startswith("PDF") and "." not in Path(name).name
        )
        if pdf and not name.lower().endswith(".pdf"):
            name += ".pdf"
        elif not pdf and not name.lower().endswith(".docx"):
            name += ".docx"
        try:
            if pdf:
                from ..writers.redline_pdf import write_redline_pdf

                data = write_redline_pdf(redline, letterhead=self.window.letterhead)
            else:
                from ..commands.redline import default_author
                from ..writers.redline_docx import write_redline_docx

                data = write_redline_docx(
                    redline, default_author(), letterhead=self.window.letterhead
                )
            atomic_write(Path(name), data)
        except (OpinionDeskError, OSError) as exc:
            show_error(self.window, CANNOT_EXPORT, exc)
            return False
        self.window.statusBar().showMessage(EXPORTED.format(file=name), 5000)
        return True
