"""The user's settings (department template folders, letterhead), kept as JSON in the settings folder; no Qt."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .core.errors import OpinionDeskError
from .core.limits import MAX_SETTINGS_BYTES, loads_json, read_text_file

SETTINGS_FILE = "settings.json"
TEMPLATE_PATH_ENV = "OPINIONDESK_TEMPLATE_PATH"

_cache: tuple[tuple[str, int], Settings] | None = None


@dataclass
class Settings:
    """What the user chose in Preferences; unknown keys from newer versions are kept as they were."""

    department_folders: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    letterhead: str = ""  # a department's letterhead DOCX; "" for the built-in one

    def to_json(self) -> dict[str, Any]:
        """Return the JSON object the settings file holds."""
        data = dict(self.extra)
        data["department_folders"] = list(self.department_folders)
        if self.letterhead:
            data["letterhead"] = self.letterhead
        return data


def settings_path() -> Path:
    """Return the settings file's path."""
    return paths.user_config_dir() / SETTINGS_FILE


def load_settings() -> Settings:
    """Read the settings; a missing file gives the defaults, a damaged one raises naming it (one
    that is not a small regular file, or not JSON of ours, included)."""
    global _cache
    path = settings_path()
    try:
        stat = path.stat()
    except OSError:
        return Settings()
    key = (str(path), stat.st_mtime_ns + stat.st_size)
    if _cache is not None and _cache[0] == key:
        cached = _cache[1]
        return Settings(list(cached.department_folders), dict(cached.extra), cached.letterhead)
    data = loads_json(read_text_file(path, MAX_SETTINGS_BYTES, "settings file"), str(path))
    if not isinstance(data, dict):
        raise OpinionDeskError("the settings must be a JSON object", str(path))
    folders = data.get("department_folders", [])
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise OpinionDeskError("department_folders must be a list of folder paths", str(path))
    letterhead = data.get("letterhead", "")
    if not isinstance(letterhead, str):
        raise OpinionDeskError("letterhead must be the path of a DOCX file", str(path))
    extra = {k: v for k, v in data.items() if k not in ("department_folders", "letterhead")}
    settings = Settings(list(folders), extra, letterhead)
    _cache = (key, settings)
    return Settings(list(folders), dict(settings.extra), letterhead)


def settings_problem() -> str | None:
    """Return why the settings file cannot be read (naming it), or None when it can or is absent."""
    try:
        load_settings()
    except OpinionDeskError as exc:
        return str(exc)
    return None


def save_settings(settings: Settings) -> None:
    """Write the settings atomically (a temporary file, then replace)."""
    global _cache
    from .core.matter import atomic_write

    path = settings_path()
    text = json.dumps(settings.to_json(), indent=2, ensure_ascii=False) + "\n"
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise OpinionDeskError(
            f"cannot save the settings: {exc.strerror or exc}", str(path)
        ) from None
    _cache = None
    from .core.templates import reset_default_library

    reset_default_library()  # the department folders may have changed


def env_template_folders() -> list[Path]:
    """Return the folders named by OPINIONDESK_TEMPLATE_PATH (separated by os.pathsep)."""
    value = os.environ.get(TEMPLATE_PATH_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def department_folders() -> list[Path]:
    """Return every department template folder: the environment's first, then the settings', once each.

    A damaged settings file is left out here (the Preferences dialog reports it), so the built-in
    templates still work.
    """
    try:
        configured = [Path(f) for f in load_settings().department_folders]
    except OpinionDeskError:
        configured = []
    out: list[Path] = []
    for folder in env_template_folders() + configured:
        if folder not in out:
            out.append(folder)
    return out


def chosen_letterhead() -> Path | None:
    """Return the letterhead chosen in Preferences, or None for the built-in one (also when the
    settings cannot be read: the Preferences dialog reports that)."""
    try:
        chosen = load_settings().letterhead
    except OpinionDeskError:
        return None
    return Path(chosen) if chosen else None
