"""Part of a whole (其中): one long bar for the whole, each part in a lane inside it.

Every part starts at the whole's own left edge and lies within its outline,
so no one reads the parts as added to the whole (a stacked bar of 257 and
100 would show 357).  The texts are the source's: the names and figures as
written, "其中" before each part; no share or percentage is computed, only
the lengths are in proportion.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from kiosk.core.figures import Figure
from kiosk.core.model import Chart
from kiosk.ui import fonts
from kiosk.ui.charts.canvas import SHAPE_Z, CanvasPage
from kiosk.ui.charts.scale import chart_value
from kiosk.ui.charts.text import style_text
from kiosk.ui.look import with_alpha

PART_WORD = "其中"
WHOLE_FILL_ALPHA = 0.22  # the whole is a faint field with a gold outline: the parts stand out inside it
MIN_PART_PX = 2.0  # a tiny part stays visible as a sliver
MIN_TEXT_UNITS = 1.6  # fonts shrink to fit, but not below this many units
LABELS_FROM = 0.5  # labels fade in over the second half of the build-in


def grown(rect: QRectF, t: float) -> QRectF:
    """``rect`` at ``t`` of its width, from its left edge (the shared baseline)."""
    return QRectF(rect.left(), rect.top(), rect.width() * t, rect.height())


def part_name(category: str) -> str:
    """A part's name with "其中" before it, unless the bundle already wrote it so."""
    return category if category.startswith(PART_WORD) else f"{PART_WORD} {category}"


@dataclass
class _Part:
    figure: Figure
    name: str
    rect: QRectF  # its lane at full length
    fill: QColor
    inside: bool  # its label sits on its own fill, not after it


class PartOfWholePage(CanvasPage):
    """A whole and its parts: the parts nested in the whole's bar, never stacked on it."""

    def __init__(self) -> None:
        super().__init__()
        self._whole: tuple[Figure, str] | None = None
        self._parts_in: list[tuple[Figure, str]] = []
        self._whole_rect = QRectF()
        self._whole_item: QGraphicsPathItem | None = None
        self._parts: list[_Part] = []
        self._part_items: list[QGraphicsPathItem] = []
        self._labels: list[pg.TextItem] = []

    def load(self, chart: Chart) -> None:
        values = chart.series[0].values if chart.series else ()
        names = list(chart.categories) + [""] * max(0, len(values) - len(chart.categories))
        pairs = list(zip(values, names, strict=False))
        self._whole = pairs[0] if pairs else None
        self._parts_in = pairs[1:]

    def lay_out(self, w: float, h: float) -> None:
        assert self.colours is not None
        c, u = self.colours, self.unit
        self._parts, self._part_items, self._labels, self._whole_item = [], [], [], None
        if self._whole is None:
            return
        whole, whole_name = self._whole
        pad = u * 1.5
        x0, width = pad, max(u * 10, w - 2 * pad)
        count = max(1, len(self._parts_in))
        gap = u * 1.4

        # The whole's name and figure above its bar, as large as fits on one line.
        figure_size = min(u * 9, h * 0.14)
        name_size = figure_size * 0.42
        while True:
            figure_font, name_font = fonts.font(figure_size, bold=True), fonts.font(name_size)
            head_w = QFontMetricsF(name_font).horizontalAdvance(whole_name + " ")
            head_w += QFontMetricsF(figure_font).horizontalAdvance(whole.text())
            if head_w <= width or figure_size <= u * MIN_TEXT_UNITS * 2:
                break
            figure_size, name_size = figure_size * 0.92, name_size * 0.92
        head_h = QFontMetricsF(figure_font).height()

        lane_h = min(u * 11, max(u * 4, (h - head_h - u * 2 - gap * (count + 1)) / count * 0.8))
        bar_h = count * lane_h + (count + 1) * gap
        block_h = head_h + u * 2 + bar_h
        top = max(0.0, (h - block_h) / 2)
        bar_top = top + head_h + u * 2
        self._whole_rect = QRectF(x0, bar_top, width, bar_h)

        name_item = self.text_pool.take()
        style_text(name_item, whole_name, name_font, c.text, (0.0, 1.0))
        figure_item = self.text_pool.take()
        style_text(figure_item, whole.text(), figure_font, c.gold, (0.0, 1.0))
        name_w = QFontMetricsF(name_font).horizontalAdvance(whole_name + " ") if whole_name else 0.0
        descent = QFontMetricsF(figure_font).descent() - QFontMetricsF(name_font).descent()
        name_item.setPos(x0, bar_top - u * 1.2 - descent)
        figure_item.setPos(x0 + name_w, bar_top - u * 1.2)
        self._labels += [name_item, figure_item]

        item = self.shape_pool.take()
        item.setPen(QPen(c.gold, max(1.0, u * 0.3)))
        item.setBrush(QBrush(with_alpha(c.gold, WHOLE_FILL_ALPHA)))
        item.setZValue(SHAPE_Z)
        self._whole_item = item

        size = self._whole_size(whole)
        for i, (figure, name) in enumerate(self._parts_in):
            length = width * min(1.0, max(0.0, chart_value(figure)) / size)
            rect = QRectF(x0, bar_top + gap + i * (lane_h + gap), max(MIN_PART_PX, length), lane_h)
            self._parts.append(_Part(figure, part_name(name), rect, c.fill(i), inside=True))
        self._place_part_labels(lane_h)

    @staticmethod
    def _whole_size(whole: Figure) -> float:
        return chart_value(whole) or 1.0

    def _place_part_labels(self, lane_h: float) -> None:
        """Each part's name and figure on its lane: on its fill if they fit there, else just after it."""
        assert self.colours is not None
        c, u = self.colours, self.unit
        inset = u * 1.2
        right = self._whole_rect.right()
        size = min(u * 4.2, lane_h * 0.5)
        while True:
            name_font, figure_font = fonts.font(size), fonts.font(size * 1.15, bold=True)
            widths = [self._label_width(p, name_font, figure_font) for p in self._parts]
            fits = [
                wd + 2 * inset <= p.rect.width() or p.rect.right() + inset + wd <= right - inset
                for p, wd in zip(self._parts, widths, strict=True)
            ]
            if all(fits) or size <= u * MIN_TEXT_UNITS:
                break
            size *= 0.92
        for part, label_w in zip(self._parts, widths, strict=True):
            part.inside = label_w + 2 * inset <= part.rect.width()
            x = part.rect.left() + inset if part.inside else part.rect.right() + inset
            ink = c.text_on(part.fill) if part.inside else c.text
            figure_ink = ink if part.inside else c.gold
            y = part.rect.center().y()
            name_item = self.text_pool.take()
            style_text(name_item, part.name, name_font, ink, (0.0, 0.5))
            name_item.setPos(x, y)
            figure_item = self.text_pool.take()
            style_text(figure_item, part.figure.text(), figure_font, figure_ink, (0.0, 0.5))
            figure_item.setPos(x + QFontMetricsF(name_font).horizontalAdvance(part.name + " "), y)
            self._labels += [name_item, figure_item]
            shape = self.shape_pool.take()
            shape.setPen(QPen(Qt.PenStyle.NoPen))
            shape.setBrush(QBrush(part.fill))
            shape.setZValue(SHAPE_Z + 1)  # over the whole: inside it, never beside it
            self._part_items.append(shape)

    @staticmethod
    def _label_width(part: _Part, name_font: QFont, figure_font: QFont) -> float:
        return QFontMetricsF(name_font).horizontalAdvance(part.name + " ") + QFontMetricsF(
            figure_font
        ).horizontalAdvance(part.figure.text())

    def apply(self, t: float) -> None:
        self.progress = t
        if self.chart is None or self._whole_item is None:
            return
        path = QPainterPath()
        path.addRect(grown(self._whole_rect, t))
        self._whole_item.setPath(path)
        self._whole_item.setOpacity(min(1.0, t * 3))
        for part, item in zip(self._parts, self._part_items, strict=True):
            path = QPainterPath()
            path.addRect(grown(part.rect, t))
            item.setPath(path)
        labels = max(0.0, (t - LABELS_FROM) / (1.0 - LABELS_FROM))
        for label in self._labels:
            label.setOpacity(labels)

    def bars(self) -> list[QRectF]:
        """The whole's bar first, then each part's, as drawn now."""
        if self._whole_item is None:
            return []
        return [grown(self._whole_rect, self.progress)] + [grown(p.rect, self.progress) for p in self._parts]
