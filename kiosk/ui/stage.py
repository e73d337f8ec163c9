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
    QPoint,
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
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPixmap, QRegion, QResizeEvent
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
# After the screen has come to rest, wait this long before painting the next card ahead
# (at 3840x2160 that takes some 100-200 ms: never while anything moves).
PREPARE_DELAY_MS = 120
# Where two cards differ, in bands of this many device pixels: a coarser grid finds fewer, larger rectangles.
DIFF_TILE = 32


def entrance_of(scene: CardScene) -> HeadlineEntrance:
    """How the card's headline appears: the bundle's choice, as it applies to this figure."""
    chosen = scene.manifest.display.headline_entrance
    if chosen is HeadlineEntrance.COUNT_UP and not scene.card.headline.animate:
        return HeadlineEntrance.NONE  # ``count_up: false``: years, dates, ranks
    return chosen


class _RenderedCard:
    """A card painted at one size: settled, the background under its headline, and the headline alone."""

    def __init__(self, scene: CardScene, size: QSize, ratio: float) -> None:
        self.scene = scene
        self.painter = CardPainter(scene)
        pixel_size = QSize(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        rect = QRectF(0, 0, size.width(), size.height())
        # An opaque pixmap in the screen's format: drawing it is a plain copy, never a conversion or a blend.
        self.full = QPixmap(pixel_size)
        self.full.setDevicePixelRatio(ratio)
        p = QPainter(self.full)
        self.headline: HeadlineLayout = self.painter.paint(p, rect, headline_progress=None)
        p.end()
        self._ratio = ratio
        self._sprite: QPixmap | None = None
        self._image: QImage | None = None
        pad = max(8.0, self.headline.number_font.pixelSize() * HEADLINE_PAD_SHARE)
        # Whole logical pixels, so the sprite lands on the same pixels as the settled headline.
        self.sprite_rect = QRectF(self.headline.rect.adjusted(-pad, -pad, pad, pad).toAlignedRect())
        self.rise = self.headline.rect.height() * RISE_SHARE
        if self.entrance is HeadlineEntrance.RISE:
            self._paint_sprite()  # now rather than in the entrance's first frame
        # The background under everything an entrance paints, kept before the headline goes on.
        device = _to_device(self.entrance_rect(), ratio) & QRect(QPoint(0, 0), pixel_size)
        self._patch_device = device
        self.patch_rect = _to_logical(device, ratio)
        self.patch = self.full.copy(device)
        self.patch.setDevicePixelRatio(ratio)
        p = QPainter(self.full)
        self.painter.paint_headline(p, self.headline, 1.0)
        p.end()

    @property
    def image(self) -> QImage:
        """The settled card as an image (shares the pixmap's pixels on a raster screen)."""
        if self._image is None:
            self._image = self.full.toImage()
        return self._image

    @property
    def sprite(self) -> QPixmap:
        """The settled headline alone on a transparent pixmap of ``sprite_rect``'s size."""
        if self._sprite is None:
            self._paint_sprite()
        assert self._sprite is not None
        return self._sprite

    def _paint_sprite(self) -> None:
        ratio = self._ratio
        size = self.sprite_rect.size()
        sprite = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        p = QPainter(sprite)
        p.translate(-self.sprite_rect.topLeft())
        self.painter.paint_headline(p, self.headline, 1.0)
        p.end()
        self._sprite = sprite

    def trim(self) -> None:
        """Cut the rising headline, and the background kept under it, to the headline's ink.

        Blending costs by the pixel, ink or not: at 3840x2160 the sprite's
        padding alone is a million pixels a frame.  Done while the screen
        stands still (it looks at every pixel once).
        """
        if self.entrance is not HeadlineEntrance.RISE:
            return
        sprite, ratio = self.sprite, self._ratio
        ink = _ink_rect(sprite.toImage())
        if ink is None or ink.size() == sprite.size():
            return
        self._sprite = sprite.copy(ink)
        self._sprite.setDevicePixelRatio(ratio)
        inked = _to_logical(ink, ratio)
        self.sprite_rect = QRectF(self.sprite_rect.topLeft() + inked.topLeft(), inked.size())
        kept = _to_device(self.entrance_rect(), ratio) & self._patch_device
        self.patch = self.patch.copy(kept.translated(-self._patch_device.topLeft()))
        self.patch.setDevicePixelRatio(ratio)
        self._patch_device = kept
        self.patch_rect = _to_logical(kept, ratio)

    @property
    def entrance(self) -> HeadlineEntrance:
        return entrance_of(self.scene)

    def paint_entering(self, painter: QPainter, progress: float) -> None:
        """The card with its headline at ``progress`` of its entrance."""
        painter.drawPixmap(QPointF(0, 0), self.full)
        painter.drawPixmap(self.patch_rect.topLeft(), self.patch)  # the settled headline covered again
        self.paint_entering_headline(painter, progress)

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


def _to_device(rect: QRectF, ratio: float) -> QRect:
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio).toAlignedRect()


def _to_device_f(rect: QRectF, ratio: float) -> QRectF:
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio)


def _to_logical(rect: QRect, ratio: float) -> QRectF:
    return QRectF(rect.x() / ratio, rect.y() / ratio, rect.width() / ratio, rect.height() / ratio)


def _ink_rect(image: QImage) -> QRect | None:
    """The smallest rectangle holding every pixel of ``image`` that is not fully transparent."""
    import numpy as np  # only a card painted ahead is trimmed: never on the way to the first frame

    if not image.hasAlphaChannel() or image.depth() != 32:
        return None
    width, height, words = image.width(), image.height(), image.bytesPerLine() // 4
    alpha = np.frombuffer(image.constBits(), np.uint32, count=words * height).reshape(height, words)[:, :width] >> 24
    rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
    if not rows.size:
        return None
    return QRect(int(cols[0]), int(rows[0]), int(cols[-1] - cols[0]) + 1, int(rows[-1] - rows[0]) + 1)


def differing_rects(a: QImage, b: QImage, tile: int = DIFF_TILE) -> list[QRect]:
    """Rectangles (device pixels) covering every pixel where two same-sized images differ.

    Cards of one deck share their background, frame and header: what changes
    from one to the next is a sixth of the screen or so, and a fade need not
    blend the rest.  Rows of tiles, each row one rectangle from its first
    differing tile to its last, neighbouring rows of the same span merged.
    """
    import numpy as np  # only a fade needs it, once per pair of cards

    if a.size() != b.size() or a.format() != b.format() or a.depth() != 32:
        return [QRect(QPoint(0, 0), a.size())]
    width, height = a.width(), a.height()

    def pixels(image: QImage) -> np.ndarray:
        rows = np.frombuffer(image.constBits(), np.uint32, count=image.bytesPerLine() // 4 * height)
        return rows.reshape(height, image.bytesPerLine() // 4)[:, :width]

    differ = pixels(a) != pixels(b)
    rows, cols = -(-height // tile), -(-width // tile)
    padded = np.zeros((rows * tile, cols * tile), dtype=bool)
    padded[:height, :width] = differ
    tiles = np.asarray(padded.reshape(rows, tile, cols, tile).any(axis=(1, 3)))
    rects: list[QRect] = []
    for row in range(rows):
        hit = np.flatnonzero(tiles[row])
        if not hit.size:
            continue
        left, right = int(hit[0]) * tile, min(width, (int(hit[-1]) + 1) * tile)
        top, bottom = row * tile, min(height, (row + 1) * tile)
        last = rects[-1] if rects else None
        if last is not None and last.bottom() + 1 == top and last.left() == left and last.right() + 1 == right:
            last.setBottom(bottom - 1)
        else:
            rects.append(QRect(left, top, right - left, bottom - top))
    return rects


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
        # The card expected next, painted ahead while the screen stands still.
        self._upcoming: CardScene | None = None
        self._prepared: _RenderedCard | None = None
        # Where the two cards of a fade differ (device pixels), and for which pair.
        self._fade_rects: list[QRect] = []
        self._fade_pair: tuple[_RenderedCard, _RenderedCard] | None = None
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
            self._neighbour = self._ready(neighbour) or _RenderedCard(neighbour, self.size(), self.devicePixelRatioF())
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
            self._prepared = _RenderedCard(scene, self.size(), self.devicePixelRatioF())
            self._prepared.trim()
        current = self._current
        if self.transition is Transition.FADE and current is not None and self._fits(current):
            self._differences(current, self._prepared)

    def _fits(self, rendered: _RenderedCard) -> bool:
        ratio = self.devicePixelRatioF()
        return rendered.full.size() == QSize(round(self.width() * ratio), round(self.height() * ratio))

    def _ready(self, scene: CardScene, *candidates: _RenderedCard | None) -> _RenderedCard | None:
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
            current.paint_entering(painter, self._entrance_t)
        else:
            painter.drawPixmap(0, 0, current.full)
        painter.end()
        self.frames_painted += 1

    def _paint_transition(self, painter: QPainter, old: _RenderedCard, new: _RenderedCard, t: float) -> None:
        if self.transition is Transition.FADE:
            self._paint_fade(painter, old, new, t)
        else:
            self._paint_slide(painter, old, new, t)

    def _paint_slide(self, painter: QPainter, old: _RenderedCard, new: _RenderedCard, t: float) -> None:
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

    def _paint_fade(self, painter: QPainter, old: _RenderedCard, new: _RenderedCard, t: float) -> None:
        """The new card blended over the old one where they differ; elsewhere they are the same."""
        painter.drawPixmap(QPointF(0, 0), old.full)
        painter.setOpacity(t)
        ratio = self.devicePixelRatioF()
        for rect in self._differences(old, new):
            painter.drawPixmap(_to_logical(rect, ratio), new.full, QRectF(rect))
        if self._entering(new):
            # Under the rising headline the old card fades into the new one's background, not its settled headline.
            painter.setOpacity(1.0)
            painter.drawPixmap(new.patch_rect, old.full, _to_device_f(new.patch_rect, ratio))
            painter.setOpacity(t)
            painter.drawPixmap(new.patch_rect.topLeft(), new.patch)
            new.paint_entering_headline(painter, self._entrance_t)
        painter.setOpacity(1.0)

    def _differences(self, old: _RenderedCard, new: _RenderedCard) -> list[QRect]:
        """Where ``old`` and ``new`` differ, in device pixels (worked out once per pair)."""
        if self._fade_pair is None or self._fade_pair[0] is not old or self._fade_pair[1] is not new:
            self._fade_rects = differing_rects(old.image, new.image)
            region = QRegion()
            ratio = self.devicePixelRatioF()
            for rect in self._fade_rects:
                region += _to_logical(rect, ratio).toAlignedRect()
            region += new.patch_rect.toAlignedRect()  # the headline's entrance, if it makes one
            self._fade_region = region
            self._fade_pair = (old, new)
        return self._fade_rects

    def _entering(self, card: _RenderedCard) -> bool:
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
