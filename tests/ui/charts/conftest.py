"""Fixtures for the charts: the default theme and a shown ChartView of a given size."""

from __future__ import annotations

import pytest

from kiosk.core.model import Theme


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
