"""`opiniondesk check`: findings as lines or JSON; exit 0 clean, 1 on errors, 2 on bad input."""

import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import run_cli, run_cli_bounded
from opiniondesk.commands.check import enforce_checks
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter

DEPARTMENT = Path(__file__).resolve().parents[1] / "core" / "checks" / "department"
LINE_RE = re.compile(
    r"^(?P<file>.+?): (?P<rule>X5-[A-Z]+-\d\d) (?P<sev>error|warning|info) (?P<where>paragraph \d+(?: \(opinion \d+\))?|the [\w' :]+|letter): .+ \u2014 .+ \(.+\)$"
)


@pytest.fixture
def department(tmp_path, monkeypatch):
    """Return a function making a department precedent matter whose wording is edited."""
    from opiniondesk.core.templates import reset_default_library

    folder = tmp_path / "department"
    shutil.copytree(DEPARTMENT / "abs-precedent", folder / "abs-precedent")
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(folder))
    reset_default_library()

    def make(old: str = "", new: str = "") -> Path:
        j2 = folder / "abs-precedent" / "letter.xml.j2"
        if old:
            text = j2.read_text(encoding="utf-8")
            assert old in text
            j2.write_text(text.replace(old, new, 1), encoding="utf-8")
        reset_default_library()
        matter = tmp_path / "precedent.opinion"
        shutil.copy(DEPARTMENT / "abs-precedent.opinion", matter)
        return matter

    yield make
    reset_default_library()


RELIANCE = ("<closing>", "<body>This opinion is solely for your benefit.</body>\n<closing>")


def test_clean_sample_exits_0_with_lines(sample_path, capsys):
    """Ensure the reference sample exits 0 and each finding is one line naming file, rule, severity and paragraph."""
    code, out, err = run_cli(["check", sample_path], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines
    for line in lines:
        m = LINE_RE.match(line)
        assert m, line
        assert m["file"] == str(sample_path) and m["sev"] == "info"
    assert any("X5-ASM-02 info paragraph 6 (opinion 2):" in line for line in lines)


def test_errors_exit_1(department, capsys):
    """Ensure a precedent limiting reliance exits 1 and names X5-QUAL-02 as an error with its paragraph."""
    matter = department(*RELIANCE)
    code, out, _ = run_cli(["check", matter], capsys)
    assert code == 1
    hits = [LINE_RE.match(line) for line in out.splitlines() if "X5-QUAL-02" in line]
    assert (
        len(hits) == 1 and hits[0]["sev"] == "error" and hits[0]["where"].startswith("paragraph ")
    )
    assert "SLB 19 (limitations on reliance)" in out


def test_json_output(department, sample_path, capsys):
    """Ensure --json prints one object per matter with its findings' rule, severity, block, paragraph, fix and source."""
    matter = department(*RELIANCE)
    code, out, _ = run_cli(["check", sample_path, matter, "--json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert [d["file"] for d in data] == [str(sample_path), str(matter)]
    assert {f["severity"] for f in data[0]["findings"]} == {"info"}
    qual = [f for f in data[1]["findings"] if f["rule_id"] == "X5-QUAL-02"]
    assert len(qual) == 1
    assert qual[0]["where"] == f"paragraph {qual[0]['paragraph']}"
    assert set(qual[0]) == {
        "rule_id",
        "severity",
        "block",
        "paragraph",
        "where",
        "opening",
        "message",
        "fix",
        "source",
    }


def test_bad_input_exits_2(tmp_path, sample_path, capsys):
    """Ensure a missing or malformed matter exits 2 with one line per problem naming the file."""
    broken = tmp_path / "broken.opinion"
    broken.write_text("{ not json", encoding="utf-8")
    code, out, err = run_cli(["check", sample_path, tmp_path / "missing.opinion", broken], capsys)
    assert code == 2
    assert "Traceback" not in err
    lines = err.splitlines()
    assert any("missing.opinion" in line for line in lines)
    assert any("broken.opinion" in line and "line 1" in line for line in lines)
    assert all(line.startswith("opiniondesk: ") for line in lines)
    with pytest.raises(SystemExit) as exc:
        run_cli(["check"], capsys)
    assert exc.value.code == 2


def test_filing_copy_refused_while_errors_stand(department, tmp_path, capsys):
    """Ensure `render --copy filing` refuses a letter with a check error, naming the rule, and writes nothing."""
    matter = department(*RELIANCE)
    out = tmp_path / "filing.txt"
    code, _, err = run_cli(["render", matter, "--copy", "filing", "-o", out], capsys)
    assert code == 2
    assert "X5-QUAL-02" in err and "--override" in err
    assert not out.exists()


def test_override_with_a_reason_is_recorded(department, tmp_path, capsys):
    """Ensure --override REASON files the copy and the matter keeps {rule_id, reason, time}."""
    matter = department(*RELIANCE)
    out = tmp_path / "filing.txt"
    code, _, err = run_cli(
        ["render", matter, "--copy", "filing", "-o", out, "--override", "client insists"], capsys
    )
    assert code == 0, err
    assert out.exists()
    kept = json.loads(matter.read_text(encoding="utf-8"))["overrides"]
    assert [o["rule_id"] for o in kept] == ["X5-QUAL-02"]
    assert kept[0]["reason"] == "client insists" and re.match(r"\d{4}-\d\d-\d\dT", kept[0]["time"])
    assert load_matter(matter).overrides == kept


def test_enforce_checks_needs_a_written_reason(department):
    """Ensure enforce_checks refuses without a reason (or a blank one) and passes a clean letter untouched."""
    matter = load_matter(department(*RELIANCE))
    letter = matter.render("filing")
    for reason in (None, "", "   "):
        with pytest.raises(OpinionDeskError) as exc:
            enforce_checks(matter, letter, reason)
        assert any("X5-QUAL-02" in p.where for p in exc.value.problems)
    assert matter.overrides == []
    matter.path = None
    entries = enforce_checks(matter, letter, "accepted by the partner")
    assert entries == matter.overrides and entries[0]["rule_id"] == "X5-QUAL-02"


def test_check_a_filing_copy(sample_path, tmp_path, capsys):
    """Ensure --copy filing checks the conformed copy, and a matter missing facts is bad input for it."""
    code, _, _ = run_cli(["check", sample_path, "--copy", "filing"], capsys)
    assert code == 0
    data = json.loads(sample_path.read_text(encoding="utf-8"))
    del data["facts"]["registrant_address"]
    partial = tmp_path / "partial.opinion"
    partial.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run_cli(["check", partial], capsys)
    assert code == 0 and "X5-SIG-01 warning" in out
    code, _, err = run_cli(["check", partial, "--copy", "filing"], capsys)
    assert code == 2 and "registrant_address" in err


SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def edited_sample(tmp_path, name, edit):
    """Return the path of a copy of a built-in sample whose JSON `edit` changed."""
    data = json.loads((SAMPLES / f"{name}.opinion").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / f"{name}.opinion"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_no_findings_is_said(capsys):
    """Ensure a matter with no findings prints "No findings" rather than nothing (issue 18.9)."""
    path = SAMPLES / "s8-northwind-2024.opinion"
    code, out, _ = run_cli(["check", path], capsys)
    assert code == 0
    assert out.splitlines() == [f"{path}: No findings"]


def test_one_missing_fact_is_singular(tmp_path, capsys):
    """Ensure one missing fact reads "1 fact is still missing", named by its label (issue 18.9)."""
    path = edited_sample(
        tmp_path, "s8-northwind-2024", lambda d: d["facts"].pop("registrant_address")
    )
    code, out, _ = run_cli(["check", path], capsys)
    assert code == 0
    assert (
        "X5-SIG-01 warning the address: 1 fact is still missing: Registrant's address \u2014" in out
    )


def test_a_long_list_of_missing_facts_ends_and_n_more(tmp_path, capsys):
    """Ensure more than five missing facts are listed as five "and N more" (issue 18.9)."""
    gone = ["exhibit_number", "registrant_name", "registrant_address", "form"]
    gone += ["stock_description", "stock_term", "prospectus_caption"]

    def edit(data):
        for fact in gone:
            data["facts"].pop(fact)
        data["facts"]["consent_reference"] = "caption"

    code, out, _ = run_cli(["check", edited_sample(tmp_path, "s8-northwind-2024", edit)], capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if "X5-SIG-01" in line)
    assert re.search(r": 7 facts are still missing: [^,]+(?:, [^,]+){4} and 2 more \u2014", line), (
        line
    )


def test_an_invalid_value_is_called_invalid(tmp_path, capsys):
    """Ensure a value the template refuses is reported as invalid (not missing) while the rest of the
    letter is still checked, and the matter exits 2 as bad input (issue 18.9)."""

    def edit(data):
        data["facts"]["share_count"] = "lots"

    path = edited_sample(tmp_path, "s8-northwind-2024", edit)
    code, out, err = run_cli(["check", path], capsys)
    assert code == 2
    assert (
        "1 fact has an invalid value: Number of shares registered ('lots' is not a whole number)"
        in out
    )
    assert "missing" not in out and "unfilled" not in out
    assert err.splitlines() == [
        f"opiniondesk: {path}: fact 'share_count' (Number of shares registered): invalid value: "
        "'lots' is not a whole number"
    ]
    code, out, err = run_cli(["check", path, "--copy", "filing"], capsys)
    assert code == 2 and "invalid value" in err and "required" not in err


def test_check_counts_what_a_new_matter_s_filing_copy_lacks(tmp_path, capsys):
    """Ensure `check` on a new matter of every built-in template counts exactly the facts its filing
    copy is refused for, as the window's status bar does (issue 18.5)."""
    from opiniondesk.core.errors import MissingFactsError
    from opiniondesk.core.matter import new_matter, save_matter
    from opiniondesk.core.templates import default_library

    for info in default_library().templates():
        matter = new_matter(default_library().get(info.id))
        with pytest.raises(MissingFactsError) as refused:
            matter.render("filing")
        count = len(refused.value.missing)
        path = tmp_path / f"{info.id}.opinion"
        save_matter(matter, path)
        code, out, _ = run_cli(["check", path], capsys)
        assert code in (0, 1), out
        said = [line for line in out.splitlines() if "X5-SIG-01" in line]
        fact_s = "1 fact is" if count == 1 else f"{count} facts are"
        assert any(f": {fact_s} still missing: " in line for line in said), (info.id, said)
        assert len(said) == 1, (info.id, said)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_check_refuses_a_fifo_or_a_device_at_once(tmp_path, kind):
    """Ensure `check` on a FIFO or /dev/zero exits 2 naming it, not reading it for ever."""
    import os

    matter = tmp_path / "odd.opinion"
    if kind == "fifo":
        os.mkfifo(matter)
    else:
        matter.symlink_to("/dev/zero")
    proc = run_cli_bounded(["check", matter])
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"opiniondesk: {matter}: "), lines
    assert "not a regular file" in lines[0]


OLD_MATTERS = Path(__file__).resolve().parents[1] / "fixtures" / "old-matters"


def _old_matter(tmp_path, name, **facts):
    """Return a copy of a matter saved with an older template version, some facts changed."""
    data = json.loads((OLD_MATTERS / name).read_text(encoding="utf-8"))
    data["facts"].update(facts)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_check_says_in_one_note_what_opening_an_old_matter_converted(tmp_path, capsys):
    """Ensure `check` on a matter saved with an older template version prints one `note:` line on
    stderr naming the file, what was converted and what must be filled in."""
    path = _old_matter(tmp_path, "s3-meridian-shelf.opinion")
    code, out, err = run_cli(["check", path], capsys)
    assert code in (0, 1), err
    notes = [line for line in err.splitlines() if "note:" in line]
    assert len(notes) == 1 and err.splitlines() == notes
    note = notes[0]
    assert note.startswith(f"opiniondesk: note: {path}: This matter was saved with version 1.1")
    assert (
        f"Guarantors, item 1: Jurisdiction of organization: version {_shelf_version()} needs it; "
        "fill it in" in note
    )
    assert "List the charter, by-laws and resolutions yourself: 'yes'" in note
    assert note.endswith("Review the letter before it is signed or filed.")
    code, out, err = run_cli(["check", OLD_MATTERS / "s3-meridian-shelf.opinion", "--json"], capsys)
    assert json.loads(out) and len([x for x in err.splitlines() if "note:" in x]) == 1
    code, _, err = run_cli(["check", SAMPLES / "cmsi-2001.opinion"], capsys)
    assert "note:" not in err  # a current matter converts nothing


def test_check_migrates_an_old_matter_that_holds_an_invalid_value(tmp_path, capsys):
    """Ensure an old matter whose value the template refuses is still converted before it is
    checked: the invalid value is named, the renamed fact is not called unknown, and the
    conversion is noted."""
    path = _old_matter(tmp_path, "s4-cobalt-bluefin.opinion", share_count="lots")
    code, out, err = run_cli(["check", path], capsys)
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert "stockholder_approval" not in out
    problems = [line for line in err.splitlines() if "note:" not in line]
    assert problems == [
        f"opiniondesk: {path}: fact 'share_count' (Number of shares registered): invalid value: "
        "'lots' is not a whole number"
    ]
    notes = [line for line in err.splitlines() if "note:" in line]
    assert len(notes) == 1
    assert "'stockholder_approval' is now 'The registrant's stockholders vote'" in notes[0]


def test_an_unknown_fact_beside_an_invalid_value_is_named_not_an_internal_error(tmp_path, capsys):
    """Ensure a matter holding a fact its template does not know and a value it refuses exits 2
    naming both (it was an internal error: the message's field clashed with `say`'s)."""

    def edit(data):
        data["facts"]["share_count"] = "lots"
        data["facts"]["no_such_fact"] = "x"

    path = edited_sample(tmp_path, "s8-northwind-2024", edit)
    code, _, err = run_cli(["check", path], capsys)
    assert code == 2 and "internal error" not in err
    assert (
        f"opiniondesk: {path}: fact 'no_such_fact': is not a fact of template 's8-employee-plans'"
        in err.splitlines()
    )


def _shelf_version():
    """Return the S-3 shelf template's version now: the one an old matter's notice asks facts for."""
    from opiniondesk.core.templates import default_library

    return default_library().get("s3-universal-shelf").version
