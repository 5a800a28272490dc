"""The live preview: the letter drawn as pages by `opiniondesk.pages`, re-rendered on a short debounce."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget

from ..core.errors import OpinionDeskError
from ..pages import Band, Page, changed_bands, paint_page, paint_page_background

DEBOUNCE_MS = 120
PAGE_GAP = 16  # pixels between pages and around them
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
DESK_COLOR = QColor(128, 132, 138)
# Set when the banner first shows: the first style sheet in a window builds Qt's style-sheet
# machinery, about 10 ms that start-up need not spend on a banner it seldom shows.
BANNER_STYLE = "background: #fff3f0; color: #8a1f11; border: 1px solid #c00000; padding: 6px;"

RenderFunction = Callable[[], list[Page]]


class PreviewWidget(QAbstractScrollArea):
    """Pages of the letter, zoomable; clicking a fact's text asks for its field."""

    fact_clicked = Signal(str)  # a fact id whose value or placeholder was clicked
    rendered = Signal()  # new pages are shown
    painted = Signal()  # a paint has finished
    render_failed = Signal(str)  # the letter cannot be drawn; the message says why

    def __init__(self, render: RenderFunction | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here, not Qt's own: PySide meets Qt's as an unknown widget and builds
        # every widget class to find its type, about 15 ms of start-up.
        self.setViewport(QWidget(self))
        self.render_function = render
        self.pages: list[Page] = []
        self.zoom = 1.0
        self.fit_width = True
        self.highlight_fact: str | None = None
        self.highlight_block: int | None = None
        self.error: str | None = None
        # Drawn over each page once painted (a redline's marks, edited paragraphs' margin marks),
        # given the bands repainted.
        self.overlay: Callable[[QPainter, Page, list[Band] | None], None] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)
        self.banner = QLabel(self.viewport())
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.viewport().setMouseTracking(True)
        self.setMinimumWidth(200)

    # ---- rendering --------------------------------------------------------------------------

    def set_render_function(self, render: RenderFunction | None) -> None:
        """Use another render function (a new matter) and draw at once."""
        self.render_function = render
        self.render_now()

    def request_render(self) -> None:
        """Re-render after typing pauses (a single-shot debounce timer)."""
        self.timer.start()

    def render_now(self) -> None:
        """Render and repaint at once; a bad input keeps the last pages and shows why."""
        self.timer.stop()
        if self.render_function is None:
            self.pages = []
            self._update_geometry()
            self.viewport().update()
            return
        try:
            pages = self.render_function()
        except OpinionDeskError as exc:
            self.error = "\n".join(str(p) for p in exc.problems)
            self._show_banner()
            self.render_failed.emit(self.error)
            return
        self.error = None
        self._show_banner()
        old, self.pages = self.pages, pages
        self._update_geometry()
        self._update_changed(old, pages)
        self.rendered.emit()

    def _update_changed(self, old: list[Page], new: list[Page]) -> None:
        """Repaint the lines that changed (all of it if the pages did), now: counsel are typing,
        and waiting for the window's next frame would only add to the time the letter lags."""
        if len(old) != len(new) or any(
            (a.width, a.height) != (b.width, b.height) for a, b in zip(old, new)
        ):
            self.viewport().repaint()
            return
        s = self.scale()
        dx = self.horizontalScrollBar().value()
        dy = self.verticalScrollBar().value()
        region = QRegion()
        for rect, a, b in zip(self._page_rects(), old, new):
            for top, bottom in changed_bands(a, b):
                region += QRect(
                    int(rect.left() - dx) - 1,
                    int(rect.top() + top * s - dy) - 1,
                    int(rect.width()) + 3,
                    int((bottom - top) * s) + 3,
                )
        if not region.isEmpty():
            self.viewport().repaint(region)

    def _show_banner(self) -> None:
        if self.error:
            if not self.banner.styleSheet():
                self.banner.setStyleSheet(BANNER_STYLE)
            self.banner.setText(self.error)
            width = max(100, self.viewport().width() - 2 * PAGE_GAP)
            self.banner.setFixedWidth(width)
            self.banner.setFixedHeight(self.banner.heightForWidth(width))
            self.banner.move(PAGE_GAP, PAGE_GAP // 2)
            self.banner.show()
            self.banner.raise_()
        else:
            self.banner.hide()

    def text(self) -> str:
        """Return the text of the pages shown, pages separated by form feeds."""
        return "\f".join(p.text() for p in self.pages)

    # ---- zoom and geometry ------------------------------------------------------------------

    def scale(self) -> float:
        """Return pixels per point at the current zoom."""
        if self.fit_width and self.pages:
            avail = self.viewport().width() - 2 * PAGE_GAP
            return max(0.2, avail / self.pages[0].width)
        return self.zoom * self.logicalDpiX() / 72.0

    def set_zoom(self, zoom: float) -> None:
        """Show pages at a zoom factor (1.0 is actual size), keeping the view's centre."""
        old = self._center_fraction()
        self.fit_width = False
        self.zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], zoom))
        self._update_geometry()
        self._restore_center(old)
        self.viewport().update()

    def current_zoom(self) -> float:
        """Return the effective zoom factor (fit width included)."""
        return self.scale() * 72.0 / self.logicalDpiX()

    def zoom_in(self) -> None:
        """Zoom to the next step up."""
        z = self.current_zoom()
        self.set_zoom(next((s for s in ZOOM_STEPS if s > z + 0.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        """Zoom to the next step down."""
        z = self.current_zoom()
        self.set_zoom(next((s for s in reversed(ZOOM_STEPS) if s < z - 0.01), ZOOM_STEPS[0]))

    def set_fit_width(self, on: bool = True) -> None:
        """Scale pages to the width of the view."""
        self.fit_width = on
        self._update_geometry()
        self.viewport().update()

    def _page_rects(self) -> list[QRectF]:
        s = self.scale()
        rects = []
        y = PAGE_GAP
        content_w = max((p.width for p in self.pages), default=612) * s + 2 * PAGE_GAP
        x_off = max(0.0, (self.viewport().width() - content_w) / 2)
        for p in self.pages:
            rects.append(QRectF(x_off + PAGE_GAP, y, p.width * s, p.height * s))
            y += p.height * s + PAGE_GAP
        return rects

    def _content_size(self) -> tuple[float, float]:
        s = self.scale()
        w = max((p.width for p in self.pages), default=612) * s + 2 * PAGE_GAP
        h = sum(p.height * s + PAGE_GAP for p in self.pages) + PAGE_GAP
        return w, h

    def _update_geometry(self) -> None:
        w, h = self._content_size()
        vw, vh = self.viewport().width(), self.viewport().height()
        self.horizontalScrollBar().setRange(0, max(0, int(w - vw)))
        self.horizontalScrollBar().setPageStep(vw)
        self.verticalScrollBar().setRange(0, max(0, int(h - vh)))
        self.verticalScrollBar().setPageStep(vh)
        self.verticalScrollBar().setSingleStep(40)

    def _center_fraction(self) -> float:
        _, h = self._content_size()
        return (self.verticalScrollBar().value() + self.viewport().height() / 2) / max(1.0, h)

    def _restore_center(self, fraction: float) -> None:
        _, h = self._content_size()
        self.verticalScrollBar().setValue(int(fraction * h - self.viewport().height() / 2))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the pages fitted and the scroll range right."""
        super().resizeEvent(event)
        self._update_geometry()
        self._show_banner()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        """Ctrl+wheel zooms; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    # ---- highlights and clicks --------------------------------------------------------------

    def set_highlight(self, fact: str | None = None, block: int | None = None) -> None:
        """Highlight where a fact's value stands (and optionally a block), scrolling it into view."""
        self.highlight_fact = fact
        self.highlight_block = block
        if fact:
            self.scroll_to_fact(fact)
        elif block is not None:
            self.scroll_to_block(block)
        self.viewport().update()

    def scroll_to_block(self, block: int) -> None:
        """Scroll so the paragraph's first line is in view (a finding of the checks was chosen)."""
        s = self.scale()
        for rect, page in zip(self._page_rects(), self.pages):
            lines = [line for line in page.lines if line.block == block]
            if lines:
                top = rect.top() + lines[0].y * s
                self.verticalScrollBar().setValue(int(top - self.viewport().height() / 4))
                return

    def scroll_to_fact(self, fact: str) -> None:
        """Scroll so the first place the fact stands is visible."""
        s = self.scale()
        for rect, page in zip(self._page_rects(), self.pages):
            found = page.fact_rects(fact)
            if found:
                top = rect.top() + found[0].top() * s
                bar = self.verticalScrollBar()
                if not (bar.value() <= top <= bar.value() + self.viewport().height() - 40):
                    bar.setValue(int(top - self.viewport().height() / 3))
                return

    def page_point(self, pos: QPointF) -> tuple[int, QPointF] | None:
        """Return the page index and the point on it (points) under a viewport position."""
        s = self.scale()
        x = pos.x() + self.horizontalScrollBar().value()
        y = pos.y() + self.verticalScrollBar().value()
        for n, rect in enumerate(self._page_rects()):
            if rect.contains(QPointF(x, y)):
                return n, QPointF((x - rect.left()) / s, (y - rect.top()) / s)
        return None

    def fact_at(self, pos: QPointF) -> str | None:
        """Return the fact whose text stands under a viewport position, if any."""
        hit = self.page_point(pos)
        if hit is None:
            return None
        n, point = hit
        frag = self.pages[n].fragment_at(point.x(), point.y())
        return frag.fact if frag is not None else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Clicking a placeholder or a fact's value asks for its field."""
        fact = self.fact_at(event.position())
        if fact and event.button() == Qt.MouseButton.LeftButton:
            self.fact_clicked.emit(fact)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Show a pointing hand over a fact's text."""
        fact = self.fact_at(event.position())
        self.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if fact else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        """Repaint on scrolling."""
        self.viewport().update()

    # ---- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Paint the visible pages on a grey desk."""
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), DESK_COLOR)
        s = self.scale()
        dx = self.horizontalScrollBar().value()
        dy = self.verticalScrollBar().value()
        visible = QRectF(event.rect()).translated(dx, dy)
        strips = [QRectF(r).translated(dx, dy) for r in event.region()]
        for rect, page in zip(self._page_rects(), self.pages):
            if not rect.intersects(visible):
                continue
            # Only the lines inside the area to repaint (after an edit, the lines it changed).
            bands = [
                ((r.top() - rect.top()) / s, (r.bottom() - rect.top()) / s)
                for r in strips
                if r.intersects(rect)
            ]
            painter.save()
            painter.translate(rect.left() - dx, rect.top() - dy)
            painter.fillRect(QRectF(2, 2, rect.width(), rect.height()), QColor(0, 0, 0, 60))
            painter.scale(s, s)
            paint_page_background(painter, page)
            paint_page(
                painter,
                page,
                highlight_fact=self.highlight_fact,
                highlight_block=self.highlight_block,
                bands=bands,
            )
            if self.overlay is not None:
                self.overlay(painter, page, bands)
            painter.restore()
        painter.end()
        self.painted.emit()
