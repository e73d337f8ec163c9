"""Charts: every type renders, shows the exact figure texts, builds in once and reuses its items."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView

from kiosk.core.figures import parse_figure
from kiosk.core.model import Chart, ChartType, Series, Theme
from ui.approval import assert_matches_approved

APPROVED_SIZE = (1200, 700)
SIZES = [(700, 500), (1200, 700), (2400, 1400), (1000, 800), (900, 1100)]

# Charts of the default bundle, by the card that carries them.
BUNDLE_CHARTS = {
    ChartType.BAR: "rationalisation-proposals",  # 591万件, 34.6万项, 12.4万项, 5.6万项
    ChartType.HBAR: "cultural-palaces",  # 112家, 7家, 11家
    ChartType.COMPARISON: "four-seasons-funds",  # 18.1亿元 vs 1024.4万人次: different units
}


def figures(*texts: str):
    return tuple(parse_figure(text) for text in texts)


INLINE_CHARTS = {
    ChartType.LINE: Chart(
        ChartType.LINE,
        title="职工书屋建设",
        categories=("2013年", "2014年", "2015年", "2016年", "2017年"),
        series=(Series("职工书屋", figures("1200家", "1900家", "2600家", "3400家", "4000多家")),),
        y_title="数量（家）",
        note="测试数据",
    ),
    ChartType.PIE: Chart(
        ChartType.PIE,
        title="职工技术创新成果构成",
        categories=("合理化建议", "技术革新", "先进操作法", "国家专利"),
        series=(Series("职工技术创新", figures("591万件", "34.6万件", "12.4万件", "5.6万件")),),
    ),
    ChartType.DONUT: Chart(
        ChartType.DONUT,
        title="工人文化宫清理整改",
        categories=("开展清理整改", "整改“三无”工人文化宫", "整改收回工人文化宫"),
        series=(Series("工人文化宫", figures("112家", "7家", "11家")),),
    ),
    ChartType.STACKED_BAR: Chart(
        ChartType.STACKED_BAR,
        title="劳动模范和先进工作者",
        categories=("2015年", "2020年"),
        series=(Series("全国劳模", figures("120名", "148名")), Series("省劳模", figures("900名", "994名"))),
        y_title="人数（名）",
    ),
    ChartType.TABLE: Chart(
        ChartType.TABLE,
        title="职工技术创新成果",
        categories=("合理化建议", "技术革新", "先进操作法", "国家专利"),
        series=(
            Series("五年累计", figures("591万件", "34.6万项", "12.4万项", "5.6万项")),
            Series("上一个五年", figures("400余万件", "20万项", "近10万项", "3万项")),
        ),
        note="测试数据",
    ),
}


def bundle_chart(bundle, card_id: str) -> Chart:
    card = bundle.manifest.card(card_id)
    assert card is not None and card.detail is not None and card.detail.chart is not None, card_id
    return card.detail.chart


def chart_of(bundle, kind: ChartType) -> Chart:
    if kind in BUNDLE_CHARTS:
        return bundle_chart(bundle, BUNDLE_CHARTS[kind])
    return INLINE_CHARTS[kind]


def all_charts(bundle) -> list[Chart]:
    """One of each type, and every chart of the default bundle."""
    found = [chart_of(bundle, kind) for kind in ChartType]
    for card in bundle.manifest.cards:
        if card.detail and card.detail.chart and card.detail.chart not in found:
            found.append(card.detail.chart)
    return found


@pytest.fixture
def theme() -> Theme:
    return Theme()


@pytest.fixture
def make_view(qtbot, theme):
    from kiosk.ui.charts import ChartView

    def make(size=(1200, 700)) -> ChartView:
        view = ChartView(theme)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


def laid_out(view) -> None:
    """Let Qt and pyqtgraph finish their layouts (axes resize, then the plot)."""
    for _ in range(4):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def visible_texts(view) -> str:
    return "|".join(view.texts())


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


def test_bar_categories_are_ticks_on_the_x_axis_with_the_kiosk_font(make_view, bundle):
    from kiosk.ui import fonts

    chart = chart_of(bundle, ChartType.BAR)
    view = make_view((1920, 1080))
    view.show_chart(chart, animate=False)
    laid_out(view)
    bottom = view.plot_item.getAxis("bottom")
    assert [label.replace("\n", "") for label in bottom.category_labels] == list(chart.categories)
    font = bottom.style["tickFont"]
    assert fonts.FAMILY in font.families()
    small = make_view((700, 500))
    small.show_chart(chart, animate=False)
    laid_out(small)
    # the tick font follows the widget's size
    assert small.plot_item.getAxis("bottom").style["tickFont"].pixelSize() < font.pixelSize()
    assert chart.y_title in view.texts()  # the axis title carries the unit


def test_hbar_puts_categories_on_the_left(make_view, bundle):
    chart = chart_of(bundle, ChartType.HBAR)
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    left = view.plot_item.getAxis("left")
    assert [label.replace("\n", "") for label in left.category_labels] == list(chart.categories)
    assert view.plot_item.getAxis("bottom").category_labels == []
    # bars run along x from 0, the first category on top
    bars = view.bars()
    assert len(bars) == 3
    assert all(rect.left() == 0 for rect in bars)
    assert bars[0].center().y() > bars[1].center().y() > bars[2].center().y()
    assert [round(rect.width()) for rect in bars] == [112, 7, 11]


def test_value_axis_ticks_are_plain_digits_in_the_common_magnitude(make_view, bundle):
    chart = chart_of(bundle, ChartType.BAR)  # all in 万; the axis title says 万件、万项
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    left = view.plot_item.getAxis("left")
    low, high = left.range
    assert low == 0
    assert 591 <= high < 1000  # counted in 万, not 5,910,000
    strings = left.tickStrings([0.0, 200.0, 400.0], 1.0, 200.0)
    assert strings == ["0", "200", "400"]


def test_tick_format_and_scale():
    from kiosk.ui.charts import format_tick, value_scale

    assert format_tick(2.5, 0.5, "万") == "2.5万"
    assert format_tick(1000000.0, 200000.0, "") == "1000000"
    assert format_tick(0.0, 5.0, "万") == "0"
    mixed = value_scale(figures("5000元", "3万元"), "金额")
    assert (mixed.factor, mixed.suffix) == (10_000.0, "万")
    titled = value_scale(figures("5万元", "30万元"), "资助金额（万元）")
    assert (titled.factor, titled.suffix) == (10_000.0, "")


def test_wrap_never_starts_a_line_with_closing_punctuation(qapp):
    from PySide6.QtGui import QFontMetricsF

    from kiosk.ui import fonts
    from kiosk.ui.charts import wrap_text

    metrics = QFontMetricsF(fonts.font(20))
    lines = wrap_text("户外劳动者“爱心驿站”，整改“三无”工人文化宫", metrics, 70)
    assert "".join(lines) == "户外劳动者“爱心驿站”，整改“三无”工人文化宫"
    assert len(lines) > 1
    assert not any(line[0] in "，。、”）" for line in lines[1:])
    assert not any(line[-1] in "“（" for line in lines)


def test_stacked_bar_has_a_legend_and_stacks(make_view):
    chart = INLINE_CHARTS[ChartType.STACKED_BAR]
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    assert "全国劳模" in view.texts() and "省劳模" in view.texts()
    bars = view.bars()
    assert len(bars) == 4
    national_2015, national_2020, provincial_2015, provincial_2020 = bars  # y grows upwards
    assert provincial_2015.top() == pytest.approx(national_2015.bottom()) == pytest.approx(120)
    assert provincial_2020.top() == pytest.approx(national_2020.bottom()) == pytest.approx(148)
    assert provincial_2020.height() == pytest.approx(994)


def test_pie_has_a_legend_and_labels_with_category_and_figure(make_view):
    chart = INLINE_CHARTS[ChartType.PIE]
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    shown = view.texts()
    for category, figure in zip(chart.categories, chart.series[0].values, strict=True):
        assert shown.count(category) >= 2  # legend and label
        assert figure.text() in shown
    assert view.plot_item is None  # no axes on a pie


def test_table_is_read_only_with_exact_cells(make_view):
    chart = INLINE_CHARTS[ChartType.TABLE]
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    table = view.current_page.findChild(QAbstractItemView)
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
    assert table.rowCount() == 4 and table.columnCount() == 2
    assert table.item(3, 1).text() == "3万项"
    assert table.item(2, 1).text() == "近10万项"
    assert table.verticalHeaderItem(0).text() == "合理化建议"
    assert table.horizontalHeaderItem(1).text() == "上一个五年"
    assert not table.item(0, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert not table.item(0, 0).flags() & Qt.ItemFlag.ItemIsSelectable


# ---------------------------------------------------------------- comparison


def test_comparison_with_different_units_has_no_shared_axis_and_no_bars(make_view, bundle):
    chart = bundle_chart(bundle, "four-seasons-funds")
    units = {f.unit for s in chart.series for f in s.values}
    assert units == {"元", "人次"}
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    assert view.bars() == []
    assert view.plot_item is None
    import pyqtgraph as pg

    for graphics in view.graphics_views():
        if graphics.isVisibleTo(view):
            assert not [i for i in graphics.scene().items() if isinstance(i, pg.AxisItem) and i.isVisible()]
    shown = view.texts()
    assert "18.1亿元" in shown and "1024.4万人次" in shown
    assert "筹集发放资金" in shown and "帮扶、慰问、服务职工" in shown


@pytest.mark.parametrize(
    ("card_id", "ratio"),
    [("mama-rooms", 2520 / 1000), ("supporting-documents", 11 / 33), ("skills-contests", 400 / 27)],
)
def test_comparison_with_one_unit_draws_proportional_bars(make_view, bundle, card_id, ratio):
    chart = bundle_chart(bundle, card_id)
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    bars = view.bars()
    assert len(bars) == 2
    assert bars[0].height() / bars[1].height() == pytest.approx(ratio, rel=0.01)
    assert bars[0].bottom() == pytest.approx(bars[1].bottom())  # one baseline
    for figure in chart.series[0].values:
        assert figure.text() in view.texts()


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
    assert start == [0, 0, 0, 0]  # the bars grow from nothing
    assert final == pytest.approx([591, 34.6, 12.4, 5.6])
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


def test_set_theme_recolours_the_current_chart(make_view, bundle):
    view = make_view()
    view.show_chart(chart_of(bundle, ChartType.BAR), animate=False)
    laid_out(view)
    green = Theme(background="#0B3D2E", background_deep="#06251C", surface="#11553F", gold="#E8D28A")
    view.set_theme(green)
    import pyqtgraph as pg

    items = view.plot_item.getViewBox().childGroup.childItems()
    brushes = [i.opts["brush"].color().name() for i in items if isinstance(i, pg.BarGraphItem) and i.isVisible()]
    assert brushes == [QColor("#E8D28A").name()]
    assert view.theme == green


# ---------------------------------------------------------------- colours


def test_fill_colours_stand_out_from_the_background(theme):
    from kiosk.ui.charts import contrast, series_colours

    colours = series_colours(theme, 6)
    assert colours[0] == QColor(theme.gold)
    for colour in colours:
        for ground in (theme.background, theme.background_deep, theme.surface):
            assert contrast(colour, QColor(ground)) >= 3.0, (colour.name(), ground)
    assert contrast(QColor(theme.text), QColor(theme.background)) >= 4.5


# ---------------------------------------------------------------- interaction


@pytest.mark.parametrize("kind", [ChartType.BAR, ChartType.PIE], ids=["plot", "canvas"])
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


# ---------------------------------------------------------------- the module boundary


def test_only_charts_imports_pyqtgraph():
    root = Path(__file__).resolve().parents[2] / "kiosk"
    importers = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+pyqtgraph", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert importers == ["ui/charts.py"]


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
