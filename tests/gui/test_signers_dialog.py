"""Tests for the signers dialog, driven as a user would with pytest-qt (offscreen)."""

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from opiniondesk.gui.signers_dialog import DEFAULT_SUFFIX, SignersDialog
from opiniondesk.signers import SERVICE, SignerStore
from signature_images import add_sample_signer, signature_png


@pytest.fixture
def no_boxes(monkeypatch):
    """Record message boxes instead of showing them; questions answer Yes."""
    shown = []

    def record(kind):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Yes

        return box

    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return shown


def _dialog(qtbot, store=None):
    dialog = SignersDialog(store or SignerStore())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot, widget, text):
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_create_profile_by_typing(qtbot, no_boxes):
    """Ensure typing a name and title and pressing Save creates a stored profile."""
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    _type(qtbot, dialog.full_name, "John R. Dye")
    _type(qtbot, dialog.title_edit, "Associate General Counsel")
    _type(qtbot, dialog.employer, "Citigroup Inc.")
    with qtbot.waitSignal(dialog.profiles_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    profile = SignerStore().get("john-r-dye")
    assert (profile.title, profile.employer) == ("Associate General Counsel", "Citigroup Inc.")
    assert dialog.profile_ids() == ["john-r-dye"]
    assert not no_boxes


def test_bad_profile_says_why(qtbot, no_boxes):
    """Ensure saving without a name shows why and stores nothing."""
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert no_boxes and "full name is required" in no_boxes[0][2]
    assert SignerStore().list() == []


def test_edit_profile(qtbot, no_boxes):
    """Ensure editing a field of a selected profile and saving updates the same profile."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)
    _type(qtbot, dialog.title_edit, "General Counsel")
    dialog.voice.setCurrentIndex(dialog.voice.findData("we"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    profile = store.get("john-r-dye")
    assert profile.title == "General Counsel" and profile.voice == "we"
    assert [p.id for p in store.list()] == ["john-r-dye"]


def test_choose_default(qtbot, no_boxes):
    """Ensure Make Default marks the selected profile as the store's default."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)
    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    assert store.default_id() == "john-r-dye"
    assert dialog.profile_list.item(0).text().endswith(DEFAULT_SUFFIX)


def test_import_image_shows_preview(qtbot, no_boxes, monkeypatch, tmp_path, memory_keyring):
    """Ensure importing a PNG through the file dialog stores it encrypted and shows a preview."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    path = tmp_path / "sig.jpg"
    path.write_bytes(signature_png(fmt="JPG"))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    dialog = _dialog(qtbot, store)
    assert dialog.preview.pixmap().isNull()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not no_boxes, no_boxes
    assert store.get("john-r-dye").has_image
    assert not dialog.preview.pixmap().isNull()
    assert dialog.remove_image_button.isEnabled()
    assert (SERVICE, "signature-key:john-r-dye") in memory_keyring.secrets


def test_import_bad_file_says_why(qtbot, no_boxes, tmp_path):
    """Ensure importing a file that is not an image names the file and stores nothing."""
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    bad = tmp_path / "letter.txt"
    bad.write_text("not an image", encoding="utf-8")
    dialog = _dialog(qtbot, store)
    assert not dialog.import_image(str(bad))
    assert "letter.txt: is not a PNG or JPEG image" in no_boxes[-1][2]
    assert not store.get("john-r-dye").has_image


def test_import_a_fifo_says_why_at_once(qtbot, no_boxes, tmp_path):
    """Ensure importing a FIFO as the signature is refused at once, naming it (it hung the dialog)."""
    from helpers import released_fifo

    store = SignerStore()
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)
    fifo = tmp_path / "signature.png"
    with released_fifo(fifo):
        assert not dialog.import_image(str(fifo))
    assert f"{fifo}: is not a regular file" in no_boxes[-1][2]
    assert not store.get("john-r-dye").has_image


def test_remove_image(qtbot, no_boxes, memory_keyring):
    """Ensure Remove Signature drops the image and its key and clears the preview."""
    store = SignerStore()
    add_sample_signer(store)
    dialog = _dialog(qtbot, store)
    assert not dialog.preview.pixmap().isNull()
    qtbot.mouseClick(dialog.remove_image_button, Qt.MouseButton.LeftButton)
    assert not store.get("john-r-dye").has_image
    assert dialog.preview.pixmap().isNull()
    assert not memory_keyring.secrets


def test_delete_profile(qtbot, no_boxes, memory_keyring):
    """Ensure Delete (confirmed) removes the profile, its image and its keychain entry."""
    store = SignerStore()
    add_sample_signer(store)
    dialog = _dialog(qtbot, store)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert no_boxes[0][0] == "question"
    assert store.list() == []
    assert dialog.profile_ids() == []
    assert not memory_keyring.secrets
    assert not list(store.folder.glob("john-r-dye*"))


def test_delete_can_be_cancelled(qtbot, monkeypatch):
    """Ensure answering No keeps the profile."""
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)
    assert not dialog.delete_profile()
    assert store.exists("john-r-dye")


def test_without_keychain_dialog_works_and_says_why(qtbot, no_boxes):
    """Ensure with no keychain the dialog saves conformed profiles and shows why images are off."""
    store = SignerStore(backend=keyring.backends.fail.Keyring())
    dialog = _dialog(qtbot, store)
    assert dialog.keychain_note.isVisible()
    assert "no system keychain" in dialog.keychain_note.text()
    assert not dialog.import_button.isEnabled()
    _type(qtbot, dialog.full_name, "John R. Dye")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert store.get("john-r-dye").conformed_text == "John R. Dye"
    assert not no_boxes
    assert not dialog.import_image("/nonexistent.png")
    assert "no system keychain" in no_boxes[-1][2]


@pytest.fixture
def answer(monkeypatch):
    """Answer the unsaved-edits question with the button a test puts in `answers`."""
    asked, answers = [], []

    def warning(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return asked, answers


def _two_profiles():
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    other = store.get("john-r-dye")
    other.id, other.full_name, other.display_name = "jane-roe", "Jane Roe", ""
    store.save(other)
    return store


@pytest.mark.parametrize(
    "button, closed, title",
    [
        (QMessageBox.StandardButton.Cancel, False, "Associate General Counsel"),
        (QMessageBox.StandardButton.Discard, True, "Associate General Counsel"),
        (QMessageBox.StandardButton.Save, True, "General Counsel"),
    ],
)
def test_escape_with_edits_asks(qtbot, answer, button, closed, title):
    """Ensure Escape with unsaved edits offers Save, Discard or Cancel and does as answered."""
    asked, answers = answer
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)
    _type(qtbot, dialog.title_edit, "General Counsel")
    answers.append(button)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1 and "John R. Dye" in asked[0][1]
    assert dialog.isVisible() is not closed
    assert store.get("john-r-dye").title.startswith(title)
    if not closed:
        assert dialog.title_edit.text() == "General Counsel"  # the edit is still there
        answers.append(QMessageBox.StandardButton.Discard)
    dialog.close()


def test_close_without_edits_does_not_ask(qtbot, answer):
    """Ensure closing an unchanged form asks nothing."""
    asked, _ = answer
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)
    dialog.reject()
    assert not asked and not dialog.isVisible()


def test_picking_another_profile_with_edits_asks(qtbot, answer):
    """Ensure choosing another profile with unsaved edits asks; Cancel stays, Discard moves on."""
    asked, answers = answer
    store = _two_profiles()
    dialog = _dialog(qtbot, store)
    first = dialog.profile_ids()[0]
    dialog.profile_list.setCurrentRow(0)
    _type(qtbot, dialog.phone, "555-0100")
    answers.append(QMessageBox.StandardButton.Cancel)
    dialog.profile_list.setCurrentRow(1)
    assert len(asked) == 1
    assert dialog.profile_list.currentRow() == 0 and dialog.phone.text() == "555-0100"
    answers.append(QMessageBox.StandardButton.Save)
    dialog.profile_list.setCurrentRow(1)
    assert store.get(first).phone == "555-0100"
    second = dialog.profile_ids()[1]
    assert dialog.profile_list.currentItem().data(Qt.ItemDataRole.UserRole) == second
    assert dialog.full_name.text() == store.get(second).full_name
    _type(qtbot, dialog.phone, "555-0199")
    answers.append(QMessageBox.StandardButton.Discard)
    dialog.profile_list.setCurrentRow(0)
    assert store.get(second).phone != "555-0199"
    assert dialog.full_name.text() == store.get(first).full_name
    assert not dialog.has_unsaved_edits()


def test_make_default_failure_says_why(qtbot, no_boxes, monkeypatch):
    """Ensure a default the store cannot set shows why instead of raising."""
    from opiniondesk.core.errors import OpinionDeskError

    store = SignerStore()
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)

    def refuse(profile_id):
        raise OpinionDeskError("cannot write the settings: disk full", "signers.json")

    monkeypatch.setattr(store, "set_default", refuse)
    dialog.make_default()
    assert no_boxes and "disk full" in no_boxes[-1][2]


def test_without_keychain_the_reason_shows_once_wrapped(qtbot, no_boxes):
    """Ensure with no keychain the reason shows once in the dialog, wrapped to its width and whole."""
    from PySide6.QtWidgets import QLabel

    store = SignerStore(backend=keyring.backends.fail.Keyring())
    add_sample_signer(store, with_image=False)
    dialog = _dialog(qtbot, store)
    dialog.resize(520, dialog.height())
    qtbot.wait(10)
    shown = [
        label
        for label in dialog.findChildren(QLabel)
        if label.isVisible() and ("keychain" in label.text() or "unavailable" in label.text())
    ]
    assert shown == [dialog.keychain_note]
    note = dialog.keychain_note
    assert note.wordWrap() and note.width() <= dialog.width()
    assert note.heightForWidth(note.contentsRect().width()) <= note.contentsRect().height() + 1
