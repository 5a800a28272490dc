"""`render --format edgar|edgar-txt`: the filing copy under an EDGAR name, refused as a filing copy is."""

import datetime as dt
import hashlib
import json

import pytest

from helpers import run_cli
from opiniondesk.register import SignedCopyRegister, keep_until
from opiniondesk.signers import SignerStore
from signature_images import add_sample_signer


def _matter(tmp_path, sample_path, name="m.opinion", **facts):
    data = json.loads(sample_path.read_text(encoding="utf-8"))
    data["facts"].update(facts)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _refused(capsys, args, *unwritten):
    code, _, err = run_cli(args, capsys)
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("opiniondesk: ") for line in lines), lines
    for path in unwritten:
        assert not path.exists(), f"{path} was written"
        assert not list(path.parent.glob(f".{path.name}.*")), "a temporary file was left"
    return lines


def test_out_dir_names_the_exhibit_by_its_number(tmp_path, sample_path, capsys):
    """Ensure --out-dir names the HTML ex5-1.htm and the ASCII ex5-1.txt, from the exhibit number."""
    for fmt in ("edgar", "edgar-txt"):
        code, _, err = run_cli(
            ["render", sample_path, "--format", fmt, "--out-dir", tmp_path], capsys
        )
        assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ex5-1.htm", "ex5-1.txt"]
    other = _matter(tmp_path, sample_path, exhibit_number="5.2")
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_cli(
        ["render", sample_path, other, "--format", "edgar", "--out-dir", out], capsys
    )
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["ex5-1.htm", "ex5-2.htm"]


def test_an_htm_name_makes_the_edgar_copy(tmp_path, sample_path, capsys):
    """Ensure -o ex5-1.htm without --format writes the EDGAR HTML filing copy."""
    out = tmp_path / "ex5-1.htm"
    code, _, err = run_cli(["render", sample_path, "-o", out], capsys)
    assert code == 0, err
    assert out.read_bytes().startswith(b"<html>") and b"/s/ John R. Dye" in out.read_bytes()


@pytest.mark.parametrize(
    ("name", "fmt", "says"),
    [
        ("Exhibit 5.1.htm", "edgar", "the name may not contain spaces"),
        ("ex5-1.html", "edgar", "the name must end in one of"),
        ("ex5-1.txt", "edgar", "an HTML document is named *.htm"),
        ("ex5-1.htm", "edgar-txt", "an ASCII document is named *.txt"),
        ("exhibit-five-point-one-legality.htm", "edgar", "characters; EDGAR takes at most 32"),
    ],
)
def test_a_name_edgar_would_refuse_is_refused(tmp_path, sample_path, capsys, name, fmt, says):
    """Ensure a bad output name is refused before anything is written, naming the rule."""
    out = tmp_path / name
    lines = _refused(capsys, ["render", sample_path, "--format", fmt, "-o", out], out)
    assert any(says in line and str(out) in line for line in lines), lines
    assert all("EDGAR Filer Manual, Volume II, 5." in line for line in lines)
    assert SignedCopyRegister().records() == []


def test_a_folder_that_cannot_be_written(tmp_path, sample_path, capsys):
    """Ensure an output folder that cannot be written is named, and nothing is half-written."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    out = blocker / "ex5-1.htm"
    lines = _refused(capsys, ["render", sample_path, "--format", "edgar", "-o", out])
    assert lines == [f"opiniondesk: {out}: cannot write: Not a directory"]
    assert blocker.read_text() == "a file where the folder should be"
    assert SignedCopyRegister().records() == []


def test_a_fact_edgar_cannot_carry_is_named(tmp_path, sample_path, capsys):
    """Ensure an emoji or a right-to-left mark is refused naming its fact, with no file written."""
    matter = _matter(
        tmp_path,
        sample_path,
        registrant_name="Citicorp Mortgage Securities, Inc. \U0001f3e6",
        governing_law_state="New York\u200f",
    )
    before = matter.read_text(encoding="utf-8")
    out = tmp_path / "ex5-1.htm"
    args = ["render", matter, "--format", "edgar", "-o", out, "--override", "reviewed"]
    lines = _refused(capsys, args, out)
    assert lines == [
        f"opiniondesk: {matter}: fact 'registrant_name': holds \U0001f3e6 (U+1F3E6 BANK), which "
        "EDGAR cannot carry: a filing copy takes ASCII and the ISO-8859-1 (Latin-1) characters "
        "the Filer Manual lists (EDGAR Filer Manual, Volume II, 5.2.2.6)",
        f"opiniondesk: {matter}: fact 'governing_law_state': holds U+200F RIGHT-TO-LEFT MARK, "
        "which EDGAR cannot carry: a filing copy takes ASCII and the ISO-8859-1 (Latin-1) "
        "characters the Filer Manual lists (EDGAR Filer Manual, Volume II, 5.2.2.6)",
    ]
    assert matter.read_text(encoding="utf-8") == before, "no override may be kept for it"


def test_a_missing_fact_is_refused_as_for_any_filing_copy(tmp_path, sample_path, capsys):
    """Ensure the EDGAR copy, a filing copy, is refused while a required fact is missing."""
    matter = _matter(tmp_path, sample_path, registrant_short_name="")
    out = tmp_path / "ex5-1.htm"
    lines = _refused(capsys, ["render", matter, "--format", "edgar", "-o", out], out)
    assert any("registrant_short_name" in line and "required" in line for line in lines)


def test_check_errors_refuse_it_unless_overridden(tmp_path, sample_path, capsys):
    """Ensure an opinion-check error refuses the EDGAR copy, and --override files it, recorded."""
    matter = _matter(
        tmp_path, sample_path, laws_covered=[{"law": "corporate_law"}, {"law": "federal"}]
    )
    out = tmp_path / "ex5-1.htm"
    lines = _refused(capsys, ["render", matter, "--format", "edgar", "-o", out], out)
    assert any("X5-" in line for line in lines)
    assert "--override REASON" in lines[-1]
    code, _, err = run_cli(
        ["render", matter, "--format", "edgar", "-o", out, "--override", "reviewed by J.D."],
        capsys,
    )
    assert code == 0, err
    [record] = SignedCopyRegister().records()
    assert record["override"] == "reviewed by J.D." and record["overridden_rules"]
    assert json.loads(matter.read_text(encoding="utf-8"))["overrides"]


def test_a_signed_edgar_copy_is_refused(tmp_path, sample_path, capsys):
    """Ensure --copy signed with an EDGAR format is refused: EDGAR gets the conformed copy."""
    out = tmp_path / "ex5-1.htm"
    lines = _refused(
        capsys, ["render", sample_path, "--format", "edgar", "--copy", "signed", "-o", out], out
    )
    assert "makes the filing copy" in lines[0]


def test_the_export_is_recorded(tmp_path, sample_path, capsys):
    """Ensure the register records the EDGAR copy: its SHA-256, the matter and the signer."""
    out = tmp_path / "ex5-1.htm"
    code, _, err = run_cli(["render", sample_path, "--format", "edgar", "-o", out], capsys)
    assert code == 0, err
    [record] = SignedCopyRegister().records()
    assert record["copy"] == "filing" and record["format"] == "edgar"
    assert record["output_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert record["matter"] == str(sample_path.resolve())
    assert record["signer_name"] == "John R. Dye"
    assert record["output"] == str(out.resolve())
    assert SignedCopyRegister().verify().ok


@pytest.mark.parametrize("edgar_first", [True, False])
def test_the_signed_original_is_linked_with_its_keep_until_date(
    tmp_path, sample_path, capsys, edgar_first
):
    """Ensure the EDGAR copy and the signed original of one matter are linked, kept five years."""
    add_sample_signer(SignerStore())
    edgar = ["render", sample_path, "--format", "edgar", "-o", tmp_path / "ex5-1.htm"]
    signed = ["render", sample_path, "--copy", "signed", "--signer", "john-r-dye"]
    signed += ["-o", tmp_path / "signed.pdf"]
    for args in (edgar, signed) if edgar_first else (signed, edgar):
        code, _, err = run_cli(args, capsys)
        assert code == 0, err
    code, out, err = run_cli(["register", "list", "--json"], capsys)
    assert code == 0, err
    listing = json.loads(out)
    assert listing["chain"]["ok"]
    [filing] = listing["filings"]
    assert filing["filing"]["output"] == str((tmp_path / "ex5-1.htm").resolve())
    assert filing["filing"]["seq"] == (1 if edgar_first else 2)
    assert filing["signed_original"]["seq"] == (2 if edgar_first else 1)
    assert filing["signed_original"]["output"] == str((tmp_path / "signed.pdf").resolve())
    today = dt.datetime.now(dt.UTC).date()
    assert filing["keep_until"] == today.replace(year=today.year + 5).isoformat()
    records = SignedCopyRegister().records()
    later = records[-1]
    assert later["link"] == {
        "seq": records[0]["seq"],
        "hash": records[0]["hash"],
        "copy": records[0]["copy"],
    }
    code, out, _ = run_cli(["register", "list"], capsys)
    assert f"keep until {filing['keep_until']}" in out


def test_another_matter_is_not_linked(tmp_path, sample_path, capsys):
    """Ensure a signed original of other facts is not taken for the EDGAR copy's original."""
    add_sample_signer(SignerStore())
    other = _matter(tmp_path, sample_path, prospectus_caption="Legal Matters")
    code, _, err = run_cli(
        ["render", sample_path, "--format", "edgar", "-o", tmp_path / "ex5-1.htm"], capsys
    )
    assert code == 0, err
    code, _, err = run_cli(
        ["render", other, "--copy", "signed", "--signer", "john-r-dye", "-o", tmp_path / "s.pdf"],
        capsys,
    )
    assert code == 0, err
    code, out, _ = run_cli(["register", "list"], capsys)
    assert "signed original: none recorded yet" in out
    code, out, _ = run_cli(["register", "list", "--json"], capsys)
    assert json.loads(out)["filings"][0]["signed_original"] is None


def test_keep_until_is_five_years_on():
    """Ensure the keep-until date is five years on, 29 February becoming the 28th."""
    assert keep_until(dt.date(2025, 5, 2)) == "2030-05-02"
    assert keep_until(dt.date(2024, 2, 29)) == "2029-02-28"


def test_an_empty_register_lists_nothing(capsys):
    """Ensure `register list` on a new computer says there is nothing yet."""
    code, out, _ = run_cli(["register", "list"], capsys)
    assert code == 0 and "No EDGAR filing copies" in out
