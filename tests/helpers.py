"""Test helpers: run the CLI in-process, compare letter text ignoring what may differ."""

import re
import subprocess
import sys

from opiniondesk.cli import main as cli_main

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def words(text: str) -> list[str]:
    """Return the words of a text, quotes made straight and em dashes written as "--"."""
    text = text.translate(_QUOTES).replace("\u2014", "--").replace("\u2013", "-")
    return text.split()


def reference_body(reference: str) -> str:
    """Return the reference letter without its page breaks and continuation headers."""
    return re.sub(
        r"<PAGE>\s*\n\s*Citicorp Mortgage Securities, Inc\.\s*\nPage \d+\s*\n", "\n", reference
    )


def run_cli(args, capsys):
    """Run the CLI in-process and return (exit code, stdout, stderr)."""
    code = cli_main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def run_cli_process(args, **kwargs):
    """Run the CLI in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "opiniondesk", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )
