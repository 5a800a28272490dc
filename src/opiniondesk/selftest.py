"""`opiniondesk --self-test`: prove a build works, headless, without touching the user's data."""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError, PasswordSetError

CONFORMED = "/s/ John R. Dye"  # the built-in sample's signer, as the filing copy conforms it
WINDOWS_SECRET_LIMIT = 2560  # bytes of UTF-16 Windows Credential Manager keeps per secret


class SelfTestKeyring(KeyringBackend):
    """An in-memory keychain for the self-test, refusing secrets Windows would refuse.

    It never becomes anyone's default keychain: keyring only picks viable backends, and this one
    reports itself unviable; the self-test installs it explicitly and puts the old one back.
    """

    @properties.classproperty
    def priority(cls) -> float:
        """Refuse to be chosen automatically (keyring treats a raising priority as not viable)."""
        raise RuntimeError("the self-test keychain is only installed by the self-test")

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        """Keep a secret, refusing one larger than Windows allows."""
        if len(password.encode("utf-16-le")) > WINDOWS_SECRET_LIMIT:
            raise PasswordSetError("secret larger than 2,560 bytes of UTF-16")
        self.secrets[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        """Return a secret, or None."""
        return self.secrets.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        """Forget a secret."""
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such secret") from None


class StepFailed(Exception):
    """A step's check did not hold; the message says what was wrong."""


@dataclass
class SelfTest:
    """The steps' shared state: what earlier steps made, and which steps failed."""

    out: TextIO
    keychain: SelfTestKeyring = field(default_factory=SelfTestKeyring)
    made: dict[str, Any] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)

    def need(self, key: str) -> Any:
        """Return what an earlier step made, or fail this step naming what is missing."""
        if key not in self.made:
            raise StepFailed(f"needs {key}, which an earlier step did not make")
        return self.made[key]

    def run(self, name: str, step: Callable[[SelfTest], str | None]) -> None:
        """Run one step and print one line: "ok   NAME (12 ms)" or "FAIL NAME: why"."""
        start = time.perf_counter()
        try:
            note = step(self)
        except Exception as exc:  # noqa: BLE001 - every failure is reported as this step's failure
            self.failed.append(name)
            if isinstance(exc, StepFailed):
                reason = str(exc)
            elif isinstance(exc, ModuleNotFoundError) and (exc.name or "").startswith(
                "opiniondesk"
            ):
                reason = f"{exc.name} is missing from this build"
            else:
                reason = f"{type(exc).__name__}: {exc}"
                traceback.print_exception(exc, file=sys.stderr)  # for whoever reads the build log
            print(f"FAIL {name}: {reason}", file=self.out, flush=True)
            return
        ms = (time.perf_counter() - start) * 1000
        detail = f", {note}" if note else ""
        print(f"ok   {name} ({ms:.0f} ms{detail})", file=self.out, flush=True)


# The steps, in order. Each imports its own piece, so a piece missing from a build fails its step.


def step_sample(t: SelfTest) -> str:
    """Load the built-in sample matter and its template."""
    from . import paths
    from .core.matter import load_matter

    matter = load_matter(paths.sample_matter())
    t.made["matter"] = matter
    return f"template {matter.template_id}"


def step_filing_docx(t: SelfTest) -> str:
    """Render the filing copy to DOCX and reopen it with python-docx."""
    import docx

    from .writers.docx import write_docx

    matter = t.need("matter")
    letter = matter.render("filing")
    data = write_docx(letter)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    if CONFORMED not in text:
        raise StepFailed(f"the reopened DOCX lacks the conformed signature {CONFORMED!r}")
    t.made["filing letter"] = letter
    return f"{len(data):,} bytes, {len(document.paragraphs)} paragraphs"


def step_docx_defaults(t: SelfTest) -> None:
    """Open python-docx's own default template and give it a header (its bundled data files)."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "OpinionDesk"
    document.add_paragraph("self-test")
    document.save(io.BytesIO())


def step_text(t: SelfTest) -> None:
    """Render the filing copy as plain text."""
    from .writers.text import write_text

    text = write_text(t.need("filing letter"))
    if CONFORMED not in text:
        raise StepFailed(f"the text copy lacks {CONFORMED!r}")


def step_gui_application(t: SelfTest) -> str:
    """Start Qt with widgets (offscreen unless a platform was asked for), as the window needs."""
    from PySide6.QtWidgets import QApplication

    from .logs import route_qt_messages
    from .pages import ensure_gui_application

    route_qt_messages()
    if QApplication.instance() is None:
        QApplication(["opiniondesk"])
    app = ensure_gui_application()
    if not isinstance(app, QApplication):
        raise StepFailed("Qt started without widgets (a QGuiApplication was already running)")
    return f"platform {app.platformName()}"


def step_preview(t: SelfTest) -> str:
    """Lay out the filing copy's preview pages and paint the first one."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    from .pages import layout_letter, paint_page, paint_page_background

    pages = layout_letter(t.need("filing letter"))
    if not pages:
        raise StepFailed("the preview laid out no pages")
    if CONFORMED not in pages[-1].text():
        raise StepFailed(f"the last preview page lacks {CONFORMED!r}")
    page = pages[0]
    scale = 96 / 72  # a screen's pixels per point
    image = QImage(
        round(page.width * scale), round(page.height * scale), QImage.Format.Format_RGB32
    )
    image.fill(Qt.GlobalColor.gray)
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint_page_background(painter, page)
    paint_page(painter, page)
    painter.end()
    ink = _ink_rows(image)
    if ink < 20:
        raise StepFailed(f"the first page painted only {ink} rows of text (fonts missing?)")
    return f"{len(pages)} pages, {ink} inked rows on page 1"


def _ink_rows(image: object) -> int:
    """Return how many pixel rows of a painted page hold dark (text) pixels."""
    from PySide6.QtGui import QImage

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)  # type: ignore[attr-defined]
    width = gray.width()
    return sum(1 for y in range(gray.height()) if min(bytes(gray.constScanLine(y))[:width]) < 128)


def step_window(t: SelfTest) -> str:
    """Open the drafting window on the sample, let its preview render, and close it again."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from .gui.main_window import MainWindow

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise StepFailed("Qt has no widgets application to open the window in")
    dialogs: list[str] = []

    def dismiss_dialogs() -> None:
        """Close any dialog that pops up: nobody is there to answer it, and it is a failure."""
        for widget in app.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                dialogs.append(widget.windowTitle() or type(widget).__name__)
                widget.reject()

    guard = QTimer()
    guard.setInterval(200)
    guard.timeout.connect(dismiss_dialogs)
    guard.start()
    window = MainWindow()
    try:
        if not window.open_sample():
            raise StepFailed("the window did not open the sample")
        window.show()
        window.preview.render_now()
        app.processEvents()
        pages = len(window.preview.pages)
        if not pages:
            raise StepFailed("the window's preview shows no pages")
        if window.grab().isNull():
            raise StepFailed("the window did not paint")
        dismiss_dialogs()
    finally:
        window.close()
        guard.stop()
        window.deleteLater()
        app.processEvents()
    if dialogs:
        raise StepFailed(f"a dialog appeared: {dialogs[0]}")
    return f"{pages} pages in the preview"


def draw_signature() -> bytes:
    """Return a PNG of a drawn signature (a pen stroke, no font needed)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
    from PySide6.QtGui import QImage, QPainter, QPainterPath, QPen

    image = QImage(600, 180, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    path = QPainterPath(QPointF(20, 120))
    path.cubicTo(QPointF(60, 10), QPointF(110, 170), QPointF(150, 90))
    path.cubicTo(QPointF(190, 20), QPointF(230, 150), QPointF(280, 80))
    path.cubicTo(QPointF(330, 20), QPointF(360, 160), QPointF(420, 100))
    path.cubicTo(QPointF(470, 50), QPointF(520, 130), QPointF(580, 70))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(Qt.GlobalColor.darkBlue, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawPath(path)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise StepFailed("Qt could not write a PNG (image format plugins missing?)")
    buffer.close()
    return bytes(data.data())


def step_signature(t: SelfTest) -> str:
    """Draw a signature image and read it back."""
    from PySide6.QtGui import QImage

    png = draw_signature()
    back = QImage.fromData(png, "PNG")
    if back.isNull() or back.width() != 600:
        raise StepFailed("the drawn signature does not read back as a 600-pixel-wide PNG")
    t.made["signature"] = png
    return f"{len(png):,} bytes"


def step_signer_profile(t: SelfTest) -> str:
    """Keep the signature in a signer profile (encrypted, key in the keychain) and take it back."""
    from .signers import SignerProfile, SignerStore, signature_image_for_render

    matter = t.need("matter")
    store = SignerStore(backend=t.keychain)  # the temporary data folder, the self-test keychain
    if not store.images_available:
        raise StepFailed(str(store.images_unavailable_reason))
    name = matter.signer.get("name") or "John R. Dye"
    profile = SignerProfile(id="self-test", display_name=name, full_name=name)
    store.save(profile)
    store.set_image(profile.id, t.need("signature"))
    image = signature_image_for_render(profile.id, matter, store)
    if not image or not t.keychain.secrets:
        raise StepFailed("the signature did not come back from the profile store")
    t.made["stored signature"] = image
    return f"{len(image):,} bytes after trimming"


def step_signed_pdf(t: SelfTest) -> str:
    """Write the signed copy as a PDF carrying the signature image."""
    from .writers.pdf import write_pdf

    letter = t.need("matter").render("signed", signature_image=t.need("stored signature"))
    data = write_pdf(letter)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise StepFailed("the output is not a complete PDF")
    if b"/Image" not in data:
        raise StepFailed("the signed PDF carries no image (the signature is missing)")
    pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") + data.count(b"/Type/Page")
    t.made["signed letter"] = letter
    return f"{len(data):,} bytes" + (f", {pages} pages" if pages else "")


def step_checks(t: SelfTest) -> str:
    """Run the opinion checks on the sample: every rule runs, and none finds an error."""
    from .core.checks import RULES, errors_of, run_checks

    if not RULES:
        raise StepFailed("no opinion-check rules are registered")
    matter = t.need("matter")
    findings = run_checks(matter, t.need("filing letter"), matter.template())
    errors = errors_of(findings)
    if errors:
        raise StepFailed(
            f"{len(errors)} opinion-check errors on the sample, first: {errors[0].text}"
        )
    return f"{len(RULES)} rules, {len(findings)} findings, no errors"


def step_system_keychain(t: SelfTest) -> str:
    """On Windows and macOS, check the bundle can reach the system keychain (nothing is written)."""
    from keyring.backend import get_all_keyring

    usable = sorted(
        type(k).__module__ + "." + type(k).__name__
        for k in get_all_keyring()
        if not isinstance(k, SelfTestKeyring)
        and type(k).__module__.split(".")[-1] not in ("fail", "null", "chainer")
    )
    if sys.platform in ("win32", "darwin") and not usable:
        raise StepFailed("no keychain backend loads: signature images would be unavailable")
    if not usable:
        return "none here (optional on Linux: signature images then stay unavailable)"
    return ", ".join(usable)


STEPS: list[tuple[str, Callable[[SelfTest], str | None]]] = [
    ("find the system keychain", step_system_keychain),
    ("load the built-in sample", step_sample),
    ("render filing DOCX", step_filing_docx),
    ("python-docx default template", step_docx_defaults),
    ("render filing text", step_text),
    ("start Qt", step_gui_application),
    ("lay out preview pages", step_preview),
    ("open the window", step_window),
    ("draw a signature image", step_signature),
    ("keep it in a signer profile", step_signer_profile),
    ("write signed PDF", step_signed_pdf),
    ("run opinion checks", step_checks),
]


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step with a temporary data folder and keychain; return 0 only if all worked."""
    import keyring.core

    from . import __version__

    out = out or sys.stdout
    saved_env = {k: os.environ.get(k) for k in ("OPINIONDESK_HOME", "QT_QPA_PLATFORM")}
    home = tempfile.mkdtemp(prefix="opiniondesk-selftest-")
    os.environ["OPINIONDESK_HOME"] = home
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    test = SelfTest(out)
    previous_keyring = keyring.core._keyring_backend  # None if keyring has not chosen one yet
    keyring.set_keyring(test.keychain)
    print(f"OpinionDesk {__version__} self-test ({_where()})", file=out, flush=True)
    try:
        for name, step in STEPS:
            test.run(name, step)
    finally:
        keyring.core._keyring_backend = previous_keyring  # as it was, chosen or not
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(home, ignore_errors=True)
    if test.failed:
        print(f"self-test FAILED: {', '.join(test.failed)}", file=out, flush=True)
        return 1
    print(f"self-test passed: {len(STEPS)} steps", file=out, flush=True)
    return 0


def _where() -> str:
    """Return where this OpinionDesk runs from: a frozen bundle, or Python."""
    if getattr(sys, "frozen", False):
        return f"bundle {os.path.dirname(sys.executable)}"
    return f"Python {sys.version.split()[0]}"
