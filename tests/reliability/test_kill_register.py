"""Kill -9 during register appends: no acknowledged record lost, no stale lock, a chain that verifies."""

import random
import time

from reliability.kill_harness import kill_appends, kills_wanted, report


def test_killed_appends_leave_a_register_that_verifies(tmp_path):
    """Ensure appends killed at random moments lose no acknowledged record and never block the next one."""
    start = time.monotonic()
    counts = kill_appends(tmp_path, kills_wanted(), random.Random(14))
    print(report("kill -9 during register append", counts, time.monotonic() - start))
    assert counts["kills"] == kills_wanted()
    assert counts["acknowledged records lost"] == 0
    assert counts["appends refused after a kill"] == 0
    assert counts["register fails verification"] == 0
    assert counts["slowest append after a kill (ms)"] < 1000
