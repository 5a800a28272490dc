"""Matter files: loading reports every problem; saving never leaves a half-written file."""

import json
import os

import pytest

from opiniondesk.core import matter as matter_module
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter, loads_matter, save_matter


def test_round_trip(tmp_path, sample_path):
    """Ensure a saved matter loads back with the same facts, date and signer."""
    m = load_matter(sample_path)
    save_matter(m, tmp_path / "copy.opinion")
    again = load_matter(tmp_path / "copy.opinion")
    assert (again.facts, again.letter_date, again.signer) == (m.facts, m.letter_date, m.signer)


def test_every_problem_reported():
    """Ensure a matter with several problems names each of them."""
    text = json.dumps(
        {"format": "x", "format_version": "one", "template": 5, "facts": [], "signer": 3}
    )
    with pytest.raises(OpinionDeskError) as info:
        loads_matter(text, "m.opinion")
    fields = [p.where for p in info.value.problems]
    assert fields == [
        "m.opinion: format",
        "m.opinion: format_version",
        "m.opinion: template",
        "m.opinion: facts",
        "m.opinion: signer",
    ]


def test_truncated_json_names_line(tmp_path, sample_path):
    """Ensure a truncated file is reported with its line and column."""
    path = tmp_path / "cut.opinion"
    path.write_text(sample_path.read_text()[:200])
    with pytest.raises(OpinionDeskError) as info:
        load_matter(path)
    assert f"{path}, line" in str(info.value) and "truncated" in str(info.value)


def test_failed_save_keeps_previous_file(tmp_path, sample_path, monkeypatch):
    """Ensure a save that fails half-way leaves the previous file intact and no temporary behind."""
    target = tmp_path / "m.opinion"
    m = load_matter(sample_path)
    save_matter(m, target)
    before = target.read_bytes()
    m.facts["registrant_name"] = "Changed Name, Inc."

    real_fdopen = os.fdopen

    class Breaking:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(
        matter_module.os, "fdopen", lambda fd, mode: Breaking(real_fdopen(fd, mode))
    )
    with pytest.raises(OpinionDeskError) as info:
        save_matter(m, target)
    assert "No space left on device" in str(info.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.opinion"]


def test_saved_files_keep_their_permissions(tmp_path, sample_path):
    """Ensure a save keeps the replaced file's permissions and a new file gets the user's usual ones."""
    import stat

    m = load_matter(sample_path)
    target = tmp_path / "shared.opinion"
    old = os.umask(0o022)
    try:
        save_matter(m, target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o664)
        save_matter(m, target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_a_bad_date_and_bad_facts_are_reported_together(tmp_path, sample_path):
    """Ensure a matter with a bad letter date also reports its facts' problems, all at once."""
    data = json.loads(sample_path.read_text())
    data["letter_date"] = "23/10/2001"
    data["facts"]["aggregate_amount"] = "lots"
    path = tmp_path / "two.opinion"
    path.write_text(json.dumps(data))
    with pytest.raises(OpinionDeskError) as info:
        load_matter(path)
    text = str(info.value)
    assert "letter date" in text and "aggregate_amount" in text


def _sample_text(sample_path, old='"1000000000"', new='"1000000000"'):
    text = sample_path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    "value, said",
    [
        ("Infinity", "Infinity"),
        ("-Infinity", "Infinity"),
        ("NaN", "NaN"),
        ("9" * 5000, "digits"),
        ("1e400", "too large"),
        ("1" * 28, "too large"),
        ("-1000", "cannot be negative"),
        ("0.001", "decimal places"),
        ('"' + "1" * 28 + '"', "too large"),
    ],
)
def test_bad_numbers_in_a_matter_file_are_refused_naming_the_fact(
    tmp_path, sample_path, value, said
):
    """Ensure bare NaN, Infinity, huge or out-of-range numbers in a matter name the file and the fact."""
    path = tmp_path / "bad.opinion"
    path.write_text(_sample_text(sample_path, new=value), encoding="utf-8")
    with pytest.raises(OpinionDeskError) as info:
        load_matter(path)
    (problem,) = info.value.problems
    assert problem.where.startswith(str(path)) and "aggregate_amount" in problem.where
    assert said in problem.message and len(problem.message) < 150


def test_json_nested_ten_thousand_levels_is_refused(tmp_path, sample_path):
    """Ensure a matter nested 10,000 levels deep is refused by name, not a RecursionError."""
    path = tmp_path / "deep.opinion"
    path.write_text(_sample_text(sample_path, new="[" * 10_000 + "]" * 10_000), encoding="utf-8")
    with pytest.raises(OpinionDeskError) as info:
        load_matter(path)
    (problem,) = info.value.problems
    assert problem.where.startswith(str(path)) and "nested" in problem.message


def test_json_nested_past_the_limit_is_refused(tmp_path, sample_path):
    """Ensure nesting past MAX_JSON_DEPTH but within Python's own limit is refused too."""
    from opiniondesk.core.limits import MAX_JSON_DEPTH

    path = tmp_path / "deep.opinion"
    deep = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    path.write_text(_sample_text(sample_path, new=deep), encoding="utf-8")
    with pytest.raises(OpinionDeskError) as info:
        load_matter(path)
    (problem,) = info.value.problems
    assert "aggregate_amount" in problem.where and "nested" in problem.message


def test_duplicate_keys_are_refused_not_last_kept(tmp_path, sample_path):
    """Ensure a matter naming a fact twice is refused with the key named, not silently kept last."""
    text = _sample_text(sample_path, '"form": "S-3"', '"form": "S-1", "form": "S-3"')
    path = tmp_path / "dup.opinion"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OpinionDeskError) as info:
        load_matter(path)
    (problem,) = info.value.problems
    assert problem.where == f"{path}: facts" and "'form'" in problem.message
    assert "twice" in problem.message


def test_a_bad_number_elsewhere_in_the_file_names_its_place(tmp_path, sample_path):
    """Ensure a bare Infinity outside the facts names where it stands."""
    text = _sample_text(sample_path, '"format_version": 1', '"format_version": Infinity')
    path = tmp_path / "v.opinion"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OpinionDeskError) as info:
        load_matter(path)
    assert info.value.problems[0].where == f"{path}: format_version"


def test_a_bad_number_in_a_list_outside_the_facts_names_its_place(tmp_path):
    """Ensure a bare NaN in a list outside the facts names its place as "edits[1].key"."""
    from opiniondesk.core.matter import loads_matter

    text = '{"format_version": 1, "edits": [{"key": "a"}, {"key": NaN}]}'
    with pytest.raises(OpinionDeskError) as info:
        loads_matter(text, "m.opinion")
    assert info.value.problems[0].where == "m.opinion: edits[1].key"


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "huge", "folder"])
def test_only_a_regular_file_under_the_limit_is_read(tmp_path, kind):
    """Ensure /dev/zero, a FIFO, a 1 GB file and a folder are refused at once, never read whole."""
    import threading

    from opiniondesk.core.limits import MAX_MATTER_BYTES

    if kind == "dev-zero":
        path = tmp_path / "zero.opinion"
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        path = tmp_path / "pipe.opinion"
        os.mkfifo(path)
    elif kind == "huge":
        path = tmp_path / "huge.opinion"
        with open(path, "wb") as fh:  # sparse: 1 GB on paper, nothing on disk
            fh.truncate(1024**3)
        assert path.stat().st_size > MAX_MATTER_BYTES
    else:
        path = tmp_path / "folder.opinion"
        path.mkdir()
    outcome = []

    def load():
        try:
            load_matter(path)
        except OpinionDeskError as exc:
            outcome.append(str(exc))
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        if kind == "fifo":
            with open(path, "wb"):  # let the blocked reader go
                pass
        pytest.fail(f"load_matter hung on {kind}")
    assert len(outcome) == 1 and isinstance(outcome[0], str), outcome
    assert str(path) in outcome[0]


def _read_only(path):
    import stat

    path.chmod(stat.S_IMODE(path.stat().st_mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_a_read_only_matter_is_not_overwritten(tmp_path, sample_path):
    """Ensure saving over a read-only matter is refused, saying so, and leaves it as it was."""
    from opiniondesk.core.matter import ReadOnlyError, is_read_only

    target = tmp_path / "signed-off.opinion"
    m = load_matter(sample_path)
    save_matter(m, target)
    before = target.read_bytes()
    _read_only(target)
    assert is_read_only(target)  # by its mode: root would write it all the same
    m.facts["registrant_name"] = "Changed Name, Inc."
    with pytest.raises(ReadOnlyError) as info:
        save_matter(m, target)
    assert str(target) in str(info.value) and "read-only" in str(info.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def _temporaries(folder, name):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def test_stale_temporaries_of_a_killed_save_are_cleaned_on_open_and_save(tmp_path, sample_path):
    """Ensure stale temporary files of our own naming go when the matter opens or saves; others stay."""
    import time

    from opiniondesk.core.matter import STALE_TEMPORARY_SECONDS

    target = tmp_path / "deal.opinion"
    m = load_matter(sample_path)
    save_matter(m, target)
    old = time.time() - STALE_TEMPORARY_SECONDS - 5

    def leave(name, when=old):
        path = tmp_path / name
        path.write_bytes(b"{half")
        os.utime(path, (when, when))
        return path

    stale = leave(".deal.opinion.ab3_x9yz.tmp")
    fresh = leave(".deal.opinion.k2j4h5g6.tmp", time.time())  # a save under way right now
    other_matter = leave(".other.opinion.ab3_x9yz.tmp")
    not_ours = leave(".deal.opinion.notes.txt")
    folder = tmp_path / ".deal.opinion.aaaaaaaa.tmp"
    folder.mkdir()
    os.utime(folder, (old, old))
    load_matter(target)
    assert not stale.exists()
    assert fresh.exists() and other_matter.exists() and not_ours.exists() and folder.exists()
    stale = leave(".deal.opinion.zz99yy88.tmp")
    save_matter(m, target)
    assert not stale.exists() and fresh.exists()
