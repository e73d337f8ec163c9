"""Axes: categories as ticks in the kiosk's font, values as plain digits in their common magnitude."""

from __future__ import annotations

import itertools

from kiosk.core.model import ChartType
from kiosk.ui import fonts
from ui.charts.samples import chart_of, laid_out


def test_bar_categories_are_ticks_on_the_x_axis_with_the_kiosk_font(make_view, bundle):
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


def test_value_axis_ticks_are_plain_digits_in_the_common_magnitude(make_view, bundle):
    chart = chart_of(bundle, ChartType.BAR)  # all in 万; the axis title says 万项
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    left = view.plot_item.getAxis("left")
    low, high = left.range
    assert low == 0
    assert 34.6 <= high < 100  # counted in 万, not 346,000
    strings = left.tickStrings([0.0, 200.0, 400.0], 1.0, 200.0)
    assert strings == ["0", "200", "400"]


def test_value_axis_has_four_to_six_round_ticks_and_no_minor_gridlines(make_view, bundle):
    for kind, axis_name in ((ChartType.BAR, "left"), (ChartType.HBAR, "bottom")):
        view = make_view()
        view.show_chart(chart_of(bundle, kind), animate=False)
        laid_out(view)
        axis = view.plot_item.getAxis(axis_name)
        major, minor = axis.tick_levels  # what pyqtgraph draws ticks and gridlines at
        assert 4 <= len(major) <= 6, major
        assert minor == []
        values = [value for value, _ in major]
        steps = {round(b - a, 9) for a, b in itertools.pairwise(values)}
        assert len(steps) == 1  # evenly spaced
        assert values[0] == 0
        assert axis.value_ticks == [text for _, text in major]


def test_an_hbar_of_small_values_draws_a_few_gridlines_not_one_per_unit(make_view):
    from kiosk.core.model import Chart, Series
    from ui.charts.samples import figures

    chart = Chart(
        ChartType.HBAR, categories=("齐鲁工匠", "齐鲁大工匠"), series=(Series("", figures("5万元", "30万元")),)
    )
    view = make_view((1200, 700))
    view.show_chart(chart, animate=False)
    laid_out(view)
    major, minor = view.plot_item.getAxis("bottom").tick_levels
    assert [text for _, text in major] == ["0", "10万", "20万", "30万"]
    assert minor == []


def test_long_category_names_wrap_onto_at_most_three_lines(make_view):
    from kiosk.core.model import Chart, Series
    from ui.charts.samples import figures

    names = ("开展清理整改的工人文化宫", "整改“三无”工人文化宫", "整改收回被挤占挪用的工人文化宫")
    chart = Chart(ChartType.BAR, title="", categories=names, series=(Series("", figures("112家", "7家", "11家")),))
    view = make_view((700, 500))
    view.show_chart(chart, animate=False)
    laid_out(view)
    labels = view.plot_item.getAxis("bottom").category_labels
    assert [label.replace("\n", "") for label in labels] == list(names)
    assert any("\n" in label for label in labels)
    assert all(label.count("\n") + 1 <= 3 for label in labels)
