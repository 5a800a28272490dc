"""File > Letters from rows...: the dialog writes a letter per row, lists bad rows and can cancel (offscreen)."""

import csv

from window_fixtures import dialogs  # noqa: F401

from opiniondesk.core.matter import load_matter
from opiniondesk.gui.rows_dialog import RowsDialog
from opiniondesk.paths import resource

SERIES = resource("samples", "cmsi-2002-3-series.opinion")


def _rows(path, n, bad=None):
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["series_name", "agreement_date"])
        for i in range(n):
            out.writerow([f"Series 2004-{i + 1}", "bad" if i == bad else "2004-01-01"])
    return path


def _dialog(qtbot, tmp_path, rows):
    dialog = RowsDialog(load_matter(SERIES))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.csv_edit.setText(str(rows))
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.name_edit.setText("{series_name}")
    return dialog


def test_writes_letters_and_lists_the_bad_row(qtbot, tmp_path):
    """Ensure the dialog writes every good row's DOCX and lists the bad row by line and column."""
    dialog = _dialog(qtbot, tmp_path, _rows(tmp_path / "rows.csv", 6, bad=2))
    dialog.copy_box.setCurrentText("filing")
    result = dialog.run()
    assert len(result.written) == 5 and result.bad_rows == [4]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx"))[0] == "Series-2004-1.docx"
    assert (
        "Wrote 5 of 6 letters" in dialog.summary.text()
        and "1 rows could not be written" in dialog.summary.text()
    )
    assert "line 4, column 2 (agreement_date)" in dialog.report.toPlainText()


def test_cancel_from_the_progress_dialog(qtbot, tmp_path):
    """Ensure pressing Cancel in the progress dialog stops the run and the summary says so."""
    dialog = _dialog(qtbot, tmp_path, _rows(tmp_path / "rows.csv", 40))
    calls = []
    original = dialog.render

    def render(matter, copy, fmt):
        calls.append(matter)
        if len(calls) == 3:
            dialog.progress.cancel()  # what the Cancel button does
        return original(matter, copy, fmt)

    dialog.render = render
    result = dialog.run()
    assert result.cancelled and 3 <= len(result.written) < 40
    assert "Cancelled" in dialog.summary.text()
    assert dialog.progress is None


def test_bad_inputs_are_reported_not_raised(qtbot, tmp_path):
    """Ensure a missing CSV or a column naming no fact is shown in the dialog and nothing is written."""
    dialog = _dialog(qtbot, tmp_path, tmp_path / "missing.csv")
    assert dialog.run() is None and "cannot read" in dialog.report.toPlainText()
    bad = tmp_path / "bad.csv"
    bad.write_text("series_name,colour\nS,red\n")
    dialog.csv_edit.setText(str(bad))
    assert dialog.run() is None and "'colour' is not a fact" in dialog.report.toPlainText()
    assert not list((tmp_path / "out").glob("*"))
    dialog.csv_edit.setText("")
    assert dialog.run() is None and "Choose" in dialog.summary.text()


def test_a_recorded_copy_a_killed_run_left_unnamed_is_put_in_place(qtbot, tmp_path):
    """Ensure the window, like the command line, moves a copy a killed run had recorded in the
    register but not yet named to its name before writing the rows (it removed it), and says so."""
    import os
    import subprocess
    import sys

    from opiniondesk.core.batch import temp_path
    from opiniondesk.register import record_signed_copy

    out = tmp_path / "out"
    out.mkdir()
    target = out / "Series-2003-9.docx"
    data = b"the signed copy the register records"
    record_signed_copy(load_matter(SERIES), data, "docx", "john-r-dye", str(target.resolve()))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    left = out / temp_path(target).name.replace(f"-{os.getpid()}-", f"-{dead}-")
    left.write_bytes(data)
    dialog = _dialog(qtbot, tmp_path, _rows(tmp_path / "rows.csv", 2))
    result = dialog.run()
    assert result.stale_finished == [target] and not left.exists()
    assert target.read_bytes() == data
    assert "Put in place 1 signed copy" in dialog.summary.text()
    assert "Series-2003-9.docx" in dialog.summary.text()


def test_rows_are_written_on_the_windows_letterhead(qtbot, dialogs, tmp_path):  # noqa: F811
    """Ensure Letters from Rows, opened from a window with a department letterhead, writes each
    row's DOCX on that letterhead."""
    from window_fixtures import sample_window

    from letterheads import docx_left_margin, wide_letterhead

    window = sample_window(qtbot)
    window.set_letterhead(wide_letterhead(tmp_path / "wide.docx"))
    dialog = RowsDialog(load_matter(SERIES), window, window.library)  # as the window opens it
    qtbot.addWidget(dialog)
    dialog.csv_edit.setText(str(_rows(tmp_path / "rows.csv", 2)))
    dialog.folder_edit.setText(str(tmp_path / "out"))
    result = dialog.run()
    assert len(result.written) == 2
    assert {docx_left_margin(p.read_bytes()) for p in result.written} == {"2880"}


def test_a_letterhead_that_is_no_docx_is_named_before_any_row(qtbot, tmp_path):
    """Ensure a letterhead that cannot be read is named once and no row is written."""
    bad = tmp_path / "letterhead.docx"
    bad.write_text("not a zip")
    dialog = RowsDialog(load_matter(SERIES), letterhead=bad)
    qtbot.addWidget(dialog)
    dialog.csv_edit.setText(str(_rows(tmp_path / "rows.csv", 2)))
    dialog.folder_edit.setText(str(tmp_path / "out"))
    assert dialog.run() is None
    assert "Nothing was written" in dialog.summary.text()
    assert str(bad) in dialog.report.toPlainText() and "not a DOCX" in dialog.report.toPlainText()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
