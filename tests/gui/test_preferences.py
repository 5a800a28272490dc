"""Preferences: editing the department template folders and seeing each folder's templates (offscreen)."""

import contextlib

import pytest

from helpers import released_fifo
from opiniondesk.core.templates import default_library
from opiniondesk.gui.preferences import PreferencesDialog
from opiniondesk.settings import load_settings, settings_path


def _folder(tmp_path, name, broken=False):
    folder = tmp_path / name / "precedent"
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text(
        '[template]\nversion = "3"\n[[fact]]\nid = "x"\n' + ('type = "colour"\n' if broken else "")
    )
    (folder / "letter.xml.j2").write_text("<letter><body>{{ x }}</body></letter>")
    return str(tmp_path / name)


def test_add_move_remove_and_save(qtbot, tmp_path):
    """Ensure folders are added, reordered and removed, and OK saves them for the template library."""
    chosen = [_folder(tmp_path, "a"), _folder(tmp_path, "b"), _folder(tmp_path, "c")]
    dialog = PreferencesDialog(choose_folder=lambda: chosen.pop(0))
    qtbot.addWidget(dialog)
    for _ in range(3):
        dialog.add_folder()
    assert [f.rsplit("/", 1)[1] for f in dialog.folders()] == ["a", "b", "c"]
    dialog.list.setCurrentRow(2)
    dialog.move(-1)
    dialog.list.setCurrentRow(0)
    dialog.remove_folder()
    assert [f.rsplit("/", 1)[1] for f in dialog.folders()] == ["c", "b"]
    dialog.accept()
    assert [f.rsplit("/", 1)[1] for f in load_settings().department_folders] == ["c", "b"]
    sources = {t.source for t in default_library().templates() if t.id == "precedent"}
    assert any(str(tmp_path / "c") in s for s in sources)


def test_shows_each_folders_templates_and_errors(qtbot, tmp_path):
    """Ensure selecting a folder lists its templates, a broken one with its file and line."""
    good, bad = _folder(tmp_path, "good"), _folder(tmp_path, "bad", broken=True)
    dialog = PreferencesDialog(choose_folder=iter([good, bad]).__next__)
    qtbot.addWidget(dialog)
    dialog.add_folder()
    assert "precedent (version 3)" in dialog.templates.toPlainText()
    dialog.add_folder()
    text = dialog.templates.toPlainText()
    assert (
        "precedent: cannot be used" in text and "template.toml, line 5" in text and "colour" in text
    )


def test_cancel_keeps_settings_and_damaged_file_is_reported(qtbot, tmp_path):
    """Ensure Cancel saves nothing, and a damaged settings file is reported and replaced on OK."""
    dialog = PreferencesDialog(choose_folder=lambda: _folder(tmp_path, "a"))
    qtbot.addWidget(dialog)
    dialog.add_folder()
    dialog.reject()
    assert not settings_path().exists()
    settings_path().write_text("[1, 2")
    dialog = PreferencesDialog(choose_folder=lambda: _folder(tmp_path, "z"))
    qtbot.addWidget(dialog)
    assert "could not be read" in dialog.error.text()
    dialog.add_folder()
    dialog.accept()
    assert len(load_settings().department_folders) == 1


def _letterhead_out_of_order(tmp_path):
    """Return a department letterhead whose Draft Mark puts <w:jc> before <w:spacing>."""
    import zipfile

    from opiniondesk import paths

    target = tmp_path / "department.docx"
    with (
        zipfile.ZipFile(paths.resource("letterhead.docx")) as zin,
        zipfile.ZipFile(target, "w") as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/styles.xml":
                spacing, jc = '<w:spacing w:after="120"/>', '<w:jc w:val="center"/>'
                data = data.decode().replace(spacing + jc, jc + spacing).encode()
            zout.writestr(info, data)
    return target


def test_a_letterhead_out_of_order_is_reported_when_chosen(qtbot, tmp_path, monkeypatch):
    """Ensure choosing a letterhead that breaks Word's element order reports it, naming the style,
    and that declining keeps the built-in one while accepting saves the choice."""
    from PySide6.QtWidgets import QMessageBox

    shown = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def warn(parent, title, text, *args, **kwargs):
        shown.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warn))
    chosen = _letterhead_out_of_order(tmp_path)
    dialog = PreferencesDialog(choose_letterhead=lambda: str(chosen))
    qtbot.addWidget(dialog)
    assert not dialog.choose_letterhead()
    assert "Draft Mark" in shown[0] and "<w:spacing> must come before <w:jc>" in shown[0]
    assert dialog.letterhead == ""
    assert dialog.choose_letterhead()
    assert "Draft Mark" in dialog.letterhead_report.text()
    dialog.accept()
    assert load_settings().letterhead == str(chosen)


def test_a_file_that_is_no_letterhead_is_refused(qtbot, tmp_path, monkeypatch):
    """Ensure a chosen file that is not a DOCX is refused with why, and nothing changes."""
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda parent, title, text, *a, **k: shown.append(text)),
    )
    bad = tmp_path / "letterhead.docx"
    bad.write_text("not a zip")
    dialog = PreferencesDialog(choose_letterhead=lambda: str(bad))
    qtbot.addWidget(dialog)
    assert not dialog.choose_letterhead()
    assert shown and "not a DOCX" in shown[0]
    assert dialog.letterhead == ""


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_a_letterhead_that_is_a_fifo_or_too_large_is_refused_at_once(
    qtbot, tmp_path, monkeypatch, kind
):
    """Ensure choosing a FIFO, or a file over the size limit, as the letterhead is refused at once
    with one line naming it (a FIFO hung the dialog), and nothing changes."""
    from PySide6.QtWidgets import QMessageBox

    from opiniondesk.core.limits import MAX_LETTERHEAD_BYTES

    shown = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda parent, title, text, *a, **k: shown.append(text)),
    )
    chosen = tmp_path / "letterhead.docx"
    with contextlib.ExitStack() as stack:
        if kind == "fifo":
            stack.enter_context(released_fifo(chosen))
        else:
            with open(chosen, "wb") as fh:
                fh.truncate(MAX_LETTERHEAD_BYTES + 1)
        dialog = PreferencesDialog(choose_letterhead=lambda: str(chosen))
        qtbot.addWidget(dialog)
        assert not dialog.choose_letterhead()
    assert len(shown) == 1 and shown[0].startswith(f"{chosen}: "), shown
    said = "larger than a letterhead may be" if kind == "huge" else "not a regular file"
    assert said in shown[0] and "\n" not in shown[0]
    assert dialog.letterhead == ""
