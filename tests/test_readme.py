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
