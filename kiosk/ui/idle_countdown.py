"""The countdown before an open page closes by itself: "即将返回首页 · 8 秒".

When it shows is the presenter's business
(:class:`~kiosk.core.presenter.IdleCountdown`); this widget only paints the
seconds it is given, in the shipped font, as plain text.  While it shows, any
input anywhere (a touch, a click, a key, the mouse) emits :attr:`touched`, so
the window can tell the presenter that the visitor is still there.  A tap on
the countdown itself goes no further: it means "stay", not a tap on the page
below.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QMouseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Theme
from kiosk.ui import fonts
from kiosk.ui.look import Palette, with_alpha

COUNTDOWN_TITLE = "即将返回首页"
COUNTDOWN_SECONDS = "{seconds} 秒"
COUNTDOWN_HINT = "轻触屏幕继续浏览"
WIDTH_UNITS = 52.0  # of min(width, height) / 100 of the window
HEIGHT_UNITS = 17.0
BOTTOM_UNITS = 5.0  # from the window's bottom edge
BACKDROP_ALPHA = 0.94

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class IdleCountdownCard(QWidget):
    """A card near the bottom of its parent window counting down the last seconds before the idle return."""

    touched = Signal()  # any input while the countdown shows

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle_countdown")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.theme = Theme()
        self.seconds = 0
        self._watching = False
        parent.installEventFilter(self)  # its size: the countdown keeps its place near the bottom
        self.hide()

    def text(self) -> str:
        """What the countdown says now, on one line (for tests and the log)."""
        return f"{COUNTDOWN_TITLE} · {COUNTDOWN_SECONDS.format(seconds=self.seconds)}"

    def show_seconds(self, seconds: int, theme: Theme) -> None:
        """Show ``seconds`` left, over whatever page is on screen."""
        self.seconds = seconds
        self.theme = theme
        self.place()
        self.raise_()
        self.show()
        self.update()

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        unit = min(parent.width(), parent.height()) / 100
        width = min(parent.width() * 0.92, unit * WIDTH_UNITS)
        height = unit * HEIGHT_UNITS
        left = (parent.width() - width) / 2
        top = parent.height() - height - unit * BOTTOM_UNITS
        self.setGeometry(round(left), round(top), round(width), round(height))

    # -------------------------------------------------------------- input

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            event.accept()  # a finger on the countdown stays here: the page below never sees it
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # taken here, not passed on to the page below

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS and self.isVisible():
            self.touched.emit()
        elif kind == QEvent.Type.Resize and watched is self.parentWidget():
            self.place()
        return False

    def _watch(self, on: bool) -> None:
        app = QCoreApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._watch(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._watch(False)

    # -------------------------------------------------------------- look

    def paintEvent(self, _event: QPaintEvent) -> None:
        colours = Palette(self.theme)
        unit = self.height() / 17
        border = max(2.0, unit * 0.35)
        rect = QRectF(self.rect()).adjusted(border / 2, border / 2, -border / 2, -border / 2)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(with_alpha(colours.background_deep, BACKDROP_ALPHA))
        radius = rect.height() * 0.22
        painter.drawRoundedRect(rect, radius, radius)
        pen = painter.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(colours.gold)
        pen.setWidthF(border)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, radius, radius)

        inner = rect.adjusted(unit * 2, unit * 1.2, -unit * 2, -unit * 1.2)
        centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.62)
        bottom = QRectF(inner.left(), top.bottom(), inner.width(), inner.height() - top.height())
        title_font = fonts.font(unit * 4.4, bold=True)
        seconds_font = fonts.font(unit * 6.2, bold=True)
        painter.setFont(title_font)
        title_w = painter.fontMetrics().horizontalAdvance(COUNTDOWN_TITLE + "  ")
        painter.setFont(seconds_font)
        seconds_text = COUNTDOWN_SECONDS.format(seconds=self.seconds)
        seconds_w = painter.fontMetrics().horizontalAdvance(seconds_text)
        left = top.center().x() - (title_w + seconds_w) / 2
        painter.setFont(title_font)
        painter.setPen(QColor(colours.text))
        painter.drawText(
            QRectF(left, top.top(), title_w, top.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            COUNTDOWN_TITLE,
        )
        painter.setFont(seconds_font)
        painter.setPen(colours.gold)
        painter.drawText(
            QRectF(left + title_w, top.top(), seconds_w + unit, top.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            seconds_text,
        )
        painter.setFont(fonts.font(unit * 3.0))
        painter.setPen(colours.muted)
        painter.drawText(bottom, int(centre), COUNTDOWN_HINT)
        painter.end()
