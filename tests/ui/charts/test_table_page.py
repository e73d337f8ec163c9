"""Table: read-only, every cell exactly the figure's text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from kiosk.core.model import ChartType
from ui.charts.samples import INLINE_CHARTS, laid_out


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


def test_table_texts_are_headers_then_cells(make_view):
    chart = INLINE_CHARTS[ChartType.TABLE]
    view = make_view()
    view.show_chart(chart, animate=False)
    laid_out(view)
    shown = view.texts()
    assert [s.name for s in chart.series] + list(chart.categories) == shown[2 : 2 + 2 + 4]  # after title, note
    assert view.bars() == []
