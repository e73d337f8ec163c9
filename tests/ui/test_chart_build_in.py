"""A chart's build-in animation grows bars and sweeps slices, but its labels only ever say the final figures."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QVariantAnimation

from kiosk.core.model import Chart
from ui.test_charts import all_charts

STEPS = 30


@pytest.fixture
def view(qtbot):
    from kiosk.core.model import Theme
    from kiosk.ui.charts import ChartView

    chart_view = ChartView(Theme())
    qtbot.addWidget(chart_view)
    chart_view.resize(1200, 700)
    chart_view.show()
    qtbot.waitExposed(chart_view)
    return chart_view


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


def test_labels_during_the_build_in_are_the_final_figure_texts(view, bundle):
    for chart in all_charts(bundle):
        frames = build_in(view, chart)
        view.settle()
        final = view.texts()
        figures = {f.text() for series in chart.series for f in series.values}
        assert figures <= set(final), chart.title  # the settled chart shows every figure
        for k, (texts, _) in enumerate(frames):
            assert set(texts) <= set(final), (chart.title, k)


def test_the_value_axis_does_not_move_during_the_build_in(view, bundle):
    """Its tick labels stay put: only the bars grow."""
    for chart in all_charts(bundle):
        frames = build_in(view, chart)
        view.settle()
        ranges = {repr(value_range) for _, value_range in frames}
        assert len(ranges) == 1, chart.title
