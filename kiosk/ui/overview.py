"""The overview: every card as a tile, grouped by section; a tap goes to that card."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import Card, Manifest, Theme
from kiosk.ui import fonts
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
TILE_MIN_WIDTH_UNITS = 30  # of min(width, height) / 100


class CardTile(QAbstractButton):
    """A card in small: its headline and what it counts."""

    def __init__(self, card: Card, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.theme = theme
        self.current = False
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
        label_font, _ = fitted_font(self.card.label, label_rect.width(), label_rect.height(), inner.height() * 0.2, 8)
        painter.setFont(label_font)
        painter.setPen(QColor(t.text))
        painter.drawText(
            label_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            self.card.label,
        )
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

        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.scroll.setWidget(self.content)
        # Fingers scroll the grid; a tap still reaches the tile.  (A mouse scrolls
        # with its wheel: grabbing the left button sent clicks to the wrong tile.)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.scroll, 1)
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

    def mark_current(self, card_id: str) -> None:
        for tile in self.tiles:
            tile.current = tile.card.id == card_id
            tile.update()

    def tile(self, card_id: str) -> CardTile | None:
        return next((t for t in self.tiles if t.card.id == card_id), None)

    def _relayout(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        unit = min(w, h) / 100
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        columns = max(2, int((w - 2 * margin) // (unit * TILE_MIN_WIDTH_UNITS)))
        tile_h = max(round(touch_target_px(self, unit) * 1.6), round(unit * 16))
        t = self.theme
        for block, grid, tiles in self._sections:
            grid.setSpacing(round(unit * 1.6))
            for index, tile in enumerate(tiles):
                grid.addWidget(tile, index // columns, index % columns)
                tile.setMinimumHeight(tile_h)
                tile.theme = t
            for column in range(columns):
                grid.setColumnStretch(column, 1)
            header = block.findChild(QWidget, "overview_section")
            if header is not None:
                set_font(header, fonts.font(unit * 3.2, bold=True))
                set_style(header, f"color: {t.gold}; background: transparent; padding-top: {round(unit * 2)}px;")
        set_font(self.title, fonts.font(unit * 4, bold=True))
        set_style(self.title, f"color: {t.text}; background: transparent;")
        target = touch_target_px(self, unit)
        style_back_button(self.back_button, unit, target, gold_button_css(t, target, unit * 2.5))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def paintEvent(self, _event: QPaintEvent) -> None:
        paint_background(self, self.theme)
