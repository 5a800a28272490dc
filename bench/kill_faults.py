"""Fault scripts at scale: kill -9 (and Ctrl-C, SIGTERM) 200 times each during a matter save, the
window's autosave, register appends and signed batches, and print what the kills broke.

Linux only (it finds worker processes in /proc). The same scripts run 20 times each in the tests
(`tests/reliability/test_kill_*.py`); this runs them in a private user folder with the tests'
in-memory keychain: `python bench/kill_faults.py -n 200 [--only batch]`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ("save", "autosave", "append", "batch")


def main() -> None:
    """Run each fault script N times (default 200, or OPINIONDESK_FAULT_KILLS) and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, help="kills per script (default 200)")
    parser.add_argument("--only", choices=SCRIPTS, action="append", help="run only these")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--rows", type=int, default=40, help="rows in each signed batch")
    args = parser.parse_args()
    kills = args.n or int(os.environ.get("OPINIONDESK_FAULT_KILLS") or 200)
    sys.path[:0] = [str(ROOT / "tests")]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="opiniondesk-faults-") as folder:
        work = Path(folder)
        os.environ["OPINIONDESK_HOME"] = str(work / "home")
        import keyring
        from PySide6.QtGui import QGuiApplication

        from memory_keyring import MemoryKeyring
        from reliability import kill_harness as harness

        _app = QGuiApplication([])  # the signature image is drawn with Qt
        keyring.set_keyring(MemoryKeyring())
        rng = random.Random(args.seed)
        runs = {
            "save": (
                "kill -9 during save_matter",
                lambda: harness.kill_saves(work / "s", kills, rng),
            ),
            "autosave": (
                "kill -9 during autosave",
                lambda: harness.kill_autosaves(work / "a", kills, rng),
            ),
            "append": (
                "kill -9 during register append",
                lambda: harness.kill_appends(work / "r", kills, rng),
            ),
            "batch": (
                "signed batch stopped",
                lambda: harness.kill_signed_batches(
                    work / "b",
                    harness.signer_secrets(work / "secrets.json"),
                    kills,
                    rng,
                    rows=args.rows,
                ),
            ),
        }
        for key in args.only or SCRIPTS:
            name, run = runs[key]
            start = time.monotonic()
            counts = run()
            print(harness.report(name, counts, time.monotonic() - start), flush=True)


if __name__ == "__main__":
    main()
