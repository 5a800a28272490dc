"""The window's outputs driven for real: signer chooser, signed DOCX and PDF, check overrides."""

import io
import zipfile

import pytest
from PySide6.QtWidgets import QInputDialog
from window_fixtures import dialogs  # noqa: F401

from opiniondesk.gui import printing
from opiniondesk.gui.main_window import MainWindow
from opiniondesk.register import SignedCopyRegister
from opiniondesk.signers import SignerStore
from signature_images import add_sample_signer


@pytest.fixture
def window(qtbot, dialogs):  # noqa: F811
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_sample()
    win.show()
    return win


def test_choosing_a_signer_profile_fills_the_matter(window):
    """Ensure choosing a profile in the Signer box makes it the matter's signer, undone in one step."""
    store = SignerStore()
    profile = add_sample_signer(store, with_image=False)
    profile.title = "Deputy General Counsel"
    store.save(profile)
    window.outputs.refresh_signers()
    index = window.outputs.signer_box.findData(profile.id)
    assert index > 0
    window.outputs.signer_box.setCurrentIndex(index)
    window.outputs.signer_box.activated.emit(index)
    assert window.doc.matter.signer["profile"] == profile.id
    assert window.doc.matter.signer["title"] == "Deputy General Counsel"
    window.undo()
    assert window.doc.matter.signer.get("profile") is None
    assert window.doc.matter.signer["title"] == "Associate General Counsel\u2014Corporate Law"


def test_signed_docx_export_confirms_signer_and_registers(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure a signed DOCX asks to confirm the signer, carries one image, and is registered."""
    add_sample_signer(SignerStore())
    window.outputs.refresh_signers()
    asked = []
    monkeypatch.setattr(
        printing, "confirm_signer", lambda parent, profile: asked.append(profile.id) or True
    )
    target = tmp_path / "signed.docx"
    dialogs.save_names.append(str(target))
    assert window.outputs.export_docx_signed(), dialogs.shown
    assert asked == ["john-r-dye"]
    media = [
        n
        for n in zipfile.ZipFile(io.BytesIO(target.read_bytes())).namelist()
        if n.startswith("word/media/")
    ]
    assert len(media) == 1
    records = SignedCopyRegister().records()
    assert len(records) == 1 and records[0]["format"] == "docx"
    assert SignedCopyRegister().verify().ok


def test_declining_the_signer_makes_nothing(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure declining the signer confirmation writes no file and records nothing."""
    add_sample_signer(SignerStore())
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: False)
    target = tmp_path / "signed.pdf"
    dialogs.save_names.append(str(target))
    assert not window.outputs.export("signed", "pdf")
    assert not target.exists()
    assert SignedCopyRegister().records() == []


def test_filing_pdf_export(window, dialogs, tmp_path):  # noqa: F811
    """Ensure the filing copy exports as a PDF from the window."""
    target = tmp_path / "filing.pdf"
    dialogs.save_names.append(str(target))
    assert window.outputs.export_pdf("filing")
    assert target.read_bytes().startswith(b"%PDF")


def _break_a_rule(window):
    window.doc.set_value(
        ("fact", "trustee_kinds"), "a trust company. This opinion is solely for your benefit"
    )


def test_check_error_refuses_filing_copy_without_reason(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure an opinion-check error refuses a filing copy when no reason is given."""
    _break_a_rule(window)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("", False)))
    target = tmp_path / "filing.docx"
    dialogs.save_names.append(str(target))
    assert not window.export_docx("filing")
    assert not target.exists()


def test_check_error_override_is_kept_and_registered(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure a written reason lets the copy through, the matter keeps it and the register records it."""
    add_sample_signer(SignerStore())
    _break_a_rule(window)
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    reason = "Client insists; reviewed with the GC"
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: (reason, True))
    )
    target = tmp_path / "signed.docx"
    dialogs.save_names.append(str(target))
    assert window.outputs.export_docx_signed()
    assert target.exists()
    assert any(o.get("reason") == reason for o in window.doc.matter.overrides)
    assert SignedCopyRegister().records()[-1]["override"] == reason


def test_checks_panel_follows_the_preview(window, qtbot):
    """Ensure the Checks dock updates with the preview and a finding scrolls to its paragraph."""
    window.preview.render_now()
    qtbot.waitUntil(lambda: bool(window.checks.findings()), timeout=3000)
    assert not [f for f in window.checks.findings() if f.severity in ("error", "warning")]
    _break_a_rule(window)
    window.preview.render_now()

    def found():
        return [f for f in window.checks.findings() if f.rule_id == "X5-QUAL-02"]

    qtbot.waitUntil(lambda: bool(found()), timeout=3000)
    found = found()
    assert found[0].block is not None
    window.checks.finding_activated.emit(found[0].block)
    assert window.preview.highlight_block == found[0].block


def test_preferences_add_department_templates_to_the_window(window, tmp_path, monkeypatch):
    """Ensure a department folder set in Preferences makes its templates available to the window."""
    from opiniondesk.gui.preferences import PreferencesDialog

    dept = tmp_path / "dept"
    source = window.library.get("abs-pass-through-certificates").folder
    import shutil

    shutil.copytree(source, dept / "firm-abs-form")

    def accept(dialog):
        dialog.list.addItem(str(dept))
        PreferencesDialog.accept(dialog)
        return PreferencesDialog.DialogCode.Accepted

    monkeypatch.setattr(PreferencesDialog, "exec", accept)
    window.preferences()
    template = window.library.get("firm-abs-form")
    assert template.ok and template.source != "built-in"
