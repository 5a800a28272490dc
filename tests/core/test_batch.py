"""One letter per row: reading cells by fact type, names from a pattern, bad rows by line and column."""

import csv
import multiprocessing
import os
import signal
import subprocess
import sys

import pytest

from helpers import raised_within
from opiniondesk.core import batch
from opiniondesk.core.batch import (
    UniqueNames,
    cell_value,
    output_stem,
    read_rows,
    render_rows,
    safe_name,
)
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.core.templates import render_letter
from opiniondesk.paths import resource
from opiniondesk.writers.text import write_text

SERIES = resource("samples", "cmsi-2002-3-series.opinion")
NOTES = resource("samples", "meridian-notes-2024.opinion")


def _csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _text_renderer(matter):
    tmpl = matter.template()
    return lambda m: write_text(
        render_letter(tmpl, m.facts, m.letter_date, m.signer, "filing")
    ).encode()


def test_list_cells_first_field_and_pairs():
    """Ensure a list cell's items fill the first field, or take field=value pairs, with escapes."""
    matter = load_matter(NOTES)
    notes = matter.template().schema.get("notes")
    assert cell_value(
        notes, "amount=5|rate=1%|series=Notes|maturity=2030;amount=6|rate=2\\;3%|maturity=2031"
    ) == [
        {"amount": "5", "rate": "1%", "series": "Notes", "maturity": "2030"},
        {"amount": "6", "rate": "2;3%", "maturity": "2031"},
    ]
    classes = load_matter(SERIES).template().schema.get("offered_classes")
    assert cell_value(classes, "A-1; A-2;;A-R") == [
        {"class_name": "A-1"},
        {"class_name": "A-2"},
        {"class_name": "A-R"},
    ]
    with pytest.raises(ValueError, match="'colour' is not a field"):
        cell_value(notes, "amount=5|colour=red")
    section7 = matter.template().schema.get("section7_statement")
    assert cell_value(section7, "No") is False and cell_value(section7, "yes") is True
    with pytest.raises(ValueError):
        cell_value(section7, "perhaps")


def test_a_long_bad_cell_is_quoted_cut_short():
    """Ensure a long cell that is not yes or no, or not field=value, is quoted cut short, not whole."""
    matter = load_matter(NOTES)
    schema = matter.template().schema
    long = "perhaps " * 30
    with pytest.raises(ValueError) as info:
        cell_value(schema.get("section7_statement"), long)
    assert str(info.value) == f"{long[: batch.SHOWN_VALUE] + '…'!r} is not yes or no"
    with pytest.raises(ValueError) as info:
        cell_value(schema.get("notes"), "amount=5|" + long)
    assert (
        str(info.value) == f"item 1: {long.strip()[: batch.SHOWN_VALUE] + '…'!r} is not field=value"
    )


def test_names_are_safe_and_never_repeat():
    """Ensure names lose unsafe characters and reserved words, and repeats get -2, -3 (ignoring case)."""
    assert safe_name('Series 2002/3: "A"', "row-1") == "Series-2002-3-A"
    assert safe_name("CON", "row-0001") == "row-0001-CON"
    assert safe_name("...", "row-0002") == "row-0002"
    names = UniqueNames()
    assert [names.take(s, "docx") for s in ("a", "A", "a", "b")] == [
        "a.docx",
        "A-2.docx",
        "a-3.docx",
        "b.docx",
    ]
    facts = {
        "series_name": "Series 2002-3",
        "offered_classes": [{"class_name": "A"}, {"class_name": "B"}],
    }
    assert (
        output_stem("{series_name}_{offered_classes}_{row}", facts, 7, 8, None)
        == "Series-2002-3_A-B_0007"
    )


def test_rows_render_and_a_bad_row_is_named_by_line_and_column(tmp_path):
    """Ensure every good row is written, a bad one named by line and column, duplicates kept apart."""
    matter = load_matter(SERIES)
    rows = _csv(
        tmp_path / "rows.csv",
        [
            ["series_name", "offered_classes", "agreement_date", "letter_date"],
            ["Series 2003-1", "A-1;A-2", "2003-01-01", "2003-01-30"],
            ["Series 2003-2", "B", "31/01/2003", ""],
            ["Series 2003-1", "C", "2003-02-01", ""],
            ["", "", "", ""],
            ["Series 2003-4", "D", "2003-04-01", "not a date"],
        ],
    )
    progress = []
    result = render_rows(
        matter,
        read_rows(rows),
        matter.template().schema,
        tmp_path / "out",
        _text_renderer(matter),
        suffix="txt",
        name_pattern="{series_name}",
        progress=lambda done, total: progress.append((done, total)),
    )
    assert [p.name for p in result.written] == ["Series-2003-1.txt", "Series-2003-1-2.txt"]
    assert result.bad_rows == [3, 6] and progress[-1] == (4, 4)
    first, second = (str(p) for p in result.problems)
    assert f"{rows}, line 3, column 3 (agreement_date)" in first and "31/01/2003" in first
    assert f"{rows}, line 6, column 4 (letter_date)" in second
    text = " ".join((tmp_path / "out" / "Series-2003-1.txt").read_text().split())
    assert "Series 2003-1, Class A-1 and Class A-2" in text and "January 30, 2003" in text
    assert "Class C" in (tmp_path / "out" / "Series-2003-1-2.txt").read_text()


def test_a_fact_a_final_copy_needs_is_named(tmp_path):
    """Ensure a row emptying nothing but lacking a required fact is named by its column in a filing copy."""
    matter = load_matter(SERIES)
    del matter.facts["trustee_name"]
    rows = _csv(
        tmp_path / "rows.csv", [["series_name", "trustee_name"], ["S-1", "Trust Co."], ["S-2", ""]]
    )
    result = render_rows(
        matter,
        read_rows(rows),
        matter.template().schema,
        tmp_path,
        _text_renderer(matter),
        suffix="txt",
    )
    assert len(result.written) == 1
    [problem] = result.problems
    assert "line 3, column 2 (trustee_name)" in str(problem) and "required for a final copy" in str(
        problem
    )


def test_bad_header_and_pattern_refused_before_writing(tmp_path):
    """Ensure a column or pattern naming no fact is refused before any letter is written."""
    matter = load_matter(SERIES)
    schema = matter.template().schema
    rows = read_rows(_csv(tmp_path / "rows.csv", [["series_name", "colour"], ["S", "red"]]))
    with pytest.raises(OpinionDeskError) as info:
        render_rows(matter, rows, schema, tmp_path, _text_renderer(matter))
    assert "line 1, column 2" in str(info.value) and "'colour' is not a fact" in str(info.value)
    rows = read_rows(_csv(tmp_path / "ok.csv", [["series_name"], ["S"]]))
    with pytest.raises(OpinionDeskError, match="not a fact"):
        render_rows(matter, rows, schema, tmp_path, _text_renderer(matter), name_pattern="{serie}")
    assert not list(tmp_path.glob("*.docx"))


def test_cancel_stops_between_rows(tmp_path):
    """Ensure a cancel request stops the run and says so, keeping what was written."""
    matter = load_matter(SERIES)
    rows = read_rows(
        _csv(tmp_path / "rows.csv", [["series_name"]] + [[f"S{i}"] for i in range(10)])
    )
    done = []
    result = render_rows(
        matter,
        rows,
        matter.template().schema,
        tmp_path,
        _text_renderer(matter),
        suffix="txt",
        progress=lambda d, t: done.append(d),
        cancelled=lambda: len(done) >= 3,
    )
    assert result.cancelled and len(result.written) == 3


def test_unreadable_rows_file(tmp_path):
    """Ensure a missing, non-UTF-8 or empty CSV is refused naming the file."""
    with pytest.raises(OpinionDeskError, match="cannot read"):
        read_rows(tmp_path / "none.csv")
    (tmp_path / "latin.csv").write_bytes(b"series_name\nS\xe9rie\n")
    with pytest.raises(OpinionDeskError, match="UTF-8"):
        read_rows(tmp_path / "latin.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(OpinionDeskError, match="header"):
        read_rows(tmp_path / "empty.csv")


def test_worker_processes_give_the_same_letters_and_reports(tmp_path):
    """Ensure rendering rows in worker processes writes the same files and reports as one process."""
    matter = load_matter(SERIES)
    del matter.facts["trustee_name"]
    lines = [["series_name", "trustee_name", "agreement_date"]]
    for n in range(40):
        lines.append([f"Series {n % 7}", "" if n == 17 else "Trust Co.", "bad" if n == 29 else ""])
    rows = read_rows(_csv(tmp_path / "rows.csv", lines))
    results = {}
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        result = render_rows(
            matter, rows, matter.template().schema, out, _text_renderer(matter),
            suffix="txt", name_pattern="{series_name}", workers=workers,
        )  # fmt: skip
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        results[workers] = (
            [p.name for p in result.written],
            files,
            [str(p) for p in result.problems],
        )
    assert results[1] == results[2]
    assert len(results[2][0]) == 38 and len(results[2][2]) == 2


BAD_AMOUNTS = ["123456789012345678901234567", "NaN", "Infinity", "-Infinity", "9" * 5000]


def test_a_bad_cell_stops_only_its_row(tmp_path):
    """Ensure huge, NaN and infinite amounts are each reported by line and column, the rest written."""
    matter = load_matter(SERIES)
    lines = [["series_name", "aggregate_principal"], ["S-good-1", "1000000"]]
    lines += [[f"S-bad-{n}", value] for n, value in enumerate(BAD_AMOUNTS)]
    lines += [["S-good-2", "2000000"]]
    rows = read_rows(_csv(tmp_path / "rows.csv", lines))
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        result = render_rows(
            matter, rows, matter.template().schema, out, _text_renderer(matter),
            suffix="txt", name_pattern="{series_name}", workers=workers,
        )  # fmt: skip
        assert [p.name for p in result.written] == ["S-good-1.txt", "S-good-2.txt"]
        assert result.bad_rows == [3, 4, 5, 6, 7]
        for line, problem in zip(result.bad_rows, result.problems, strict=True):
            assert f"line {line}, column 2 (aggregate_principal)" in str(problem), problem
        assert len(str(result.problems[-1])) < 1000  # a 5,000-digit value is not echoed whole


def test_a_row_raising_anything_is_reported_and_the_batch_goes_on(tmp_path):
    """Ensure a row whose rendering raises an unexpected error is reported and every other row written."""
    matter = load_matter(SERIES)
    rows = read_rows(_csv(tmp_path / "rows.csv", [["series_name"]] + [[f"S{i}"] for i in range(6)]))
    good = _text_renderer(matter)
    raised = {"S1": RecursionError("maximum recursion depth exceeded"), "S4": ZeroDivisionError()}

    def render(m):
        if m.facts["series_name"] in raised:
            raise raised[m.facts["series_name"]]
        return good(m)

    for workers in (1, 2):
        result = render_rows(
            matter, rows, matter.template().schema, tmp_path / f"o{workers}", render,
            suffix="txt", name_pattern="{series_name}", workers=workers,
        )  # fmt: skip
        assert len(result.written) == 4 and result.bad_rows == [3, 6]
        assert "line 3" in str(result.problems[0]) and "RecursionError" in str(result.problems[0])


def test_rows_file_that_is_not_a_regular_file_or_too_big_is_refused(tmp_path):
    """Ensure a FIFO, /dev/zero and a file over the size limit are refused before being read."""
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    try:
        error = raised_within(read_rows, fifo)
    finally:
        try:  # let a reader stuck in open() go
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert isinstance(error, OpinionDeskError) and "not a regular file" in str(error)
    error = raised_within(read_rows, "/dev/zero")
    assert isinstance(error, OpinionDeskError) and "not a regular file" in str(error)
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(batch.MAX_ROWS_BYTES + 1)  # sparse: no disk used
    error = raised_within(read_rows, big)
    assert isinstance(error, OpinionDeskError) and "larger than" in str(error)
    assert str(big) in str(error)


def _series_rows(tmp_path, n):
    return read_rows(_csv(tmp_path / "rows.csv", [["series_name"]] + [[f"S{i}"] for i in range(n)]))


def test_no_letter_is_in_place_before_its_record(tmp_path):
    """Ensure each letter is recorded before it appears under its name, never all at the end."""
    matter = load_matter(SERIES)
    rows = _series_rows(tmp_path, 12)
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        recorded = []

        def record(row_m, target, data, out=out, recorded=recorded):
            on_disk = sorted(p.name for p in out.glob("*.txt"))
            assert on_disk == sorted(recorded), "a letter is in place before its record"
            recorded.append(target.name)

        result = render_rows(
            matter, rows, matter.template().schema, out, _text_renderer(matter),
            suffix="txt", workers=workers, written=record,
        )  # fmt: skip
        assert len(result.written) == 12 == len(recorded)
        assert sorted(p.name for p in out.iterdir()) == sorted(recorded)  # no temporary file left


def test_a_letter_whose_record_fails_is_removed(tmp_path):
    """Ensure a letter whose record cannot be written is not left on disk, and the row is reported."""
    matter = load_matter(SERIES)
    rows = _series_rows(tmp_path, 5)

    def record(row_m, target, data):
        if row_m.facts["series_name"] == "S2":
            raise OpinionDeskError("cannot record the signed copy: No space left on device", "reg")

    result = render_rows(
        matter, rows, matter.template().schema, tmp_path / "out", _text_renderer(matter),
        suffix="txt", name_pattern="{series_name}", written=record,
    )  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "S0.txt", "S1.txt", "S3.txt", "S4.txt",
    ]  # fmt: skip
    assert result.bad_rows == [4] and "No space left" in str(result.problems[0])


def test_an_interrupt_stops_cleanly_and_says_what_was_written(tmp_path):
    """Ensure Ctrl-C during a batch stops it without an exception, every letter written recorded."""
    matter = load_matter(SERIES)
    rows = _series_rows(tmp_path, 30)
    for workers in (1, 2):
        out = tmp_path / f"out-{workers}"
        recorded = []

        def progress(done, total):
            if done == 10:
                raise KeyboardInterrupt

        result = render_rows(
            matter, rows, matter.template().schema, out, _text_renderer(matter), suffix="txt",
            workers=workers, progress=progress,
            written=lambda m, target, data, recorded=recorded: recorded.append(target.name),
        )  # fmt: skip
        assert result.interrupted
        on_disk = sorted(p.name for p in out.iterdir())
        assert on_disk == sorted(recorded) == sorted(p.name for p in result.written)
        assert 9 <= len(on_disk) <= 10
        assert result.written_lines == list(range(2, 2 + len(on_disk)))
        assert result.unwritten_lines == list(range(2 + len(on_disk), 32))
        assert not multiprocessing.active_children()


def test_a_killed_worker_stops_the_batch_with_a_report(tmp_path):
    """Ensure a worker process killed mid-batch ends the run with a report instead of a hang."""
    matter = load_matter(SERIES)
    rows = _series_rows(tmp_path, 40)
    good = _text_renderer(matter)

    def render(m):
        if m.facts["series_name"] == "S20":
            os.kill(os.getpid(), signal.SIGKILL)
        return good(m)

    result = render_rows(
        matter, rows, matter.template().schema, tmp_path / "out", render, suffix="txt",
        workers=2, written=lambda m, target, data: None,
    )  # fmt: skip
    assert result.interrupted and "worker" in result.interrupted
    assert len(result.written) < 40 and result.unwritten_lines
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in result.written
    )
    assert not multiprocessing.active_children()


def test_unfinished_letters_of_a_killed_run_are_removed(tmp_path):
    """Ensure temporary letters a killed run left are removed by the next run, and others' kept."""
    from opiniondesk.core.batch import temp_path

    matter = load_matter(SERIES)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    left = temp_path(out / "S0.txt").name.replace(f"-{os.getpid()}-", f"-{dead.stdout.strip()}-")
    (out / left).write_bytes(b"half a letter")
    running = temp_path(out / "S1.txt")  # this process's own: still being written
    running.write_bytes(b"in progress")
    (out / ".notes.txt.tmp").write_bytes(b"not ours")
    result = render_rows(
        matter, _series_rows(tmp_path, 2), matter.template().schema, out,
        _text_renderer(matter), suffix="txt", name_pattern="{series_name}",
    )  # fmt: skip
    assert result.stale_removed == 1 and not (out / left).exists()
    assert running.exists() and (out / ".notes.txt.tmp").exists()


def test_a_recorded_copy_a_killed_run_left_unnamed_is_finished_by_the_next_run(tmp_path):
    """Ensure a temporary letter a killed run left after recording it, whose bytes the register's
    last record of its name holds, is moved to its name by the next run (replacing an older file
    there), while one whose name was last recorded with other bytes, or never, is removed."""
    import hashlib

    from opiniondesk.core.batch import temp_path

    matter = load_matter(SERIES)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip

    def leftover(name, data):
        tmp = temp_path(out / name).name.replace(f"-{os.getpid()}-", f"-{dead.stdout.strip()}-")
        (out / tmp).write_bytes(data)
        return out / tmp

    finished = leftover("Old-1.txt", b"the copy recorded last")
    (out / "Old-1.txt").write_bytes(b"an older copy")
    superseded = leftover("Old-2.txt", b"a copy recorded, then another")
    unrecorded = leftover("Old-3.txt", b"a copy killed before its record")
    mine = temp_path(out / "Old-4.txt")  # this process's own: still being written
    mine.write_bytes(b"the copy recorded last")
    register = {
        out / "Old-1.txt": b"the copy recorded last",
        out / "Old-2.txt": b"the copy recorded after it",
        out / "Old-4.txt": b"the copy recorded last",
    }
    latest = {str(p.resolve()): hashlib.sha256(d).hexdigest() for p, d in register.items()}
    asked = []

    def recorded(path):
        asked.append(path)
        return latest.get(str(path.resolve()))

    result = render_rows(
        matter, _series_rows(tmp_path, 2), matter.template().schema, out,
        _text_renderer(matter), suffix="txt", name_pattern="{series_name}", recorded=recorded,
    )  # fmt: skip
    assert result.stale_finished == [out / "Old-1.txt"] and result.stale_removed == 2
    assert (out / "Old-1.txt").read_bytes() == b"the copy recorded last"
    assert not finished.exists() and not superseded.exists() and not unrecorded.exists()
    assert not (out / "Old-2.txt").exists() and not (out / "Old-3.txt").exists()
    assert mine.exists() and out / "Old-4.txt" not in asked
    assert sorted(p.name for p in result.written) == ["S0.txt", "S1.txt"]


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes are forked on Linux only")
def test_a_worker_dead_before_its_next_task_is_a_worker_death_not_an_internal_error():
    """Ensure a worker killed while idle shows as a worker death when the next task is sent to it
    (the send meets a broken pipe), as one killed while rendering does."""
    workers = batch._Workers(1)
    try:
        workers.processes[0].kill()
        workers.processes[0].join(5)
        matter = load_matter(resource("samples") / "cmsi-2001.opinion")
        with pytest.raises(batch._WorkerEnded):
            next(workers.rendered([(2, matter)]))
    finally:
        workers.close(at_once=True)
