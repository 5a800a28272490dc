"""PyInstaller's entry script: run OpinionDesk as `python -m opiniondesk` would."""

from __future__ import annotations

import sys


def _attach_windows_console() -> None:
    """Let a windowed Windows build print (the self-test) when started from a console.

    A GUI-subsystem program started from cmd or PowerShell has no standard streams, so Python
    sets them to None; attaching to the parent's console gives `--self-test` somewhere to write.
    A parent that passed pipes or files (CI, `> log.txt`) already gave us streams, and we keep them.
    """
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes

    if not ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        return
    stream = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 - lives with the process
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


def main() -> int:
    """Run the program and return its exit code."""
    if "--self-test" in sys.argv[1:]:
        _attach_windows_console()
    from opiniondesk.__main__ import main as opiniondesk_main

    return opiniondesk_main()


if __name__ == "__main__":
    sys.exit(main())
