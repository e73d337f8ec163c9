"""A calm screen while the kiosk picks itself up after an unexpected error.

Shown for a few seconds after an unhandled exception (the details are in the
log file), then ``finished`` is emitted and the window goes back to the
attract loop.  Painted by hand in the theme colours; no buttons, no details.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Theme
from kiosk.ui import fonts
from kiosk.ui.look import background_gradient

RECOVERY_MS = 4000  # long enough to read, short enough that nobody walks away
MESSAGE = "请稍候，展台正在恢复……"
MESSAGE_EN = "One moment, please. The display is restarting."
TITLE_SHARE = 0.065  # of the shorter side
SUBTITLE_SHARE = 0.4  # of the title size
GAP_SHARE = 0.6  # space between the lines, of the title size


class RecoveryScreen(QWidget):
    """Full-window “please wait” screen; ``start()`` shows it, ``finished`` ends it."""

    finished = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, theme: Theme | None = None, duration_ms: int = RECOVERY_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.theme = theme or Theme()
        self.timer = QTimer(self)
        self.timer.setObjectName("recovery_timer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(duration_ms)
        self.timer.timeout.connect(self.finished)

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def start(self) -> None:
        """(Re)start the countdown; another error meanwhile starts it over."""
        self.timer.start()
        self.update()

    def stop(self) -> None:
        self.timer.stop()

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(rect, background_gradient(rect, t))

        title_px = max(12.0, min(rect.width(), rect.height()) * TITLE_SHARE)
        subtitle_px = max(10.0, title_px * SUBTITLE_SHARE)
        gap = title_px * GAP_SHARE
        width = max(1.0, rect.width() - 2 * title_px)
        flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
        title_font = fonts.font(title_px, bold=True)
        subtitle_font = fonts.font(subtitle_px)
        painter.setFont(title_font)
        title_height = painter.boundingRect(QRectF(0, 0, width, rect.height()), flags, MESSAGE).height()
        painter.setFont(subtitle_font)
        subtitle_height = painter.boundingRect(QRectF(0, 0, width, rect.height()), flags, MESSAGE_EN).height()
        rule_height = max(2.0, title_px / 16)

        # Rule, title, subtitle: one block in the middle of the screen.
        top = rect.center().y() - (rule_height + gap + title_height + gap + subtitle_height) / 2
        painter.fillRect(QRectF(rect.center().x() - title_px, top, title_px * 2, rule_height), QColor(t.gold))
        top += rule_height + gap
        painter.setFont(title_font)
        painter.setPen(QColor(t.text))
        painter.drawText(QRectF(title_px, top, width, title_height), flags, MESSAGE)
        top += title_height + gap
        painter.setFont(subtitle_font)
        painter.setPen(QColor(t.muted))
        painter.drawText(QRectF(title_px, top, width, subtitle_height), flags, MESSAGE_EN)
        painter.end()
