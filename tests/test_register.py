"""Tests for the register of signed copies: append-only records chained by hashes, verified."""

import errno
import hashlib
import json
import platform
import subprocess
import sys
import time

import pytest

from opiniondesk import paths
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.register import (
    GENESIS,
    SignedCopyRegister,
    facts_sha256,
    record_signed_copy,
    register_path,
)


@pytest.fixture
def sample(sample_path):
    return load_matter(sample_path)


def _fill(sample, count=4):
    register = SignedCopyRegister()
    for n in range(count):
        record_signed_copy(
            sample,
            f"output {n}".encode(),
            "pdf",
            "john-r-dye",
            output_name=f"/tmp/out-{n}.pdf",
            override="checks reviewed by J.D." if n == 2 else None,
        )
    return register


def test_register_lives_in_user_data_folder(user_home):
    """Ensure the register file is in the user data folder."""
    assert register_path().parent == paths.user_data_dir()
    assert str(register_path()).startswith(str(user_home))


def test_record_fields(sample):
    """Ensure a record holds time, user, signer, matter, the two hashes, the override and the chain."""
    record = record_signed_copy(sample, b"%PDF-1.4 signed", "pdf", "john-r-dye", "/x/signed.pdf")
    assert record["seq"] == 1
    assert record["time"].endswith("+00:00")
    assert record["user"]
    assert record["signer_profile"] == "john-r-dye"
    assert record["signer_name"] == "John R. Dye"
    assert record["matter"].endswith("cmsi-2001.opinion")
    assert record["facts_sha256"] == facts_sha256(sample)
    assert record["output_sha256"] == hashlib.sha256(b"%PDF-1.4 signed").hexdigest()
    assert record["override"] is None
    assert record["prev"] == GENESIS
    assert SignedCopyRegister().records() == [record]


def test_chain_links_each_record_to_the_one_before(sample):
    """Ensure each record carries the hash of the record before it."""
    records = _fill(sample).records()
    assert [r["seq"] for r in records] == [1, 2, 3, 4]
    for before, after in zip(records, records[1:]):
        assert after["prev"] == before["hash"]
    assert records[2]["override"] == "checks reviewed by J.D."


def test_facts_hash_changes_with_the_facts(sample):
    """Ensure the facts hash follows the facts, and not key order."""
    first = facts_sha256(sample)
    sample.facts = dict(reversed(list(sample.facts.items())))
    assert facts_sha256(sample) == first
    sample.facts["form"] = "S-1"
    assert facts_sha256(sample) != first


def test_intact_register_verifies(sample):
    """Ensure an untouched register verifies, and an empty one too."""
    assert SignedCopyRegister().verify().ok
    check = _fill(sample).verify()
    assert check.ok and check.records == 4
    assert "All 4" in check.message()


def test_every_single_byte_change_names_its_record(sample):
    """Ensure changing any one byte of one record makes verification name that record."""
    register = _fill(sample, 3)
    original = register.path.read_bytes()
    lines = original.split(b"\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(3)]
    for offset in range(len(original) - 1):  # every byte but the final newline
        record = max(i for i, s in enumerate(starts) if s <= offset) + 1
        for new in (b"x", b"0"):
            if original[offset : offset + 1] == new:
                continue
            changed = original[:offset] + new + original[offset + 1 :]
            register.path.write_bytes(changed)
            check = register.verify()
            # A changed newline joins two records: the first of them no longer reads.
            assert check.bad_record == record, (offset, chr(original[offset]), check)
    register.path.write_bytes(original)
    assert register.verify().ok


def test_removed_record_is_named(sample):
    """Ensure removing a record from the middle names the record that follows it."""
    register = _fill(sample, 4)
    lines = register.path.read_bytes().split(b"\n")
    del lines[1]
    register.path.write_bytes(b"\n".join(lines))
    check = register.verify()
    assert check.bad_record == 2
    assert "does not follow" in check.problem
    assert "Record 2 of 3" in check.message()


def test_reencoded_record_is_caught(sample):
    """Ensure a record rewritten with the same values but other bytes is caught."""
    register = _fill(sample, 2)
    lines = register.path.read_bytes().split(b"\n")
    lines[0] = json.dumps(json.loads(lines[0]), indent=1).replace("\n", "").encode()
    register.path.write_bytes(b"\n".join(lines))
    assert register.verify().bad_record == 1


def test_append_continues_after_restart(sample):
    """Ensure a new register object appends to the same chain."""
    _fill(sample, 2)
    record_signed_copy(sample, b"more", "docx", "john-r-dye", register=SignedCopyRegister())
    check = SignedCopyRegister().verify()
    assert check.ok and check.records == 3


def test_append_only_keeps_earlier_bytes(sample):
    """Ensure appending never rewrites the records already written."""
    register = _fill(sample, 2)
    before = register.path.read_bytes()
    record_signed_copy(sample, b"more", "print", "john-r-dye")
    assert register.path.read_bytes().startswith(before)


def test_records_cut_off_the_end_are_caught(sample):
    """Ensure removing the last records shows, the keychain remembering the register's head."""
    register = _fill(sample, 4)
    lines = register.path.read_bytes().split(b"\n")
    register.path.write_bytes(b"\n".join(lines[:2]) + b"\n")
    check = register.verify()
    assert check.bad_record == 3
    assert "records 3 to 4 were removed" in check.problem


def test_without_a_keychain_the_chain_still_verifies(sample, tmp_path):
    """Ensure a register kept where there is no keychain still records and verifies its chain."""
    from keyring.backends.fail import Keyring as FailKeyring

    register = SignedCopyRegister(tmp_path / "register.jsonl", keychain=FailKeyring())
    for n in range(3):
        record_signed_copy(sample, f"out {n}".encode(), "pdf", "p", register=register)
    assert register.verify().ok
    lines = register.path.read_bytes().split(b"\n")
    register.path.write_bytes(b"\n".join(lines[:1]) + b"\n")
    assert register.verify().ok  # without a keychain only the chain itself can be checked


class _FullDisk:
    """A file opened for appending whose write stores only part of the bytes, then fails: ENOSPC."""

    def __init__(self, real, keep):
        self._real = real
        self._keep = keep

    def write(self, data):
        self._real.write(bytes(data[: self._keep]))
        self._real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._real.close()

    def __getattr__(self, name):
        return getattr(self._real, name)


def _full_disk_open(monkeypatch, register, keep=40):
    """Make the register module's appends to `register` hit a full disk after `keep` bytes."""
    import builtins

    import opiniondesk.register as module

    real_open = builtins.open

    def fake_open(file, mode="r", *args, **kwargs):
        fh = real_open(file, mode, *args, **kwargs)
        same = str(file) == str(register.path)
        return _FullDisk(fh, keep) if same and ("a" in mode or "+" in mode or "w" in mode) else fh

    monkeypatch.setattr(module, "open", fake_open, raising=False)


def test_a_full_disk_leaves_no_torn_record(sample, monkeypatch):
    """Ensure an append that runs out of disk space leaves the register exactly as it was."""
    register = _fill(sample, 2)
    before = register.path.read_bytes()
    _full_disk_open(monkeypatch, register)
    with pytest.raises(OpinionDeskError, match="cannot record the signed copy"):
        record_signed_copy(sample, b"no room", "pdf", "john-r-dye", register=register)
    monkeypatch.undo()
    assert register.path.read_bytes() == before
    assert register.verify().ok
    record_signed_copy(sample, b"room again", "pdf", "john-r-dye", register=register)
    check = register.verify()
    assert check.ok and check.records == 3


def test_a_torn_tail_is_repaired_and_the_repair_recorded(sample):
    """Ensure a record cut short is removed by the next append, which records the repair first."""
    register = _fill(sample, 2)
    intact = register.path.read_bytes()
    torn = b'{"facts_sha256":"ab12","format":"pdf","hash":"9f'
    register.path.write_bytes(intact + torn)
    assert not register.verify().ok  # until repaired, the cut shows
    record = record_signed_copy(sample, b"after the cut", "pdf", "john-r-dye", register=register)
    check = register.verify()
    assert check.ok and check.records == 4, check.message()
    repair = register.records()[2]
    assert repair["event"] == "repair" and repair["seq"] == 3
    assert repair["removed_bytes"] == len(torn)
    assert repair["removed_sha256"] == hashlib.sha256(torn).hexdigest()
    assert record["seq"] == 4 and record["prev"] == repair["hash"]
    assert register.path.read_bytes().startswith(intact)


def test_a_whole_record_missing_only_its_newline_is_kept(sample):
    """Ensure a last record written whole but for its newline is kept, not treated as torn."""
    register = _fill(sample, 2)
    register.path.write_bytes(register.path.read_bytes()[:-1])
    record_signed_copy(sample, b"next", "pdf", "john-r-dye", register=register)
    records = register.records()
    assert [r["seq"] for r in records] == [1, 2, 3] and "event" not in records[2]
    assert register.verify().ok


_HOLD_LOCK = """
import sys, time
from opiniondesk.register import SignedCopyRegister
with SignedCopyRegister(sys.argv[1])._locked():
    print("locked", flush=True)
    time.sleep(60)
"""


def _lock_holder(path):
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_lock_left_by_a_killed_process_is_taken_over_at_once(sample, tmp_path):
    """Ensure the lock of a process killed while appending does not hold up the next signed copy."""
    register = SignedCopyRegister(tmp_path / "register.jsonl")
    holder = _lock_holder(register.path)
    holder.kill()
    holder.wait()
    start = time.monotonic()
    record_signed_copy(sample, b"after kill", "pdf", "john-r-dye", register=register)
    assert time.monotonic() - start < 1.0
    assert register.verify().ok


def test_a_live_lock_names_its_owner(sample, tmp_path):
    """Ensure a register locked by a running process is refused naming that process and its host."""
    register = SignedCopyRegister(tmp_path / "register.jsonl", lock_timeout=0.3)
    holder = _lock_holder(register.path)
    try:
        with pytest.raises(OpinionDeskError) as info:
            record_signed_copy(sample, b"waiting", "pdf", "john-r-dye", register=register)
        message = str(info.value)
        assert f"process {holder.pid}" in message and platform.node() in message
    finally:
        holder.kill()
        holder.wait()
    record_signed_copy(sample, b"now free", "pdf", "john-r-dye", register=register)
    assert register.verify().ok


def test_a_signed_copy_whose_record_cannot_be_written_is_not_kept(
    sample_path, tmp_path, monkeypatch, capsys
):
    """Ensure `render --copy signed` removes the signed copy when the disk is full for its record."""
    from helpers import run_cli
    from opiniondesk.signers import SignerStore
    from signature_images import add_sample_signer

    add_sample_signer(SignerStore())
    register = SignedCopyRegister()
    args = ["render", sample_path, "--copy", "signed", "--signer", "john-r-dye", "-o"]
    code, _, err = run_cli([*args, tmp_path / "first.docx"], capsys)
    assert code == 0, err
    before = register.path.read_bytes()
    _full_disk_open(monkeypatch, register)
    code, _, err = run_cli([*args, tmp_path / "signed.docx"], capsys)
    monkeypatch.undo()
    assert code == 2 and "No space left on device" in err and "Traceback" not in err
    assert not (tmp_path / "signed.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.docx"]
    assert register.path.read_bytes() == before and register.verify().ok


def _filing_of(sample, register, **fields):
    """Append, as another OpinionDesk would, a filing copy of the sample's matter and facts."""
    return register.append(
        copy="filing",
        matter=str(sample.path.resolve()),
        facts_sha256=facts_sha256(sample),
        format="edgar-htm",
        output_sha256="1" * 64,
        **fields,
    )


def test_a_signed_copy_is_linked_without_reading_the_whole_register_again(sample, monkeypatch):
    """Ensure recording a copy reads only what the register gained since, not every record again."""
    register = _fill(sample, 3)
    record_signed_copy(sample, b"first", "pdf", "john-r-dye", register=register)
    filing = _filing_of(sample, SignedCopyRegister(register.path))

    def whole(*_args):
        raise AssertionError("the whole register was read again")

    monkeypatch.setattr(SignedCopyRegister, "_lines", whole)
    monkeypatch.setattr(SignedCopyRegister, "records", whole)
    record = record_signed_copy(sample, b"second", "pdf", "john-r-dye", register=register)
    assert record["link"] == {"seq": filing["seq"], "hash": filing["hash"], "copy": "filing"}


def test_links_follow_a_register_replaced_or_cut_back(sample):
    """Ensure a copy links to the register as it now stands after the file is replaced or cut."""
    register = _fill(sample, 2)
    before = register.path.read_bytes()
    _filing_of(sample, register)
    assert "link" in record_signed_copy(sample, b"one", "pdf", "p", register=register)
    register.path.write_bytes(before)  # cut back to before the filing copy
    assert record_signed_copy(sample, b"two", "pdf", "p", register=register)["link"] is None
    other = SignedCopyRegister(register.path.with_name("other.jsonl"))
    filing = _filing_of(sample, other, output="/elsewhere.htm")
    other.path.replace(register.path)  # a different file under the same name
    record = record_signed_copy(sample, b"three", "pdf", "p", register=register)
    assert record["link"]["hash"] == filing["hash"] and record["prev"] == filing["hash"]


def test_a_filing_copy_whose_newline_is_missing_is_still_linked(sample):
    """Ensure the last record, written whole but for its newline, is linked like any other."""
    register = _fill(sample, 1)
    record_signed_copy(sample, b"seen", "pdf", "p", register=register)
    filing = _filing_of(sample, register)
    register.path.write_bytes(register.path.read_bytes()[:-1])
    record = record_signed_copy(sample, b"after", "pdf", "p", register=register)
    assert record["link"]["hash"] == filing["hash"]
    assert register.verify().ok


def test_the_last_recorded_copy_of_a_file_follows_the_register(sample):
    """Ensure the recorded-copy lookup names the latest copy recorded under a file, appended since."""
    from pathlib import Path

    from opiniondesk.register import last_recorded_copy, sha256_hex

    lookup = last_recorded_copy()
    assert lookup(Path("/tmp/out-1.pdf")) is None
    _fill(sample, 2)
    assert lookup(Path("/tmp/out-1.pdf")) == sha256_hex(b"output 1")
    record_signed_copy(sample, b"again", "pdf", "p", output_name="/tmp/out-1.pdf")
    assert lookup(Path("/tmp/out-1.pdf")) == sha256_hex(b"again")


@pytest.mark.parametrize("copy", ["signed", "filing"])
def test_deviations_given_are_recorded_without_rendering_the_letter_again(
    sample_path, monkeypatch, copy
):
    """Ensure a copy recorded with the deviations of the letter just made records them as the
    letter stands, without rendering it again."""
    import opiniondesk.core.templates
    from opiniondesk.register import deviation_fields, record_filing_copy
    from redline_helpers import changed_copy

    _, edited = changed_copy(sample_path)
    letter = edited.render()
    expected = deviation_fields(edited)
    assert expected["deviates"] and expected["deviations"][0]["sha256"]

    def rendered(*_args, **_kwargs):
        raise AssertionError("the letter was rendered again")

    monkeypatch.setattr(opiniondesk.core.templates, "render_letter", rendered)
    if copy == "signed":
        record = record_signed_copy(edited, b"x", "pdf", "p", deviations=letter.deviations)
    else:
        record = record_filing_copy(edited, b"x", "edgar-htm", deviations=letter.deviations)
    assert {k: record[k] for k in expected} == expected
