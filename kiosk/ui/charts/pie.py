"""Pie and donut charts: the slices as one graphics item, names and figures outside on leader lines."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPicture
from PySide6.QtWidgets import QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from kiosk.core.figures import Figure
from kiosk.core.model import Chart, ChartType
from kiosk.ui import fonts
from kiosk.ui.charts.canvas import SHAPE_Z, CanvasPage
from kiosk.ui.charts.colours import ChartPalette
from kiosk.ui.charts.legend import LegendEntry
from kiosk.ui.charts.scale import chart_value
from kiosk.ui.charts.text import style_text

DONUT_HOLE = 0.56  # the hole's radius, as a share of the donut's
FIRST_SLICE_DEGREES = 90.0  # the first slice starts at twelve o'clock and runs clockwise


class PieItem(pg.GraphicsObject):
    """The slices of a pie or donut, swept to ``progress`` of their full size.

    Drawn into a cached QPicture, made again only when the slices or the
    progress change.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shares: list[float] = []
        self._fills: list[QColor] = []
        self._pen = QPen(Qt.PenStyle.NoPen)
        self._centre = QPointF()
        self._radius = 0.0
        self._inner = 0.0
        self._progress = 1.0
        self._picture: QPicture | None = None
        self.setZValue(SHAPE_Z)

    def set_slices(
        self, shares: list[float], fills: list[QColor], *, pen: QPen, centre: QPointF, radius: float, inner: float
    ) -> None:
        """Slices of ``shares`` (summing to 1 or 0) around ``centre``; ``inner`` > 0 makes a donut."""
        self.prepareGeometryChange()
        self._shares, self._fills, self._pen = shares, fills, pen
        self._centre, self._radius, self._inner = centre, radius, inner
        self._invalidate()

    def set_progress(self, t: float) -> None:
        if t != self._progress:
            self._progress = t
            self._invalidate()

    def _invalidate(self) -> None:
        self._picture = None
        self.update()

    def _draw(self) -> QPicture:
        picture = QPicture()
        painter = QPainter(picture)
        painter.setPen(self._pen)
        cx, cy, r, inner = self._centre.x(), self._centre.y(), self._radius, self._inner
        outer = QRectF(cx - r, cy - r, 2 * r, 2 * r)
        hole = QRectF(cx - inner, cy - inner, 2 * inner, 2 * inner)
        start = FIRST_SLICE_DEGREES
        for share, fill in zip(self._shares, self._fills, strict=True):
            sweep = -360.0 * share * self._progress
            path = QPainterPath()
            if inner > 0:
                path.arcMoveTo(outer, start)
                path.arcTo(outer, start, sweep)
                path.arcTo(hole, start + sweep, -sweep)
                path.closeSubpath()
            else:
                path.moveTo(cx, cy)
                path.arcTo(outer, start, sweep)
                path.closeSubpath()
            painter.setBrush(QBrush(fill))
            painter.drawPath(path)
            start += sweep
        painter.end()
        return picture

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self._picture is None:
            self._picture = self._draw()
        painter.drawPicture(0, 0, self._picture)

    def boundingRect(self) -> QRectF:
        reach = self._radius + self._pen.widthF()  # the outline's overhang, with room to spare
        return QRectF(self._centre.x() - reach, self._centre.y() - reach, 2 * reach, 2 * reach)


class PiePage(CanvasPage):
    """pie and donut: slices from twelve o'clock, each labelled outside with its name and figure."""

    def __init__(self) -> None:
        super().__init__()
        self.pie = PieItem()
        self.box.addItem(self.pie, ignoreBounds=True)
        self._figures: list[tuple[Figure, str]] = []
        self._labels: list[pg.TextItem] = []
        self._leaders: QGraphicsPathItem | None = None

    def legend(self, chart: Chart, colours: ChartPalette) -> list[LegendEntry]:
        series = chart.series[0] if chart.series else None
        names = list(chart.categories[: len(series.values)]) if series else []
        return [(colours.fill(i), name) for i, name in enumerate(names)]

    def load(self, chart: Chart) -> None:
        self._figures = []
        series = chart.series[0] if chart.series else None
        if series is not None:
            for i, figure in enumerate(series.values):
                label = chart.categories[i] if i < len(chart.categories) else series.name
                self._figures.append((figure, label))

    def lay_out(self, w: float, h: float) -> None:
        self._labels, self._leaders = [], None
        u = self.unit
        values = [max(0.0, chart_value(f)) for f, _ in self._figures]
        total = sum(values)
        # Which side each label goes to follows from the angles alone.
        mids = _middle_angles(values, total)
        sides = [math.cos(math.radians(a)) >= -1e-9 for a in mids]  # True: right
        fit = self._fit_labels(w, h, sides)
        r = max(fit.radius, u * 6)
        leader = fit.leader
        cx = fit.left_w + leader + u + r + max(0.0, (w - (fit.left_w + fit.right_w + 2 * leader + 2 * r + 2 * u)) / 2)
        cy = h / 2
        inner = r * DONUT_HOLE if self.chart is not None and self.chart.type is ChartType.DONUT else 0.0
        self._set_slices(values, total, QPointF(cx, cy), r, inner)
        # labels outside, stacked without overlap on each side
        placed = _stacked_labels(mids, sides, cx, cy, r, leader, fit.label_h, h)
        self._draw_leaders(placed, mids, sides, cx, cy, r, leader)
        self._set_labels(placed, sides, fit)
        self._name_the_hole(cx, cy, inner)

    def _fit_labels(self, w: float, h: float, sides: list[bool]) -> _LabelFit:
        """The labels' type: as large as leaves the pie a good size, the figure under its name if need be."""
        u = self.unit
        size, two_lines = u * 2.6, False
        while True:
            fit = self._label_fit(size, two_lines, w, h, sides)
            if fit.radius >= min(w, h) * 0.26:
                return fit
            if not two_lines:  # first try the figure under its name
                two_lines = True
                continue
            if size <= u * 1.6:
                return fit
            size *= 0.92

    def _label_fit(self, size: float, two_lines: bool, w: float, h: float, sides: list[bool]) -> _LabelFit:
        """The labels set at ``size``, and the pie's radius in the room they leave."""
        u = self.unit
        name_font, figure_font = fonts.font(size), fonts.font(size, bold=True)
        nm, fm = QFontMetricsF(name_font), QFontMetricsF(figure_font)
        gap = nm.horizontalAdvance(" ")
        widths = []
        for figure, label in self._figures:
            if two_lines:
                widths.append(max(nm.horizontalAdvance(label), fm.horizontalAdvance(figure.text())))
            else:
                widths.append(nm.horizontalAdvance(label) + gap + fm.horizontalAdvance(figure.text()))
        line_h = max(nm.height(), fm.height())
        label_h = line_h * (2 if two_lines else 1)
        left_w = max((wd for wd, right in zip(widths, sides, strict=True) if not right), default=0.0)
        right_w = max((wd for wd, right in zip(widths, sides, strict=True) if right), default=0.0)
        leader = u * 3.0
        r_w = (w - left_w - right_w - 2 * leader - u * 2) / 2
        r_h = (h - 2 * label_h - u * 2) / 2 / 1.08
        return _LabelFit(
            name_font, figure_font, nm, fm, gap, two_lines, label_h, left_w, right_w, leader, min(r_w, r_h)
        )

    def _set_slices(self, values: list[float], total: float, centre: QPointF, r: float, inner: float) -> None:
        """The slices, each its share of ``total``, parted by thin lines of the background."""
        assert self.colours is not None
        c, u = self.colours, self.unit
        pen = QPen(c.background_deep, max(1.0, u * 0.35))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        shares = [v / total if total else 0.0 for v in values]
        self.pie.set_slices(
            shares, [c.fill(i) for i in range(len(values))], pen=pen, centre=centre, radius=r, inner=inner
        )

    def _draw_leaders(
        self,
        placed: list[tuple[int, float, float]],
        mids: list[float],
        sides: list[bool],
        cx: float,
        cy: float,
        r: float,
        leader: float,
    ) -> None:
        """A line from each slice's edge out to its label, bent once."""
        assert self.colours is not None
        u = self.unit
        leaders = QPainterPath()
        for i, y, x in placed:
            right = sides[i]
            angle = math.radians(mids[i])
            edge = QPointF(cx + r * math.cos(angle), cy - r * math.sin(angle))
            elbow = QPointF(cx + (r + leader * 0.45) * math.cos(angle), y)
            end = QPointF(x - u * 0.6 if right else x + u * 0.6, y)
            leaders.moveTo(edge)
            leaders.lineTo(elbow)
            leaders.lineTo(end)
        self._leaders = self.shape_pool.take()
        self._leaders.setPath(leaders)
        self._leaders.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self._leaders.setPen(QPen(self.colours.muted, max(1.0, u * 0.18)))
        self._leaders.setZValue(SHAPE_Z - 1)

    def _set_labels(self, placed: list[tuple[int, float, float]], sides: list[bool], fit: _LabelFit) -> None:
        """Each slice's name and figure at its leader's end: on one line, or the figure under the name."""
        assert self.colours is not None
        c = self.colours
        for i, y, x in placed:
            figure, label = self._figures[i]
            right = sides[i]
            name_item, figure_item = self.text_pool.take(), self.text_pool.take()
            ax = 0.0 if right else 1.0
            if fit.two_lines:
                style_text(name_item, label, fit.name_font, c.text, (ax, 1.0))
                style_text(figure_item, figure.text(), fit.figure_font, c.gold, (ax, 0.0))
                name_item.setPos(x, y)
                figure_item.setPos(x, y)
            else:
                style_text(name_item, label, fit.name_font, c.text, (ax, 0.5))
                style_text(figure_item, figure.text(), fit.figure_font, c.gold, (ax, 0.5))
                if right:
                    name_item.setPos(x, y)
                    figure_item.setPos(x + fit.names.horizontalAdvance(label) + fit.gap, y)
                else:
                    figure_item.setPos(x, y)
                    name_item.setPos(x - fit.figures.horizontalAdvance(figure.text()) - fit.gap, y)
            self._labels += [name_item, figure_item]

    def _name_the_hole(self, cx: float, cy: float, inner: float) -> None:
        """The donut's hole names its series, when the hole is large enough to read."""
        assert self.colours is not None
        u = self.unit
        name = self.chart.series[0].name if self.chart is not None and self.chart.series else ""
        if inner > u * 4 and name:
            centre = self.text_pool.take()
            font = fonts.font(min(u * 3.0, inner * 0.32), bold=True)
            style_text(centre, name, font, self.colours.text, (0.5, 0.5), width=inner * 1.5, centred=True)
            centre.setPos(cx, cy)
            self._labels.append(centre)

    def apply(self, t: float) -> None:
        self.progress = t
        if self.chart is None:
            return
        self.pie.set_progress(t)
        fade = max(0.0, (t - 0.5) / 0.5)
        for item in self._labels:
            item.setOpacity(fade)
        if self._leaders is not None:
            self._leaders.setOpacity(fade)


@dataclass(frozen=True)
class _LabelFit:
    """The labels' type at one size, the room they take beside the pie and the radius left to it."""

    name_font: QFont
    figure_font: QFont
    names: QFontMetricsF
    figures: QFontMetricsF
    gap: float  # a space in the name font: between a name and its figure on one line
    two_lines: bool  # the figure under its name
    label_h: float
    left_w: float  # the widest label on the left
    right_w: float  # the widest on the right
    leader: float  # the leader line's reach from the pie to its label
    radius: float


def _middle_angles(values: list[float], total: float) -> list[float]:
    """Each slice's middle, in degrees counter-clockwise from three o'clock (the first slice starts at twelve)."""
    count = len(values)
    mids, start = [], 0.0
    for v in values:
        share = v / total if total else 1.0 / max(1, count)
        mids.append(90.0 - 360.0 * (start + share / 2))
        start += share
    return mids


def _stacked_labels(
    mids: list[float], sides: list[bool], cx: float, cy: float, r: float, leader: float, label_h: float, h: float
) -> list[tuple[int, float, float]]:
    """``(slice, y, x)`` of each label: level with its slice, pushed apart so none overlaps, and kept on the page."""
    placed: list[tuple[int, float, float]] = []  # index, y, anchor x
    for right in (True, False):
        group = sorted(
            (i for i in range(len(mids)) if sides[i] == right),
            key=lambda i: -math.sin(math.radians(mids[i])),
        )
        ys = [cy - (r * 1.1) * math.sin(math.radians(mids[i])) for i in group]
        for k in range(1, len(ys)):
            ys[k] = max(ys[k], ys[k - 1] + label_h * 1.05)
        overflow = (ys[-1] + label_h / 2 - h) if ys else 0.0
        if overflow > 0:
            ys = [y - overflow for y in ys]
            for k in range(len(ys) - 2, -1, -1):
                ys[k] = min(ys[k], ys[k + 1] - label_h * 1.05)
        for i, y in zip(group, ys, strict=True):
            x = cx + (r + leader) if right else cx - (r + leader)
            placed.append((i, y, x))
    return placed
