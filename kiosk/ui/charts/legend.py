"""The legend above a chart: colour swatches with names, centred in rows."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui import fonts

LegendEntry = tuple[QColor, str]


class Legend(QWidget):
    """Colour swatches with names, centred in rows; hidden when it has no entries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[LegendEntry] = []
        self.unit = 8.0
        self.text_colour = QColor("#FFF8E7")
        self.outline = QColor("#5C0F12")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_entries(self, entries: list[LegendEntry]) -> None:
        self.entries = entries
        self.setVisible(bool(entries))
        self.update()

    def _font(self) -> QFont:
        return fonts.font(self.unit * 2.4)

    def _rows(self, width: float) -> list[list[tuple[QColor, str, float]]]:
        metrics = QFontMetricsF(self._font())
        swatch = self.unit * 2.2
        rows: list[list[tuple[QColor, str, float]]] = [[]]
        used = 0.0
        for colour, name in self.entries:
            entry_w = swatch + self.unit * 0.9 + metrics.horizontalAdvance(name) + self.unit * 3
            if rows[-1] and used + entry_w > width:
                rows.append([])
                used = 0.0
            rows[-1].append((colour, name, entry_w))
            used += entry_w
        return rows

    def height_for(self, width: float) -> int:
        if not self.entries:
            return 0
        line = QFontMetricsF(self._font()).height() * 1.35
        return math.ceil(len(self._rows(width)) * line)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = self._font()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        line = metrics.height() * 1.35
        swatch = self.unit * 2.2
        for r, row in enumerate(self._rows(self.width())):
            total = sum(w for *_, w in row) - self.unit * 3
            x = (self.width() - total) / 2
            y = r * line
            for colour, name, entry_w in row:
                box = QRectF(x, y + (line - swatch) / 2, swatch, swatch)
                painter.setPen(QPen(self.outline, max(1.0, self.unit * 0.15)))
                painter.setBrush(colour)
                painter.drawRoundedRect(box, swatch * 0.18, swatch * 0.18)
                painter.setPen(self.text_colour)
                text_rect = QRectF(box.right() + self.unit * 0.9, y, entry_w, line)
                painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name)
                x += entry_w
        painter.end()
