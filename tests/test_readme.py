"""The README's two opening commands stay true: CI runs the test command word for word."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands():
    lines = (ROOT / "README.md").read_text().splitlines()
    return [line.strip() for line in lines if line.startswith("    ")][:2]


def test_readme_starts_with_two_commands():
    """Ensure the README opens with the app command and the test command."""
    app, tests = _commands()
    assert app.endswith(".venv/bin/opiniondesk") and app.startswith("bash .ci/setup")
    assert "pytest" in tests and tests.startswith("bash .ci/setup")


def test_ci_runs_the_readme_test_command():
    """Ensure .ci/run ends by running exactly the README's test command."""
    _, tests = _commands()
    ci_lines = [
        line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip()
    ]
    assert ci_lines[-1] == tests


def _help_texts():
    """Return every --help text of the command line, by command ("opiniondesk render", ...)."""
    import argparse

    from opiniondesk.cli import build_parser

    texts = {}

    def walk(parser, name):
        texts[name] = parser.format_help()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}")

    walk(build_parser(), "opiniondesk")
    return texts


def test_help_cites_only_what_the_package_holds():
    """Ensure no --help text cites a file the installed package does not hold (a reference .md,
    the README), and each command it names in backticks exists."""
    import re

    import opiniondesk

    package = Path(opiniondesk.__file__).parent
    texts = _help_texts()
    for name, text in texts.items():
        for cited in re.findall(r"[\w./-]+\.(?:md|rst|html)\b|\bREADME\b", text):
            assert (package / cited).is_file(), f"`{name} --help` cites {cited}"
        for quoted in re.findall(r"`([^`]+)`", text):
            words = quoted.split()
            if words[0] == "opiniondesk":
                command = " ".join(w for w in words if not w.startswith("-") and w.islower())
                assert any(command.startswith(known) for known in texts), (name, quoted)


def _run_examples(lines, tmp_path):
    """Run example command lines in order in a scratch folder holding the checkout's samples."""
    import os
    import subprocess
    import sys

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "resources").symlink_to(ROOT / "resources")
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
    env["QT_QPA_PLATFORM"] = "offscreen"
    for line in lines:
        done = subprocess.run(
            ["bash", "-c", line],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, (line, done.stdout[-2000:], done.stderr[-2000:])
    return scratch


def test_every_help_example_runs_as_written(tmp_path):
    """Ensure each example command of a --help text runs as written, and each name pattern given
    as an example is one every built-in template accepts."""
    import re

    from opiniondesk.core.batch import check_pattern
    from opiniondesk.core.templates import default_library

    lines = []
    for text in _help_texts().values():
        if "examples:" in text:
            tail = text.split("examples:", 1)[1]
            lines += [
                ln.strip() for ln in tail.splitlines() if ln.strip().startswith("opiniondesk ")
            ]
    assert lines, "no --help text gives an example"
    scratch = _run_examples(lines, tmp_path)
    assert (scratch / "plan-draft.pdf").read_bytes().startswith(b"%PDF")
    patterns = re.findall(r"e\.g\.\s+(\{\S+)", _help_texts()["opiniondesk render"])
    assert patterns
    for info in default_library().templates():
        for pattern in patterns:
            check_pattern(pattern, default_library().get(info.id).schema)


def test_every_readme_example_runs_as_written(tmp_path):
    """Ensure every `opiniondesk` example in the README runs as written from a checkout."""
    lines = [
        line.strip()
        for line in (ROOT / "README.md").read_text().splitlines()
        if line.startswith("    opiniondesk ")
    ]
    assert len(lines) >= 5
    scratch = _run_examples(lines, tmp_path)
    assert (scratch / "cmsi-filing.docx").is_file()
    assert len(list((scratch / "letters").glob("*.txt"))) == len(
        list((ROOT / "resources" / "samples").glob("*.opinion"))
    )
