"""The diagnostics page: what :mod:`kiosk.core.diagnostics` says, as plain text and one chart.

Version, bundle, uptime, memory, recent errors and what visitors did, in a
scrolling column; beside it (below it, upright) the touches per hour.  The
chart view, and with it pyqtgraph, is made the first time there is a chart
to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.diagnostics import (
    NO_STATS,
    NONE_YET,
    ROWS,
    DiagnosticsInfo,
    hours_chart,
    no_chart_text,
    row_texts,
    touch_tick_step,
)
from kiosk.core.model import Theme
from kiosk.ui import fonts
from kiosk.ui.look import BACK_LABEL, gold_button_css, set_font, set_style, set_text_colour, style_back_button
from kiosk.ui.staff.page import ADOPT_LABEL, StaffPage, staff_button, staff_label
from kiosk.ui.touch import touch_target_px

if TYPE_CHECKING:
    from kiosk.core.stats import Summary
    from kiosk.ui.charts import ChartView

DIAGNOSTICS_TITLE = "诊断信息"
PORTRAIT_RATIO = 1.15  # taller than wide by this much: the chart goes below the text


class DiagnosticsPage(StaffPage):
    """The rows of :data:`~kiosk.core.diagnostics.ROWS`, the adopt button while content is held, the chart."""

    closed = Signal()
    adopt_requested = Signal()  # staff confirm held content

    ROWS = ROWS

    def __init__(self, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(theme, parent)
        self.setObjectName("staff_diagnostics")
        self.info: DiagnosticsInfo | None = None
        self._chart_view: ChartView | None = None
        self.back_button = staff_button(BACK_LABEL, "staff_diagnostics_back")
        self.back_button.clicked.connect(self.closed)
        self.title = staff_label(DIAGNOSTICS_TITLE, wrap=False)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(24)
        top.addWidget(self.title)
        top.addStretch(1)

        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.rows = QGridLayout()
        for row, (key, name) in enumerate(self.ROWS):
            self.names[key] = staff_label(name, wrap=False)
            self.names[key].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.values[key] = staff_label()
            self.rows.addWidget(self.names[key], row, 0)
            self.rows.addWidget(self.values[key], row, 1)
        self.rows.setColumnStretch(1, 1)
        self.adopt_button = staff_button(ADOPT_LABEL, "staff_diagnostics_adopt")
        self.adopt_button.clicked.connect(self.adopt_requested)
        self.adopt_button.hide()
        self.text_column = QWidget()
        self.text_column.setObjectName("staff_diagnostics_text")
        self._text_layout = QVBoxLayout(self.text_column)
        self._text_layout.addLayout(self.rows)
        self._text_layout.addWidget(self.adopt_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._text_layout.addStretch(1)
        self.text_scroll = QScrollArea()
        self.text_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.text_scroll.setWidgetResizable(True)
        self.text_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        self.text_scroll.setWidget(self.text_column)
        QScroller.grabGesture(self.text_scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        self.chart_holder = QWidget()
        self.chart_holder.setObjectName("staff_diagnostics_chart")
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.no_stats = staff_label(NO_STATS, centred=True)
        self.chart_layout.addWidget(self.no_stats)

        self.main = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.main.addWidget(self.text_scroll, 1)
        self.main.addWidget(self.chart_holder, 1)
        self._outer = QVBoxLayout(self)
        self._outer.addLayout(top)
        self._outer.addLayout(self.main, 1)
        self._restyle()

    @property
    def chart_view(self) -> ChartView | None:
        return self._chart_view

    @property
    def showing_chart(self) -> bool:
        return self._chart_view is not None and not self._chart_view.isHidden()

    def show_info(self, info: DiagnosticsInfo) -> None:
        self.info = info
        for key, text in row_texts(info).items():
            self.values[key].setText(text)
        self.set_held(info.held)
        self._show_chart(info.summary)

    def set_held(self, notice: str) -> None:
        """What is held and why, with the button that adopts it; ``无`` when nothing is held."""
        self.values["held"].setText(notice or NONE_YET)
        self.adopt_button.setVisible(bool(notice))

    def set_theme(self, theme: Theme) -> None:
        if self._chart_view is not None:
            self._chart_view.set_theme(theme)
        super().set_theme(theme)

    # -------------------------------------------------------------- the chart

    def _ensure_chart_view(self) -> ChartView:
        if self._chart_view is None:
            from kiosk.ui.charts import ChartView  # pyqtgraph: only when staff look at diagnostics

            self._chart_view = ChartView(self.theme, self.chart_holder)
            self.chart_layout.insertWidget(0, self._chart_view, 1)
        return self._chart_view

    def _show_chart(self, summary: Summary | None) -> None:
        chart = hours_chart(summary)
        if summary is not None and chart is not None:
            view = self._ensure_chart_view()
            # Twenty-four labels of 0次 ran into each other: only the bars that are there keep theirs.
            view.show_chart(chart, animate=False, hide_zero_labels=True)
            self._step_ticks_by_touches(view, summary)
            view.show()
            self.no_stats.hide()
            return
        if self._chart_view is not None:
            self._chart_view.hide()
        self.no_stats.setText(no_chart_text(summary))
        self.no_stats.show()

    @staticmethod
    def _step_ticks_by_touches(view: ChartView, summary: Summary) -> None:
        """Counts read as counts: whole-number ticks, set again after each ``show_chart``."""
        plot = view.plot_item
        if plot is None:
            return
        axis = plot.getAxis("left")
        step = touch_tick_step(summary)
        if step is None:
            axis.setTickSpacing()  # the chart's own spacing: whole numbers from here up
        else:
            axis.setTickSpacing(step, step)

    # -------------------------------------------------------------- look

    def _restyle(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        unit = self._unit()
        t = self.theme
        target = touch_target_px(self, unit)
        portrait = h > w * PORTRAIT_RATIO
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        self._outer.setSpacing(round(unit * 2))
        self.main.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.main.setStretch(0, 2 if portrait else 1)  # portrait: the chart takes what the text leaves
        self.main.setStretch(1, 3 if portrait else 1)
        self.main.setSpacing(round(unit * 3))
        self.rows.setHorizontalSpacing(round(unit * 2.5))
        self.rows.setVerticalSpacing(round(unit * 1.4))
        style_back_button(self.back_button, unit, target, gold_button_css(t, target, unit * 2.5, pressable=True))
        set_font(self.title, fonts.font(unit * 4.5, bold=True))
        set_text_colour(self.title, t.text)
        name_font, value_font = fonts.font(unit * 2.6, bold=True), fonts.font(unit * 2.6)
        for key in self.names:
            set_font(self.names[key], name_font)
            set_text_colour(self.names[key], t.gold)
            set_font(self.values[key], value_font)
            set_text_colour(self.values[key], t.text)
        set_font(self.values["errors"], fonts.font(unit * 2.1))
        adopt_height = max(target, unit * 8)
        self.adopt_button.setFixedHeight(round(adopt_height))
        set_font(self.adopt_button, fonts.font(unit * 2.8, bold=True))
        set_style(self.adopt_button, gold_button_css(t, adopt_height, unit * 2.5, radius=target * 0.3, pressable=True))
        bar = max(6, round(unit * 0.8))
        self._text_layout.setContentsMargins(0, 0, bar + round(unit * 1.5), 0)  # text clear of the scroll bar
        set_style(
            self.text_scroll.verticalScrollBar(),
            f"QScrollBar:vertical {{ background: rgba(0,0,0,60); width: {bar}px; border: none;"
            f" border-radius: {bar // 2}px; margin: 0; }}"
            f" QScrollBar::handle:vertical {{ background: {t.gold}; border-radius: {bar // 2}px;"
            f" min-height: {round(unit * 6)}px; }}"
            " QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
            " QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }",
        )
        set_font(self.no_stats, fonts.font(unit * 3.6, bold=True))
        set_text_colour(self.no_stats, t.muted)
