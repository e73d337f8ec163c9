"""Charts for a card's detail: bar, hbar, line, pie, donut, stacked bar,
comparison, table and part of a whole (其中), drawn with pyqtgraph on the kiosk's red background.

This package is the only part of the kiosk that imports pyqtgraph, and the
app imports it lazily: never on the way to the first frame.

:class:`ChartView` (``view``) shows one chart at a time on one of its pages,
each page built once for the kinds it draws (``view.PAGES``): ``plot_page``
(bar, hbar, line, stacked bar, with ``axis`` and ``line_labels``), ``pie``,
``comparison``, ``part_of_whole`` (these three on ``canvas``) and ``table_page``.  Items come from
``pools``, are reused for the next chart and hidden when not needed, because
pyqtgraph leaks when items are added and removed again and again.  Every size
derives from the widget size.  Figures are shown exactly as ``Figure.text()``
writes them; numbers are never reformatted, and figures with different units
never share an axis.
"""

from __future__ import annotations

from kiosk.ui.charts.colours import contrast, series_colours
from kiosk.ui.charts.view import ChartView, render_chart_image

__all__ = ["ChartView", "contrast", "render_chart_image", "series_colours"]
