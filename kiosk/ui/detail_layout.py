"""How the detail page lays itself out: its layout modes and the text fitted to them.

Chart beside text (the headline tops the text column), a card without a
chart or with a two-figure pair (the figures large in a column of their
own, side by side or one above the other), text too long for half the page
(the figure on top, the text across), and portrait (everything stacked).
Text too long for its column is set smaller, step by step, down to half
size; the figures are set as large as their column allows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.model import Card, Theme
from kiosk.ui import fonts
from kiosk.ui.chips import Chip, FlowLayout
from kiosk.ui.look import gold_button_css, set_font, set_style, style_back_button
from kiosk.ui.touch import touch_target_px
from kiosk.ui.type_sizes import HEADLINE, LABEL, measure_px, type_sizes

if TYPE_CHECKING:
    from kiosk.ui.charts import ChartView

    _Base = QWidget
else:
    _Base = object

log = logging.getLogger("kiosk.ui.detail")  # the detail page's log

# Text too long for its column is set smaller, step by step, down to half size.
TEXT_SCALES = (1.0, 0.9, 0.8, 0.72, 0.64, 0.57, 0.5)
# The headline beside a chart, and on a page of its own (as large as on the card), in units.
HEADLINE_UNITS = 14.0
HERO_HEADLINE_UNITS = 24.0
# The second figure of a pair is a step smaller than the card's own.
PAIR_FIGURE_SCALE = 0.8
# A chart's value labels are labels, not a second headline: at most the size of what the
# figure counts (the label's share of the headline), so the card's figure is large once a page.
VALUE_LABEL_SHARE = LABEL / HEADLINE
ICON_SHARE = 0.72  # the icon beside the headline: this share of its line's height


class DetailLayout(_Base):
    """The layout modes and text fitting of :class:`~kiosk.ui.detail.DetailPage`."""

    card: Card | None
    _theme: Theme
    _chart_view: ChartView | None
    _style_key: tuple[object, ...] | None
    _mode_key: tuple[bool, bool] | None
    _icon_image: QImage | None
    _outer: QVBoxLayout
    main: QBoxLayout
    cells: QBoxLayout
    _text_layout: QVBoxLayout
    _hero_layout: QVBoxLayout
    _headline_row: QBoxLayout
    _hero_beside: bool
    related_row: FlowLayout
    related_buttons: list[Chip]
    back_button: QPushButton
    icon: QLabel
    section_label: QLabel
    headline: QLabel
    label: QLabel
    pair_title: QLabel
    pair_figure: QLabel
    pair_caption: QLabel
    explanation: QLabel
    body: QLabel
    quote_title: QLabel
    quote: QLabel
    citation: QLabel
    related_title: QLabel
    hero: QWidget
    own_cell: QWidget
    pair_cell: QWidget
    text_column: QWidget
    chart_holder: QWidget

    def _unit(self) -> float:
        return min(max(1, self.width()), max(1, self.height())) / 100

    def _restyle(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        unit = self._unit()
        portrait = h > w * 1.15
        has_chart = self.chart_holder.isVisibleTo(self) if self.card else False
        mode = (has_chart, portrait)
        if mode != self._mode_key:
            self._mode_key = mode
            self._place_hero(beside=not has_chart)
            # A portrait page without a chart is one column: the figure at the foot of its part, the
            # text at the head of its own, so the two meet (``_centre_stack`` then sizes the parts).
            stacked = portrait and not has_chart
            self.main.setStretchFactor(self.chart_holder, 3 if has_chart else 0)
            self.main.setStretchFactor(self.hero, 1)
            self.main.setStretchFactor(self.text_column, 2 if has_chart else 1)
            self._text_layout.setStretch(0, 0 if has_chart or stacked else 1)
            if not has_chart:
                self._hero_layout.setStretch(self._hero_layout.count() - 1, 0 if stacked else 1)
        # Re-polishing every child on each card shown is wasted work: only restyle
        # when something the styles use has changed.
        key = (w, h, self._theme)
        if key != self._style_key:
            self._style_key = key
            self._apply_styles(unit, portrait)
        self._fit_text()

    def _place_hero(self, *, beside: bool) -> None:
        """The headline on top of the text column (beside a chart), or a column of its own."""
        if beside == self._hero_beside:
            return
        self._hero_beside = beside
        if beside:
            self._text_layout.removeWidget(self.hero)
            self.main.insertWidget(1, self.hero, 1)
            self.hero.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        else:
            self.main.removeWidget(self.hero)
            self._text_layout.insertWidget(1, self.hero)
            self.hero.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._hero_layout.setStretch(0, 1 if beside else 0)
        self._hero_layout.setStretch(self._hero_layout.count() - 1, 1 if beside else 0)

    def _apply_styles(self, unit: float, portrait: bool) -> None:
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        self._outer.setSpacing(round(unit * 2))
        self.main.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.main.setSpacing(round(unit * 4))
        self.related_row.set_spacing(round(unit * 1.2))
        self._headline_row.setSpacing(round(unit * 1.5))
        self.cells.setSpacing(round(unit * 3))
        t = self._theme
        target = touch_target_px(self, unit)
        style_back_button(self.back_button, unit, target, gold_button_css(t, target, unit * 2.5))
        set_font(self.section_label, fonts.font(unit * 3.0, bold=True))
        colours = {
            self.section_label: t.gold,
            self.headline: t.gold,
            self.label: t.text,
            self.pair_title: t.gold,
            self.pair_figure: t.text,
            self.pair_caption: t.muted,
            self.explanation: t.muted,
            self.body: t.text,
            self.quote_title: t.gold,
            self.quote: t.text,
            self.citation: t.muted,
            self.related_title: t.gold,
        }
        for widget, colour in colours.items():
            set_style(widget, f"color: {colour}; background: transparent;")
        set_style(
            self.quote,
            f"color: {t.text}; background: rgba(0,0,0,60); border-left: {max(2, round(unit * 0.5))}px solid {t.gold};"
            f" padding: {round(unit * 1.2)}px;",
        )

    def _set_text_fonts(self, scale: float) -> None:
        """The text column's fonts at ``scale`` of their full size, never below the small size.

        Each text is at most :func:`measure_px` wide: 20–35 characters a line, however wide the column.
        """
        unit = self._unit() * scale
        size = type_sizes(self.width(), self.height()).scaled(scale)
        if not self._hero_beside:
            set_font(self.headline, fonts.font(unit * HEADLINE_UNITS, bold=True))
            self.label.setMaximumWidth(measure_px(size.label))
            set_font(self.label, fonts.font(size.label, bold=True))
        for label, px in ((self.explanation, size.body), (self.body, size.body), (self.quote, size.body)):
            label.setMaximumWidth(measure_px(px))
            set_font(label, fonts.font(px))
        self.citation.setMaximumWidth(measure_px(size.body))
        set_font(self.citation, fonts.font(size.small))
        set_font(self.quote_title, fonts.font(size.small, bold=True))
        set_font(self.related_title, fonts.font(size.small, bold=True))
        target = touch_target_px(self, self._unit())
        for chip in self.related_buttons:
            chip.set_look(self._theme.gold, fonts.font(max(size.small, unit * 2.3), bold=True), target, unit * 2)

    def _headline_room(self, width: float) -> float:
        """The width the headline has in a column ``width`` wide, beside its icon."""
        if self._icon_image is None:
            return width
        return width - self.headline.fontMetrics().height() * ICON_SHARE * 1.4 - self._headline_row.spacing()

    def _stacked(self) -> bool:
        """A portrait page without a chart: the figure above its text in one column."""
        return self._mode_key is not None and self._mode_key[1] and not self._mode_key[0] and self._hero_beside

    def _fit_text(self) -> None:
        """Set the text as large as its column allows: a long explanation is set
        smaller rather than cut off at the bottom of the screen."""
        stacked = self._stacked()
        if stacked:  # measured in halves; once set, the two parts are sized to meet mid-page (below)
            self.main.setStretchFactor(self.hero, 1)
            self.main.setStretchFactor(self.text_column, 1)
        self._outer.activate()
        width, height = self.text_column.width(), self.text_column.height()
        if width < 2 or height < 2:
            return
        for scale in TEXT_SCALES:
            self._set_text_fonts(scale)
            self._refresh_layouts()
            headline_width = self.headline.fontMetrics().horizontalAdvance(self.headline.text())
            fits_headline = self._hero_beside or headline_width <= self._headline_room(width)
            if fits_headline and self._text_layout.totalHeightForWidth(width) <= height:
                break  # the headline on one line, and everything above the bottom edge
        else:
            if self._hero_beside:
                # too much text for half the page: the figure goes on top, the text takes the width
                self._place_hero(beside=False)
                self.main.setStretchFactor(self.text_column, 1)
                self._mode_key = None
                self._fit_text()
                return
            log.warning(
                "card %s: its detail text does not fit a %dx%d screen even at half size; shorten it",
                self.card.id if self.card else "?",
                self.width(),
                self.height(),
            )
        if self._hero_beside:
            self._fit_hero()
        self._size_icon()
        self._refresh_layouts()
        if stacked:
            self._centre_stack(width)
        self._outer.activate()
        if self._chart_view is not None and self.chart_holder.isVisibleTo(self):
            # the chart's figures are labels of the headline's story: never as loud as the headline
            self._chart_view.set_value_cap(self.headline.font().pixelSize() * VALUE_LABEL_SHARE)

    def _centre_stack(self, width: float) -> None:
        """Share the page's height so that the figure (at the foot of its part) and the text (at
        the head of its part) meet with the free space split above and below them: a page of two
        figures is taller above than below, and equal parts would leave the lower half empty."""
        hero_h = self._hero_layout.totalHeightForWidth(self.hero.width())
        text_h = self._text_layout.totalHeightForWidth(round(width))
        total = self.hero.height() + self.text_column.height()
        free = total - hero_h - text_h
        if hero_h <= 0 or text_h <= 0 or free <= 0:
            return
        self.main.setStretchFactor(self.hero, round(1000 * (hero_h + free / 2) / total))
        self.main.setStretchFactor(self.text_column, round(1000 * (text_h + free / 2) / total))

    def _refresh_layouts(self) -> None:
        """Let the nested layouts see the new fonts now: a render may come before the event loop."""
        for layout in (self._headline_row, self.own_cell.layout(), self.pair_cell.layout(), self._hero_layout):
            if layout is not None:
                layout.invalidate()
        for widget in (self.headline, self.label, self.pair_figure, self.pair_caption, self.own_cell, self.pair_cell):
            widget.updateGeometry()
        self._hero_layout.activate()
        self._text_layout.invalidate()

    def _fit_hero(self) -> None:
        """The figure (or the pair) as large as its column allows, up to the card's own size.

        A pair stands side by side when that leaves the figures larger than one
        above the other.
        """
        width, height = self.hero.width(), self.hero.height()
        if width < 2 or height < 2:
            return
        unit = self._unit()
        pair = self.pair_cell.isVisibleTo(self)
        gap = self.cells.spacing()
        caption = fonts.font(unit * 4.6, bold=True)
        set_font(self.label, caption)
        set_font(self.pair_caption, fonts.font(unit * 4.0))
        set_font(self.pair_title, fonts.font(unit * 3.4, bold=True))
        title_h = self.pair_title.heightForWidth(width) if pair and self.pair_title.text() else 0
        directions = (
            [QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom]
            if pair
            else [QBoxLayout.Direction.TopToBottom]
        )
        best: tuple[float, QBoxLayout.Direction] | None = None
        for direction in directions:
            across = direction is QBoxLayout.Direction.LeftToRight
            cell_w = (width - gap) / 2 if across else width
            size = self._hero_size(cell_w, height - title_h, across=across, pair=pair)
            if best is None or size > best[0] * 1.05:
                best = (size, direction)
        assert best is not None
        size, direction = best
        self.cells.setDirection(direction)
        set_font(self.headline, fonts.font(size, bold=True))
        set_font(self.pair_figure, fonts.font(size * PAIR_FIGURE_SCALE, bold=True))

    def _hero_size(self, cell_w: float, height: float, *, across: bool, pair: bool) -> float:
        """The largest headline size whose figures fit cells ``cell_w`` wide within ``height``."""
        unit = self._unit()
        size = unit * HERO_HEADLINE_UNITS
        own_caption = self.label.heightForWidth(round(cell_w)) if self.label.text() else 0
        other_caption = self.pair_caption.heightForWidth(round(cell_w)) if pair else 0
        gap = self.cells.spacing()
        while size > unit * 6:
            own = QFontMetricsF(fonts.font(size, bold=True))
            other = QFontMetricsF(fonts.font(size * PAIR_FIGURE_SCALE, bold=True))
            icon = own.height() * ICON_SHARE * 1.4 if self._icon_image is not None else 0.0
            fits_width = own.horizontalAdvance(self.headline.text()) + icon <= cell_w and (
                not pair or other.horizontalAdvance(self.pair_figure.text()) <= cell_w
            )
            own_h = own.height() + own_caption
            other_h = other.height() + other_caption if pair else 0.0
            total = max(own_h, other_h) if across else own_h + other_h + (gap if pair else 0)
            if fits_width and total <= height * 0.92:
                break
            size *= 0.94
        return size

    def _size_icon(self) -> None:
        if self._icon_image is None:
            self.icon.clear()
            return
        side = max(8, round(self.headline.fontMetrics().height() * ICON_SHARE))
        pixmap = QPixmap.fromImage(self._icon_image).scaled(
            side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.icon.setPixmap(pixmap)
        self.icon.setFixedSize(side, side)
