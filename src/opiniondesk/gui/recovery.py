"""Crash recovery: unsaved matters autosaved to the recovery folder, and found again at start."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..core.errors import OpinionDeskError
from ..core.matter import Matter, atomic_write, matter_from_json

RECOVERY_KEY = "recovery"


@dataclass
class Recovered:
    """An autosaved matter: its recovery file, the file it belongs to, and when it was saved."""

    file: Path
    original: Path | None
    saved: str
    matter: Matter


def new_recovery_file() -> Path:
    """Return a fresh recovery file path for one open matter."""
    return paths.recovery_dir() / f"matter-{uuid.uuid4().hex[:12]}.opinion"


def write_recovery(file: Path, matter: Matter) -> None:
    """Autosave a matter, remembering which file it belongs to."""
    data = matter.to_json()
    data[RECOVERY_KEY] = {
        "path": str(matter.path) if matter.path else None,
        "saved": dt.datetime.now().isoformat(timespec="seconds"),
    }
    atomic_write(file, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def discard_recovery(file: Path | None) -> None:
    """Delete a recovery file (the matter was saved or closed on purpose)."""
    if file is not None:
        try:
            file.unlink()
        except FileNotFoundError:
            pass


def find_recovered() -> list[Recovered]:
    """Return every autosaved matter left by a session that did not close cleanly."""
    found = []
    for file in sorted(paths.recovery_dir().glob("*.opinion")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            info = data.pop(RECOVERY_KEY, {}) if isinstance(data, dict) else {}
            matter = matter_from_json(data, str(file))
        except (OSError, ValueError, OpinionDeskError):
            continue
        original = Path(info["path"]) if isinstance(info, dict) and info.get("path") else None
        found.append(Recovered(file, original, str(info.get("saved", "")), matter))
    return found
