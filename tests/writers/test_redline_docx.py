"""The redline DOCX: real tracked changes that accept to the new letter and reject to the old."""

import datetime as dt
import shutil
import subprocess

import pytest

from conftest import pdf_text
from opiniondesk.core.model import Block, Letter, Text
from opiniondesk.core.redline import compare
from opiniondesk.writers.docx import write_docx
from opiniondesk.writers.redline_docx import write_redline_docx
from redline_helpers import SAMPLES, W, changed_copy, paragraph_texts, parts, resolve


def redline_of(path):
    old, new = changed_copy(path)
    old_letter, new_letter = old.render(), new.render()
    data = write_redline_docx(
        compare(old_letter, new_letter),
        "Ann Reviewer",
        dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC),
    )
    return old_letter, new_letter, data


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_accept_all_gives_new_and_reject_all_gives_old(path):
    """Ensure accepting every change gives the new letter's words and rejecting them the old's."""
    old_letter, new_letter, data = redline_of(path)
    body, header = parts(data)
    new_body, new_header = parts(write_docx(new_letter))
    old_body, old_header = parts(write_docx(old_letter))
    assert body.find(f".//{W}ins") is not None and body.find(f".//{W}delText") is not None
    assert paragraph_texts(resolve(parts(data)[0], True)) == paragraph_texts(new_body)
    assert paragraph_texts(resolve(parts(data)[0], False)) == paragraph_texts(old_body)
    assert paragraph_texts(resolve(header, True)) == paragraph_texts(new_header)
    assert paragraph_texts(resolve(parts(data)[1], False)) == paragraph_texts(old_header)


def test_changes_carry_author_date_and_formatting(sample_path):
    """Ensure insertions, deletions and a formatting change carry author and date, deleted words
    sit in w:delText, and revision ids are unique."""
    _, _, data = redline_of(sample_path)
    body, header = parts(data)
    ins, dels, fmt = (
        body.findall(f".//{W}ins"),
        body.findall(f".//{W}del"),
        body.findall(f".//{W}rPrChange"),
    )
    assert ins and dels and fmt
    for change in ins + dels + fmt:
        assert change.get(W + "author") == "Ann Reviewer"
        assert change.get(W + "date") == "2024-05-01T09:30:00Z"
    assert all(d.find(f".//{W}t") is None and d.find(f".//{W}delText") is not None for d in dels)
    bold = fmt[0].getparent()
    assert bold.find(W + "b") is not None and fmt[0].find(f"{W}rPr/{W}b") is None
    ids = [e.get(W + "id") for e in (body, header) for e in e.iter() if e.get(W + "id")]
    assert len(ids) == len(set(ids))
    assert any("Holdings" in (t.text or "") for i in ins for t in i.iter(W + "t"))


def test_whole_paragraphs_added_and_removed_track_their_marks():
    """Ensure a paragraph added or removed whole has its paragraph mark tracked, and resolves."""
    a = Block("body", (Text("Kept."),), key="body:kept")
    gone = Block("body", (Text("Gone entirely."),), key="body:gone")
    added = Block("opinion", (Text("Added anew."),), number=1, key="opinion:added")
    end = Block("closing", (Text("Very truly yours,"),), key="closing")
    old = Letter([a, gone, end])
    new = Letter([a, added, end])
    data = write_redline_docx(compare(old, new))
    body, _ = parts(data)
    marks = [p.find(f"{W}pPr/{W}rPr") for p in body.iter(W + "p")]
    assert marks[1].find(W + "del") is not None and marks[2].find(W + "ins") is not None
    accepted = paragraph_texts(resolve(parts(data)[0], True))
    rejected = paragraph_texts(resolve(parts(data)[0], False))
    assert accepted == ["Kept.", "1.\tAdded anew.", "Very truly yours,"]
    assert rejected == ["Kept.", "Gone entirely.", "Very truly yours,"]


def test_libreoffice_converts_every_samples_redline(tmp_path):
    """Ensure LibreOffice opens each sample's redline DOCX and prints its old and new words."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is not installed; .ci/run installs it"
    files = []
    for path in SAMPLES:
        _, _, data = redline_of(path)
        target = tmp_path / f"{path.stem}.docx"
        target.write_bytes(data)
        files.append(target)
    out = tmp_path / "pdf"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless"]
        + ["--convert-to", "pdf", "--outdir", str(out)]
        + [str(f) for f in files],
        check=False,
        capture_output=True,
        timeout=300,
    )
    for docx_file in files:
        pdf = out / f"{docx_file.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {docx_file.name}"
        text = " ".join(pdf_text(pdf))
        assert "Holdings" in text and "indeed" in text, docx_file.name
