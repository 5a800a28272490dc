"""`opiniondesk import`: a precedent file becomes a department template and a matter."""

import json

from conftest import FIXTURES
from helpers import run_cli
from opiniondesk.core.templates import TemplateLibrary

REFERENCE = FIXTURES / "exhibit-5.1-cmsi-2001.txt"


def test_import_prints_facts_and_round_trip(tmp_path, capsys, monkeypatch):
    """Ensure the command writes the template and matter and reports facts and the round trip."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["import", REFERENCE, "--to", tmp_path / "dept"], capsys)
    assert code == 0, err
    assert "registrant_name" in out and "Citicorp Mortgage Securities, Inc." in out
    assert "round trip: every word given back" in out
    assert (tmp_path / "dept" / "cmsi-s-3" / "letter.xml.j2").is_file()
    assert (tmp_path / "cmsi-s-3.opinion").is_file()
    assert TemplateLibrary([tmp_path / "dept"]).get("cmsi-s-3").ok


def test_import_json_and_chosen_id(tmp_path, capsys):
    """Ensure --json prints the same as JSON and an existing id is never overwritten."""
    dept, matter = tmp_path / "dept", tmp_path / "m.opinion"
    (dept / "mine").mkdir(parents=True)
    args = ["import", REFERENCE, "--to", dept, "--id", "mine", "--name", "Ours", "--matter", matter]
    code, out, err = run_cli([*args, "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["template"]["id"] == "mine-2" and data["template"]["asked_id"] == "mine"
    assert data["round_trip"]["ok"] is True
    assert {f["id"] for f in data["facts"]} >= {"registrant_name", "letter_date", "form"}
    assert list((dept / "mine").iterdir()) == []
    assert json.loads(matter.read_text())["template"]["id"] == "mine-2"


def test_import_bad_input_is_one_line_exit_2(tmp_path, capsys):
    """Ensure a file that is not a letter gets one line naming it, exit 2, nothing written."""
    bad = tmp_path / "sheet.docx"
    bad.write_bytes(b"")
    code, out, err = run_cli(["import", bad, "--to", tmp_path / "dept"], capsys)
    assert code == 2
    assert err.strip() == f"opiniondesk: {bad}: is empty"
    assert not (tmp_path / "dept").exists()


def test_import_needs_a_department_folder(tmp_path, capsys, monkeypatch):
    """Ensure the command says how to set a folder when none is set and none is given."""
    monkeypatch.delenv("OPINIONDESK_TEMPLATE_PATH", raising=False)
    code, out, err = run_cli(["import", REFERENCE], capsys)
    assert code == 2 and "Preferences" in err and "--to" in err


def test_import_spreadsheet_renamed_docx(tmp_path, capsys):
    """Ensure a workbook named .docx gets one line naming the file, exit 2, nothing written."""
    import zipfile

    bad = tmp_path / "precedent.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    code, out, err = run_cli(["import", bad, "--to", tmp_path / "dept"], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"opiniondesk: {bad}: is a spreadsheet (Excel), not a Word document"
    ]
    assert not (tmp_path / "dept").exists()


def test_import_tracked_changes_says_so(tmp_path, capsys):
    """Ensure a DOCX with tracked changes imports, and the import says they were accepted."""
    import sys

    sys.path.insert(0, str(FIXTURES.parent / "readers"))
    from docx_files import package

    body = (
        "<w:p><w:r><w:t>June 1, 2024</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>The Shares are </w:t></w:r>"
        '<w:ins w:id="2" w:author="A"><w:r><w:t>validly issued.</w:t></w:r></w:ins></w:p>'
    )
    path = tmp_path / "precedent.docx"
    path.write_bytes(package(body))
    code, out, err = run_cli(
        ["import", path, "--to", tmp_path / "dept", "--matter", tmp_path / "m.opinion"], capsys
    )
    assert code == 0, err
    assert "note: its tracked changes were read as accepted" in out


def test_imported_template_is_an_ordinary_template(tmp_path, capsys, monkeypatch):
    """Ensure an imported template lists, renders draft, filing and signed copies (the signed one
    registered), runs the opinion checks and makes letters from rows."""
    from opiniondesk.register import SignedCopyRegister
    from opiniondesk.signers import SignerStore
    from signature_images import add_sample_signer

    dept = tmp_path / "dept"
    monkeypatch.setenv("OPINIONDESK_TEMPLATE_PATH", str(dept))
    matter = tmp_path / "cmsi.opinion"
    assert run_cli(["import", REFERENCE, "--id", "cmsi-own", "--matter", matter], capsys)[0] == 0
    code, out, _ = run_cli(["templates"], capsys)
    assert code == 0 and "cmsi-own\t1.0\tS-3\tPrecedent: Citicorp Mortgage Securities, Inc." in out
    for copy in ("draft", "filing"):
        target = tmp_path / f"{copy}.docx"
        assert run_cli(["render", matter, "--copy", copy, "-o", target], capsys)[0] == 0
        assert target.read_bytes()[:2] == b"PK"
    add_sample_signer(SignerStore())
    signed = tmp_path / "signed.docx"
    code, _, err = run_cli(
        ["render", matter, "--copy", "signed", "--signer", "john-r-dye", "-o", signed], capsys
    )
    assert code == 0, err
    records = SignedCopyRegister().records()
    assert records and records[-1]["output_sha256"]
    assert SignedCopyRegister().verify().ok
    code, out, err = run_cli(["check", matter, "--json"], capsys)
    assert code in (0, 1), err
    assert isinstance(json.loads(out), list | dict)
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "registrant_name,registrant_short_name\nAlpha Funding Corp.,Alpha\nBeta LLC,Beta\n"
    )
    out_dir = tmp_path / "letters"
    code, _, err = run_cli(
        ["render", matter, "--rows", rows, "--out-dir", out_dir, "--format", "txt", "--jobs", "1"],
        capsys,
    )
    assert code == 0, err
    texts = [p.read_text() for p in sorted(out_dir.iterdir())]
    assert len(texts) == 2 and any("Beta LLC" in t for t in texts)
    assert not any("Citicorp Mortgage Securities" in t for t in texts)


def test_import_standard_input_is_bounded(tmp_path):
    """Ensure `import -` reads at most the precedent limit from standard input and names it."""
    from helpers import run_cli_bounded

    with open("/dev/zero", "rb") as zero:
        proc = run_cli_bounded(["import", "-", "--to", tmp_path / "dept"], stdin=zero, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("opiniondesk: standard input: is larger than a precedent")
    assert not (tmp_path / "dept").exists()


def test_import_standard_input_reads_a_word_document(tmp_path, capsys, monkeypatch):
    """Ensure a Word document piped to `import -` is read as a Word document, not as text."""
    import io
    import sys

    sys.path.insert(0, str(FIXTURES.parent / "readers"))
    from docx_files import package

    body = (
        "<w:p><w:r><w:t>June 1, 2024</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>The Shares are validly issued, fully paid and nonassessable.</w:t></w:r></w:p>"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(package(body))))
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["import", "-", "--to", tmp_path / "dept", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["precedent"] == "standard input" and data["format"] == "docx"
    template = (tmp_path / "dept" / data["template"]["id"] / "letter.xml.j2").read_text()
    assert "validly issued" in template and "PK" not in template
