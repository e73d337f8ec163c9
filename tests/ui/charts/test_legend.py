"""The legend: hidden without entries, wrapping onto more rows when they do not fit one."""

from __future__ import annotations

from PySide6.QtGui import QColor

from kiosk.ui.charts.legend import Legend


def test_legend_hides_without_entries_and_wraps_when_narrow(qtbot):
    legend = Legend()
    qtbot.addWidget(legend)
    legend.set_entries([])
    assert legend.isHidden()
    assert legend.height_for(1000) == 0
    legend.set_entries([(QColor("#F4C95D"), f"第{i}个系列的名字") for i in range(6)])
    assert not legend.isHidden()
    one_row = legend.height_for(10_000)
    assert one_row > 0
    assert legend.height_for(200) > one_row * 2
