"""Shared set-up for the drafting-window tests: the window on the sample, a template with every fact
type, dialog stand-ins."""

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from opiniondesk.core.templates import TemplateLibrary

ALL_TYPES_TOML = """
[template]
name = "Every fact type"
description = "A test template with one fact of each type."
version = "2.0"

[[group]]
id = "first"
label = "First things"

[[group]]
id = "second"
label = "Second things"

[[fact]]
id = "name"
label = "Name"
group = "first"
help = "The name, as typed."

[[fact]]
id = "address"
label = "Address"
type = "multiline"
group = "first"

[[fact]]
id = "closing_date"
label = "Closing date"
type = "date"
required = false
group = "first"

[[fact]]
id = "amount"
label = "Amount"
type = "money"
group = "second"

[[fact]]
id = "count"
label = "Count"
type = "number"
required = false
group = "second"

[[fact]]
id = "form"
label = "Form"
type = "choice"
choices = ["S-1", "S-3"]
default = "S-3"
group = "second"

[[fact]]
id = "parties"
label = "Parties"
type = "list"
required = false
group = "second"
fields = [{ id = "who", label = "Who" }, { id = "role", label = "Role", required = false }]

[[fact]]
id = "consent"
label = "Give consent"
type = "yesno"
required = false
default = true
group = "second"
"""

ALL_TYPES_LETTER = """<letter>
<header><line>{{ name }}</line><line>Page <page/></line></header>
<date>{{ letter_date|date }}</date>
<address><line>{{ name }}</line><line>{{ address|lines }}</line></address>
<body>Amount {{ amount|money("full") }} on Form {{ form }}{% if count %}, {{ count|number }} units{% endif %}{% if closing_date %}, closing {{ closing_date|date }}{% endif %}.</body>
{% for p in parties %}<body>Party {{ p.who }}{% if p.role %} as {{ p.role }}{% endif %}.</body>{% endfor %}
{% if consent %}<body>I consent.</body>{% endif %}
<closing>Very truly yours,</closing>
<signature>{{ signer.conformed }}</signature>
<signer>{{ signer.name }}</signer>
</letter>
"""


def make_library(root: Path, broken: bool = False) -> TemplateLibrary:
    """Return a library holding the every-type template (and a broken one when asked)."""
    folder = root / "every-type"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text(ALL_TYPES_TOML, encoding="utf-8")
    (folder / "letter.xml.j2").write_text(ALL_TYPES_LETTER, encoding="utf-8")
    if broken:
        bad = root / "broken-one"
        bad.mkdir(exist_ok=True)
        (bad / "template.toml").write_text("[template\nname = 1", encoding="utf-8")
        (bad / "letter.xml.j2").write_text("<letter/>", encoding="utf-8")
    return TemplateLibrary(builtin=root)


@pytest.fixture
def every_type_library(tmp_path):
    return make_library(tmp_path / "templates")


class Dialogs:
    """Records the message boxes shown and answers file dialogs, so no test blocks."""

    def __init__(self, monkeypatch):
        self.shown = []
        self.answers = []
        self.save_names = []
        self.open_names = []
        mp = monkeypatch

        def box(kind):
            def show(parent, title, text, *args, **kwargs):
                self.shown.append((kind, title, text))
                if self.answers:
                    return self.answers.pop(0)
                return QMessageBox.StandardButton.Ok

            return show

        for kind in ("critical", "warning", "question", "information"):
            mp.setattr(QMessageBox, kind, staticmethod(box(kind)))
        mp.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(
                lambda *a, **k: (self.save_names.pop(0), "") if self.save_names else ("", "")
            ),
        )
        mp.setattr(
            QFileDialog,
            "getOpenFileName",
            staticmethod(
                lambda *a, **k: (self.open_names.pop(0), "") if self.open_names else ("", "")
            ),
        )


@pytest.fixture
def dialogs(monkeypatch):
    return Dialogs(monkeypatch)


def sample_window(qtbot):
    """Return a drafting window open on the built-in sample, shown on screen."""
    from opiniondesk.gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_sample()
    win.show()
    qtbot.waitExposed(win)
    return win


def print_dialog_answering(monkeypatch, target: Path | None):
    """Replace the print dialog by the real one answered at once: print to a PDF file, or cancel.

    Returns the dialogs opened, so a test can look at the options they offered.
    """
    from opiniondesk.gui import printing

    opened = []

    class AnsweredPrintDialog(QPrintDialog):
        def exec(self):
            opened.append(self)
            self.kept_printer = self.printer()  # the caller's printer outlives its function
            if target is None:
                return QDialog.DialogCode.Rejected
            self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer().setOutputFileName(str(target))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing, "QPrintDialog", AnsweredPrintDialog)
    return opened


def press_preview_print_button() -> None:
    """Once the print preview dialog is up, press its Print button.

    Should the preview print by itself (its own, real print dialog), a guard cancels that dialog
    after a few seconds, so a regression fails instead of hanging.
    """
    from opiniondesk.gui import printing

    def press(tries=150):
        dialog = QApplication.activeModalWidget()
        action = printing.preview_print_action(dialog) if dialog is not None else None
        if action is None:
            if tries:  # the preview is not up yet
                QTimer.singleShot(20, lambda: press(tries - 1))
            return
        action.trigger()

    def guard():
        dialog = QApplication.activeModalWidget()
        if type(dialog) is QPrintDialog:  # only Qt's own: the tests' dialogs answer at once
            dialog.reject()

    QTimer.singleShot(0, press)
    QTimer.singleShot(3000, guard)
