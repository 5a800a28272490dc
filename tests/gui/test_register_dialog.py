"""Tests for Help > Signed copies: the register listed and its chain verified (pytest-qt, offscreen)."""

import pytest

from opiniondesk.core.matter import load_matter
from opiniondesk.gui.register_dialog import BAD_ROW, RegisterDialog
from opiniondesk.register import SignedCopyRegister, record_signed_copy


@pytest.fixture
def register(sample_path):
    matter = load_matter(sample_path)
    for n in range(3):
        record_signed_copy(matter, f"copy {n}".encode(), "pdf", "john-r-dye", f"/out/{n}.pdf")
    return SignedCopyRegister()


def test_lists_records_and_verifies(qtbot, register):
    """Ensure every record is listed and the intact chain is reported as intact."""
    dialog = RegisterDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(2, 0).text() == "3"
    assert dialog.table.item(0, 3).text() == "John R. Dye"
    assert "All 3" in dialog.status.text()


def test_empty_register(qtbot):
    """Ensure an empty register says no signed copies were made."""
    dialog = RegisterDialog(SignedCopyRegister())
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert "No signed copies" in dialog.status.text()


def test_changed_record_is_named_and_shown(qtbot, register):
    """Ensure a one-byte change in record 2 is named, its row selected and marked."""
    data = bytearray(register.path.read_bytes())
    second = data.index(b"\n") + 1
    at = data.index(b"john-r-dye", second)
    data[at] = ord("J")
    register.path.write_bytes(bytes(data))
    dialog = RegisterDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Record 2 of 3 fails verification" in dialog.status.text()
    assert dialog.table.currentRow() == 1
    assert dialog.table.item(1, 0).background().color() == BAD_ROW
    register.path.write_bytes(bytes(data).replace(b"J" + b"ohn-r-dye", b"john-r-dye"))
    dialog.verify_button.click()
    assert "All 3" in dialog.status.text()


def test_damaged_line_is_listed(qtbot, register):
    """Ensure a line that is no longer JSON still shows as a row and is named."""
    lines = register.path.read_bytes().split(b"\n")
    lines[0] = lines[0][:40]
    register.path.write_bytes(b"\n".join(lines))
    dialog = RegisterDialog(register)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 0).text() == "(damaged line 1)"
    assert "Record 1 of 3" in dialog.status.text()


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_deleted_or_emptied_register_fails_verification(qtbot, register, damage):
    """Ensure a register deleted or emptied after signed copies were made shows the failure."""
    if damage == "deleted":
        register.path.unlink()
    else:
        register.path.write_bytes(b"")
    dialog = RegisterDialog(register)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 0
    assert dialog.check is not None and not dialog.check.ok
    assert "No signed copies" not in dialog.status.text()
    assert dialog.status.text() == dialog.check.message()
    assert "color: #a00000" in dialog.status.styleSheet()


def test_times_are_shown_in_local_time(qtbot, register, monkeypatch):
    """Ensure each record's time shows in this computer's time zone, named, the UTC kept in its tip."""
    import datetime as dt
    import time
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        stored = register.records()[0]["time"]
        dialog = RegisterDialog(register)
        qtbot.addWidget(dialog)
        column = [
            dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
        ].index("Time")
        item = dialog.table.item(0, column)
        utc = dt.datetime.fromisoformat(stored)
        local = utc.astimezone(ZoneInfo("America/New_York"))
        assert item.text().startswith(local.strftime("%Y-%m-%d %H:%M:%S"))
        assert item.text().endswith(("EST", "EDT"))
        assert stored in item.toolTip() and "UTC" in item.toolTip()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_repair_record_says_what_it_is(qtbot, register, sample_path):
    """Ensure the record of a repaired torn tail reads as a repair, not as a signed copy."""
    from opiniondesk.gui.register_dialog import COLUMNS

    torn = b'{"facts_sha256":"ab12","format":"pdf","hash":"9f'
    register.path.write_bytes(register.path.read_bytes() + torn)
    record_signed_copy(load_matter(sample_path), b"after", "pdf", "john-r-dye", "/out/x.pdf")
    dialog = RegisterDialog(register)
    qtbot.addWidget(dialog)
    keys = [key for key, _ in COLUMNS]
    assert dialog.table.rowCount() == 5
    assert dialog.table.item(3, keys.index("copy")).text() == "register repaired"
    assert f"{len(torn)} bytes" in dialog.table.item(3, keys.index("matter")).text()
    assert dialog.table.item(4, keys.index("copy")).text() == "signed"
    assert "All 5" in dialog.status.text()
