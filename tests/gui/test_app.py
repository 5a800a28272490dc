"""Tests for the application: first start, one running instance, and files opened by the system."""

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from window_fixtures import dialogs  # noqa: F401

from opiniondesk import paths
from opiniondesk.core.matter import load_matter, save_matter
from opiniondesk.gui import settings
from opiniondesk.gui.app import DeskApp, send_to_running_instance, server_name


@pytest.fixture
def desk(dialogs):  # noqa: F811
    app = QApplication.instance()
    desk = DeskApp(app)
    yield desk
    desk.stop_server()
    for window in list(desk.windows):
        if window.doc is not None:
            window.doc.undo_stack.setClean()
            window.doc.recovered_from = None
        window.close()
    QApplication.processEvents()


@pytest.fixture
def matter_file(tmp_path):
    matter = load_matter(paths.sample_matter())
    matter.facts["registrant_short_name"] = "HANDED"
    target = tmp_path / "handed.opinion"
    save_matter(matter, target)
    return target


def test_first_start_opens_the_sample_then_the_last_matter(desk, matter_file):
    """Ensure the first start shows the sample (untitled) and a later one the last matter."""
    window = desk.start(None)
    assert window.doc.path is None
    assert window.doc.matter.template_id == load_matter(paths.sample_matter()).template_id
    window.close()
    settings.add_recent_file(matter_file)
    window = desk.start(None)
    assert window.doc.path == matter_file
    assert settings.recent_files() == [str(matter_file.resolve())]


def test_second_launch_hands_its_file_to_the_running_window(desk, qtbot, matter_file):
    """Ensure `opiniondesk FILE` run while a window is open hands the file over and exits."""
    assert desk.start_server()
    first = desk.start(None)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "opiniondesk", str(matter_file)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    qtbot.waitUntil(
        lambda: any(w.doc and w.doc.path == matter_file for w in desk.windows), timeout=20000
    )
    assert proc.wait(timeout=20) == 0
    opened = next(w for w in desk.windows if w.doc.path == matter_file)
    assert opened is first  # the untouched sample window is reused
    assert opened.doc.matter.facts["registrant_short_name"] == "HANDED"


def test_handoff_without_a_running_instance_returns_false(matter_file):
    """Ensure a launch with no running window goes on to open its own."""
    assert server_name().startswith("opiniondesk-")
    assert not send_to_running_instance(str(matter_file), timeout_ms=200)


def test_unsaved_window_is_kept_and_the_file_opens_in_a_new_one(desk, qtbot, matter_file):
    """Ensure a handed-over file never replaces unsaved work: it opens in a new window."""
    assert desk.start_server()
    first = desk.start(None)
    first.doc.set_value(("fact", "registrant_short_name"), "DIRTY")
    assert send_to_running_instance(str(matter_file))
    qtbot.waitUntil(lambda: len(desk.windows) == 2, timeout=5000)
    assert first.doc.matter.facts["registrant_short_name"] == "DIRTY"
    assert desk.windows[-1].doc.path == matter_file


def test_file_open_event_opens_the_file(desk, matter_file):
    """Ensure a macOS file-open event (Finder, Dock) opens the matter in the window."""
    desk.start(None)
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(matter_file)))
    assert any(w.doc.path == matter_file for w in desk.windows)


def test_file_open_event_with_a_url(desk, matter_file):
    """Ensure a file-open event carrying a file URL opens it too."""
    desk.start(None)
    QApplication.sendEvent(
        QApplication.instance(), QFileOpenEvent(QUrl.fromLocalFile(str(matter_file)))
    )
    assert any(w.doc.path == matter_file for w in desk.windows)


def test_application_icon_has_every_size():
    """Ensure the window icon is drawn from the bundled PNGs at each size."""
    from opiniondesk.gui.app import application_icon

    icon = application_icon()
    assert not icon.isNull()
    assert len(icon.availableSizes()) == 4


def test_recovery_that_cannot_be_restored_is_kept(desk, dialogs, tmp_path):  # noqa: F811
    """Ensure work whose template is missing is kept, the user told where, and offered again."""
    from PySide6.QtWidgets import QMessageBox

    from opiniondesk.gui import recovery

    matter = load_matter(paths.sample_matter())
    matter.template_id = "firm-template-on-an-unmounted-drive"
    matter.path = tmp_path / "deal.opinion"
    file = recovery.new_recovery_file()
    recovery.write_recovery(file, matter)
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    assert desk.offer_recovery() == []
    assert file.exists()
    kinds = [kind for kind, _, _ in dialogs.shown]
    assert kinds == ["question", "critical", "information"]
    told = dialogs.shown[-1][2]
    assert str(file) in told and "offer it again" in told
    assert not desk.windows
    dialogs.answers.append(QMessageBox.StandardButton.No)  # offered again; No discards it
    assert desk.offer_recovery() == []
    assert not file.exists()


def test_excepthook_logs_and_shows_an_unexpected_error(dialogs, monkeypatch):  # noqa: F811
    """Ensure an error escaping a slot is logged and shown in a dialog, never silent."""
    from opiniondesk.gui.app import install_excepthook
    from opiniondesk.logs import log_file

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    try:
        raise ValueError("a slot tripped")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    (kind, title, text) = dialogs.shown[-1]
    assert (kind, title) == ("critical", "Unexpected error")
    assert "ValueError: a slot tripped" in text and str(log_file()) in text
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "a slot tripped" in logged


class _ClosingSocket:
    """Stands for a socket whose peer closes while its first line is handled."""

    def __init__(self, data):
        self.data = data

    def readAll(self):  # noqa: N802 - Qt's name
        from PySide6.QtCore import QByteArray

        data, self.data = self.data, b""
        return QByteArray(data)


def test_socket_closed_while_a_line_is_handled(desk):
    """Ensure a handed-over line whose handling closes the socket (a nested loop) raises nothing."""
    socket = _ClosingSocket(b'{"open": null}\n{"open": null}\npartial')
    desk._buffers[socket] = b""
    handled = []

    def handle(line):
        handled.append(line)
        desk._buffers.pop(socket, None)  # what _closed does inside an error dialog's loop

    desk._handle = handle
    desk._read(socket)
    assert handled == [b'{"open": null}', b'{"open": null}']
    assert socket not in desk._buffers


def test_opening_a_file_already_open_activates_its_window(desk, qtbot, matter_file):
    """Ensure opening a matter already open brings its window to the front and activates it."""
    first = desk.open_file(matter_file)
    second = desk.new_window()
    assert second.open_sample()
    second.show()
    second.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is second)
    assert desk.open_file(matter_file) is first
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first, timeout=2000)


def test_a_deeply_nested_or_endless_handed_over_line_is_ignored(desk):
    """Ensure a local peer's line nested 10,000 levels or with no end is dropped, raising nothing."""
    from opiniondesk.gui.app import MAX_MESSAGE_BYTES

    socket = _ClosingSocket(b"[" * 10_000 + b"]" * 10_000 + b"\n" + b"x" * (MAX_MESSAGE_BYTES + 1))
    desk._buffers[socket] = b""
    desk._read(socket)
    assert desk._buffers[socket] == b""
    assert desk.windows == []
