"""The diagnostics page shows what was gathered, and the touches per hour as a chart when there are any."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from kiosk import __version__
from kiosk.core.diagnostics import NO_STATS, NO_TOUCHES, DiagnosticsInfo
from kiosk.core.model import ChartType
from kiosk.ui.staff.diagnostics_page import DiagnosticsPage
from tests.diagnostics_samples import INFO, summary
from tests.ui.staff.pages import shown, visible_texts


def test_diagnostics_show_version_bundle_uptime_memory_and_errors(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(INFO)
    texts = "\n".join(visible_texts(page))
    for expected in (
        __version__,
        "中国工会数字展（acftu-2023）",
        "2023-10",
        "/srv/kiosk/bundles/acftu-2023",
        "2天3小时05分",
        "187.2 MiB",
        "卡片播放 12 次",
        "cultural-palaces（112家 工人文化宫）  7 次",
        "publicity  5 次",
    ):
        assert expected in texts
    errors = page.values["errors"].text()
    assert errors.index("后来的错误") < errors.index("数据包有问题")  # newest first


def test_diagnostics_chart_touches_per_hour_when_there_are_any(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(INFO)
    assert page.showing_chart
    assert not page.no_stats.isVisibleTo(page)
    chart = page.chart_view.chart
    assert chart.type is ChartType.BAR
    assert chart.categories[0] == "0"
    assert chart.categories[-1] == "23"
    assert chart.x_title == "时"
    assert [figure.text() for figure in chart.series[0].values][9] == "3"
    assert len(page.chart_view.bars()) == 24
    shown_values = [
        item.toPlainText()
        for item in page.chart_view.plot_item.scene().items()
        if isinstance(item, pg.TextItem) and item.isVisible()
    ]
    assert sorted(shown_values) == ["3", "3", "3"]  # no 0 over the quiet hours


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1024, 768), (1080, 1920)])
def test_every_hour_label_stands_on_one_line(qtbot, size):
    page = shown(qtbot, DiagnosticsPage(), size=size)
    page.show_info(INFO)
    labels = page.chart_view.plot_item.getAxis("bottom").category_labels
    assert len(labels) == 24
    assert not [label for label in labels if "\n" in label]  # "0" over "时" wrapped as two lines


def test_few_touches_tick_by_whole_touches(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(INFO)
    axis = page.chart_view.plot_item.getAxis("left")
    assert axis.tickSpacing(0, 3, 400) == [(1, 0), (1, 0)]


def test_diagnostics_without_statistics_say_so_instead_of_a_chart(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(DiagnosticsInfo())
    assert not page.showing_chart
    assert page.no_stats.isVisibleTo(page)
    assert page.no_stats.text() == NO_STATS
    assert page.values["memory"].text() == "未知"

    page.show_info(INFO)
    assert page.showing_chart
    page.show_info(DiagnosticsInfo(summary=summary()))  # cards played, nobody touched
    assert not page.showing_chart
    assert page.no_stats.text() == NO_TOUCHES


def test_held_content_shows_with_the_button_that_adopts_it(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(DiagnosticsInfo(held="新内容只有 2 张卡片，已暂缓"))
    assert page.values["held"].text() == "新内容只有 2 张卡片，已暂缓"
    with qtbot.wait_signal(page.adopt_requested):
        qtbot.mouseClick(page.adopt_button, Qt.MouseButton.LeftButton)
    page.set_held("")
    assert page.values["held"].text() == "无"
    assert page.adopt_button.isHidden()
