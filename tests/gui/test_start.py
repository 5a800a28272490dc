"""Tests for start-up: whatever is wrong with the last matter, a recovery file, the settings or the
letter cache, the window opens and says what it could not use."""

import json
import os

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from window_fixtures import dialogs  # noqa: F401

from opiniondesk import paths
from opiniondesk.core.matter import load_matter, save_matter
from opiniondesk.gui import recovery, settings
from opiniondesk.gui.app import DeskApp

AMOUNT = '"1000000000"'


@pytest.fixture
def desk(dialogs):  # noqa: F811
    app = QApplication.instance()
    desk = DeskApp(app)
    yield desk
    for window in list(desk.windows):
        if window.doc is not None:
            window.doc.undo_stack.setClean()
            window.doc.recovered_from = None
        window.close()
    QApplication.processEvents()


def _sample_text(old=AMOUNT, new=AMOUNT):
    text = paths.sample_matter().read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _told(shown_dialogs):
    return "\n".join(text for _, _, text in shown_dialogs.shown)


BAD_MATTERS = {
    "28 digits": lambda p: p.write_text(_sample_text(new='"' + "1" * 28 + '"'), encoding="utf-8"),
    "Infinity": lambda p: p.write_text(_sample_text(new="Infinity"), encoding="utf-8"),
    "nested": lambda p: p.write_text(
        _sample_text(new="[" * 10_000 + "]" * 10_000), encoding="utf-8"
    ),
    "not JSON": lambda p: p.write_text("{", encoding="utf-8"),
    "fifo": lambda p: os.mkfifo(p),
    "unknown template": lambda p: p.write_text(
        _sample_text('"abs-pass-through-certificates"', '"no-such-template"'), encoding="utf-8"
    ),
}


@pytest.mark.parametrize("kind", BAD_MATTERS)
def test_a_bad_last_matter_opens_the_sample_and_says_why(desk, dialogs, tmp_path, kind):  # noqa: F811
    """Ensure a last-opened matter that will not load is reported in the window and the sample opens."""
    last = tmp_path / "last.opinion"
    good = load_matter(paths.sample_matter())
    save_matter(good, last)
    settings.add_recent_file(last)
    last.unlink()
    BAD_MATTERS[kind](last)
    window = desk.start(None)
    assert window.isVisible()
    assert window.doc is not None and window.doc.path is None  # the sample, untitled
    told = _told(dialogs)
    assert str(last.resolve()) in told or str(last) in told
    assert "sample" in told


def _recovery_data(**changes):
    matter = load_matter(paths.sample_matter())
    data = matter.to_json()
    data["recovery"] = {"path": None, "saved": "2026-01-01T10:00:00"}
    data.update(changes)
    return data


BAD_RECOVERIES = {
    '"recovery": "x"': lambda: json.dumps(_recovery_data(recovery="x")),
    "Infinity": lambda: json.dumps(_recovery_data()).replace(AMOUNT, "Infinity", 1),
    "nested": lambda: json.dumps(_recovery_data()).replace(AMOUNT, "[" * 10_000 + "]" * 10_000, 1),
    "truncated": lambda: json.dumps(_recovery_data())[:100],
    "not UTF-8": lambda: b"\xff\xfe{",
    "saved is a list": lambda: json.dumps(_recovery_data(recovery={"path": None, "saved": [1, 2]})),
    "path with a NUL": lambda: json.dumps(
        _recovery_data(recovery={"path": "/tmp/a\u0000b.opinion", "saved": "x"})
    ),
}


@pytest.mark.parametrize("kind", BAD_RECOVERIES)
def test_a_bad_recovery_file_is_set_aside_and_reported(desk, dialogs, kind):  # noqa: F811
    """Ensure a damaged recovery file never stops the start: it is moved aside, kept, and reported."""
    file = recovery.new_recovery_file()
    data = BAD_RECOVERIES[kind]()
    file.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    window = desk.start(None)
    assert window.isVisible() and window.doc is not None
    assert not file.exists()
    kept = [p for p in paths.recovery_dir().rglob("*") if p.is_file() and p.name != file.name]
    moved = [p for p in paths.recovery_dir().rglob(f"{file.stem}*") if p.is_file()]
    assert len(moved) == 1, kept
    assert moved[0].read_bytes() == (data if isinstance(data, bytes) else data.encode("utf-8"))
    told = _told(dialogs)
    assert str(moved[0]) in told
    assert recovery.scan_recovery().found == []  # not offered again


def test_a_recovery_file_that_is_a_fifo_is_set_aside(desk, dialogs):  # noqa: F811
    """Ensure a FIFO in the recovery folder is moved aside, not read (which would hang)."""
    file = recovery.new_recovery_file()
    os.mkfifo(file)
    window = desk.start(None)
    assert window.isVisible()
    assert not file.exists()
    assert "not a regular file" in _told(dialogs)


def test_a_recovered_draft_with_a_28_digit_amount_restores_with_the_field_flagged(desk, dialogs):  # noqa: F811
    """Ensure recovered work holding an out-of-range amount is restored, the amount flagged at its field."""
    matter = load_matter(paths.sample_matter())
    matter.facts["aggregate_amount"] = "1" * 28
    recovery.write_recovery(recovery.new_recovery_file(), matter)
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    window = desk.start(None)
    assert window.doc.matter.facts["aggregate_amount"] == "1" * 28
    window.facts.finish_build()  # the fields below the first screenful come after the first paint
    QApplication.processEvents()  # a field added to a shown pane is shown by a queued call
    editor = window.facts.editors[("fact", "aggregate_amount")]
    assert editor.problem.isVisibleTo(window) and "too large" in editor.problem.text()


def test_stale_temporaries_in_the_recovery_folder_are_cleared(desk):
    """Ensure temporary files left by killed autosaves go at start, and only stale ones of ours."""
    import time

    folder = paths.recovery_dir()
    old = time.time() - 3600
    stale = folder / ".matter-0123456789ab.opinion.k2j4h5g6.tmp"
    fresh = folder / ".matter-0123456789ab.opinion.a1b2c3d4.tmp"
    other = folder / "notes.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"{")
    for path in (stale, other):
        os.utime(path, (old, old))
    desk.start(None)
    assert not stale.exists() and fresh.exists() and other.exists()


@pytest.mark.parametrize(
    "ini",
    [
        "[preview]\nzoom=abc\nfit_width=false\n",
        "[window]\ngeometry=@ByteArray(garbage)\nsplitter=12\n[files]\nlast=@Variant(\\0\\0\\0\\x7f)\nrecent=3\n",
        "\x00\xff" * 100,
    ],
    ids=["zoom", "variants", "binary"],
)
def test_damaged_window_settings_never_stop_the_start(desk, dialogs, ini):  # noqa: F811
    """Ensure a window settings file with nonsense values opens the window all the same."""
    (paths.user_config_dir() / "opiniondesk.ini").write_text(ini, encoding="latin-1")
    window = desk.start(None)
    assert window.isVisible() and window.doc is not None
    assert settings.recent_files() == [] or isinstance(settings.recent_files(), list)


def test_window_settings_that_are_no_regular_file_are_set_aside(desk, dialogs):  # noqa: F811
    """Ensure a window settings file that is a FIFO is moved aside and reported, not read."""
    ini = paths.user_config_dir() / "opiniondesk.ini"
    os.mkfifo(ini)
    window = desk.start(None)
    assert window.isVisible()
    assert not ini.exists() or ini.is_file()
    assert "opiniondesk.ini" in _told(dialogs)


@pytest.mark.parametrize(
    "content",
    ["[" * 10_000 + "]" * 10_000, '{"department_folders": [1, 2]}', "{", "fifo"],
    ids=["nested", "not folders", "truncated", "fifo"],
)
def test_damaged_settings_are_reported_and_the_built_in_templates_work(desk, dialogs, content):  # noqa: F811
    """Ensure a damaged settings.json is reported at start and the sample still opens."""
    from opiniondesk.settings import settings_path

    path = settings_path()
    if content == "fifo":
        os.mkfifo(path)
    else:
        path.write_text(content, encoding="utf-8")
    window = desk.start(None)
    assert window.isVisible() and window.doc is not None
    assert str(path) in _told(dialogs)


def test_a_spoiled_letter_cache_never_stops_the_start(desk, dialogs, tmp_path):  # noqa: F811
    """Ensure cache entries that are FIFOs or garbage are passed over and the letter is rendered."""
    window = desk.start(None)
    window.close()
    letters = paths.user_cache_dir() / "letters"
    entries = list(letters.rglob("*.xml"))
    assert entries
    for n, entry in enumerate(entries):
        entry.unlink()
        if n % 2:
            entry.write_text("<letter>" * 5000, encoding="utf-8")
        else:
            os.mkfifo(entry)
    dialogs.shown.clear()
    window = desk.start(None)
    assert window.isVisible() and window.doc is not None
    assert not [d for d in dialogs.shown if d[0] == "critical"]
