"""The stage: the card on screen, its transition and its count-up.

Each card is painted once into a pixmap at the window's size; a transition
only moves or fades two pixmaps, and the count-up repaints the headline on
top of a cached background.  Between animations nothing runs.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Transition
from kiosk.ui.card_painter import CardPainter, CardScene, HeadlineLayout

log = logging.getLogger(__name__)

COUNT_UP_MS = 1400
COUNT_UP_EASING = QEasingCurve.Type.OutCubic
TRANSITION_EASING = QEasingCurve.Type.InOutCubic


class _RenderedCard:
    """A card painted at one size: with and without its headline."""

    def __init__(self, scene: CardScene, size: QSize, ratio: float) -> None:
        self.scene = scene
        self.painter = CardPainter(scene)
        pixel_size = QSize(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        rect = QRectF(0, 0, size.width(), size.height())
        self.background = QPixmap(pixel_size)
        self.background.setDevicePixelRatio(ratio)
        p = QPainter(self.background)
        self.headline: HeadlineLayout = self.painter.paint(p, rect, headline_progress=None)
        p.end()
        self.full = QPixmap(self.background)
        p = QPainter(self.full)
        self.painter.paint_headline(p, self.headline, 1.0)
        p.end()


class CardStage(QWidget):
    """Shows one card at a time, sliding or fading to the next."""

    transition_finished = Signal()
    count_up_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAutoFillBackground(False)
        self.transition = Transition.SLIDE
        self.transition_ms = 450
        self._scene: CardScene | None = None
        self._current: _RenderedCard | None = None
        self._previous: _RenderedCard | None = None
        self._forward = True
        self._transition_t = 1.0
        self._count_t = 1.0
        self.frames_painted = 0

        self._transition_anim = QVariantAnimation(self)
        self._transition_anim.setObjectName("card_transition")
        self._transition_anim.setStartValue(0.0)
        self._transition_anim.setEndValue(1.0)
        self._transition_anim.setEasingCurve(TRANSITION_EASING)
        self._transition_anim.valueChanged.connect(self._on_transition_step)
        self._transition_anim.finished.connect(self._on_transition_finished)

        self._count_anim = QVariantAnimation(self)
        self._count_anim.setObjectName("headline_count_up")
        self._count_anim.setStartValue(0.0)
        self._count_anim.setEndValue(1.0)
        self._count_anim.setDuration(COUNT_UP_MS)
        self._count_anim.setEasingCurve(COUNT_UP_EASING)
        self._count_anim.valueChanged.connect(self._on_count_step)
        self._count_anim.finished.connect(self.count_up_finished)

    # -------------------------------------------------------------- public

    @property
    def scene(self) -> CardScene | None:
        return self._scene

    @property
    def animating(self) -> bool:
        running = QVariantAnimation.State.Running
        return self._transition_anim.state() == running or self._count_anim.state() == running

    def show_scene(self, scene: CardScene, *, forward: bool = True, animate: bool = True) -> None:
        """Show ``scene``: slide or fade to it, then count its headline up."""
        can_animate = animate and self.isVisible()
        self._previous = self._rendered() if can_animate else None  # what the screen shows now
        self._scene = scene
        self._current = None
        self._forward = forward
        self._transition_anim.stop()
        self._count_anim.stop()
        if not can_animate:
            self._transition_t = 1.0
            self._count_t = 1.0
            self.update()
            return
        if self._previous is not None:
            self._transition_t = 0.0
            self._transition_anim.setDuration(self.transition_ms)
            self._transition_anim.start()
        else:
            self._transition_t = 1.0
        # The number counts up while the card slides in.
        self._start_count_up()
        self.update()

    def refresh(self) -> None:
        """Repaint after content or size changed, without animation."""
        self._current = None
        self._previous = None
        self.update()

    def settle(self) -> None:
        """Jump to the end of every animation (screenshots, tests)."""
        self._transition_anim.stop()
        self._count_anim.stop()
        self._transition_t = 1.0
        self._count_t = 1.0
        self._previous = None
        self.update()

    def stop_animations(self) -> None:
        self.settle()

    # -------------------------------------------------------------- painting

    def _rendered(self) -> _RenderedCard | None:
        if self._scene is None:
            return None
        if self._current is None or self._current.scene is not self._scene:
            self._current = _RenderedCard(self._scene, self.size(), self.devicePixelRatioF())
        return self._current

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        current = self._rendered()
        if current is None:
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
            painter.end()
            return
        t = self._transition_t
        if self._previous is not None and t < 1.0:
            self._paint_transition(painter, self._previous, current, t)
        elif self._count_t < 1.0 and current.scene.card.headline.animate:
            painter.drawPixmap(0, 0, current.background)
            current.painter.paint_headline(painter, current.headline, self._count_t)
        else:
            painter.drawPixmap(0, 0, current.full)
        painter.end()
        self.frames_painted += 1

    def _paint_transition(self, painter: QPainter, old: _RenderedCard, new: _RenderedCard, t: float) -> None:
        counting = self._count_t < 1.0 and new.scene.card.headline.animate
        incoming = new.background if counting else new.full
        if self.transition is Transition.FADE:
            painter.drawPixmap(0, 0, old.full)
            painter.setOpacity(t)
            painter.drawPixmap(0, 0, incoming)
            if counting:
                new.painter.paint_headline(painter, new.headline, self._count_t)
            painter.setOpacity(1.0)
            return
        width = self.width()
        shift = width * t if self._forward else -width * t
        painter.drawPixmap(QPointF(-shift, 0), old.full)
        offset = QPointF((width if self._forward else -width) - shift, 0)
        painter.drawPixmap(offset, incoming)
        if counting:
            painter.translate(offset)
            new.painter.paint_headline(painter, new.headline, self._count_t)
            painter.translate(-offset)

    # -------------------------------------------------------------- animation steps

    def _on_transition_step(self, value: float) -> None:
        self._transition_t = float(value)
        self.update()

    def _on_transition_finished(self) -> None:
        self._transition_t = 1.0
        self._previous = None
        self.transition_finished.emit()
        self.update()

    def _start_count_up(self) -> None:
        scene = self._scene
        if scene is None or not scene.card.headline.animate:
            self._count_t = 1.0
            self.update()
            self.count_up_finished.emit()
            return
        self._count_t = 0.0
        self._count_anim.start()

    def _on_count_step(self, value: float) -> None:
        self._count_t = float(value)
        rendered = self._current
        if self._transition_t < 1.0:
            return  # the transition repaints everything anyway
        if rendered is not None:
            # Only the headline changes: repaint just its box.
            self.update(rendered.headline.rect.adjusted(-8, -8, 8, 8).toAlignedRect())
        else:
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._current = None
        self._previous = None
        super().resizeEvent(event)
