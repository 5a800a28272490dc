"""Shared test set-up: offscreen Qt, a private user folder, an in-memory keychain, LibreOffice."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

import shutil
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from memory_keyring import MemoryKeyring  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = ROOT / "resources" / "samples" / "cmsi-2001.opinion"


@pytest.fixture(scope="session")
def qapp_cls():
    """Use the application class `opiniondesk` itself runs (pytest-qt makes it)."""
    from opiniondesk.gui.app import DeskApplication

    return DeskApplication


@pytest.fixture(autouse=True, scope="session")
def qt_application(qapp):
    """Ensure the one Qt application is a QApplication (widgets need it), made before any other."""
    return qapp


@pytest.fixture(autouse=True)
def user_home(tmp_path_factory, monkeypatch):
    """Ensure no test touches the real user's folders: OPINIONDESK_HOME points at a temporary one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("OPINIONDESK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def memory_keyring():
    """Ensure every test has an in-memory keychain that refuses secrets Windows would refuse."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def german_time_locale(tmp_path, monkeypatch):
    """Set the time locale to German, as Qt sets it from a German user's environment
    (setlocale(LC_ALL, "") when the application starts); skip where it cannot be built."""
    import datetime as dt
    import locale

    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.skip("localedef is not installed")
    folder = tmp_path / "locales"
    folder.mkdir()
    subprocess.run(
        [localedef, "-i", "de_DE", "-f", "UTF-8", str(folder / "de_DE.UTF-8")],
        capture_output=True,
        check=False,
    )
    monkeypatch.setenv("LOCPATH", str(folder))
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("no German locale could be built (the locales package is missing)")
    try:
        assert dt.date(2025, 3, 3).strftime("%B") == "M\u00e4rz"
        yield
    finally:
        locale.setlocale(locale.LC_TIME, before)


@pytest.fixture
def sample_path():
    """Return the built-in sample matter's path."""
    return SAMPLE


@pytest.fixture
def reference_text():
    """Return the reference letter's text (the test's own copy)."""
    return (FIXTURES / "exhibit-5.1-cmsi-2001.txt").read_text(encoding="utf-8")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def libreoffice(tmp_path):
    """Return a function converting a DOCX to PDF with LibreOffice and returning the PDF path."""
    exe = _soffice()
    if exe is None:
        pytest.fail("LibreOffice (soffice) is not installed; .ci/run installs it")

    def convert(docx: Path) -> Path:
        profile = tmp_path / f"lo-profile-{docx.stem}"
        outdir = tmp_path / f"lo-out-{docx.stem}"
        outdir.mkdir(exist_ok=True)
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(docx),
            ],
            check=False,
            capture_output=True,
            timeout=180,
        )
        pdf = outdir / (docx.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {docx}"
        return pdf

    return convert


def pdf_text(pdf: Path, layout: bool = False) -> list[str]:
    """Return each page's text of a PDF (pdftotext), one string per page."""
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages
