"""Comparison charts: a few figures side by side, with proportional bars only when they share a unit."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from kiosk.core.chart_values import comparable, side_by_side
from kiosk.core.figures import Figure
from kiosk.core.model import Chart
from kiosk.ui import fonts
from kiosk.ui.charts.canvas import SHAPE_Z, CanvasPage
from kiosk.ui.charts.page import APPROXIMATE_END, MUTED_ALPHA, ValueStyle
from kiosk.ui.charts.scale import chart_value
from kiosk.ui.charts.text import style_text, text_size, text_width
from kiosk.ui.look import with_alpha


def grown(rect: QRectF, t: float) -> QRectF:
    """``rect`` at ``t`` of its height, standing on its bottom edge."""
    return QRectF(rect.left(), rect.bottom() - rect.height() * t, rect.width(), rect.height() * t)


@dataclass(frozen=True)
class _Panels:
    """The page cut into ``columns`` × ``rows`` equal panels, ``gap`` apart: one a figure."""

    columns: int
    rows: int
    width: float
    height: float
    gap: float

    @classmethod
    def of(cls, w: float, h: float, count: int, *, gap: float, comparable: bool) -> _Panels:
        """Panels for ``count`` figures on a ``w``×``h`` page: bars of one unit in one row."""
        count = max(1, count)
        portrait = h > w * 1.1
        if comparable:
            columns = count  # bars in one unit share one baseline, so one row
        elif portrait:
            columns = 2 if count in (2, 4) else 1
        else:
            columns = count if count <= 4 else math.ceil(count / 2)
        rows = math.ceil(count / columns)
        return cls(columns, rows, (w - gap * (columns - 1)) / columns, (h - gap * (rows - 1)) / rows, gap)

    def top_left(self, k: int) -> tuple[float, float]:
        """The top left corner of the ``k``-th panel, row by row."""
        row, col = divmod(k, self.columns)
        return col * (self.width + self.gap), row * (self.height + self.gap)


class ComparisonPage(CanvasPage):
    """Each figure large in its own panel with its name below.

    Figures of one unit stand on bars of their size over one baseline; figures
    of different units get no bars, no axis and no ratio, only thin dividers.
    A highlighted figure (the card's own) is gold and bold with a gold rule
    under its name; the others are set in the muted colour, a size smaller.
    An approximate figure's bar ends open: faded, with a dashed outline.
    """

    def __init__(self) -> None:
        super().__init__()
        self.comparable = False
        self._figures: list[tuple[Figure, str]] = []
        self._labels: list[pg.TextItem] = []
        self._lines: QGraphicsPathItem | None = None  # the baseline, or the dividers
        self._bars: list[tuple[QGraphicsPathItem, QRectF]] = []  # each bar at full height
        self._ends: list[tuple[QGraphicsPathItem, QRectF, QRectF]] = []  # open end of an approximate bar, its bar
        self._bar_fills: list[QColor] = []
        self._styles: list[ValueStyle] = []
        self._rules: list[QGraphicsPathItem] = []  # the rule under the highlighted figure's name
        self._figure_items: list[tuple[pg.TextItem, float, float, float]] = []  # item, x, y, its bar's height

    def load(self, chart: Chart) -> None:
        self._figures = side_by_side(chart)
        self.comparable = comparable(self._figures)

    def lay_out(self, w: float, h: float) -> None:
        self._bars, self._labels, self._figure_items, self._lines = [], [], [], None
        self._ends, self._bar_fills, self._styles, self._rules = [], [], [], []
        marked = self.highlight if self.highlight is not None and 0 <= self.highlight < len(self._figures) else None
        u = self.unit
        panels = _Panels.of(w, h, len(self._figures), gap=u * 3, comparable=self.comparable)
        size = self._figure_size(panels)
        figure_font = fonts.font(size, bold=True)
        other_font = fonts.font(size * 0.8, bold=False) if marked is not None else figure_font
        figure_h = QFontMetricsF(figure_font).height()
        values = [max(0.0, chart_value(f)) for f, _ in self._figures] if self.comparable else []
        top = max(values, default=0.0) or 1.0
        bar_w = min(panels.width * 0.42, u * 22)
        # Label heights first, so every panel shares one baseline.
        label_items = self._set_names(size, panels.width, marked)
        label_h = max((text_size(item)[1] for item in label_items), default=0.0)
        for k, ((figure, _), label_item) in enumerate(zip(self._figures, label_items, strict=True)):
            left, top_y = panels.top_left(k)
            centre_x = left + panels.width / 2
            muted = marked is not None and k != marked
            figure_item = self._set_figure(
                figure, other_font if muted else figure_font, muted=muted, marked=k == marked
            )
            if self.comparable:
                baseline = top_y + panels.height - label_h - u * 2.0
                max_bar = max(u * 2, baseline - top_y - figure_h - u * 2)
                bar_h = max_bar * values[k] / top
                bar = QRectF(centre_x - bar_w / 2, baseline - bar_h, bar_w, bar_h)
                self._add_bar(bar, approximate=figure.is_approximate, muted=muted)
                self._figure_items.append((figure_item, centre_x, baseline - u * 1.0, bar_h))
                label_item.setPos(centre_x, baseline + u * 1.2)
            else:
                block = figure_h + u * 1.5 + label_h
                y = top_y + (panels.height - block) / 2 + figure_h
                figure_item.setPos(centre_x, y)
                self._figure_items.append((figure_item, centre_x, y, 0.0))
                label_item.setPos(centre_x, y + u * 1.5)
            if k == marked:
                self._underline(label_item, centre_x, panels.width)
            self._labels += [label_item, figure_item]
        self._draw_baseline_or_dividers(w, panels)

    def _figure_size(self, panels: _Panels) -> float:
        """One size for every figure: large, but each fits its panel."""
        u = self.unit
        texts = [f.text() for f, _ in self._figures]
        size = min(u * (12 if self.comparable else 14), panels.height * 0.3, self.value_cap)
        while size > u * 3:
            fm = QFontMetricsF(fonts.font(size, bold=True))
            if text_width(fm, texts) <= panels.width * 0.9:
                break
            size *= 0.94
        return size

    def _set_names(self, size: float, panel_w: float, marked: int | None) -> list[pg.TextItem]:
        """Each figure's name, centred and wrapped to its panel; the highlighted one gold and bold."""
        assert self.colours is not None
        c, u = self.colours, self.unit
        label_font = fonts.font(min(u * 3.4, max(u * 2.2, size * 0.36)))
        marked_label_font = fonts.font(label_font.pixelSize(), bold=True)
        items = []
        for k, (_, label) in enumerate(self._figures):
            item = self.text_pool.take()
            font, colour = (marked_label_font, c.gold) if k == marked else (label_font, c.text)
            style_text(item, label, font, colour, (0.5, 0.0), width=panel_w * 0.9, centred=True)
            items.append(item)
        return items

    def _set_figure(self, figure: Figure, font: QFont, *, muted: bool, marked: bool) -> pg.TextItem:
        """The figure's text, gold (or muted beside a highlighted one), standing on its anchor's bottom edge."""
        assert self.colours is not None
        item = self.text_pool.take()
        colour = self.colours.muted if muted else self.colours.gold
        style_text(item, figure.text(), font, colour, (0.5, 1.0))
        self._styles.append(ValueStyle(figure.text(), QColor(colour), not muted, marked))
        return item

    def _add_bar(self, whole: QRectF, *, approximate: bool, muted: bool) -> None:
        """A bar at its full height ``whole`` (it grows there in :meth:`apply`); an approximate one ends open."""
        assert self.colours is not None
        bar = self.shape_pool.take()
        bar.setPen(QPen(Qt.PenStyle.NoPen))
        fill = with_alpha(self.colours.fill(0), MUTED_ALPHA) if muted else self.colours.fill(0)
        bar.setBrush(QBrush(fill))
        bar.setZValue(SHAPE_Z)
        self._bars.append((bar, whole))
        self._bar_fills.append(fill)
        if approximate:
            self._open_end(whole, fill)

    def _draw_baseline_or_dividers(self, w: float, panels: _Panels) -> None:
        """One baseline under bars of one unit; thin dividers between separate figures; nothing for one figure."""
        assert self.colours is not None
        c, u = self.colours, self.unit
        path = QPainterPath()
        if self.comparable:
            # one shared baseline under the bars: they are measured in the same unit
            y = max((rect.bottom() for _, rect in self._bars), default=0.0)
            path.moveTo(u, y)
            path.lineTo(w - u, y)
            pen = QPen(c.axis, max(1.0, u * 0.2))
        elif panels.columns > 1:
            # thin dividers between separate figures: no axis, no ratio
            for k in range(1, panels.columns):
                x = k * (panels.width + panels.gap) - panels.gap / 2
                for row in range(panels.rows):
                    y0 = row * (panels.height + panels.gap) + panels.height * 0.25
                    path.moveTo(x, y0)
                    path.lineTo(x, y0 + panels.height * 0.5)
            pen = QPen(with_alpha(c.muted, 0.45), max(1.0, u * 0.15))
        else:
            return
        self._lines = self.shape_pool.take()
        self._lines.setPath(path)
        self._lines.setPen(pen)
        self._lines.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self._lines.setZValue(SHAPE_Z - 1)

    def _open_end(self, whole: QRectF, fill: QColor) -> None:
        """The top of an approximate figure's bar, open: faded, with a dashed outline."""
        end = self.shape_pool.take()
        pen = QPen(fill, max(1.0, self.unit * 0.25))
        pen.setStyle(Qt.PenStyle.DashLine)
        end.setPen(pen)
        end.setBrush(QBrush(with_alpha(fill, 0.3)))
        end.setZValue(SHAPE_Z + 1)
        self._ends.append(
            (end, QRectF(whole.left(), whole.top(), whole.width(), whole.height() * APPROXIMATE_END), whole)
        )

    def _underline(self, label: pg.TextItem, centre_x: float, panel_w: float) -> None:
        """A short gold rule under the highlighted figure's name: this card."""
        assert self.colours is not None
        u = self.unit
        width, height = text_size(label)
        rule = self.shape_pool.take()
        path = QPainterPath()
        half = min(width, panel_w * 0.9) / 2
        y = label.pos().y() + height + u * 0.8
        path.addRoundedRect(QRectF(centre_x - half, y, half * 2, max(2.0, u * 0.6)), u * 0.3, u * 0.3)
        rule.setPath(path)
        rule.setPen(QPen(Qt.PenStyle.NoPen))
        rule.setBrush(QBrush(self.colours.gold))
        rule.setZValue(SHAPE_Z)
        self._rules.append(rule)

    def apply(self, t: float) -> None:
        self.progress = t
        if self.chart is None:
            return
        for bar, rect in self._bars:
            path = QPainterPath()
            solid = grown(rect, t)
            open_end = next((end for _, end, whole in self._ends if whole == rect), None)
            if open_end is not None:
                solid.setTop(solid.top() + open_end.height() * t)
            path.addRect(solid)
            bar.setPath(path)
            bar.setOpacity(min(1.0, t * 2))
        for end, rect, whole in self._ends:
            path = QPainterPath()
            top = whole.bottom() - whole.height() * t
            path.addRect(QRectF(rect.left(), top, rect.width(), rect.height() * t))
            end.setPath(path)
            end.setOpacity(min(1.0, t * 2))
        for rule in self._rules:
            rule.setOpacity(t)
        for item, x, y, bar_h in self._figure_items:
            item.setPos(x, y - bar_h * t)
        for item in self._labels:
            item.setOpacity(t)
        if self._lines is not None:
            self._lines.setOpacity(t)

    def bars(self) -> list[QRectF]:
        return [grown(rect, self.progress) for _, rect in self._bars]

    def bar_colours(self) -> list[QColor]:
        return list(self._bar_fills)

    def approximate_marks(self) -> list[QRectF]:
        t = self.progress
        return [
            QRectF(rect.left(), whole.bottom() - whole.height() * t, rect.width(), rect.height() * t)
            for _, rect, whole in self._ends
        ]

    def value_styles(self) -> list[ValueStyle]:
        return list(self._styles)
