"""Related cards as chips a finger can hit, in rows that wrap.

A chip's text is a card's headline and label, which can be longer than the
column beside a chart.  The chip wraps its text instead of cutting it, and
the row wraps its chips instead of pushing the column (and with it the
whole page) wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QLayout, QLayoutItem, QSizePolicy, QWidget

from kiosk.ui import typeset

BORDER_PX = 2
WRAP_FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


class Chip(QAbstractButton):
    """A gold-edged pill naming another card; its text wraps, never cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._colour = QColor("#f2c14e")
        self._target = 60
        self._padding = 20

    def set_look(self, colour: str, font: QFont, target: float, padding: float) -> None:
        """Colour, font, the touch-target height and the side padding, in pixels."""
        changed = (QColor(colour), round(target), round(padding)) != (self._colour, self._target, self._padding)
        self._colour, self._target, self._padding = QColor(colour), round(target), round(padding)
        if self.font() != font:
            self.setFont(font)
        elif changed:
            self.updateGeometry()
            self.update()

    def _text_width(self, width: int) -> int:
        return max(1, width - 2 * (self._padding + BORDER_PX))

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * (self._padding + BORDER_PX) + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), self._target * 3), self._target)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = typeset.text(self.text(), self.font(), self._text_width(width), balanced=True)
        text = self.fontMetrics().boundingRect(QRect(0, 0, self._text_width(width), 1 << 20), WRAP_FLAGS, lines)
        line = self.fontMetrics().height()
        return max(self._target, text.height() + line // 2 + 2 * BORDER_PX)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(BORDER_PX / 2, BORDER_PX / 2, -BORDER_PX / 2, -BORDER_PX / 2)
        radius = min(rect.height(), self._target) / 2
        fill = QColor(self._colour) if self.isDown() else QColor(0, 0, 0, 70)
        if self.isDown():
            fill.setAlpha(90)
        painter.setPen(QPen(self._colour, BORDER_PX))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        painter.setFont(self.font())
        text_rect = self.rect().adjusted(self._padding + BORDER_PX, 0, -self._padding - BORDER_PX, 0)
        painter.drawText(
            text_rect, WRAP_FLAGS, typeset.text(self.text(), self.font(), text_rect.width(), balanced=True)
        )
        painter.end()


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next row when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def set_spacing(self, spacing: int) -> None:
        if spacing != self._spacing:
            self._spacing = spacing
            self.invalidate()

    # QLayout's interface
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        width = sum(item.sizeHint().width() + self._spacing for item in self._shown())
        return QSize(max(0, width - self._spacing), self.heightForWidth(max(1, width)))

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); returns the height used."""
        x, y, row_height = rect.x(), rect.y(), 0
        right = rect.x() + rect.width()
        for item in self._shown():
            hint = item.sizeHint()
            width = max(1, min(hint.width(), rect.width()))
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if x > rect.x() and x + width > right:
                x, y, row_height = rect.x(), y + row_height + self._spacing, 0
            if place:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + self._spacing
            row_height = max(row_height, height)
        return y + row_height - rect.y()
