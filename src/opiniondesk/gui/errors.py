"""Error dialogs: the core's message, worded for counsel, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.errors import OpinionDeskError


def error_text(exc: BaseException) -> str:
    """Return the message shown for an error: one line per problem of an OpinionDeskError."""
    if isinstance(exc, OpinionDeskError):
        return "\n".join(str(p) for p in exc.problems)
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}".strip(": ")
    from ..logs import log_exception

    where = log_exception(exc)
    return f"Something went wrong ({type(exc).__name__}: {exc}). Details are in {where}."


def show_error(parent: QWidget | None, title: str, exc: BaseException | str) -> None:
    """Show an error in a dialog with the core's message."""
    text = exc if isinstance(exc, str) else error_text(exc)
    QMessageBox.critical(parent, title, text)
