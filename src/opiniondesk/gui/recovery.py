"""Crash recovery: unsaved matters autosaved to the recovery folder, and found again at start.

A recovery file is untrusted like any other: one that cannot be read is moved aside into the
`set-aside` folder beside it (never deleted, never offered again) and the start says where.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..core.errors import OpinionDeskError
from ..core.limits import MAX_MATTER_BYTES, loads_json, read_text_file
from ..core.matter import Matter, atomic_write, matter_from_json, remove_stale_temporaries
from .settings import MAX_PATH_CHARS

RECOVERY_KEY = "recovery"
SET_ASIDE_DIR = "set-aside"
# new_recovery_file's names, and atomic_write's temporary files beside them
_TEMPORARY_RE = re.compile(r"\.matter-[0-9a-f]{12}\.opinion\.[a-z0-9_]{8}\.tmp")


@dataclass
class Recovered:
    """An autosaved matter: its recovery file, the file it belongs to, and when it was saved."""

    file: Path
    original: Path | None
    saved: str
    matter: Matter


@dataclass
class SetAside:
    """A recovery file that could not be read: why, and where it was moved (None: it stays)."""

    file: Path
    problem: str
    moved_to: Path | None


@dataclass
class RecoveryScan:
    """What the recovery folder held at start: work to offer back, and files set aside."""

    found: list[Recovered] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)


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


def read_recovery(file: Path) -> Recovered:
    """Read one recovery file; raise OpinionDeskError naming it if it is not one we wrote."""
    data = loads_json(read_text_file(file, MAX_MATTER_BYTES, "recovery file"), str(file))
    info = data.pop(RECOVERY_KEY, None) if isinstance(data, dict) else None
    if not isinstance(info, dict):
        raise OpinionDeskError(
            f"'{RECOVERY_KEY}' must say which file the work belongs to", str(file)
        )
    original = info.get("path")
    saved = info.get("saved", "")
    if original is not None and (
        not isinstance(original, str)
        or not original
        or "\0" in original
        or len(original) > MAX_PATH_CHARS
    ):
        raise OpinionDeskError(f"'{RECOVERY_KEY}.path' is not the path of a file", str(file))
    if not isinstance(saved, str) or len(saved) > 64:
        raise OpinionDeskError(f"'{RECOVERY_KEY}.saved' is not a time", str(file))
    matter = matter_from_json(data, str(file))
    return Recovered(file, Path(original) if original else None, saved, matter)


def set_aside(file: Path) -> Path | None:
    """Move a recovery file that cannot be read into the set-aside folder; return where (None if
    it could not be moved: then it stays, and is reported again next time)."""
    folder = file.parent / SET_ASIDE_DIR
    try:
        folder.mkdir(exist_ok=True)
        target = folder / file.name
        n = 1
        while os.path.lexists(target):
            n += 1
            target = folder / f"{file.stem}-{n}{file.suffix}"
        os.replace(file, target)
    except OSError:
        return None
    return target


def scan_recovery() -> RecoveryScan:
    """Return every autosaved matter left by a session that did not close cleanly; move aside,
    and list, each recovery file that cannot be read."""
    scan = RecoveryScan()
    try:
        folder = paths.recovery_dir()
        files = sorted(folder.glob("*.opinion"))
    except (OSError, OpinionDeskError):
        return scan
    remove_stale_temporaries(folder, _TEMPORARY_RE.fullmatch)  # killed autosaves' leftovers
    for file in files:
        try:
            scan.found.append(read_recovery(file))
        except OpinionDeskError as exc:
            problem = "; ".join(p.message for p in exc.problems[:3])
            scan.set_aside.append(SetAside(file, problem, set_aside(file)))
    return scan
