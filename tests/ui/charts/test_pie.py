"""Pie and donut: slices in one item that sweeps in, a legend, and each label with its name and figure."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from kiosk.core.model import ChartType
from ui.charts.samples import INLINE_CHARTS, laid_out


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
    assert view.bars() == []


def test_a_donut_names_its_series_in_the_hole(make_view):
    chart = INLINE_CHARTS[ChartType.DONUT]
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    assert chart.series[0].name in view.texts()


def _pie_item(qapp):
    from kiosk.ui.charts.pie import PieItem

    item = PieItem()
    fills = [QColor("#F4C95D"), QColor("#FFF8E7")]
    item.set_slices([0.75, 0.25], fills, pen=QPen(QColor("#5C0F12"), 2), centre=QPointF(50, 50), radius=40, inner=0)
    return item


def _painted(item) -> QImage:
    image = QImage(100, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#000000"))
    painter = QPainter(image)
    item.paint(painter, None)
    painter.end()
    return image


def test_the_pie_item_paints_its_slices_inside_its_bounds(qapp):
    item = _pie_item(qapp)
    bounds = item.boundingRect()
    assert bounds.contains(10 - 1, 50) and bounds.contains(90 + 1, 50)  # the outline's overhang too
    image = _painted(item)
    # clockwise from twelve: three quarters for the first slice, the upper left quarter for the second
    assert image.pixelColor(70, 30) == image.pixelColor(70, 70) == image.pixelColor(30, 70) == QColor("#F4C95D")
    assert image.pixelColor(30, 30) == QColor("#FFF8E7")
    assert image.pixelColor(2, 2) == QColor("#000000")  # outside the pie


@pytest.mark.parametrize("progress", [0.0, 0.5])
def test_the_pie_item_sweeps_clockwise_from_twelve(qapp, progress):
    item = _pie_item(qapp)
    item.set_progress(progress)
    image = _painted(item)
    assert image.pixelColor(70, 30) == QColor("#F4C95D" if progress else "#000000")  # upper right: first reached
    assert image.pixelColor(30, 30) == QColor("#000000")  # upper left: reached last
