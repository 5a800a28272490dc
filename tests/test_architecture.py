"""The architecture holds: the core and writers know no Qt widgets, and nothing talks to a network."""

import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "opiniondesk"
NETWORK = re.compile(
    r"^\s*(import|from)\s+(socket|urllib|http|requests|httpx|ftplib|smtplib)\b", re.M
)


def test_core_and_writers_never_import_qtwidgets():
    """Ensure no module of the core or the writers imports QtWidgets."""
    for folder in ("core", "writers"):
        for path in (SRC / folder).rglob("*.py"):
            assert "QtWidgets" not in path.read_text(encoding="utf-8"), path


def test_rendering_loads_no_qt_widgets():
    """Ensure rendering a DOCX and text from the CLI path never loads QtWidgets."""
    code = (
        "import sys\n"
        "from opiniondesk import paths\n"
        "from opiniondesk.core.matter import load_matter\n"
        "from opiniondesk.writers.docx import write_docx\n"
        "from opiniondesk.writers.text import write_text\n"
        "letter = load_matter(paths.sample_matter()).render('filing')\n"
        "write_docx(letter); write_text(letter)\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6.QtWidgets')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_no_network_modules():
    """Ensure no module of the program imports a network client."""
    for path in SRC.rglob("*.py"):
        assert not NETWORK.search(path.read_text(encoding="utf-8")), path


def test_every_module_has_a_docstring():
    """Ensure every module starts with a docstring saying what lives there."""
    import ast

    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path} has no module docstring"
