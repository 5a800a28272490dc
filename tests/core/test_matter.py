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
