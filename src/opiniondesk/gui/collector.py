"""Garbage collection at pauses: Python's cyclic collector runs while counsel stop typing, not
inside a keystroke's re-render.

Left to itself, the collector starts whenever enough objects have been made, which during typing
means in the middle of a preview update; a full pass over the page-layout caches took 80 ms here.
Once the window is up, `install` turns automatic collection off. Each edit calls `poke`; after a
pause the collector runs and freezes what survived (gc.freeze), so the next pass only looks at what
is new and stays short. Typing without a pause still gets a pass every `LONGEST_S`, and every
`THAW_S` a pause gets a full pass that also thaws the frozen objects, so garbage among them is
reclaimed too.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

PAUSE_MS = 1000
LONGEST_S = 10.0
THAW_S = 300.0

_active: PauseCollector | None = None


class PauseCollector(QObject):
    """Runs the cyclic garbage collector after a pause in editing (one per application)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.collect)
        self.last = self.last_thaw = time.monotonic()
        self.passes = 0

    def collect(self) -> None:
        """Collect now, and freeze what survives; now and then thaw everything first."""
        now = time.monotonic()
        if now - self.last_thaw >= THAW_S:
            gc.unfreeze()
            self.last_thaw = now
        gc.collect()
        gc.freeze()
        self.last = now
        self.passes += 1

    def poke(self) -> None:
        """Note an edit: collect after the pause that follows, or now if typing has gone on long."""
        self.timer.start()
        if time.monotonic() - self.last >= LONGEST_S:
            self.collect()


def install(parent: QObject | None = None) -> PauseCollector:
    """Collect what start-up left, freeze it, and from now on collect only at pauses."""
    global _active
    if _active is None:
        _active = PauseCollector(parent)
        made = _active
        _active.destroyed.connect(lambda _obj=None: _forget(made))
    gc.disable()
    _active.collect()
    return _active


def uninstall() -> None:
    """Give collection back to Python (tests, and an application shutting down)."""
    global _active
    if _active is not None:
        _active.timer.stop()
        _active = None
    gc.unfreeze()
    gc.enable()


def poke() -> None:
    """Note an edit (a no-op unless `install` ran)."""
    if _active is not None:
        _active.poke()


def _forget(gone: PauseCollector) -> None:
    global _active
    if _active is gone:  # its parent (the application) went first
        _active = None
        gc.enable()
