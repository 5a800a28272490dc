"""Tests for `opiniondesk --self-test` (opiniondesk/selftest.py)."""

import io
import os
import subprocess
import sys

import keyring
import pytest
from keyring.errors import PasswordSetError

from opiniondesk import selftest


def test_self_test_passes_in_a_subprocess(tmp_path):
    """Ensure `python -m opiniondesk --self-test` exits 0 and prints one "ok" line per step."""
    env = dict(os.environ)
    env.pop("OPINIONDESK_HOME", None)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test picks offscreen itself
    # A private HOME and XDG folders: the self-test must leave them untouched.
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "opiniondesk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    step_lines = [line for line in lines if line.startswith(("ok   ", "FAIL "))]
    assert [line[5:].split(" (")[0] for line in step_lines] == [name for name, _ in selftest.STEPS]
    assert all(line.startswith("ok   ") and line.endswith(")") for line in step_lines)
    assert "ok   render filing DOCX (" in done.stdout
    assert lines[-1] == f"self-test passed: {len(selftest.STEPS)} steps"
    assert not any((tmp_path / "home").rglob("*")), "the self-test wrote into the user's folders"


def test_failed_step_is_named_and_exit_is_nonzero(monkeypatch):
    """Ensure a failing step prints FAIL with its reason and makes the self-test exit non-zero."""

    def broken(t):
        raise selftest.StepFailed("the letter came out blank")

    def missing(t):
        import opiniondesk.no_such_piece  # noqa: F401

    monkeypatch.setattr(
        selftest,
        "STEPS",
        [
            ("load the built-in sample", selftest.step_sample),
            ("render nothing", broken),
            ("use a missing piece", missing),
        ],
    )
    out = io.StringIO()
    assert selftest.run_self_test(out) != 0
    text = out.getvalue()
    assert "ok   load the built-in sample (" in text
    assert "FAIL render nothing: the letter came out blank" in text
    assert "FAIL use a missing piece: opiniondesk.no_such_piece is missing from this build" in text
    assert text.splitlines()[-1] == "self-test FAILED: render nothing, use a missing piece"


def test_step_needing_an_earlier_result_fails_when_it_is_missing(monkeypatch):
    """Ensure a step whose prerequisite failed is itself reported failed, not skipped."""
    monkeypatch.setattr(selftest, "STEPS", [("render filing DOCX", selftest.step_filing_docx)])
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    assert (
        "FAIL render filing DOCX: needs matter, which an earlier step did not make"
        in out.getvalue()
    )


def test_in_process_run_restores_keyring_and_environment(memory_keyring, user_home, monkeypatch):
    """Ensure the self-test puts back the keychain and OPINIONDESK_HOME it found, and removes its own."""
    # Widgets need the self-test's own QApplication; in a test session another kind may be running.
    steps = [(n, s) for n, s in selftest.STEPS if s not in (selftest.step_window,)]
    monkeypatch.setattr(selftest, "STEPS", steps)
    out = io.StringIO()
    code = selftest.run_self_test(out)
    assert code == 0, out.getvalue()
    assert keyring.get_keyring() is memory_keyring
    assert memory_keyring.secrets == {}
    assert os.environ["OPINIONDESK_HOME"] == str(user_home)
    assert not any(user_home.rglob("*")), "the self-test wrote into the user's data folder"


def test_self_test_keyring_is_never_chosen_automatically():
    """Ensure keyring never picks the self-test keychain as a default backend."""
    assert selftest.SelfTestKeyring.viable is False
    assert not any(
        isinstance(k, selftest.SelfTestKeyring) for k in keyring.backend.get_all_keyring()
    )


def test_self_test_keyring_refuses_what_windows_refuses():
    """Ensure the self-test keychain refuses a secret over 2,560 bytes of UTF-16, like Windows."""
    ring = selftest.SelfTestKeyring()
    ring.set_password("OpinionDesk", "small", "x" * 1280)
    assert ring.get_password("OpinionDesk", "small") == "x" * 1280
    with pytest.raises(PasswordSetError):
        ring.set_password("OpinionDesk", "big", "x" * 1281)
    ring.delete_password("OpinionDesk", "small")
    assert ring.get_password("OpinionDesk", "small") is None


def test_drawn_signature_is_a_png_with_ink():
    """Ensure the generated signature is a 600-pixel PNG with dark strokes on a clear background."""
    from PySide6.QtGui import QColor, QImage

    png = selftest.draw_signature()
    assert png.startswith(b"\x89PNG")
    image = QImage.fromData(png, "PNG")
    assert (image.width(), image.height()) == (600, 180)
    assert QColor.fromRgba(image.pixel(5, 5)).alpha() == 0
    inked = sum(
        1
        for x in range(0, 600, 3)
        for y in range(0, 180, 3)
        if QColor.fromRgba(image.pixel(x, y)).alpha() > 200
    )
    assert inked > 100
