"""table: categories as rows, series as columns, each cell exactly ``Figure.text()``."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsOpacityEffect,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import Chart
from kiosk.ui import fonts
from kiosk.ui.charts.colours import ChartPalette
from kiosk.ui.charts.page import ChartPage
from kiosk.ui.charts.text import css_font, text_width, wrap_text
from kiosk.ui.look import with_alpha


class _ResizeAware(QWidget):
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _hex(colour: QColor) -> str:
    return colour.name(QColor.NameFormat.HexArgb)


class TablePage(ChartPage):
    """A read-only table, centred, its fonts as large as its rows allow; it scrolls only when it must."""

    def __init__(self) -> None:
        self.widget = _ResizeAware()
        self.widget.resized.connect(self.relayout)
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget()
        layout.addStretch(1)
        layout.addWidget(self.table, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        table = self.table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        table.setCornerButtonEnabled(False)
        table.setWordWrap(True)
        table.setShowGrid(True)
        table.setAlternatingRowColors(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        for header in (table.horizontalHeader(), table.verticalHeader()):
            header.setSectionsClickable(False)
            header.setHighlightSections(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.effect = QGraphicsOpacityEffect(self.table)
        self.effect.setEnabled(False)
        table.setGraphicsEffect(self.effect)
        self.chart: Chart | None = None
        self.colours: ChartPalette | None = None
        self.unit = 8.0
        self.width = self.height = 0.0
        self._sheet_key: object = None

    def set_chart(
        self, chart: Chart, colours: ChartPalette, *, hide_zero_labels: bool = False, highlight: int | None = None
    ) -> None:
        self.chart, self.colours = chart, colours
        table = self.table
        rows, columns = len(chart.categories), len(chart.series)
        table.setRowCount(rows)
        table.setColumnCount(columns)
        for c, series in enumerate(chart.series):
            self._header_item(c, horizontal=True).setText(series.name)
            for r in range(rows):
                item = table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    table.setItem(r, c, item)
                item.setText(series.values[r].text() if r < len(series.values) else "")
        for r, name in enumerate(chart.categories):
            self._header_item(r, horizontal=False).setText(name)
        self._sheet_key = None
        self.relayout()

    def _header_item(self, index: int, *, horizontal: bool) -> QTableWidgetItem:
        table = self.table
        item = table.horizontalHeaderItem(index) if horizontal else table.verticalHeaderItem(index)
        if item is None:
            item = QTableWidgetItem()
            if horizontal:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setHorizontalHeaderItem(index, item)
            else:
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                table.setVerticalHeaderItem(index, item)
        return item

    def _style(self, cell_font: QFont, head_font: QFont) -> None:
        if self.colours is None:
            return
        c, u = self.colours, self.unit
        pad = max(2, round(u * 1.2))
        line = max(1, round(u * 0.15))
        gold_line = _hex(with_alpha(c.gold, 0.5))
        self.table.setStyleSheet(
            f"""
            QTableWidget {{
                {css_font(cell_font)}
                background: {_hex(with_alpha(c.background_deep, 0.35))};
                alternate-background-color: {_hex(with_alpha(c.surface, 0.55))};
                color: {c.gold.name()};
                gridline-color: {gold_line};
                border: {line}px solid {gold_line};
            }}
            QTableWidget::item {{ padding: 0px {pad}px; }}
            QHeaderView {{ background: transparent; }}
            QHeaderView::section {{
                {css_font(head_font)}
                background: {c.surface.name()};
                border: none;
                border-bottom: {line}px solid {gold_line};
                border-right: {line}px solid {gold_line};
                padding: 0px {pad}px;
            }}
            QHeaderView::section:horizontal {{ color: {c.text.name()}; }}
            QHeaderView::section:vertical {{ color: {c.text.name()}; }}
            QTableCornerButton::section {{
                background: {c.surface.name()};
                border: none;
                border-bottom: {line}px solid {gold_line};
                border-right: {line}px solid {gold_line};
            }}
            """
        )

    def set_unit(self, unit: float, width: float, height: float) -> None:
        self.unit, self.width, self.height = unit, width, height
        self.relayout()

    def relayout(self) -> None:
        if self.chart is None or self.width <= 0:
            return
        u = self.unit
        table = self.table
        rows, columns = table.rowCount(), table.columnCount()
        table.setVisible(rows > 0 and columns > 0)
        width, height = self.width, self.height
        if self.widget.isVisible() and self.widget.width() > 1:
            width, height = self.widget.width(), self.widget.height()
        available_h = max(u * 10, height)
        row_h = min(u * 9.5, available_h / (rows + 1))
        size = min(u * 3.4, row_h * 0.42)
        table_w = min(width, u * 40 + columns * u * 45)
        names = list(self.chart.categories)
        headers = [s.name for s in self.chart.series]
        cells = [[_text(table.item(r, c)) for r in range(rows)] for c in range(columns)]
        while True:
            cell_font, head_font = fonts.font(size, bold=True), fonts.font(size, bold=True)
            cm, hm = QFontMetricsF(cell_font), QFontMetricsF(head_font)
            name_w = text_width(hm, names) + u * 4
            name_w = min(name_w, table_w * 0.45)
            column_w = (table_w - name_w) / max(1, columns)
            widest = max([text_width(cm, col) for col in cells] + [text_width(hm, headers) * 0.6], default=0.0)
            name_lines = max((len(wrap_text(n, hm, name_w - u * 3)) for n in names), default=1)
            if (widest + u * 3 <= column_w and name_lines * hm.lineSpacing() <= row_h * 0.9) or size <= u * 1.6:
                break
            size *= 0.92
        table.setFont(cell_font)
        table.horizontalHeader().setFont(head_font)
        table.verticalHeader().setFont(head_font)
        sheet_key = (cell_font.pixelSize(), head_font.pixelSize(), round(u * 100), self.colours and self.colours.theme)
        if sheet_key != self._sheet_key:  # style sheets are slow to apply; only on change
            self._sheet_key = sheet_key
            self._style(cell_font, head_font)
        header_lines = max((len(wrap_text(h, hm, column_w - u * 3)) for h in headers), default=1)
        header_px = round(max(row_h, header_lines * hm.lineSpacing() + u * 2))
        row_px, column_px, name_px = round(row_h), math.floor(column_w), round(name_w)
        table.horizontalHeader().setFixedHeight(header_px)
        table.verticalHeader().setFixedWidth(name_px)
        for r in range(rows):
            table.setRowHeight(r, row_px)
        for c in range(columns):
            table.setColumnWidth(c, column_px)
        frame = table.frameWidth() * 2
        total_h = header_px + row_px * rows + frame
        fits = total_h <= available_h + 1
        table.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        table.setFixedSize(name_px + column_px * columns + frame, total_h if fits else math.floor(available_h))
        # Visitors only read the table; it takes taps only when it must scroll.
        table.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, fits)

    def apply(self, t: float) -> None:
        self.effect.setOpacity(t)
        self.effect.setEnabled(t < 1.0)

    def texts(self) -> list[str]:
        table = self.table
        rows, columns = table.rowCount(), table.columnCount()
        found = [_text(table.horizontalHeaderItem(c)) for c in range(columns)]
        found += [_text(table.verticalHeaderItem(r)) for r in range(rows)]
        found += [_text(table.item(r, c)) for r in range(rows) for c in range(columns)]
        return found
