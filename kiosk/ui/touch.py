"""Touches and mouse drags on a widget, turned into taps and swipes.

The widget accepts real touch events (it does not rely on Qt turning
touches into mouse events); a laptop's mouse makes the same gestures.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QInputDevice, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.gestures import Gesture, GestureTracker, Outcome

PALM_MM = 25.0  # a contact wider than this is a hand resting on the glass
MIN_TOUCH_TARGET_MM = 9.0
# A quick second click comes as a double-click instead of a press: it is a press all the same
# (five quick clicks in the staff corner are five taps).
_MOUSE_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonRelease,
    }
)
_PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick})


def pixels_per_mm(widget: QWidget) -> float:
    screen = widget.screen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not 40 <= dpi <= 600:  # virtual screens report nonsense
        dpi = 96.0
    return dpi / 25.4


def touch_target_px(widget: QWidget, unit: float) -> float:
    """At least 9 mm, and scaled with the screen."""
    return max(MIN_TOUCH_TARGET_MM * pixels_per_mm(widget), unit * 6.5)


class GestureInput(QObject):
    """Watches one widget; emits ``dragged`` while a finger drags sideways
    and ``gesture`` when the finger lifts."""

    dragged = Signal(float)  # horizontal offset in pixels
    gesture = Signal(object)  # Outcome
    touched = Signal()  # any contact: the visitor is here

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.tracker = GestureTracker(widget.width(), widget.height(), pixels_per_mm=pixels_per_mm(widget))
        widget.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            self._touch(event)  # type: ignore[arg-type]
            return True
        if kind in _MOUSE_EVENTS:
            return self._mouse(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.Resize:
            self.tracker.resize(self.widget.width(), self.widget.height(), pixels_per_mm(self.widget))
        return False

    def _touch(self, event: QTouchEvent) -> None:
        event.accept()
        t = event.timestamp() / 1000
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._finish(self._cancelled())
            return
        if len(points) > 1 or any(self._is_palm(p.ellipseDiameters().width()) for p in points):
            self.tracker.cancel()
            self.dragged.emit(0.0)
        point = points[0] if points else None
        if point is None:
            return
        pos = point.position()
        if kind == QEvent.Type.TouchBegin:
            self.touched.emit()
            self.tracker.press(pos.x(), pos.y(), t)
        elif kind == QEvent.Type.TouchUpdate:
            self._move(pos.x(), pos.y(), t)
        elif kind == QEvent.Type.TouchEnd:
            self._finish(self.tracker.release(pos.x(), pos.y(), t))

    def _mouse(self, event: QMouseEvent) -> bool:
        device = event.pointingDevice()
        if device is not None and device.type() == QInputDevice.DeviceType.TouchScreen:
            return True  # a touch Qt re-sent as a mouse event: already handled
        if event.type() != QEvent.Type.MouseMove and event.button() != Qt.MouseButton.LeftButton:
            return False
        t = event.timestamp() / 1000
        pos = event.position()
        if event.type() in _PRESSES:
            self.touched.emit()
            self.tracker.press(pos.x(), pos.y(), t)
        elif event.type() == QEvent.Type.MouseMove:
            if not event.buttons() & Qt.MouseButton.LeftButton:
                return False
            self._move(pos.x(), pos.y(), t)
        else:
            self._finish(self.tracker.release(pos.x(), pos.y(), t))
        return True

    def _move(self, x: float, y: float, t: float) -> None:
        self.tracker.move(x, y, t)
        if self.tracker.dragging_horizontally:
            self.dragged.emit(self.tracker.dx)

    def _cancelled(self) -> Outcome:
        self.tracker.cancel()
        return self.tracker.release(0, 0, 0)

    def _finish(self, outcome: Outcome) -> None:
        self.gesture.emit(outcome)

    def _is_palm(self, diameter_px: float) -> bool:
        return diameter_px > PALM_MM * pixels_per_mm(self.widget)


__all__ = ["Gesture", "GestureInput", "Outcome", "touch_target_px"]
