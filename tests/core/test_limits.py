"""Input limits: a file is read only if it is a regular file under its size limit."""

import os
import threading

import pytest

from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.limits import check_regular_file, describe_size, read_regular_file


def test_a_regular_file_under_the_limit_is_read(tmp_path):
    """Ensure a small regular file is read whole, through a link too."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    link = tmp_path / "link.txt"
    link.symlink_to(path)
    assert read_regular_file(path, 5) == b"hello"
    assert read_regular_file(link, 5) == b"hello"
    assert check_regular_file(path, 5).st_size == 5


def test_one_byte_over_the_limit_is_refused(tmp_path):
    """Ensure a file one byte over the limit is refused, naming it and the limit."""
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 11)
    with pytest.raises(OpinionDeskError) as info:
        read_regular_file(path, 10, "rows file")
    assert str(path) in str(info.value) and "rows file" in str(info.value)
    assert "10 bytes" in str(info.value)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    """Ensure a FIFO is refused at once: opening it never blocks."""
    path = tmp_path / "pipe"
    os.mkfifo(path)
    result = []
    worker = threading.Thread(
        target=lambda: result.append(pytest.raises(OpinionDeskError, read_regular_file, path, 10)),
        daemon=True,
    )
    worker.start()
    worker.join(10)
    if worker.is_alive():
        with open(path, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert "not a regular file" in str(result[0].value)


def test_a_device_and_a_missing_file_are_refused(tmp_path):
    """Ensure /dev/zero and a missing file are refused with the path named."""
    with pytest.raises(OpinionDeskError, match="not a regular file"):
        read_regular_file("/dev/zero", 10)
    with pytest.raises(OpinionDeskError, match="cannot read") as info:
        read_regular_file(tmp_path / "gone", 10)
    assert str(tmp_path / "gone") in str(info.value)


def test_sizes_read_as_counsel_would_say_them():
    """Ensure sizes in messages are bytes when small and megabytes when large."""
    assert describe_size(1024) == "1,024 bytes"
    assert describe_size(8 * 1024 * 1024) == "8.0 MB"


def test_a_file_just_over_its_limit_is_told_apart_from_the_limit(tmp_path):
    """Ensure a file a byte over its limit is said to be larger in numbers that differ, not
    "is 64.0 MB, larger than ... (64.0 MB)"."""
    limit = 64 * 1024 * 1024
    path = tmp_path / "rows.csv"
    with open(path, "wb") as fh:
        fh.truncate(limit + 1)
    with pytest.raises(OpinionDeskError) as info:
        check_regular_file(path, limit, "file of rows")
    message = str(info.value)
    assert "is 67,108,865 bytes, larger than a file of rows may be (67,108,864 bytes)" in message
    with open(path, "wb") as fh:
        fh.truncate(limit + 5 * 1024 * 1024)
    with pytest.raises(OpinionDeskError) as info:
        check_regular_file(path, limit, "file of rows")
    assert "is 69.0 MB, larger than a file of rows may be (64.0 MB)" in str(info.value)
