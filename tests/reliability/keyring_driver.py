"""Run one OpinionDesk command in a child process with the tests' in-memory keychain, pre-filled.

A child process cannot see the test's in-memory keychain, so the test writes its secrets to a JSON
file and this script installs a MemoryKeyring holding them before running the command:
`python keyring_driver.py SECRETS.json render MATTER --rows ...`.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring  # noqa: E402

from memory_keyring import MemoryKeyring  # noqa: E402


def main(argv: list[str]) -> int:
    """Install the keychain from argv[0] and run the CLI with the rest."""
    backend = MemoryKeyring()
    for entry in json.loads(Path(argv[0]).read_text(encoding="utf-8")):
        backend.secrets[(entry["service"], entry["username"])] = entry["password"]
    keyring.set_keyring(backend)
    from opiniondesk.cli import main as cli_main

    return cli_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
