"""The Qt binding in use keeps Python's reference counts straight (PySide6 6.12.0 did not)."""

import sys

from PySide6.QtGui import QFont


def test_void_qt_calls_keep_none_alive():
    """Ensure calling a Qt method that returns nothing does not release a reference to None."""
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(200):
        font.setBold(True)
    assert sys.getrefcount(None) - before > -50
