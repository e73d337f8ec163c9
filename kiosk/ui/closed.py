"""What the screen shows outside opening hours: dark, or a quiet "closed" card, and when it opens next.

The words come from :mod:`kiosk.core.opening_notice` (``今天 14:00 开放``).
The dark screen is there so that the display can be switched off: it stays
black, and only a tap shows the next opening, dimly, for a few seconds.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Theme
from kiosk.core.opening_notice import ENDED_TODAY, ClosedNotice
from kiosk.ui import fonts
from kiosk.ui.look import background_gradient, with_alpha

CLOSED_TITLE = ENDED_TODAY
CLOSED_LINE = "欢迎在开放时间再来"  # under the title when no opening lies ahead
DARK_HINT_MS = 6000  # a tap on the dark screen shows when it opens for this long
DARK_HINT_ALPHA = 0.45  # the dark screen's hint, dimmed: a glow in a dark hall, not a lit screen
_TAP_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin})


class ClosedScreen(QWidget):
    """Painted once when shown; nothing animates, so the CPU rests.

    ``notice`` says why and when (set it before showing); ``dark`` keeps the
    screen black until a tap shows ``notice`` for :data:`DARK_HINT_MS`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closed_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.theme = Theme()
        self.dark = True
        self.organisation = ""
        self.notice = ClosedNotice(CLOSED_TITLE, "")
        self.hint_timer = QTimer(self)
        self.hint_timer.setObjectName("closed_hint_timer")
        self.hint_timer.setSingleShot(True)
        self.hint_timer.setInterval(DARK_HINT_MS)
        self.hint_timer.timeout.connect(self.update)

    @property
    def showing_hint(self) -> bool:
        """The dark screen shows when it opens (a tap asked for it)."""
        return self.dark and self.hint_timer.isActive()

    def set_notice(self, notice: ClosedNotice) -> None:
        if notice != self.notice:
            self.notice = notice
            self.update()

    def lines(self) -> tuple[str, str, str]:
        """The title, the next opening and the organisation's line, as painted (for tests)."""
        when = self.notice.next_opening
        footer = CLOSED_LINE if not when else ""
        if self.organisation:
            footer = f"{self.organisation} · {footer}" if footer else self.organisation
        return self.notice.title, when, footer

    def event(self, event: QEvent) -> bool:
        if event.type() in _TAP_EVENTS:
            event.accept()
            if self.dark:
                self.hint_timer.start()
                self.update()
            return True
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        unit = min(self.width(), self.height()) / 100
        if self.dark:
            painter.fillRect(rect, Qt.GlobalColor.black)
            if self.showing_hint and self.notice.next_opening:
                painter.setPen(with_alpha(QColor(self.theme.muted), DARK_HINT_ALPHA))
                painter.setFont(fonts.font(unit * 4.5, bold=True))
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.notice.next_opening)
            painter.end()
            return
        painter.fillRect(rect, background_gradient(rect, self.theme))
        title, when, footer = self.lines()
        centre = rect.center().y()
        band = unit * 12
        painter.setPen(QColor(self.theme.text))
        painter.setFont(fonts.font(unit * 5.5, bold=True))
        painter.drawText(self._band(rect, centre - band * 1.05, band), int(Qt.AlignmentFlag.AlignCenter), title)
        if when:
            painter.setPen(QColor(self.theme.gold))
            painter.setFont(fonts.font(unit * 8, bold=True))
            painter.drawText(
                self._band(rect, centre + band * 0.05, band * 1.2), int(Qt.AlignmentFlag.AlignCenter), when
            )
        if footer:
            painter.setPen(QColor(self.theme.muted))
            painter.setFont(fonts.font(unit * 3.2))
            top = centre + band * (1.5 if when else 0.2)
            painter.drawText(self._band(rect, top, band * 0.6), int(Qt.AlignmentFlag.AlignCenter), footer)
        painter.end()

    @staticmethod
    def _band(rect: QRectF, top: float, height: float) -> QRectF:
        margin = rect.width() * 0.05
        return QRectF(rect.left() + margin, top, rect.width() - 2 * margin, height)
