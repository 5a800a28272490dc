"""Test helpers for the EDGAR copies: the samples' filing letters, and their pages read back."""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from opiniondesk.core.matter import load_matter
from opiniondesk.pages import layout_letter, page_setup

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.opinion"))


def filing_letter(path):
    """Return the filing copy's letter of a matter file, rendered now (never remembered text)."""
    return load_matter(path).render("filing")


def layout_page_texts(letter):
    """Return the body text of each page the printed letter has (no continuation headers).

    A line the layout broke after a hyphen or dash joins the next without a space, as the word
    it was.
    """
    out = []
    for page in layout_letter(letter, page_setup()):
        text = ""
        for line in page.body_lines():
            joined = text.endswith(("-", "\u2013", "\u2014"))
            text += ("" if joined or not text else "\n") + line.text()
        out.append(text)
    return out


class _PageSplitter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pages = [[]]
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        style = dict(attrs).get("style") or ""
        if "page-break-before:always" in style.replace(" ", ""):
            self.pages.append([])
        if tag in ("br", "p", "td", "tr", "table"):
            self.pages[-1].append("\n")

    def handle_data(self, data):
        if "title" not in self.tags[-1:]:
            self.pages[-1].append(data)

    def handle_endtag(self, tag):
        if self.tags and self.tags[-1] == tag:
            self.tags.pop()
        if tag in ("p", "td"):
            self.pages[-1].append("\n")


def html_page_texts(html):
    """Return the text of each page of an EDGAR HTML document, split where a page break stands."""
    splitter = _PageSplitter()
    splitter.feed(html)
    splitter.close()
    return ["".join(page) for page in splitter.pages]


def ascii_page_texts(text, header_lines):
    """Return ([text of each page], [continuation header of each later page]) of an EDGAR ASCII
    document, split at its <PAGE> tags."""
    pages = re.split(r"(?m)^<PAGE>\s*$", text)
    bodies, headers = [pages[0]], []
    for page in pages[1:]:
        lines = [line for line in page.splitlines() if line.strip()]
        headers.append(lines[:header_lines])
        bodies.append("\n".join(lines[header_lines:]))
    return bodies, headers


def qt_plain_text(html):
    """Return the text a Qt QTextDocument reads from an HTML document."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def libreoffice_pdfs(files, tmp_path):
    """Convert documents to PDF with LibreOffice in one run; return {file: pdf}, each checked."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is not installed; .ci/run installs it"
    outdir = tmp_path / "lo-out"
    outdir.mkdir(exist_ok=True)
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=False,
        capture_output=True,
        timeout=300,
    )
    out = {}
    for file in files:
        pdf = outdir / (Path(file).stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {file}"
        out[file] = pdf
    return out
