"""The charts' axis: category names, or values as plain digits with their magnitude."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from kiosk.ui import fonts
from kiosk.ui.charts.scale import ValueScale, format_tick, tick_step, tick_values
from kiosk.ui.charts.text import text_width, wrap_balanced

MAX_CATEGORY_LINES = 3


class ChartAxis(pg.AxisItem):
    """An axis with either category names or plain-digit values with a magnitude.

    It sizes itself to its labels (``fit_values``, ``fit_categories``) in
    units of 1% of the chart's shorter side.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.scale_info = ValueScale(1.0, "")
        self.enableAutoSIPrefix(False)
        self.category_labels: list[str] = []
        self.value_ticks: list[str] = []  # the value ticks' texts, as drawn
        self.tick_levels: list[list[tuple[float, str]]] = []  # major and minor ticks given to pyqtgraph
        # The category of the card the page is about, drawn bold in this colour.
        self.highlight_label: str | None = None
        self.highlight_colour = QColor("#F4C95D")

    @property
    def horizontal(self) -> bool:
        return self.orientation in ("bottom", "top")

    def set_categories(self, labels: list[str], positions: list[float]) -> None:
        self.category_labels = labels
        self.value_ticks = []
        self.tick_levels = [list(zip(positions, labels, strict=True)), []]
        self.setTicks(self.tick_levels)

    def set_values(self, scale: ValueScale) -> None:
        self.category_labels = []
        self.highlight_label = None
        self.scale_info = scale
        self.value_ticks = []
        self.tick_levels = []
        self.setTicks(None)
        self.picture = None
        self.update()

    def set_value_range(self, top: float) -> None:
        """Four to six round ticks from 0 to ``top``, and a gridline at each: no minor ticks."""
        step = tick_step(top)
        ticks = [(v, format_tick(v, step, self.scale_info.suffix)) for v in tick_values(top)]
        texts = [text for _, text in ticks]
        if texts != self.value_ticks:
            self.value_ticks = texts
            self.tick_levels = [ticks, []]
            self.setTicks(self.tick_levels)

    def fit_values(self, top: float, unit: float) -> float:
        """Room for the widest value tick up to ``top``; returns the width taken beside the plot (0 below it)."""
        font = fonts.font(unit * 2.5)
        metrics = QFontMetricsF(font)
        widest = format_tick(top * 1.3, 1 if top * 1.3 >= 5 else 0.1, self.scale_info.suffix)
        self.setStyle(tickFont=font)
        if self.horizontal:
            self.setHeight(round(metrics.height() + unit * 1.2 + unit * 0.6))
            return 0.0
        width = round(metrics.horizontalAdvance(widest + "0") + unit * 1.6)
        self.setWidth(width)
        return float(width)

    def fit_categories(
        self, names: list[str], positions: list[float], max_width: float, slot_height: float, unit: float
    ) -> None:
        """``names`` wrapped to ``max_width``, the font shrunk until they fit ``slot_height``."""
        size = unit * 2.6
        while True:
            font = fonts.font(size)
            metrics = QFontMetricsF(font)
            wrapped = [wrap_balanced(name, metrics, max_width) for name in names]
            lines = max((len(w) for w in wrapped), default=1)
            fits = lines <= MAX_CATEGORY_LINES and lines * metrics.lineSpacing() <= slot_height
            if fits or size <= unit * 1.5:
                break
            size *= 0.92
        self.setStyle(tickFont=font)
        self.set_categories(["\n".join(w) for w in wrapped], positions)
        if self.horizontal:
            self.setHeight(round(lines * metrics.lineSpacing() + unit * 1.0 + unit * 0.8))
        else:
            widest_line = max((text_width(metrics, w) for w in wrapped), default=0.0)
            self.setWidth(round(widest_line + unit * 1.2 + unit * 1.0))

    def boundingRect(self) -> QRectF:
        # With a grid pyqtgraph drops its overhang, and so the tick text at
        # either end (the 0 at the origin); give it room along the axis again.
        rect: QRectF = super().boundingRect()
        m = float(self.style["hideOverlappingLabels"]) if self.style["hideOverlappingLabels"] is not True else 0.0
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -m, 0, m)
        return rect.adjusted(-m, 0, m, 0)

    def drawPicture(self, p: QPainter, axisSpec: object, tickSpecs: object, textSpecs: list) -> None:  # noqa: N803
        """pyqtgraph's drawing, with the highlighted category name in bold and its colour."""
        mark = self.highlight_label
        if mark is None or mark not in self.category_labels:
            super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
            return
        plain = [spec for spec in textSpecs if spec[2] != mark]
        super().drawPicture(p, axisSpec, tickSpecs, plain)
        font = QFont(self.style["tickFont"]) if self.style["tickFont"] is not None else QFont()
        font.setBold(True)
        p.setFont(font)
        p.setPen(QPen(self.highlight_colour))
        for rect, flags, text in textSpecs:
            if text == mark:
                p.drawText(rect, int(flags) | int(Qt.TextFlag.TextDontClip), text)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [format_tick(v, spacing, self.scale_info.suffix) for v in values]
