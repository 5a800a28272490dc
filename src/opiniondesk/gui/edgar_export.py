"""File > Export for EDGAR...: the filing copy as EDGAR takes it, named as EDGAR requires.

The copy is the filing copy, refused as any filing copy is (missing facts, opinion-check errors
without a written reason); a fact EDGAR cannot carry or a name EDGAR would refuse is named before
anything is written; the register of signed copies records what was exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from ..core.errors import OpinionDeskError
from .errors import show_error

if TYPE_CHECKING:
    from .outputs import Outputs

TITLE = "Export for EDGAR"
HTML_FILTER = "EDGAR HTML document (*.htm)"
TEXT_FILTER = "EDGAR ASCII document (*.txt)"
CANNOT = "Cannot export for EDGAR"
EXPORTED = "Exported {file} for EDGAR"
NOT_RECORDED = (
    "{file} was not kept: an EDGAR copy is kept only with its record, and it was not recorded: "
    "{error}"
)


def _chosen_format(path: Path, selected: str) -> str:
    if path.suffix.lower() == ".txt" or (not path.suffix and selected == TEXT_FILTER):
        return "edgar-txt"
    return "edgar"


def export_for_edgar(outputs: Outputs) -> bool:
    """Ask for a name (ex5-1.htm by default), write the EDGAR copy and record it; False if not."""
    from ..commands.edgar_check import name_problems
    from ..writers import write_letter
    from ..writers.edgar import EXTENSIONS, default_name, refuse_uncarried
    from .errors import error_text

    window = outputs.window
    made = outputs.make_letter("filing", checks=False)
    if made is None or window.doc is None:
        return False
    letter = made[0]
    try:
        refuse_uncarried(letter, "edgar")  # before asking for any override reason
    except OpinionDeskError as exc:
        show_error(window, CANNOT, exc)
        return False
    allowed, override = outputs.checks_allow(letter, "filing")
    if not allowed:
        return False
    doc = window.doc
    folder = doc.path.parent if doc.path else Path.home()
    name, selected = QFileDialog.getSaveFileName(
        window, TITLE, str(folder / default_name(letter, "edgar")), f"{HTML_FILTER};;{TEXT_FILTER}"
    )
    if not name:
        return False
    path = Path(name)
    fmt = _chosen_format(path, selected)
    if not path.suffix:
        path = path.with_name(path.name + EXTENSIONS[fmt])
    problems = name_problems(path.name, fmt)
    if problems:
        show_error(window, CANNOT, OpinionDeskError(problems))
        return False
    from ..register import record_filing_copy, write_signed_copy

    try:
        data = write_letter(letter, fmt, window.letterhead)  # laid out on it, as the CLI does
    except OpinionDeskError as exc:  # the letterhead cannot be read, among others
        show_error(window, CANNOT, exc)
        return False
    try:
        write_signed_copy(  # the copy takes its name only once the register holds its record
            path,
            data,
            lambda: record_filing_copy(
                doc.matter,
                data,
                fmt,
                str(path.resolve()),
                override,
                overridden_rules=outputs.overridden_rules if override else None,
            ),
        )
    except OpinionDeskError as exc:
        show_error(window, CANNOT, NOT_RECORDED.format(file=path, error=error_text(exc)))
        return False
    except OSError as exc:
        show_error(window, CANNOT, f"{path}: cannot write: {exc.strerror or exc}")
        return False
    window.statusBar().showMessage(EXPORTED.format(file=path), 5000)
    return True
