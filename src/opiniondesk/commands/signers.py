"""`opiniondesk signers`: provision signer profiles (filled in by the signer-profile work)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser("signers", help="list and provision signer profiles")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Not built yet."""
    print("opiniondesk: signer profiles are not built yet")
    return 2
