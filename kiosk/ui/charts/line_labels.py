"""Where a line chart's value labels go: each beside its point, over no line and no other label."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor

from kiosk.ui.charts.text import text_size

LINE_SAMPLES = 20  # a line is tested for overlap at this many steps along it


def place_line_labels(
    box: pg.ViewBox,
    values: list[list[float | None]],
    labels: list[list[pg.TextItem | None]],
    unit: float,
    backdrop: QColor,
) -> None:
    """Each point's label where it covers no line: above, upper left or right, or below.

    ``values`` and ``labels`` are per series, per category; a label of None is
    not placed.  A label with nowhere free goes above its point on ``backdrop``.
    """
    (x0, x1), (y0, y1) = box.viewRange()
    w, h = box.width(), box.height()

    def pixel(x: float, y: float) -> QPointF:
        return QPointF((x - x0) / (x1 - x0) * w, h - (y - y0) / (y1 - y0) * h)

    points, segments = _points_and_segments(values, pixel)
    free = _FreeSpace(QRectF(0, 0, w, h), points, segments, dot=unit * 1.0)
    gap = unit * 1.0
    for s, row in enumerate(values):
        for i, v in enumerate(row):
            item = labels[s][i]
            if item is None or v is None:
                continue
            _place_label(item, pixel(float(i), v), free, gap, backdrop)


def _points_and_segments(
    values: list[list[float | None]], pixel: Callable[[float, float], QPointF]
) -> tuple[list[QPointF], list[tuple[QPointF, QPointF]]]:
    """Every point of every series in pixels, and the line segments between neighbouring points."""
    segments: list[tuple[QPointF, QPointF]] = []
    points: list[QPointF] = []
    for row in values:
        previous: QPointF | None = None
        for i, v in enumerate(row):
            point = pixel(float(i), v) if v is not None else None
            if point is not None:
                points.append(point)
            if point is not None and previous is not None:
                segments.append((previous, point))
            previous = point
    return points, segments


class _FreeSpace:
    """The chart's area less its points, its lines and the labels placed so far."""

    def __init__(
        self, bounds: QRectF, points: list[QPointF], segments: list[tuple[QPointF, QPointF]], *, dot: float
    ) -> None:
        self._bounds = bounds
        self._dot = dot  # the room a point keeps around it
        self._placed: list[QRectF] = []
        # Plain numbers, not QPointF: a 24 x 4 line chart tries some 600 places
        # against 90 lines, and Qt calls for each sample took over a second.
        self._dots = [(p.x(), p.y()) for p in points]
        self._lines = []
        for a, b in segments:
            ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()
            samples = [
                (ax + (bx - ax) * k / LINE_SAMPLES, ay + (by - ay) * k / LINE_SAMPLES) for k in range(LINE_SAMPLES + 1)
            ]
            self._lines.append((min(ax, bx), max(ax, bx), min(ay, by), max(ay, by), samples))

    def clear(self, rect: QRectF, own: QPointF) -> bool:
        """Whether ``rect`` lies within the chart and covers no label, no line and no point but ``own``."""
        if not self._bounds.contains(rect) or any(rect.intersects(other) for other in self._placed):
            return False
        left, right, top, bottom = rect.left(), rect.right(), rect.top(), rect.bottom()
        return not self._covers_a_point(left, right, top, bottom, own) and not self._covers_a_line(
            left, right, top, bottom
        )

    def _covers_a_point(self, left: float, right: float, top: float, bottom: float, own: QPointF) -> bool:
        ox, oy, dot = own.x(), own.y(), self._dot
        return any(
            (x, y) != (ox, oy) and left - dot <= x <= right + dot and top - dot <= y <= bottom + dot
            for x, y in self._dots
        )

    def _covers_a_line(self, left: float, right: float, top: float, bottom: float) -> bool:
        for x_min, x_max, y_min, y_max, samples in self._lines:
            if x_max < left or x_min > right or y_max < top or y_min > bottom:
                continue
            if any(left <= x <= right and top <= y <= bottom for x, y in samples):
                return True
        return False

    def take(self, rect: QRectF) -> None:
        """``rect`` now holds a label."""
        self._placed.append(rect)


def _label_places(p: QPointF, tw: float, th: float, gap: float) -> list[QRectF]:
    """Where a label of ``tw``×``th`` may go around point ``p``, the most wanted first."""
    return [
        QRectF(p.x() - tw / 2, p.y() - gap - th, tw, th),  # above
        QRectF(p.x() - gap * 0.6 - tw, p.y() - gap * 0.6 - th, tw, th),  # upper left
        QRectF(p.x() + gap * 0.6, p.y() - gap * 0.6 - th, tw, th),  # upper right
        QRectF(p.x() - tw / 2, p.y() + gap, tw, th),  # below
        QRectF(p.x() - gap - tw, p.y() - th / 2, tw, th),  # left
        QRectF(p.x() + gap, p.y() - th / 2, tw, th),  # right
    ]


def _place_label(item: pg.TextItem, p: QPointF, free: _FreeSpace, gap: float, backdrop: QColor) -> None:
    """``item`` in the first free place around ``p``; with none free, above it on ``backdrop``."""
    tw, th = text_size(item)
    candidates = _label_places(p, tw, th, gap)
    chosen = next((rect for rect in candidates if free.clear(rect, p)), None)
    item.fill = QBrush(Qt.BrushStyle.NoBrush)
    if chosen is None:  # nowhere free: above, on a dark backdrop
        chosen = candidates[0]
        item.fill = QBrush(backdrop)
    free.take(chosen)
    item.setAnchor(((p.x() - chosen.left()) / max(tw, 1.0), (p.y() - chosen.top()) / max(th, 1.0)))
