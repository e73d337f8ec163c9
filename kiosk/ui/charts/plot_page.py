"""bar, hbar, line and stacked_bar: one PlotItem with a category axis and a value axis."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen

from kiosk.core.model import Chart, ChartType
from kiosk.ui import fonts
from kiosk.ui.charts.axis import ChartAxis
from kiosk.ui.charts.colours import ChartPalette
from kiosk.ui.charts.legend import LegendEntry
from kiosk.ui.charts.line_labels import place_line_labels
from kiosk.ui.charts.page import APPROXIMATE_END, MUTED_ALPHA, ChartPage, ValueStyle, no_interaction
from kiosk.ui.charts.pools import Pool, set_visible
from kiosk.ui.charts.scale import chart_value, is_zero, value_scale
from kiosk.ui.charts.text import new_text_item, style_text, text_size, text_width
from kiosk.ui.look import with_alpha

BAR_Z = 5
APPROXIMATE_Z = 6  # the open end of an approximate figure's bar, over the bar
LINE_Z = 10
DEFAULT_FILL = QColor("#F4C95D")  # until the first chart brings the theme's colours
DEFAULT_AXIS = QColor("#F3DDB3")

# x0, y0, width, height of a series' bars, as given to its BarGraphItem
BarGeometry = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


class PlotPage(ChartPage):
    """Categories along one axis, values along the other; bars, stacks or lines, with value labels."""

    has_axes = True

    def __init__(self) -> None:
        self.bottom = ChartAxis("bottom")
        self.left = ChartAxis("left")
        view = pg.PlotWidget(background=None, axisItems={"bottom": self.bottom, "left": self.left})
        self.widget = self.graphics_view = view
        self.plot: pg.PlotItem = view.getPlotItem()
        self.box: pg.ViewBox = self.plot.getViewBox()
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.box.disableAutoRange()
        no_interaction(view, [self.box])
        self.box.sigResized.connect(self.relayout)

        self.bar_pool: Pool[pg.BarGraphItem] = Pool(self._new_bars, set_visible)
        self.end_pool: Pool[pg.BarGraphItem] = Pool(self._new_ends, set_visible)
        self.line_pool: Pool[pg.PlotDataItem] = Pool(self._new_line, set_visible)
        self.text_pool: Pool[pg.TextItem] = Pool(lambda: new_text_item(self.box), set_visible)

        self.chart: Chart | None = None
        self.colours: ChartPalette | None = None
        self.unit = 8.0
        self.width = self.height = 0.0
        self.values: list[list[float | None]] = []  # per series, per category, in axis units
        self.labels: list[list[pg.TextItem | None]] = []
        self.shown: list[list[bool]] = []  # per label: False when it is left out (a zero figure)
        self.bar_geometry: list[BarGeometry] = []  # per series, as drawn now (whole bars)
        self.end_geometry: list[BarGeometry] = []  # the open ends of approximate figures' bars
        self.highlight: tuple[int, int] | None = None  # series, category
        self.approximate: list[list[bool]] = []  # per series, per category
        self.progress = 1.0
        self.value_max = 1.0
        self.value_font = fonts.font(16, bold=True)
        self.value_axis_px = 0.0

    # pools
    def _new_bars(self) -> pg.BarGraphItem:
        item = pg.BarGraphItem(x0=[], y0=[], width=[], height=[], pen=QPen(Qt.PenStyle.NoPen), brush=DEFAULT_FILL)
        item.setZValue(BAR_Z)
        self.box.addItem(item, ignoreBounds=True)
        return item

    def _new_ends(self) -> pg.BarGraphItem:
        item = pg.BarGraphItem(x0=[], y0=[], width=[], height=[], pen=QPen(Qt.PenStyle.NoPen), brush=DEFAULT_FILL)
        item.setZValue(APPROXIMATE_Z)
        self.box.addItem(item, ignoreBounds=True)
        return item

    def _new_line(self) -> pg.PlotDataItem:
        item = pg.PlotDataItem([], [])
        item.setZValue(LINE_Z)
        self.box.addItem(item, ignoreBounds=True)
        return item

    # ---------------------------------------------------------------- data
    @property
    def kind(self) -> ChartType:
        return self.chart.type if self.chart else ChartType.BAR

    def legend(self, chart: Chart, colours: ChartPalette) -> list[LegendEntry]:
        if len(chart.series) < 2:
            return []
        return [(colours.fill(i), s.name) for i, s in enumerate(chart.series)]

    def set_chart(
        self, chart: Chart, colours: ChartPalette, *, hide_zero_labels: bool = False, highlight: int | None = None
    ) -> None:
        self.chart, self.colours = chart, colours
        n = len(chart.categories)
        self.highlight = (
            divmod(highlight, n) if highlight is not None and n and 0 <= highlight < n * len(chart.series) else None
        )
        self.approximate = [[i < len(s.values) and s.values[i].is_approximate for i in range(n)] for s in chart.series]
        horizontal = chart.type is ChartType.HBAR
        value_title = chart.x_title if horizontal else chart.y_title
        figures = [f for s in chart.series for f in s.values]
        scale = value_scale(figures, value_title)
        self.values = [
            [(chart_value(s.values[i]) / scale.factor) if i < len(s.values) else None for i in range(n)]
            for s in chart.series
        ]
        category_axis, value_axis = (self.left, self.bottom) if horizontal else (self.bottom, self.left)
        category_axis.set_categories(list(chart.categories), self._category_positions(n))
        category_axis.setGrid(False)
        category_axis.highlight_colour = colours.gold
        value_axis.highlight_label = None
        value_axis.set_values(scale)
        value_axis.setGrid(46)
        for axis in (self.left, self.bottom):
            axis.setPen(QPen(colours.axis))
            axis.setTextPen(QPen(colours.text))

        # bars or lines, one item per series
        self.bar_pool.begin()
        self.end_pool.begin()
        self.line_pool.begin()
        self.bar_geometry, self.end_geometry = [], []
        if chart.type is ChartType.LINE:
            for s, _series in enumerate(chart.series):
                line = self.line_pool.take()
                colour = colours.fill(s)
                line.setPen(pg.mkPen(colour, width=1))
                line.setSymbol("o")
                line.setSymbolBrush(QBrush(colour))
                line.setSymbolPen(pg.mkPen(colours.background_deep, width=1))
        else:
            for s, _series in enumerate(chart.series):
                bars = self.bar_pool.take()
                bars.setOpts(brush=QBrush(colours.fill(s)), brushes=self._brushes(s, n), pen=QPen(Qt.PenStyle.NoPen))
                if chart.type is not ChartType.STACKED_BAR and any(self.approximate[s]):
                    ends = self.end_pool.take()
                    ends.setOpts(brush=QBrush(with_alpha(self._fill(s, -1), 0.3)), brushes=None, pen=self._end_pen(s))
        self.bar_pool.end()
        self.end_pool.end()
        self.line_pool.end()

        # value labels: exactly Figure.text()
        self.text_pool.begin()
        self.labels, self.shown = [], []
        for series in chart.series:
            row: list[pg.TextItem | None] = []
            shown: list[bool] = []
            for i in range(n):
                if i >= len(series.values):
                    row.append(None)
                    shown.append(False)
                    continue
                figure = series.values[i]
                item = self.text_pool.take()
                item.setPlainText(figure.text())
                show = not (hide_zero_labels and is_zero(figure))
                item.setVisible(show)
                row.append(item)
                shown.append(show)
            self.labels.append(row)
            self.shown.append(shown)
        self.text_pool.end()
        self._style_labels()

    # ---------------------------------------------------------------- highlight
    def _marked(self, s: int, i: int) -> bool | None:
        """True for the highlighted value, False for the others beside it, None when nothing is highlighted."""
        return None if self.highlight is None else self.highlight == (s, i)

    def _fill(self, s: int, i: int) -> QColor:
        """Series ``s``'s colour; muted for a value beside the highlighted one."""
        assert self.colours is not None
        colour = self.colours.fill(s)
        return with_alpha(colour, MUTED_ALPHA) if self._marked(s, i) is False else colour

    def _brushes(self, s: int, n: int) -> list[QBrush] | None:
        if self.highlight is None:
            return None
        return [QBrush(self._fill(s, i)) for i in range(n)]

    def _end_pen(self, s: int) -> QPen:
        assert self.colours is not None
        pen = QPen(self.colours.fill(s), max(1.0, self.unit * 0.25))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        return pen

    def _category_positions(self, n: int) -> list[float]:
        if self.kind is ChartType.HBAR:
            return [float(n - 1 - i) for i in range(n)]  # first category on top
        return [float(i) for i in range(n)]

    def _style_labels(self) -> None:
        if self.chart is None or self.colours is None:
            return
        stacked = self.kind is ChartType.STACKED_BAR
        line = self.kind is ChartType.LINE
        backdrop = None
        for s, row in enumerate(self.labels):
            fill = self.colours.fill(s)
            # one series: gold figures; several: the text colour (a fill colour may be too faint for text)
            colour = (
                self.colours.text_on(fill)
                if stacked
                else self.colours.gold
                if len(self.labels) == 1
                else self.colours.text
            )
            for i, item in enumerate(row):
                if item is not None:
                    anchor = (0.0, 0.5) if self.kind is ChartType.HBAR else (0.5, 0.5) if stacked else (0.5, 1.0)
                    marked = self._marked(s, i)
                    font = QFont(self.value_font)
                    font.setBold(marked is not False)
                    style_text(
                        item,
                        item.toPlainText(),
                        font,
                        colour if stacked or marked is not False else self.colours.muted,
                        anchor,
                        backdrop=backdrop,
                        padding=self.unit * 0.25 if line else 0.0,
                    )

    # ---------------------------------------------------------------- sizes
    def set_unit(self, unit: float, width: float, height: float) -> None:
        self.unit, self.width, self.height = unit, width, height
        u = unit
        self.plot.layout.setContentsMargins(0, u * 1.0, u * 2.0, 0)
        for axis in (self.left, self.bottom):
            axis.setStyle(
                tickFont=fonts.font(u * 2.5),
                tickTextOffset=max(2, round(u * (1.2 if axis is self.left else 1.0))),
                tickLength=0,
                autoExpandTextSpace=False,
                autoReduceTextSpace=False,
                hideOverlappingLabels=max(4, round(u * 2)),
                maxTickLevel=1,
                maxTextLevel=1,
            )
            axis.setPen(QPen(self.colours.axis if self.colours else DEFAULT_AXIS, max(1.0, u * 0.15)))
        if self.chart is not None:
            self._fit_axes()

    def _fit_axes(self) -> None:
        """Axis sizes from the fonts: wrapped category names, the widest value tick."""
        assert self.chart is not None
        u = self.unit
        names = list(self.chart.categories)
        n = max(1, len(names))
        horizontal = self.kind is ChartType.HBAR
        value_axis, category_axis = (self.bottom, self.left) if horizontal else (self.left, self.bottom)
        self.value_axis_px = value_axis.fit_values(self._top(default=1.0), u)
        portrait = self.height > self.width * 1.1
        if horizontal:
            max_width = self.width * (0.40 if portrait else 0.30)
            slot_height = max(u * 4, (self.height * 0.8) / n)
        else:
            plot_width = max(u * 10, self.width - self.value_axis_px - u * 2)
            max_width = plot_width / n * 0.88
            slot_height = self.height * 0.22
        category_axis.fit_categories(names, self._category_positions(len(names)), max_width, slot_height, u)
        marked = self.highlight[1] if self.highlight is not None else None
        category_axis.highlight_label = category_axis.category_labels[marked] if marked is not None else None
        self._value_label_font(n)
        self.plot.layout.activate()  # axes take their new sizes now, not at the next event loop

    def _top(self, default: float) -> float:
        """The largest value, or the highest stack; ``default`` for none."""
        if self.kind is ChartType.STACKED_BAR:
            return max((sum(v or 0.0 for v in col) for col in zip(*self.values, strict=False)), default=default)
        return max((v for row in self.values for v in row if v is not None), default=default)

    def _label_texts(self) -> list[str]:
        return [item.toPlainText() for row in self.labels for item in row if item is not None]

    def _value_label_font(self, n: int) -> None:
        assert self.chart is not None
        u = self.unit
        size = u * 2.8
        if self.kind in (ChartType.BAR, ChartType.LINE):
            texts = self._label_texts()
            groups = max(1, len(self.chart.series)) if self.kind is ChartType.BAR else 1
            slot = max(u * 4, (self.width - self.value_axis_px - u * 2) / max(1, n) / groups)
            while size > u * 1.6:
                widest = text_width(QFontMetricsF(fonts.font(size, bold=True)), texts)
                if widest <= slot * 0.98:
                    break
                size *= 0.92
        elif self.kind is ChartType.STACKED_BAR:
            size = u * 2.3
        self.value_font = fonts.font(min(size, self.value_cap), bold=True)
        self._style_labels()

    # ---------------------------------------------------------------- geometry
    def relayout(self) -> None:
        if self.chart is None:
            return
        n = len(self.chart.categories)
        w, h = self.box.width(), self.box.height()
        if w <= 1 or h <= 1:
            return
        metrics = QFontMetricsF(self.value_font)
        top = self._top(default=0.0)
        top = top if top > 0 else 1.0
        if self.kind is ChartType.HBAR:
            room = text_width(metrics, self._label_texts()) + self.unit * 1.5
            self.value_max = top * w / max(w - room, w * 0.3)
            self.box.setRange(xRange=(0, self.value_max), yRange=(-0.5, n - 0.5), padding=0)
            self.bottom.set_value_range(self.value_max)
        else:
            room = metrics.height() * 1.35 if self.kind is not ChartType.STACKED_BAR else self.unit
            self.value_max = top * h / max(h - room, h * 0.3)
            self.box.setRange(xRange=(-0.5, n - 0.5), yRange=(0, self.value_max), padding=0)
            self.left.set_value_range(self.value_max)
        if self.kind is ChartType.LINE and self.colours is not None:
            placed = [
                [item if show else None for item, show in zip(row, shown, strict=True)]
                for row, shown in zip(self.labels, self.shown, strict=True)
            ]
            place_line_labels(self.box, self.values, placed, self.unit, with_alpha(self.colours.background_deep, 0.8))
        self.apply(self.progress)

    def apply(self, t: float) -> None:
        self.progress = t
        if self.chart is None:
            return
        if self.kind is ChartType.LINE:
            self._apply_line(t)
        elif self.kind is ChartType.STACKED_BAR:
            self._apply_stacked(t)
        else:
            self._apply_bars(t)

    def _apply_bars(self, t: float) -> None:
        n = len(self.chart.categories) if self.chart else 0
        groups = max(1, len(self.values))
        horizontal = self.kind is ChartType.HBAR
        slot_pixels = (self.box.height() if horizontal else self.box.width()) / max(1, n)
        widest = self.unit * (9 if horizontal else 20)  # a bar never gets fatter than this
        bar = min((0.62 if groups == 1 else 0.8) / groups, widest / max(slot_pixels, 1.0))
        group_width = bar * groups
        positions = self._category_positions(n)
        gap = self.unit * 0.8
        self.bar_geometry, self.end_geometry = [], []
        ends = iter(self.end_pool.active())
        for s, (bars, row) in enumerate(zip(self.bar_pool.active(), self.values, strict=False)):
            offset = -group_width / 2 + (s + 0.5) * bar
            if horizontal:
                offset = -offset
            centres = np.array([positions[i] + offset for i in range(n)], dtype=float)
            lengths = np.array([(v or 0.0) * t for v in row], dtype=float)
            open_end = np.array([APPROXIMATE_END if a else 0.0 for a in self.approximate[s]]) * lengths
            solid = lengths - open_end
            if horizontal:
                geometry = (np.zeros(n), centres - bar / 2, lengths, np.full(n, bar))
                drawn = (np.zeros(n), centres - bar / 2, solid, np.full(n, bar))
                end = (solid, centres - bar / 2, open_end, np.full(n, bar))
            else:
                geometry = (centres - bar / 2, np.zeros(n), np.full(n, bar), lengths)
                drawn = (centres - bar / 2, np.zeros(n), np.full(n, bar), solid)
                end = (centres - bar / 2, solid, np.full(n, bar), open_end)
            self._set_bars(bars, geometry, drawn)
            if any(self.approximate[s]):
                self._set_ends(next(ends), end, self.approximate[s])
            for i, item in enumerate(self.labels[s]):
                if item is None:
                    continue
                if horizontal:
                    item.setPos(lengths[i], centres[i])
                    w, _ = text_size(item)
                    item.setAnchor((-gap / max(w, 1.0), 0.5))
                else:
                    item.setPos(centres[i], lengths[i])
                    _, h = text_size(item)
                    item.setAnchor((0.5, 1.0 + self.unit * 0.5 / max(h, 1.0)))
                item.setOpacity(min(1.0, t * 1.4))

    def _apply_stacked(self, t: float) -> None:
        n = len(self.chart.categories) if self.chart else 0
        slot_pixels = self.box.width() / max(1, n)
        width = min(0.56, self.unit * 20 / max(slot_pixels, 1.0))
        base = np.zeros(n)
        pixel_per_value = self.box.height() / self.value_max if self.value_max else 0.0
        bar_pixels = self.box.width() / max(1, n) * width
        metrics = QFontMetricsF(self.value_font)
        self.bar_geometry = []
        for s, (bars, row) in enumerate(zip(self.bar_pool.active(), self.values, strict=False)):
            heights = np.array([(v or 0.0) for v in row], dtype=float)
            self._set_bars(bars, (np.arange(n) - width / 2, base * t, np.full(n, width), heights * t))
            for i, item in enumerate(self.labels[s]):
                if item is None:
                    continue
                item.setPos(float(i), (base[i] + heights[i] / 2) * t)
                fits = (
                    heights[i] * pixel_per_value >= metrics.height() * 1.05
                    and metrics.horizontalAdvance(item.toPlainText()) <= bar_pixels * 0.96
                )
                item.setVisible(bool(fits) and self.shown[s][i])
                item.setOpacity(max(0.0, (t - 0.6) / 0.4))
            base = base + heights

    def _set_bars(self, bars: pg.BarGraphItem, geometry: BarGeometry, drawn: BarGeometry | None = None) -> None:
        """Draw one series' bars (``drawn``, short of their open ends) and remember them whole, for :meth:`bars`."""
        x0, y0, width, height = drawn if drawn is not None else geometry
        bars.setOpts(x=None, x1=None, y=None, y1=None, x0=x0, width=width, y0=y0, height=height)
        self.bar_geometry.append(geometry)

    def _set_ends(self, ends: pg.BarGraphItem, geometry: BarGeometry, approximate: list[bool]) -> None:
        """The open ends of one series' approximate bars: faded, outlined with a dashed line."""
        keep = np.array(approximate, dtype=bool)
        x0, y0, width, height = (part[keep] for part in geometry)
        ends.setOpts(x=None, x1=None, y=None, y1=None, x0=x0, width=width, y0=y0, height=height)
        self.end_geometry.append((x0, y0, width, height))

    def _apply_line(self, t: float) -> None:
        n = len(self.chart.categories) if self.chart else 0
        u = self.unit
        reach = t * (n - 1)
        for s, (line, row) in enumerate(zip(self.line_pool.active(), self.values, strict=False)):
            colour = self.colours.fill(s) if self.colours else DEFAULT_FILL
            line.setPen(pg.mkPen(colour, width=max(2.0, u * 0.5)))
            line.setSymbolSize(max(6.0, u * 1.8))
            xs: list[float] = []
            ys: list[float] = []
            # an approximate figure's point is an open ring, an exact one a filled dot
            brushes: list[QBrush] = []
            previous: float | None = None
            for i in range(n):
                v = row[i]
                if v is not None and i <= reach + 1e-9:
                    xs.append(float(i))
                    ys.append(v)
                    brushes.append(QBrush(Qt.BrushStyle.NoBrush) if self.approximate[s][i] else QBrush(colour))
                elif v is not None and i - 1 < reach and previous is not None:
                    k = reach - (i - 1)
                    xs.append(i - 1 + k)
                    ys.append(previous + (v - previous) * k)
                    brushes.append(QBrush(colour))
                previous = v
            if any(self.approximate[s]):
                line.setSymbolPen(pg.mkPen(colour, width=max(2.0, u * 0.4)))
            line.setData(np.array(xs), np.array(ys), symbolBrush=brushes)
            for i, item in enumerate(self.labels[s]):
                if item is None:
                    continue
                item.setPos(float(i), row[i] or 0.0)
                item.setVisible((i <= reach + 1e-9 or n == 1) and self.shown[s][i])
                item.setOpacity(1.0)

    # ---------------------------------------------------------------- introspection
    def texts(self) -> list[str]:
        found = [label.replace("\n", "") for label in self.bottom.category_labels + self.left.category_labels]
        found += [item.toPlainText() for item in self.text_pool.active() if item.isVisible()]
        return found

    def bars(self) -> list[QRectF]:
        return _rects(self.bar_geometry)

    def approximate_marks(self) -> list[QRectF]:
        return _rects(self.end_geometry)

    def bar_colours(self) -> list[QColor]:
        if self.colours is None or self.kind is ChartType.LINE:
            return []
        return [self._fill(s, i) for s, row in enumerate(self.values) for i in range(len(row))]

    def value_styles(self) -> list[ValueStyle]:
        return [
            ValueStyle(item.toPlainText(), QColor(item.color), item.textItem.font().bold(), self._marked(s, i) is True)
            for s, row in enumerate(self.labels)
            for i, item in enumerate(row)
            if item is not None
        ]


def _rects(geometry: list[BarGeometry]) -> list[QRectF]:
    rects = []
    for x0, y0, width, height in geometry:
        for x, y, w, h in zip(x0, y0, width, height, strict=True):
            rects.append(QRectF(min(x, x + w), min(y, y + h), abs(w), abs(h)))
    return rects
