"""The chart view: every type renders as approved, shows the exact figure texts, builds in once and reuses its pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QWheelEvent

from kiosk.core.model import Chart, ChartType
from ui.approval import assert_matches_approved
from ui.charts.samples import APPROVED_SIZE, SIZES, all_charts, chart_of, laid_out

# ---------------------------------------------------------------- pictures


@pytest.mark.parametrize("kind", list(ChartType), ids=[k.value for k in ChartType])
def test_chart_matches_approved_image(bundle, theme, kind):
    from kiosk.ui.charts import render_chart_image

    image = render_chart_image(chart_of(bundle, kind), theme, *APPROVED_SIZE)
    assert_matches_approved(image, f"chart-{kind.value}-{APPROVED_SIZE[0]}x{APPROVED_SIZE[1]}")


@pytest.mark.parametrize(("width", "height"), [(640, 480), (1920, 1080), (900, 1100)])
def test_render_chart_image_has_the_requested_size(bundle, theme, width, height):
    from kiosk.ui.charts import render_chart_image

    image = render_chart_image(chart_of(bundle, ChartType.BAR), theme, width, height)
    assert (image.width(), image.height()) == (width, height)
    assert not image.isNull()
    # the page's red gradient, not a blank or white image
    corner = image.pixelColor(2, 2)
    assert corner.red() > corner.green() * 2


# ---------------------------------------------------------------- pages


def test_every_chart_type_has_a_page_and_pages_are_shared(make_view, bundle):
    from kiosk.ui.charts.view import PAGES

    assert set(PAGES) == set(ChartType)
    view = make_view()
    pages = {}
    for kind in ChartType:
        view.show_chart(chart_of(bundle, kind), animate=False)
        pages.setdefault(PAGES[kind], view.current_page)
        assert view.current_page is pages[PAGES[kind]]  # one page per page class, made once
    assert len({id(page) for page in pages.values()}) == len(set(PAGES.values()))


def test_no_page_is_built_before_its_first_chart(make_view, bundle):
    view = make_view()
    assert view.graphics_views() == [] and view.current_page is None
    view.show_chart(chart_of(bundle, ChartType.TABLE), animate=False)
    assert view.graphics_views() == []  # a table needs no pyqtgraph view
    view.show_chart(chart_of(bundle, ChartType.BAR), animate=False)
    assert len(view.graphics_views()) == 1


# ---------------------------------------------------------------- texts


@pytest.mark.parametrize("kind", list(ChartType), ids=[k.value for k in ChartType])
def test_categories_and_exact_figure_texts_are_shown(make_view, bundle, kind):
    chart = chart_of(bundle, kind)
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    shown = view.texts()
    joined = "|".join(shown)
    for category in chart.categories:
        assert category in joined, category
    for series in chart.series:
        for figure in series.values:
            assert figure.text() in shown, f"{figure.text()} not shown exactly: {shown}"
    if chart.title:
        assert chart.title in shown
    if chart.note:
        assert chart.note in shown


# ---------------------------------------------------------------- animation


def test_build_in_animation_grows_the_bars_then_stops(make_view, bundle, qtbot):
    view = make_view()
    chart = chart_of(bundle, ChartType.BAR)
    with qtbot.waitSignal(view.built, timeout=3000):
        view.show_chart(chart)
        assert view.animating
        start = [rect.height() for rect in view.bars()]
    final = [rect.height() for rect in view.bars()]
    assert not view.animating
    assert start == [0, 0, 0]  # the bars grow from nothing
    assert final == pytest.approx([34.6, 12.4, 5.6])
    assert not [t for t in view.findChildren(QTimer) if t.isActive()]


def test_settle_jumps_to_the_end_and_emits_built(make_view, bundle, qtbot):
    view = make_view()
    view.show_chart(chart_of(bundle, ChartType.PIE))
    assert view.animating
    with qtbot.waitSignal(view.built, timeout=100):
        view.settle()
    assert not view.animating
    assert not [t for t in view.findChildren(QTimer) if t.isActive()]
    # settling twice is harmless and emits nothing more
    with qtbot.assertNotEmitted(view.built):
        view.settle()


def test_show_without_animation_emits_built_at_once(make_view, bundle, qtbot):
    view = make_view()
    with qtbot.waitSignal(view.built, timeout=100):
        view.show_chart(chart_of(bundle, ChartType.TABLE), animate=False)
    assert not view.animating


def test_a_new_chart_mid_animation_restarts_cleanly(make_view, bundle, qtbot):
    view = make_view()
    view.show_chart(chart_of(bundle, ChartType.BAR))
    qtbot.wait(50)
    with qtbot.waitSignal(view.built, timeout=3000):
        view.show_chart(chart_of(bundle, ChartType.HBAR))
    assert [round(r.width()) for r in view.bars()] == [112, 7, 11]


STEPS = 30


def build_in(view, chart: Chart) -> list[tuple[list[str], object]]:
    """The texts shown and the value range at ``STEPS`` points of the build-in, shown right after ``show_chart``."""
    view.show_chart(chart)
    animation = view.findChild(QVariantAnimation, "chart_build_in")
    assert animation.state() == QVariantAnimation.State.Running
    animation.pause()
    frames = []
    for k in range(STEPS + 1):
        animation.setCurrentTime(round(animation.duration() * k / STEPS))
        plot = view.plot_item
        frames.append((view.texts(), plot.getViewBox().viewRange() if plot is not None else None))
    return frames


def test_labels_during_the_build_in_are_the_final_figure_texts(make_view, bundle):
    view = make_view()
    for chart in all_charts(bundle):
        frames = build_in(view, chart)
        view.settle()
        final = view.texts()
        figures = {f.text() for series in chart.series for f in series.values}
        assert figures <= set(final), chart.title  # the settled chart shows every figure
        for k, (texts, _) in enumerate(frames):
            assert set(texts) <= set(final), (chart.title, k)


def test_the_value_axis_does_not_move_during_the_build_in(make_view, bundle):
    """Its tick labels stay put: only the bars grow."""
    view = make_view()
    for chart in all_charts(bundle):
        frames = build_in(view, chart)
        view.settle()
        ranges = {repr(value_range) for _, value_range in frames}
        assert len(ranges) == 1, chart.title


# ---------------------------------------------------------------- reuse


def test_item_pools_stay_bounded_over_repeated_show_chart(make_view, bundle):
    charts = all_charts(bundle)
    view = make_view((800, 500))
    for chart in charts:  # every page and pool made once
        view.show_chart(chart)
        view.settle()
    laid_out(view)
    baseline = view.scene_item_count()
    views = view.graphics_views()
    for i in range(300):
        view.show_chart(charts[i % len(charts)])
        view.settle()
        if i % 50 == 0:
            laid_out(view)
    laid_out(view)
    assert view.graphics_views() == views  # no new plots
    assert view.scene_item_count() <= baseline
    assert baseline < 400


# ---------------------------------------------------------------- interaction


@pytest.mark.parametrize(
    "kind", [ChartType.BAR, ChartType.PIE, ChartType.COMPARISON], ids=["plot", "pie", "comparison"]
)
def test_no_pan_zoom_or_menu(make_view, bundle, kind):
    import pyqtgraph as pg

    view = make_view()
    view.show_chart(chart_of(bundle, kind), animate=False)
    laid_out(view)
    (graphics,) = [g for g in view.graphics_views() if g.isVisibleTo(view)]
    boxes = [i for i in graphics.scene().items() if isinstance(i, pg.ViewBox)]
    assert boxes
    for box in boxes:
        assert box.state["mouseEnabled"] == [False, False]
        assert not box.menuEnabled()
    if view.plot_item is not None:
        assert view.plot_item.buttonsHidden
        assert not view.plot_item.autoBtn.isVisible()
    assert graphics.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert graphics.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    before = [box.viewRange() for box in boxes]
    centre = QPointF(graphics.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(graphics.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 720),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QCoreApplication.sendEvent(graphics.viewport(), wheel)
    assert [box.viewRange() for box in boxes] == before


# ---------------------------------------------------------------- sizes


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_labels_stay_inside_the_plot_at_every_size(make_view, bundle, width, height):
    import pyqtgraph as pg

    view = make_view((width, height))
    for kind in ChartType:
        if kind is ChartType.TABLE:
            continue
        view.show_chart(chart_of(bundle, kind), animate=False)
        laid_out(view)
        (graphics,) = [g for g in view.graphics_views() if g.isVisibleTo(view)]
        visible = graphics.mapToScene(graphics.viewport().rect()).boundingRect().adjusted(-1, -1, 1, 1)
        for item in graphics.scene().items():
            if isinstance(item, pg.TextItem) and item.isVisible() and item.toPlainText():
                rect = item.sceneBoundingRect()
                assert visible.contains(rect), f"{kind}: {item.toPlainText()!r} at {rect} outside {visible}"


def test_inside_a_page_the_chart_is_transparent_over_the_parent(qtbot, bundle, theme):
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from kiosk.ui.charts import ChartView

    class Page(QWidget):
        def paintEvent(self, event):
            painter = QPainter(self)
            painter.fillRect(self.rect(), QColor("#123456"))
            painter.end()

    page = Page()
    qtbot.addWidget(page)
    view = ChartView(theme, page)
    QVBoxLayout(page).addWidget(view)
    assert not view.paints_background
    page.resize(800, 500)
    page.show()
    qtbot.waitExposed(page)
    view.show_chart(chart_of(bundle, ChartType.BAR), animate=False)
    laid_out(view)
    image = page.grab().toImage()
    assert image.pixelColor(3, 3) == QColor("#123456")
    assert image.pixelColor(image.width() - 3, image.height() // 2) == QColor("#123456")
