"""Bar, hbar, stacked and line charts: bars measured from the page's own data, zero labels left out on request."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from kiosk.core.model import Chart, ChartType, Series, Theme
from ui.charts.samples import INLINE_CHARTS, chart_of, figures, laid_out

QUIET_HOURS = Chart(
    ChartType.BAR,
    title="每小时触摸次数",
    categories=tuple(f"{hour}时" for hour in range(6)),
    series=(Series("触摸", figures("0次", "3次", "0次", "0次", "5次", "0次")),),
    y_title="触摸（次）",
)


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


def test_bars_are_the_rectangles_drawn(make_view, bundle):
    """What ``bars()`` reports is what the bar items were given to draw."""
    import pyqtgraph as pg

    view = make_view()
    view.show_chart(chart_of(bundle, ChartType.BAR), animate=False)
    laid_out(view)
    items = [i for i in view.plot_item.getViewBox().childGroup.childItems() if isinstance(i, pg.BarGraphItem)]
    drawn = [rect for item in items if item.isVisible() for rect in item.shape().toFillPolygons()]
    assert len(drawn) == len(view.bars()) == 3
    for polygon, rect in zip(drawn, view.bars(), strict=True):
        assert polygon.boundingRect().getCoords() == pytest.approx(rect.getCoords())


def test_a_line_chart_has_no_bars(make_view):
    view = make_view()
    view.show_chart(INLINE_CHARTS[ChartType.LINE], animate=False)
    laid_out(view)
    assert view.bars() == []
    assert "4000多家" in view.texts()


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


# ---------------------------------------------------------------- zero labels


def test_zero_labels_are_shown_unless_asked(make_view):
    view = make_view()
    view.show_chart(QUIET_HOURS, animate=False)
    laid_out(view)
    assert view.texts().count("0次") == 4


def test_hide_zero_labels_leaves_out_only_the_zero_figures(make_view):
    view = make_view()
    view.show_chart(QUIET_HOURS, animate=False, hide_zero_labels=True)
    laid_out(view)
    shown = view.texts()
    assert "0次" not in shown
    assert shown.count("3次") == 1 and shown.count("5次") == 1
    assert len(view.bars()) == 6  # the bars stay; only their labels go
    assert "0时" in shown  # category names are not value labels


def test_hidden_zero_labels_stay_hidden_through_resize_theme_and_build_in(make_view, qtbot):
    view = make_view()
    with qtbot.waitSignal(view.built, timeout=3000):
        view.show_chart(QUIET_HOURS, hide_zero_labels=True)
    view.resize(900, 600)
    laid_out(view)
    view.set_theme(Theme(background="#0B3D2E", background_deep="#06251C", surface="#11553F", gold="#E8D28A"))
    laid_out(view)
    assert "0次" not in view.texts()
    view.show_chart(QUIET_HOURS, animate=False)  # the next chart asks nothing: every label again
    assert view.texts().count("0次") == 4


@pytest.mark.parametrize("kind", [ChartType.LINE, ChartType.HBAR])  # a stack has no room for a 0 anyway
def test_hide_zero_labels_works_for_lines_and_horizontal_bars(make_view, kind):
    series = (Series("甲", figures("0次", "3次", "40次")), Series("乙", figures("20次", "0次", "30次")))
    chart = Chart(kind, title="", categories=("一", "二", "三"), series=series)
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    assert "0次" in view.texts()
    view.show_chart(chart, animate=False, hide_zero_labels=True)
    laid_out(view)
    assert "0次" not in view.texts()
    assert "3次" in view.texts()
    assert "40次" in view.texts()


def test_a_bar_of_mixed_units_is_drawn_as_a_comparison_not_on_one_axis(make_view):
    chart = Chart(
        ChartType.BAR, categories=("合理化建议", "国家专利"), series=(Series("", figures("591万件", "5.6万项")),)
    )
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    assert view.plot_item is None
    assert view.chart.type is ChartType.COMPARISON
    assert {"591万件", "5.6万项"} <= set(view.texts())


def test_the_highlighted_bar_is_in_full_colour_with_a_bold_label(make_view, bundle):
    view = make_view()
    view.show_chart(chart_of(bundle, ChartType.BAR), highlight=2, animate=False)  # 5.6万项
    laid_out(view)
    fills = view.bar_colours()
    assert len(fills) == 3
    assert fills[2].alpha() == 255 and all(f.alpha() < 255 for f in fills[:2])
    styles = view.value_styles()
    assert [s.text for s in styles if s.highlighted] == ["5.6万项"]
    assert [s.bold for s in styles] == [False, False, True]
    assert view.plot_item.getAxis("bottom").highlight_label == "国家专利"


def test_nothing_is_muted_without_a_highlight(make_view, bundle):
    view = make_view()
    view.show_chart(chart_of(bundle, ChartType.BAR), animate=False)
    laid_out(view)
    assert all(f.alpha() == 255 for f in view.bar_colours())
    assert all(s.bold and not s.highlighted for s in view.value_styles())


def test_approximate_figures_are_written_as_such_and_their_bars_end_open(make_view):
    for kind in (ChartType.BAR, ChartType.HBAR):
        chart = Chart(kind, categories=("妈妈小屋", "爱心驿站"), series=(Series("", figures("2520个", "近1000个")),))
        view = make_view()
        view.show_chart(chart, animate=False)
        laid_out(view)
        assert "近1000个" in view.texts() and "1000" not in view.texts()
        bars, marks = view.bars(), view.approximate_marks()
        assert len(marks) == 1
        assert bars[1].contains(marks[0].center()) and not bars[0].intersects(marks[0])
        end = marks[0].right() if kind is ChartType.HBAR else marks[0].bottom()
        bar_end = bars[1].right() if kind is ChartType.HBAR else bars[1].bottom()
        assert end == pytest.approx(bar_end)  # the open part is the bar's end
