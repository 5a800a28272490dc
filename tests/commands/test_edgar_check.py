"""`opiniondesk edgar-check`: planted faults found by line and rule; real and own exhibits pass."""

import json
import os
import shutil
import subprocess
import tomllib

import pytest

from conftest import FIXTURES
from edgar_helpers import SAMPLES
from helpers import raised_within, run_cli
from opiniondesk.commands.edgar_check import check_file
from opiniondesk.core.errors import OpinionDeskError

PRECEDENTS = FIXTURES / "precedents"
SOURCES = tomllib.loads((PRECEDENTS / "SOURCES.toml").read_text(encoding="utf-8"))
# Public EDGAR exhibits kept among the precedents that edgar-check must pass as filed.
REAL_EXHIBITS = ("dragonfly-s3-nevada-2023", "central-pacific-s3-in-house-2025")


@pytest.fixture
def good_htm(tmp_path, sample_path, capsys):
    """Return the reference sample exported for EDGAR (HTML), made by the CLI."""
    out = tmp_path / "ex5-1.htm"
    code, _, err = run_cli(["render", sample_path, "--format", "edgar", "-o", out], capsys)
    assert code == 0, err
    return out


@pytest.fixture
def good_txt(tmp_path, sample_path, capsys):
    """Return the reference sample exported for EDGAR (ASCII), made by the CLI."""
    out = tmp_path / "ex5-1.txt"
    code, _, err = run_cli(["render", sample_path, "--format", "edgar-txt", "-o", out], capsys)
    assert code == 0, err
    return out


def _planted(path, line_number, text, name=None):
    """Return a copy of `path` with `text` inserted as line `line_number` (1-based)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line_number - 1, text)
    target = path.with_name(name or path.name)
    if target == path:
        target = path.with_name("planted" + path.suffix)
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def _check(capsys, *files):
    code, out, err = run_cli(["edgar-check", *files], capsys)
    return code, [line for line in out.splitlines() if line.strip()], err


def test_our_own_exports_pass(tmp_path, capsys):
    """Ensure every sample's EDGAR HTML and ASCII copies pass edgar-check."""
    files = []
    for matter in SAMPLES:
        for fmt, ext in (("edgar", ".htm"), ("edgar-txt", ".txt")):
            out = tmp_path / f"{matter.stem.replace('_', '-')[:26]}{ext}"
            code, _, err = run_cli(["render", matter, "--format", fmt, "-o", out], capsys)
            assert code == 0, err
            files.append(out)
    code, lines, _ = _check(capsys, *files)
    assert code == 0, lines
    assert len(lines) == len(files) and all("no problems" in line for line in lines)


def test_real_edgar_exhibits_pass(capsys, tmp_path):
    """Ensure the public EDGAR exhibits kept under tests/fixtures pass under the names they were filed by."""
    files = []
    for name in REAL_EXHIBITS:
        url = SOURCES[name]["url"]
        assert url.startswith("https://www.sec.gov/Archives/edgar/data/"), name
        target = tmp_path / url.rsplit("/", 1)[1]
        shutil.copyfile(PRECEDENTS / f"{name}.htm", target)
        files.append(target)
    files.append(FIXTURES / "exhibit-5.1-cmsi-2001.txt")
    assert len(files) >= 3
    code, lines, _ = _check(capsys, *files)
    assert code == 0, lines


@pytest.mark.parametrize(
    ("text", "section", "says"),
    [
        ("<script>document.write('x')</script>", "5.2.2.1", "<script> is active content"),
        ('<p><img src="http://example.com/logo.gif" alt="logo"></p>', "5.2.2.1", "external image"),
        (
            '<p><a href="https://example.com/opinion.htm">opinion</a></p>',
            "5.2.2.1",
            "a link outside the submission",
        ),
        ('<p onclick="x()">text</p>', "5.2.2.4", "event handler ONCLICK"),
        ("<p><span>text</span></p>", "5.2.2.4", "<span> is not supported"),
        (
            "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>",
            "5.2.2.1",
            "nested",
        ),
        ("<p>&#128512;</p>", "5.2.2.6", "U+1F600"),
        ("<p>caf\u00e9</p>", "5.2.2.6", "written as it is"),
    ],
)
def test_planted_html_faults_are_found(good_htm, capsys, text, section, says):
    """Ensure a fault planted in good EDGAR HTML is the one problem found, with its line and rule."""
    planted = _planted(good_htm, 6, text)
    code, lines, _ = _check(capsys, planted)
    assert code == 1
    assert len(lines) >= 1, lines
    assert all(line.startswith(f"{planted}:6: ") for line in lines), lines
    assert any(says in line and f"Volume II, {section})" in line for line in lines), lines


def test_a_link_within_the_submission_passes(good_htm, capsys):
    """Ensure a link to a document beside the exhibit, or to an EDGAR filing, is accepted."""
    (good_htm.parent / "ex23-1.htm").write_text("<html><body>consent</body></html>")
    planted = _planted(
        good_htm,
        6,
        '<p><a href="ex23-1.htm">Exhibit 23.1</a> <a href="#top">top</a> '
        '<a href="https://www.sec.gov/Archives/edgar/data/1/000000000000000001/ex4-1.htm">4.1</a>'
        "</p>",
    )
    code, lines, _ = _check(capsys, planted)
    assert code == 0, lines


def test_planted_ascii_faults_are_found(good_txt, capsys):
    """Ensure a curly quote and an 81-character line in an ASCII exhibit are found by line and rule."""
    planted = _planted(good_txt, 3, "the \u201cAct\u201d")
    planted = _planted(planted, 5, "x" * 81, name="planted2.txt")
    code, lines, _ = _check(capsys, planted)
    assert code == 1
    assert any(
        line.startswith(f"{planted}:3: column 5: a curly double quote") and "5.2.1.2.1)" in line
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{planted}:5: the line has 81 characters") and "5.2.1.2.1)" in line
        for line in lines
    ), lines
    assert len(lines) == 3  # the two quotes of line 3 and the long line


def test_a_section_sign_in_ascii_asks_to_spell_it_out(good_txt, capsys):
    """Ensure a section sign in an ASCII exhibit is found, asking for the word (Table 5-2)."""
    planted = _planted(good_txt, 2, "under \u00a7 5")
    code, lines, _ = _check(capsys, planted)
    assert code == 1
    assert "spell out 'section'" in lines[0] and "5.2.1.2)" in lines[0]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Exhibit 5.1.htm", "may not contain spaces"),
        ("ex5-1.html", "must end in one of"),
        ("_ex5-1.htm", "must start with a letter"),
        ("exhibit-5-1-legality-opinion-final.htm", "has 38 characters"),
        ("ex5-1(a).htm", "the name holds ( )"),
        ("ex5-1.txt", "an HTML document is named *.htm"),
    ],
)
def test_a_bad_file_name_is_found(good_htm, capsys, name, says):
    """Ensure a name EDGAR refuses is reported, naming the rule (5.1.1, or *.htm for HTML)."""
    target = good_htm.with_name(name)
    shutil.copy(good_htm, target)
    code, lines, _ = _check(capsys, target)
    assert code == 1
    assert any(says in line for line in lines), lines
    assert all(line.startswith(f"{target}: ") for line in lines)


def test_libreoffice_save_as_html_is_caught(tmp_path, sample_path, capsys):
    """Ensure a LibreOffice "Save as HTML" of the same letter is refused, naming what EDGAR refuses."""
    docx = tmp_path / "letter.docx"
    code, _, err = run_cli(["render", sample_path, "--copy", "filing", "-o", docx], capsys)
    assert code == 0, err
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is not installed; .ci/run installs it"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "html",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=False,
        capture_output=True,
        timeout=180,
    )
    saved = tmp_path / "letter.html"
    assert saved.is_file(), "LibreOffice did not save the letter as HTML"
    code, lines, _ = _check(capsys, saved)
    assert code == 1
    text = "\n".join(lines)
    assert "must end in one of" in text  # .html is not an EDGAR extension (5.1.1)
    assert "<!DOCTYPE> is not supported" in text
    assert "HTTP-EQUIV is not allowed on <meta>" in text
    assert "<style> is a style sheet" in text
    assert "U+201C LEFT DOUBLE QUOTATION MARK) is written as it is" in text


def test_json_and_exit_codes(good_htm, tmp_path, capsys):
    """Ensure --json lists problems by file, line and section; an unreadable file exits 2."""
    planted = _planted(good_htm, 6, "<script>x()</script>")
    code, out, _ = run_cli(["edgar-check", "--json", good_htm, planted], capsys)
    assert code == 1
    data = json.loads(out)
    assert data[0] == {"file": str(good_htm), "problems": []}
    assert data[1]["problems"][0]["line"] == 6
    assert data[1]["problems"][0]["section"] == "5.2.2.1"
    code, _, err = run_cli(["edgar-check", tmp_path / "missing.htm"], capsys)
    assert code == 2
    assert err.startswith(f"opiniondesk: {tmp_path / 'missing.htm'}: cannot read")
    code, _, err = run_cli(["edgar-check", tmp_path], capsys)
    assert code == 2 and "is a folder" in err


def test_a_fifo_or_a_device_is_refused_without_reading(tmp_path):
    """Ensure a FIFO or /dev/zero given to edgar-check is refused at once, named, not read."""
    fifo = tmp_path / "ex5-1.htm"
    os.mkfifo(fifo)
    try:
        error = raised_within(check_file, fifo)
    finally:
        try:  # let a reader stuck in open() go
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    assert isinstance(error, OpinionDeskError) and "not a regular file" in str(error)
    assert str(fifo) in str(error)
    link = tmp_path / "zero.htm"
    link.symlink_to("/dev/zero")
    error = raised_within(check_file, link)
    assert isinstance(error, OpinionDeskError) and "not a regular file" in str(error)
