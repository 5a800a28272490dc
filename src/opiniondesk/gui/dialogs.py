"""The window's own dialogs: the template picker and the list of facts a filing copy still lacks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..core.templates import Template, TemplateLibrary

MSG_MISSING_INTRO = (
    "A filing copy cannot be made while these facts are missing ({count}). Click one to fill it in."
)


DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the text under an item's title
ITEM_MARGIN = 6  # pixels around an item's title and description


class TitledItemDelegate(QStyledItemDelegate):
    """Draws a list item as a bold title with its description under it, wrapped to the width."""

    def title_font(self, option: QStyleOptionViewItem) -> QFont:
        """Return the title's font: the list's own, bold."""
        font = QFont(option.font)
        font.setBold(True)
        return font

    def _rects(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[QRect, QRect]:
        width = max(10, option.rect.width() - 2 * ITEM_MARGIN)
        flags = int(Qt.TextFlag.TextWordWrap)
        title = QFontMetrics(self.title_font(option)).boundingRect(
            QRect(0, 0, width, 100_000), flags, str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        )
        description = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, width, 100_000), flags, str(index.data(DESCRIPTION_ROLE) or "")
        )
        left, top = option.rect.left() + ITEM_MARGIN, option.rect.top() + ITEM_MARGIN
        title_rect = QRect(left, top, width, title.height())
        return title_rect, QRect(left, title_rect.bottom() + 3, width, description.height())

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Return the height of the title and the wrapped description at the list's width."""
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        view = option.widget
        if view is not None:
            option.rect = QRect(0, 0, view.viewport().width(), 0)  # type: ignore[attr-defined]
        title, description = self._rects(option, index)  # type: ignore[arg-type]
        return QSize(option.rect.width(), description.bottom() + ITEM_MARGIN + 1)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Paint the item's ground as the style does, then its title and description."""
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        title_text, option.text = option.text, ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        title, description = self._rects(option, index)  # type: ignore[arg-type]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.save()
        painter.setPen(
            foreground.color()
            if foreground is not None and not selected
            else option.palette.color(role)
        )
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        painter.setFont(self.title_font(option))
        painter.drawText(title, flags, title_text)
        painter.setFont(option.font)
        painter.drawText(description, flags, str(index.data(DESCRIPTION_ROLE) or ""))
        painter.restore()


class TemplatePicker(QDialog):
    """A list of templates: each one's name as a title, its description under it; broken ones
    with their error."""

    def __init__(self, library: TemplateLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New matter from template")
        self.resize(560, 420)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(False)
        self.list.setItemDelegate(TitledItemDelegate(self.list))
        for tmpl in library.templates():
            title, description = self._item_texts(tmpl)
            item = QListWidgetItem(title)
            item.setData(DESCRIPTION_ROLE, description)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}. {description}")
            item.setToolTip(description)
            item.setData(Qt.ItemDataRole.UserRole, tmpl.id)
            if not tmpl.ok:
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled
                )
                item.setForeground(QColor("#8a1f11"))
            self.list.addItem(item)
        first_ok = next(
            (
                i
                for i in range(self.list.count())
                if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
            ),
            None,
        )
        if first_ok is not None:
            self.list.setCurrentRow(first_ok)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the letter template for the new matter:"))
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)

    @staticmethod
    def _item_texts(tmpl: Template) -> tuple[str, str]:
        """Return an item's title (the template's name) and the text under it."""
        if not tmpl.ok:
            return f"{tmpl.name or tmpl.id}: cannot be used", str(tmpl.error)
        forms = f" (Form {', '.join(tmpl.forms)})" if tmpl.forms else ""
        return f"{tmpl.name}{forms}", f"{tmpl.description}\nVersion {tmpl.version}".strip()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        """Wrap the descriptions again at the new width."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.list.doItemsLayout()

    def selected_id(self) -> str | None:
        """Return the chosen template's id."""
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def select(self, template_id: str) -> None:
        """Select a template by id."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == template_id:
                self.list.setCurrentRow(i)


class MissingFactsDialog(QDialog):
    """Why a filing copy was refused: each missing fact, clickable to its field."""

    fact_chosen = Signal(str)

    def __init__(self, missing: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Facts missing for the filing copy")
        self.list = QListWidget(self)
        for fact, label in missing:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, fact)
            item.setToolTip("Go to this fact")
            self.list.addItem(item)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(MSG_MISSING_INTRO.format(count=len(missing)))
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def facts(self) -> list[str]:
        """Return the fact ids listed."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        self.fact_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
