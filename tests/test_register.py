"""Tests for the register of signed copies: append-only records chained by hashes, verified."""

import hashlib
import json

import pytest

from opiniondesk import paths
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


def test_a_torn_last_line_does_not_swallow_the_next_record(sample):
    """Ensure a record appended after a cut-short last line stands on a line of its own."""
    register = _fill(sample, 2)
    raw = register.path.read_bytes()
    register.path.write_bytes(raw[: len(raw) - 20])  # the second record loses its end
    record_signed_copy(sample, b"after the crash", "pdf", "john-r-dye", register=register)
    records = register.records()
    assert records[1] == {"damaged": 2}
    assert records[2]["output_sha256"] == hashlib.sha256(b"after the crash").hexdigest()
    assert register.verify().bad_record == 2
