"""The detail page a visitor opens by touching a card.

The card's chart beside its explanation and the sentence it comes from;
related cards as chips to touch.  A chart shared by several cards marks
this card's value.  A card without a chart, and a card whose chart is no
more than two figures of different units, get a page of their own: the
figure (or the two) large on one side, the text on the other, never an
empty plot.  No text is shown twice.  pyqtgraph is imported only when the first
chart is needed (or while the kiosk warms up after its first frame).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QImage, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.chart_values import figure_pair, value_index
from kiosk.core.figures import Figure
from kiosk.core.model import Card, Chart, Manifest, Theme
from kiosk.ui import typeset
from kiosk.ui.chips import Chip, FlowLayout
from kiosk.ui.detail_layout import (
    HEADLINE_UNITS,
    HERO_HEADLINE_UNITS,
    ICON_SHARE,
    PAIR_FIGURE_SCALE,
    TEXT_SCALES,
    VALUE_LABEL_SHARE,
    DetailLayout,
)
from kiosk.ui.look import (
    BACK_LABEL,
    paint_background,
    plain_label,
)
from kiosk.ui.touch import GestureInput

if TYPE_CHECKING:
    from kiosk.core.bundle import Bundle
    from kiosk.ui.card_painter import CardScene
    from kiosk.ui.charts import ChartView

__all__ = [
    "HEADLINE_UNITS",
    "HERO_HEADLINE_UNITS",
    "ICON_SHARE",
    "PAIR_FIGURE_SCALE",
    "TEXT_SCALES",
    "VALUE_LABEL_SHARE",
    "DetailPage",
    "headline_index",
    "render_detail",
    "settled_detail_page",
    "shown_once",
]

RELATED_LABEL = "相关数字"
QUOTE_LABEL = "原文"
MAX_RELATED = 6
# Punctuation and spaces ignored when texts are compared for repetition.
_IGNORED = frozenset(" \n\t，。、；：？！“”‘’（）《》「」—…·,.;:!?()\"'")


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch not in _IGNORED)


def shown_once(texts: list[str]) -> list[bool]:
    """Which of ``texts`` to show so that none repeats one shown before it.

    A text is left out when it is empty, or when (punctuation aside) it is the
    same as, or contained in, a text already shown.
    """
    seen: list[str] = []
    keep: list[bool] = []
    for text in texts:
        plain = _plain(text)
        repeated = not plain or any(plain in other for other in seen)
        keep.append(not repeated)
        if not repeated:
            seen.append(plain)
    return keep


def headline_index(chart: Chart, card: Card) -> int | None:
    """The card's headline among the chart's values: the value this card is about."""
    return value_index(chart, card.headline, card.label)


class DetailPage(DetailLayout, QWidget):
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
        self._mode_key: tuple[bool, bool] | None = None
        self._icon_image: QImage | None = None
        self._build_labels()
        top = self._build_top_bar()
        self._build_text_column()
        self._build_chart_holder()
        self._build_columns()
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(self.main, 1)
        self._outer = outer

        self.gestures = GestureInput(self)
        self.gestures.gesture.connect(self._on_gesture)
        self._restyle()

    def _build_labels(self) -> None:
        """The back button and every label the page fills in for a card."""
        self.back_button = QPushButton(BACK_LABEL)
        self.back_button.setObjectName("detail_back")
        self.back_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.back_button.clicked.connect(self.back)
        self.section_label = plain_label(wrap=False)
        self.headline = plain_label()
        self.icon = QLabel()
        self.icon.setObjectName("detail_icon")
        self.icon.setTextFormat(Qt.TextFormat.PlainText)  # it shows a picture; never markup
        self.icon.hide()
        self.label = plain_label()
        # A chart of two figures of different units: the other figure, beside the headline.
        self.pair_title = plain_label()
        self.pair_figure = plain_label()
        self.pair_caption = plain_label()
        self.explanation = plain_label()
        self.body = plain_label()
        self.quote_title = plain_label(QUOTE_LABEL, wrap=False)
        self.quote = plain_label()
        self.citation = plain_label()
        self.related_title = plain_label(RELATED_LABEL, wrap=False)
        self.related_buttons: list[Chip] = []

    def _build_top_bar(self) -> QHBoxLayout:
        """The back button on the left, the card's section on the right."""
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.section_label)
        return top

    def _build_text_column(self) -> None:
        """The headline, the explanation, the quote with its source and the related cards, top to bottom."""
        self.text_column = QWidget()
        self.text_column.setObjectName("detail_text")
        text = QVBoxLayout(self.text_column)
        text.setContentsMargins(0, 0, 0, 0)
        text.addStretch(0)  # grows on a page without a chart: its text sits mid-screen
        self._build_hero()
        text.addWidget(self.hero)
        for widget in (self.explanation, self.body):
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

    def _build_hero(self) -> None:
        """The headline with its icon and label, and a pair's second figure.

        Beside a chart it tops the text column; on a page without a chart it
        stands large beside the text.
        """
        self.hero = QWidget()
        self.hero.setObjectName("detail_figures")
        hero = QVBoxLayout(self.hero)
        hero.setContentsMargins(0, 0, 0, 0)
        hero.addStretch(0)
        hero.addWidget(self.pair_title)
        self.own_cell = QWidget()
        own = QVBoxLayout(self.own_cell)
        own.setContentsMargins(0, 0, 0, 0)
        headline_row = QHBoxLayout()
        headline_row.setContentsMargins(0, 0, 0, 0)
        headline_row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        headline_row.addWidget(self.headline, 1)
        self._headline_row = headline_row
        own.addLayout(headline_row)
        own.addWidget(self.label)
        self.pair_cell = QWidget()
        pair = QVBoxLayout(self.pair_cell)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(self.pair_figure)
        pair.addWidget(self.pair_caption)
        pair.addStretch(1)
        own.addStretch(1)
        self.cells = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.cells.addWidget(self.own_cell)
        self.cells.addWidget(self.pair_cell)
        hero.addLayout(self.cells)
        hero.addStretch(0)
        self._hero_layout = hero
        self._hero_beside = False
        self.pair_cell.hide()
        self.pair_title.hide()

    def _build_chart_holder(self) -> None:
        """The empty panel the chart goes into once a card has one."""
        self.chart_holder = QWidget()
        self.chart_holder.setObjectName("detail_chart")
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)

    def _build_columns(self) -> None:
        """The chart beside the text, sharing the page three to two."""
        # The chart and the text share the page by their stretch alone: what they
        # contain must never push the page (and the kiosk's window) past the screen.
        for column in (self.chart_holder, self.text_column):
            column.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.main = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.main.addWidget(self.chart_holder, 3)
        self.main.addWidget(self.text_column, 2)

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

    def show_card(self, card: Card, manifest: Manifest, *, animate: bool = True, icon: QImage | None = None) -> None:
        """Show ``card``'s detail; ``icon`` is its ``icon:`` (``kiosk.ui.snapshot.card_icon``), drawn beside the headline."""
        self.card, self.manifest = card, manifest
        self._icon_image = icon if icon is not None and not icon.isNull() else None
        self.icon.setVisible(self._icon_image is not None)
        if manifest.display.theme != self._theme:
            self._theme = manifest.display.theme
            if self._chart_view is not None:
                self._chart_view.set_theme(self._theme)
        section = manifest.section(card.section)
        self.section_label.setText(section.title if section else "")
        self.headline.setText(card.headline.text())
        chart = card.detail.chart if card.detail else None
        pair = figure_pair(chart) if chart is not None else None
        own = headline_index(chart, card) if chart is not None else None
        if chart is not None and pair is not None and own is not None and own < 2:
            self._show_pair(chart, pair[1 - own])
            chart = None  # its two figures are the page's own: no chart panel
        else:
            self.pair_cell.hide()
            self.pair_title.hide()
        detail_text = card.detail.text if card.detail else ""
        quote = card.source.quote if card.source else ""
        # Label, explanation and detail text, each only if it says something not yet on the page.
        shown = shown_once([card.label, card.explanation, detail_text, quote])
        typeset.set_label_text(self.label, card.label)
        typeset.set_label_text(self.explanation, card.explanation)
        self.explanation.setVisible(shown[1])
        typeset.set_label_text(self.body, detail_text)
        self.body.setVisible(shown[2] and _plain(detail_text) != _plain(quote))
        typeset.set_label_text(self.quote, f"“{quote}”" if quote else "")
        self.quote.setVisible(bool(quote))
        self.quote_title.setVisible(bool(quote))
        source = manifest.source(card.source.source) if card.source else None
        typeset.set_label_text(self.citation, f"来源：{source.citation()}" if source else "")
        self._show_related(card, manifest)
        if chart is not None:
            view = self.ensure_chart_view()
            view.show_chart(chart, highlight=own, animate=animate)
            self.chart_holder.show()
        else:
            self.chart_holder.hide()
        self._restyle()

    def _show_pair(self, chart: Chart, other: tuple[Figure, str]) -> None:
        """The chart's other figure beside the headline, and the chart's title above both."""
        figure, name = other
        self.pair_figure.setText(figure.text())
        typeset.set_label_text(self.pair_caption, name)
        typeset.set_label_text(self.pair_title, chart.title)
        self.pair_title.setVisible(bool(chart.title))
        self.pair_cell.show()

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

    def hide_controls(self) -> None:
        """For paper: no back button; its place is kept, so the page is laid out as on screen."""
        policy = self.back_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.back_button.setSizePolicy(policy)
        self.back_button.hide()

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
        """A tap on the page's margin, not on its figure, chart or text, closes it.

        The big figure is what a visitor touches first: a tap on it keeps the page.
        """
        for widget in (self.hero, self.text_column, self.chart_holder, self.back_button):
            if not widget.isVisibleTo(self):
                continue
            on_page = QRect(widget.mapTo(self, QPoint(0, 0)), widget.size())
            if on_page.adjusted(-12, -12, 12, 12).contains(int(x), int(y)):
                return False
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def paintEvent(self, _event: QPaintEvent) -> None:
        paint_background(self, self._theme)


@contextmanager
def settled_detail_page(
    bundle: Bundle, scene: CardScene, width: int, height: int, *, controls: bool = True
) -> Iterator[DetailPage]:
    """The detail page of ``scene``'s card, laid out off screen at ``width``×``height``, settled."""
    page = DetailPage()
    page.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    page.resize(width, height)
    from kiosk.ui.snapshot import card_icon

    page.show_card(scene.card, bundle.manifest, animate=False, icon=card_icon(bundle, scene.card))
    if not controls:
        page.hide_controls()
    page.show()
    page.settle()
    try:
        yield page
    finally:
        page.close()
        page.deleteLater()


def render_detail(bundle: Bundle, scene: CardScene, width: int, height: int) -> QImage:
    """The settled detail page of ``scene``'s card as an image (screenshots, export)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    with settled_detail_page(bundle, scene, width, height) as page:
        page.render(image)
    return image
