"""What every page of a :class:`~kiosk.ui.charts.view.ChartView` does.

A page draws the kinds of chart it is registered for in ``view.PAGES``.  It
is built once, when its first chart comes, and reused for every chart after:
``set_chart`` loads the data, ``set_unit`` gives the sizes (one unit is 1% of
the view's shorter side), ``relayout`` fits the drawing to the page and
``apply`` draws the build-in animation at ``t`` from 0 to 1.

A chart shared by several cards marks the value of the card it is shown
for: ``highlight`` is that value's index among the chart's values, series
after series (``series * len(categories) + category``).  Its bar or figure
keeps the full colour and a bold label; the others are muted.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Chart
from kiosk.ui.charts.colours import ChartPalette
from kiosk.ui.charts.legend import LegendEntry

# The muted values beside a highlighted one: this much of their colour's strength.
MUTED_ALPHA = 0.42
# An approximate figure's bar (近1000个): its last part is drawn open, faded
# and outlined with a dashed line, since the number is a bound, not a count.
APPROXIMATE_END = 0.14


@dataclass(frozen=True)
class ValueStyle:
    """How one value label is drawn: for tests and diagnostics."""

    text: str
    colour: QColor
    bold: bool
    highlighted: bool


class ChartPage(ABC):
    """One page of the chart view's stack."""

    widget: QWidget
    graphics_view: pg.GraphicsView | None = None  # the pyqtgraph view, for pages drawn with one
    has_axes = False  # the chart's axis titles are shown above and below the page
    # The largest value label, in pixels: on a detail page, below its headline.
    value_cap: float = math.inf

    @abstractmethod
    def set_chart(
        self, chart: Chart, colours: ChartPalette, *, hide_zero_labels: bool = False, highlight: int | None = None
    ) -> None:
        """Load ``chart``; ``hide_zero_labels`` leaves out the value labels of zero figures, where the page has any;
        ``highlight`` marks one value (see the module's note)."""

    @abstractmethod
    def set_unit(self, unit: float, width: float, height: float) -> None: ...

    @abstractmethod
    def relayout(self) -> None: ...

    @abstractmethod
    def apply(self, t: float) -> None: ...

    def legend(self, chart: Chart, colours: ChartPalette) -> list[LegendEntry]:
        """The legend entries the chart needs on this page; none by default."""
        return []

    # ---------------------------------------------------------------- introspection
    # What the page shows, from its own state: for tests and diagnostics, not for drawing.

    @abstractmethod
    def texts(self) -> list[str]:
        """Every text the page shows now, as plain strings."""

    def bars(self) -> list[QRectF]:
        """The bars drawn now, in the page's coordinates; none on a page without bars."""
        return []

    def bar_colours(self) -> list[QColor]:
        """The fill of each bar of :meth:`bars`, in the same order."""
        return []

    def approximate_marks(self) -> list[QRectF]:
        """The open ends drawn on the bars of approximate figures, in the page's coordinates."""
        return []

    def value_styles(self) -> list[ValueStyle]:
        """Each value label as drawn now."""
        return []

    def scene_item_count(self) -> int:
        """The items in the page's graphics scene: bounded however many charts it has shown."""
        view = self.graphics_view
        if view is None:
            return 0
        scene = view.scene()
        return len(scene.items()) if scene is not None else 0


def no_interaction(view: pg.GraphicsView, boxes: list[pg.ViewBox]) -> None:
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
