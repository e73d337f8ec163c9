"""The chart on a detail page: title, legend, axis titles and note around one page of the chart."""

from __future__ import annotations

import logging
import math
from dataclasses import replace

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEasingCurve, QPoint, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.chart_values import chart_units, mixes_units, value_index
from kiosk.core.figures import Figure
from kiosk.core.model import Chart, ChartType, Theme
from kiosk.ui import fonts, typeset
from kiosk.ui.charts.colours import ChartPalette
from kiosk.ui.charts.comparison import ComparisonPage
from kiosk.ui.charts.legend import Legend
from kiosk.ui.charts.page import ChartPage, ValueStyle
from kiosk.ui.charts.part_of_whole import PartOfWholePage
from kiosk.ui.charts.pie import PiePage
from kiosk.ui.charts.plot_page import PlotPage
from kiosk.ui.charts.table_page import TablePage
from kiosk.ui.charts.text import chart_label
from kiosk.ui.look import background_gradient

log = logging.getLogger(__name__)

BUILD_MS = 600
BUILD_EASING = QEasingCurve.Type.OutCubic
TRANSPARENT = QColor(0, 0, 0, 0)
LAYOUT_ROUNDS = 4  # axes resize, then the plot: a few rounds of posted events settle it

# Which page draws each kind of chart; a page serves every kind it is listed for.
PAGES: dict[ChartType, type[ChartPage]] = {
    ChartType.BAR: PlotPage,
    ChartType.HBAR: PlotPage,
    ChartType.LINE: PlotPage,
    ChartType.STACKED_BAR: PlotPage,
    ChartType.PIE: PiePage,
    ChartType.DONUT: PiePage,
    ChartType.COMPARISON: ComparisonPage,
    ChartType.TABLE: TablePage,
    ChartType.PART_OF_WHOLE: PartOfWholePage,
}

_configured: list[bool] = []


def drawn_as(chart: Chart) -> Chart:
    """``chart`` as the kiosk draws it: figures of different units (万件, 万项) never share
    one value axis, so such a bar, line or stacked chart is drawn as a comparison
    (``validate`` warns ``chart-units``)."""
    if not mixes_units(chart):
        return chart
    log.info("chart %r mixes units %s: drawn as a comparison", chart.title, chart_units(chart))
    return replace(chart, type=ChartType.COMPARISON, x_title="", y_title="")


def _configure_pyqtgraph(theme: Theme) -> None:
    """pyqtgraph's global options, once per process."""
    if _configured:
        return
    pg.setConfigOptions(antialias=True, background=None, foreground=theme.text, imageAxisOrder="row-major")
    _configured.append(True)


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
        self._colours = ChartPalette(theme)
        self._chart: Chart | None = None
        self._hide_zero_labels = False
        self._highlight: int | None = None
        self._value_cap = math.inf
        self._progress = 1.0
        self._unit = 8.0

        self._title = chart_label(self)
        self._title.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        self._legend = Legend(self)
        self._y_title = chart_label(self)
        self._y_title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self._stack = QStackedWidget(self)
        self._x_title = chart_label(self)
        self._x_title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._note = chart_label(self)
        self._note.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._layout = QVBoxLayout(self)
        for widget in (self._title, self._legend, self._y_title):
            self._layout.addWidget(widget)
        self._layout.addWidget(self._stack, 1)
        self._layout.addWidget(self._x_title)
        self._layout.addWidget(self._note)
        for widget in (self._title, self._legend, self._y_title, self._x_title, self._note):
            widget.hide()

        self._pages: dict[type[ChartPage], ChartPage] = {}  # built when their first chart comes
        self._page: ChartPage | None = None

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

    def show_chart(
        self,
        chart: Chart,
        *,
        highlight: int | Figure | None = None,
        animate: bool = True,
        hide_zero_labels: bool = False,
    ) -> None:
        """Show ``chart``; with ``animate`` its bars grow, its pie sweeps, its line draws in.

        ``highlight`` marks the value of the card the chart is shown for (a chart
        shared by several cards): its index among the chart's values, series after
        series, or the figure itself.  That bar or figure keeps its full colour and
        a bold label; the others are muted.

        With ``hide_zero_labels`` the value labels over bars and line points
        leave out the figures that are zero (no ``0次`` over every quiet hour);
        the bars and points themselves stay.
        """
        self._anim.stop()
        chart = drawn_as(chart)
        self._chart = chart
        self._hide_zero_labels = hide_zero_labels
        self._highlight = value_index(chart, highlight) if isinstance(highlight, Figure) else highlight
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
        self._colours = ChartPalette(theme)
        self._apply_theme_to_widgets()
        if self._chart is not None:
            self._load(self._chart)
            self._set_progress(self._progress)
        self.update()

    def set_value_cap(self, pixels: float) -> None:
        """No value label larger than ``pixels`` (a detail page keeps them below its headline)."""
        if pixels == self._value_cap:
            return
        self._value_cap = pixels
        if self._chart is not None:
            self._relayout(load=self._chart)
            self._set_progress(self._progress)

    @property
    def highlight(self) -> int | None:
        """The index of the highlighted value, or None."""
        return self._highlight

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

    # ---------------------------------------------------------------- introspection
    # What the chart shows, from the pages' own state: for tests and diagnostics.

    def texts(self) -> list[str]:
        """Every text the chart shows, as plain strings (axis names without line breaks)."""
        labels = (self._title, self._y_title, self._x_title, self._note)
        found = [typeset.label_source(w) for w in labels if not w.isHidden()]
        found += [name for _, name in self._legend.entries] if not self._legend.isHidden() else []
        if self._page is not None:
            found += self._page.texts()
        return found

    def bars(self) -> list[QRectF]:
        """The bars drawn now, in plot coordinates."""
        return self._page.bars() if self._page is not None else []

    def bar_colours(self) -> list[QColor]:
        """The fill of each bar of :meth:`bars`, in the same order."""
        return self._page.bar_colours() if self._page is not None else []

    def approximate_marks(self) -> list[QRectF]:
        """The open ends drawn on the bars of approximate figures (近1000个)."""
        return self._page.approximate_marks() if self._page is not None else []

    def value_styles(self) -> list[ValueStyle]:
        """Each value label as drawn now: text, colour, weight, highlighted."""
        return self._page.value_styles() if self._page is not None else []

    def scene_item_count(self) -> int:
        """The graphics items of every page built so far: bounded however many charts are shown."""
        return sum(page.scene_item_count() for page in self._pages.values())

    def graphics_views(self) -> list[pg.GraphicsView]:
        """The pyqtgraph views of the pages built so far."""
        return [page.graphics_view for page in self._pages.values() if page.graphics_view is not None]

    @property
    def plot_item(self) -> pg.PlotItem | None:
        """The PlotItem with axes, when the current chart has axes."""
        return self._page.plot if isinstance(self._page, PlotPage) else None

    @property
    def current_page(self) -> QWidget | None:
        return self._page.widget if self._page is not None else None

    # ---------------------------------------------------------------- internals
    def _page_for(self, kind: ChartType) -> ChartPage:
        page_class = PAGES[kind]
        page = self._pages.get(page_class)
        if page is None:
            page = self._pages[page_class] = page_class()
            self._stack.addWidget(page.widget)
        return page

    def _load(self, chart: Chart) -> None:
        page = self._page_for(chart.type)
        self._page = page
        self._stack.setCurrentWidget(page.widget)
        self._set_label(self._title, chart.title)
        self._set_label(self._note, chart.note)
        self._set_label(self._y_title, chart.y_title if page.has_axes else "")
        self._set_label(self._x_title, chart.x_title if page.has_axes else "")
        self._legend.set_entries(page.legend(chart, self._colours))
        self._relayout(load=chart)

    @staticmethod
    def _set_label(label: QLabel, text: str) -> None:
        typeset.set_label_text(label, text)
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
        layout = self._layout
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
        page.value_cap = self._value_cap
        if load is not None:
            page.set_chart(load, self._colours, hide_zero_labels=self._hide_zero_labels, highlight=self._highlight)
        page.set_unit(u, content_w, content_h)
        page.relayout()

    def flush_layouts(self) -> None:
        """Let Qt and pyqtgraph lay everything out now (axes resize, then the plot)."""
        for _ in range(LAYOUT_ROUNDS):
            QCoreApplication.sendPostedEvents()
            self._layout.activate()

    def _set_progress(self, t: float) -> None:
        self._progress = t
        if self._page is not None:
            self._page.apply(t)

    def _on_step(self, value: float) -> None:
        if self.animating:
            self._set_progress(float(value))

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
        painter.fillRect(rect, background_gradient(rect, self._theme))
        painter.end()


def render_chart_image(chart: Chart, theme: Theme, width: int, height: int) -> QImage:
    """``chart`` settled, rendered offscreen into an image of ``width``×``height`` logical pixels."""
    view = ChartView(theme)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(width, height)
    view.show()
    view.show_chart(chart, animate=False)
    view.flush_layouts()
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
