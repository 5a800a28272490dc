"""`opiniondesk register list`: each EDGAR filing copy, its signed original and when it may go."""

from __future__ import annotations

import argparse
import json
import sys

from ..register import SignedCopyRegister, filing_statuses

FILING = "record {seq}  {time}  {format:<9}  {output}"
FILING_DETAIL = "    matter {matter}; signer {signer}; SHA-256 {sha}"
SIGNED = "    signed original: record {seq} ({format}, {time}); keep until {keep}"
UNSIGNED = "    signed original: none recorded yet (keep one for five years, Rule 302(b))"
NONE = "No EDGAR filing copies have been exported on this computer yet."


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the command."""
    p = sub.add_parser(
        "register",
        help="the register of filing copies and signed originals",
        description="The register of signed copies kept in the user data folder.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help="each EDGAR filing copy, whether its signed original exists, and until when to keep it",
    )
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(run=run_list)


def run_list(args: argparse.Namespace) -> int:
    """Print each filing copy with its signed original; exit 2 if the register cannot be read."""
    register = SignedCopyRegister()
    records = register.records()  # a register that cannot be read raises: exit 2, file named
    statuses = filing_statuses(records)
    check = register.verify()
    if args.json:
        out = {
            "register": str(register.path),
            "chain": {"ok": check.ok, "message": check.message()},
            "filings": [status.to_json() for status in statuses],
        }
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        if not statuses:
            print(NONE)
        for status in statuses:
            filing = status.filing
            print(
                FILING.format(
                    seq=filing.get("seq"),
                    time=filing.get("time"),
                    format=filing.get("format"),
                    output=filing.get("output") or "",
                )
            )
            print(
                FILING_DETAIL.format(
                    matter=filing.get("matter") or "(unsaved)",
                    signer=filing.get("signer_name") or filing.get("signer_profile") or "-",
                    sha=filing.get("output_sha256"),
                )
            )
            signed = status.signed
            if signed is None:
                print(UNSIGNED)
            else:
                print(
                    SIGNED.format(
                        seq=signed.get("seq"),
                        format=signed.get("format"),
                        time=signed.get("time"),
                        keep=status.keep_until or "-",
                    )
                )
    if not check.ok:
        print(f"opiniondesk: {register.path}: {check.message()}", file=sys.stderr)
    return 0
