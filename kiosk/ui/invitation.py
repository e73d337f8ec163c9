"""The touch invitation: now and then a hand taps the card's "轻触查看详情" button, and a ripple spreads.

A small widget of its own over the stage, so each frame repaints only its
box: the stage's cached card shows through beneath it and is never painted
again.  It comes :data:`INVITATION_INTERVAL_MS` after a card arrives, never
while the stage is moving (a transition, a headline's entrance, a drag),
never when ``allowed`` says no (the presenter's rule: attract loop only,
never in presenter mode), and not at all while the stage is hidden.  Paper
has no invitation: it is drawn only where the card drew its button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QPointF, QRectF, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Theme
from kiosk.ui.hand import hand_box, hand_path

if TYPE_CHECKING:
    from kiosk.ui.stage import CardStage

INVITATION_INTERVAL_MS = 6000  # after a card arrives, and between two invitations
INVITATION_MS = 1500  # one tap: the hand comes, presses, a ripple spreads, the hand goes
HAND_HEIGHT = 1.35  # the hand's height, in heights of the button
RIPPLE_REACH = 1.3  # the ripple's largest radius, in heights of the button
TIP_FROM_RIGHT = 1.6  # the fingertip lands this many button heights left of its right end
FRAME_MS = 40  # 25 frames a second: plenty for a hand and a ring, and little work between transitions


def _ramp(t: float, start: float, end: float) -> float:
    """0 before ``start``, 1 after ``end``, smooth in between."""
    if t <= start:
        return 0.0
    if t >= end:
        return 1.0
    x = (t - start) / (end - start)
    return x * x * (3 - 2 * x)


class TouchInvitation(QWidget):
    """A hand that taps the card's touch button every few seconds."""

    def __init__(self, stage: CardStage, *, allowed: Callable[[], bool]) -> None:
        super().__init__(stage)
        self.setObjectName("touch_invitation")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)  # touches reach the card
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._stage = stage
        self._allowed = allowed
        self._tip = QPointF()
        self._button_h = 0.0
        self._t = 0.0
        self._painted_at = -FRAME_MS  # the animation's time of the last frame asked for
        self._hand = QPixmap()  # painted once per invitation
        self._hand_offset = QPointF()  # from the fingertip to the picture's corner
        self.theme = Theme()
        self.timer = QTimer(self)
        self.timer.setObjectName("touch_invitation_timer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(INVITATION_INTERVAL_MS)
        self.timer.timeout.connect(self.invite)
        self.animation = QVariantAnimation(self)
        self.animation.setObjectName("touch_invitation")
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(INVITATION_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.Linear)
        self.animation.valueChanged.connect(self._step)
        self.animation.finished.connect(self._finished)
        stage.installEventFilter(self)
        self.hide()

    @property
    def running(self) -> bool:
        return self.animation.state() == QVariantAnimation.State.Running

    def restart(self) -> None:
        """Start counting again (a new card, a touch): the invitation comes after a quiet interval."""
        self.stop()
        if self._stage.isVisible():
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.animation.stop()
        self.hide()

    def invite(self) -> bool:
        """Tap now if the stage is still and the rules allow; else wait another interval.  True if it started."""
        stage = self._stage
        button = stage.hint_rect()
        still = not stage.animating and not stage.drag_offset
        if not (self._allowed() and stage.isVisible() and still and not button.isEmpty()):
            self.timer.start()
            return False
        if stage.scene is not None:
            self.theme = stage.scene.theme
        self._place(button)
        self._t = 0.0
        self._painted_at = -FRAME_MS
        self.show()
        self.raise_()
        self.animation.start()
        return True

    def _place(self, button: QRectF) -> None:
        h = button.height()
        tip = QPointF(button.right() - h * TIP_FROM_RIGHT, button.center().y())
        reach = h * RIPPLE_REACH
        box = QRectF(tip.x() - reach, tip.y() - reach, 2 * reach, 2 * reach)
        box = box.united(hand_box(tip, h * HAND_HEIGHT).adjusted(-h * 0.1, -h * 0.1, h * 0.1, h * 0.5))
        box = box.intersected(QRectF(self._stage.rect()))
        geometry = box.toAlignedRect()
        self.setGeometry(geometry)
        self._tip = tip - QPointF(geometry.topLeft())
        self._button_h = h
        self._paint_hand(h)

    def _paint_hand(self, button_h: float) -> None:
        """The hand, outlined, into a picture of its own: each frame then only copies it."""
        pen_w = max(1.5, button_h * 0.07)
        box = hand_box(QPointF(0, 0), button_h * HAND_HEIGHT).adjusted(-pen_w, -pen_w, pen_w, pen_w)
        ratio = self.devicePixelRatioF()
        picture = QPixmap(max(1, round(box.width() * ratio)), max(1, round(box.height() * ratio)))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(-box.topLeft())
        painter.setPen(QPen(QColor(self.theme.background_deep), pen_w))
        painter.setBrush(QColor(self.theme.text))
        painter.drawPath(hand_path(hand_box(QPointF(0, 0), button_h * HAND_HEIGHT)))
        painter.end()
        self._hand = picture
        self._hand_offset = box.topLeft()

    def _step(self, value: float) -> None:
        self._t = float(value)
        now = self.animation.currentTime()
        if now - self._painted_at >= FRAME_MS or now < self._painted_at or self._t >= 1.0:
            self._painted_at = now
            self.update()

    def _finished(self) -> None:
        self.hide()
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._stage:
            kind = event.type()
            if kind in {QEvent.Type.Hide, QEvent.Type.Resize}:
                self.stop()
                if kind is QEvent.Type.Resize and self._stage.isVisible():
                    self.timer.start()
            elif kind == QEvent.Type.Show:
                self.restart()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        t, h = self._t, self._button_h
        if self.animation.state() == QVariantAnimation.State.Stopped or h <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        deep, light = QColor(self.theme.background_deep), QColor(self.theme.text)
        # Two ripples from where the finger touches.
        for start in (0.28, 0.45):
            p = _ramp(t, start, start + 0.42)
            if 0.0 < p < 1.0:
                radius = h * (0.25 + (RIPPLE_REACH - 0.3) * p)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                # A light ring edged in the card's deep red: seen on the gold button and on the red card alike.
                for colour, width in ((deep, 0.12), (light, 0.06)):
                    ring = QColor(colour)
                    ring.setAlphaF(0.9 * (1.0 - p))
                    painter.setPen(QPen(ring, max(2.0, h * width)))
                    painter.drawEllipse(self._tip, radius, radius)
        # The hand comes down onto the button, presses, lifts a little and goes.
        lift = h * (0.45 * (1.0 - _ramp(t, 0.05, 0.28)) + 0.18 * _ramp(t, 0.4, 0.55))
        painter.setOpacity(_ramp(t, 0.0, 0.15) * (1.0 - _ramp(t, 0.82, 1.0)))
        painter.drawPixmap(self._tip + QPointF(0, lift) + self._hand_offset, self._hand)
        painter.end()
