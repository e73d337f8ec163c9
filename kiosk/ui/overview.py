"""The overview: every card as a tile, grouped by section; a tap goes to that card.

Fingers scroll it with a kinetic feel that stops at the ends (no overshoot);
there is no scrollbar, and while more lies below, the bottom edge fades out
under "上滑查看更多".  Only the back button or a tap beside the tiles closes
it: a wheel or a drag never does.  Every tile sets its label at one size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import Card, Manifest, Theme
from kiosk.ui import fonts, typeset
from kiosk.ui.card_painter import fitted_font
from kiosk.ui.look import (
    BACK_LABEL,
    gold_button_css,
    paint_background,
    plain_label,
    set_font,
    set_style,
    style_back_button,
)
from kiosk.ui.touch import touch_target_px

TITLE = "全部数字"
MORE_LABEL = "上滑查看更多"
TILE_MIN_WIDTH_UNITS = 30  # of min(width, height) / 100
TAP_SLOP_PX = 12  # a press and release closer than this is a tap, not a drag
FADE_UNITS = 12  # the height of the fade over the bottom edge while more lies below


class CardTile(QAbstractButton):
    """A card in small: its headline and what it counts."""

    def __init__(self, card: Card, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.theme = theme
        self.current = False
        self.label_font: QFont | None = None  # one size for every tile's label, set by the page
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(f"{card.headline.text()} {card.label}")

    def sizeHint(self) -> QSize:
        return QSize(240, 140)

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = min(rect.width(), rect.height()) * 0.08
        fill = QColor(t.surface)
        fill.setAlphaF(1.0 if self.isDown() else 0.82)
        painter.setBrush(fill)
        painter.setPen(QPen(QColor(t.gold), 4 if self.current else 1.5))
        painter.drawRoundedRect(rect, radius, radius)
        inner = rect.adjusted(rect.width() * 0.06, rect.height() * 0.08, -rect.width() * 0.06, -rect.height() * 0.08)
        head_h = inner.height() * 0.5
        head_font, _ = fitted_font(self.card.headline.text(), inner.width(), head_h, head_h * 0.8, 8, bold=True)
        painter.setFont(head_font)
        painter.setPen(QColor(t.gold))
        painter.drawText(
            QRectF(inner.left(), inner.top(), inner.width(), head_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.card.headline.text(),
        )
        label_rect = QRectF(inner.left(), inner.top() + head_h, inner.width(), inner.height() - head_h)
        label_font = (
            self.label_font
            or fitted_font(self.card.label, label_rect.width(), label_rect.height(), inner.height() * 0.2, 8)[0]
        )
        painter.setFont(label_font)
        painter.setPen(QColor(t.text))
        painter.drawText(
            label_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            typeset.text(self.card.label, label_font, label_rect.width()),
        )
        painter.end()


def tile_label_box(width: float, height: float) -> QRectF:
    """Where a tile of ``width``×``height`` sets its label (as :meth:`CardTile.paintEvent` does)."""
    rect = QRectF(0, 0, width, height).adjusted(2, 2, -2, -2)
    inner = rect.adjusted(rect.width() * 0.06, rect.height() * 0.08, -rect.width() * 0.06, -rect.height() * 0.08)
    head_h = inner.height() * 0.5
    return QRectF(inner.left(), inner.top() + head_h, inner.width(), inner.height() - head_h)


class MoreBelow(QWidget):
    """The cue that the grid goes on: a fade over the bottom edge and "上滑查看更多"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.theme = Theme()
        self.label_font = fonts.font(20, bold=True)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        deep = QColor(self.theme.background_deep)
        fade = QLinearGradient(rect.topLeft(), rect.bottomLeft())
        clear = QColor(deep)
        clear.setAlpha(0)
        fade.setColorAt(0.0, clear)
        fade.setColorAt(0.65, deep)
        fade.setColorAt(1.0, deep)
        painter.fillRect(rect, fade)
        painter.setFont(self.label_font)
        painter.setPen(QColor(self.theme.gold))
        text_rect = QRectF(rect.left(), rect.top() + rect.height() * 0.45, rect.width(), rect.height() * 0.55)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter), MORE_LABEL)
        painter.end()


class OverviewPage(QWidget):
    """A touch-scrollable grid of every card, grouped by section."""

    chosen = Signal(str)  # card id
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview_page")
        self.theme = Theme()
        self.tiles: list[CardTile] = []
        self._sections: list[tuple[QWidget, QGridLayout, list[CardTile]]] = []

        self.back_button = QPushButton(BACK_LABEL)
        self.back_button.setObjectName("overview_back")
        self.back_button.clicked.connect(self.back)
        self.title = plain_label(TITLE, wrap=False)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(24)
        top.addWidget(self.title)
        top.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # no desktop scrollbar
        self.scroll_area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.scroll_area.setWidget(self.content)
        # Fingers scroll the grid; a tap still reaches the tile.  (A mouse scrolls
        # with its wheel: grabbing the left button sent clicks to the wrong tile.)
        viewport = self.scroll_area.viewport()
        QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.TouchGesture)
        scroller = QScroller.scroller(viewport)
        properties = scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        scroller.setScrollerProperties(properties)
        self.scroller = scroller
        self.more_below = MoreBelow(self.scroll_area)
        bar = self.scroll_area.verticalScrollBar()
        bar.valueChanged.connect(self._update_more_below)
        bar.rangeChanged.connect(self._update_more_below)
        # A tap beside the tiles closes the page; a drag or a wheel never does.
        self._press: QPointF | None = None
        for watched in (viewport, self.content):
            watched.installEventFilter(self)

        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.scroll_area, 1)
        self._outer = outer

    def show_manifest(self, manifest: Manifest, current_id: str | None = None) -> None:
        self.theme = manifest.display.theme
        for widget, _grid, _tiles in self._sections:
            widget.deleteLater()
        self._sections.clear()
        self.tiles.clear()
        for section in manifest.sections:
            cards = [c for c in manifest.play_order() if c.section == section.id]
            if not cards:
                continue
            block = QWidget()
            block_layout = QVBoxLayout(block)
            block_layout.setContentsMargins(0, 0, 0, 0)
            header = plain_label(section.title, wrap=False)
            header.setObjectName("overview_section")
            block_layout.addWidget(header)
            grid = QGridLayout()
            block_layout.addLayout(grid)
            tiles = []
            for card in cards:
                tile = CardTile(card, self.theme)
                tile.current = card.id == current_id
                tile.clicked.connect(lambda _=False, card_id=card.id: self.chosen.emit(card_id))
                tiles.append(tile)
            self.tiles.extend(tiles)
            self._sections.append((block, grid, tiles))
            self.content_layout.addWidget(block)
        self.content_layout.addStretch(1)
        self._relayout()

    def _update_more_below(self) -> None:
        bar = self.scroll_area.verticalScrollBar()
        self.more_below.setVisible(bar.maximum() > 0 and bar.value() < bar.maximum() - 2)
        area = self.scroll_area.rect()
        height = round(min(area.height() * 0.3, self._unit() * FADE_UNITS))
        self.more_below.setGeometry(0, area.height() - height, area.width(), height)
        self.more_below.raise_()

    @property
    def more_below_shown(self) -> bool:
        """Whether the cue "上滑查看更多" is shown: more of the grid lies below."""
        return self.more_below.isVisibleTo(self)

    def _unit(self) -> float:
        return min(max(1, self.width()), max(1, self.height())) / 100

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            return False  # the scroll area scrolls; nothing else happens
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._press = event.globalPosition()
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            self._tap_beside_tiles(event)
        return False

    def _tap_beside_tiles(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        if press is None or (event.globalPosition() - press).manhattanLength() > TAP_SLOP_PX:
            return
        if self.scroller.state() is not QScroller.State.Inactive:
            return
        under = self.childAt(self.mapFromGlobal(event.globalPosition().toPoint()))
        while under is not None and under is not self:
            if isinstance(under, (CardTile, QAbstractButton)):
                return
            under = under.parentWidget()
        self.back.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.globalPosition()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._tap_beside_tiles(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.accept()  # a wheel beside the grid scrolls nothing and closes nothing

    def tile(self, card_id: str) -> CardTile | None:
        return next((t for t in self.tiles if t.card.id == card_id), None)

    def _relayout(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        unit = min(w, h) / 100
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        columns = max(2, int((w - 2 * margin) // (unit * TILE_MIN_WIDTH_UNITS)))
        tile_h = max(round(touch_target_px(self, unit) * 1.6), round(unit * 16))
        spacing = round(unit * 1.6)
        tile_w = (w - 2 * margin - spacing * (columns - 1)) / columns
        label_font = self._label_font(tile_w, tile_h)
        t = self.theme
        self.content_layout.setContentsMargins(0, 0, 0, round(unit * FADE_UNITS * 0.6))  # the last row clears the fade
        for block, grid, tiles in self._sections:
            grid.setSpacing(spacing)
            for tile in tiles:
                grid.removeWidget(tile)
            for index, tile in enumerate(tiles):
                grid.addWidget(tile, index // columns, index % columns)
                tile.setMinimumHeight(tile_h)
                tile.theme = t
                tile.label_font = label_font
            for column in range(max(columns, grid.columnCount())):
                grid.setColumnStretch(column, 1 if column < columns else 0)
                grid.setColumnMinimumWidth(column, 0)
            header = block.findChild(QWidget, "overview_section")
            if header is not None:
                set_font(header, fonts.font(unit * 3.2, bold=True))
                set_style(header, f"color: {t.gold}; background: transparent; padding-top: {round(unit * 2)}px;")
        set_font(self.title, fonts.font(unit * 4, bold=True))
        set_style(self.title, f"color: {t.text}; background: transparent;")
        target = touch_target_px(self, unit)
        style_back_button(self.back_button, unit, target, gold_button_css(t, target, unit * 2.5))
        self.more_below.theme = t
        self.more_below.label_font = fonts.font(unit * 2.8, bold=True)
        self._update_more_below()

    def _label_font(self, tile_w: float, tile_h: float) -> QFont | None:
        """The one label size every tile can hold: the largest that fits the longest label."""
        if not self.tiles:
            return None
        box = tile_label_box(tile_w, tile_h)
        start = box.height() * 0.4  # a fifth of the inner height, where a tile alone starts
        sizes = [
            fitted_font(tile.card.label, box.width(), box.height(), start, 8)[0].pixelSize() for tile in self.tiles
        ]
        return fonts.font(min(sizes))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._relayout()  # the grid takes the page's full width from the first frame

    def paintEvent(self, _event: QPaintEvent) -> None:
        paint_background(self, self.theme)
