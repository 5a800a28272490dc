"""`opiniondesk redline`, and the edited matter on the command line: check lists its deviations,
the register records them, bad edits and versions exit 2 naming the matter and paragraph."""

import hashlib
import json
import zipfile

import pytest

from conftest import pdf_text
from helpers import run_cli
from opiniondesk.core.matter import load_matter, save_matter
from opiniondesk.core.versions import save_version
from opiniondesk.core.wording import Edit, Run
from opiniondesk.register import SignedCopyRegister
from opiniondesk.writers.docx import write_docx
from redline_helpers import W, changed_copy, paragraph_texts, parts, resolve


@pytest.fixture
def pair(tmp_path, sample_path):
    """Return (old, new) matter files: the sample, and a copy with facts and a paragraph changed."""
    old, new = changed_copy(sample_path)
    save_matter(old, tmp_path / "old.opinion")
    save_matter(new, tmp_path / "new.opinion")
    return tmp_path / "old.opinion", tmp_path / "new.opinion"


def _refused(capsys, args, *names):
    code, _, err = run_cli(args, capsys)
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("opiniondesk: ") for line in lines), lines
    for name in names:
        assert name in err, err
    return err


def test_redline_two_matters(tmp_path, pair, capsys):
    """Ensure a redline DOCX of two matters accepts to NEW and names its author."""
    old, new = pair
    out = tmp_path / "redline.docx"
    code, stdout, err = run_cli(["redline", old, new, "-o", out, "--author", "Ann"], capsys)
    assert code == 0, err
    assert "paragraph(s) changed" in stdout
    body, _ = parts(out.read_bytes())
    assert {e.get(W + "author") for e in body.iter(W + "ins")} == {"Ann"}
    expected, _ = parts(write_docx(load_matter(new).render()))
    assert paragraph_texts(resolve(body, True)) == paragraph_texts(expected)


def test_redline_against_a_version(tmp_path, sample_path, capsys):
    """Ensure MATTER@VERSION redlines a version kept in the file against the matter as it is."""
    matter = load_matter(sample_path)
    save_version(matter, "sent to UW counsel")
    matter.facts["registrant_name"] = "Renamed Securities, Inc."
    path = tmp_path / "m.opinion"
    save_matter(matter, path)
    out = tmp_path / "r.docx"
    code, _, err = run_cli(["redline", f"{path}@sent to UW counsel", path, "-o", out], capsys)
    assert code == 0, err
    body, _ = parts(out.read_bytes())
    deleted = "".join(t.text for t in body.iter(W + "delText"))
    inserted = "".join(t.text for i in body.iter(W + "ins") for t in i.iter(W + "t"))
    assert "Citicorp" in deleted and "Renamed" in inserted


def test_redline_against_form(tmp_path, pair, capsys):
    """Ensure --against-form shows the matter's own wording against its template's."""
    _, new = pair
    out = tmp_path / "form.docx"
    code, _, err = run_cli(["redline", new, "--against-form", "-o", out], capsys)
    assert code == 0, err
    body, _ = parts(out.read_bytes())
    inserted = "".join(t.text for i in body.iter(W + "ins") for t in i.iter(W + "t"))
    assert "indeed" in inserted and "Holdings" not in inserted


def test_redline_pdf(tmp_path, pair, capsys):
    """Ensure --format pdf writes a PDF that prints the old and the new words."""
    old, new = pair
    out = tmp_path / "redline.pdf"
    code, _, err = run_cli(["redline", old, new, "-o", out], capsys)
    assert code == 0, err
    text = " ".join(pdf_text(out))
    assert "indeed" in text and "Holdings" in text


def test_different_templates_refused(tmp_path, pair, capsys):
    """Ensure OLD and NEW on different templates are refused, naming both, and nothing written."""
    old, _ = pair
    other = tmp_path.parent / "s8.opinion"
    from redline_helpers import SAMPLES

    s8 = next(p for p in SAMPLES if p.name.startswith("s8"))
    out = tmp_path / "r.docx"
    _refused(capsys, ["redline", old, s8, "-o", out], "different templates", str(old), str(s8))
    assert not out.exists() and not other.exists()


def test_bad_versions_and_arguments(tmp_path, pair, capsys):
    """Ensure an unknown version and a missing NEW exit 2 naming the matter and the version."""
    old, new = pair
    out = tmp_path / "r.docx"
    _refused(capsys, ["redline", f"{old}@nope", new, "-o", out], str(old), "\u201cnope\u201d")
    _refused(capsys, ["redline", old, "-o", out], "NEW")
    _refused(capsys, ["redline", old, new, "--against-form", "-o", out], "--against-form")
    assert not out.exists()


@pytest.mark.parametrize(
    "edit, says",
    [
        (
            Edit("body:gone-paragraph", "replace", (Run("x"),), "old words").to_json(),
            "edit 1 (paragraph body:gone-paragraph): the template no longer has the paragraph",
        ),
        (
            Edit("body:each-series-issued-pursuant", "replace", (Run(" "),), "").to_json(),
            "edit 1 (paragraph body:each-series-issued-pursuant): the edit leaves the paragraph empty",
        ),
        ({"key": "body:x", "action": "replace", "runs": "no"}, "edit 1 (paragraph body:x): runs"),
    ],
    ids=["missing", "empty", "malformed"],
)
def test_bad_edits_exit_2_naming_the_paragraph(tmp_path, sample_path, capsys, edit, says):
    """Ensure render, check and redline refuse a matter whose edit cannot apply, naming it."""
    matter = load_matter(sample_path)
    matter.edits = [edit]
    path = tmp_path / "m.opinion"
    save_matter(matter, path)
    out = tmp_path / "out.docx"
    _refused(capsys, ["render", path, "-o", out], f"{path}: {says}")
    _refused(capsys, ["check", path], says)
    _refused(capsys, ["redline", path, "--against-form", "-o", out], says)
    assert not out.exists()
    assert load_matter(path).edits == [edit]  # nothing lost


def test_malformed_versions_exit_2(tmp_path, sample_path, capsys):
    """Ensure a matter whose version is malformed exits 2 naming the version."""
    data = json.loads(sample_path.read_text())
    data["versions"] = [{"name": "as filed", "saved": "yesterday"}]
    path = tmp_path / "m.opinion"
    path.write_text(json.dumps(data))
    _refused(capsys, ["check", path], f"{path}: version 1 (as filed): saved 'yesterday'")


def test_check_lists_deviations_and_register_records_them(tmp_path, pair, capsys):
    """Ensure `check` lists each edit as a deviation and a filing copy records it in the register."""
    _, new = pair
    code, out, err = run_cli(["check", new], capsys)
    assert code == 0, err
    lines = [line for line in out.splitlines() if " DEVIATION " in line]
    assert len(lines) == 1 and "deviates from the approved form" in lines[0]
    code, out, _ = run_cli(["check", new, "--json"], capsys)
    found = json.loads(out)[0]["findings"]
    assert any(f["rule_id"] == "DEVIATION" for f in found)
    target = tmp_path / "ex5-1.htm"
    code, _, err = run_cli(["render", new, "--format", "edgar", "-o", target], capsys)
    assert code == 0, err
    [record] = SignedCopyRegister().records()
    assert record["copy"] == "filing" and record["deviates"] is True
    [deviation] = record["deviations"]
    matter = load_matter(new)
    paragraph = next(b for b in matter.render().blocks if b.key == deviation["key"])
    assert deviation["sha256"] == hashlib.sha256(paragraph.text.encode()).hexdigest()
    assert "indeed" in paragraph.text
    assert SignedCopyRegister().verify().ok


def test_unedited_copies_record_no_deviation(tmp_path, sample_path, capsys):
    """Ensure a copy of a matter without edits records no deviation."""
    target = tmp_path / "ex5-1.htm"
    code, _, err = run_cli(["render", sample_path, "--format", "edgar", "-o", target], capsys)
    assert code == 0, err
    [record] = SignedCopyRegister().records()
    assert record["deviates"] is None and record["deviations"] is None


def test_render_prints_the_edited_letter(tmp_path, pair, capsys):
    """Ensure a rendered DOCX of an edited matter holds the edit."""
    _, new = pair
    out = tmp_path / "edited.docx"
    code, _, err = run_cli(["render", new, "-o", out], capsys)
    assert code == 0, err
    with zipfile.ZipFile(out) as zf:
        assert "indeed" in zf.read("word/document.xml").decode()


def test_letters_from_rows_keep_the_matter_wording(tmp_path, pair, capsys):
    """Ensure each letter made from a row of an edited matter carries the matter's own wording."""
    _, new = pair
    rows = tmp_path / "rows.csv"
    rows.write_text("registrant_short_name\nAAA\nBBB\n", encoding="utf-8")
    out = tmp_path / "rows"
    code, _, err = run_cli(
        ["render", new, "--rows", rows, "--out-dir", out, "--jobs", "1", "--format", "txt"], capsys
    )
    assert code == 0, err
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt"))]
    assert len(texts) == 2 and all("indeed" in t for t in texts)
    assert "AAA" in texts[0] and "BBB" in texts[1]


def test_versions_command(tmp_path, sample_path, capsys):
    """Ensure `versions save` keeps a version, refuses its name twice (exit 2, file unchanged),
    `versions list` lists it and `versions restore` puts it back."""
    path = tmp_path / "m.opinion"
    save_matter(load_matter(sample_path), path)
    code, out, err = run_cli(["versions", "save", path, "as filed", "--note", "EDGAR"], capsys)
    assert code == 0, err
    before = path.read_bytes()
    err = _refused(capsys, ["versions", "save", path, "As Filed"], str(path), "already exists")
    assert path.read_bytes() == before
    code, out, _ = run_cli(["versions", "list", path], capsys)
    assert code == 0 and out.startswith("as filed\t")
    matter = load_matter(path)
    matter.facts["registrant_name"] = "Later, Inc."
    save_matter(matter, path)
    code, out, err = run_cli(["versions", "restore", path, "as filed"], capsys)
    assert code == 0, err
    assert load_matter(path).facts["registrant_name"] == "Citicorp Mortgage Securities, Inc."
    _refused(capsys, ["versions", "restore", path, "nope"], str(path), "\u201cnope\u201d")


def test_versions_restore_brings_an_old_version_up_to_date_and_says_so(tmp_path, capsys):
    """Ensure `versions restore` of a version saved under an older template version writes its
    facts as the template now names them, and prints what was converted in one note."""
    from helpers import matter_with_an_old_version

    path = tmp_path / "merger.opinion"
    matter_with_an_old_version(path)
    code, out, err = run_cli(["versions", "restore", path, "as filed"], capsys)
    assert code == 0, err
    facts = json.loads(path.read_text(encoding="utf-8"))["facts"]
    assert "stockholder_approval" not in facts and facts["stockholder_vote"] == "issuance"
    (note,) = [line for line in err.splitlines() if "note:" in line]
    assert note.startswith(f"opiniondesk: note: {path}: This matter was saved with version")
    assert "'stockholder_approval' is now" in note


def test_versions_restore_keeps_the_template_version_a_version_did_not_record(
    tmp_path, sample_path, capsys
):
    """Ensure `versions restore` of a version that recorded no template version keeps the
    matter's own, as the window's Restore does (it emptied it)."""
    from helpers import matter_with_an_unversioned_version

    path = tmp_path / "m.opinion"
    current = matter_with_an_unversioned_version(path, sample_path)
    code, _, err = run_cli(["versions", "restore", path, "before"], capsys)
    assert code == 0, err
    assert json.loads(path.read_text(encoding="utf-8"))["template"]["version"] == current
    assert load_matter(path).facts["registrant_name"] == "Citicorp Mortgage Securities, Inc."


def test_redline_uses_the_letterhead_chosen_in_preferences(tmp_path, pair, capsys):
    """Ensure both redline formats are laid out on the letterhead chosen in Preferences."""
    from letterheads import docx_left_margin, wide_letterhead
    from opiniondesk.settings import Settings, save_settings
    from pdf_checks import word_boxes

    save_settings(Settings(letterhead=str(wide_letterhead(tmp_path / "wide.docx"))))
    old, new = pair
    out = tmp_path / "redline.docx"
    code, _, err = run_cli(["redline", old, new, "-o", out], capsys)
    assert code == 0, err
    assert docx_left_margin(out.read_bytes()) == "2880"
    pdf = tmp_path / "redline.pdf"
    code, _, err = run_cli(["redline", old, new, "-o", pdf], capsys)
    assert code == 0, err
    assert round(word_boxes(pdf, 1, "Ladies")[0][0]) == 144


def test_redline_refuses_a_chosen_letterhead_that_is_no_docx(tmp_path, pair, capsys):
    """Ensure a letterhead chosen in Preferences that is no DOCX is named, and nothing written."""
    from opiniondesk.settings import Settings, save_settings

    bad = tmp_path / "letterhead.docx"
    bad.write_text("not a zip")
    save_settings(Settings(letterhead=str(bad)))
    old, new = pair
    out = tmp_path / "redline.docx"
    _refused(capsys, ["redline", old, new, "-o", out], str(bad), "not a DOCX")
    assert not out.exists()
