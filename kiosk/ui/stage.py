"""The stage: the card on screen, its transition and its headline's entrance.

Each card is painted once into a pixmap at the window's size; a transition
only moves or fades two pixmaps.  The headline's entrance repaints just the
headline's box on top of a cached background: by default the settled
headline, painted once into a pixmap of its own, rises a little and fades in,
so the screen never shows a number other than the figure itself.  Between
animations nothing runs.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, QSize, Qt, QVariantAnimation, Signal, SignalInstance
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import HeadlineEntrance, Transition
from kiosk.ui.card_painter import CardPainter, CardScene, HeadlineLayout

log = logging.getLogger(__name__)

ENTRANCE_MS = 1400
ENTRANCE_EASING = QEasingCurve.Type.OutCubic
RISE_SHARE = 0.05  # the rising headline starts this share of its height lower
# Room around the headline's box for glyphs that reach past it, as a share of the number's size.
HEADLINE_PAD_SHARE = 0.25
TRANSITION_EASING = QEasingCurve.Type.OutCubic
SNAP_BACK_MS = 220


def entrance_of(scene: CardScene) -> HeadlineEntrance:
    """How the card's headline appears: the bundle's choice, as it applies to this figure."""
    chosen = scene.manifest.display.headline_entrance
    if chosen is HeadlineEntrance.COUNT_UP and not scene.card.headline.animate:
        return HeadlineEntrance.NONE  # ``count_up: false``: years, dates, ranks
    return chosen


class _RenderedCard:
    """A card painted at one size: with and without its headline, and the headline alone."""

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
        self._ratio = ratio
        self._sprite: QPixmap | None = None
        pad = max(8.0, self.headline.number_font.pixelSize() * HEADLINE_PAD_SHARE)
        # Whole logical pixels, so the sprite lands on the same pixels as the settled headline.
        self.sprite_rect = QRectF(self.headline.rect.adjusted(-pad, -pad, pad, pad).toAlignedRect())
        self.rise = self.headline.rect.height() * RISE_SHARE

    @property
    def sprite(self) -> QPixmap:
        """The settled headline alone on a transparent pixmap of ``sprite_rect``'s size."""
        if self._sprite is None:
            size = self.sprite_rect.size()
            sprite = QPixmap(max(1, round(size.width() * self._ratio)), max(1, round(size.height() * self._ratio)))
            sprite.setDevicePixelRatio(self._ratio)
            sprite.fill(Qt.GlobalColor.transparent)
            p = QPainter(sprite)
            p.translate(-self.sprite_rect.topLeft())
            self.painter.paint_headline(p, self.headline, 1.0)
            p.end()
            self._sprite = sprite
        return self._sprite

    @property
    def entrance(self) -> HeadlineEntrance:
        return entrance_of(self.scene)

    def paint_entering_headline(self, painter: QPainter, progress: float) -> None:
        """The headline at ``progress`` of its entrance, over the background."""
        if self.entrance is HeadlineEntrance.COUNT_UP:
            self.painter.paint_headline(painter, self.headline, progress)
            return
        # Rise: the settled headline, fading in as it moves up to its place.
        lift = round((1.0 - progress) * self.rise * self._ratio) / self._ratio
        opacity = painter.opacity()
        painter.setOpacity(opacity * max(0.0, min(1.0, progress)))
        painter.drawPixmap(QPointF(self.sprite_rect.left(), self.sprite_rect.top() + lift), self.sprite)
        painter.setOpacity(opacity)

    def entrance_rect(self) -> QRectF:
        """Everything an entrance frame can paint."""
        if self.entrance is HeadlineEntrance.COUNT_UP:
            return self.headline.rect.adjusted(-8, -8, 8, 8)
        return self.sprite_rect.adjusted(0, 0, 0, self.rise + 1)


class CardStage(QWidget):
    """Shows one card at a time, sliding or fading to the next."""

    transition_finished = Signal()
    entrance_finished = Signal()

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
        self._entrance_t = 1.0
        self.frames_painted = 0
        self._drag = 0.0
        self._neighbour: _RenderedCard | None = None

        self._transition_anim = QVariantAnimation(self)
        self._transition_anim.setObjectName("card_transition")
        self._transition_anim.setStartValue(0.0)
        self._transition_anim.setEndValue(1.0)
        self._transition_anim.setEasingCurve(TRANSITION_EASING)
        self._transition_anim.valueChanged.connect(self._on_transition_step)
        self._transition_anim.finished.connect(self._on_transition_finished)

        self._entrance_anim = QVariantAnimation(self)
        self._entrance_anim.setObjectName("headline_entrance")
        self._entrance_anim.setStartValue(0.0)
        self._entrance_anim.setEndValue(1.0)
        self._entrance_anim.setDuration(ENTRANCE_MS)
        self._entrance_anim.setEasingCurve(ENTRANCE_EASING)
        self._entrance_anim.valueChanged.connect(self._on_entrance_step)
        self._entrance_anim.finished.connect(self.entrance_finished)

        self._snap_anim = QVariantAnimation(self)
        self._snap_anim.setObjectName("drag_snap_back")
        self._snap_anim.setDuration(SNAP_BACK_MS)
        self._snap_anim.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._snap_anim.valueChanged.connect(self._on_snap_step)

    # -------------------------------------------------------------- public

    @property
    def scene(self) -> CardScene | None:
        return self._scene

    @property
    def count_up_finished(self) -> SignalInstance:
        """``entrance_finished`` by the name it had when every entrance counted up."""
        return self.entrance_finished

    @property
    def animating(self) -> bool:
        running = QVariantAnimation.State.Running
        return any(a.state() == running for a in (self._transition_anim, self._entrance_anim, self._snap_anim))

    def show_scene(self, scene: CardScene, *, forward: bool = True, animate: bool = True) -> None:
        """Show ``scene``: slide or fade to it while its headline makes its entrance.

        After a drag, the slide continues from where the finger let go.
        """
        can_animate = animate and self.isVisible()
        self._previous = self._rendered() if can_animate else None  # what the screen shows now
        start = min(0.95, abs(self._drag) / max(1, self.width())) if self._drag else 0.0
        neighbour = self._neighbour
        self._drag, self._neighbour = 0.0, None
        self._snap_anim.stop()
        self._scene = scene
        self._current = neighbour if neighbour is not None and neighbour.scene.card is scene.card else None
        self._forward = forward
        self._transition_anim.stop()
        self._entrance_anim.stop()
        if not can_animate:
            self._transition_t = 1.0
            self._entrance_t = 1.0
            self.update()
            return
        if self._previous is not None:
            self._transition_t = start
            self._transition_anim.setStartValue(start)
            self._transition_anim.setDuration(max(120, round(self.transition_ms * (1 - start))))
            self._transition_anim.start()
        else:
            self._transition_t = 1.0
        # The headline comes in while the card slides in.
        self._start_entrance()
        self.update()

    def drag(self, dx: float, neighbour: CardScene | None) -> None:
        """Follow a finger: the card moves by ``dx``, its neighbour comes in beside it."""
        if self._transition_anim.state() == QVariantAnimation.State.Running:
            return
        self._snap_anim.stop()
        if neighbour is None:
            dx *= 0.3  # resist at the ends: nothing comes in
        self._drag = dx
        if neighbour is None:
            self._neighbour = None
        elif self._neighbour is None or self._neighbour.scene.card is not neighbour.card:
            self._neighbour = _RenderedCard(neighbour, self.size(), self.devicePixelRatioF())
        self.update()

    def snap_back(self) -> None:
        """The finger let go without a swipe: the card returns to its place."""
        if not self._drag:
            return
        self._snap_anim.setStartValue(self._drag)
        self._snap_anim.setEndValue(0.0)
        self._snap_anim.start()

    def _on_snap_step(self, value: float) -> None:
        self._drag = float(value)
        if not self._drag:
            self._neighbour = None
        self.update()

    @property
    def drag_offset(self) -> float:
        return self._drag

    def overview_rect(self) -> QRectF:
        """Where the "all figures" button is on screen (empty before the first paint)."""
        rendered = self._rendered()
        return QRectF(rendered.painter.overview_rect) if rendered else QRectF()

    def hit(self, x: float, y: float) -> str:
        """What a tap at (x, y) touched: "overview", "detail" or "card"."""
        rendered = self._rendered()
        if rendered is None:
            return "card"
        margin = 8
        if rendered.painter.overview_rect.adjusted(-margin, -margin, margin, margin).contains(x, y):
            return "overview"
        if rendered.painter.hint_rect.adjusted(-margin, -margin, margin, margin).contains(x, y):
            return "detail"
        return "card"

    def refresh(self) -> None:
        """Repaint after content or size changed, without animation."""
        self._current = None
        self._previous = None
        self.update()

    def settle(self) -> None:
        """Jump to the end of every animation (screenshots, tests)."""
        self._transition_anim.stop()
        self._entrance_anim.stop()
        self._snap_anim.stop()
        self._drag, self._neighbour = 0.0, None
        self._transition_t = 1.0
        self._entrance_t = 1.0
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
        if self._drag:
            painter.fillRect(self.rect(), QColor(current.scene.theme.background_deep))
            painter.drawPixmap(QPointF(self._drag, 0), current.full)
            if self._neighbour is not None:
                side = self.width() if self._drag < 0 else -self.width()
                painter.drawPixmap(QPointF(self._drag + side, 0), self._neighbour.full)
        elif self._previous is not None and t < 1.0:
            self._paint_transition(painter, self._previous, current, t)
        elif self._entering(current):
            painter.drawPixmap(0, 0, current.background)
            current.paint_entering_headline(painter, self._entrance_t)
        else:
            painter.drawPixmap(0, 0, current.full)
        painter.end()
        self.frames_painted += 1

    def _paint_transition(self, painter: QPainter, old: _RenderedCard, new: _RenderedCard, t: float) -> None:
        entering = self._entering(new)
        incoming = new.background if entering else new.full
        if self.transition is Transition.FADE:
            painter.drawPixmap(0, 0, old.full)
            painter.setOpacity(t)
            painter.drawPixmap(0, 0, incoming)
            if entering:
                new.paint_entering_headline(painter, self._entrance_t)
            painter.setOpacity(1.0)
            return
        width = self.width()
        shift = width * t if self._forward else -width * t
        painter.drawPixmap(QPointF(-shift, 0), old.full)
        offset = QPointF((width if self._forward else -width) - shift, 0)
        painter.drawPixmap(offset, incoming)
        if entering:
            painter.translate(offset)
            new.paint_entering_headline(painter, self._entrance_t)
            painter.translate(-offset)

    def _entering(self, card: _RenderedCard) -> bool:
        return self._entrance_t < 1.0 and card.entrance is not HeadlineEntrance.NONE

    # -------------------------------------------------------------- animation steps

    def _on_transition_step(self, value: float) -> None:
        self._transition_t = float(value)
        self.update()

    def _on_transition_finished(self) -> None:
        self._transition_t = 1.0
        self._previous = None
        self.transition_finished.emit()
        self.update()

    def _start_entrance(self) -> None:
        scene = self._scene
        if scene is None or entrance_of(scene) is HeadlineEntrance.NONE:
            self._entrance_t = 1.0
            self.update()
            self.entrance_finished.emit()
            return
        self._entrance_t = 0.0
        self._entrance_anim.start()

    def _on_entrance_step(self, value: float) -> None:
        self._entrance_t = float(value)
        rendered = self._current
        if self._transition_t < 1.0:
            return  # the transition repaints everything anyway
        if rendered is not None:
            # Only the headline changes: repaint just its box.
            self.update(rendered.entrance_rect().toAlignedRect())
        else:
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._current = None
        self._previous = None
        self._neighbour = None
        super().resizeEvent(event)
