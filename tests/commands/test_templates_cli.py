"""`opiniondesk templates`, and commands naming a template: one broken template never stops them."""

import pytest

from helpers import run_cli
from template_folders import make_matter, make_template


@pytest.fixture
def department(tmp_path, monkeypatch):
    """Return a department folder, on the template path, with a good template and broken ones."""
    root = tmp_path / "dept"
    make_template(root, "good")
    make_template(root, "latin1", letter=b"<letter>\n<body>\nCaf\xe9</body>\n</letter>\n")
    make_template(root, "deep", schema="a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(root))
    return root


def test_templates_lists_broken_ones_beside_the_rest(department, capsys):
    """Ensure `templates` exits 0 and lists every template, each broken one with its own error."""
    code, out, err = run_cli(["templates"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert any(line.startswith("good\t1\t") for line in lines)
    assert any(line.startswith("s8-employee-plans\t") for line in lines)
    [latin1] = [line for line in lines if line.startswith("latin1\t")]
    assert "BROKEN" in latin1 and "letter.xml.j2, line 3" in latin1
    [deep] = [line for line in lines if line.startswith("deep\t")]
    assert "BROKEN" in deep and "template.toml" in deep


@pytest.mark.parametrize("command", ["render", "check", "new"])
def test_a_matter_naming_an_unknown_template_says_so(department, tmp_path, capsys, command):
    """Ensure render, check and new on an unknown template exit 2 with one line naming it."""
    matter = make_matter(tmp_path / "m.opinion", "no-such")
    args = {
        "render": ["render", matter, "-o", tmp_path / "out.txt"],
        "check": ["check", matter],
        "new": ["new", "no-such", "-o", tmp_path / "new.opinion"],
    }[command]
    code, _, err = run_cli(args, capsys)
    assert code == 2, err
    [line] = err.splitlines()
    assert line.startswith("opiniondesk: ") and "unknown template 'no-such'" in line
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "new.opinion").exists()


@pytest.mark.parametrize(
    "damage", ['{"department_folders": [1e400]}', '{"department_folders": ', "[" * 10_000]
)
def test_a_damaged_settings_file_is_named_where_its_folders_go_missing(capsys, damage):
    """Ensure the command line says, naming the file, that a settings file it cannot read leaves
    out the department folders it names (they were dropped without a word), and still works."""
    from opiniondesk.settings import settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(damage, encoding="utf-8")
    code, out, err = run_cli(["templates"], capsys)
    assert code == 0, err
    assert any(line.startswith("s8-employee-plans\t") for line in out.splitlines())
    [warning] = err.splitlines()
    assert warning.startswith(f"opiniondesk: warning: {path}")
    assert warning.endswith("its department template folders are left out")
