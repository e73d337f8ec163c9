"""Charts for a card's detail: bar, hbar, line, pie, donut, stacked bar,
comparison and table, drawn with pyqtgraph on the kiosk's red background.

This is the only module that imports pyqtgraph; the app imports it lazily.

Every plot is built once per :class:`ChartView` and then updated with
``setData``/``setOpts``: items come from pools, are reused for the next chart
and hidden when not needed, because pyqtgraph leaks when items are added and
removed again and again.  Every size derives from the widget size.  Figures
are shown exactly as ``Figure.text()`` writes them; numbers are never
reformatted, and figures with different units never share an axis.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QCoreApplication,
    QEasingCurve,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsItem,
    QGraphicsOpacityEffect,
    QGraphicsPathItem,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.figures import MAGNITUDE_FACTORS, Figure, FigureTextError, plot_value
from kiosk.core.model import Chart, ChartType, Theme
from kiosk.ui import fonts

log = logging.getLogger(__name__)

BUILD_MS = 600
BUILD_EASING = QEasingCurve.Type.OutCubic
MIN_GRAPHIC_CONTRAST = 3.0  # bars and slices against the red background
TRANSPARENT = QColor(0, 0, 0, 0)

# Line breaks never put these at the start of a line, nor these at its end.
_NO_LINE_START = set("，。、；：？！）》」』”’…—·%％")
_NO_LINE_END = set("（《「『“‘")

_configured: list[bool] = []


def _configure_pyqtgraph(theme: Theme) -> None:
    """pyqtgraph's global options, once per process."""
    if _configured:
        return
    pg.setConfigOptions(antialias=True, background=None, foreground=theme.text, imageAxisOrder="row-major")
    _configured.append(True)


# ---------------------------------------------------------------- colours


def _luminance(colour: QColor) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    k = min(1.0, max(0.0, share_of_b))
    return QColor.fromRgbF(
        a.redF() * (1 - k) + b.redF() * k,
        a.greenF() * (1 - k) + b.greenF() * k,
        a.blueF() * (1 - k) + b.blueF() * k,
    )


def _with_alpha(colour: QColor, alpha: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(alpha)
    return result


def _ensure_contrast(colour: QColor, grounds: list[QColor], ratio: float) -> QColor:
    """``colour`` moved towards white (or black on a light ground) until it stands out."""
    dark_ground = max(_luminance(g) for g in grounds) < 0.3
    target = QColor("#FFFFFF") if dark_ground else QColor("#000000")
    result = QColor(colour)
    for _ in range(20):
        if min(contrast(result, g) for g in grounds) >= ratio:
            break
        result = _mix(result, target, 0.12)
    return result


def series_colours(theme: Theme, count: int) -> list[QColor]:
    """Fill colours for bars and slices: gold first, then golds and creams.

    Each stands out at least 3:1 from the background, its deep end and the
    surface colour.
    """
    gold, cream = QColor(theme.gold), QColor(theme.text)
    deep, white = QColor(theme.background_deep), QColor("#FFFFFF")
    candidates = [
        gold,
        cream,
        _mix(gold, deep, 0.25),  # dark gold
        _mix(gold, QColor("#FF8A3D"), 0.55),  # orange gold
        _mix(gold, white, 0.55),  # pale gold
        QColor(theme.muted),
        _mix(cream, deep, 0.18),  # warm grey cream
        QColor(theme.accent),
    ]
    grounds = [QColor(theme.background), deep, QColor(theme.surface)]
    result: list[QColor] = []
    for candidate in candidates:
        colour = _ensure_contrast(candidate, grounds, MIN_GRAPHIC_CONTRAST)
        if all(_distance(colour, other) > 38 for other in result):
            result.append(colour)
    if not result:
        result = [gold]
    return [result[i % len(result)] for i in range(max(count, 1))]


def _distance(a: QColor, b: QColor) -> float:
    return math.dist((a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()))


class _Colours:
    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.background = QColor(theme.background)
        self.background_deep = QColor(theme.background_deep)
        self.surface = QColor(theme.surface)
        self.gold = QColor(theme.gold)
        self.text = QColor(theme.text)
        self.muted = QColor(theme.muted)
        self.axis = _with_alpha(self.muted, 0.75)
        self.series = series_colours(theme, 8)

    def fill(self, index: int) -> QColor:
        return self.series[index % len(self.series)]

    def text_on(self, fill: QColor) -> QColor:
        """The more readable of the deep background and the text colour on ``fill``."""
        return self.background_deep if contrast(self.background_deep, fill) >= contrast(self.text, fill) else self.text


# ---------------------------------------------------------------- numbers and text


def _value(figure: Figure) -> float:
    try:
        return plot_value(figure)
    except FigureTextError:
        log.warning("chart figure %r is not a number; drawn as 0", figure.text())
        return 0.0


@dataclass(frozen=True)
class ValueScale:
    """How a value axis counts: in units of ``factor``, with ``suffix`` on each tick."""

    factor: float
    suffix: str


def value_scale(figures: Iterable[Figure], title: str) -> ValueScale:
    """The axis unit for ``figures``: their common magnitude (万, 亿) when they share one.

    The tick labels carry the magnitude unless the axis title already names it.
    """
    plotted = [f for f in figures if f.is_arabic]
    magnitudes = {f.magnitude for f in plotted}
    if len(magnitudes) == 1:
        magnitude = next(iter(magnitudes))
    else:
        top = max((_value(f) for f in plotted), default=0.0)
        magnitude = "亿" if top >= 1e8 else "万" if top >= 1e4 else ""
    factor = float(MAGNITUDE_FACTORS.get(magnitude, 1))
    suffix = "" if not magnitude or magnitude in title else magnitude
    return ValueScale(factor, suffix)


def format_tick(value: float, spacing: float, suffix: str) -> str:
    """An axis tick as plain digits (no exponent, no separators): ``200``, ``2.5万``."""
    if abs(value) < 1e-12:
        return "0"
    decimals = 0 if spacing >= 1 else min(6, math.ceil(-math.log10(spacing) - 1e-9))
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + suffix


def wrap_text(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (Chinese breaks between characters).

    Closing punctuation never starts a line and opening punctuation never ends one.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if not line or metrics.horizontalAdvance(line + char) <= width or char in _NO_LINE_START:
                line += char
                continue
            carry = ""
            while len(line) > 1 and line[-1] in _NO_LINE_END:
                carry = line[-1] + carry
                line = line[:-1]
            lines.append(line)
            line = carry + char
        lines.append(line)
    return lines


def wrap_balanced(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Like :func:`wrap_text`, with lines of even length instead of a short last line."""
    lines = wrap_text(text, metrics, width)
    if len(lines) < 2:
        return lines
    narrower = width
    while narrower > width * 0.4:
        candidate = wrap_text(text, metrics, narrower * 0.95)
        if len(candidate) > len(lines):
            break
        lines, narrower = candidate, narrower * 0.95
    return lines


def _css_font(font: QFont) -> str:
    """A style-sheet font declaration for a kiosk font (style sheets override setFont)."""
    families = ", ".join('"' + f.replace('"', "") + '"' for f in font.families())
    weight = 700 if font.bold() else 400
    return f"font-family: {families}; font-size: {font.pixelSize()}px; font-weight: {weight};"


def _text_width(metrics: QFontMetricsF, lines: Iterable[str]) -> float:
    return max((metrics.horizontalAdvance(line) for line in lines), default=0.0)


# ---------------------------------------------------------------- pools

T = TypeVar("T")


class _Pool(Generic[T]):
    """Items created on demand, reused for every chart, hidden when unused."""

    def __init__(self, factory: Callable[[], T], show: Callable[[T, bool], None]) -> None:
        self._factory = factory
        self._show = show
        self.items: list[T] = []
        self.used = 0

    def begin(self) -> None:
        self.used = 0

    def take(self) -> T:
        if self.used < len(self.items):
            item = self.items[self.used]
        else:
            item = self._factory()
            self.items.append(item)
        self.used += 1
        self._show(item, True)
        return item

    def end(self) -> None:
        for item in self.items[self.used :]:
            self._show(item, False)

    def active(self) -> list[T]:
        return self.items[: self.used]


def _set_visible(item: QGraphicsItem, visible: bool) -> None:
    item.setVisible(visible)  # TextItem overrides setVisible in Python; hide() would bypass it


def _new_text_item(view_box: pg.ViewBox) -> pg.TextItem:
    item = pg.TextItem("", anchor=(0.5, 1.0))
    item.textItem.document().setDocumentMargin(0)
    item.setZValue(20)
    view_box.addItem(item, ignoreBounds=True)
    return item


def _style_text(
    item: pg.TextItem,
    text: str,
    font: QFont,
    colour: QColor,
    anchor: tuple[float, float],
    *,
    width: float = -1,
    centred: bool = False,
    backdrop: QColor | None = None,
    padding: float = 0.0,
) -> None:
    """Plain text only: bundle text is data, never markup."""
    item.fill = QBrush(backdrop) if backdrop is not None else QBrush(Qt.BrushStyle.NoBrush)
    document = item.textItem.document()
    if document.documentMargin() != padding:
        document.setDocumentMargin(padding)
    item.setFont(font)
    item.setColor(colour)
    option = document.defaultTextOption()
    alignment = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
    if option.alignment() != alignment:
        option.setAlignment(alignment)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
    item.setTextWidth(width)
    item.setPlainText(text)
    item.setAnchor(anchor)
    item.setOpacity(1.0)


def _text_size(item: pg.TextItem) -> tuple[float, float]:
    rect = item.textItem.boundingRect()
    return rect.width(), rect.height()


# ---------------------------------------------------------------- axes


class _ChartAxis(pg.AxisItem):
    """An axis with either category names or plain-digit values with a magnitude."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.scale_info = ValueScale(1.0, "")
        self.enableAutoSIPrefix(False)
        self.category_labels: list[str] = []

    def set_categories(self, labels: list[str], positions: list[float]) -> None:
        self.category_labels = labels
        self.setTicks([list(zip(positions, labels, strict=True)), []])

    def set_values(self, scale: ValueScale) -> None:
        self.category_labels = []
        self.scale_info = scale
        self.setTicks(None)
        self.picture = None
        self.update()

    def boundingRect(self) -> QRectF:
        # With a grid pyqtgraph drops its overhang, and so the tick text at
        # either end (the 0 at the origin); give it room along the axis again.
        rect = super().boundingRect()
        m = float(self.style["hideOverlappingLabels"]) if self.style["hideOverlappingLabels"] is not True else 0.0
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -m, 0, m)
        return rect.adjusted(-m, 0, m, 0)

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]
        return [format_tick(v, spacing, self.scale_info.suffix) for v in values]


# ---------------------------------------------------------------- pages


class _Page:
    widget: QWidget

    def set_chart(self, chart: Chart, colours: _Colours) -> None:
        raise NotImplementedError

    def set_unit(self, unit: float, width: float, height: float) -> None:
        raise NotImplementedError

    def relayout(self) -> None:
        raise NotImplementedError

    def apply(self, t: float) -> None:
        raise NotImplementedError

    def texts(self) -> list[str]:
        raise NotImplementedError

    def bars(self) -> list[QRectF]:
        return []

    def scene_item_count(self) -> int:
        return 0


def _no_interaction(view: pg.GraphicsView, boxes: list[pg.ViewBox]) -> None:
    """Visitors tap; they never pan, zoom or open a menu.  Taps go to the parent."""
    for box in boxes:
        box.setMouseEnabled(False, False)
        box.setMenuEnabled(False)
    view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.viewport().setAutoFillBackground(False)
    view.setStyleSheet("background: transparent; border: none;")


class _PlotPage(_Page):
    """bar, hbar, line and stacked_bar on one PlotItem with two axes."""

    def __init__(self) -> None:
        self.bottom = _ChartAxis("bottom")
        self.left = _ChartAxis("left")
        self.widget = pg.PlotWidget(background=None, axisItems={"bottom": self.bottom, "left": self.left})
        self.plot: pg.PlotItem = self.widget.getPlotItem()
        self.box: pg.ViewBox = self.plot.getViewBox()
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.box.disableAutoRange()
        _no_interaction(self.widget, [self.box])
        self.box.sigResized.connect(self.relayout)

        self.bar_pool: _Pool[pg.BarGraphItem] = _Pool(self._new_bars, _set_visible)
        self.line_pool: _Pool[pg.PlotDataItem] = _Pool(self._new_line, _set_visible)
        self.text_pool: _Pool[pg.TextItem] = _Pool(lambda: _new_text_item(self.box), _set_visible)

        self.chart: Chart | None = None
        self.colours: _Colours | None = None
        self.unit = 8.0
        self.width = self.height = 0.0
        self.values: list[list[float | None]] = []  # per series, per category, in axis units
        self.labels: list[list[pg.TextItem | None]] = []
        self.progress = 1.0
        self.value_max = 1.0
        self.value_font = fonts.font(16, bold=True)
        self.value_axis_px = 0.0

    # pools
    def _new_bars(self) -> pg.BarGraphItem:
        item = pg.BarGraphItem(x0=[], y0=[], width=[], height=[], pen=QPen(Qt.PenStyle.NoPen), brush=QColor("#F4C95D"))
        item.setZValue(5)
        self.box.addItem(item, ignoreBounds=True)
        return item

    def _new_line(self) -> pg.PlotDataItem:
        item = pg.PlotDataItem([], [])
        item.setZValue(10)
        self.box.addItem(item, ignoreBounds=True)
        return item

    # ---------------------------------------------------------------- data
    @property
    def kind(self) -> ChartType:
        return self.chart.type if self.chart else ChartType.BAR

    def set_chart(self, chart: Chart, colours: _Colours) -> None:
        self.chart, self.colours = chart, colours
        n = len(chart.categories)
        horizontal = chart.type is ChartType.HBAR
        value_title = chart.x_title if horizontal else chart.y_title
        figures = [f for s in chart.series for f in s.values]
        scale = value_scale(figures, value_title)
        self.values = [
            [(_value(s.values[i]) / scale.factor) if i < len(s.values) else None for i in range(n)]
            for s in chart.series
        ]
        category_axis, value_axis = (self.left, self.bottom) if horizontal else (self.bottom, self.left)
        category_axis.set_categories(list(chart.categories), self._category_positions(n))
        category_axis.setGrid(False)
        value_axis.set_values(scale)
        value_axis.setGrid(46)
        for axis in (self.left, self.bottom):
            axis.setPen(QPen(colours.axis))
            axis.setTextPen(QPen(colours.text))

        # bars or lines, one item per series
        self.bar_pool.begin()
        self.line_pool.begin()
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
                bars.setOpts(brush=QBrush(colours.fill(s)), pen=QPen(Qt.PenStyle.NoPen))
        self.bar_pool.end()
        self.line_pool.end()

        # value labels: exactly Figure.text()
        self.text_pool.begin()
        self.labels = []
        for series in chart.series:
            row: list[pg.TextItem | None] = []
            for i in range(n):
                if i >= len(series.values):
                    row.append(None)
                    continue
                item = self.text_pool.take()
                item.setPlainText(series.values[i].text())
                row.append(item)
            self.labels.append(row)
        self.text_pool.end()
        self._style_labels()

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
            for item in row:
                if item is not None:
                    anchor = (0.0, 0.5) if self.kind is ChartType.HBAR else (0.5, 0.5) if stacked else (0.5, 1.0)
                    _style_text(
                        item,
                        item.toPlainText(),
                        self.value_font,
                        colour,
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
            axis.setPen(QPen(self.colours.axis if self.colours else QColor("#F3DDB3"), max(1.0, u * 0.15)))
        if self.chart is not None:
            self._fit_axes()

    def _fit_axes(self) -> None:
        """Axis sizes from the fonts: wrapped category names, the widest value tick."""
        assert self.chart is not None
        u = self.unit
        n = max(1, len(self.chart.categories))
        names = list(self.chart.categories)
        horizontal = self.kind is ChartType.HBAR
        tick_font = fonts.font(u * 2.5)
        # value axis: room for the widest tick label
        value_axis = self.bottom if horizontal else self.left
        value_metrics = QFontMetricsF(tick_font)
        top = max((v for row in self.values for v in row if v is not None), default=1.0)
        if self.kind is ChartType.STACKED_BAR:
            top = max((sum(v or 0.0 for v in col) for col in zip(*self.values, strict=False)), default=1.0)
        widest = format_tick(top * 1.3, 1 if top * 1.3 >= 5 else 0.1, value_axis.scale_info.suffix)
        value_axis.setStyle(tickFont=tick_font)
        if horizontal:
            value_axis.setHeight(round(value_metrics.height() + u * 1.2 + u * 0.6))
            self.value_axis_px = 0.0
        else:
            self.value_axis_px = round(value_metrics.horizontalAdvance(widest + "0") + u * 1.6)
            value_axis.setWidth(self.value_axis_px)

        # category axis: names wrapped to their slot, the font shrunk until they fit
        category_axis = self.left if horizontal else self.bottom
        portrait = self.height > self.width * 1.1
        if horizontal:
            max_width = self.width * (0.40 if portrait else 0.30)
            slot_height = max(u * 4, (self.height * 0.8) / n)
        else:
            plot_width = max(u * 10, self.width - self.value_axis_px - u * 2)
            max_width = plot_width / n * 0.88
            slot_height = self.height * 0.22
        size = u * 2.6
        while True:
            font = fonts.font(size)
            metrics = QFontMetricsF(font)
            wrapped = [wrap_balanced(name, metrics, max_width) for name in names]
            lines = max((len(w) for w in wrapped), default=1)
            fits = lines <= 3 and lines * metrics.lineSpacing() <= slot_height
            if fits or size <= u * 1.5:
                break
            size *= 0.92
        labels = ["\n".join(w) for w in wrapped]
        category_axis.setStyle(tickFont=font)
        category_axis.set_categories(labels, self._category_positions(len(names)))
        if horizontal:
            widest_line = max((_text_width(metrics, w) for w in wrapped), default=0.0)
            category_axis.setWidth(round(widest_line + u * 1.2 + u * 1.0))
        else:
            category_axis.setHeight(round(lines * metrics.lineSpacing() + u * 1.0 + u * 0.8))
        self._value_label_font(n)
        self.plot.layout.activate()  # axes take their new sizes now, not at the next event loop

    def _value_label_font(self, n: int) -> None:
        assert self.chart is not None
        u = self.unit
        size = u * 2.8
        texts = [item.toPlainText() for row in self.labels for item in row if item is not None]
        if self.kind in (ChartType.BAR, ChartType.LINE):
            groups = max(1, len(self.chart.series)) if self.kind is ChartType.BAR else 1
            slot = max(u * 4, (self.width - self.value_axis_px - u * 2) / max(1, n) / groups)
            while size > u * 1.6:
                widest = _text_width(QFontMetricsF(fonts.font(size, bold=True)), texts)
                if widest <= slot * 0.98:
                    break
                size *= 0.92
        elif self.kind is ChartType.STACKED_BAR:
            size = u * 2.3
        self.value_font = fonts.font(size, bold=True)
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
        rows = [v for row in self.values for v in row if v is not None]
        top = max(rows, default=0.0)
        if self.kind is ChartType.STACKED_BAR:
            top = max((sum(v or 0.0 for v in col) for col in zip(*self.values, strict=False)), default=0.0)
        top = top if top > 0 else 1.0
        if self.kind is ChartType.HBAR:
            texts = [item.toPlainText() for row in self.labels for item in row if item is not None]
            room = _text_width(metrics, texts) + self.unit * 1.5
            self.value_max = top * w / max(w - room, w * 0.3)
            self.box.setRange(xRange=(0, self.value_max), yRange=(-0.5, n - 0.5), padding=0)
        else:
            room = metrics.height() * 1.35 if self.kind is not ChartType.STACKED_BAR else self.unit
            self.value_max = top * h / max(h - room, h * 0.3)
            self.box.setRange(xRange=(-0.5, n - 0.5), yRange=(0, self.value_max), padding=0)
        if self.kind is ChartType.LINE:
            self._place_line_labels()
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
        for s, (bars, row) in enumerate(zip(self.bar_pool.active(), self.values, strict=False)):
            offset = -group_width / 2 + (s + 0.5) * bar
            if horizontal:
                offset = -offset
            centres = np.array([positions[i] + offset for i in range(n)], dtype=float)
            lengths = np.array([(v or 0.0) * t for v in row], dtype=float)
            if horizontal:
                bars.setOpts(x=None, x1=None, y=None, y1=None, x0=0.0, width=lengths, y0=centres - bar / 2, height=bar)
            else:
                bars.setOpts(x=None, x1=None, y=None, y1=None, x0=centres - bar / 2, width=bar, y0=0.0, height=lengths)
            for i, item in enumerate(self.labels[s]):
                if item is None:
                    continue
                if horizontal:
                    item.setPos(lengths[i], centres[i])
                    w, _ = _text_size(item)
                    item.setAnchor((-gap / max(w, 1.0), 0.5))
                else:
                    item.setPos(centres[i], lengths[i])
                    _, h = _text_size(item)
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
        for s, (bars, row) in enumerate(zip(self.bar_pool.active(), self.values, strict=False)):
            heights = np.array([(v or 0.0) for v in row], dtype=float)
            bars.setOpts(
                x=None,
                x1=None,
                y=None,
                y1=None,
                x0=np.arange(n) - width / 2,
                width=width,
                y0=base * t,
                height=heights * t,
            )
            for i, item in enumerate(self.labels[s]):
                if item is None:
                    continue
                item.setPos(float(i), (base[i] + heights[i] / 2) * t)
                fits = (
                    heights[i] * pixel_per_value >= metrics.height() * 1.05
                    and metrics.horizontalAdvance(item.toPlainText()) <= bar_pixels * 0.96
                )
                item.setVisible(bool(fits))
                item.setOpacity(max(0.0, (t - 0.6) / 0.4))
            base = base + heights

    def _apply_line(self, t: float) -> None:
        n = len(self.chart.categories) if self.chart else 0
        u = self.unit
        reach = t * (n - 1)
        for s, (line, row) in enumerate(zip(self.line_pool.active(), self.values, strict=False)):
            colour = self.colours.fill(s) if self.colours else QColor("#F4C95D")
            line.setPen(pg.mkPen(colour, width=max(2.0, u * 0.5)))
            line.setSymbolSize(max(6.0, u * 1.8))
            xs: list[float] = []
            ys: list[float] = []
            for i in range(n):
                v = row[i]
                if v is None:
                    continue
                if i <= reach + 1e-9:
                    xs.append(float(i))
                    ys.append(v)
                elif i - 1 < reach and row[i - 1] is not None:
                    k = reach - (i - 1)
                    xs.append(i - 1 + k)
                    ys.append(row[i - 1] + (v - row[i - 1]) * k)  # type: ignore[operator]
            line.setData(np.array(xs), np.array(ys))
            for i, item in enumerate(self.labels[s]):
                if item is None:
                    continue
                item.setPos(float(i), row[i] or 0.0)
                item.setVisible(i <= reach + 1e-9 or n == 1)
                item.setOpacity(1.0)

    def _place_line_labels(self) -> None:
        """Each point's label where it covers no line: above, upper left or right, or below."""
        if self.colours is None:
            return
        (x0, x1), (y0, y1) = self.box.viewRange()
        w, h = self.box.width(), self.box.height()

        def pixel(x: float, y: float) -> QPointF:
            return QPointF((x - x0) / (x1 - x0) * w, h - (y - y0) / (y1 - y0) * h)

        segments: list[tuple[QPointF, QPointF]] = []
        points: list[QPointF] = []
        for row in self.values:
            previous: QPointF | None = None
            for i, v in enumerate(row):
                point = pixel(float(i), v) if v is not None else None
                if point is not None:
                    points.append(point)
                if point is not None and previous is not None:
                    segments.append((previous, point))
                previous = point
        bounds = QRectF(0, 0, w, h)
        gap = self.unit * 1.0
        dot = self.unit * 1.0
        placed: list[QRectF] = []
        # Plain numbers, not QPointF: a 24 x 4 line chart tries some 600 places
        # against 90 lines, and Qt calls for each sample took over a second.
        dots = [(p.x(), p.y()) for p in points]
        lines = []
        for a, b in segments:
            ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()
            samples = [(ax + (bx - ax) * k / 20, ay + (by - ay) * k / 20) for k in range(21)]
            lines.append((min(ax, bx), max(ax, bx), min(ay, by), max(ay, by), samples))

        def clear(rect: QRectF, own: QPointF) -> bool:
            if not bounds.contains(rect) or any(rect.intersects(other) for other in placed):
                return False
            left, right, top, bottom = rect.left(), rect.right(), rect.top(), rect.bottom()
            ox, oy = own.x(), own.y()
            for x, y in dots:
                if (x, y) != (ox, oy) and left - dot <= x <= right + dot and top - dot <= y <= bottom + dot:
                    return False
            for x_min, x_max, y_min, y_max, samples in lines:
                if x_max < left or x_min > right or y_max < top or y_min > bottom:
                    continue
                if any(left <= x <= right and top <= y <= bottom for x, y in samples):
                    return False
            return True

        for s, row in enumerate(self.values):
            for i, v in enumerate(row):
                item = self.labels[s][i]
                if item is None or v is None:
                    continue
                p = pixel(float(i), v)
                tw, th = _text_size(item)
                candidates = [
                    QRectF(p.x() - tw / 2, p.y() - gap - th, tw, th),  # above
                    QRectF(p.x() - gap * 0.6 - tw, p.y() - gap * 0.6 - th, tw, th),  # upper left
                    QRectF(p.x() + gap * 0.6, p.y() - gap * 0.6 - th, tw, th),  # upper right
                    QRectF(p.x() - tw / 2, p.y() + gap, tw, th),  # below
                    QRectF(p.x() - gap - tw, p.y() - th / 2, tw, th),  # left
                    QRectF(p.x() + gap, p.y() - th / 2, tw, th),  # right
                ]
                chosen = next((rect for rect in candidates if clear(rect, p)), None)
                item.fill = QBrush(Qt.BrushStyle.NoBrush)
                if chosen is None:  # nowhere free: above, on a dark backdrop
                    chosen = candidates[0]
                    item.fill = QBrush(_with_alpha(self.colours.background_deep, 0.8))
                placed.append(chosen)
                item.setAnchor(((p.x() - chosen.left()) / max(tw, 1.0), (p.y() - chosen.top()) / max(th, 1.0)))

    # ---------------------------------------------------------------- introspection
    def texts(self) -> list[str]:
        found = [label.replace("\n", "") for label in self.bottom.category_labels + self.left.category_labels]
        found += [item.toPlainText() for item in self.text_pool.active() if item.isVisible()]
        return found

    def bars(self) -> list[QRectF]:
        rects = []
        for bars in self.bar_pool.active():
            x0, y0, x1, y1 = bars._getNormalizedCoords()
            for a, b, c, d in zip(*np.broadcast_arrays(x0, y0, x1, y1), strict=True):
                rects.append(QRectF(float(a), float(b), float(c - a), float(d - b)))
        return rects

    def scene_item_count(self) -> int:
        return len(self.widget.scene().items())


class _CanvasPage(_Page):
    """pie, donut and comparison: shapes and texts in one ViewBox whose units are pixels."""

    def __init__(self) -> None:
        self.widget = pg.GraphicsView(background=None)
        self.box = pg.ViewBox(enableMouse=False, enableMenu=False, invertY=True, lockAspect=True, defaultPadding=0)
        self.box.disableAutoRange()
        self.widget.setCentralItem(self.box)
        _no_interaction(self.widget, [self.box])
        self.box.sigResized.connect(self.relayout)
        self.shape_pool: _Pool[QGraphicsPathItem] = _Pool(self._new_shape, _set_visible)
        self.text_pool: _Pool[pg.TextItem] = _Pool(lambda: _new_text_item(self.box), _set_visible)
        self.chart: Chart | None = None
        self.colours: _Colours | None = None
        self.unit = 8.0
        self.progress = 1.0
        self.comparable = False
        # per chart: the parts, built in relayout
        self._slices: list[tuple[QGraphicsPathItem, float]] = []
        self._leaders: QGraphicsPathItem | None = None
        self._labels: list[pg.TextItem] = []
        self._figures: list[tuple[Figure, str]] = []
        self._bars: list[tuple[QGraphicsPathItem, QRectF]] = []
        self._figure_items: list[tuple[pg.TextItem, float, float]] = []  # item, x, y at full height
        self._geometry: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # cx, cy, r, inner r

    def _new_shape(self) -> QGraphicsPathItem:
        item = QGraphicsPathItem()
        item.setZValue(5)
        self.box.addItem(item, ignoreBounds=True)
        return item

    @property
    def kind(self) -> ChartType:
        return self.chart.type if self.chart else ChartType.PIE

    def set_chart(self, chart: Chart, colours: _Colours) -> None:
        self.chart, self.colours = chart, colours
        self._figures = []
        if chart.type is ChartType.COMPARISON:
            for series in chart.series:
                for i, figure in enumerate(series.values):
                    if i < len(chart.categories):
                        label = chart.categories[i] + (
                            f"（{series.name}）" if len(chart.series) > 1 and series.name else ""
                        )
                    else:
                        label = series.name
                    self._figures.append((figure, label))
            units = {f.unit for f, _ in self._figures}
            self.comparable = len(units) == 1 and all(f.is_arabic for f, _ in self._figures) and len(self._figures) > 1
        else:
            series = chart.series[0] if chart.series else None
            if series is not None:
                for i, figure in enumerate(series.values):
                    label = chart.categories[i] if i < len(chart.categories) else series.name
                    self._figures.append((figure, label))
            self.comparable = False
        self.relayout()

    def set_unit(self, unit: float, width: float, height: float) -> None:
        self.unit = unit

    def relayout(self) -> None:
        if self.chart is None:
            return
        w, h = self.box.width(), self.box.height()
        if w <= 1 or h <= 1:
            return
        self.box.setRange(xRange=(0, w), yRange=(0, h), padding=0)
        self.shape_pool.begin()
        self.text_pool.begin()
        self._slices, self._bars, self._labels, self._figure_items = [], [], [], []
        self._leaders = None
        if self.kind is ChartType.COMPARISON:
            self._layout_comparison(w, h)
        else:
            self._layout_pie(w, h)
        self.shape_pool.end()
        self.text_pool.end()
        self.apply(self.progress)

    # ---------------------------------------------------------------- pie
    def _layout_pie(self, w: float, h: float) -> None:
        assert self.colours is not None
        c, u = self.colours, self.unit
        values = [max(0.0, _value(f)) for f, _ in self._figures]
        total = sum(values)
        count = len(values)
        # Which side each label goes to follows from the angles alone.
        mids, start = [], 0.0
        for v in values:
            share = v / total if total else 1.0 / max(1, count)
            mids.append(90.0 - 360.0 * (start + share / 2))
            start += share
        sides = [math.cos(math.radians(a)) >= -1e-9 for a in mids]  # True: right

        size, two_lines = u * 2.6, False
        while True:
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
            r = min(r_w, r_h)
            if r >= min(w, h) * 0.26:
                break
            if not two_lines:  # first try the figure under its name
                two_lines = True
                continue
            if size <= u * 1.6:
                break
            size *= 0.92
        r = max(r, u * 6)
        cx = left_w + leader + u + r + max(0.0, (w - (left_w + right_w + 2 * leader + 2 * r + 2 * u)) / 2)
        cy = h / 2
        inner = r * 0.56 if self.kind is ChartType.DONUT else 0.0
        self._geometry = (cx, cy, r, inner)

        pen = QPen(c.background_deep, max(1.0, u * 0.35))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        for i, v in enumerate(values):
            item = self.shape_pool.take()
            item.setPen(pen)
            item.setBrush(QBrush(c.fill(i)))
            item.setOpacity(1.0)
            item.setZValue(5)
            self._slices.append((item, v / total if total else 0.0))

        # labels outside, stacked without overlap on each side
        placed: list[tuple[int, float, float]] = []  # index, y, anchor x
        for right in (True, False):
            group = sorted(
                (i for i in range(count) if sides[i] == right),
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

        leaders = QPainterPath()
        for i, y, x in placed:
            figure, label = self._figures[i]
            right = sides[i]
            angle = math.radians(mids[i])
            edge = QPointF(cx + r * math.cos(angle), cy - r * math.sin(angle))
            elbow = QPointF(cx + (r + leader * 0.45) * math.cos(angle), y)
            end = QPointF(x - u * 0.6 if right else x + u * 0.6, y)
            leaders.moveTo(edge)
            leaders.lineTo(elbow)
            leaders.lineTo(end)
            name_item, figure_item = self.text_pool.take(), self.text_pool.take()
            ax = 0.0 if right else 1.0
            if two_lines:
                _style_text(name_item, label, name_font, c.text, (ax, 1.0))
                _style_text(figure_item, figure.text(), figure_font, c.gold, (ax, 0.0))
                name_item.setPos(x, y)
                figure_item.setPos(x, y)
            else:
                _style_text(name_item, label, name_font, c.text, (ax, 0.5))
                _style_text(figure_item, figure.text(), figure_font, c.gold, (ax, 0.5))
                if right:
                    name_item.setPos(x, y)
                    figure_item.setPos(x + nm.horizontalAdvance(label) + gap, y)
                else:
                    figure_item.setPos(x, y)
                    name_item.setPos(x - fm.horizontalAdvance(figure.text()) - gap, y)
            self._labels += [name_item, figure_item]
        self._leaders = self.shape_pool.take()
        self._leaders.setPath(leaders)
        self._leaders.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self._leaders.setPen(QPen(c.muted, max(1.0, u * 0.18)))
        self._leaders.setZValue(4)
        if (
            self.kind is ChartType.DONUT
            and self.chart
            and self.chart.series
            and self.chart.series[0].name
            and inner > u * 4
        ):
            centre = self.text_pool.take()
            name = self.chart.series[0].name
            font = fonts.font(min(u * 3.0, inner * 0.32), bold=True)
            _style_text(centre, name, font, c.text, (0.5, 0.5), width=inner * 1.5, centred=True)
            centre.setPos(cx, cy)
            self._labels.append(centre)

    # ---------------------------------------------------------------- comparison
    def _layout_comparison(self, w: float, h: float) -> None:
        assert self.colours is not None
        c, u = self.colours, self.unit
        count = max(1, len(self._figures))
        portrait = h > w * 1.1
        if self.comparable:
            columns = count  # bars in one unit share one baseline, so one row
        elif portrait:
            columns = 2 if count in (2, 4) else 1
        else:
            columns = count if count <= 4 else math.ceil(count / 2)
        rows = math.ceil(count / columns)
        gap = u * 3
        panel_w = (w - gap * (columns - 1)) / columns
        panel_h = (h - gap * (rows - 1)) / rows
        texts = [f.text() for f, _ in self._figures]
        # One size for every figure: large, but each fits its panel.
        size = min(u * (12 if self.comparable else 14), panel_h * 0.3)
        while size > u * 3:
            fm = QFontMetricsF(fonts.font(size, bold=True))
            if _text_width(fm, texts) <= panel_w * 0.9:
                break
            size *= 0.94
        figure_font = fonts.font(size, bold=True)
        figure_h = QFontMetricsF(figure_font).height()
        label_font = fonts.font(min(u * 3.4, max(u * 2.2, size * 0.36)))
        values = [max(0.0, _value(f)) for f, _ in self._figures] if self.comparable else []
        top = max(values, default=0.0) or 1.0
        # Label heights first, so every panel shares one baseline.
        label_items = []
        for _, label in self._figures:
            item = self.text_pool.take()
            _style_text(item, label, label_font, c.text, (0.5, 0.0), width=panel_w * 0.9, centred=True)
            label_items.append(item)
        label_h = max((_text_size(item)[1] for item in label_items), default=0.0)
        for k, ((figure, _), label_item) in enumerate(zip(self._figures, label_items, strict=True)):
            row, col = divmod(k, columns)
            left = col * (panel_w + gap)
            top_y = row * (panel_h + gap)
            centre_x = left + panel_w / 2
            figure_item = self.text_pool.take()
            _style_text(figure_item, figure.text(), figure_font, c.gold, (0.5, 1.0))
            if self.comparable:
                baseline = top_y + panel_h - label_h - u * 2.0
                max_bar = max(u * 2, baseline - top_y - figure_h - u * 2)
                bar_w = min(panel_w * 0.42, u * 22)
                bar_h = max_bar * values[k] / top
                bar = self.shape_pool.take()
                bar.setPen(QPen(Qt.PenStyle.NoPen))
                bar.setBrush(QBrush(c.fill(0)))
                bar.setZValue(5)
                self._bars.append((bar, QRectF(centre_x - bar_w / 2, baseline - bar_h, bar_w, bar_h)))
                self._figure_items.append((figure_item, centre_x, baseline - u * 1.0))
                label_item.setPos(centre_x, baseline + u * 1.2)
                figure_item.setData(0, bar_h)
            else:
                block = figure_h + u * 1.5 + label_h
                y = top_y + (panel_h - block) / 2 + figure_h
                figure_item.setPos(centre_x, y)
                figure_item.setData(0, 0.0)
                self._figure_items.append((figure_item, centre_x, y))
                label_item.setPos(centre_x, y + u * 1.5)
            self._labels += [label_item, figure_item]
        if self.comparable:
            # one shared baseline under the bars: they are measured in the same unit
            baseline_item = self.shape_pool.take()
            path = QPainterPath()
            y = max((rect.bottom() for _, rect in self._bars), default=0.0)
            path.moveTo(u, y)
            path.lineTo(w - u, y)
            baseline_item.setPath(path)
            baseline_item.setPen(QPen(c.axis, max(1.0, u * 0.2)))
            baseline_item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            baseline_item.setZValue(4)
            self._leaders = baseline_item
        elif columns > 1:
            # thin dividers between separate figures: no axis, no ratio
            divider = self.shape_pool.take()
            path = QPainterPath()
            for k in range(1, columns):
                x = k * (panel_w + gap) - gap / 2
                for row in range(rows):
                    y0 = row * (panel_h + gap) + panel_h * 0.25
                    path.moveTo(x, y0)
                    path.lineTo(x, y0 + panel_h * 0.5)
            divider.setPath(path)
            divider.setPen(QPen(_with_alpha(c.muted, 0.45), max(1.0, u * 0.15)))
            divider.setBrush(QBrush(Qt.BrushStyle.NoBrush))
            divider.setZValue(4)
            self._leaders = divider

    # ---------------------------------------------------------------- animation
    def apply(self, t: float) -> None:
        self.progress = t
        if self.chart is None:
            return
        if self.kind is ChartType.COMPARISON:
            for bar, rect in self._bars:
                grown = QRectF(rect.left(), rect.bottom() - rect.height() * t, rect.width(), rect.height() * t)
                path = QPainterPath()
                path.addRect(grown)
                bar.setPath(path)
                bar.setOpacity(min(1.0, t * 2))
            for item, x, y in self._figure_items:
                bar_h = float(item.data(0) or 0.0)
                item.setPos(x, y - bar_h * t)
            for item in self._labels:
                item.setOpacity(t)
            if self._leaders is not None:
                self._leaders.setOpacity(t)
            return
        cx, cy, r, inner = self._geometry
        outer = QRectF(cx - r, cy - r, 2 * r, 2 * r)
        hole = QRectF(cx - inner, cy - inner, 2 * inner, 2 * inner)
        start = 90.0
        for item, share in self._slices:
            sweep = -360.0 * share * t
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
            item.setPath(path)
            start += sweep
        fade = max(0.0, (t - 0.5) / 0.5)
        for item in self._labels:
            item.setOpacity(fade)
        if self._leaders is not None:
            self._leaders.setOpacity(fade)

    def texts(self) -> list[str]:
        return [item.toPlainText() for item in self.text_pool.active() if item.isVisible()]

    def bars(self) -> list[QRectF]:
        return [item.path().boundingRect() for item, _ in self._bars if item.isVisible()]

    def scene_item_count(self) -> int:
        return len(self.widget.scene().items())


class _ResizeAware(QWidget):
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class _TablePage(_Page):
    """Categories as rows, series as columns, each cell exactly ``Figure.text()``."""

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
        self.colours: _Colours | None = None
        self.unit = 8.0
        self.width = self.height = 0.0
        self._sheet_key: object = None

    def set_chart(self, chart: Chart, colours: _Colours) -> None:
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

    def _style(self, cell_font: QFont | None = None, head_font: QFont | None = None) -> None:
        if self.colours is None:
            return
        c, u = self.colours, self.unit
        cell_font = cell_font or fonts.font(u * 3, bold=True)
        head_font = head_font or fonts.font(u * 3, bold=True)
        pad = max(2, round(u * 1.2))
        line = max(1, round(u * 0.15))
        gold_line = _with_alpha(c.gold, 0.5).name(QColor.NameFormat.HexArgb)
        self.table.setStyleSheet(
            f"""
            QTableWidget {{
                {_css_font(cell_font)}
                background: {_with_alpha(c.background_deep, 0.35).name(QColor.NameFormat.HexArgb)};
                alternate-background-color: {_with_alpha(c.surface, 0.55).name(QColor.NameFormat.HexArgb)};
                color: {c.gold.name()};
                gridline-color: {gold_line};
                border: {line}px solid {gold_line};
            }}
            QTableWidget::item {{ padding: 0px {pad}px; }}
            QHeaderView {{ background: transparent; }}
            QHeaderView::section {{
                {_css_font(head_font)}
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
        cells = [[table.item(r, c).text() for r in range(rows)] for c in range(columns)]
        while True:
            cell_font, head_font = fonts.font(size, bold=True), fonts.font(size, bold=True)
            cm, hm = QFontMetricsF(cell_font), QFontMetricsF(head_font)
            name_w = _text_width(hm, names) + u * 4
            name_w = min(name_w, table_w * 0.45)
            column_w = (table_w - name_w) / max(1, columns)
            widest = max([_text_width(cm, col) for col in cells] + [_text_width(hm, headers) * 0.6], default=0.0)
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
        found = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        found += [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
        found += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())]
        return found


# ---------------------------------------------------------------- legend


class _Legend(QWidget):
    """Colour swatches with names, centred in rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[tuple[QColor, str]] = []
        self.unit = 8.0
        self.text_colour = QColor("#FFF8E7")
        self.outline = QColor("#5C0F12")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_entries(self, entries: list[tuple[QColor, str]]) -> None:
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


# ---------------------------------------------------------------- the view


def _plain_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label


class ChartView(QWidget):
    """One chart at a time, built in with a short animation.

    ``show_chart`` reuses every plot and item it has made before; call it as
    often as you like.  ``built`` is emitted when the build-in animation ends
    (at once with ``animate=False``), after which nothing keeps running.
    """

    built = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _configure_pyqtgraph(theme)
        self.paints_background = False
        # Alone (an export, a test) it paints the red gradient; inside a page the page paints it.
        self.set_paints_background(parent is None)
        self._theme = theme
        self._colours = _Colours(theme)
        self._chart: Chart | None = None
        self._progress = 1.0
        self._unit = 8.0

        self._title = _plain_label(self)
        self._title.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        self._legend = _Legend(self)
        self._y_title = _plain_label(self)
        self._y_title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self._stack = QStackedWidget(self)
        self._x_title = _plain_label(self)
        self._x_title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._note = _plain_label(self)
        self._note.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        for widget in (self._title, self._legend, self._y_title):
            layout.addWidget(widget)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._x_title)
        layout.addWidget(self._note)
        for widget in (self._title, self._legend, self._y_title, self._x_title, self._note):
            widget.hide()

        self._plot_page: _PlotPage | None = None
        self._canvas_page: _CanvasPage | None = None
        self._table_page: _TablePage | None = None
        self._page: _Page | None = None

        self._anim = QVariantAnimation(self)
        self._anim.setObjectName("chart_build_in")
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setDuration(BUILD_MS)
        self._anim.setEasingCurve(BUILD_EASING)
        self._anim.valueChanged.connect(self._on_step)
        self._anim.finished.connect(self._on_finished)
        self._apply_theme_to_widgets()
        self._relayout()

    # ---------------------------------------------------------------- API
    @property
    def animating(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    @property
    def chart(self) -> Chart | None:
        return self._chart

    @property
    def theme(self) -> Theme:
        return self._theme

    def show_chart(self, chart: Chart, *, animate: bool = True) -> None:
        """Show ``chart``; with ``animate`` its bars grow, its pie sweeps, its line draws in."""
        self._anim.stop()
        self._chart = chart
        log.debug("chart %s %r", chart.type.value, chart.title)
        self._load(chart)
        if animate:
            self._set_progress(0.0)
            self._anim.start()
        else:
            self._set_progress(1.0)
            self.built.emit()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._colours = _Colours(theme)
        self._apply_theme_to_widgets()
        if self._chart is not None:
            self._load(self._chart)
            self._set_progress(self._progress)
        self.update()

    def set_paints_background(self, paints: bool) -> None:
        """Paint the theme's gradient behind the chart, or stay transparent over the parent."""
        self.paints_background = paints
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, paints)
        self.update()

    def settle(self) -> None:
        """Jump to the end of the build-in animation."""
        if self.animating:
            self._anim.stop()
            self._set_progress(1.0)
            self.built.emit()

    # ---------------------------------------------------------------- introspection (tests, export)
    def texts(self) -> list[str]:
        """Every text the chart shows, as plain strings (axis names without line breaks)."""
        found = [w.text() for w in (self._title, self._y_title, self._x_title, self._note) if not w.isHidden()]
        found += [name for _, name in self._legend.entries] if not self._legend.isHidden() else []
        if self._page is not None:
            found += self._page.texts()
        return found

    def bars(self) -> list[QRectF]:
        """The bars drawn now, in plot coordinates."""
        return self._page.bars() if self._page is not None else []

    def scene_item_count(self) -> int:
        return sum(p.scene_item_count() for p in (self._plot_page, self._canvas_page) if p is not None)

    def graphics_views(self) -> list[pg.GraphicsView]:
        pages: list[_PlotPage | _CanvasPage | None] = [self._plot_page, self._canvas_page]
        return [p.widget for p in pages if p is not None]

    @property
    def plot_item(self) -> pg.PlotItem | None:
        """The PlotItem with axes, when the current chart has axes."""
        if self._plot_page is not None and self._page is self._plot_page:
            return self._plot_page.plot
        return None

    @property
    def current_page(self) -> QWidget | None:
        return self._page.widget if self._page is not None else None

    # ---------------------------------------------------------------- internals
    def _page_for(self, kind: ChartType) -> _Page:
        if kind in (ChartType.PIE, ChartType.DONUT, ChartType.COMPARISON):
            if self._canvas_page is None:
                self._canvas_page = _CanvasPage()
                self._stack.addWidget(self._canvas_page.widget)
            return self._canvas_page
        if kind is ChartType.TABLE:
            if self._table_page is None:
                self._table_page = _TablePage()
                self._stack.addWidget(self._table_page.widget)
            return self._table_page
        if self._plot_page is None:
            self._plot_page = _PlotPage()
            self._stack.addWidget(self._plot_page.widget)
        return self._plot_page

    def _load(self, chart: Chart) -> None:
        kind = chart.type
        page = self._page_for(kind)
        self._page = page
        self._stack.setCurrentWidget(page.widget)
        axes = kind in (ChartType.BAR, ChartType.HBAR, ChartType.LINE, ChartType.STACKED_BAR)
        self._set_label(self._title, chart.title)
        self._set_label(self._note, chart.note)
        self._set_label(self._y_title, chart.y_title if axes else "")
        self._set_label(self._x_title, chart.x_title if axes else "")
        c = self._colours
        if kind in (ChartType.PIE, ChartType.DONUT):
            series = chart.series[0] if chart.series else None
            names = list(chart.categories[: len(series.values)]) if series else []
            self._legend.set_entries([(c.fill(i), name) for i, name in enumerate(names)])
        elif axes and len(chart.series) > 1:
            self._legend.set_entries([(c.fill(i), s.name) for i, s in enumerate(chart.series)])
        else:
            self._legend.set_entries([])
        self._relayout(load=chart)

    @staticmethod
    def _set_label(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _apply_theme_to_widgets(self) -> None:
        c = self._colours
        for label, colour in (
            (self._title, c.text),
            (self._y_title, c.muted),
            (self._x_title, c.muted),
            (self._note, c.muted),
        ):
            palette = label.palette()
            palette.setColor(label.foregroundRole(), colour)
            label.setPalette(palette)
        self._legend.text_colour = c.text
        self._legend.outline = c.background_deep
        self._legend.update()

    def _relayout(self, load: Chart | None = None) -> None:
        """Fonts and margins from the widget size; then the page fits itself."""
        w, h = max(1, self.width()), max(1, self.height())
        u = min(w, h) / 100
        self._unit = u
        margin = round(u * 3)
        layout = self.layout()
        layout.setContentsMargins(margin, round(u * 2.5), margin, round(u * 2.5))
        layout.setSpacing(round(u * 1.2))
        self._title.setFont(fonts.font(u * 4.2, bold=True))
        self._y_title.setFont(fonts.font(u * 2.3))
        self._x_title.setFont(fonts.font(u * 2.3))
        self._note.setFont(fonts.font(u * 2.2))
        self._legend.unit = u
        content_w = w - 2 * margin
        self._legend.setFixedHeight(self._legend.height_for(content_w))
        for label in (self._title, self._y_title, self._x_title, self._note):
            label.setFixedHeight(label.heightForWidth(content_w) if label.text() else 0)
        used = sum(
            wdg.height() + layout.spacing()
            for wdg in (self._title, self._legend, self._y_title, self._x_title, self._note)
            if not wdg.isHidden()
        )
        content_h = max(u * 10, h - round(u * 5) - used)
        layout.activate()  # the labels' new heights apply now: a render may come before the event loop
        page = self._page
        if page is None:
            return
        if load is not None:
            page.set_chart(load, self._colours)
        page.set_unit(u, content_w, content_h)
        page.relayout()

    def _set_progress(self, t: float) -> None:
        self._progress = t
        if self._page is not None:
            self._page.apply(t)

    def _on_step(self, value: object) -> None:
        if self.animating:
            self._set_progress(float(value))  # type: ignore[arg-type]

    def _on_finished(self) -> None:
        self._set_progress(1.0)
        self.built.emit()

    # ---------------------------------------------------------------- Qt
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.paints_background:
            return
        painter = QPainter(self)
        rect = QRectF(self.rect())
        gradient = QLinearGradient(rect.topLeft(), rect.bottomRight())
        gradient.setColorAt(0.0, self._colours.background)
        gradient.setColorAt(1.0, self._colours.background_deep)
        painter.fillRect(rect, gradient)
        painter.end()


def _flush_layouts(view: QWidget, rounds: int = 4) -> None:
    """Let Qt and pyqtgraph lay everything out (axes resize, then the plot)."""
    for _ in range(rounds):
        QCoreApplication.sendPostedEvents()
        view.layout().activate()


def render_chart_image(chart: Chart, theme: Theme, width: int, height: int) -> QImage:
    """``chart`` settled, rendered offscreen into an image of ``width``×``height`` logical pixels."""
    view = ChartView(theme)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(width, height)
    view.show()
    view.show_chart(chart, animate=False)
    _flush_layouts(view)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(TRANSPARENT)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    view.render(painter, QPoint())
    painter.end()
    view.hide()
    view.deleteLater()
    return image.convertToFormat(QImage.Format.Format_RGB32)
