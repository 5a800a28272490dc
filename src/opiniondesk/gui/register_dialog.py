"""Help > Signed copies: the register of signed copies, listed, with its hash chain verified."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OpinionDeskError
from ..register import RegisterCheck, SignedCopyRegister, copy_of, link_columns

COLUMNS = (
    ("seq", "No."),
    ("time", "Time"),
    ("user", "User"),
    ("signer_name", "Signer"),
    ("signer_profile", "Profile"),
    ("matter", "Matter"),
    ("format", "Made"),
    ("output", "Output"),
    ("override", "Override reason"),
    ("output_sha256", "Output SHA-256"),
    ("facts_sha256", "Facts SHA-256"),
    ("copy", "Copy"),
    ("signed_original", "Signed original"),  # for an EDGAR filing copy (see register.link_columns)
    ("keep_until", "Keep until"),
)
BAD_ROW = QColor(255, 205, 205)
RECORDED_AT = "Recorded {stored} (kept in UTC)"


def local_time(stored: str) -> str:
    """Return a record's time (kept in UTC, ISO 8601) in this computer's time zone, named."""
    try:
        when = dt.datetime.fromisoformat(stored)
    except ValueError:
        return stored  # shown as kept: the chain check says if the record was changed
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    local = when.astimezone()
    zone = local.tzname() or local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {zone}"


DAMAGED = "(damaged line {num})"
REPAIRED = "register repaired"
REPAIR_NOTE = "a record cut short ({count} bytes) was removed by the next append"


class RegisterDialog(QDialog):
    """Lists every signed-copy record and verifies the chain, pointing at the first bad record."""

    def __init__(
        self, register: SignedCopyRegister | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Signed Copies")
        self.resize(900, 420)
        self.register = register or SignedCopyRegister()
        self.path_label = QLabel(f"Register: {self.register.path}")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([label for _, label in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.verify_button = QPushButton("&Verify Again")
        self.verify_button.clicked.connect(self.reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.verify_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path_label)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.check: RegisterCheck | None = None
        self.reload()

    def reload(self) -> RegisterCheck | None:
        """Read the register again, list its records and verify the chain."""
        try:
            records = self.register.records()
            self.check = self.register.verify()
        except OpinionDeskError as exc:
            self.table.setRowCount(0)
            self.check = None
            self.status.setText(str(exc))
            self.status.setStyleSheet("color: #a00000; font-weight: bold;")
            return None
        self.table.setRowCount(len(records))
        links = link_columns(records)
        for row, record in enumerate(records):
            for col, (key, _) in enumerate(COLUMNS):
                if "damaged" in record:
                    value = DAMAGED.format(num=record["damaged"]) if col == 0 else ""
                elif copy_of(record) == "repair" and key in ("copy", "matter"):
                    value = (
                        REPAIRED
                        if key == "copy"
                        else REPAIR_NOTE.format(count=record.get("removed_bytes", "?"))
                    )
                elif key in ("copy", "signed_original", "keep_until"):
                    value = copy_of(record) if key == "copy" else None
                    value = value or links.get(record.get("seq"), {}).get(key)  # type: ignore[arg-type]
                    value = "" if value is None else str(value)
                else:
                    value = record.get(key)
                    value = "" if value is None else str(value)
                tip = value
                if key == "time" and value:
                    value, tip = local_time(value), RECORDED_AT.format(stored=value)
                item = QTableWidgetItem(value)
                item.setToolTip(tip)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        # A failed check comes first: a deleted or emptied register has no records but is not fine.
        if not self.check.ok:
            self.status.setText(self.check.message())
            self.status.setStyleSheet("color: #a00000; font-weight: bold;")
            bad = (self.check.bad_record or 1) - 1
            if bad < self.table.rowCount():
                for col in range(self.table.columnCount()):
                    item = self.table.item(bad, col)
                    if item is not None:
                        item.setBackground(QBrush(BAD_ROW))
                self.table.selectRow(bad)
                self.table.scrollToItem(self.table.item(bad, 0))
        elif not records:
            self.status.setText("No signed copies have been made on this computer yet.")
            self.status.setStyleSheet("")
        else:
            self.status.setText(self.check.message())
            self.status.setStyleSheet("")
        return self.check


def show_signed_copies(
    parent: QWidget | None = None, register: SignedCopyRegister | None = None
) -> None:
    """Open the signed-copies dialog, modal."""
    RegisterDialog(register, parent).exec()
