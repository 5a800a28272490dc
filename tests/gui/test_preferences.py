"""Preferences: editing the department template folders and seeing each folder's templates (offscreen)."""

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
