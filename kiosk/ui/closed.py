"""What the screen shows outside opening hours: dark, or a quiet "closed" card."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Theme
from kiosk.ui import fonts

CLOSED_TITLE = "今日展示已结束"
CLOSED_LINE = "欢迎在开放时间再来"


class ClosedScreen(QWidget):
    """Painted once when shown; nothing animates, so the CPU rests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closed_screen")
        self.theme = Theme()
        self.dark = True
        self.organisation = ""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.dark:
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
            painter.end()
            return
        painter.fillRect(self.rect(), QColor(self.theme.background_deep))
        unit = min(self.width(), self.height()) / 100
        rect = QRectF(self.rect())
        painter.setPen(QColor(self.theme.gold))
        painter.setFont(fonts.font(unit * 7, bold=True))
        painter.drawText(rect.adjusted(0, 0, 0, -unit * 10), int(Qt.AlignmentFlag.AlignCenter), CLOSED_TITLE)
        painter.setPen(QColor(self.theme.muted))
        painter.setFont(fonts.font(unit * 3.2))
        line = f"{self.organisation} · {CLOSED_LINE}" if self.organisation else CLOSED_LINE
        painter.drawText(rect.adjusted(0, unit * 12, 0, 0), int(Qt.AlignmentFlag.AlignCenter), line)
        painter.end()
