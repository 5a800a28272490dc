"""`opiniondesk render` and friends: exit 0 on success, exit 2 with one clear line per problem."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run_cli, run_cli_bounded, run_cli_process


def _matter(tmp_path, sample_path, name="m.opinion", **changes):
    data = json.loads(sample_path.read_text())
    for key, value in changes.items():
        if key == "facts":
            data["facts"].update(value)
        else:
            data[key] = value
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _bad(capsys, tmp_path, matter, *extra):
    out = tmp_path / "out.docx"
    code, _, err = run_cli(["render", matter, "-o", out, *extra], capsys)
    assert code == 2
    assert not out.exists(), "nothing may be written on bad input"
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("opiniondesk: ") for line in lines)
    return lines


def test_render_docx_and_txt(tmp_path, sample_path, capsys):
    """Ensure a good matter renders to DOCX and text and exits 0."""
    for name in ("a.docx", "a.txt"):
        code, _, err = run_cli(
            ["render", sample_path, "--copy", "filing", "-o", tmp_path / name], capsys
        )
        assert code == 0, err
        assert (tmp_path / name).stat().st_size > 500


def test_out_dir_renders_each_matter(tmp_path, sample_path, capsys):
    """Ensure --out-dir writes one output per matter, named after it."""
    a = _matter(tmp_path, sample_path, "first.opinion")
    b = _matter(tmp_path, sample_path, "second.opinion")
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_cli(["render", a, b, "--out-dir", out, "--format", "txt"], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["first.txt", "second.txt"]


def test_truncated_json(tmp_path, sample_path, capsys):
    """Ensure truncated JSON gives exit 2 and names the file and line."""
    path = tmp_path / "cut.opinion"
    path.write_text(sample_path.read_text()[:300])
    [line] = _bad(capsys, tmp_path, path)
    assert str(path) in line and "line" in line and "not valid JSON" in line


def test_unreadable_file(tmp_path, capsys):
    """Ensure a missing or non-UTF-8 file gives exit 2 naming the file."""
    [line] = _bad(capsys, tmp_path, tmp_path / "absent.opinion")
    assert "absent.opinion" in line and "cannot read" in line
    binary = tmp_path / "binary.opinion"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    [line] = _bad(capsys, tmp_path, binary)
    assert "binary.opinion" in line and "UTF-8" in line


def test_unknown_format_version(tmp_path, sample_path, capsys):
    """Ensure a matter from a newer OpinionDesk is refused, naming the version."""
    [line] = _bad(capsys, tmp_path, _matter(tmp_path, sample_path, format_version=99))
    assert "format_version" in line and "99" in line


def test_unknown_template(tmp_path, sample_path, capsys):
    """Ensure a matter naming an unknown template is refused, naming it."""
    [line] = _bad(
        capsys, tmp_path, _matter(tmp_path, sample_path, template={"id": "no-such", "version": "1"})
    )
    assert "unknown template 'no-such'" in line


def test_missing_required_fact(tmp_path, sample_path, capsys):
    """Ensure a filing copy refuses a missing required fact and a draft shows its placeholder."""
    data = json.loads(sample_path.read_text())
    del data["facts"]["registrant_short_name"]
    path = tmp_path / "missing.opinion"
    path.write_text(json.dumps(data))
    [line] = _bad(capsys, tmp_path, path, "--copy", "filing")
    assert "registrant_short_name" in line and "required" in line
    out = tmp_path / "draft.txt"
    code, _, err = run_cli(["render", path, "-o", out], capsys)
    assert code == 0, err
    assert "[Registrant's short name]" in out.read_text()


@pytest.mark.parametrize("char", ["\x0b", "\x00"])
def test_control_character_in_fact(tmp_path, sample_path, capsys, char):
    """Ensure a fact holding a control character is refused, naming the fact."""
    path = _matter(tmp_path, sample_path, facts={"registrant_name": f"Citicorp{char}Mortgage"})
    [line] = _bad(capsys, tmp_path, path)
    assert "registrant_name" in line and "control character" in line


def _department_template(tmp_path, monkeypatch, body):
    folder = tmp_path / "dept" / "broken-form"
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text('[[fact]]\nid = "name"\nlabel = "Name"\n')
    (folder / "letter.xml.j2").write_text(body)
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(tmp_path / "dept"))
    matter = tmp_path / "dept.opinion"
    matter.write_text(
        json.dumps(
            {
                "format": "opiniondesk.matter",
                "format_version": 1,
                "template": {"id": "broken-form", "version": "1"},
                "facts": {"name": "X"},
            }
        )
    )
    return matter


def test_template_syntax_error(tmp_path, sample_path, monkeypatch):
    """Ensure a template with a syntax error gives exit 2 naming the template file and line."""
    matter = _department_template(
        tmp_path, monkeypatch, "<letter>\n\n<body>{% if name %}</body>\n</letter>\n"
    )
    result = run_cli_process(["render", matter, "-o", tmp_path / "x.docx"])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "letter.xml.j2, line" in result.stderr and "syntax" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_template_reaching_python_internals(tmp_path, monkeypatch):
    """Ensure a template reaching for Python internals is stopped by the sandbox, exit 2."""
    matter = _department_template(
        tmp_path, monkeypatch, "<letter><body>{{ ''.__class__.__mro__ }}</body></letter>"
    )
    result = run_cli_process(["render", matter, "-o", tmp_path / "x.docx"])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "unsafe" in result.stderr and "letter.xml.j2" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_new_and_templates_commands(tmp_path, capsys):
    """Ensure `new` writes a matter with the template's defaults and `templates` lists it."""
    code, out, _ = run_cli(["templates"], capsys)
    assert code == 0 and "abs-pass-through-certificates" in out
    target = tmp_path / "new.opinion"
    code, _, err = run_cli(["new", "abs-pass-through-certificates", "-o", target], capsys)
    assert code == 0, err
    data = json.loads(target.read_text())
    assert data["template"]["id"] == "abs-pass-through-certificates"
    assert data["facts"]["exhibit_number"] == "5.1"
    code, _, err = run_cli(["new", "abs-pass-through-certificates", "-o", target], capsys)
    assert code == 2 and "already exists" in err


def test_usage_error_exits_2(capsys):
    """Ensure a usage error exits 2 without a traceback."""
    with pytest.raises(SystemExit) as info:
        run_cli(["render"], capsys)
    assert info.value.code == 2


def test_output_onto_the_matter_is_refused(tmp_path, sample_path, capsys):
    """Ensure -o naming the matter being rendered is refused and the matter is untouched."""
    matter = _matter(tmp_path, sample_path, "victim.opinion")
    before = matter.read_bytes()
    code, _, err = run_cli(["render", matter, "-o", matter], capsys)
    assert code == 2 and "is a matter being rendered" in err
    assert matter.read_bytes() == before


def test_out_dir_never_overwrites_one_letter_with_another(tmp_path, sample_path, capsys):
    """Ensure two matters of one name rendered into one folder both survive."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _matter(tmp_path / "a", sample_path, "x.opinion")
    b = _matter(tmp_path / "b", sample_path, "x.opinion", facts={"registrant_name": "Other Co."})
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_cli(["render", a, b, "--out-dir", out, "--format", "txt"], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["x-2.txt", "x.txt"]
    assert "Other Co." in (out / "x-2.txt").read_text()


def test_an_unusable_user_folder_is_named_not_a_traceback(tmp_path, sample_path):
    """Ensure a user folder that cannot be made gives a one-line message, and rendering still works."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = {**os.environ, "OPINIONDESK_HOME": str(blocker)}
    result = run_cli_process(["signers", "list"], env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cannot make OpinionDesk's data folder" in result.stderr
    out = tmp_path / "out.txt"
    result = run_cli_process(["render", sample_path, "--copy", "filing", "-o", out], env=env)
    assert result.returncode == 0 and out.exists(), result.stderr


def test_a_matter_named_in_capitals_opens_the_window_command(monkeypatch):
    """Ensure a matter file handed over as NAME.Opinion is taken as `gui NAME.Opinion`."""
    from opiniondesk import cli
    from opiniondesk.commands import gui

    seen = []
    monkeypatch.setattr(gui, "open_window", lambda file: seen.append(file) or 0)
    assert cli.main(["ACME.Opinion"]) == 0
    assert cli.main([]) == 0
    assert cli.main(["gui", "b.opinion"]) == 0
    assert seen == ["ACME.Opinion", None, "b.opinion"]


def test_opening_the_window_loads_no_other_command():
    """Ensure `opiniondesk` (the window) skips the other commands' modules and argument parsing:
    they slow its start."""
    code = (
        "import sys\n"
        "from opiniondesk import cli\n"
        "from opiniondesk.commands import gui\n"
        "gui.open_window = lambda file: 0\n"
        "assert cli.main([]) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('opiniondesk.commands.'))\n"
        "print(loaded, 'opiniondesk.core.batch' in sys.modules, 'argparse' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["['opiniondesk.commands.gui']", "False", "False"]


def test_out_dir_is_made_when_missing(tmp_path, sample_path, capsys):
    """Ensure `render A B --out-dir NEWDIR` makes the folder (parents too), as --rows does."""
    a = _matter(tmp_path, sample_path, "first.opinion")
    b = _matter(tmp_path, sample_path, "second.opinion")
    out = tmp_path / "new" / "letters"
    code, _, err = run_cli(["render", a, b, "--out-dir", out], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["first.docx", "second.docx"]


def test_out_dir_that_is_a_file_is_refused(tmp_path, sample_path, capsys):
    """Ensure an --out-dir naming a file is refused by name."""
    taken = tmp_path / "taken"
    taken.write_text("x")
    code, _, err = run_cli(["render", sample_path, "--out-dir", taken], capsys)
    assert code == 2 and f"{taken}: is not a folder" in err


@pytest.mark.parametrize("name", ["out.rtf", "out", "out.doc"])
def test_an_output_name_of_no_known_format_is_refused(tmp_path, sample_path, capsys, name):
    """Ensure `-o out.rtf` or `-o out` refuses, naming the formats, and writes nothing."""
    target = tmp_path / name
    code, _, err = run_cli(["render", sample_path, "-o", target], capsys)
    assert code == 2
    assert not target.exists()
    assert all(fmt in err for fmt in (".docx", ".txt", ".pdf", "--format"))
    assert f"{target}: cannot tell the format" in err


def test_format_says_which_whatever_the_name(tmp_path, sample_path, capsys):
    """Ensure --format chooses the format of an output whose name says none."""
    target = tmp_path / "out.rtf"
    code, _, err = run_cli(["render", sample_path, "-o", target, "--format", "txt"], capsys)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("DRAFT")


@pytest.mark.parametrize("suffix,magic", [(".PDF", b"%PDF"), (".Docx", b"PK"), (".txt", b"DRAFT")])
def test_an_extension_that_matches_a_format_chooses_it(
    tmp_path, sample_path, capsys, suffix, magic
):
    """Ensure the output name's extension, in any case, chooses the format."""
    target = tmp_path / f"out{suffix}"
    code, _, err = run_cli(["render", sample_path, "-o", target], capsys)
    assert code == 0, err
    assert target.read_bytes().startswith(magic)


def test_a_character_no_font_draws_is_a_warning_naming_the_fact(tmp_path, sample_path, capsys):
    """Ensure a PDF whose fact holds a character no installed font draws is written with a warning."""
    matter = _matter(tmp_path, sample_path, facts={"trustee_kinds": "a bank \U0001f44d"})
    target = tmp_path / "out.pdf"
    code, _, err = run_cli(["render", matter, "-o", target], capsys)
    assert code == 0, err
    assert target.is_file()
    warning = next(line for line in err.splitlines() if "warning" in line)
    assert "trustee_kinds" in warning and "U+1F44D" in warning


@pytest.mark.parametrize(
    "value, said",
    [
        ("1" * 28, "too large"),
        ("Infinity", "is not"),
        ("NaN", "is not"),
        ("9" * 5000, "digits"),
        ("-1000", "cannot be negative"),
        ("0.001", "decimal places"),
        ("[" * 10_000 + "]" * 10_000, "nested"),
    ],
)
def test_bad_numbers_exit_2_with_one_line_naming_the_fact(tmp_path, sample_path, value, said):
    """Ensure 28-digit, NaN, Infinity, 5,000-digit, negative, fractional and deeply nested amounts exit 2, not 70."""
    text = sample_path.read_text(encoding="utf-8").replace('"1000000000"', value, 1)
    matter = tmp_path / "bad.opinion"
    matter.write_text(text, encoding="utf-8")
    out = tmp_path / "out.txt"
    proc = run_cli_process(["render", matter, "--copy", "filing", "-o", out])
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"opiniondesk: {matter}: "), lines
    assert said in lines[0] and len(lines[0]) < 300
    if "nested" not in said:
        assert "fact 'aggregate_amount'" in lines[0]
    assert not out.exists()


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_a_matter_that_is_no_regular_file_exits_2_at_once(tmp_path, kind):
    """Ensure `render` of /dev/zero or a FIFO says it is not a regular file instead of hanging."""
    matter = tmp_path / "odd.opinion"
    if kind == "fifo":
        os.mkfifo(matter)
    else:
        matter.symlink_to("/dev/zero")
    proc = run_cli_process(["render", matter, "-o", tmp_path / "out.txt"])
    assert proc.returncode == 2
    assert "not a regular file" in proc.stderr and str(matter) in proc.stderr


@pytest.fixture
def precedent_with_a_check_error(tmp_path, monkeypatch):
    """Return a department precedent matter whose letter limits reliance (a check error)."""
    import shutil
    from pathlib import Path

    from opiniondesk.core.templates import reset_default_library

    department = Path(__file__).resolve().parents[1] / "core" / "checks" / "department"
    folder = tmp_path / "department"
    shutil.copytree(department / "abs-precedent", folder / "abs-precedent")
    j2 = folder / "abs-precedent" / "letter.xml.j2"
    j2.write_text(
        j2.read_text(encoding="utf-8").replace(
            "<closing>", "<body>This opinion is solely for your benefit.</body>\n<closing>", 1
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(folder))
    reset_default_library()
    matter = tmp_path / "precedent.opinion"
    shutil.copy(department / "abs-precedent.opinion", matter)
    yield matter
    reset_default_library()


def test_override_of_a_read_only_matter_is_refused_and_it_stays_unchanged(
    precedent_with_a_check_error, tmp_path, capsys
):
    """Ensure `render --override` does not overwrite a read-only matter: it says so and writes nothing."""
    import stat

    matter = precedent_with_a_check_error
    before = matter.read_bytes()
    matter.chmod(stat.S_IRUSR | stat.S_IRGRP)
    out = tmp_path / "filing.txt"
    code, _, err = run_cli(
        ["render", matter, "--copy", "filing", "-o", out, "--override", "client insists"], capsys
    )
    assert code == 2
    assert f"{matter}: is read-only" in err
    assert matter.read_bytes() == before
    assert not out.exists()


OLD_MATTERS = Path(__file__).resolve().parents[1] / "fixtures" / "old-matters"


def test_render_says_in_one_note_what_opening_an_old_matter_converted(tmp_path, capsys):
    """Ensure `render` of a matter saved with an older template version writes it and prints one
    `note:` line on stderr naming the file, what was converted and what must be filled in."""
    old = OLD_MATTERS / "s4-cobalt-bluefin.opinion"
    out = tmp_path / "s4.txt"
    code, _, err = run_cli(["render", old, "-o", out], capsys)
    assert code == 0, err
    assert out.exists()
    notes = [line for line in err.splitlines() if "note:" in line]
    assert len(notes) == 1
    assert notes[0].startswith(f"opiniondesk: note: {old}: This matter was saved with version 1.1")
    assert "'stockholder_approval' is now 'The registrant's stockholders vote'" in notes[0]
    code, _, err = run_cli(
        ["render", old, OLD_MATTERS / "s8-northwind-2024.opinion", "--out-dir", tmp_path / "d"],
        capsys,
    )
    assert code == 0 and len([line for line in err.splitlines() if "note:" in line]) == 2


def _odd_file(path, kind, limit):
    """Make `path` a FIFO, a link to /dev/zero, or a sparse file one byte over `limit`."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        with open(path, "wb") as fh:
            fh.truncate(limit + 1)
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
@pytest.mark.parametrize(
    "chosen, fmt", [("--letterhead", "docx"), ("preferences", "docx"), ("preferences", "pdf")]
)
def test_a_letterhead_that_is_no_regular_file_or_too_large_is_refused(
    tmp_path, sample_path, kind, chosen, fmt
):
    """Ensure a letterhead given by --letterhead or chosen in Preferences that is a FIFO, /dev/zero
    or over the size limit exits 2 at once with one line naming it, and nothing is written."""
    from opiniondesk.core.limits import MAX_LETTERHEAD_BYTES
    from opiniondesk.settings import Settings, save_settings

    letterhead = _odd_file(tmp_path / "letterhead.docx", kind, MAX_LETTERHEAD_BYTES)
    out = tmp_path / f"out.{fmt}"
    args = ["render", sample_path, "-o", out]
    if chosen == "--letterhead":
        args += ["--letterhead", letterhead]
    else:
        save_settings(Settings(letterhead=str(letterhead)))
    proc = run_cli_bounded(args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"opiniondesk: {letterhead}: "), lines
    said = "larger than a letterhead may be" if kind == "huge" else "not a regular file"
    assert said in lines[0]
    assert not out.exists()


def test_a_letterhead_that_is_no_docx_is_refused_naming_it(tmp_path, sample_path, capsys):
    """Ensure a letterhead that is no DOCX exits 2 naming it, not an internal error."""
    bad = tmp_path / "letterhead.docx"
    bad.write_text("not a zip", encoding="utf-8")
    for fmt in ("docx", "pdf"):
        code, _, err = run_cli(
            ["render", sample_path, "--letterhead", bad, "-o", tmp_path / f"out.{fmt}"], capsys
        )
        assert code == 2 and err.startswith(f"opiniondesk: {bad}: not a DOCX file"), err


_KILLED_BEFORE_THE_MOVE = """
import os, sys
sys.path.insert(0, sys.argv[1])
import keyring_driver
real = os.replace
def replace(src, dst, *args, **kwargs):
    if os.path.basename(str(src)).startswith(".") and str(dst).endswith(sys.argv[2]):
        os._exit(9)  # killed once the copy is recorded, before it takes its name
    return real(src, dst, *args, **kwargs)
os.replace = replace
sys.exit(keyring_driver.main(sys.argv[3:]))
"""


@pytest.mark.parametrize(
    "copy, name",
    [
        (["--copy", "signed", "--signer", "john-r-dye"], "signed.docx"),
        (["--copy", "filing"], "ex5-1.htm"),
    ],
)
def test_a_single_copy_recorded_but_left_unnamed_is_put_in_place_by_the_next_render(
    tmp_path, capsys, copy, name
):
    """Ensure a signed or EDGAR copy that `render -o` recorded in the register but was killed
    before naming is put in place by the next render in that folder, which says so, as the rows
    path does: no record names a copy that is not there, and no temporary file is left."""
    import hashlib

    from opiniondesk.register import SignedCopyRegister
    from reliability.kill_harness import TEMP_RE, signed_batch_inputs, signer_secrets

    matter, _ = signed_batch_inputs(tmp_path, 1)
    secrets = signer_secrets(tmp_path / "secrets.json")
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    reliability = str(Path(__file__).resolve().parents[1] / "reliability")
    driver = [reliability, name, secrets, "render", matter, *copy, "-o", target]
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_BEFORE_THE_MOVE, *map(str, driver)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == 9, killed.stderr
    (left,) = [p for p in out.iterdir() if TEMP_RE.match(p.name)]
    assert left.name.startswith(f".{name}.") and not target.exists()
    last = SignedCopyRegister().records()[-1]
    assert last["output"] == str(target.resolve())
    assert last["output_sha256"] == hashlib.sha256(left.read_bytes()).hexdigest()
    code, _, err = run_cli(["render", matter, "-o", out / "draft.txt"], capsys)
    assert code == 0, err
    assert (
        "opiniondesk: note: put in place 1 signed copy that an interrupted run had recorded in "
        f"the register but not yet named: {name}" in err.splitlines()
    )
    assert hashlib.sha256(target.read_bytes()).hexdigest() == last["output_sha256"]
    assert not [p for p in out.iterdir() if TEMP_RE.match(p.name)]
