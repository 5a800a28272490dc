"""The window's outputs driven for real: signer chooser, signed DOCX and PDF, check overrides."""

import io
import json
import zipfile

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QMessageBox
from window_fixtures import (  # noqa: F401
    dialogs,
    press_preview_print_button,
    print_dialog_answering,
    sample_window,
)

from opiniondesk import paths
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.gui import printing
from opiniondesk.gui.main_window import MainWindow
from opiniondesk.register import SignedCopyRegister
from opiniondesk.signers import SignerStore
from signature_images import add_sample_signer


@pytest.fixture
def window(qtbot, dialogs):  # noqa: F811
    return sample_window(qtbot)


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


def _choose_copy(window, copy):
    box = window.outputs.copy_box
    box.setCurrentIndex(box.findData(copy))


def _save_clean(window, dialogs, tmp_path):  # noqa: F811
    dialogs.save_names.append(str(tmp_path / "deal.opinion"))
    assert window.save()
    assert not window.doc.modified


def test_override_reason_makes_the_matter_modified(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure an override reason kept in the matter marks it unsaved, so closing asks to save it."""
    _break_a_rule(window)
    _save_clean(window, dialogs, tmp_path)
    reason = "Client insists; reviewed with the GC"
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: (reason, True))
    )
    dialogs.save_names.append(str(tmp_path / "filing.docx"))
    assert window.export_docx("filing")
    assert window.doc.modified and window.isWindowModified()
    dialogs.answers.append(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert dialogs.shown[-1][:2] == ("warning", "Unsaved changes")
    assert window.save()
    assert not window.doc.modified
    saved = json.loads((tmp_path / "deal.opinion").read_text(encoding="utf-8"))
    assert [o["reason"] for o in saved["overrides"]] == [reason]


def test_print_preview_asks_no_override_printing_from_it_does(
    window,
    dialogs,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """Ensure Print Preview shows a final copy with check errors without asking for a reason,
    and its Print button asks, as Print does, before anything prints."""
    _break_a_rule(window)
    _save_clean(window, dialogs, tmp_path)
    _choose_copy(window, "filing")
    asked = []
    answers = [("", False), ("Reviewed with the GC", True)]

    def ask(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(ask))
    target = tmp_path / "printed.pdf"
    opened = print_dialog_answering(monkeypatch, target)
    shown = []

    def close_preview(self):
        shown.append(self.windowTitle())
        return QDialog.DialogCode.Rejected

    with monkeypatch.context() as m:
        m.setattr(printing.QPrintPreviewDialog, "exec", close_preview)
        assert not window.outputs.print_preview()
    assert shown == ["Print Preview"] and not asked
    assert not window.doc.matter.overrides and not window.doc.modified
    press_preview_print_button()
    assert not window.outputs.print_preview()  # no reason given: refused, nothing printed
    assert len(asked) == 1 and not opened and not target.exists()
    assert not window.doc.matter.overrides
    press_preview_print_button()
    assert window.outputs.print_preview()
    assert len(asked) == 2 and len(opened) == 1 and target.exists()
    assert [o["reason"] for o in window.doc.matter.overrides] == ["Reviewed with the GC"]
    assert window.doc.modified


def test_signed_print_from_the_window_records_overridden_rules(
    window,
    dialogs,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """Ensure a signed original printed over a check error records the reason and the rules."""
    add_sample_signer(SignerStore())
    window.outputs.refresh_signers()
    _break_a_rule(window)
    _choose_copy(window, "signed")
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("Reviewed", True))
    )
    print_dialog_answering(monkeypatch, tmp_path / "printed.pdf")
    assert window.outputs.print()
    (record,) = SignedCopyRegister().records()
    assert record["format"] == "print" and record["override"] == "Reviewed"
    assert record["overridden_rules"] == ["X5-QUAL-02"]


def test_export_the_register_cannot_record_keeps_no_copy(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure a signed export the register refuses is not kept, and the user is told why
    (issue 12, point 11: no signed copy without its record)."""
    import opiniondesk.register

    def refuse(*args, **kwargs):
        raise OpinionDeskError("the register is locked by another OpinionDesk", "register.jsonl")

    monkeypatch.setattr(opiniondesk.register, "record_signed_copy", refuse)
    add_sample_signer(SignerStore())
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    target = tmp_path / "signed.docx"
    dialogs.save_names.append(str(target))
    assert not window.outputs.export_docx_signed()
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    assert "not recorded" in dialogs.shown[-1][2]
    assert "locked by another OpinionDesk" in dialogs.shown[-1][2]


def test_signer_box_follows_undo_and_redo(window):
    """Ensure undoing and redoing a signer choice moves the Signer box with the matter."""
    profile = add_sample_signer(SignerStore(), with_image=False)
    window.outputs.refresh_signers()
    box = window.outputs.signer_box
    index = box.findData(profile.id)
    box.setCurrentIndex(index)
    box.activated.emit(index)
    assert window.doc.matter.signer["profile"] == profile.id
    window.undo()
    assert box.currentData() is None
    window.redo()
    assert box.currentData() == profile.id


def test_toolbar_boxes_are_named_and_have_mnemonics(window):
    """Ensure the Copy box says it chooses what is printed or exported, and both boxes have mnemonics."""
    labels = {label.buddy(): label.text() for label in window.findChildren(QLabel) if label.buddy()}
    copy_text = labels[window.outputs.copy_box]
    assert "&C" in copy_text and "print or export" in copy_text
    assert "&g" in labels[window.outputs.signer_box]
    assert "letter on screen shows" in window.outputs.copy_box.toolTip()


def test_export_pdf_filing_has_no_image(window, dialogs, tmp_path):  # noqa: F811
    """Ensure Export PDF writes the filing copy with "/s/ John R. Dye", no image, nothing registered."""
    from pdf_checks import assert_filing

    target = tmp_path / "filing.pdf"
    dialogs.save_names.append(str(target))
    assert window.outputs.export("filing", "pdf")
    assert_filing(target)
    assert SignedCopyRegister().records() == []


def test_export_signed_pdf_is_registered_with_its_hash(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure a signed PDF export carries the signature and is recorded with the file's hash."""
    import hashlib

    from pdf_checks import assert_signed

    add_sample_signer(SignerStore())
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    target = tmp_path / "signed.pdf"
    dialogs.save_names.append(str(target))
    assert window.outputs.export("signed", "pdf")
    assert_signed(target, tmp_path)
    (record,) = SignedCopyRegister().records()
    assert record["output_sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert record["output"] == str(target.resolve())


def test_export_to_a_missing_folder_says_why(window, dialogs, tmp_path):  # noqa: F811
    """Ensure an export that cannot be written says why and writes nothing."""
    target = tmp_path / "no-such-folder" / "x.pdf"
    dialogs.save_names.append(str(target))
    assert not window.outputs.export("filing", "pdf")
    assert any("no-such-folder" in text for _kind, _title, text in dialogs.shown)


def test_without_a_keychain_the_window_works_and_says_why(qtbot, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure with no keychain the window opens, filing copies sign "/s/", and a signed copy says why not."""
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())  # the memory_keyring fixture puts its own back afterwards
    store = SignerStore()
    add_sample_signer(store, with_image=False)
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_sample()
    win.show()
    target = tmp_path / "filing.docx"
    dialogs.save_names.append(str(target))
    assert win.export_docx("filing")
    import docx

    assert "/s/ John R. Dye" in [p.text for p in docx.Document(str(target)).paragraphs]
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    assert not win.outputs.export("signed", "docx")
    assert any("no system keychain is available" in text for _k, _t, text in dialogs.shown)


SAMPLES = sorted(paths.resource("samples").glob("*.opinion"))


def _norm_lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _choose_copy(window, copy):
    box = window.outputs.copy_box
    box.setCurrentIndex(box.findData(copy))
    assert window.copy == copy


def _signer_profile_for(matter):
    """Save a profile, with a signature image, for the matter's own signer."""
    from opiniondesk.signers import SignerProfile, profile_id_for
    from signature_images import signature_png

    store = SignerStore()
    name = matter.signer["name"]
    profile = SignerProfile(id=profile_id_for(name), display_name=name, full_name=name)
    store.save(profile)
    store.set_image(profile.id, signature_png())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_preview_shows_each_copy_as_it_prints(
    qtbot,
    dialogs,  # noqa: F811
    tmp_path,
    monkeypatch,
    sample,
):
    """Ensure each copy chosen shows in the preview as it prints: its mark and signature, and the
    PDF's and Print Preview's very pages and line breaks (pdftotext -layout)."""
    from conftest import pdf_text

    _signer_profile_for(load_matter(sample))
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("reviewed", True))
    )
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_path(sample)
    window.show()
    for copy in ("draft", "filing", "signed"):
        _choose_copy(window, copy)
        pages = window.preview.pages
        text = window.preview.text()
        assert window.last_letter.copy == copy
        assert (text.split("\n", 1)[0] == "DRAFT") == (copy == "draft"), copy
        assert ("/s/ " in text) == (copy == "filing"), copy
        images = [ln for p in pages for ln in p.lines if ln.image is not None]
        assert len(images) == (1 if copy == "signed" else 0), copy
        target = tmp_path / f"{sample.stem}-{copy}.pdf"
        dialogs.save_names.append(str(target))
        assert window.outputs.export_pdf(copy), dialogs.shown
        printed = pdf_text(target, layout=True)
        assert len(printed) == len(pages), (copy, len(printed), len(pages))
        for n, (ours, theirs) in enumerate(zip(pages, printed), start=1):
            assert _norm_lines(ours.text()) == _norm_lines(theirs), (copy, n)
        letter = window.outputs.make_letter(copy, checks=False)[0]
        dialog = printing.make_print_preview(window, letter, window.letterhead)
        assert [p.text() for p in dialog._opiniondesk_pages] == [p.text() for p in pages]
        dialog.deleteLater()


def test_a_filing_copy_that_cannot_be_made_yet_is_shown_with_why(window, qtbot):
    """Ensure the filing copy with a fact missing still shows, as filed, its placeholder yellow,
    and the status bar says it cannot be made yet."""
    window.doc.set_value(("fact", "registrant_short_name"), None)
    _choose_copy(window, "filing")
    text = window.preview.text()
    assert "[Registrant's short name]" in text and "/s/ John R. Dye" in text
    assert not text.startswith("DRAFT")
    assert "cannot be made until 1 missing fact is filled" in window.render_message.text()
    assert window.missing_label.text() == "1 missing fact"


def test_a_signed_original_without_an_image_is_shown_with_why(window):
    """Ensure the signed original with no signer profile shows without a signature and says why."""
    _choose_copy(window, "signed")
    text = window.preview.text()
    assert "/s/" not in text and not text.startswith("DRAFT")
    assert "Very truly yours," in text
    assert "signer profile" in window.render_message.text()


def test_print_to_pdf_proposes_the_matters_folder_and_name(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure Print's "Print to File (PDF)" proposes the matter's folder and name, as Export does."""
    from PySide6.QtWidgets import QLineEdit
    from window_fixtures import print_dialog_answering

    matter = tmp_path / "deal" / "acme.opinion"
    matter.parent.mkdir()
    dialogs.save_names.append(str(matter))
    assert window.save_as()
    opened = print_dialog_answering(monkeypatch, None)
    _choose_copy(window, "filing")
    assert not window.outputs.print()
    proposed = [e.text() for e in opened[0].findChildren(QLineEdit) if e.objectName() == "filename"]
    assert proposed == [str(tmp_path / "deal" / "acme-filing.pdf")]


def test_the_chosen_letterhead_lays_out_the_preview_and_the_outputs(window, dialogs, tmp_path):  # noqa: F811
    """Ensure a department letterhead chosen in Preferences sets the preview's and the DOCX's page."""
    import zipfile

    from letterheads import wide_letterhead
    from opiniondesk.settings import Settings, save_settings

    wide = wide_letterhead(tmp_path / "wide-margins.docx")
    save_settings(Settings(letterhead=str(wide)))
    from opiniondesk.settings import chosen_letterhead

    window.set_letterhead(chosen_letterhead())
    body = [ln for ln in window.preview.pages[0].body_lines() if ln.fragments]
    assert min(ln.fragments[0].x for ln in body) == pytest.approx(144.0)
    target = tmp_path / "out.docx"
    dialogs.save_names.append(str(target))
    assert window.export_docx("draft")
    with zipfile.ZipFile(target) as zf:
        assert b'w:left="2880"' in zf.read("word/document.xml")


def test_a_chosen_letterhead_that_is_a_fifo_is_named_not_waited_on(window, dialogs, tmp_path):  # noqa: F811
    """Ensure a letterhead chosen in Preferences that is a FIFO is named in the preview, and by
    Print Preview and Export, at once: the window never waits on it."""
    from helpers import released_fifo

    fifo = tmp_path / "letterhead.docx"
    with released_fifo(fifo):
        window.set_letterhead(fifo)
        assert window.preview.error and str(fifo) in window.preview.error
        assert "not a regular file" in window.preview.error
        assert not window.outputs.print_preview()
        assert dialogs.shown[-1][0] == "critical" and str(fifo) in dialogs.shown[-1][2]
        dialogs.save_names.append(str(tmp_path / "out.docx"))
        assert not window.export_docx("draft")
        assert str(fifo) in dialogs.shown[-1][2] and "not a regular file" in dialogs.shown[-1][2]
    assert not (tmp_path / "out.docx").exists()


def test_a_signed_export_of_an_edited_letter_records_its_deviations_once_rendered(
    window,
    dialogs,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """Ensure a signed export of an edited matter records the exported letter's deviations, and
    the register does not render the letter again to find them."""
    from helpers import renders_by_register
    from opiniondesk.core.matter import save_matter
    from opiniondesk.core.wording import deviation_hash
    from redline_helpers import changed_copy

    add_sample_signer(SignerStore())
    _, edited = changed_copy(paths.sample_matter())
    save_matter(edited, tmp_path / "edited.opinion")
    assert window.open_path(tmp_path / "edited.opinion")
    window.outputs.refresh_signers()
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    by_register = renders_by_register(monkeypatch)
    dialogs.save_names.append(str(tmp_path / "signed.docx"))
    assert window.outputs.export_docx_signed(), dialogs.shown
    (record,) = SignedCopyRegister().records()
    [applied] = load_matter(tmp_path / "edited.opinion").render().deviations
    assert record["deviates"] is True
    assert record["deviations"] == [
        {"key": applied.key, "action": applied.action, "state": applied.state,
         "sha256": deviation_hash(applied)}
    ]  # fmt: skip
    assert by_register and not any(by_register)
