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

A bad row (a value that does not fit its fact, a fact a final copy needs left empty, a failed render)
is reported by its line and column, and every other row is still written.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import MissingFactsError, OpinionDeskError, Problem
from .facts import FactSchema, FactSpec
from .matter import Matter, atomic_write

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

Renderer = Callable[[Matter], bytes]


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
    """What a run did: the files written, each bad row's problems, and whether it was cancelled."""

    total: int
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)
    cancelled: bool = False


def read_rows(path: Path | str) -> RowsFile:
    """Read a CSV of rows; a missing, unreadable or headerless file raises naming it."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise OpinionDeskError(f"cannot read the file: {exc.strerror or exc}", str(path)) from None
    except UnicodeDecodeError as exc:
        raise OpinionDeskError(f"is not UTF-8 text (byte {exc.start})", str(path)) from None
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
        raise ValueError(f"{text!r} is not yes or no")
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
                raise ValueError(f"item {n}: {piece.strip()!r} is not field=value")
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


def write_file(path: Path, data: bytes) -> None:
    """Write one letter atomically; unlike a matter save, without an fsync per letter."""
    atomic_write(path, data, fsync=False)


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
        try:
            facts[name] = cell_value(spec, text)
        except ValueError as exc:
            problems.append(_row_problem(rows.path, row.line, name, columns, str(exc)))
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
    return None, problems


# What a worker process renders with; set before the workers are forked, so they inherit it.
_worker_job: tuple[Renderer, RowsFile, dict[str, int]] | None = None


def _render_in_worker(item: tuple[int, Matter]) -> tuple[bytes | None, list[Problem]]:
    assert _worker_job is not None
    render, rows, columns = _worker_job
    line, row_m = item
    return _render_row(render, row_m, rows, line, columns)


def default_workers() -> int:
    """Return how many processes render rows: one per core where processes can be forked (Linux)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


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
) -> BatchResult:
    """Render and write one letter per row; bad rows are reported, every other row is written.

    `render` turns a row's matter into the output bytes (and may raise OpinionDeskError);
    `progress(done, total)` is called after each row; `cancelled()` is asked before each row.
    With `workers` > 1 (Linux), forked processes render the letters while this one names and
    writes them in row order, so names and reports come out the same as with one.
    `written(row matter, file, bytes)` is called here, in row order, once each file is written
    (the register of signed copies records them then: only copies that exist).
    """
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
    result = BatchResult(total=len(rows.rows))
    bad: dict[int, list[Problem]] = {}
    prepared = [
        (number, row, *row_matter(matter, schema, rows, row))
        for number, row in enumerate(rows.rows, 1)
    ]
    good = [(row.line, row_m) for _n, row, row_m, problems in prepared if not problems]
    pool = None
    if workers > 1 and len(good) > 1:
        global _worker_job
        _worker_job = (render, rows, columns)
        pool = multiprocessing.get_context("fork").Pool(workers)
        rendered = pool.imap(_render_in_worker, good, chunksize=8)
    else:
        rendered = (_render_row(render, row_m, rows, line, columns) for line, row_m in good)
    # Writing a file waits on the disk more than on Python, so a writer thread overlaps it with rendering.
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="opiniondesk-rows") as writer:
            pending: list[tuple[int, Path, Future[None], Matter, bytes]] = []
            for number, row, row_m, problems in prepared:
                if cancelled is not None and cancelled():
                    result.cancelled = True
                    break
                data = None
                if not problems:
                    data, problems = next(rendered)
                if data is not None:
                    stem = output_stem(pattern, row_m.facts, number, row.line, row_m.letter_date)
                    target = out_dir / names.take(stem, suffix)
                    future = writer.submit(write_file, target, data)
                    pending.append((row.line, target, future, row_m, data))
                if problems:
                    bad[row.line] = problems
                if progress is not None:
                    progress(number, result.total)
            for line, target, future, row_m, data in pending:
                try:
                    future.result()
                    result.written.append(target)
                except OSError as exc:
                    bad.setdefault(line, []).append(
                        Problem(str(target), f"cannot write: {exc.strerror or exc}")
                    )
                    continue
                if written is not None:
                    try:
                        written(row_m, target, data)
                    except OpinionDeskError as exc:
                        bad.setdefault(line, []).extend(exc.located(str(target)).problems)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    for line in sorted(bad):
        result.bad_rows.append(line)
        result.problems += bad[line]
    return result
