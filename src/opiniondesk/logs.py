"""The program's log, kept in the user's own log folder; tracebacks go here, never to the user."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from . import paths

_configured = False


def log_file() -> Path:
    """Return the log file's path."""
    return paths.user_log_dir() / "opiniondesk.log"


def logger() -> logging.Logger:
    """Return the program's logger, writing to the user's log folder."""
    global _configured
    log = logging.getLogger("opiniondesk")
    if not _configured:
        _configured = True
        try:
            handler: logging.Handler = logging.FileHandler(log_file(), encoding="utf-8")
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            log.addHandler(handler)
        except Exception:  # noqa: BLE001 - no log folder: the program still runs, unlogged
            log.addHandler(logging.NullHandler())
        log.setLevel(logging.INFO)
    return log


def log_exception(exc: BaseException) -> Path | None:
    """Write an unexpected error's traceback to the log and return the log's path (None: no log)."""
    logger().error("".join(traceback.format_exception(exc)))
    try:
        return log_file()
    except Exception:  # noqa: BLE001 - the log folder itself is the trouble
        return None


_qt_handler = None


def route_qt_messages() -> None:
    """Send Qt's own messages (a platform plugin's warnings) to the log, not the user's console."""
    global _qt_handler
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: QtMsgType, _context: object, message: str) -> None:
        logger().log(levels.get(mode, logging.WARNING), "Qt: %s", message)

    _qt_handler = handler  # kept alive as long as Qt may call it
    qInstallMessageHandler(handler)
