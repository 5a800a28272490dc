"""Kill -9 during matter saves and the window's recovery autosave: no file is ever left corrupt."""

import random
import time

from reliability.kill_harness import kill_autosaves, kill_saves, kills_wanted, report


def test_killed_saves_leave_no_corrupt_matter(tmp_path):
    """Ensure a matter save killed at random moments (20 times by default) always leaves a matter that loads."""
    start = time.monotonic()
    counts = kill_saves(tmp_path, kills_wanted(), random.Random(12))
    print(report("kill -9 during save_matter", counts, time.monotonic() - start))
    assert counts["kills"] == kills_wanted()
    assert counts["corrupt"] == 0


def test_killed_autosaves_leave_no_corrupt_recovery_file(tmp_path):
    """Ensure an autosave killed at random moments always leaves a recovery file found at start."""
    start = time.monotonic()
    counts = kill_autosaves(tmp_path, kills_wanted(), random.Random(13))
    print(report("kill -9 during autosave", counts, time.monotonic() - start))
    assert counts["kills"] == kills_wanted()
    assert counts["corrupt"] == 0 and counts["not found at start"] == 0
