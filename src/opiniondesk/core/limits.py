"""The limits OpinionDesk keeps to on untrusted input, and the file reader that enforces them.

Matter files, recovery files, settings, rows and precedents come from anywhere: each is read only
if it is a regular file under its size limit (`read_regular_file`), so `/dev/zero`, a FIFO or a
1 GB file is refused by name before a byte is read. Every limit is named here, once.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import OpinionDeskError

# ---- fact values ---------------------------------------------------------------------------------
MAX_FACT_CHARS = 20_000  # one text fact: several pages of a letter; more is a paste gone wrong
MAX_LIST_ITEMS = 500  # items of one list fact (plans, guarantors, series)
MAX_WHOLE_DIGITS = 15  # digits before the point of an amount or a count: under a quadrillion
MAX_NUMBER_CHARS = 64  # characters of an amount or count typed as text ("$1,000,000,000.00")

# ---- files -----------------------------------------------------------------------------------------
MAX_MATTER_BYTES = 8 * 1024 * 1024  # a matter or recovery file
MAX_SETTINGS_BYTES = 1024 * 1024  # settings.json and the window's INI file
MAX_JSON_DEPTH = 32  # nesting of a matter file's JSON (a matter needs about five levels)
MAX_JSON_NUMBER_DIGITS = 40  # digits of a bare JSON number, refused before it is converted


def describe_size(size: int) -> str:
    """Return a size for a message: "1,024 bytes", "12.5 MB"."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):,.1f} MB"


def check_regular_file(path: Path | str, max_bytes: int, what: str = "file") -> os.stat_result:
    """Return a file's status if it is a regular file of at most `max_bytes`; raise naming it if not.

    For a caller that hands the path to a library (python-docx, zipfile) rather than reading it
    here; `read_regular_file` reads it too, checking again on the opened file.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:
        raise OpinionDeskError(_cannot_read(exc), str(path)) from None
    _check_status(st, path, max_bytes, what)
    return st


def read_regular_file(path: Path | str, max_bytes: int, what: str = "file") -> bytes:
    """Read a whole file that is a regular file of at most `max_bytes`; raise naming it if not.

    The file is opened without blocking (a FIFO would otherwise wait for a writer) and checked
    again once open, so a file swapped for a device between the two checks is refused too; at
    most `max_bytes` + 1 bytes are read, so a file that grows meanwhile is refused, not read whole.
    """
    path = Path(path)
    check_regular_file(path, max_bytes, what)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise OpinionDeskError(_cannot_read(exc), str(path)) from None
    try:
        _check_status(os.fstat(fd), path, max_bytes, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise OpinionDeskError(_cannot_read(exc), str(path)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise OpinionDeskError(
            f"is larger than a {what} may be ({describe_size(max_bytes)})", str(path)
        )
    return data


def _cannot_read(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"cannot read the file: {exc.strerror or exc}"
    return f"cannot read the file: {exc}"


def _check_status(st: os.stat_result, path: Path, max_bytes: int, what: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise OpinionDeskError(f"is a folder, not a {what}", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise OpinionDeskError(
            f"is not a regular file (a device, pipe or socket), so not a {what}", str(path)
        )
    if st.st_size > max_bytes:
        raise OpinionDeskError(
            f"is {describe_size(st.st_size)}, larger than a {what} may be "
            f"({describe_size(max_bytes)})",
            str(path),
        )
