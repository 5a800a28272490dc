"""Tests for garbage collection at pauses: off while typing, run after a pause, thawed now and then."""

import gc
import weakref

import pytest
from window_fixtures import dialogs  # noqa: F401

from opiniondesk.gui import collector
from opiniondesk.gui.main_window import MainWindow


class Node:
    def __init__(self):
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture
def installed(qapp):
    active = collector.install(qapp)
    yield active
    collector.uninstall()
    active.deleteLater()


def test_install_turns_automatic_collection_off_and_uninstall_back_on(installed):
    """Ensure start-up's objects are frozen and collection waits for pauses until uninstalled."""
    assert not gc.isenabled()
    assert gc.get_freeze_count() > 0
    collector.uninstall()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_pause_after_an_edit_collects_garbage(installed, qtbot, monkeypatch):
    """Ensure cyclic garbage made while typing is freed once the typing pauses."""
    installed.timer.setInterval(50)
    node = Node()
    gone = weakref.ref(node)
    del node
    passes = installed.passes
    collector.poke()
    assert gone() is not None  # not during the keystroke
    qtbot.waitUntil(lambda: gone() is None, timeout=2000)
    assert installed.passes == passes + 1


def test_long_typing_without_a_pause_still_collects(installed, monkeypatch):
    """Ensure typing that never pauses still gets a pass every LONGEST_S seconds."""
    monkeypatch.setattr(collector, "LONGEST_S", 0.0)
    node = Node()
    gone = weakref.ref(node)
    del node
    collector.poke()
    assert gone() is None


def test_frozen_objects_are_thawed_now_and_then(installed, monkeypatch):
    """Ensure garbage among frozen objects is reclaimed: every THAW_S a pass thaws them first."""
    node = Node()
    gone = weakref.ref(node)
    installed.collect()  # node is frozen now
    del node
    installed.collect()
    assert gone() is not None  # frozen: not looked at
    monkeypatch.setattr(collector, "THAW_S", 0.0)
    installed.collect()
    assert gone() is None


def test_typing_in_the_window_pokes_the_collector(installed, qtbot, dialogs):  # noqa: F811
    """Ensure a fact edit in the window counts as typing (the pass waits for the pause)."""
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_sample()
    installed.timer.setInterval(50)
    passes = installed.passes
    editor = window.facts.editors[("fact", "registrant_short_name")]
    editor.edit.setText("ACME")
    editor._typed("ACME")
    assert installed.timer.isActive()
    qtbot.waitUntil(lambda: installed.passes == passes + 1, timeout=2000)
    window.doc.undo_stack.setClean()
