"""The stage: the card on screen, its transition and its headline's entrance.

Each card is painted once into an opaque pixmap at the window's size, in the
screen's own format; the card that comes next is painted ahead, while the
screen stands still, so a transition starts at once and only copies pixels:
a slide copies the two pixmaps' visible parts, on whole device pixels (one
screen's worth a frame, no blending); a fade blends only where the two cards
differ, found once per pair, and leaves the rest of the screen alone.  The
headline's entrance repaints just the headline's box: by default the settled
headline, painted once into a pixmap of its own, rises a little and fades in
over the patch of background it covers, so the screen never shows a number
other than the figure itself.  Between animations nothing runs.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QEasingCurve,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import HeadlineEntrance, Transition
from kiosk.ui.card_scene import CardScene
from kiosk.ui.rendered_card import (
    RISE_SHARE,
    RenderedCard,
    differing_rects,
    entrance_of,
    to_device_f,
    to_logical,
)

# Importers take these from here as well as from kiosk.ui.rendered_card.
__all__ = [
    "ENTRANCE_EASING",
    "ENTRANCE_MS",
    "RISE_SHARE",
    "CardStage",
    "differing_rects",
    "entrance_of",
]

log = logging.getLogger(__name__)

ENTRANCE_MS = 1400
ENTRANCE_EASING = QEasingCurve.Type.OutCubic
TRANSITION_EASING = QEasingCurve.Type.OutCubic
SNAP_BACK_MS = 220
# After the screen has come to rest, wait this long before painting the next card ahead
# (at 3840x2160 that takes some 100-200 ms: never while anything moves).
PREPARE_DELAY_MS = 120


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
        self._current: RenderedCard | None = None
        self._previous: RenderedCard | None = None
        self._forward = True
        self._transition_t = 1.0
        self._entrance_t = 1.0
        self.frames_painted = 0
        self._drag = 0.0
        self._neighbour: RenderedCard | None = None
        # The card expected next, painted ahead while the screen stands still.
        self._upcoming: CardScene | None = None
        self._prepared: RenderedCard | None = None
        # Where the two cards of a fade differ (device pixels), and for which pair.
        self._fade_rects: list[QRect] = []
        self._fade_pair: tuple[RenderedCard, RenderedCard] | None = None
        self._fade_region = QRegion()
        self._full_frame = True  # the next transition frame repaints the whole stage

        self._prepare_timer = QTimer(self)
        self._prepare_timer.setObjectName("prepare_next_card")
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_DELAY_MS)
        self._prepare_timer.timeout.connect(self._prepare_now)

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
        self._entrance_anim.finished.connect(self._prepare_soon)

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
        self._current = self._ready(scene, neighbour)
        self._forward = forward
        self._full_frame = True
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
        elif self._neighbour is None or self._neighbour.scene != neighbour:
            self._neighbour = self._ready(neighbour) or RenderedCard(neighbour, self.size(), self.devicePixelRatioF())
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

    def prepare(self, scene: CardScene | None) -> None:
        """``scene`` is likely to come next: paint it ahead, once the screen stands still."""
        self._upcoming = scene
        if scene is None:
            self._prepared = None
        self._prepare_soon()

    def _prepare_soon(self) -> None:
        if self._upcoming is not None and not self.animating:
            self._prepare_timer.start()

    def _prepare_now(self) -> None:
        scene = self._upcoming
        if scene is None or not self.isVisible() or self.animating or self._drag:
            return  # a later rest tries again
        if self._prepared is None or self._prepared.scene != scene or not self._fits(self._prepared):
            self._prepared = RenderedCard(scene, self.size(), self.devicePixelRatioF())
            self._prepared.trim()
        current = self._current
        if self.transition is Transition.FADE and current is not None and self._fits(current):
            self._differences(current, self._prepared)

    def _fits(self, rendered: RenderedCard) -> bool:
        ratio = self.devicePixelRatioF()
        return rendered.full.size() == QSize(round(self.width() * ratio), round(self.height() * ratio))

    def _ready(self, scene: CardScene, *candidates: RenderedCard | None) -> RenderedCard | None:
        """A card already painted for ``scene`` at this size, if there is one."""
        for rendered in (*candidates, self._prepared):
            if rendered is not None and rendered.scene == scene and self._fits(rendered):
                if rendered is self._prepared:
                    self._prepared = None
                rendered.scene = scene  # the same card: the stage knows its scene by identity
                return rendered
        return None

    def overview_rect(self) -> QRectF:
        """Where the "all figures" button is on screen (empty before the first paint)."""
        rendered = self._rendered()
        return QRectF(rendered.painter.overview_rect) if rendered else QRectF()

    def hint_rect(self) -> QRectF:
        """Where the "轻触查看详情" button is on screen (empty before the first paint, or when not drawn)."""
        rendered = self._rendered()
        return QRectF(rendered.painter.hint_rect) if rendered else QRectF()

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
        self._prepared = None
        self._fade_pair = None
        self.update()
        self._prepare_soon()

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
        self._prepare_soon()

    def stop_animations(self) -> None:
        self.settle()

    # -------------------------------------------------------------- painting

    def _rendered(self) -> RenderedCard | None:
        if self._scene is None:
            return None
        if self._current is None or self._current.scene is not self._scene:
            self._current = RenderedCard(self._scene, self.size(), self.devicePixelRatioF())
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
            current.paint_entering(painter, self._entrance_t)
        else:
            painter.drawPixmap(0, 0, current.full)
        painter.end()
        self.frames_painted += 1

    def _paint_transition(self, painter: QPainter, old: RenderedCard, new: RenderedCard, t: float) -> None:
        if self.transition is Transition.FADE:
            self._paint_fade(painter, old, new, t)
        else:
            self._paint_slide(painter, old, new, t)

    def _paint_slide(self, painter: QPainter, old: RenderedCard, new: RenderedCard, t: float) -> None:
        """The old card out, the new one in, both on whole device pixels.

        A fractional offset would send every pixel through the transformed
        (and at 3840x2160 twice as slow) path; on whole pixels each opaque
        pixmap is a plain copy of its visible part, one screen's worth in all.
        """
        ratio = self.devicePixelRatioF()
        width = old.full.width()  # device pixels
        shift = min(width, max(0, round(width * t)))
        if self._forward:  # the old card leaves to the left, the new one comes in from the right
            old_at, new_at = -shift, width - shift
        else:
            old_at, new_at = shift, shift - width
        painter.save()
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawPixmap(QPointF(old_at / ratio, 0), old.full)
        painter.drawPixmap(QPointF(new_at / ratio, 0), new.full)
        painter.restore()
        if self._entering(new):
            painter.save()
            painter.setClipRect(QRectF(max(0, new_at) / ratio, 0, shift / ratio, self.height()))
            painter.translate(QPointF(new_at / ratio, 0))
            painter.drawPixmap(new.patch_rect.topLeft(), new.patch)
            new.paint_entering_headline(painter, self._entrance_t)
            painter.restore()

    def _paint_fade(self, painter: QPainter, old: RenderedCard, new: RenderedCard, t: float) -> None:
        """The new card blended over the old one where they differ; elsewhere they are the same."""
        painter.drawPixmap(QPointF(0, 0), old.full)
        painter.setOpacity(t)
        ratio = self.devicePixelRatioF()
        for rect in self._differences(old, new):
            painter.drawPixmap(to_logical(rect, ratio), new.full, QRectF(rect))
        if self._entering(new):
            # Under the rising headline the old card fades into the new one's background, not its settled headline.
            painter.setOpacity(1.0)
            painter.drawPixmap(new.patch_rect, old.full, to_device_f(new.patch_rect, ratio))
            painter.setOpacity(t)
            painter.drawPixmap(new.patch_rect.topLeft(), new.patch)
            new.paint_entering_headline(painter, self._entrance_t)
        painter.setOpacity(1.0)

    def _differences(self, old: RenderedCard, new: RenderedCard) -> list[QRect]:
        """Where ``old`` and ``new`` differ, in device pixels (worked out once per pair)."""
        if self._fade_pair is None or self._fade_pair[0] is not old or self._fade_pair[1] is not new:
            self._fade_rects = differing_rects(old.image, new.image)
            region = QRegion()
            ratio = self.devicePixelRatioF()
            for rect in self._fade_rects:
                region += to_logical(rect, ratio).toAlignedRect()
            region += new.patch_rect.toAlignedRect()  # the headline's entrance, if it makes one
            self._fade_region = region
            self._fade_pair = (old, new)
        return self._fade_rects

    def _entering(self, card: RenderedCard) -> bool:
        return self._entrance_t < 1.0 and card.entrance is not HeadlineEntrance.NONE

    # -------------------------------------------------------------- animation steps

    def _on_transition_step(self, value: float) -> None:
        self._transition_t = float(value)
        old, new = self._previous, self._current
        if self.transition is Transition.FADE and not self._full_frame and old is not None and new is not None:
            self._differences(old, new)
            self.update(self._fade_region)  # the rest of the screen shows what both cards show
            return
        self._full_frame = False
        self.update()

    def _on_transition_finished(self) -> None:
        self._transition_t = 1.0
        self._previous = None
        self._fade_pair = None
        self.transition_finished.emit()
        self.update()
        self._prepare_soon()

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
        self._prepared = None
        self._fade_pair = None
        super().resizeEvent(event)
