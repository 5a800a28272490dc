"""Kill -9, Ctrl-C and SIGTERM during a signed batch: no signed copy without its record, no traceback."""

import random
import time

from reliability.kill_harness import kill_signed_batches, kills_wanted, report, signer_secrets


def test_stopped_signed_batches_leave_no_unrecorded_copy(tmp_path):
    """Ensure signed batches stopped at random letters leave every copy recorded and the register
    whole, and the next run puts in place each copy a stop left recorded but unnamed."""
    secrets = signer_secrets(tmp_path / "secrets.json")
    start = time.monotonic()
    counts = kill_signed_batches(tmp_path, secrets, kills_wanted(), random.Random(15))
    print(report("signed batch stopped", counts, time.monotonic() - start))
    assert counts["kills"] + counts["runs that ended before the fault"] == kills_wanted()
    assert counts["unrecorded"] == 0 and counts["corrupt"] == 0
    assert counts["tracebacks"] == 0 and counts["hangs"] == 0
    assert counts["interruptions not reported"] == 0
    assert counts["worker deaths not reported"] == 0
    assert counts["processes left running"] == 0
    assert counts["final run failed"] == 0 and counts["temporary files left"] == 0
    assert counts["register verifies"] == 1
    recorded = counts["of them recorded (stopped between the record and the rename)"]
    assert counts["recorded copies put in place by the next run"] == recorded
    assert counts["unrecorded temporary files removed by the next run"] == (
        counts["temporary files after a stop"] - recorded
    )
