"""The window's remembered settings (geometry, splitter, zoom, recent files), as INI in the config folder.

Nothing read from it can stop the program: a value that is not what was written is ignored, and
a file that is not a small regular file, or that Qt cannot parse, is moved aside at start
(`check_store`), so the window opens with its defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from .. import paths
from ..core.errors import OpinionDeskError
from ..core.limits import MAX_SETTINGS_BYTES, check_regular_file

MAX_RECENT = 8
MAX_PATH_CHARS = 4096
STORE_FILE = "opiniondesk.ini"
MSG_SET_ASIDE = "{problem}; it was moved to {moved} and the window starts with its defaults"
MSG_NOT_MOVED = "{problem}; it could not be moved aside ({error}), so it is not used"


def store_path() -> Path:
    """Return the INI file's path."""
    return paths.user_config_dir() / STORE_FILE


def settings() -> QSettings:
    """Return the settings store: an INI file in the user's config folder (OPINIONDESK_HOME in tests)."""
    return QSettings(str(store_path()), QSettings.Format.IniFormat)


def check_store() -> str | None:
    """Move aside a settings file that is not a small regular file Qt can read; say so (else None).

    Called once at start, before anything reads the store: QSettings would read a FIFO or a
    device for ever, and a huge file whole.
    """
    path = store_path()
    if not os.path.lexists(path):
        return None
    try:
        check_regular_file(path, MAX_SETTINGS_BYTES, "settings file")
        if settings().status() == QSettings.Status.NoError:
            return None
        problem = f"{path}: cannot be read as a settings file"
    except OpinionDeskError as exc:
        problem = str(exc)
    target = path.with_name(f"{path.name}.damaged")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = path.with_name(f"{path.name}.damaged-{n}")
    try:
        os.replace(path, target)
    except OSError as exc:
        return MSG_NOT_MOVED.format(problem=problem, error=exc.strerror or exc)
    return MSG_SET_ASIDE.format(problem=problem, moved=target)


def _existing_file(value: object, regular: bool = True) -> Path | None:
    """Return the path a stored value names, if it is text naming a file that exists (a regular
    file, unless `regular` is False: then anything there, for opening to report what it is)."""
    if not isinstance(value, str) or not value or len(value) > MAX_PATH_CHARS:
        return None
    path = Path(value)
    try:
        return path if (path.is_file() if regular else path.exists()) else None
    except (OSError, ValueError):
        return None


def recent_files() -> list[str]:
    """Return the recently opened matter files that still exist, newest first."""
    value = settings().value("files/recent", [])
    if not isinstance(value, list):
        value = [value]
    found = [_existing_file(v) for v in value[: MAX_RECENT * 4]]
    return [str(p) for p in found if p is not None]


def add_recent_file(path: Path | str) -> None:
    """Put a file at the top of the recent files and remember it as the last matter."""
    path = str(Path(path).resolve())
    files = [f for f in recent_files() if f != path]
    store = settings()
    store.setValue("files/recent", [path, *files][:MAX_RECENT])
    store.setValue("files/last", path)
    store.sync()


def last_matter() -> Path | None:
    """Return the matter open when the program last closed, if it is still there (opening it
    says what is wrong with anything there that is not a matter)."""
    return _existing_file(settings().value("files/last"), regular=False)
