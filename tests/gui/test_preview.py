"""Tests for the preview widget: injected render function, debounce, errors, zoom, scroll position."""

import pytest
from PySide6.QtCore import QPoint, Qt

from opiniondesk import paths
from opiniondesk.core.errors import OpinionDeskError
from opiniondesk.core.matter import load_matter
from opiniondesk.gui.preview import BANNER_STYLE, DEBOUNCE_MS, PreviewWidget
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
    assert widget.banner.styleSheet() == BANNER_STYLE  # styled as it first shows
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


def _on_screen(widget):
    """Return what the screen shows of the widget (the backing store, not a fresh paint)."""
    window = widget.window().windowHandle()
    return window.screen().grabWindow(widget.window().winId()).toImage()


@pytest.mark.parametrize(
    "fact, value",
    [
        ("registrant_short_name", "ACME Mortgage"),  # most paragraphs re-wrap
        ("registrant_name", "Acme Mortgage Securities, Inc."),  # a few lines
        ("agreement_name", ""),  # a value becomes a highlighted placeholder
    ],
)
def test_an_edit_repaints_only_what_changed_and_leaves_no_trace(preview, qtbot, fact, value):
    """Ensure repainting the lines an edit changed shows exactly what a full repaint shows."""
    widget, renderer = preview
    painted = []
    original = widget.viewport().repaint

    def record(*args):
        painted.append(args)
        original(*args)

    widget.viewport().repaint = record
    assert fact in renderer.matter.facts
    if value:
        renderer.matter.facts[fact] = value
    else:
        del renderer.matter.facts[fact]
    widget.render_now()
    assert painted and painted[0], "the edit repainted the whole view, not the changed lines"
    after_edit = _on_screen(widget)
    widget.viewport().repaint = original
    widget.viewport().repaint()
    assert _on_screen(widget) == after_edit


def test_unchanged_pages_have_no_changed_bands(preview):
    """Ensure a render with the same facts changes no line, and one edit only the lines it touches."""
    from opiniondesk.pages import changed_bands

    widget, renderer = preview
    before = widget.pages
    again = renderer()
    assert all(changed_bands(a, b) == [] for a, b in zip(before, again))
    renderer.matter.facts["registrant_name"] = "Acme Mortgage Securities, Inc."
    edited = renderer()
    bands = [changed_bands(a, b) for a, b in zip(before, edited)]

    def in_bands(line, page_bands):
        return any(b0 <= line.y < b1 for b0, b1 in page_bands)

    changed = [ln for p, pb in zip(edited, bands) for ln in p.lines if in_bands(ln, pb)]
    acme = [ln for p, pb in zip(edited, bands) for ln in p.lines if "Acme" in ln.text()]
    assert acme and all(
        in_bands(ln, pb) for p, pb in zip(edited, bands) for ln in p.lines if ln in acme
    )
    assert len(changed) < sum(len(p.lines) for p in edited) / 2
