"""`opiniondesk` (the window) without a display: one clear line on stderr and a non-zero exit."""

import os
import subprocess
import sys

import pytest

from opiniondesk.gui.app import EXIT_NO_DISPLAY


def _start(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    base.pop("QT_QPA_PLATFORM", None)
    base.update(env, OPINIONDESK_HOME=str(tmp_path / "home"))
    return subprocess.run(
        [sys.executable, "-m", "opiniondesk"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "env, named",
    [
        ({"QT_QPA_PLATFORM": "nosuchplatform"}, '"nosuchplatform"'),
        ({}, "DISPLAY"),
    ],
    ids=["broken-platform", "no-display"],
)
def test_no_display_prints_one_line_and_exits_non_zero(tmp_path, env, named):
    """Ensure `opiniondesk` with no usable display says so in one stderr line and exits non-zero."""
    if not env and sys.platform != "linux":
        pytest.skip("only Linux starts without a display")
    proc = _start(tmp_path, **env)
    assert proc.returncode == EXIT_NO_DISPLAY != 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("opiniondesk: no display found") and named in line
    assert "opiniondesk --help" in line and "--self-test" in line
    assert proc.stdout == ""


def test_the_readme_says_what_to_do_without_a_display():
    """Ensure the README tells a user without a display what works and how to see the window."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = next(p for p in readme.split("\n\n") if "without a display" in p)
    assert "--self-test" in paragraph and "opiniondesk --help" in paragraph
    assert "xvfb-run" in paragraph and str(EXIT_NO_DISPLAY) in paragraph
