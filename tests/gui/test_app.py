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
    app.removeEventFilter(desk)
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
