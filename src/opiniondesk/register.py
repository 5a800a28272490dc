"""The register of signed copies: an append-only, hash-chained log (JSON lines) in the user data folder.

Each line is one record: canonical JSON (sorted keys, no spaces) whose `hash` is the SHA-256 of the
record without it, and whose `prev` is the hash of the line before. A record without an `event` key
is a signed copy (the fields of FIELDS); a record with `"event": "repair"` says the next append found
the end of the file cut short (an interrupted write) and removed those bytes, naming their length
and hash. Verification hashes whatever keys a record holds, so later records may carry more fields
(add them to FIELDS) while the old ones verify unchanged.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import hashlib
import json
import os
import platform
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from . import paths
from .core.errors import OpinionDeskError
from .core.matter import Matter
from .core.model import Deviation

REGISTER_FILE = "signed-copies.jsonl"
GENESIS = "0" * 64
CHAIN_OK = "All {count} signed-copy records are intact."
CHAIN_BAD = "Record {num} of {total} fails verification: {problem}"
TRUNCATED = (
    "the register ends at record {total}, but the keychain remembers record {head} as the last: "
    "records {first} to {head} were removed"
)
HEAD_CHANGED = "the record is not the one the keychain remembers as record {num} (it was replaced)"
TORN_TAIL = (
    "the last {count} bytes are a record cut short by an interrupted write; "
    "the next signed copy removes them and records the repair"
)
LOCKED_BY = (
    "the register of signed copies is in use by process {pid} on {host} (another OpinionDesk); "
    "try again"
)
LOCKED = "the register of signed copies is in use by another OpinionDesk; try again"
REPAIR_EVENT = "repair"
MAX_TAIL = 16 * 1024 * 1024  # a record longer than this is not ours: the end is read no further
REMOVED_TEXT_MAX = 2000  # how much of a removed, cut-short record a repair record quotes
_LOCK_INFO_SIZE = 512  # the lock file's owner note, padded, so it is rewritten in place
_WINDOWS_LOCK_AT = (
    1 << 30
)  # Windows locks bytes; lock one far past the owner note, which stays readable
KEYCHAIN_SERVICE = "OpinionDesk"
FIELDS = (
    "seq",
    "time",
    "user",
    "signer_profile",
    "signer_name",
    "matter",
    "format",
    "output",
    "facts_sha256",
    "output_sha256",
    "override",
    "overridden_rules",
    "prev",
    # EDGAR filing copies and the signed originals kept for them (Regulation S-T Rule 302(b)):
    "copy",  # "filing" for an EDGAR copy; "signed" (or absent, in older records) otherwise
    "link",  # {"seq", "hash", "copy"}: the record of the other copy, same matter and facts
    "keep_until",  # the signed original may be destroyed after this date (YYYY-MM-DD)
    # A letter whose wording the matter edited (`core.wording`): that it deviates from the
    # template's approved form, and each edit with the SHA-256 of its paragraph as printed.
    "deviates",
    "deviations",
)
KEEP_YEARS = 5  # Regulation S-T Rule 302(b): keep the manually signed original five years


def register_path() -> Path:
    """Return the register's file in the user data folder."""
    return paths.user_data_dir() / REGISTER_FILE


def _canonical(data: dict[str, Any]) -> bytes:
    """Return the one byte form a record is written in (sorted keys, no spaces, UTF-8)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _record_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(body)).hexdigest()


def sha256_hex(data: bytes) -> str:
    """Return the SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def facts_sha256(matter: Matter) -> str:
    """Return the SHA-256 of what the letter says: template, date, signer and facts (canonical JSON)."""
    content = {
        "template": {"id": matter.template_id, "version": matter.template_version},
        "letter_date": matter.letter_date,
        "signer": matter.signer,
        "facts": matter.facts,
    }
    if matter.edits:  # the matter's own wording is part of what the letter says
        content["edits"] = matter.edits
    return sha256_hex(_canonical(content))


def deviation_fields(
    matter: Matter, deviations: Sequence[Deviation] | None = None
) -> dict[str, Any]:
    """Return the fields recording that a matter's letter deviates from its template's wording:
    each edit's paragraph key, action, standing and the SHA-256 of the paragraph as printed.

    `deviations` are those of the letter just made from the matter (`Letter.deviations`); without
    them the letter is rendered again to find them."""
    if not matter.edits:
        return {}
    from .core.wording import deviation_hash

    if deviations is None:
        from .core.templates import render_letter

        try:
            deviations = render_letter(
                matter.template(),
                matter.facts,
                matter.letter_date,
                matter.signer,
                edits=matter.edits,
            ).deviations
        except OpinionDeskError:  # the copy was made, so this cannot fail but for a race: say so
            items = [
                {"key": e.get("key") if isinstance(e, dict) else None, "state": "unread"}
                for e in matter.edits
            ]
            return {"deviates": True, "deviations": items}
    items = [
        {
            "key": d.key,
            "action": d.action,
            "state": d.state,
            "sha256": deviation_hash(d) if d.state in ("applied", "changed") else None,
        }
        for d in deviations
    ]
    return {"deviates": True, "deviations": items}


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers): say so rather than fail
        return "unknown"


@dataclass(frozen=True)
class RegisterCheck:
    """The outcome of verifying the chain: how many records, and the first bad one (1-based) and why."""

    records: int
    bad_record: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Return whether every record is intact and follows the one before."""
        return self.bad_record is None

    def message(self) -> str:
        """Return the outcome in one sentence for the user."""
        if self.ok:
            return CHAIN_OK.format(count=self.records)
        return CHAIN_BAD.format(num=self.bad_record, total=self.records, problem=self.problem)


def _parsed(line: bytes) -> dict[str, Any] | None:
    """Return the record a line holds, or None if it holds none (a damaged line)."""
    try:
        data = json.loads(line.decode("utf-8"))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@dataclass
class _CopyIndex:
    """What recording a copy looks up in a register, read once and then extended by the bytes
    appended since (by this or any other OpinionDesk): the latest record of each copy of a matter
    and facts, and the SHA-256 of the latest copy recorded under each output file.

    `offset` is how far whole lines were read and `last_line` the line that ends there, so a file
    replaced or cut back (its identity changed, shorter, or other bytes there) is read again whole.
    A record after the last newline (`tail`, written whole but for it) counts as the latest.
    """

    file_id: tuple[int, int] | None = None
    offset: int = 0
    last_line: bytes = b""
    latest: dict[tuple[str, str | None, str], dict[str, Any]] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    tail: dict[str, Any] | None = None

    def refresh(self, path: Path) -> None:
        """Read what the file gained since the last call (the whole file when it is not the one read)."""
        try:
            fh = open(path, "rb")
        except FileNotFoundError:
            self._start(None)
            return
        except OSError as exc:
            raise OpinionDeskError(f"cannot read: {exc.strerror or exc}", str(path)) from None
        with fh:
            stat = os.fstat(fh.fileno())
            file_id = (stat.st_dev, stat.st_ino)
            if file_id != self.file_id or stat.st_size < self.offset or not self._ends_as_read(fh):
                self._start(file_id)
            fh.seek(self.offset)
            new = fh.read()
        end = new.rfind(b"\n")
        if end != -1:
            lines = new[:end].split(b"\n")
            for line in lines:
                record = _parsed(line)
                if record is not None:
                    self._add(record)
            self.offset += end + 1
            self.last_line = lines[-1] + b"\n"
        rest = new[end + 1 :]
        self.tail = _parsed(rest) if rest else None

    def _start(self, file_id: tuple[int, int] | None) -> None:
        """Forget what was read: the file is read again from its start."""
        self.file_id, self.offset, self.last_line, self.tail = file_id, 0, b"", None
        self.latest.clear()
        self.outputs.clear()

    def _ends_as_read(self, fh: Any) -> bool:
        if not self.offset:
            return True
        fh.seek(self.offset - len(self.last_line))
        return bool(fh.read(len(self.last_line)) == self.last_line)

    def _add(self, record: dict[str, Any]) -> None:
        output, output_hash = record.get("output"), record.get("output_sha256")
        if isinstance(output, str) and isinstance(output_hash, str):
            self.outputs[output] = output_hash
        key = _copy_key(record)
        if key is not None:
            self.latest[key] = {"seq": record.get("seq"), "hash": record.get("hash")}

    def latest_copy(self, copy: str, matter: str | None, facts: str) -> dict[str, Any] | None:
        """Return the seq and hash of the latest record of a copy of a matter and its facts."""
        if self.tail is not None and _copy_key(self.tail) == (copy, matter, facts):
            return {"seq": self.tail.get("seq"), "hash": self.tail.get("hash")}
        return self.latest.get((copy, matter, facts))

    def output_sha256(self, output: str) -> str | None:
        """Return the SHA-256 of the latest copy recorded under an output file's name."""
        tail = self.tail or {}
        if tail.get("output") == output and isinstance(tail.get("output_sha256"), str):
            return str(tail["output_sha256"])
        return self.outputs.get(output)


def _copy_key(record: dict[str, Any]) -> tuple[str, str | None, str] | None:
    """Return the copy, matter and facts a record links by, or None (a repair, a damaged line)."""
    copy, matter, facts = copy_of(record), record.get("matter"), record.get("facts_sha256")
    if (
        "damaged" in record
        or copy == "repair"
        or not isinstance(facts, str)
        or not (matter is None or isinstance(matter, str))
    ):
        return None
    return copy, matter, facts


class SignedCopyRegister:
    """The register file: append a record for each signed copy, read them back, verify the chain.

    The chain shows a record changed or removed in the middle; the last record's number and hash
    are also kept in the system keychain, so cutting records off the end shows too (where there
    is a keychain: without one, the chain alone is checked).
    """

    # Each register file's index, shared by every object for it (a batch makes one per copy).
    _indexes: ClassVar[dict[str, _CopyIndex]] = {}
    _indexes_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self, path: Path | str | None = None, keychain: Any = None, lock_timeout: float = 5.0
    ) -> None:
        self.path = Path(path) if path else register_path()
        self._keychain = keychain
        self.lock_timeout = lock_timeout

    # ---- the head, anchored in the keychain --------------------------------------------------------

    def _head_entry(self) -> str:
        return "register-head:" + hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:16]

    def _backend(self) -> Any:
        if self._keychain is None:
            import keyring

            self._keychain = keyring.get_keyring()
        return self._keychain

    def _remember_head(self, seq: int, record_hash: str) -> None:
        try:
            self._backend().set_password(
                KEYCHAIN_SERVICE, self._head_entry(), f"{seq} {record_hash}"
            )
        except Exception:  # noqa: BLE001 - no keychain: the chain alone protects the register
            pass

    def _remembered_head(self) -> tuple[int, str] | None:
        try:
            value = self._backend().get_password(KEYCHAIN_SERVICE, self._head_entry())
            seq, record_hash = str(value).split()
            return int(seq), record_hash
        except Exception:  # noqa: BLE001 - none kept, or no keychain
            return None

    # ---- reading ---------------------------------------------------------------------------------

    def _bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return b""
        except OSError as exc:
            raise OpinionDeskError(f"cannot read: {exc.strerror or exc}", str(self.path)) from None

    def _lines(self, raw: bytes | None = None) -> list[bytes]:
        raw = self._bytes() if raw is None else raw
        lines = raw.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        return lines

    def records(self) -> list[dict[str, Any]]:
        """Return every record that parses, in order (a damaged line shows as {"damaged": line no})."""
        out: list[dict[str, Any]] = []
        for n, line in enumerate(self._lines(), start=1):
            try:
                data = json.loads(line.decode("utf-8"))
                if not isinstance(data, dict):
                    raise ValueError
            except ValueError:
                data = {"damaged": n}
            out.append(data)
        return out

    def latest_copy(self, copy: str, matter: str | None, facts: str) -> dict[str, Any] | None:
        """Return the seq and hash of the latest record of a copy ("signed", "filing") of a
        matter (None: untitled) and its facts, or None; reads only what was appended since."""
        with self._indexes_lock:
            index = self._indexes.setdefault(str(self.path.absolute()), _CopyIndex())
            index.refresh(self.path)
            return index.latest_copy(copy, matter, facts)

    def recorded_output(self, output: str) -> str | None:
        """Return the SHA-256 of the latest copy recorded under a file's name, or None."""
        with self._indexes_lock:
            index = self._indexes.setdefault(str(self.path.absolute()), _CopyIndex())
            index.refresh(self.path)
            return index.output_sha256(output)

    def verify(self) -> RegisterCheck:
        """Check every record against its own hash and the hash of the one before; name the first bad one."""
        raw = self._bytes()
        lines = self._lines(raw)
        prev = GENESIS
        hashes = []
        torn = not raw.endswith(b"\n")  # an append cut short (or nothing: then no line to blame)
        for n, line in enumerate(lines, start=1):
            problem = self._check_line(line, n, prev)
            if problem:
                if n == len(lines) and torn:
                    problem = TORN_TAIL.format(count=len(line))
                return RegisterCheck(len(lines), n, problem)
            prev = json.loads(line.decode("utf-8"))["hash"]
            hashes.append(prev)
        head = self._remembered_head()
        if head is not None:
            seq, record_hash = head
            if seq > len(lines):
                problem = TRUNCATED.format(total=len(lines), head=seq, first=len(lines) + 1)
                return RegisterCheck(len(lines), len(lines) + 1, problem)
            if seq >= 1 and hashes[seq - 1] != record_hash:
                return RegisterCheck(len(lines), seq, HEAD_CHANGED.format(num=seq))
        return RegisterCheck(len(lines))

    @staticmethod
    def _check_line(line: bytes, n: int, prev: str) -> str:
        try:
            data = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return "the line is not a readable record (it was changed or cut)"
        if not isinstance(data, dict) or not isinstance(data.get("hash"), str):
            return "the record has no hash"
        if _canonical(data) != line:
            return "the record's bytes were changed (it is no longer as written)"
        body = {k: v for k, v in data.items() if k != "hash"}
        if _record_hash(body) != data["hash"]:
            return "the record's contents do not match its hash (it was changed)"
        if data.get("prev") != prev:
            return "the record does not follow the one before it (a record was removed, added or changed)"
        if data.get("seq") != n:
            return f"the record is numbered {data.get('seq')!r} but stands at place {n}"
        return ""

    # ---- writing ---------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the register's lock while appending, so two OpinionDesks do not fork the chain.

        The lock is the operating system's (flock, or a Windows byte-range lock) on a lock file
        that stays in place: the system drops it the moment its holder ends, however it ends, so a
        lock left by a killed process never holds up the next signed copy (no pid to check, and
        no pid reused by another program to mistake for the owner). The holder's pid and host are
        written in the file so a refusal can say who has it.
        """
        lock = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as exc:
            raise OpinionDeskError(
                f"cannot open the register's lock: {exc.strerror or exc}", str(lock)
            ) from None
        try:
            deadline = time.monotonic() + self.lock_timeout
            while not _try_lock(fd, str(lock)):
                if time.monotonic() > deadline:
                    owner = _lock_owner(fd)
                    message = LOCKED_BY.format(**owner) if owner else LOCKED
                    raise OpinionDeskError(message, str(lock))
                time.sleep(0.02)
            _note_owner(fd)
            try:
                yield
            finally:
                _unlock(fd)
        finally:
            os.close(fd)

    def _read_tail(self) -> tuple[int, bytes | None, bytes]:
        """Return the file's size, its last whole line (None: none) and the bytes after that line.

        Only the end of the file is read, so an append costs the same however long the register.
        """
        try:
            fh = open(self.path, "rb")
        except FileNotFoundError:
            return 0, None, b""
        with fh:
            size = fh.seek(0, os.SEEK_END)
            buf, pos = b"", size
            while pos > 0 and len(buf) < MAX_TAIL:
                step = min(65536, pos)
                pos -= step
                fh.seek(pos)
                buf = fh.read(step) + buf
                last = buf.rfind(b"\n")
                if last != -1 and buf.rfind(b"\n", 0, last) != -1:
                    break
        last = buf.rfind(b"\n")
        if last == -1:
            if pos > 0:
                raise OpinionDeskError(
                    "ends in a line longer than any record (it is not a register of signed copies)",
                    str(self.path),
                )
            return size, None, buf
        first = buf.rfind(b"\n", 0, last)
        if first == -1 and pos > 0:
            return size, b"", buf[last + 1 :]  # an enormous last line: not a record of ours
        return size, buf[first + 1 : last], buf[last + 1 :]

    @staticmethod
    def _chain_after(line: bytes | None) -> tuple[str, int]:
        """Return the prev hash and seq a record following `line` (None: the first) takes."""
        if line is None:
            return GENESIS, 1
        try:
            last = json.loads(line.decode("utf-8"))
            return str(last["hash"]), int(last["seq"]) + 1
        except (ValueError, KeyError, TypeError):
            # A damaged last line stays damaged (verify names it); the chain goes on after it.
            return sha256_hex(line), 0

    def _new_record(self, prev: str, seq: int, body: dict[str, Any]) -> dict[str, Any]:
        body = dict(
            body,
            seq=seq,
            time=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            user=body.get("user") or _os_user(),
            prev=prev,
        )
        return dict(body, hash=_record_hash(body))

    def _write(self, data: bytes) -> None:
        """Append bytes and force them to disk, all or nothing: a failed write is cut back off."""
        with open(self.path, "ab", buffering=0) as fh:
            start = fh.seek(0, os.SEEK_END)
            try:
                view = memoryview(data)
                while view:
                    view = view[fh.write(view) or 0 :]
                os.fsync(fh.fileno())
            except OSError:
                try:
                    fh.truncate(start)
                    os.fsync(fh.fileno())
                except OSError:
                    pass  # left cut short: the next append finds and repairs it
                raise

    def _repair_tail(self, size: int, last: bytes | None, tail: bytes) -> bytes:
        """Deal with bytes after the last newline; return the record line that now ends the file.

        A whole record that lacks only its newline gets one. Anything else is a record cut short
        by an interrupted write: it is removed and a repair record, naming its length and hash
        and quoting its start, takes its place in the chain.
        """
        prev, seq = self._chain_after(last)
        if not seq:
            seq = self._count_lines() + 1
        if not self._check_line(tail, seq, prev):
            self._write(b"\n")
            return tail
        repair = self._new_record(
            prev,
            seq,
            {
                "event": REPAIR_EVENT,
                "removed_bytes": len(tail),
                "removed_sha256": sha256_hex(tail),
                "removed_text": tail[:REMOVED_TEXT_MAX].decode("utf-8", "replace"),
            },
        )
        line = _canonical(repair)
        with open(self.path, "r+b") as fh:
            fh.truncate(size - len(tail))
            os.fsync(fh.fileno())
        try:
            self._write(line + b"\n")
        except OSError:
            try:
                self._write(tail)  # put the cut-short bytes back: never remove them unrecorded
            except OSError:
                pass
            raise
        return line

    def _count_lines(self) -> int:
        """Return how many lines a newline ends (read whole: only after a damaged line)."""
        try:
            return self.path.read_bytes().count(b"\n")
        except FileNotFoundError:
            return 0

    def append(self, **fields: Any) -> dict[str, Any]:
        """Append one record (the fields of FIELDS but seq, time, user and prev) and return it.

        All or nothing: a record that cannot be written whole (a full disk) is cut back off and
        OpinionDeskError raised; bytes left cut short by a crash are repaired first (see
        `_repair_tail`), the repair recorded in the chain.
        """
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown register fields: {', '.join(sorted(unknown))}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OpinionDeskError(
                f"cannot record the signed copy: {exc.strerror or exc}", str(self.path)
            ) from None
        with self._locked():
            try:
                size, last, tail = self._read_tail()
                if tail:
                    last = self._repair_tail(size, last, tail)
                prev, seq = self._chain_after(last)
                if not seq:  # after a damaged line: number by place
                    seq = self._count_lines() + 1
                body: dict[str, Any] = {k: None for k in FIELDS}
                body.update(fields)
                record = self._new_record(prev, seq, body)
                self._write(_canonical(record) + b"\n")
            except OSError as exc:
                raise OpinionDeskError(
                    f"cannot record the signed copy: {exc.strerror or exc}", str(self.path)
                ) from None
            self._remember_head(seq, record["hash"])
        return record


def _try_lock(fd: int, where: str) -> bool:
    """Take the operating system's lock on an open lock file; False while another holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if os.name == "nt" and getattr(exc, "errno", None) in (errno.EACCES, errno.EDEADLK):
            return False  # msvcrt's "locked by another" (it tries 10 times, then says so)
        raise OpinionDeskError(f"cannot lock the register: {exc.strerror or exc}", where) from None


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass  # closing the file drops the lock in any case


def _note_owner(fd: int) -> None:
    """Write who holds the lock (pid and host) at the start of the lock file, padded in place."""
    note = json.dumps({"pid": os.getpid(), "host": platform.node()}).encode("utf-8")
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, note[:_LOCK_INFO_SIZE].ljust(_LOCK_INFO_SIZE))
    except OSError:
        pass  # the note only names the owner in a refusal; the lock holds without it


def _lock_owner(fd: int) -> dict[str, Any] | None:
    """Return the pid and host the lock file names, if it names them."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, _LOCK_INFO_SIZE).decode("utf-8").strip())
        return {"pid": int(data["pid"]), "host": str(data["host"])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def last_recorded_copy() -> Callable[[Path], str | None]:
    """Return a lookup of the SHA-256 of the last copy the register of signed copies records
    under a file's absolute path (the register is read when first asked, then only what was
    appended since; only a run that finds a copy a killed run left unnamed asks; see
    `core.batch.settle_stale_temps`)."""
    register: SignedCopyRegister | None = None

    def lookup(path: Path) -> str | None:
        nonlocal register
        register = register or SignedCopyRegister()
        return register.recorded_output(str(path))

    return lookup


def write_signed_copy(
    target: Path | str, data: bytes, record: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """Write a signed copy so that it never stands under its name without its record.

    The copy is written to a temporary file beside `target`, `record()` appends its record
    (usually `record_signed_copy`), and only then does the copy take its name. If the record
    cannot be written (OpinionDeskError: a full disk, a locked register) the copy is removed, and
    the error raised; a write that fails raises OSError. Returns the record.
    """
    from .core.batch import temp_path
    from .core.matter import atomic_write

    made: list[dict[str, Any]] = []

    def recorded() -> None:
        made.append(record())

    target = Path(target)
    atomic_write(target, data, fsync=False, temporary=temp_path(target), before_replace=recorded)
    return made[0]


def record_signed_copy(
    matter: Matter,
    output: bytes,
    fmt: str,
    signer_profile: str | None,
    output_name: str | None = None,
    override: str | None = None,
    register: SignedCopyRegister | None = None,
    overridden_rules: list[str] | None = None,
    deviations: Sequence[Deviation] | None = None,
) -> dict[str, Any]:
    """Record one signed copy just written (PDF, DOCX) or printed ("print": `output` is what was drawn).

    The CLI and the window call this after each signed copy; it returns the record appended.
    `deviations` are the copy's letter's (`Letter.deviations`), so it is not rendered again.
    """
    from .signers import resolve_profile_id

    if signer_profile is None:
        signer_profile = resolve_profile_id(None, matter)
    return _record_copy(
        "signed",
        matter,
        output,
        fmt,
        signer_profile,
        output_name,
        override,
        register,
        overridden_rules,
        deviations,
    )


def _record_copy(
    copy: str,
    matter: Matter,
    output: bytes,
    fmt: str,
    signer_profile: str | None,
    output_name: str | None,
    override: str | None,
    register: SignedCopyRegister | None,
    overridden_rules: list[str] | None,
    deviations: Sequence[Deviation] | None = None,
) -> dict[str, Any]:
    """Append the record of a signed or filing copy, linked to the latest record of the other
    copy of the same matter and facts."""
    register = register or SignedCopyRegister()
    matter_name = str(Path(matter.path).resolve()) if matter.path else None
    facts = facts_sha256(matter)
    other = "filing" if copy == "signed" else "signed"
    return register.append(
        copy=copy,
        **deviation_fields(matter, deviations),
        **_linked(register, other, matter_name, facts),
        signer_profile=signer_profile,
        signer_name=matter.signer.get("name"),
        matter=matter_name,
        format=fmt,
        output=output_name,
        facts_sha256=facts,
        output_sha256=sha256_hex(output),
        override=override or None,
        overridden_rules=sorted(set(overridden_rules)) if overridden_rules else None,
    )


# ---- EDGAR filing copies and their signed originals ---------------------------------------------


def keep_until(made: dt.date) -> str:
    """Return the day until which a signed original is kept: five years on (Rule 302(b))."""
    try:
        return made.replace(year=made.year + KEEP_YEARS).isoformat()
    except ValueError:  # 29 February, five years on, is the 28th
        return made.replace(year=made.year + KEEP_YEARS, day=28).isoformat()


def copy_of(record: dict[str, Any]) -> str:
    """Return which copy a record is of: "filing" (an EDGAR copy) or "signed" (older records too),
    or "repair" for the record of a torn tail removed (no copy at all)."""
    if record.get("event") == REPAIR_EVENT:
        return "repair"
    return "filing" if record.get("copy") == "filing" else "signed"


def _linked(
    register: SignedCopyRegister, other: str, matter_name: str | None, facts: str
) -> dict[str, Any]:
    """Return the link fields of a new record: the latest record of the `other` copy of the same
    matter and facts (an untitled matter matches by its facts alone), with the keep-until date
    of the signed original (now both exist)."""
    found = register.latest_copy(other, matter_name, facts)
    if found is None:
        return {}
    return {
        "link": dict(found, copy=other),
        "keep_until": keep_until(dt.datetime.now(dt.UTC).date()),
    }


def record_filing_copy(
    matter: Matter,
    output: bytes,
    fmt: str,
    output_name: str | None = None,
    override: str | None = None,
    register: SignedCopyRegister | None = None,
    overridden_rules: list[str] | None = None,
    deviations: Sequence[Deviation] | None = None,
) -> dict[str, Any]:
    """Record an EDGAR filing copy just exported: its SHA-256, the matter and the signer.

    A signed original already made for the same matter and facts is linked from it;
    `deviations` are the copy's letter's, as for `record_signed_copy`.
    """
    from .signers import resolve_profile_id

    try:
        profile = resolve_profile_id(None, matter)
    except OpinionDeskError:
        profile = None
    return _record_copy(
        "filing",
        matter,
        output,
        fmt,
        profile,
        output_name,
        override,
        register,
        overridden_rules,
        deviations,
    )


@dataclass(frozen=True)
class FilingStatus:
    """One EDGAR filing copy with the signed original kept for it, if one was made, and until when."""

    filing: dict[str, Any]
    signed: dict[str, Any] | None
    keep_until: str | None

    def to_json(self) -> dict[str, Any]:
        """Return the status as `register list --json` prints it."""
        signed = self.signed
        return {
            "filing": {k: self.filing.get(k) for k in FIELDS if k not in ("prev", "link")},
            "signed_original": (
                {k: signed.get(k) for k in ("seq", "time", "format", "output", "output_sha256")}
                if signed
                else None
            ),
            "keep_until": self.keep_until,
        }


def _points_at(record: dict[str, Any], target: dict[str, Any]) -> bool:
    link = record.get("link")
    return (
        isinstance(link, dict)
        and link.get("seq") == target.get("seq")
        and link.get("hash") == target.get("hash")
    )


def filing_statuses(records: list[dict[str, Any]]) -> list[FilingStatus]:
    """Return each EDGAR filing copy of the register, in order, with its signed original linked."""
    good = [r for r in records if "damaged" not in r]
    out = []
    for filing in (r for r in good if copy_of(r) == "filing"):
        signed = None
        if isinstance(filing.get("link"), dict):
            signed = next((r for r in good if _points_at(filing, r)), None)
        if signed is None:
            signed = next(
                (r for r in good if copy_of(r) == "signed" and _points_at(r, filing)), None
            )
        keep = None
        if signed is not None:
            keep = filing.get("keep_until") if _points_at(filing, signed) else None
            keep = keep or signed.get("keep_until")
        out.append(FilingStatus(filing, signed, keep))
    return out


def link_columns(records: list[dict[str, Any]]) -> dict[int, dict[str, str]]:
    """Return, per record number, the "Signed original" and "Keep until" cells Help > Signed
    Copies shows: on a filing, its signed original (or none yet); on a signed original, its filing.
    """
    cells: dict[int, dict[str, str]] = {}
    for status in filing_statuses(records):
        seq = status.filing.get("seq")
        if not isinstance(seq, int):
            continue
        signed = status.signed
        cells[seq] = {
            "signed_original": f"record {signed.get('seq')}" if signed else "none yet",
            "keep_until": status.keep_until or "",
        }
        if signed is not None and isinstance(signed.get("seq"), int):
            cells[signed["seq"]] = {
                "signed_original": f"kept for filing record {seq}",
                "keep_until": status.keep_until or "",
            }
    return cells
