"""The window's remembered settings (geometry, splitter, zoom, recent files), as INI in the config folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from .. import paths

MAX_RECENT = 8


def settings() -> QSettings:
    """Return the settings store: an INI file in the user's config folder (OPINIONDESK_HOME in tests)."""
    return QSettings(str(paths.user_config_dir() / "opiniondesk.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[str]:
    """Return the recently opened matter files that still exist, newest first."""
    value = settings().value("files/recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if Path(str(v)).is_file()]


def add_recent_file(path: Path | str) -> None:
    """Put a file at the top of the recent files and remember it as the last matter."""
    path = str(Path(path).resolve())
    files = [f for f in recent_files() if f != path]
    store = settings()
    store.setValue("files/recent", [path, *files][:MAX_RECENT])
    store.setValue("files/last", path)
    store.sync()


def last_matter() -> Path | None:
    """Return the matter open when the program last closed, if it still exists."""
    value = settings().value("files/last")
    if value and Path(str(value)).is_file():
        return Path(str(value))
    return None
