"""File > Export for EDGAR... and Help > Signed Copies driven for real in the window."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog
from window_fixtures import dialogs, sample_window  # noqa: F401

from opiniondesk.edgar_rules import check_document
from opiniondesk.gui import printing
from opiniondesk.gui.register_dialog import COLUMNS, RegisterDialog
from opiniondesk.register import SignedCopyRegister
from opiniondesk.signers import SignerStore
from signature_images import add_sample_signer


@pytest.fixture
def window(qtbot, dialogs):  # noqa: F811
    return sample_window(qtbot)


def test_the_file_menu_offers_it(window):
    """Ensure File has "Export for EDGAR..." next to the other exports."""
    texts = [a.text() for a in window.menus["file"].actions()]
    assert "Expor&t for EDGAR..." in texts
    assert texts.index("Expor&t for EDGAR...") == texts.index("&Export PDF...") + 1


def test_export_offers_ex5_1_htm_and_writes_what_edgar_takes(window, tmp_path, monkeypatch):
    """Ensure the dialog offers ex5-1.htm, the file passes EDGAR's rules and is registered."""
    offered = []
    target = tmp_path / "ex5-1.htm"

    def ask(parent, title, default, filters):
        offered.append((default, filters))
        return str(target), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    assert window.outputs.export_edgar()
    assert offered[0][0].endswith("ex5-1.htm") and "*.htm" in offered[0][1]
    data = target.read_bytes()
    assert check_document(target.name, data) == []
    assert b"/s/ John R. Dye" in data
    [record] = SignedCopyRegister().records()
    assert record["copy"] == "filing" and record["format"] == "edgar"


def test_a_txt_name_makes_the_ascii_copy(window, dialogs, tmp_path):  # noqa: F811
    """Ensure choosing a .txt name writes the ASCII copy."""
    target = tmp_path / "ex5-1.txt"
    dialogs.save_names.append(str(target))
    assert window.outputs.export_edgar(), dialogs.shown
    text = target.read_text(encoding="ascii")
    assert "<PAGE>" in text and "Counsel--Corporate" in text
    assert SignedCopyRegister().records()[0]["format"] == "edgar-txt"


def test_a_bad_name_is_refused_naming_the_rule(window, dialogs, tmp_path):  # noqa: F811
    """Ensure a name EDGAR would refuse is refused with the rule, and nothing is written."""
    target = tmp_path / "Exhibit 5.1 final.htm"
    dialogs.save_names.append(str(target))
    assert not window.outputs.export_edgar()
    assert not target.exists()
    [(kind, title, text)] = dialogs.shown
    assert kind == "critical" and "may not contain spaces" in text and "5.1.1" in text
    assert SignedCopyRegister().records() == []


def test_a_fact_edgar_cannot_carry_is_named_before_any_dialog(window, dialogs, tmp_path):  # noqa: F811
    """Ensure an emoji in a fact is named at once: no name is asked, nothing written."""
    window.doc.set_value(("fact", "registrant_name"), "Citicorp \U0001f600 Inc.")
    dialogs.save_names.append(str(tmp_path / "ex5-1.htm"))
    assert not window.outputs.export_edgar()
    [(kind, _, text)] = dialogs.shown
    assert "fact 'registrant_name'" in text and "U+1F600" in text
    assert dialogs.save_names, "the save dialog must not have been asked"
    assert not (tmp_path / "ex5-1.htm").exists()


def test_signed_copies_shows_the_signed_original_and_keep_until(
    window,
    dialogs,  # noqa: F811
    tmp_path,
    monkeypatch,
    qtbot,
):
    """Ensure Help > Signed Copies shows, for the filing, its signed original and keep-until date."""
    add_sample_signer(SignerStore())
    window.outputs.refresh_signers()
    monkeypatch.setattr(printing, "confirm_signer", lambda parent, profile: True)
    dialogs.save_names.append(str(tmp_path / "ex5-1.htm"))
    assert window.outputs.export_edgar(), dialogs.shown
    dialogs.save_names.append(str(tmp_path / "signed.pdf"))
    assert window.outputs.export("signed", "pdf"), dialogs.shown
    dialog = RegisterDialog()
    qtbot.addWidget(dialog)
    keys = [key for key, _ in COLUMNS]

    def cell(row, key):
        return dialog.table.item(row, keys.index(key)).text()

    today = dt.datetime.now(dt.UTC).date()
    keep = today.replace(year=today.year + 5).isoformat()
    assert cell(0, "copy") == "filing" and cell(0, "signed_original") == "record 2"
    assert cell(0, "keep_until") == keep
    assert cell(1, "copy") == "signed" and cell(1, "signed_original") == "kept for filing record 1"
    assert cell(1, "keep_until") == keep
    assert dialog.check.ok


def test_a_copy_the_register_cannot_record_is_not_kept(window, dialogs, tmp_path, monkeypatch):  # noqa: F811
    """Ensure an EDGAR copy whose register record fails is removed and the user told why."""
    import opiniondesk.register
    from opiniondesk.core.errors import OpinionDeskError

    def refuse(*args, **kwargs):
        raise OpinionDeskError("no space left on the device", "register.jsonl")

    monkeypatch.setattr(opiniondesk.register, "record_filing_copy", refuse)
    target = tmp_path / "ex5-1.htm"
    dialogs.save_names.append(str(target))
    assert not window.outputs.export_edgar()
    assert list(tmp_path.iterdir()) == []
    assert "not recorded" in dialogs.shown[-1][2] and "no space left" in dialogs.shown[-1][2]


def test_the_edgar_copy_is_laid_out_on_the_chosen_letterhead(window, dialogs, tmp_path):  # noqa: F811
    """Ensure Export for EDGAR writes the copy the command line writes with the letterhead chosen,
    not the built-in one's."""
    from letterheads import wide_letterhead
    from opiniondesk.writers import write_letter

    wide = wide_letterhead(tmp_path / "wide.docx", 4320)
    window.set_letterhead(wide)
    target = tmp_path / "ex5-1.htm"
    dialogs.save_names.append(str(target))
    assert window.outputs.export_edgar(), dialogs.shown
    letter = window.doc.render("filing")
    assert write_letter(letter, "edgar", wide) != write_letter(letter, "edgar")
    assert target.read_bytes() == write_letter(letter, "edgar", wide)
