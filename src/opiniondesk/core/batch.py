"""One letter per row of a CSV file: each column overrides the matter's fact of the same id.

The CSV's first line names the columns: fact ids of the matter's template, and optionally
`letter_date` (YYYY-MM-DD). Every later line is one letter. An empty cell keeps the matter's value.

Cells are read by the fact's type:
- text, date (YYYY-MM-DD), money ("1000000", "$1 billion"), number ("8,250,000"), choice (its value);
- yesno: yes/no, true/false, y/n or 1/0;
- list: items separated by ";". An item is either plain text, which fills the item's first field
  ("A-1;A-2;A-R" gives three classes), or `field=value` pairs separated by "|"
  ("amount=500000000|rate=5.250%|maturity=2034;amount=750000000|rate=5.750%|maturity=2054").
  Write "\\;" or "\\|" for a literal ";" or "|" inside a value.

Output names come from a pattern of fact ids in braces, such as "{series_name}" or
"{registrant_short_name}-{row}" ({row} is the row's number, {line} its line in the file). Names are
made safe for every file system and never overwrite each other within one run: a repeated name gets
"-2", "-3" and so on. A file of the same name left by an earlier run is replaced.

A bad row (a value that does not fit its fact, a fact a final copy needs left empty, a failed render,
whatever it raises) is reported by its line and column, and every other row is still written.

Each letter is written to a temporary file beside its name, recorded (the register of signed
copies, through `written`), and only then moved to its name: a letter never stands under its name
without its record, even when the run is killed. A run killed between a letter's record and its
move leaves the recorded letter under its temporary name: the next run in that folder moves it to
its name (`recorded` says what the register holds), and removes any other it left. An interrupted
run (Ctrl-C, SIGTERM, a worker process killed) finishes the letters already rendered and reports
which rows were written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import multiprocessing
import os
import platform
import re
import secrets
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .errors import MissingFactsError, OpinionDeskError, Problem, shown
from .facts import FactSchema, FactSpec, coerce
from .limits import read_text_file
from .matter import Matter, atomic_write, remove_stale_temporaries

ITEM_SEPARATOR = ";"
PAIR_SEPARATOR = "|"
LETTER_DATE_COLUMN = "letter_date"
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_FACT_RE = re.compile(r"fact '([a-z0-9_]+)")
_UNSAFE_RE = re.compile(r"[^\w.\-]+")
_PATTERN_RE = re.compile(r"\{([^{}]*)\}")
_RESERVED = (
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)
MAX_NAME = 120
MAX_ROWS_BYTES = 64 * 1024 * 1024  # some 100,000 rows of a wide CSV; more is not a batch of letters
CHUNK_ROWS = 4  # rows a worker process renders per task
TASKS_PER_WORKER = 2  # chunks handed to a worker at a time, so it never waits for the next
WRITES_AHEAD = 8  # rendered letters waiting to be written before rendering waits
SHOWN_VALUE = 60  # characters of a bad cell quoted in its report
INTERRUPTED = "interrupted"
WORKER_ENDED = "a worker process rendering the letters ended unexpectedly (it was killed?)"
# Our temporary files: .NAME.HOST-PID-RANDOM.tmp, so a later run can tell whose they are and the
# name each was to take.
_TEMP_RE = re.compile(r"^\.(.+)\.([0-9a-f]{6})-(\d+)-[0-9a-f]{6}\.tmp$")

Renderer = Callable[[Matter], bytes]
# The SHA-256 (hex) of the last copy the register of signed copies records under a file's
# absolute path, or None: how a run tells a recorded letter that a killed run left unnamed.
Recorded = Callable[[Path], str | None]


@dataclass
class Row:
    """One data line of the CSV: its line number and its cells by column number (1-based)."""

    line: int
    cells: list[str]


@dataclass
class RowsFile:
    """A CSV of rows: its path, its column names (fact ids) and its data rows."""

    path: Path
    columns: list[str]
    rows: list[Row]


@dataclass
class BatchResult:
    """What a run did: the files written (and recorded), each bad row's problems, how it ended.

    `cancelled` is a cancel asked for between rows; `interrupted` says why a run stopped early
    otherwise (INTERRUPTED for Ctrl-C or SIGTERM, WORKER_ENDED). `written_lines` are the lines of
    the rows whose letters were written, `unwritten_lines` those of good rows never written.
    `stale_removed` counts unfinished letters an earlier, killed run had left in the folder;
    `stale_finished` are the recorded letters such a run left unnamed, now moved to their names.
    """

    total: int
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)
    cancelled: bool = False
    interrupted: str | None = None
    written_lines: list[int] = field(default_factory=list)
    unwritten_lines: list[int] = field(default_factory=list)
    stale_removed: int = 0
    stale_finished: list[Path] = field(default_factory=list)


def line_ranges(lines: list[int]) -> str:
    """Return line numbers as ranges: [2, 3, 4, 7] gives "2-4, 7"."""
    parts: list[str] = []
    start = prev = None
    for n in sorted(lines):
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(f"{start}-{prev}" if prev != start else str(start))
        start = prev = n
    if start is not None:
        parts.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(parts)


def read_rows(path: Path | str) -> RowsFile:
    """Read a CSV of rows; a missing, unreadable, special, oversized or headerless file raises naming it."""
    path = Path(path)
    text = read_text_file(path, MAX_ROWS_BYTES, "file of rows")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    columns: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if columns is None:
                columns = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line is no row
            rows.append(Row(line, cells))
    except csv.Error as exc:
        raise OpinionDeskError(f"not valid CSV ({exc})", f"{path}, line {start}") from None
    if not columns or not any(columns):
        raise OpinionDeskError("has no header line naming the fact of each column", str(path))
    return RowsFile(path, columns, rows)


def check_columns(rows: RowsFile, schema: FactSchema) -> None:
    """Refuse a header naming something other than a fact of the template (or letter_date)."""
    problems = []
    seen: set[str] = set()
    for n, name in enumerate(rows.columns, 1):
        where = f"{rows.path}, line 1, column {n}"
        if not name:
            problems.append(Problem(where, "the column has no name; name the fact it fills"))
        elif name in seen:
            problems.append(Problem(where, f"column '{name}' appears twice"))
        elif name != LETTER_DATE_COLUMN and schema.get(name) is None:
            known = ", ".join(f.id for f in schema.facts)
            problems.append(
                Problem(where, f"'{name}' is not a fact of the template (facts: {known})")
            )
        seen.add(name)
    if problems:
        raise OpinionDeskError(problems)


def _split(text: str, sep: str) -> list[str]:
    """Split on `sep` except where written as a backslash escape; unescape the parts."""
    parts, buf, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if (
            ch == "\\"
            and i + 1 < len(text)
            and text[i + 1] in (ITEM_SEPARATOR, PAIR_SEPARATOR, "\\")
        ):
            buf.append(ch + text[i + 1])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def _unescape(text: str) -> str:
    return re.sub(r"\\([;|\\])", r"\1", text)


def _scalar(spec: FactSpec, text: str) -> Any:
    if spec.type == "yesno":
        low = text.strip().lower()
        if low in _YES:
            return True
        if low in _NO:
            return False
        raise ValueError(f"{shown(text, SHOWN_VALUE)} is not yes or no")
    if spec.type == "multiline":
        return text.replace("\r\n", "\n")
    return text.strip()


def _list_value(spec: FactSpec, text: str) -> list[dict[str, Any]]:
    first = spec.fields[0]
    items: list[dict[str, Any]] = []
    for n, part in enumerate(_split(text, ITEM_SEPARATOR), 1):
        if not part.strip():
            continue
        pieces = _split(part, PAIR_SEPARATOR)
        head = pieces[0].split("=", 1)[0].strip()
        if len(pieces) == 1 and not ("=" in pieces[0] and spec.field_spec(head)):
            items.append({first.id: _scalar(first, _unescape(part))})
            continue
        item: dict[str, Any] = {}
        for piece in pieces:
            if "=" not in piece:
                raise ValueError(
                    f"item {n}: {shown(piece.strip(), SHOWN_VALUE)} is not field=value"
                )
            key, value = piece.split("=", 1)
            sub = spec.field_spec(key.strip())
            if sub is None:
                fields = ", ".join(f.id for f in spec.fields)
                raise ValueError(f"item {n}: '{key.strip()}' is not a field (fields: {fields})")
            item[sub.id] = _scalar(sub, _unescape(value))
        items.append(item)
    return items


def cell_value(spec: FactSpec, text: str) -> Any:
    """Turn one CSV cell into the JSON value a matter stores for the fact (see the module notes)."""
    if spec.type == "list":
        return _list_value(spec, text)
    return _scalar(spec, _unescape(text) if spec.type in ("text", "multiline") else text)


def _display(value: Any) -> str:
    if isinstance(value, list):
        return "-".join(
            _display(next(iter(v.values()), "")) if isinstance(v, dict) else _display(v)
            for v in value
        )
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def pattern_fields(pattern: str) -> list[str]:
    """Return the names a file-name pattern uses, such as ["series_name", "row"]."""
    return _PATTERN_RE.findall(pattern)


def check_pattern(pattern: str, schema: FactSchema) -> None:
    """Refuse a name pattern naming something other than a fact, {row} or {line}."""
    bad = [
        n
        for n in pattern_fields(pattern)
        if n not in ("row", "line", LETTER_DATE_COLUMN) and schema.get(n) is None
    ]
    if bad:
        known = ", ".join(f.id for f in schema.facts)
        raise OpinionDeskError(
            f"the name pattern uses {', '.join('{' + b + '}' for b in bad)}, which is not a fact "
            f"(use {{row}}, {{line}} or a fact id: {known})",
            "name pattern",
        )


def safe_name(name: str, fallback: str) -> str:
    """Make a file name stem safe on Windows, macOS and Linux: letters, digits, . - _ only."""
    stem = _UNSAFE_RE.sub("-", name.strip()).strip(".-_ ")
    stem = re.sub(r"-{2,}", "-", stem)[:MAX_NAME].rstrip(".-_ ")
    if not stem or stem.split(".")[0].lower() in _RESERVED:
        stem = f"{fallback}-{stem}" if stem else fallback
    return stem


def output_stem(
    pattern: str, facts: dict[str, Any], row_number: int, line: int, letter_date: Any
) -> str:
    """Return the file name stem a row's facts give the pattern (before it is made unique)."""
    values = {
        "row": f"{row_number:04d}",
        "line": str(line),
        LETTER_DATE_COLUMN: _display(letter_date),
    }

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return values[key] if key in values else _display(facts.get(key))

    return safe_name(_PATTERN_RE.sub(sub, pattern), f"row-{row_number:04d}")


class UniqueNames:
    """Hands out file names that never repeat within a run (compared without case, as Windows does)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, stem: str, suffix: str) -> str:
        """Return `stem.suffix`, or `stem-2.suffix`, `stem-3.suffix`... whichever is still free."""
        n, name = 1, f"{stem}.{suffix}"
        while name.casefold() in self.used:
            n += 1
            name = f"{stem}-{n}.{suffix}"
        self.used.add(name.casefold())
        return name


def _host_tag() -> str:
    return hashlib.sha256(platform.node().encode("utf-8")).hexdigest()[:6]


def temp_path(target: Path) -> Path:
    """Return a fresh temporary file name beside `target`, naming this host and process."""
    token = f"{_host_tag()}-{os.getpid()}-{secrets.token_hex(3)}"
    return target.with_name(f".{target.name}.{token}.tmp")


def pid_alive(pid: int) -> bool:
    """Return whether a process of this id is running on this computer."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would end the process on Windows: ask the system
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(ctypes.GetLastError() == 5)  # access denied: it exists  # type: ignore[attr-defined]
        try:
            code = ctypes.c_ulong()
            if kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return code.value == 259  # STILL_ACTIVE
            return True
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but belongs to another user
    return True


@dataclass
class StaleTemps:
    """What a run did with the temporary letters earlier, killed runs left in its folder."""

    removed: int = 0
    finished: list[Path] = field(default_factory=list)


def _sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def settle_stale_temps(folder: Path, recorded: Recorded | None = None) -> StaleTemps:
    """Finish or remove the temporary letters our runs on this computer, since ended, left here.

    Only files of our own naming whose process is gone are touched (by the matter files' own
    `remove_stale_temporaries`). One whose bytes are those the register last recorded under the
    name it was to take (`recorded`; a run killed between a letter's record and its move leaves
    one) is moved to that name: the register already says it is there. Any other (killed before
    its record, or recorded under its name since with other bytes) is removed, as it never was a
    letter. While `recorded` cannot tell (it raises OpinionDeskError: the register cannot be
    read), the file is left for a later run.
    """
    stale = StaleTemps()
    tag = _host_tag()

    def ours(name: str) -> bool:
        found = _TEMP_RE.match(name)
        return found is not None and found.group(2) == tag

    def ended(name: str) -> bool:
        found = _TEMP_RE.match(name)
        return found is not None and not pid_alive(int(found.group(3)))

    def finish(path: Path) -> bool:
        found = _TEMP_RE.match(path.name)
        if found is None:
            return False
        target = path.parent / found.group(1)
        try:
            last = recorded(target.resolve()) if recorded is not None else None
        except OpinionDeskError:
            return True  # the register cannot be read: left for a run that can read it
        if last is None or last != _sha256_of(str(path)):
            return False
        os.replace(path, target)
        stale.finished.append(target)
        return True

    stale.removed = remove_stale_temporaries(folder, ours, ended=ended, finish=finish)
    stale.finished.sort()
    return stale


def _capped(message: str, limit: int = 400) -> str:
    """Shorten a message quoting an enormous value (a 5,000-digit cell)."""
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _column_of(problem_where: str, columns: dict[str, int]) -> str | None:
    found = _FACT_RE.search(problem_where)
    if found and found.group(1) in columns:
        return found.group(1)
    if "letter date" in problem_where and LETTER_DATE_COLUMN in columns:
        return LETTER_DATE_COLUMN
    return None


def _row_problem(
    path: Path, line: int, column: str | None, columns: dict[str, int], message: str
) -> Problem:
    message = _capped(message)
    if column is None:
        return Problem(f"{path}, line {line}", message)
    return Problem(f"{path}, line {line}, column {columns[column]} ({column})", message)


def row_matter(
    matter: Matter, schema: FactSchema, rows: RowsFile, row: Row
) -> tuple[Matter, list[Problem]]:
    """Return the matter a row makes (the matter's facts, the row's cells over them) and its problems."""
    columns = {name: n for n, name in enumerate(rows.columns, 1)}
    facts = dict(matter.facts)
    letter_date = matter.letter_date
    problems: list[Problem] = []
    if len(row.cells) > len(rows.columns):
        problems.append(
            Problem(
                f"{rows.path}, line {row.line}, column {len(rows.columns) + 1}",
                f"the row has {len(row.cells)} cells but the header names {len(rows.columns)} columns",
            )
        )
    for n, text in enumerate(row.cells[: len(rows.columns)], 1):
        name = rows.columns[n - 1]
        if not text.strip():
            continue
        if name == LETTER_DATE_COLUMN:
            letter_date = text.strip()
            continue
        spec = schema.get(name)
        if spec is None:
            continue
        # The cell is checked here, by its fact's own rules, so a bad value is named by its
        # column; whatever a value makes those rules raise is that cell's problem alone.
        try:
            value = cell_value(spec, text)
            _, errors = coerce(spec, value)
        except ValueError as exc:
            errors = [str(exc)]
        except Exception as exc:  # noqa: BLE001 - one bad cell must not stop the batch
            errors = [
                f"{shown(text.strip(), SHOWN_VALUE)} is not a value {spec.label} can take ({type(exc).__name__})"
            ]
        if errors:
            problems += [_row_problem(rows.path, row.line, name, columns, e) for e in errors]
        else:
            facts[name] = value
    row_m = Matter(
        template_id=matter.template_id,
        template_version=matter.template_version,
        facts=facts,
        letter_date=letter_date,
        signer=matter.signer,
        edits=matter.edits,  # each row's letter keeps the matter's own wording
    )
    return row_m, problems


def _render_row(
    render: Renderer, row_m: Matter, rows: RowsFile, line: int, columns: dict[str, int]
) -> tuple[bytes | None, list[Problem]]:
    """Render one row's letter; a problem is named by the row's line and, where known, column."""
    problems: list[Problem] = []
    try:
        return render(row_m), problems
    except MissingFactsError as exc:
        for fid, label in exc.missing:
            top = fid.split(".")[0]
            column = top if top in columns else None
            problems.append(
                _row_problem(
                    rows.path, line, column, columns, f"{label} is required for a final copy"
                )
            )
    except OpinionDeskError as exc:
        for p in exc.problems:
            column = _column_of(p.where, columns)
            message = f"{p.where}: {p.message}" if column is None and p.where else p.message
            problems.append(_row_problem(rows.path, line, column, columns, message))
    except Exception as exc:  # noqa: BLE001 - whatever one row raises is that row's problem alone
        message = f"the letter cannot be rendered: {type(exc).__name__}: {exc}"
        problems.append(_row_problem(rows.path, line, None, columns, message))
    return None, problems


# What a worker process renders with; set before the workers are forked, so they inherit it.
_worker_job: tuple[Renderer, RowsFile, dict[str, int]] | None = None

Rendered = tuple[bytes | None, list[Problem]]


class _WorkerEnded(Exception):
    """A worker process ended while rendering (killed, or out of memory)."""


def _start_worker(parent: int) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle, and the worker ends with it.

    SIGTERM gets its default action back: the parent's handler, inherited by the fork, would
    raise in the worker, and the parent ends its workers with SIGTERM when stopped.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the terminal sends it to every process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed with the parent
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the line above took effect
        os._exit(1)


def _render_chunk(items: list[tuple[int, Matter]]) -> list[Rendered]:
    assert _worker_job is not None
    render, rows, columns = _worker_job
    return [_render_row(render, row_m, rows, line, columns) for line, row_m in items]


def _worker_main(conn: Connection, parent: int, inherited: list[Connection]) -> None:
    """A worker process: render each chunk of rows sent until told to stop (None) or orphaned."""
    _start_worker(parent)
    for other in inherited:  # the parent's ends of earlier workers' pipes: not this one's
        other.close()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, chunk = task
        conn.send((index, _render_chunk(chunk)))


def default_workers() -> int:
    """Return how many processes render rows: one per core where processes can be forked (Linux)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


class _Workers:
    """Forked processes that render chunks of rows, each talking over a pipe of its own.

    A pipe each (rather than one queue all workers write to, as multiprocessing's pools have)
    means a worker that is killed shows at once as the end of its pipe, and cannot leave half a
    message in a queue the others share, which would hang the run.
    """

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self.conns: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for _ in range(count):
            mine, theirs = context.Pipe(duplex=True)
            process = context.Process(
                target=_worker_main,
                args=(theirs, os.getpid(), list(self.conns)),
                name="opiniondesk-rows",
                daemon=True,
            )
            process.start()
            theirs.close()
            self.conns.append(mine)
            self.processes.append(process)

    def rendered(self, good: list[tuple[int, Matter]]) -> Iterator[Rendered]:
        """Yield each row's (letter bytes, problems), in row order; raise _WorkerEnded if one dies."""
        chunks = [good[i : i + CHUNK_ROWS] for i in range(0, len(good), CHUNK_ROWS)]
        todo = deque(range(len(chunks)))
        busy: dict[Connection, int] = {conn: 0 for conn in self.conns}
        done: dict[int, list[Rendered]] = {}
        for index in range(len(chunks)):
            while index not in done:
                for conn in self.conns:
                    while todo and busy[conn] < TASKS_PER_WORKER:
                        n = todo.popleft()
                        try:
                            conn.send((n, chunks[n]))
                        except OSError:  # a broken pipe: the worker died since its last task
                            raise _WorkerEnded from None
                        busy[conn] += 1
                for conn in wait([c for c in self.conns if busy[c]]):
                    try:
                        n, results = conn.recv()  # type: ignore[union-attr]
                    except (EOFError, OSError):
                        raise _WorkerEnded from None
                    busy[conn] -= 1  # type: ignore[index]
                    done[n] = results
            yield from done.pop(index)

    def close(self, at_once: bool) -> None:
        """End the workers: when they finish (asked to stop), or at once (an interrupted run)."""
        for conn in self.conns:
            try:
                if not at_once:
                    conn.send(None)
            except OSError:
                pass
        for process in self.processes:
            if at_once:
                process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
        for conn in self.conns:
            conn.close()


class _Writer:
    """Writes letters on a thread of its own, in row order, each recorded before it takes its name."""

    def __init__(self, written: Callable[[Matter, Path, bytes], None] | None) -> None:
        self.written = written
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opiniondesk-rows")
        self.pending: deque[Future[None]] = deque()
        self.lock = threading.Lock()
        self.done: list[tuple[int, Path]] = []
        self.problems: dict[int, list[Problem]] = {}

    def submit(self, line: int, target: Path, row_m: Matter, data: bytes) -> None:
        """Queue a letter; wait first while too many rendered letters are waiting."""
        while len(self.pending) >= WRITES_AHEAD:
            self.pending[0].result()
            self.pending.popleft()
        self.pending.append(self.executor.submit(self._write, line, target, row_m, data))

    def _write(self, line: int, target: Path, row_m: Matter, data: bytes) -> None:
        recorded = False

        def record() -> None:
            nonlocal recorded
            assert self.written is not None
            self.written(row_m, target, data)
            recorded = True

        try:
            atomic_write(
                target,
                data,
                fsync=False,
                temporary=temp_path(target),
                before_replace=record if self.written is not None else None,
            )
        except OpinionDeskError as exc:
            problems = exc.located(str(target)).problems + [
                Problem(str(target), "was not written, as its record could not be made")
            ]
        except OSError as exc:
            reason = exc.strerror or str(exc)
            message = (
                f"was recorded, but could not be put in place: {reason}"
                if recorded
                else f"cannot write: {reason}"
            )
            problems = [Problem(str(target), message)]
        except Exception as exc:  # noqa: BLE001 - one letter's failure is that row's problem
            problems = [Problem(str(target), f"cannot write: {type(exc).__name__}: {exc}")]
        else:
            with self.lock:
                self.done.append((line, target))
            return
        with self.lock:
            self.problems[line] = problems

    def finish(self) -> None:
        """Wait for every queued letter to be written (and recorded)."""
        self.executor.shutdown(wait=True)


def render_rows(
    matter: Matter,
    rows: RowsFile,
    schema: FactSchema,
    out_dir: Path | str,
    render: Renderer,
    suffix: str = "docx",
    name_pattern: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int = 1,
    written: Callable[[Matter, Path, bytes], None] | None = None,
    recorded: Recorded | None = None,
) -> BatchResult:
    """Render and write one letter per row; bad rows are reported, every other row is written.

    `render` turns a row's matter into the output bytes (and may raise OpinionDeskError, or
    anything else: the row is reported); `progress(done, total)` is called after each row;
    `cancelled()` is asked before each row. With `workers` > 1 (Linux), forked processes render
    the letters while this one names and writes them in row order, so names and reports come out
    the same as with one. `written(row matter, file, bytes)` is called on the writing thread, in
    row order, once a letter is whole and before it takes its name (the register of signed copies
    records it then); if it raises OpinionDeskError the letter is removed and its row reported.
    First, the recorded letters that an earlier run, killed before moving them to their names,
    left in the folder are moved there (`recorded(path)`: the SHA-256 of the last copy the
    register records under that path), and its other unfinished letters removed.

    Ctrl-C (KeyboardInterrupt, which the CLI also raises for SIGTERM) or a worker process that
    dies stops the run: the letters already rendered are written, and the result says why it
    stopped and which rows were and were not written; nothing is raised.
    """
    global _worker_job
    out_dir = Path(out_dir)
    check_columns(rows, schema)
    pattern = name_pattern or (Path(matter.path).stem + "-{row}" if matter.path else "letter-{row}")
    check_pattern(pattern, schema)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OpinionDeskError(
            f"cannot make the folder: {exc.strerror or exc}", str(out_dir)
        ) from None
    columns = {name: n for n, name in enumerate(rows.columns, 1)}
    names = UniqueNames()
    stale = settle_stale_temps(out_dir, recorded)
    result = BatchResult(
        total=len(rows.rows), stale_removed=stale.removed, stale_finished=stale.finished
    )
    bad: dict[int, list[Problem]] = {}
    pool = None
    writer = None
    completed = False  # every row reached: the workers have nothing left in hand
    try:
        prepared = [
            (number, row, *row_matter(matter, schema, rows, row))
            for number, row in enumerate(rows.rows, 1)
        ]
        good = [(row.line, row_m) for _n, row, row_m, problems in prepared if not problems]
        if workers > 1 and len(good) > 1:
            _worker_job = (render, rows, columns)
            pool = _Workers(workers)  # forked before this run starts a thread
            rendered = pool.rendered(good)
        else:
            rendered = (_render_row(render, row_m, rows, line, columns) for line, row_m in good)
        writer = _Writer(written)
        for number, row, row_m, problems in prepared:
            if cancelled is not None and cancelled():
                result.cancelled = True
                break
            data = None
            if not problems:
                data, problems = next(rendered)
            if data is not None:
                stem = output_stem(pattern, row_m.facts, number, row.line, row_m.letter_date)
                writer.submit(row.line, out_dir / names.take(stem, suffix), row_m, data)
            if problems:
                bad[row.line] = problems
            if progress is not None:
                progress(number, result.total)
        else:
            completed = True
    except KeyboardInterrupt:
        result.interrupted = INTERRUPTED
    except _WorkerEnded:
        result.interrupted = WORKER_ENDED
    finally:
        while True:  # a second Ctrl-C does not cut the letters in hand short
            try:
                if pool is not None:
                    pool.close(at_once=not completed)
                    pool = None
                if writer is not None:
                    writer.finish()
                break
            except KeyboardInterrupt:
                result.interrupted = result.interrupted or INTERRUPTED
        _worker_job = None
    if writer is not None:
        for line, target in sorted(writer.done):
            result.written.append(target)
            result.written_lines.append(line)
        for line, problems in writer.problems.items():
            bad.setdefault(line, []).extend(problems)
    for line in sorted(bad):
        result.bad_rows.append(line)
        result.problems += bad[line]
    reached = set(result.written_lines) | set(bad)
    result.unwritten_lines = [row.line for row in rows.rows if row.line not in reached]
    return result
