"""Shared set-up for the drafting-window tests: a template with every fact type, dialog stand-ins."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

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
