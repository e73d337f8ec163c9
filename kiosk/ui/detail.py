"""The detail page a visitor opens by touching a card.

The card's chart beside its explanation and the sentence it comes from;
related cards as chips to touch.  A card without a chart gets a well-set
text page, never an empty plot.  pyqtgraph is imported only when the first
chart is needed (or while the kiosk warms up after its first frame).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import Card, Manifest, Theme
from kiosk.ui import fonts
from kiosk.ui.chips import Chip, FlowLayout
from kiosk.ui.look import (
    BACK_LABEL,
    gold_button_css,
    paint_background,
    plain_label,
    set_font,
    set_style,
    style_back_button,
)
from kiosk.ui.touch import GestureInput, touch_target_px

if TYPE_CHECKING:
    from kiosk.core.bundle import Bundle
    from kiosk.ui.card_painter import CardScene
    from kiosk.ui.charts import ChartView

log = logging.getLogger(__name__)

RELATED_LABEL = "相关数字"
QUOTE_LABEL = "原文"
MAX_RELATED = 6
# Text too long for its column is set smaller, step by step, down to half size.
TEXT_SCALES = (1.0, 0.9, 0.8, 0.72, 0.64, 0.57, 0.5)


class DetailPage(QWidget):
    """One card in depth: chart, explanation, source and related cards."""

    back = Signal()
    related_chosen = Signal(str)  # card id
    swiped = Signal(int)  # +1 next card, -1 previous card

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detail_page")
        self.setAutoFillBackground(False)
        self.card: Card | None = None
        self.manifest: Manifest | None = None
        self._theme = Theme()
        self._chart_view: ChartView | None = None
        self._style_key: tuple[object, ...] | None = None

        self.back_button = QPushButton(BACK_LABEL)
        self.back_button.setObjectName("detail_back")
        self.back_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.back_button.clicked.connect(self.back)
        self.section_label = plain_label(wrap=False)
        self.headline = plain_label()
        self.label = plain_label()
        self.explanation = plain_label()
        self.body = plain_label()
        self.quote_title = plain_label(QUOTE_LABEL, wrap=False)
        self.quote = plain_label()
        self.citation = plain_label()
        self.related_title = plain_label(RELATED_LABEL, wrap=False)
        self.related_buttons: list[Chip] = []

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.section_label)

        self.text_column = QWidget()
        self.text_column.setObjectName("detail_text")
        text = QVBoxLayout(self.text_column)
        text.setContentsMargins(0, 0, 0, 0)
        text.addStretch(0)  # grows on a page without a chart: its text sits mid-screen
        for widget in (self.headline, self.label, self.explanation, self.body):
            text.addWidget(widget)
        text.addSpacing(8)
        text.addWidget(self.quote_title)
        text.addWidget(self.quote)
        text.addWidget(self.citation)
        text.addSpacing(8)
        text.addWidget(self.related_title)
        self.related_row = FlowLayout(spacing=12)
        text.addLayout(self.related_row)
        text.addStretch(1)
        self._text_layout = text

        self.chart_holder = QWidget()
        self.chart_holder.setObjectName("detail_chart")
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)

        # The chart and the text share the page by their stretch alone: what they
        # contain must never push the page (and the kiosk's window) past the screen.
        for column in (self.chart_holder, self.text_column):
            column.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.main = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.main.addWidget(self.chart_holder, 3)
        self.main.addWidget(self.text_column, 2)

        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(self.main, 1)
        self._outer = outer

        self.gestures = GestureInput(self)
        self.gestures.gesture.connect(self._on_gesture)
        self._restyle()

    # -------------------------------------------------------------- content

    @property
    def chart_view(self) -> ChartView | None:
        return self._chart_view

    def ensure_chart_view(self) -> ChartView:
        if self._chart_view is None:
            from kiosk.ui.charts import ChartView  # pyqtgraph comes in here, not at start-up

            self._chart_view = ChartView(self._theme, self.chart_holder)
            self.chart_layout.addWidget(self._chart_view)
        return self._chart_view

    def show_card(self, card: Card, manifest: Manifest, *, animate: bool = True) -> None:
        self.card, self.manifest = card, manifest
        if manifest.display.theme != self._theme:
            self._theme = manifest.display.theme
            if self._chart_view is not None:
                self._chart_view.set_theme(self._theme)
        section = manifest.section(card.section)
        self.section_label.setText(section.title if section else "")
        self.headline.setText(card.headline.text())
        self.label.setText(card.label)
        self.explanation.setText(card.explanation)
        self.explanation.setVisible(bool(card.explanation))
        detail_text = card.detail.text if card.detail else ""
        self.body.setText(detail_text)
        self.body.setVisible(bool(detail_text))
        quote = card.source.quote if card.source else ""
        self.quote.setText(f"“{quote}”" if quote else "")
        self.quote.setVisible(bool(quote))
        self.quote_title.setVisible(bool(quote))
        source = manifest.source(card.source.source) if card.source else None
        self.citation.setText(f"来源：{source.citation()}" if source else "")
        self._show_related(card, manifest)
        chart = card.detail.chart if card.detail else None
        if chart is not None:
            view = self.ensure_chart_view()
            view.show_chart(chart, animate=animate)
            self.chart_holder.show()
        else:
            self.chart_holder.hide()
        self._restyle()

    def _show_related(self, card: Card, manifest: Manifest) -> None:
        related = [manifest.card(card_id) for card_id in card.related[:MAX_RELATED]]
        related_cards = [c for c in related if c is not None]
        # Reuse buttons: the page lives as long as the kiosk.
        while len(self.related_buttons) < len(related_cards):
            chip = Chip(self.text_column)
            chip.clicked.connect(lambda _=False, c=chip: self.related_chosen.emit(c.property("card_id")))
            self.related_buttons.append(chip)
            self.related_row.addWidget(chip)
        for chip, other in zip(self.related_buttons, related_cards, strict=False):
            chip.setText(f"{other.headline.text()}  {other.label}")
            chip.setProperty("card_id", other.id)
            chip.show()
        for button in self.related_buttons[len(related_cards) :]:
            button.hide()
        self.related_title.setVisible(bool(related_cards))

    def settle(self) -> None:
        if self._chart_view is not None:
            self._chart_view.settle()

    # -------------------------------------------------------------- input

    def _on_gesture(self, outcome: object) -> None:
        from kiosk.core.gestures import Gesture, Outcome

        assert isinstance(outcome, Outcome)
        if outcome.gesture is Gesture.SWIPE_DOWN:
            self.back.emit()
        elif outcome.gesture is Gesture.SWIPE_LEFT:
            self.swiped.emit(1)
        elif outcome.gesture is Gesture.SWIPE_RIGHT:
            self.swiped.emit(-1)
        elif outcome.gesture is Gesture.TAP and self._outside_content(outcome.x, outcome.y):
            self.back.emit()

    def _outside_content(self, x: float, y: float) -> bool:
        """A tap on the page's margin, not on its chart or text, closes it."""
        for widget in (self.text_column, self.chart_holder, self.back_button):
            if widget.isVisible() and widget.geometry().adjusted(-12, -12, 12, 12).contains(int(x), int(y)):
                return False
        return True

    # -------------------------------------------------------------- look

    def _unit(self) -> float:
        return min(max(1, self.width()), max(1, self.height())) / 100

    def _restyle(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        unit = self._unit()
        portrait = h > w * 1.15
        has_chart = self.chart_holder.isVisibleTo(self) if self.card else False
        stretch = (3, 2) if has_chart else (0, 1)
        if (self.main.stretch(0), self.main.stretch(1)) != stretch:
            self.main.setStretch(0, stretch[0])
            self.main.setStretch(1, stretch[1])
            self._text_layout.setStretch(0, 0 if has_chart else 1)
        # Re-polishing every child on each card shown is wasted work: only restyle
        # when something the styles use has changed.
        key = (w, h, self._theme)
        if key != self._style_key:
            self._style_key = key
            self._apply_styles(unit, portrait)
        self._fit_text()

    def _apply_styles(self, unit: float, portrait: bool) -> None:
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        self._outer.setSpacing(round(unit * 2))
        self.main.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.main.setSpacing(round(unit * 4))
        self.related_row.set_spacing(round(unit * 1.2))
        t = self._theme
        target = touch_target_px(self, unit)
        style_back_button(self.back_button, unit, target, gold_button_css(t, target, unit * 2.5))
        set_font(self.section_label, fonts.font(unit * 3.0, bold=True))
        colours = {
            self.section_label: t.gold,
            self.headline: t.gold,
            self.label: t.text,
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
        """The text column's fonts at ``scale`` of their full size."""
        unit = self._unit() * scale
        set_font(self.headline, fonts.font(unit * 14, bold=True))
        set_font(self.label, fonts.font(unit * 4.6, bold=True))
        set_font(self.explanation, fonts.font(unit * 3.0))
        set_font(self.body, fonts.font(unit * 2.9))
        set_font(self.quote_title, fonts.font(unit * 2.4, bold=True))
        set_font(self.quote, fonts.font(unit * 2.6))
        set_font(self.citation, fonts.font(unit * 2.0))
        set_font(self.related_title, fonts.font(unit * 2.4, bold=True))
        target = touch_target_px(self, self._unit())
        for chip in self.related_buttons:
            chip.set_look(self._theme.gold, fonts.font(unit * 2.3, bold=True), target, unit * 2)

    def _fit_text(self) -> None:
        """Set the text as large as its column allows: a long explanation is set
        smaller rather than cut off at the bottom of the screen."""
        self._outer.activate()
        width, height = self.text_column.width(), self.text_column.height()
        if width < 2 or height < 2:
            return
        for scale in TEXT_SCALES:
            self._set_text_fonts(scale)
            headline_width = self.headline.fontMetrics().horizontalAdvance(self.headline.text())
            if headline_width <= width and self._text_layout.totalHeightForWidth(width) <= height:
                break  # the headline on one line, and everything above the bottom edge
        else:
            log.warning(
                "card %s: its detail text does not fit a %dx%d screen even at half size; shorten it",
                self.card.id if self.card else "?",
                self.width(),
                self.height(),
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def paintEvent(self, _event: QPaintEvent) -> None:
        paint_background(self, self._theme)


def render_detail(bundle: Bundle, scene: CardScene, width: int, height: int) -> QImage:
    """The settled detail page of ``scene``'s card as an image (screenshots, export)."""
    page = DetailPage()
    page.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    page.resize(width, height)
    page.show_card(scene.card, bundle.manifest, animate=False)
    page.show()
    page.settle()
    image = QImage(width, height, QImage.Format.Format_RGB32)
    page.render(image)
    page.close()
    page.deleteLater()
    return image
