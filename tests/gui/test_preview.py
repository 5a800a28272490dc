"""Tests for the preview widget: injected render function, debounce, errors, zoom, scroll position."""

import pytest
from PySide6.QtCore import QPoint, Qt

from opiniondesk import paths
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.gui.preview import DEBOUNCE_MS, PreviewWidget
from opiniondesk.pages import layout_letter


class Renderer:
    """A synchronous render function over the sample, counting its calls."""

    def __init__(self):
        self.matter = load_matter(paths.sample_matter())
        self.calls = 0
        self.fail = None

    def __call__(self):
        self.calls += 1
        if self.fail:
            raise OpinionDeskError(self.fail, "fact 'x'")
        return layout_letter(self.matter.render("draft"))


@pytest.fixture
def preview(qtbot):
    renderer = Renderer()
    widget = PreviewWidget(renderer)
    widget.resize(700, 500)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.render_now()
    return widget, renderer


def test_debounce_renders_once_after_typing_stops(preview, qtbot):
    """Ensure a burst of requests renders once, within the 150 ms debounce."""
    widget, renderer = preview
    assert DEBOUNCE_MS <= 150
    calls = renderer.calls
    for _ in range(5):
        widget.request_render()
    assert renderer.calls == calls
    with qtbot.waitSignal(widget.rendered, timeout=1000):
        pass
    assert renderer.calls == calls + 1


def test_render_error_keeps_pages_and_shows_message(preview):
    """Ensure a render error shows its message over the last good pages."""
    widget, renderer = preview
    pages = widget.pages
    renderer.fail = "is not an amount"
    widget.render_now()
    assert widget.pages is pages and widget.banner.isVisible()
    assert "is not an amount" in widget.banner.text()
    renderer.fail = None
    widget.render_now()
    assert not widget.banner.isVisible()


def test_zoom_steps_and_fit_width(preview):
    """Ensure zoom in and out step the scale and fit width fills the view."""
    widget, _ = preview
    widget.set_zoom(1.0)
    base = widget.scale()
    widget.zoom_in()
    assert widget.scale() > base
    widget.zoom_out()
    widget.zoom_out()
    assert widget.scale() < base
    widget.set_fit_width()
    rect = widget._page_rects()[0]
    assert rect.width() == pytest.approx(widget.viewport().width() - 32, abs=1)


def test_scroll_position_is_kept_across_renders(preview):
    """Ensure re-rendering does not move the view."""
    widget, renderer = preview
    widget.set_zoom(1.5)
    bar = widget.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    renderer.matter.facts["registrant_short_name"] = "CMS"
    widget.render_now()
    assert bar.value() == before


def test_click_on_a_fact_emits_its_id(preview, qtbot):
    """Ensure clicking a fact's text in the page reports the fact."""
    widget, _ = preview
    page_rect = widget._page_rects()[0]
    rect = widget.pages[0].fact_rects("registrant_name")[0]
    s = widget.scale()
    pos = QPoint(
        int(page_rect.left() + rect.center().x() * s), int(page_rect.top() + rect.center().y() * s)
    )
    with qtbot.waitSignal(widget.fact_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == ["registrant_name"]
