"""Tests for the drafting window driven for real with pytest-qt (offscreen): files, edits, export."""

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from window_fixtures import dialogs, every_type_library, make_library, sample_window  # noqa: F401

from opiniondesk import paths
from opiniondesk.core.matter import load_matter, save_matter
from opiniondesk.gui import recovery
from opiniondesk.gui.app import DeskApp
from opiniondesk.gui.dialogs import TemplatePicker
from opiniondesk.gui.main_window import MainWindow

SHORT = ("fact", "registrant_short_name")


@pytest.fixture
def window(qtbot, dialogs):  # noqa: F811
    return sample_window(qtbot)


def type_into(qtbot, window, key, text, clear=False):
    edit = window.facts.editors[key].edit
    edit.setFocus()
    edit.end(False)
    if clear:
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    return edit


def test_window_opens_on_the_sample_untitled(window):
    """Ensure the sample opens as an untitled matter, its letter drawn in the preview."""
    assert window.doc.path is None
    assert window.doc.matter.template_id == load_matter(paths.sample_matter()).template_id
    assert "Citicorp Mortgage Securities, Inc." in window.preview.text()
    assert len(window.preview.pages) >= 2
    assert window.missing_label.text() == "No missing facts"


def test_typing_into_a_fact_changes_the_preview(window, qtbot):
    """Ensure typing into a fact changes the preview's text after the debounce."""
    type_into(qtbot, window, SHORT, "X")
    assert window.doc.matter.facts["registrant_short_name"] == "CMSIX"
    qtbot.waitUntil(lambda: "(\u201cCMSIX\u201d)" in window.preview.text(), timeout=2000)
    assert window.isWindowModified()
    assert window.windowTitle().startswith("cmsi-2001.opinion")


def test_undo_restores_the_last_value(window, qtbot):
    """Ensure undo restores the value before a burst of typing, in the field and the letter."""
    edit = type_into(qtbot, window, SHORT, "ABC")
    assert edit.text() == "CMSIABC"
    window.undo()
    assert window.doc.matter.facts["registrant_short_name"] == "CMSI"
    assert edit.text() == "CMSI"
    window.preview.render_now()
    assert "CMSIABC" not in window.preview.text()
    window.redo()
    assert edit.text() == "CMSIABC"


def test_picker_makes_a_new_matter(qtbot, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure choosing a template in the picker starts a new matter with its defaults."""
    library = make_library(tmp_path / "templates", broken=True)
    win = MainWindow(library)
    qtbot.addWidget(win)
    seen = {}

    def choose(picker):
        from opiniondesk.gui.dialogs import DESCRIPTION_ROLE

        seen["items"] = [
            picker.list.item(i).text() + "\n" + picker.list.item(i).data(DESCRIPTION_ROLE)
            for i in range(picker.list.count())
        ]
        picker.select("every-type")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplatePicker, "exec", choose)
    assert win.new_from_template()
    assert win.doc.matter.template_id == "every-type"
    assert win.doc.matter.facts == {"form": "S-3", "consent": True}
    assert win.doc.path is None
    assert any("A test template with one fact of each type." in t for t in seen["items"])
    assert any(t.startswith("broken-one: cannot be used") for t in seen["items"])
    assert "[Name]" in win.preview.text()


def test_save_close_reopen_gives_the_same_facts(window, qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure save, close and reopen bring back the facts as typed."""
    type_into(qtbot, window, SHORT, "Z")
    target = tmp_path / "cmsi.opinion"
    dialogs.save_names.append(str(target))
    assert window.save()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("cmsi.opinion")
    assert "Saved at" in window.saved_label.text()
    facts = dict(window.doc.matter.facts)
    assert window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_path(target)
    assert again.doc.matter.facts == facts
    assert again.facts.editors[SHORT].edit.text() == "CMSIZ"
    assert json.loads(target.read_text())["facts"]["registrant_short_name"] == "CMSIZ"


def test_missing_fact_shows_placeholder_and_blocks_filing_export(window, qtbot, dialogs):  # noqa: F811
    """Ensure an emptied required fact shows its placeholder and the filing export lists it instead."""
    type_into(qtbot, window, SHORT, "", clear=True)
    window.preview.render_now()
    assert "[Registrant's short name]" in window.preview.text()
    assert window.missing_label.text() == "1 missing fact"
    assert not window.export_docx("filing")
    dialog = window.missing_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.facts() == ["registrant_short_name"]
    item = dialog.list.item(0)
    rect = dialog.list.visualItemRect(item)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not dialog.isVisible()
    assert QApplication.focusWidget() is window.facts.editors[SHORT].edit


def test_draft_export_writes_a_docx(window, dialogs, tmp_path):  # noqa: F811
    """Ensure the draft export writes a Word file where the save dialog says."""
    target = tmp_path / "out.docx"
    dialogs.save_names.append(str(target))
    assert window.export_docx("draft")
    assert target.read_bytes()[:2] == b"PK"


def test_clicking_a_placeholder_focuses_its_field(window, qtbot):
    """Ensure clicking a placeholder in the preview puts the cursor in its field."""
    type_into(qtbot, window, SHORT, "", clear=True)
    window.facts.editors[("fact", "registrant_name")].edit.setFocus()
    window.preview.render_now()
    preview = window.preview
    page_rect = preview._page_rects()[0]
    rect = preview.pages[0].fact_rects("registrant_short_name")[0]
    s = preview.scale()
    x = page_rect.left() + rect.center().x() * s - preview.horizontalScrollBar().value()
    y = page_rect.top() + rect.center().y() * s - preview.verticalScrollBar().value()
    if y > preview.viewport().height():
        preview.verticalScrollBar().setValue(int(y - 100))
        y -= preview.verticalScrollBar().value()
    qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert QApplication.focusWidget() is window.facts.editors[SHORT].edit


def test_focusing_a_field_highlights_its_value(window):
    """Ensure focusing a field highlights where its value stands in the letter."""
    window.facts.editors[("fact", "registrant_name")].edit.setFocus()
    QApplication.processEvents()
    assert window.preview.highlight_fact == "registrant_name"
    assert window.preview.pages[0].fact_rects("registrant_name")


def test_corrupt_matter_gives_an_error_and_the_window_stays(window, dialogs, tmp_path):  # noqa: F811
    """Ensure a corrupt matter file gives an error dialog with the core's message; the window stays."""
    bad = tmp_path / "bad.opinion"
    bad.write_text(
        '{"format": "opiniondesk.matter", "format_version": 1, "facts": [', encoding="utf-8"
    )
    before = window.doc
    assert not window.open_path(bad)
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and "bad.opinion" in text and "not valid JSON" in text
    assert "Traceback" not in text
    assert window.doc is before and window.isVisible()


def test_unsaved_changes_prompt_on_close(window, qtbot, dialogs):  # noqa: F811
    """Ensure closing with unsaved changes asks, and Cancel keeps the window open."""
    type_into(qtbot, window, SHORT, "Q")
    dialogs.answers.append(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert dialogs.shown[-1][0] == "warning" and window.isVisible()
    dialogs.answers.append(QMessageBox.StandardButton.Discard)
    assert window.close()


def test_autosave_writes_and_clears_the_recovery_file(window, qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure unsaved work is autosaved to the recovery folder and the file goes once saved."""
    type_into(qtbot, window, SHORT, "R")
    window.autosave()
    files = list(paths.recovery_dir().glob("*.opinion"))
    assert len(files) == 1
    assert json.loads(files[0].read_text())["facts"]["registrant_short_name"] == "CMSIR"
    dialogs.save_names.append(str(tmp_path / "saved.opinion"))
    assert window.save()
    assert not list(paths.recovery_dir().glob("*.opinion"))


def test_recovery_file_at_start_is_offered_and_restores(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure a recovery file left by a crash is offered at start and restores the matter."""
    original = tmp_path / "deal.opinion"
    matter = load_matter(paths.sample_matter())
    save_matter(matter, original)
    matter.facts["registrant_short_name"] = "RESTORED"
    recovery.write_recovery(recovery.new_recovery_file(), matter)
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    desk = DeskApp(QApplication.instance())
    try:
        win = desk.start(None)
        assert dialogs.shown[0][0] == "question" and "deal.opinion" in dialogs.shown[0][2]
        assert win.doc.matter.facts["registrant_short_name"] == "RESTORED"
        assert win.doc.path == original and win.isWindowModified()
        assert "RESTORED" in win.preview.text()
    finally:
        QApplication.instance().removeEventFilter(desk)
        for w in list(desk.windows):
            w.doc.undo_stack.setClean()
            w.doc.recovered_from = None
            w.close()


def test_settings_are_remembered(window, qtbot):
    """Ensure zoom and splitter sizes come back in the next window."""
    window.resize(760, 520)  # inside the offscreen screen (800x600), which clamps geometry
    QApplication.processEvents()
    window.preview.set_zoom(1.5)
    window.splitter.setSizes([300, 450])
    sizes = window.splitter.sizes()
    window_size = window.size()
    assert window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.preview.zoom == 1.5 and not again.preview.fit_width
    assert again.size() == window_size
    assert again.splitter.sizes() == sizes
    assert (paths.user_config_dir() / "opiniondesk.ini").is_file()


def test_save_shortcut_is_the_platform_one(window):
    """Ensure Save uses the platform's standard shortcut (Ctrl+S, Cmd+S)."""
    from PySide6.QtGui import QKeySequence

    assert window.action_save.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert window.action_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)


def test_render_error_shows_in_the_preview_not_a_dialog(window, qtbot, dialogs):  # noqa: F811
    """Ensure a letter that cannot be drawn shows the reason in the preview, with no dialog."""
    window.doc.matter.facts["aggregate_amount"] = "lots"
    window.preview.render_now()
    assert window.preview.error and "aggregate_amount" in window.preview.error
    assert window.preview.banner.isVisible()
    assert window.preview.pages  # the last good pages stay
    assert not dialogs.shown


def _mnemonic(text):
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_file_menu_mnemonics_are_unique(window):
    """Ensure no two File menu entries share an Alt-key letter."""
    letters = [_mnemonic(a.text()) for a in window.menus["file"].actions() if not a.isSeparator()]
    assert None not in letters
    assert len(letters) == len(set(letters)), letters


def test_save_as_has_a_shortcut_where_the_platform_gives_none(qtbot, dialogs, monkeypatch):  # noqa: F811
    """Ensure Save As gets Ctrl+Shift+S where the platform has no Save As key (Windows)."""
    from PySide6.QtGui import QKeySequence

    from opiniondesk.gui import main_window

    real = QKeySequence.keyBindings

    def bindings(key):
        return [] if key == QKeySequence.StandardKey.SaveAs else real(key)

    monkeypatch.setattr(main_window.QKeySequence, "keyBindings", staticmethod(bindings))
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.action_save_as.shortcut() == QKeySequence("Ctrl+Shift+S")


def test_quit_closes_every_window(qtbot, dialogs, monkeypatch):  # noqa: F811
    """Ensure File > Quit closes all the windows, not only the one it was chosen in."""
    first, second = MainWindow(), MainWindow()
    for win in (first, second):
        qtbot.addWidget(win)
        assert win.open_sample()
        win.show()
    # Windows other tests left with unsaved changes would stop the quit: answer Discard for all.
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    first.action_quit.trigger()
    assert not first.isVisible() and not second.isVisible()


def test_redo_has_every_platform_binding(window):
    """Ensure Redo answers each of the platform's keys (Ctrl+Y and Ctrl+Shift+Z on Linux)."""
    from PySide6.QtGui import QKeySequence

    wanted = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    assert window.action_redo.shortcuts() == wanted


def test_a_matter_opens_on_its_remembered_letter_then_renders_it(window, qtbot):
    """Ensure a matter opened again is drawn from the letter remembered last time, and rendered for
    real once that has painted: a remembered letter that differs never stays on screen."""
    assert not window.last_letter.remembered  # the first opening rendered, and remembered
    (entry,) = (paths.user_cache_dir() / "letters").rglob("*.xml")
    markup = entry.read_text(encoding="utf-8")
    assert "Citicorp Mortgage Securities, Inc." in markup
    entry.write_text(markup.replace("Citicorp Mortgage", "Remembered Mortgage"), encoding="utf-8")
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_sample()
    assert again.last_letter.remembered
    assert "Remembered Mortgage Securities, Inc." in again.preview.text()
    again.show()
    qtbot.waitUntil(lambda: not again.last_letter.remembered, timeout=3000)
    assert "Remembered Mortgage" not in again.preview.text()
    assert "Citicorp Mortgage Securities, Inc." in again.preview.text()
    assert "Remembered Mortgage" not in entry.read_text(encoding="utf-8")  # remembered right


def test_saving_remembers_the_letter_as_saved(window, qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure saving remembers the letter of the facts saved, so the next start draws it at once."""
    type_into(qtbot, window, SHORT, "Q")
    dialogs.save_names.append(str(tmp_path / "cmsi.opinion"))
    assert window.save()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_path(tmp_path / "cmsi.opinion")
    assert again.last_letter.remembered
    assert "(\u201cCMSIQ\u201d)" in again.preview.text()


def test_the_checks_panel_fills_its_dock_once_the_letter_has_painted(qtbot, dialogs):  # noqa: F811
    """Ensure the Checks dock gets its panel, with the findings, by itself after the first paint."""
    from opiniondesk.gui.checks_panel import ChecksPanel

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_sample()
    dock = win.docks["checks"]
    assert not isinstance(dock.widget(), ChecksPanel)  # start-up does not build it
    win.show()
    qtbot.waitUntil(
        lambda: isinstance(dock.widget(), ChecksPanel) and bool(dock.widget().findings()),
        timeout=3000,
    )
    assert dock.widget() is win.checks


def test_a_remembered_letter_is_rendered_for_real_even_if_never_painted(window, qtbot):
    """Ensure a window whose preview never paints (folded away) still renders the letter soon."""
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_sample()
    assert again.last_letter.remembered
    assert not again.isVisible()
    qtbot.waitUntil(lambda: not again.last_letter.remembered, timeout=3000)


def test_a_new_matter_is_remembered_only_once_saved(qtbot, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure a new matter's letter reaches the cache only when the matter is saved to a file."""
    letters = paths.user_cache_dir() / "letters"
    win = MainWindow()
    qtbot.addWidget(win)
    monkeypatch.setattr(TemplatePicker, "exec", lambda p: p.select("s8-employee-plans") or 1)
    assert win.new_from_template() and win.doc.path is None
    assert win.doc.matter.template_id == "s8-employee-plans"
    win.show()
    qtbot.waitExposed(win)
    assert not list(letters.rglob("*.xml"))
    dialogs.save_names.append(str(tmp_path / "plan.opinion"))
    assert win.save()
    assert len(list(letters.rglob("*.xml"))) == 1


SAMPLES = sorted(paths.resource("samples").glob("*.opinion"))


def _refused_without(matter, template):
    """Return the fields (letter ids) a filing copy refuses without, each emptied alone."""
    import copy as copying

    from opiniondesk.core.errors import MissingFactsError
    from opiniondesk.core.templates import render_letter

    keys = [("fact", s.id) for s in template.schema.facts] + [("letter_date",)]
    keys += [("signer", k) for k in ("name", "title", "employer", "conformed")]
    refused = set()
    for key in keys:
        facts, signer, date = (
            copying.deepcopy(matter.facts),
            dict(matter.signer),
            matter.letter_date,
        )
        if key[0] == "fact":
            facts.pop(key[1], None)
            fact = key[1]
        elif key[0] == "signer":
            signer.pop(key[1], None)
            fact = f"signer.{key[1]}"
        else:
            date, fact = None, "letter_date"
        try:
            render_letter(template, facts, date, signer, "filing", edits=matter.edits)
        except MissingFactsError as exc:
            if any(f == fact or f.startswith(fact + ".") for f, _ in exc.missing):
                refused.add(fact)
    return refused


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_stars_are_on_exactly_the_facts_a_final_copy_refuses_without(qtbot, dialogs, sample):  # noqa: F811
    """Ensure the starred labels are exactly the fields a filing copy refuses to be made without."""
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(sample)
    window.show()
    qtbot.waitUntil(lambda: window._probed and not window.probing(), timeout=10000)
    expected = _refused_without(window.doc.matter, window.doc.template)
    assert window.facts.starred() == expected


def test_a_fact_only_a_dropped_paragraph_used_is_not_starred(qtbot, dialogs, sample_path, tmp_path):  # noqa: F811
    """Ensure the stars follow the matter's own wording: once the one paragraph naming the
    governing law's state is dropped, a filing copy no longer needs that fact, nor is it starred."""
    from opiniondesk.core.wording import Edit, form_of

    matter = load_matter(sample_path)
    letter = matter.render()
    [block] = [b for b in letter.blocks if "governing_law_state" in b.facts()]
    matter.edits = [Edit(block.key, "drop", (), form_of(block.inlines)).to_json()]
    save_matter(matter, tmp_path / "dropped.opinion")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(tmp_path / "dropped.opinion")
    window.show()
    qtbot.waitUntil(lambda: window._probed and not window.probing(), timeout=10000)
    expected = _refused_without(window.doc.matter, window.doc.template)
    assert "governing_law_state" not in expected
    assert window.facts.starred() == expected


def test_an_empty_needed_field_is_marked_and_counted_as_the_copy_refuses(window, qtbot):
    """Ensure emptying needed fields marks each one, and the status bar counts what the filing
    copy refuses for; an optional field left empty is neither marked nor counted."""
    from opiniondesk.core.errors import MissingFactsError

    facts = window.facts
    assert facts.missing_fields() == set() and window.missing_label.text() == "No missing facts"
    window.doc.set_value(SHORT, None)
    window.doc.set_value(("signer", "name"), None)
    optional = next(
        s.id
        for s in window.doc.template.schema.facts
        if not s.required and s.type == "text" and s.id not in facts.needed
    )
    window.doc.set_value(("fact", optional), None)
    window.preview.render_now()
    with pytest.raises(MissingFactsError) as refused:
        window.doc.render("filing")
    ids = {fact for fact, _label in refused.value.missing}
    assert {"registrant_short_name", "signer.name"} <= ids and optional not in ids
    assert facts.missing_fields() == ids
    assert window.missing_label.text() == f"{len(ids)} missing facts"
    assert facts.editors[SHORT].field.styleSheet() and facts.editors[SHORT].missing
    assert not facts.editors[("fact", optional)].missing
    assert {"registrant_short_name", "signer.name"} <= facts.starred()
    window.undo()
    window.undo()
    window.undo()
    window.preview.render_now()
    assert facts.missing_fields() == set() and not facts.editors[SHORT].field.styleSheet()


def test_a_new_matter_counts_what_its_final_copy_lacks(qtbot, dialogs):  # noqa: F811
    """Ensure a new matter of every built-in template marks and counts exactly its final copy's gaps."""
    from opiniondesk.core.errors import MissingFactsError
    from opiniondesk.core.templates import default_library

    window = MainWindow()
    qtbot.addWidget(window)
    for info in default_library().templates():
        assert window.new_matter(info.id)
        window.facts.finish_build()
        window.preview.render_now()
        with pytest.raises(MissingFactsError) as refused:
            window.doc.render("filing")
        ids = {fact for fact, _label in refused.value.missing}
        assert window.facts.missing_fields() == ids, info.id
        count = len(ids)
        assert window.missing_label.text() == (
            "1 missing fact" if count == 1 else f"{count} missing facts"
        ), info.id
        assert ids <= window.facts.starred(), info.id


def _checks_missing_count(window):
    """Return the count X5-SIG-01 gives in the Checks dock ("N facts are still missing")."""
    import re

    for f in window.checks.findings():
        m = re.match(r"(\d+) facts? (?:is|are) still missing: ", f.message)
        if f.rule_id == "X5-SIG-01" and m:
            return int(m.group(1))
    return 0


@pytest.mark.parametrize("copy", ["draft", "filing", "signed"])
def test_the_checks_dock_counts_the_missing_facts_the_status_bar_counts(qtbot, dialogs, copy):  # noqa: F811
    """Ensure, for a new matter of every built-in template and whichever copy is shown, the
    Checks dock's count of missing facts is the status bar's (issue 18.5)."""
    from opiniondesk.core.templates import default_library

    window = MainWindow()
    qtbot.addWidget(window)
    for info in default_library().templates():
        assert window.new_matter(info.id)
        window.set_copy(copy)
        window.preview.render_now()
        window.run_checks()
        count = len(window.gaps)
        assert count and window.missing_label.text() == (
            "1 missing fact" if count == 1 else f"{count} missing facts"
        ), info.id
        assert _checks_missing_count(window) == count, (info.id, window.checks.findings())


def test_the_checks_dock_calls_a_refused_value_invalid_naming_its_fact(window, qtbot):
    """Ensure a bad amount typed into a money field is called invalid in the Checks dock, naming
    the fact and why, and is not counted as missing there (issue 18.9)."""
    amount = ("fact", "aggregate_amount")
    type_into(qtbot, window, amount, "lots", clear=True)
    assert "not an amount" in window.facts.editors[amount].problem.text()

    def said():
        return [window.checks.item_text(f) for f in window.checks.findings()]

    qtbot.waitUntil(lambda: any("invalid value" in line for line in said()), timeout=3000)
    line = next(line for line in said() if "invalid value" in line)
    assert line.startswith("X5-SIG-01 ")
    assert "1 fact has an invalid value: Aggregate principal amount ('lots'" in line
    assert not any("missing" in line and "Aggregate principal amount" in line for line in said())
    type_into(qtbot, window, amount, "1000000", clear=True)
    qtbot.waitUntil(lambda: not any("invalid value" in line for line in said()), timeout=3000)


def test_saving_status_says_what_is_unsaved(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure a file just opened says saved, the sample opens under its own name, and "Not saved"
    shows only while there are unsaved changes."""
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_sample()
    assert window.windowTitle().startswith(paths.sample_matter().name)
    assert window.saved_label.text() == "No changes"
    window.doc.set_value(SHORT, "CMSI2")
    assert window.saved_label.text() == "Not saved" and window.isWindowModified()
    window.undo()
    assert window.saved_label.text() == "No changes"
    proposed = []

    def save_name(*args, **kwargs):
        proposed.append(args[2])
        return str(tmp_path / "mine.opinion"), ""

    from PySide6.QtWidgets import QFileDialog

    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(save_name)
    try:
        assert window.save()  # the sample has no file: Save asks where, under its own name
    finally:
        QFileDialog.getSaveFileName = original
    assert proposed and proposed[0].endswith(paths.sample_matter().name)
    assert window.saved_label.text().startswith("Saved at")
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_path(tmp_path / "mine.opinion")
    assert again.saved_label.text() == "Saved"
    assert again.windowTitle().startswith("mine.opinion")
    again.doc.set_value(SHORT, "X")
    assert again.saved_label.text() == "Not saved"


def test_the_template_picker_shows_each_name_as_a_title_over_its_description(qtbot):
    """Ensure each template in the picker is its name, drawn bold, with its description under it."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from opiniondesk.core.templates import default_library
    from opiniondesk.gui.dialogs import DESCRIPTION_ROLE

    library = default_library()
    picker = TemplatePicker(library)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    templates = [t for t in library.templates() if t.ok]
    items = [picker.list.item(i) for i in range(picker.list.count())]
    assert [i.text() for i in items][: len(templates)] == [
        t.name + (f" (Form {', '.join(t.forms)})" if t.forms else "") for t in templates
    ]
    assert all(t.description in i.data(DESCRIPTION_ROLE) for t, i in zip(templates, items))
    first = picker.list.visualItemRect(items[0])
    metrics = picker.list.fontMetrics()
    assert first.height() >= 2 * metrics.height()  # a title line and a description line at least
    option = QStyleOptionViewItem()
    option.font = picker.list.font()
    assert picker.list.itemDelegate().title_font(option).bold()


def test_a_character_no_font_draws_is_named_with_its_fact(window, qtbot):
    """Ensure the status bar warns of a character no installed font can draw, naming the fact."""
    window.doc.set_value(("fact", "trustee_kinds"), "a bank \U0001f44d")
    window.preview.render_now()
    message = window.render_message.text()
    assert "U+1F44D" in message and "Who may act as trustee" in message
    window.doc.set_value(("fact", "trustee_kinds"), "a bank")
    window.preview.render_now()
    assert "U+1F44D" not in window.render_message.text()


def test_save_over_a_read_only_matter_says_so_and_offers_save_as(window, qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure Save never overwrites a read-only matter: it says it is read-only and Save As keeps the work."""
    import stat

    target = tmp_path / "signed-off.opinion"
    save_matter(load_matter(paths.sample_matter()), target)
    target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = target.read_bytes()
    assert window.open_path(target)
    type_into(qtbot, window, SHORT, "Z")
    copy = tmp_path / "working-copy.opinion"
    dialogs.answers.append(QMessageBox.StandardButton.Save)
    dialogs.save_names.append(str(copy))
    assert window.save()
    kind, _, text = dialogs.shown[-1]
    assert kind == "warning" and "signed-off.opinion is read-only" in text
    assert target.read_bytes() == before
    assert window.doc.path == copy and not window.isWindowModified()
    assert load_matter(copy).facts["registrant_short_name"] == "CMSIZ"
    type_into(qtbot, window, SHORT, "Y")
    copy.chmod(stat.S_IRUSR)
    dialogs.answers.append(QMessageBox.StandardButton.Cancel)  # Cancel keeps the work unsaved
    assert not window.save()
    assert window.isWindowModified()
    assert load_matter(copy).facts["registrant_short_name"] == "CMSIZ"


OLD_MATTERS = Path(__file__).resolve().parents[1] / "fixtures" / "old-matters"


def test_an_old_matter_opens_saying_what_was_converted_and_what_to_fill(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure a matter saved with an older template version opens with its migration notice in the
    status bar (what was converted, what to fill in), not the generic version warning, kept while
    the letter is redrawn until the matter is saved, and never widening the window."""
    from opiniondesk.core import migrate

    path = tmp_path / "shelf.opinion"
    shutil.copy(OLD_MATTERS / "s3-meridian-shelf.opinion", path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.load_path(path)
    window.preview.render_now()  # the remembered letter rendered for real, say

    def said():
        return window.render_message.text()

    assert "saved with version 1.1 of template 's3-universal-shelf'" in said()
    assert "List the charter, by-laws and resolutions yourself: 'yes'" in said()
    assert (
        f"Guarantors, item 1: Jurisdiction of organization: version {_shelf_version()} needs it; "
        "fill it in" in said()
    )
    assert ": review the letter" not in said()  # the generic warning says less
    assert window.render_message.toolTip() == migrate.notice(load_matter(path))
    QApplication.processEvents()  # a long notice is cut at the bar's edge, not the window widened
    assert window.statusBar().minimumSizeHint().width() < 800
    type_into(qtbot, window, SHORT, "X")
    window.preview.render_now()
    assert "fill it in" in said()
    dialogs.save_names.append(str(path))
    assert window.save()
    window.preview.render_now()
    assert "fill it in" not in said() and not window.render_message.toolTip()
    assert window.load_path(paths.sample_matter())
    assert "saved with version" not in said()


def test_saving_an_old_matter_takes_the_current_template_version(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure a matter opened from an older template version, converted and shown, is saved with
    the template's current version, so it opens again with no version warning or notice."""
    from opiniondesk.core import migrate

    path = tmp_path / "shelf.opinion"
    shutil.copy(OLD_MATTERS / "s3-meridian-shelf.opinion", path)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.load_path(path)
    dialogs.save_names.append(str(path))
    assert window.save()
    again = load_matter(path)
    assert again.template_version == again.template().version
    assert again.version_warning() is None and migrate.notice(again) is None


def test_an_autosaved_old_matter_is_brought_up_to_date_when_recovered(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure work autosaved under an older template version is recovered with its facts
    converted by the template's [[migrate]] rules, as opening the file would, and says so."""
    from opiniondesk.core.matter import matter_from_json

    data = json.loads((OLD_MATTERS / "s4-cobalt-bluefin.opinion").read_text(encoding="utf-8"))
    matter = matter_from_json(data)
    matter.path = tmp_path / "merger.opinion"
    recovery.write_recovery(recovery.new_recovery_file(), matter)
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    desk = DeskApp(QApplication.instance())
    try:
        win = desk.start(None)
        facts = win.doc.matter.facts
        assert "stockholder_approval" not in facts and facts["stockholder_vote"] == "issuance"
        assert "'stockholder_approval' is now" in win.render_message.toolTip()
    finally:
        QApplication.instance().removeEventFilter(desk)
        for w in list(desk.windows):
            w.doc.undo_stack.setClean()
            w.doc.recovered_from = None
            w.close()


def test_restoring_a_version_of_an_older_template_version_converts_it(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure Browse Versions shows and restores a version saved under an older template version
    with its facts converted, saying what changes before it is restored."""
    from helpers import matter_with_an_old_version
    from opiniondesk.gui.versions_dialog import VersionsDialog

    path = tmp_path / "merger.opinion"
    matter_with_an_old_version(path)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.load_path(path)
    dialog = VersionsDialog(window.doc, window)
    qtbot.addWidget(dialog)
    assert "have approved their issuance" in dialog.preview.text()
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    dialog.restore()
    assert "'stockholder_approval' is now" in dialogs.shown[-1][2]
    facts = window.doc.matter.facts
    assert "stockholder_approval" not in facts and facts["stockholder_vote"] == "issuance"


def test_restoring_a_version_that_recorded_no_template_version_keeps_the_matters(
    qtbot,
    dialogs,  # noqa: F811
    tmp_path,
):
    """Ensure the window's Restore keeps the matter's template version when the version recorded
    none, as `versions restore` does, and undo brings the present back."""
    from helpers import matter_with_an_unversioned_version
    from opiniondesk.gui.versions_dialog import VersionsDialog

    path = tmp_path / "m.opinion"
    current = matter_with_an_unversioned_version(path, paths.sample_matter())
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.load_path(path)
    dialog = VersionsDialog(window.doc, window)
    qtbot.addWidget(dialog)
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    dialog.restore()
    matter = window.doc.matter
    assert matter.template_version == current
    assert matter.facts["registrant_name"] == "Citicorp Mortgage Securities, Inc."
    window.undo()
    assert window.doc.matter.facts["registrant_name"] == "Later, Inc."


def test_the_status_bar_counts_a_refused_value_as_invalid_as_the_checks_dock_does(window, qtbot):
    """Ensure a value the fact pane refused is counted in the status bar as an invalid value, not
    a missing fact, as the Checks dock calls it, and its field is not shaded as empty (issue 18
    points 5 and 9)."""
    amount = ("fact", "aggregate_amount")
    type_into(qtbot, window, amount, "lots", clear=True)
    window.preview.render_now()
    assert window.missing_label.text() == "1 invalid value"
    tip = window.missing_label.toolTip()
    assert "Aggregate principal amount" in tip and "not an amount" in tip
    assert "aggregate_amount" not in window.facts.missing_fields()
    type_into(qtbot, window, SHORT, "", clear=True)
    window.preview.render_now()
    assert window.missing_label.text() == "1 missing fact, 1 invalid value"
    window.run_checks()
    assert _checks_missing_count(window) == 1
    said = [window.checks.item_text(f) for f in window.checks.findings()]
    assert any("1 fact has an invalid value: Aggregate principal amount" in line for line in said)
    window.set_copy("filing")
    assert window.missing_label.text() == "1 missing fact, 1 invalid value"
    assert window.render_message.text().endswith(
        "cannot be made until 1 missing fact is filled and 1 invalid value is corrected."
    )
    window.set_copy("draft")
    type_into(qtbot, window, amount, "2 invalid", clear=True)
    type_into(qtbot, window, ("fact", "registrant_name"), "", clear=True)
    window.preview.render_now()
    assert window.missing_label.text() == "2 missing facts, 1 invalid value"
    type_into(qtbot, window, amount, "1000000", clear=True)
    window.preview.render_now()
    assert window.missing_label.text() == "2 missing facts"


def _shelf_version():
    """Return the S-3 shelf template's version now: the one an old matter's notice asks facts for."""
    from opiniondesk.core.templates import default_library

    return default_library().get("s3-universal-shelf").version
