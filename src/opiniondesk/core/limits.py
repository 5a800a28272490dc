"""The limits OpinionDesk keeps to on untrusted input, and the file reader that enforces them.

Matter files, recovery files, settings, rows, letterheads, signature images and precedents come
from anywhere: each is read only if it is a regular file under its size limit
(`read_regular_file`), so `/dev/zero`, a FIFO or a 1 GB file is refused by name before a byte is
read. Every limit is named here, once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import OpinionDeskError, Problem, shown

# ---- fact values ---------------------------------------------------------------------------------
MAX_FACT_CHARS = 20_000  # one text fact: several pages of a letter; more is a paste gone wrong
MAX_LIST_ITEMS = 500  # items of one list fact (plans, guarantors, series)
MAX_WHOLE_DIGITS = 15  # digits before the point of an amount or a count: under a quadrillion
MAX_NUMBER_CHARS = 64  # characters of an amount or count typed as text ("$1,000,000,000.00")

# ---- files -----------------------------------------------------------------------------------------
MAX_MATTER_BYTES = 8 * 1024 * 1024  # a matter or recovery file
MAX_SETTINGS_BYTES = 1024 * 1024  # settings.json and the window's INI file
MAX_LETTERHEAD_BYTES = 32 * 1024 * 1024  # a letterhead DOCX, its logo images included
MAX_SIGNATURE_IMAGE_BYTES = 16 * 1024 * 1024  # a scanned signature (PNG or JPEG) to import
MAX_PRECEDENT_BYTES = 20 * 1024 * 1024  # a precedent letter to import (a DOCX with its pictures)
MAX_JSON_DEPTH = 32  # nesting of a matter file's JSON (a matter needs about five levels)
MAX_JSON_NUMBER_DIGITS = 40  # digits of a bare JSON number, refused before it is converted


def describe_size(size: int, beside: int | None = None) -> str:
    """Return a size for a message: "1,024 bytes", "12.5 MB". With `beside` (the size it is
    compared with, a limit), in bytes wherever in megabytes the two would read the same."""

    def megabytes(n: int) -> str:
        return f"{n / (1024 * 1024):,.1f} MB"

    if size < 1024 * 1024 or (beside is not None and megabytes(size) == megabytes(beside)):
        return f"{size:,} bytes"
    return megabytes(size)


def check_regular_file(
    path: Path | str, max_bytes: int, what: str = "file", named: str = "", follow_links: bool = True
) -> os.stat_result:
    """Return a file's status if it is a regular file of at most `max_bytes`; raise naming it if not.

    For a caller that hands the path to a library (python-docx, zipfile) rather than reading it
    here; `read_regular_file` reads it too, checking again on the opened file. Messages name the
    file `named`, else its path; without `follow_links` a link is refused, not followed.
    """
    path = Path(path)
    named = named or str(path)
    try:
        st = os.stat(path) if follow_links else os.lstat(path)
    except (OSError, ValueError) as exc:
        raise OpinionDeskError(_cannot_read(exc), named) from None
    _check_status(st, named, max_bytes, what)
    return st


def read_regular_file(
    path: Path | str, max_bytes: int, what: str = "file", named: str = "", follow_links: bool = True
) -> bytes:
    """Read a whole file that is a regular file of at most `max_bytes`; raise naming it if not.

    The file is opened without blocking (a FIFO would otherwise wait for a writer) and checked
    again once open, so a file swapped for a device between the two checks is refused too; at
    most `max_bytes` + 1 bytes are read, so a file that grows meanwhile is refused, not read whole.
    `named` and `follow_links` as for `check_regular_file` (a link swapped in is refused too).
    """
    path = Path(path)
    named = named or str(path)
    check_regular_file(path, max_bytes, what, named, follow_links)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise OpinionDeskError(_cannot_read(exc), named) from None
    try:
        _check_status(os.fstat(fd), named, max_bytes, what)
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
        raise OpinionDeskError(_cannot_read(exc), named) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise OpinionDeskError(
            f"is larger than a {what} may be ({describe_size(max_bytes)})", named
        )
    return data


def read_text_file(path: Path | str, max_bytes: int, what: str = "file") -> str:
    """Read a whole regular file of at most `max_bytes` (see `read_regular_file`) as UTF-8 text,
    without the byte-order mark Windows editors may start it with; raise naming it if not."""
    raw = read_regular_file(path, max_bytes, what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OpinionDeskError(f"is not UTF-8 text (byte {exc.start})", str(path)) from None


def _cannot_read(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"cannot read the file: {exc.strerror or exc}"
    return f"cannot read the file: {exc}"


def _check_status(st: os.stat_result, named: str, max_bytes: int, what: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise OpinionDeskError(f"is a folder, not a {what}", named)
    if stat.S_ISLNK(st.st_mode):
        raise OpinionDeskError(f"is a link, not a {what}", named)
    if not stat.S_ISREG(st.st_mode):
        raise OpinionDeskError(
            f"is not a regular file (a device, pipe or socket), so not a {what}", named
        )
    if st.st_size > max_bytes:
        raise OpinionDeskError(
            f"is {describe_size(st.st_size, max_bytes)}, larger than a {what} may be "
            f"({describe_size(max_bytes, st.st_size)})",
            named,
        )


# ---- JSON ----------------------------------------------------------------------------------------


class _Refused:
    """A JSON value refused while parsing (NaN, Infinity, a huge number), reported by its place
    once the whole text is parsed; never left in a value returned."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_DUPLICATES = object()  # the key (never a JSON string) under which an object lists repeated keys


def _parse_constant(name: str) -> _Refused:
    return _Refused(f"{name} is not a number OpinionDesk accepts")


def _parse_int(text: str) -> int | _Refused:
    digits = len(text.lstrip("-"))
    if digits > MAX_JSON_NUMBER_DIGITS:
        return _Refused(f"a number of {digits:,} digits is too large")
    return int(text)


def _parse_float(text: str) -> float | _Refused:
    import math
    from decimal import Decimal

    if len(text) > 2 * MAX_JSON_NUMBER_DIGITS:
        return _Refused(f"a number of {len(text):,} characters is too large")
    value = float(text)
    if not math.isfinite(value):
        return _Refused(f"{text} is too large a number")
    if Decimal(repr(value)) != Decimal(text):
        return _Refused(
            f"{text} has more digits than a JSON number keeps exactly; write it as text"
        )
    return value


def _object(pairs: list[tuple[str, object]]) -> dict:
    obj: dict = {}
    repeated: list[str] = []
    for key, value in pairs:
        if key in obj and key not in repeated:
            repeated.append(key)
        obj[key] = value
    if repeated:
        obj[_DUPLICATES] = repeated
    return obj


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def loads_json(
    text: str, where: str = "", place: Callable[[tuple[str | int, ...]], str] | None = None
) -> Any:
    """Parse JSON that came from a file, refusing what no file of ours holds; raise naming each.

    Refused, each with its place (`place` turns a path of keys and indexes into words; dotted by
    default): duplicate keys (rather than keeping the last), NaN and Infinity, numbers of more than
    MAX_JSON_NUMBER_DIGITS digits or too large for a float, floats that would not keep their digits,
    and nesting deeper than MAX_JSON_DEPTH. A syntax error names its line and column.
    """
    import json

    try:
        data = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_parse_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        loc = f"{where}, line {exc.lineno}, column {exc.colno}" if where else f"line {exc.lineno}"
        raise OpinionDeskError(
            f"not valid JSON ({exc.msg}); the file may be truncated", loc
        ) from None
    except RecursionError:
        raise OpinionDeskError(
            f"is nested too deeply (more than {MAX_JSON_DEPTH} levels)", where
        ) from None
    place = place or _dotted
    problems: list[Problem] = []

    def bad(path: tuple[str | int, ...], message: str) -> None:
        here = place(path) if path else ""
        problems.append(Problem(": ".join(p for p in (where, here) if p), message))

    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:  # depth first, in file order; no recursion, whatever the depth
        path, value = stack.pop()
        if isinstance(value, _Refused):
            bad(path, value.message)
        elif isinstance(value, dict | list) and len(path) >= MAX_JSON_DEPTH:
            bad(path, f"is nested too deeply (more than {MAX_JSON_DEPTH} levels)")
        elif isinstance(value, dict):
            for key in value.pop(_DUPLICATES, []):
                bad(path, f"names {shown(key)} twice; a key may appear once")
            stack += [(path + (k,), v) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(path + (i,), v) for i, v in reversed(list(enumerate(value)))]
    if problems:
        raise OpinionDeskError(problems)
    return data
