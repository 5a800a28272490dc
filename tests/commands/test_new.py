"""`opiniondesk new`: a new matter file, never over a read-only one."""

import stat

from helpers import run_cli


def test_new_force_does_not_replace_a_read_only_matter(tmp_path, capsys):
    """Ensure `new --force` refuses to replace a read-only matter, saying so, and leaves it as it was."""
    target = tmp_path / "kept.opinion"
    code, _, err = run_cli(["new", "abs-pass-through-certificates", "-o", target], capsys)
    assert code == 0, err
    target.chmod(stat.S_IRUSR)
    before = target.read_bytes()
    code, _, err = run_cli(["new", "s8-employee-plans", "-o", target, "--force"], capsys)
    assert code == 2
    assert err.startswith(f"opiniondesk: {target}: is read-only")
    assert target.read_bytes() == before
