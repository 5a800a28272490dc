"""The window's one-off wording, versions and redlines, driven for real with pytest-qt (offscreen)."""

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QMessageBox
from window_fixtures import dialogs, make_library, sample_window  # noqa: F401

from opiniondesk.core.matter import load_matter, new_matter, save_matter
from opiniondesk.gui.main_window import MainWindow
from opiniondesk.gui.versions_dialog import SaveVersionDialog, VersionsDialog
from opiniondesk.gui.wording_editor import TOKEN_CHAR, WordingEditor

SERIES = ("fact", "security_term")


@pytest.fixture
def window(qtbot, dialogs):  # noqa: F811
    return sample_window(qtbot)


def block_index(window, start):
    return next(b.index for b in window.last_letter.blocks if b.text.startswith(start))


def select_word(editor, word):
    """Select the first occurrence of a word in the wording editor."""
    cursor = editor.editor.document().find(word)
    assert not cursor.isNull(), word
    editor.editor.setTextCursor(cursor)


def reword(window, qtbot, start, old, new):
    """Open the editor on a paragraph, replace a word by typing, and press OK."""
    editor = window.wording.editor(block_index(window, start))
    assert isinstance(editor, WordingEditor)
    select_word(editor, old)
    qtbot.keyClicks(editor.editor, new)
    editor.accept()
    window.preview.render_now()
    return editor


def type_fact(window, qtbot, key, text):
    edit = window.facts.editors[key].edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    window.preview.render_now()


def test_edit_save_reopen_and_token_follows_its_fact(window, qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure an edited paragraph (a word changed, its fact tokens kept) stands after save and
    reopen, and its token still follows the fact typed in the fact pane."""
    editor = reword(window, qtbot, "Each series", "Each", "Every")
    assert any(r.fact == "security_term" for r in editor.runs())
    assert "Every series of Certificates will be issued" in window.preview.text()
    path = tmp_path / "edited.opinion"
    dialogs.save_names.append(str(path))
    assert window.save_as()
    assert json.loads(path.read_text())["edits"][0]["action"] == "replace"
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.load_path(path)
    assert "Every series of Certificates will be issued" in again.preview.text()
    type_fact(again, qtbot, SERIES, "Notes")
    assert "Every series of Notes will be issued" in again.preview.text()
    assert again.wording.review is None  # nothing to review: the template is as it was


def test_template_change_is_reported_on_opening(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure a matter whose edited paragraph changed in the template says so on opening, with
    the old wording, the new wording and the edit side by side."""
    library = make_library(tmp_path / "templates")
    win = MainWindow(library)
    qtbot.addWidget(win)
    matter = new_matter(library.get("every-type"))
    matter.facts.update({"name": "Acme", "address": "1 Main St", "amount": "100"})
    assert win.set_matter(matter)
    editor = reword(win, qtbot, "Amount", "Amount", "Sum")
    assert "Sum $100 on Form S-3" in win.preview.text()
    path = tmp_path / "m.opinion"
    dialogs.save_names.append(str(path))
    assert win.save_as()
    changed_library = make_library(tmp_path / "templates")
    letter = tmp_path / "templates" / "every-type" / "letter.xml.j2"
    letter.write_text(letter.read_text().replace("on Form", "under Form"))
    changed = MainWindow(changed_library)
    qtbot.addWidget(changed)
    assert changed.load_path(path)
    review = changed.wording.review
    assert review is not None and review.isVisible()
    assert "to review" in changed.render_message.text()
    assert "template changed" in review.list.item(0).text()
    assert "on Form {form}" in review.old_form.toPlainText()
    assert "under Form {form}" in review.new_form.toPlainText()
    assert "Sum $100 on Form S-3" in review.the_edit.toPlainText()
    assert "Sum $100 on Form S-3" in changed.preview.text()  # not silently lost
    review.keep()  # counsel keeps the edit: it now answers the new wording
    assert changed.wording.letters()[0].deviations[0].state == "applied"
    assert editor is not None


def test_malformed_edit_opens_and_is_shown_for_repair(window, qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure a matter with an unreadable edit opens with its facts, and the edit can be removed."""
    matter = load_matter(window.doc.matter.path or "resources/samples/cmsi-2001.opinion")
    matter.edits = [{"key": "body:x", "action": "explode"}]
    path = tmp_path / "bad.opinion"
    save_matter(matter, path)
    assert window.load_path(path)
    assert window.doc.matter.facts["registrant_name"] == "Citicorp Mortgage Securities, Inc."
    review = window.wording.review
    assert review is not None and "cannot be read" in review.list.item(0).text()
    assert "action 'explode'" in review.message.text()
    window.run_checks()
    assert any(f.rule_id == "DEVIATION" and f.severity == "error" for f in window.checks.findings())
    review.remove()
    assert window.doc.matter.edits == []


def test_tokens_cannot_be_broken(window):
    """Ensure each fact is one token character: Backspace takes it whole and leaves the text."""
    editor = window.wording.editor(block_index(window, "Each series"))
    text = editor.editor.toPlainText()
    facts = [r for r in editor.runs() if r.fact]
    assert text.count(TOKEN_CHAR) == len(facts) >= 3
    cursor = editor.editor.document().find(TOKEN_CHAR)
    editor.editor.setTextCursor(cursor)  # the first token selected: it is one character
    assert cursor.selectedText() == TOKEN_CHAR
    cursor.clearSelection()
    editor.editor.setTextCursor(cursor)
    editor.editor.textCursor().deletePreviousChar()
    after = editor.runs()
    assert [r.fact for r in after if r.fact] == [r.fact for r in facts][1:]
    assert "".join(r.text for r in after).startswith("Each series of  will be issued")


def test_bold_italic_underline(window, qtbot):
    """Ensure the format buttons mark the selected words bold, italic and underlined."""
    editor = window.wording.editor(block_index(window, "Each series"))
    select_word(editor, "issued")
    editor.bold.setChecked(True)
    select_word(editor, "pursuant")
    editor.italic.setChecked(True)
    editor.underline.setChecked(True)
    runs = editor.runs()
    assert any(r.text == "issued" and r.marks == {"strong"} for r in runs)
    assert any(r.text == "pursuant" and r.marks == {"em", "u"} for r in runs)
    editor.accept()
    block = window.doc.render().blocks[block_index(window, "Each series")]
    assert any(i.text == "issued" and "strong" in i.marks for i in block.inlines)


def test_empty_paragraph_is_refused(window, dialogs):  # noqa: F811
    """Ensure OK on an emptied paragraph is refused with a message and nothing changes."""
    editor = window.wording.editor(block_index(window, "Each series"))
    editor.editor.selectAll()
    editor.editor.textCursor().removeSelectedText()
    editor.accept()
    assert dialogs.shown and dialogs.shown[-1][1] == "The paragraph would be empty"
    assert window.doc.matter.edits == []
    assert editor.result() != QDialog.DialogCode.Accepted


def test_revert_drop_add_and_undo(window, qtbot, dialogs):  # noqa: F811
    """Ensure Revert brings back the template's wording, Drop takes a paragraph out, Add puts one
    after, and Undo takes each back."""
    reword(window, qtbot, "Each series", "Each", "Every")
    editor = window.wording.editor(block_index(window, "Every series"))
    assert editor.revert_button.isEnabled()
    editor.revert()
    window.preview.render_now()
    assert window.doc.matter.edits == []
    assert "Each series of Certificates" in window.preview.text()
    window.undo()
    window.preview.render_now()
    assert "Every series of Certificates" in window.preview.text()
    count = len(window.last_letter.blocks)
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    window.wording.editor(block_index(window, "Based on the foregoing")).drop()
    window.preview.render_now()
    assert len(window.last_letter.blocks) == count - 1
    assert "Based on the foregoing" not in window.preview.text()
    adding = window.wording.editor(block_index(window, "Every series"), add=True)
    qtbot.keyClicks(adding.editor, "A paragraph of our own.")
    adding.accept()
    window.preview.render_now()
    blocks = window.last_letter.blocks
    n = block_index(window, "Every series")
    assert blocks[n + 1].text == "A paragraph of our own."
    assert window.wording.edited_blocks() >= {n, n + 1}
    window.run_checks()
    deviations = [f for f in window.checks.findings() if f.rule_id == "DEVIATION"]
    assert len(deviations) == 3
    window.undo()
    window.undo()
    window.preview.render_now()
    assert "Based on the foregoing" in window.preview.text()
    assert "A paragraph of our own." not in window.preview.text()


def test_double_click_opens_the_editor(window, qtbot, monkeypatch):
    """Ensure a double-click on a paragraph in the preview opens the editor on that paragraph."""
    opened = []
    monkeypatch.setattr(WordingEditor, "exec", lambda self: opened.append(self.block().index))
    preview = window.preview
    target = block_index(window, "Each series")
    rect = preview._page_rects()[0]
    line = next(ln for ln in preview.pages[0].lines if ln.block == target)
    s = preview.scale()
    y = rect.top() + (line.y + line.height / 2) * s - preview.verticalScrollBar().value()
    preview.verticalScrollBar().setValue(0)
    point = QPoint(int(rect.left() + rect.width() / 2), int(y))
    qtbot.mouseDClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened == [target]


def test_save_version_refuses_a_taken_name(window, qtbot, dialogs, monkeypatch, tmp_path):  # noqa: F811
    """Ensure File > Save Version keeps a named version in the file, refuses the name twice, and
    Browse Versions shows it read-only and restores it."""
    names = ["sent to UW counsel", "sent to UW counsel"]
    results = []

    def run(self):
        self.name.setText(names.pop(0))
        self.accept()
        results.append((self.result(), self.problem.text()))
        return self.result()

    monkeypatch.setattr(SaveVersionDialog, "exec", run)
    path = tmp_path / "v.opinion"
    dialogs.save_names.append(str(path))
    assert window.wording.save_version()
    assert json.loads(path.read_text())["versions"][0]["name"] == "sent to UW counsel"
    type_fact(window, qtbot, SERIES, "Notes")
    assert not window.wording.save_version()
    assert "already exists" in results[-1][1]
    assert len(window.doc.matter.versions) == 1
    dialog = VersionsDialog(window.doc, window)
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 1
    assert "series of Certificates" in dialog.preview.text()  # the version, not the letter now
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    dialog.restore()
    assert window.doc.matter.facts["security_term"] == "Certificates"
    assert window.facts.editors[SERIES].edit.text() == "Certificates"
    window.undo()
    assert window.doc.matter.facts["security_term"] == "Notes"


def test_redline_view_follows_typing_and_exports(window, qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure the redline view shows the edit against the form, follows the fact pane, and
    File > Export Redline writes a DOCX with tracked changes."""
    reword(window, qtbot, "Each series", "Each", "Every")
    assert window.wording.show_redline(("form",))
    assert window.wording.action_show_redline.isChecked()
    text = window.preview.text()
    assert "Each" in text and "Every" in text
    assert window.wording.redline.changes == 1
    type_fact(window, qtbot, SERIES, "Notes")
    assert "Every series of Notes" in window.preview.text()
    path = tmp_path / "r.docx"
    dialogs.save_names.append(str(path))
    assert window.wording.export_redline()
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:delText" in xml
    window.wording.action_show_redline.trigger()  # View > Show Redline off
    assert not window.wording.action_show_redline.isChecked()
    assert "Each series" not in window.preview.text()


def test_compare_with_a_version(window, qtbot, dialogs, monkeypatch, tmp_path):  # noqa: F811
    """Ensure File > Compare against a kept version shows what changed since it."""
    from opiniondesk.gui.compare_dialog import CompareDialog

    window.doc.add_version("first")
    type_fact(window, qtbot, SERIES, "Notes")

    def run(self):
        self.choose(("version", "first"))
        self.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CompareDialog, "exec", run)
    window.wording.compare()
    assert window.wording.sides[0] == ("version", "first")
    assert "Certificates" in window.preview.text() and "Notes" in window.preview.text()
    assert "version \u201cfirst\u201d" in window.render_message.text()


def test_editing_keeps_the_cursor_format_buttons(window):
    """Ensure the format buttons show the format of the text at the cursor."""
    editor = window.wording.editor(block_index(window, "Each series"))
    cursor = editor.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.editor.setTextCursor(cursor)
    assert not editor.bold.isChecked()


def test_sample_template_change_is_reported_on_opening(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure the sample, edited, saved and reopened after its template's paragraph was reworded,
    says so for that paragraph, with the old and new wording beside the edit."""
    import shutil

    from opiniondesk import paths
    from opiniondesk.core.templates import TemplateLibrary

    source = Path(paths.templates_dir()) / "abs-pass-through-certificates"
    department = tmp_path / "department"
    shutil.copytree(source, department / "abs-department")
    win = MainWindow(TemplateLibrary([department]))
    qtbot.addWidget(win)
    matter = load_matter(paths.sample_matter())
    matter.template_id = "abs-department"
    matter.path = None
    assert win.set_matter(matter)
    reword(win, qtbot, "Each series", "Each", "Every")
    path = tmp_path / "edited.opinion"
    dialogs.save_names.append(str(path))
    assert win.save_as()
    letter = department / "abs-department" / "letter.xml.j2"
    letter.write_text(
        letter.read_text().replace("will be issued pursuant to", "shall be issued under")
    )
    again = MainWindow(TemplateLibrary([department]))
    qtbot.addWidget(again)
    assert again.load_path(path)
    review = again.wording.review
    assert review is not None and review.isVisible()
    assert "template changed" in review.list.item(0).text()
    assert "will be issued pursuant to" in review.old_form.toPlainText()
    assert "shall be issued under" in review.new_form.toPlainText()
    assert (
        "Every series of Certificates will be issued pursuant to" in review.the_edit.toPlainText()
    )
    review.revert()  # counsel takes the template's new wording
    again.preview.render_now()
    assert "Each series of Certificates shall be issued under" in again.preview.text()


def _highlighted(preview):
    """Return the text of the paragraph the preview marks (a finding's)."""
    return " ".join(
        line.text()
        for page in preview.pages
        for line in page.lines
        if line.block >= 0 and line.block == preview.highlight_block
    )


def _click_line(window, qtbot, start):
    """Click the first line of the preview that starts with `start`."""
    preview = window.preview
    rect, line = next(
        (r, ln)
        for r, page in zip(preview._page_rects(), preview.pages)
        for ln in page.lines
        if ln.text().startswith(start)
    )
    s = preview.scale()
    top = rect.top() + line.y * s
    preview.verticalScrollBar().setValue(int(top - 100))
    y = top + line.height * s / 2 - preview.verticalScrollBar().value()
    point = QPoint(int(rect.left() + rect.width() / 2), int(y))
    qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_finding_goes_to_its_own_paragraph_in_the_redline_view(window, qtbot, dialogs):  # noqa: F811
    """Ensure that while the redline view shows a paragraph the letter no longer has, choosing a
    finding in the Checks dock marks and scrolls to the finding's own paragraph, a paragraph
    clicked there is the letter's own for the Edit menu, and leaving the view keeps the mark on
    the same paragraph."""
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    window.wording.editor(block_index(window, "Each series")).drop()
    window.preview.render_now()
    assert window.wording.show_redline(("form",))
    assert "Each series" in window.preview.text()  # struck through, before the finding's paragraph
    window.run_checks()
    finding = next(f for f in window.checks.findings() if f.rule_id == "X5-ASM-02")
    own = window.last_letter.blocks[finding.block].text
    assert own.startswith("When the issuance")
    item = window.checks.item_for(finding)
    window.checks.tree.scrollToItem(item)
    rect = window.checks.tree.visualItemRect(item)
    qtbot.mouseClick(window.checks.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _highlighted(window.preview).startswith("2. When the issuance")
    preview = window.preview
    first = next(
        (r, ln)
        for r, page in zip(preview._page_rects(), preview.pages)
        for ln in page.lines
        if ln.block == preview.highlight_block
    )
    top = first[0].top() + first[1].y * preview.scale()
    bar = preview.verticalScrollBar()
    assert bar.value() <= top <= bar.value() + preview.viewport().height()
    assert window.wording.chosen_block() == finding.block
    _click_line(window, qtbot, "The opinions expressed herein")
    assert window.wording.chosen_block() == block_index(window, "The opinions expressed herein")
    _click_line(window, qtbot, "Each series")  # a paragraph the letter no longer has
    assert window.wording.chosen_block() == block_index(window, "The opinions expressed herein")
    window.wording.current_block = None
    window.wording.action_show_redline.trigger()  # View > Show Redline off
    assert _highlighted(window.preview).startswith("2. When the issuance")
    window.wording.action_show_redline.trigger()  # and on again
    assert _highlighted(window.preview).startswith("2. When the issuance")


def test_the_redline_view_and_its_exports_use_the_chosen_letterhead(
    window,
    qtbot,
    dialogs,  # noqa: F811
    tmp_path,
):
    """Ensure with a department letterhead chosen, View > Show Redline lays the redline out on it
    and File > Export Redline writes both the DOCX and the PDF on it."""
    from letterheads import body_left, docx_left_margin, wide_letterhead
    from pdf_checks import word_boxes

    window.set_letterhead(wide_letterhead(tmp_path / "wide.docx"))
    assert body_left(window.preview.pages) == 144.0
    reword(window, qtbot, "Each series", "Each", "Every")
    assert window.wording.show_redline(("form",))
    assert body_left(window.preview.pages) == 144.0
    docx = tmp_path / "r.docx"
    dialogs.save_names.append(str(docx))
    assert window.wording.export_redline()
    assert docx_left_margin(docx.read_bytes()) == "2880"
    pdf = tmp_path / "r.pdf"
    dialogs.save_names.append(str(pdf))
    assert window.wording.export_redline()
    assert round(word_boxes(pdf, 1, "Ladies")[0][0]) == 144


def test_browse_versions_shows_each_version_on_the_chosen_letterhead(
    window,
    dialogs,  # noqa: F811
    monkeypatch,
    tmp_path,
):
    """Ensure File > Browse Versions shows a version as it printed: on the window's letterhead."""
    from letterheads import body_left, wide_letterhead

    window.set_letterhead(wide_letterhead(tmp_path / "wide.docx"))
    window.doc.add_version("first")
    shown = []

    def run(self):
        shown.append(body_left(self.preview.pages))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(VersionsDialog, "exec", run)
    window.wording.browse_versions()
    assert shown == [144.0]


def test_the_letter_and_its_form_come_from_one_render(window, qtbot, monkeypatch):
    """Ensure the wording editor's and Paragraph Edits' letters (as edited, and in the template's
    own wording) are the ones two renders gave, from one render of the template."""
    from opiniondesk.core import engine
    from opiniondesk.core.templates import render_letter

    reword(window, qtbot, "Each series", "Each", "Every")
    doc, m = window.doc, window.doc.matter
    expected = (
        doc.render("draft"),
        render_letter(doc.template, m.facts, m.letter_date, m.signer),
    )
    renders = []
    real = engine.render_markup
    monkeypatch.setattr(engine, "render_markup", lambda *a, **k: renders.append(1) or real(*a, **k))
    letter, form = window.wording.letters()
    assert (letter, form) == expected
    assert letter.deviations and not form.deviations
    assert len(renders) == 1


def test_an_action_in_paragraph_edits_refreshes_its_list_once(window, qtbot, dialogs):  # noqa: F811
    """Ensure each action in Paragraph Edits, and undoing it, refreshes the list once (also when
    it was opened before)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    reword(window, qtbot, "Each series", "Each", "Every")
    reword(window, qtbot, "I hereby consent", "hereby", "also")
    window.wording.show_edits()
    review = window.wording.show_edits()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the first one is gone
    assert review.list.count() == 2
    calls = []
    letters = review.letters
    review.letters = lambda: calls.append(1) or letters()
    review.revert()
    assert calls == [1] and review.list.count() == 1
    window.undo()
    assert calls == [1, 1] and review.list.count() == 2
    review.remove()
    assert calls == [1, 1, 1] and review.list.count() == 1
