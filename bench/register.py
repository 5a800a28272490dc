"""Benchmark: the time to record a signed copy against a register of 0 to 8,000 records, and a bare append.

A signed rows batch records one copy per row; each record looks up the copy it links to. The
first record a run makes reads the register once; each one after reads only what was appended.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from opiniondesk.core.matter import Matter
from opiniondesk.register import SignedCopyRegister, record_signed_copy


class _Keychain:
    """An in-memory keychain, so the benchmark times the register, not a keyring backend."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, name: str, value: str) -> None:
        self.values[(service, name)] = value

    def get_password(self, service: str, name: str) -> Any:
        return self.values.get((service, name))


def _ms(seconds: float, count: int) -> str:
    return f"{seconds / count * 1000:.2f} ms"


def main() -> None:
    """Print the cost of one recorded copy and of one bare append at each register size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0,2000,4000,8000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opiniondesk-register-bench-") as folder:
        _measure(Path(folder), [int(n) for n in args.sizes.split(",")], args.repeat)


def _measure(folder: Path, sizes: list[int], repeat: int) -> None:
    """Print one line of costs per register size, the registers kept in `folder`."""
    matter = Matter(template_id="x", facts={"a": "b" * 200}, signer={"name": "A. Signer"})
    count = 0
    print("records  first record  each next record  bare append")
    for size in sizes:
        path = folder / f"register-{size}.jsonl"
        register = SignedCopyRegister(path, keychain=_Keychain())
        for count in range(size):
            register.append(format="pdf", output=f"/x/{count}.pdf", facts_sha256="0" * 64)
        start = time.perf_counter()
        record_signed_copy(matter, b"first", "pdf", "p", "/y/first", register=register)
        first = time.perf_counter()
        for i in range(repeat):
            record_signed_copy(matter, b"data", "pdf", "p", f"/y/{i}", register=register)
        recorded = time.perf_counter()
        for i in range(repeat):
            register.append(format="pdf", output=f"/z/{i}", facts_sha256="0" * 64)
        appended = time.perf_counter()
        print(
            f"{size:7}  {_ms(first - start, 1):>12}  {_ms(recorded - first, repeat):>16}"
            f"  {_ms(appended - recorded, repeat):>11}"
        )


if __name__ == "__main__":
    main()
