"""The Checks panel: opinion-check findings grouped by severity; activating one names its paragraph."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.checks import SEVERITIES, Finding

GROUP_TITLES = {
    "error": "Errors ({count})",
    "warning": "Warnings ({count})",
    "info": "Notes ({count})",
}
SUMMARY_NONE = "No findings: nothing an examiner would object to."
COUNTS = {
    "error": ("{count} error", "{count} errors"),
    "warning": ("{count} warning", "{count} warnings"),
    "info": ("{count} note", "{count} notes"),
}
SUMMARY_SEPARATOR = ", "
ITEM_TEXT = "{rule} \u00b7 {where}: {message}"
DETAIL = "<b>{rule}</b>, {where}: {message}<br><b>Fix:</b> {fix}<br><b>Source:</b> {source}"
DETAIL_OPENING = "<br><b>Paragraph:</b> \u201c{opening}\u201d"
_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
FINDING_ROLE = Qt.ItemDataRole.UserRole
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 1


class ChecksPanel(QWidget):
    """The findings of the opinion checks, errors first; click or Enter on one to go to its paragraph.

    `finding_activated(block)` carries the index of the paragraph in `Letter.blocks`; findings about
    the letter as a whole (no paragraph) do not emit it.
    """

    finding_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self.summary = QLabel(SUMMARY_NONE)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAccessibleName("Opinion checks")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        self.tree.itemClicked.connect(self._activate)
        self.tree.itemActivated.connect(self._activate)
        self.tree.currentItemChanged.connect(self._show_detail)

    def findings(self) -> list[Finding]:
        """Return the findings shown, in the order shown."""
        return list(self._findings)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show new findings (the preview re-rendered), grouped by severity, keeping the selection."""
        current = self.tree.currentItem()
        kept = current.data(0, FINDING_ROLE) if current is not None else None
        order = {s: n for n, s in enumerate(SEVERITIES)}
        self._findings = sorted(
            findings,
            key=lambda f: (
                order.get(f.severity, len(order)),
                f.block if f.block is not None else -1,
            ),
        )
        self.tree.clear()
        restore: QTreeWidgetItem | None = None
        for severity in SEVERITIES:
            group = [f for f in self._findings if f.severity == severity]
            if not group:
                continue
            header = QTreeWidgetItem([GROUP_TITLES[severity].format(count=len(group))])
            header.setIcon(0, self.style().standardIcon(_ICONS[severity]))
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(header)
            for f in group:
                item = QTreeWidgetItem([self.item_text(f)])
                item.setData(0, FINDING_ROLE, f)
                item.setData(0, BLOCK_ROLE, -1 if f.block is None else f.block)
                item.setToolTip(0, f"{f.fix} ({f.source})")
                header.addChild(item)
                if f == kept:
                    restore = item
            header.setExpanded(True)
        self.summary.setText(self.summary_text(self._findings))
        if restore is not None:
            self.tree.setCurrentItem(restore)
        else:
            self.detail.clear()

    @staticmethod
    def summary_text(findings: Sequence[Finding]) -> str:
        """Return the count of findings by severity ("1 error, 2 warnings"), or that there are none."""
        if not findings:
            return SUMMARY_NONE
        parts = []
        for severity in SEVERITIES:
            count = sum(1 for f in findings if f.severity == severity)
            if count:
                one, many = COUNTS[severity]
                parts.append((one if count == 1 else many).format(count=count))
        return SUMMARY_SEPARATOR.join(parts)

    @staticmethod
    def item_text(f: Finding) -> str:
        """Return how one finding reads in the list: its rule, where it stands (as `opiniondesk
        check` names it), and its message."""
        return ITEM_TEXT.format(rule=f.rule_id, where=f.place, message=f.message)

    def item_for(self, finding: Finding) -> QTreeWidgetItem | None:
        """Return the list item showing a finding."""
        for n in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(n)
            for m in range(header.childCount()):
                item = header.child(m)
                if item.data(0, FINDING_ROLE) == finding:
                    return item
        return None

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        block = item.data(0, BLOCK_ROLE)
        if isinstance(block, int) and block >= 0:
            self.finding_activated.emit(block)

    def _show_detail(
        self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None
    ) -> None:
        f = item.data(0, FINDING_ROLE) if item is not None else None
        if not isinstance(f, Finding):
            self.detail.clear()
            return
        text = DETAIL.format(
            rule=escape(f.rule_id),
            where=escape(f.place),
            message=escape(f.message),
            fix=escape(f.fix),
            source=escape(f.source),
        )
        if f.opening:
            text += DETAIL_OPENING.format(opening=escape(f.opening))
        self.detail.setText(text)
