"""Fault scripts: kill -9 (and Ctrl-C, SIGTERM) a process while it saves, autosaves, appends to the
register or writes a signed batch, over and over, and count what the kills broke.

The tests in this folder run each script 20 times (OPINIONDESK_FAULT_KILLS sets another number);
`bench/kill_faults.py` runs them 200 times each and prints the counts. Every child process gets the
parent's environment, so OPINIONDESK_HOME (the tests' private user folder) holds for it too.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
DRIVER = Path(__file__).with_name("keyring_driver.py")
KILLS_VARIABLE = "OPINIONDESK_FAULT_KILLS"
TEMP_RE = re.compile(r"^\..+\.tmp$")


def kills_wanted(default: int = 20) -> int:
    """Return how many kills a fault script makes: OPINIONDESK_FAULT_KILLS, else `default`."""
    return int(os.environ.get(KILLS_VARIABLE) or default)


def _start(code_or_args: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *code_or_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _wait_ready(proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait for the child's first line, "ready" (it is in its loop); fail with its stderr if not."""
    deadline = time.monotonic() + timeout
    line = proc.stdout.readline()
    if line.strip() != "ready" or time.monotonic() > deadline:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"the child did not start: {line!r} {err}")


def _kill9(proc: subprocess.Popen) -> str:
    """Kill a child with SIGKILL and reap it; return what it printed to stderr."""
    proc.kill()
    _, err = proc.communicate(timeout=60)
    return err


# ---- kill -9 during save_matter ------------------------------------------------------------------

_SAVE_LOOP = """
import sys
from opiniondesk.core.matter import load_matter, save_matter
matter = load_matter(sys.argv[1])
n = 0
while True:
    matter.facts["security_name"] = f"Notes version {n} " + ("long " * 600 if n % 2 else "")
    save_matter(matter, sys.argv[2])
    if n == 0:
        print("ready", flush=True)
    n += 1
"""


def kill_saves(work: Path, kills: int, rng: random.Random) -> Counter:
    """Kill -9 a process saving a matter in a loop; count matters that no longer load."""
    from opiniondesk.core.errors import OpinionDeskError
    from opiniondesk.core.matter import load_matter, save_matter

    work.mkdir(parents=True, exist_ok=True)
    target = work / "killed.opinion"
    save_matter(load_matter(SAMPLES / "cmsi-2001.opinion"), target)
    counts: Counter = Counter(corrupt=0)
    for _ in range(kills):
        proc = _start(["-c", _SAVE_LOOP, str(SAMPLES / "cmsi-2001.opinion"), str(target)])
        _wait_ready(proc)
        time.sleep(rng.uniform(0, 0.05))
        _kill9(proc)
        counts["kills"] += 1
        try:
            saved = load_matter(target)
            if not str(saved.facts["security_name"]).startswith("Notes version"):
                counts["corrupt"] += 1
        except OpinionDeskError:
            counts["corrupt"] += 1
    counts["temporary files left"] = sum(1 for p in work.iterdir() if TEMP_RE.match(p.name))
    return counts


# ---- kill -9 during the window's recovery autosave -----------------------------------------------

_AUTOSAVE_LOOP = """
import sys
from pathlib import Path
from opiniondesk.core.matter import load_matter
from opiniondesk.gui.recovery import write_recovery
matter = load_matter(sys.argv[1])
n = 0
while True:
    matter.facts["security_name"] = f"Notes version {n} " + ("long " * 600 if n % 2 else "")
    write_recovery(Path(sys.argv[2]), matter)
    if n == 0:
        print("ready", flush=True)
    n += 1
"""


def kill_autosaves(work: Path, kills: int, rng: random.Random) -> Counter:
    """Kill -9 a process autosaving a matter (the window's recovery file); count broken ones."""
    from opiniondesk.core.errors import OpinionDeskError
    from opiniondesk.core.matter import matter_from_json
    from opiniondesk.gui.recovery import RECOVERY_KEY, new_recovery_file, scan_recovery

    file = new_recovery_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    counts: Counter = Counter({"corrupt": 0, "not found at start": 0})
    for _ in range(kills):
        proc = _start(["-c", _AUTOSAVE_LOOP, str(SAMPLES / "cmsi-2001.opinion"), str(file)])
        _wait_ready(proc)
        time.sleep(rng.uniform(0, 0.05))
        _kill9(proc)
        counts["kills"] += 1
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            data.pop(RECOVERY_KEY)
            matter = matter_from_json(data, str(file))
            if not str(matter.facts["security_name"]).startswith("Notes version"):
                counts["corrupt"] += 1
        except (OSError, ValueError, KeyError, OpinionDeskError):
            counts["corrupt"] += 1
        if file not in [r.file for r in scan_recovery().found]:
            counts["not found at start"] += 1
    counts["temporary files left"] = sum(1 for p in file.parent.iterdir() if TEMP_RE.match(p.name))
    return counts


# ---- kill -9 during register appends -------------------------------------------------------------

_APPEND_LOOP = """
import sys
from keyring.backends.fail import Keyring
from opiniondesk.core.matter import load_matter
from opiniondesk.register import SignedCopyRegister, record_signed_copy
matter = load_matter(sys.argv[1])
register = SignedCopyRegister(sys.argv[2], keychain=Keyring())
n = 0
while True:
    record = record_signed_copy(matter, f"copy {n}".encode(), "pdf", "p", f"/out/{n}.pdf",
                                register=register)
    if n == 0:
        print("ready", flush=True)
    print(f"{record['seq']} {record['hash']}", flush=True)  # one write: a line is whole or cut
    n += 1
"""


def kill_appends(work: Path, kills: int, rng: random.Random) -> Counter:
    """Kill -9 a process appending records; after each kill the next append must go through at once
    (the lock is not stale), no acknowledged record may be missing, and the register must verify."""
    from keyring.backends.fail import Keyring

    from opiniondesk.core.matter import load_matter
    from opiniondesk.register import SignedCopyRegister, record_signed_copy

    work.mkdir(parents=True, exist_ok=True)
    path = work / "register.jsonl"
    register = SignedCopyRegister(path, keychain=Keyring(), lock_timeout=2.0)
    matter = load_matter(SAMPLES / "cmsi-2001.opinion")
    counts: Counter = Counter(
        dict.fromkeys(
            ("acknowledged records lost", "appends refused after a kill",
             "register fails verification", "torn tail found (repaired by the next append)"),
            0,
        )
    )  # fmt: skip
    slowest = 0.0
    for _ in range(kills):
        proc = _start(["-c", _APPEND_LOOP, str(SAMPLES / "cmsi-2001.opinion"), str(path)])
        _wait_ready(proc)
        time.sleep(rng.uniform(0, 0.1))
        proc.kill()
        # Read on through the same text stream _wait_ready read from: communicate() would read the
        # pipe underneath it and miss the lines that stream had already taken in.
        out = proc.stdout.read()
        proc.wait(timeout=60)
        proc.stderr.close()
        counts["kills"] += 1
        # Acknowledged: printed whole (a line cut off by the kill is not).
        acknowledged = [line.split() for line in out.split("\n")[:-1] if line.strip()]
        records = {r.get("seq"): r.get("hash") for r in register.records()}
        lost = [seq for seq, h in acknowledged if records.get(int(seq)) != h]
        counts["acknowledged records lost"] += len(lost)
        if not register.verify().ok:
            counts["torn tail found (repaired by the next append)"] += 1
        start = time.monotonic()
        try:
            record_signed_copy(matter, b"after the kill", "pdf", "p", register=register)
        except Exception:  # noqa: BLE001 - counted: a stale lock or a refused append
            counts["appends refused after a kill"] += 1
        slowest = max(slowest, time.monotonic() - start)
        if not register.verify().ok:
            counts["register fails verification"] += 1
    counts["records"] = len(register.records())
    counts["repairs recorded"] = sum(1 for r in register.records() if r.get("event") == "repair")
    counts["slowest append after a kill (ms)"] = round(slowest * 1000)
    return counts


# ---- kill -9, Ctrl-C and SIGTERM during a signed batch -------------------------------------------


def signer_secrets(path: Path) -> Path:
    """Save the sample signer (with a signature image) and write the keychain's secrets to `path`.

    Call with the tests' in-memory keychain installed; keyring_driver.py gives a child the same.
    """
    import keyring

    from opiniondesk.signers import SignerStore
    from signature_images import add_sample_signer

    add_sample_signer(SignerStore())
    secrets = keyring.get_keyring().secrets
    entries = [{"service": s, "username": u, "password": p} for (s, u), p in secrets.items()]
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def signed_batch_inputs(work: Path, rows: int) -> tuple[Path, Path]:
    """Write the series sample signed by the sample signer, and a CSV of `rows` series."""
    work.mkdir(parents=True, exist_ok=True)
    data = json.loads((SAMPLES / "cmsi-2002-3-series.opinion").read_text(encoding="utf-8"))
    data["signer"].update(name="John R. Dye", conformed="John R. Dye")
    matter = work / "series.opinion"
    matter.write_text(json.dumps(data), encoding="utf-8")
    rows_csv = work / "rows.csv"
    with rows_csv.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["series_name"])
        out.writerows([f"Series 2003-{n + 1}"] for n in range(rows))
    return matter, rows_csv


def signed_batch_args(secrets: Path, matter: Path, rows: Path, out: Path) -> list[str]:
    """Return the child's command line for a signed batch with two worker processes."""
    return [
        str(DRIVER), str(secrets), "render", str(matter), "--rows", str(rows),
        "--out-dir", str(out), "--copy", "signed", "--signer", "john-r-dye", "--jobs", "2",
    ]  # fmt: skip


def check_signed_folder(out: Path, register_path: Path) -> Counter:
    """Count the signed copies in `out` without a record of their name and bytes, broken files,
    and temporary files (a run killed between writing a copy and moving it to its name), telling
    apart those already recorded (killed between the record and the move)."""
    import hashlib

    from opiniondesk.register import SignedCopyRegister

    counts: Counter = Counter()
    records = SignedCopyRegister(register_path).records()
    recorded = {(r.get("output"), r.get("output_sha256")) for r in records}
    recorded_bytes = {r.get("output_sha256") for r in records}
    for path in out.iterdir() if out.exists() else []:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if TEMP_RE.match(path.name):
            counts["temporary files"] += 1
            counts["temporary files already recorded"] += digest in recorded_bytes
            continue
        counts["files"] += 1
        try:
            with zipfile.ZipFile(path) as docx:
                if docx.testzip() is not None or "word/document.xml" not in docx.namelist():
                    counts["corrupt"] += 1
        except zipfile.BadZipFile:
            counts["corrupt"] += 1
        if (str(path.resolve()), digest) not in recorded:
            counts["unrecorded"] += 1
    return counts


def _children(pid: int) -> list[int]:
    """Return the ids of a process's children (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


FAULTS = ("kill -9 parent", "kill -9 worker", "kill -9 all", "Ctrl-C", "SIGTERM")
# What a run says, before it renders, of the temporary files killed runs left in its folder.
PUT_IN_PLACE_RE = re.compile(r"note: put in place (\d+) signed cop")
REMOVED_RE = re.compile(r"note: removed (\d+) unfinished letter")
PUT_IN_PLACE = "recorded copies put in place by the next run"
REMOVED = "unrecorded temporary files removed by the next run"


def _count_settled(counts: Counter, err: str) -> None:
    """Count what a run said it did with the temporary files the run before it left."""
    for pattern, key in ((PUT_IN_PLACE_RE, PUT_IN_PLACE), (REMOVED_RE, REMOVED)):
        counts[key] += sum(int(n) for n in pattern.findall(err))


def kill_signed_batches(
    work: Path, secrets: Path, kills: int, rng: random.Random, rows: int = 40
) -> Counter:
    """Stop a signed batch of `rows` letters over and over, by each of FAULTS in turn, at a random
    letter; then let one run finish. Count unrecorded or broken signed copies, tracebacks, hangs,
    the temporary files each stop left (those already recorded, stopped between the record and
    the rename, the next run puts in place; the others it removes), and whether the register
    verifies."""
    from opiniondesk.register import SignedCopyRegister, register_path

    matter, rows_csv = signed_batch_inputs(work, rows)
    out = work / "out"
    args = signed_batch_args(secrets, matter, rows_csv, out)
    counts: Counter = Counter(
        dict.fromkeys(
            ("unrecorded", "corrupt", "tracebacks", "hangs", "interruptions not reported",
             "worker deaths not reported", "processes left running", PUT_IN_PLACE, REMOVED),
            0,
        )
    )  # fmt: skip
    for n in range(kills):
        fault = FAULTS[n % len(FAULTS)]
        started = time.time()
        proc = _start(args, start_new_session=True)
        want = rng.randint(1, rows - 5)  # stop it once this many letters are in place
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if _made_since(out, started) >= want:
                break
            time.sleep(0.005)
        if proc.poll() is not None:
            counts["runs that ended before the fault"] += 1
            _count_settled(counts, proc.communicate()[1])
            continue
        workers = _children(proc.pid)
        if fault == "kill -9 parent":
            proc.kill()
        elif fault == "kill -9 worker":
            if workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
            else:
                counts["worker faults not made (no worker yet)"] += 1
        elif fault == "kill -9 all":
            os.killpg(proc.pid, signal.SIGKILL)
        elif fault == "Ctrl-C":
            os.killpg(proc.pid, signal.SIGINT)  # a terminal sends it to the whole group
        else:
            proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            counts["hangs"] += 1
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
        counts[f"faults: {fault}"] += 1
        counts["kills"] += 1
        _count_settled(counts, err)
        if "Traceback" in err:
            counts["tracebacks"] += 1
        # A signal can land just after the last letter: the run had finished, and said so.
        finished = re.search(r"wrote (\d+) of \1 letters", err) is not None
        if fault in ("Ctrl-C", "SIGTERM"):
            if finished:
                counts["signals after the run had finished"] += 1
            elif "stopped: interrupted" not in err:
                counts["interruptions not reported"] += 1
        if fault == "kill -9 worker" and workers:
            if finished:  # the worker had rendered its last rows: nothing was lost
                counts["workers killed after their last letter"] += 1
            elif proc.returncode != 2 or "stopped: a worker process" not in err:
                counts["worker deaths not reported"] += 1
        time.sleep(0.05)  # let orphaned workers, if any, be reaped
        leftover = [
            p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_driver(p, secrets)
        ]
        counts["processes left running"] += len(leftover)
        found = check_signed_folder(out, register_path())
        counts["unrecorded"] += found["unrecorded"]
        counts["corrupt"] += found["corrupt"]
        counts["temporary files after a stop"] += found["temporary files"]
        counts["of them recorded (stopped between the record and the rename)"] += found[
            "temporary files already recorded"
        ]
    final = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300)
    if final.returncode != 0:
        counts["final run failed"] += 1
    _count_settled(counts, final.stderr)
    end = check_signed_folder(out, register_path())
    counts["unrecorded"] += end["unrecorded"]
    counts["corrupt"] += end["corrupt"]
    counts["temporary files left"] = end["temporary files"]
    counts["records"] = len(SignedCopyRegister().records())
    counts["register verifies"] = int(SignedCopyRegister().verify().ok)
    return counts


def _made_since(out: Path, since: float) -> int:
    """Return how many letters in `out` were put in place since a time."""
    made = 0
    for path in out.glob("*.docx") if out.exists() else []:
        try:
            made += path.stat().st_mtime >= since - 0.01
        except OSError:
            pass
    return made


def _is_driver(proc_dir: Path, secrets: Path) -> bool:
    try:
        return str(secrets) in (proc_dir / "cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return False


def report(name: str, counts: Counter, seconds: float) -> str:
    """Return one script's counts as a line of text."""
    parts = ", ".join(f"{key}: {counts[key]}" for key in sorted(counts))
    return f"{name} ({seconds:.1f} s): {parts}"
