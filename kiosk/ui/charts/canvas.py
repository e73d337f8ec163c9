"""The base of the charts drawn without axes: shapes and texts in a ViewBox whose units are pixels."""

from __future__ import annotations

from abc import abstractmethod

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsPathItem

from kiosk.core.model import Chart
from kiosk.ui.charts.colours import ChartPalette
from kiosk.ui.charts.page import ChartPage, no_interaction
from kiosk.ui.charts.pools import Pool, set_visible
from kiosk.ui.charts.text import new_text_item

SHAPE_Z = 5  # bars and slices; lines between them lie just below


class CanvasPage(ChartPage):
    """A page of shapes and texts placed in pixels, y downwards.

    Subclasses load the chart in :meth:`load` and place everything in
    :meth:`lay_out`, taking shapes and texts from the page's pools.
    """

    def __init__(self) -> None:
        view = pg.GraphicsView(background=None)
        self.widget = self.graphics_view = view
        self.box = pg.ViewBox(enableMouse=False, enableMenu=False, invertY=True, lockAspect=True, defaultPadding=0)
        self.box.disableAutoRange()
        view.setCentralItem(self.box)
        no_interaction(view, [self.box])
        self.box.sigResized.connect(self.relayout)
        self.shape_pool: Pool[QGraphicsPathItem] = Pool(self._new_shape, set_visible)
        self.text_pool: Pool[pg.TextItem] = Pool(lambda: new_text_item(self.box), set_visible)
        self.chart: Chart | None = None
        self.colours: ChartPalette | None = None
        self.unit = 8.0
        self.progress = 1.0
        self.highlight: int | None = None

    def _new_shape(self) -> QGraphicsPathItem:
        item = QGraphicsPathItem()
        item.setZValue(SHAPE_Z)
        self.box.addItem(item, ignoreBounds=True)
        return item

    def set_chart(
        self, chart: Chart, colours: ChartPalette, *, hide_zero_labels: bool = False, highlight: int | None = None
    ) -> None:
        self.chart, self.colours, self.highlight = chart, colours, highlight
        self.load(chart)
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
        self.lay_out(w, h)
        self.shape_pool.end()
        self.text_pool.end()
        self.apply(self.progress)

    @abstractmethod
    def load(self, chart: Chart) -> None:
        """Take what the page needs from ``chart``; sizes come later, in :meth:`lay_out`."""

    @abstractmethod
    def lay_out(self, w: float, h: float) -> None:
        """Place every shape and text in a page of ``w``×``h`` pixels."""

    def texts(self) -> list[str]:
        return [item.toPlainText() for item in self.text_pool.active() if item.isVisible()]
