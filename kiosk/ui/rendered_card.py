"""A card painted once at one size, ready for the stage to copy.

The settled card is an opaque pixmap in the screen's own format; beside it
are kept the background under the headline and, for a rising entrance, the
settled headline alone on a transparent pixmap, so an entrance frame repaints
just the headline's box.  :func:`differing_rects` finds where two such cards
differ, so a fade blends only there.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap

from kiosk.core.model import HeadlineEntrance
from kiosk.ui.card_layout import HeadlineLayout
from kiosk.ui.card_painter import CardPainter
from kiosk.ui.card_scene import CardScene

RISE_SHARE = 0.05  # the rising headline starts this share of its height lower
# Room around the headline's box for glyphs that reach past it, as a share of the number's size.
HEADLINE_PAD_SHARE = 0.25
# Where two cards differ, in bands of this many device pixels: a coarser grid finds fewer, larger rectangles.
DIFF_TILE = 32


def entrance_of(scene: CardScene) -> HeadlineEntrance:
    """How the card's headline appears: the bundle's choice, as it applies to this figure."""
    chosen = scene.manifest.display.headline_entrance
    if chosen is HeadlineEntrance.COUNT_UP and not scene.card.headline.animate:
        return HeadlineEntrance.NONE  # ``count_up: false``: years, dates, ranks
    return chosen


class RenderedCard:
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
        device = to_device(self.entrance_rect(), ratio) & QRect(QPoint(0, 0), pixel_size)
        self._patch_device = device
        self.patch_rect = to_logical(device, ratio)
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
        inked = to_logical(ink, ratio)
        self.sprite_rect = QRectF(self.sprite_rect.topLeft() + inked.topLeft(), inked.size())
        kept = to_device(self.entrance_rect(), ratio) & self._patch_device
        self.patch = self.patch.copy(kept.translated(-self._patch_device.topLeft()))
        self.patch.setDevicePixelRatio(ratio)
        self._patch_device = kept
        self.patch_rect = to_logical(kept, ratio)

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


def to_device(rect: QRectF, ratio: float) -> QRect:
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio).toAlignedRect()


def to_device_f(rect: QRectF, ratio: float) -> QRectF:
    return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio)


def to_logical(rect: QRect, ratio: float) -> QRectF:
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
