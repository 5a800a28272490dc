"""Reading a template folder's files as untrusted input: inside the template's folders, regular, bounded.

A department folder may hold links, FIFOs, devices and huge files, by accident or by design. A
template may read only regular files that really are (links resolved) inside its own folder or the
shared-clause folders, `_shared` of its department folder and of the built-in one, and none over
`MAX_FILE_BYTES`. The engine's loader, the schema reader and the letter cache all read through here.
No jinja2: listing templates and drawing a remembered letter use this too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import OpinionDeskError
from .limits import read_regular_file

MAX_FILE_BYTES = 128 * 1024  # a template file at most (the largest built-in one is 11 KB); the
# densest template this size compiles in about 2 s
SHARED_DIR = "_shared"


def _key(path: str) -> str:
    return os.path.normcase(path)


def is_inside(real: str, folders: Iterable[str]) -> bool:
    """Return whether a resolved path is one of the folders or lies under one of them."""
    key = _key(real)
    for folder in folders:
        top = _key(folder)
        if key == top or key.startswith(top.rstrip(os.sep) + os.sep):
            return True
    return False


def real_folder(path: Path | str) -> str:
    """Return a folder's path with every link resolved."""
    return os.path.realpath(path)


def leaves_folder(path: Path | str, folder: Path | str) -> str | None:
    """Return where `path` really leads when a link takes it out of `folder`, else None."""
    real = os.path.realpath(path)
    return None if is_inside(real, [real_folder(folder)]) else real


def allowed_folders(folder: Path, root: Path, builtin: Path) -> tuple[str, ...]:
    """Return the resolved folders a template may read: its own folder, and the `_shared` folders
    of its department folder and of the built-in one, each only where it stays inside its root."""
    allowed = []
    for base, sub in ((root, folder.name), (root, SHARED_DIR), (builtin, SHARED_DIR)):
        if leaves_folder(base / sub, base) is None:
            allowed.append(real_folder(base / sub))
    return tuple(dict.fromkeys(allowed))


def refuse_link_out(path: Path | str, allowed: Iterable[str]) -> str:
    """Return the resolved path, or raise naming `path` when it leads outside the allowed folders."""
    real = os.path.realpath(path)
    if not is_inside(real, allowed):
        raise OpinionDeskError(
            f"refused: a link leads outside the template's folders, to {real}", str(path)
        )
    return real


def read_file(path: Path | str, allowed: Iterable[str], limit: int | None = None) -> bytes:
    """Return a template file's bytes; raise naming the file when it lies outside the allowed
    folders, is not a regular file (a FIFO, a device, a folder) or is larger than the limit."""
    real = refuse_link_out(path, allowed)
    # The path is resolved already: no link may have crept in since.
    limit = MAX_FILE_BYTES if limit is None else limit
    return read_regular_file(real, limit, "template file", named=str(path), follow_links=False)


def decode(data: bytes, path: Path | str) -> str:
    """Return a template file's text (without the byte-order mark Windows editors may start it
    with); a byte that is not UTF-8 is named by file and line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise OpinionDeskError(
            f"not UTF-8 text (byte 0x{bad}); save the file as UTF-8", f"{path}, line {line}"
        ) from None


def read_text(path: Path | str, allowed: Iterable[str], limit: int | None = None) -> str:
    """Return a template file's text, read as `read_file` reads and decoded as `decode` does."""
    return decode(read_file(path, allowed, limit), path)
