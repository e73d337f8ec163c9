"""Pictures without a screen: a card as PNG, the whole deck as PNGs (the PDF: :mod:`kiosk.ui.handout`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter

from kiosk.core.bundle import Bundle
from kiosk.core.model import Card
from kiosk.ui.card_painter import CardPainter, CardScene, deck_positions

log = logging.getLogger(__name__)

PNG_QUALITY = 80  # Qt maps PNG "quality" to zlib effort: 80 is fast and still small
# An SVG icon is rendered at this height: sharp beside the section pill on a 4K screen (about 120 px there).
ICON_RENDER_HEIGHT = 256


def card_image(bundle: Bundle, card: Card) -> QImage | None:
    """The card's picture, from the bundle's own files (the ones its load decoded)."""
    if not card.image:
        return None
    try:
        image = QImage.fromData(bundle.files.read(card.image))
    except Exception:  # validated before; a broken picture never stops the show
        log.warning("image %s of card %s could not be read", card.image, card.id)
        return None
    if image.isNull():  # decoded by the bundle's check, yet not by Qt (a format plugin missing)
        log.warning("image %s of card %s could not be decoded; the card is shown without it", card.image, card.id)
        return None
    return image


def card_icon(bundle: Bundle, card: Card) -> QImage | None:
    """The card's icon, from the bundle's own files; an SVG rendered (by Qt's svg image plugin) sharp at any size."""
    if not card.icon:
        return None
    try:
        data = QByteArray(bundle.files.read(card.icon))
    except Exception:  # validated before; a broken icon never stops the show
        log.warning("icon %s of card %s could not be read", card.icon, card.id)
        return None
    buffer = QBuffer(data)
    reader = QImageReader(buffer)
    size = reader.size()
    if bytes(reader.format().data()).startswith(b"svg") and size.isValid() and size.height() > 0:
        reader.setScaledSize(QSize(round(size.width() * ICON_RENDER_HEIGHT / size.height()), ICON_RENDER_HEIGHT))
    image = reader.read()
    if image.isNull():
        log.warning("icon %s of card %s could not be decoded; the card is shown without it", card.icon, card.id)
        return None
    return image


def scenes(bundle: Bundle) -> list[CardScene]:
    manifest = bundle.manifest
    return [
        CardScene(card, manifest, position, card_image(bundle, card), icon=card_icon(bundle, card))
        for card, position in zip(manifest.play_order(), deck_positions(manifest), strict=True)
    ]


def scene_for(bundle: Bundle, card_id: str | None) -> CardScene | None:
    manifest = bundle.manifest
    cards = manifest.play_order()
    index = 0 if card_id is None else next((i for i, c in enumerate(cards) if c.id == card_id), -1)
    if index < 0:
        return None
    card = cards[index]
    position = deck_positions(manifest)[index]
    return CardScene(card, manifest, position, card_image(bundle, card), icon=card_icon(bundle, card))


def render(scene: CardScene, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    CardPainter(scene).paint(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def save_png(image: QImage, path: Path) -> bool:
    """``image`` as a PNG file, compressed as ``PNG_QUALITY`` asks, on every core (:mod:`kiosk.ui.png`)."""
    from kiosk.ui.png import png_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png_bytes(image))
    except OSError as exc:
        log.warning("cannot write %s: %s", path, exc)
        return False
    return True


SCREENSHOT_WIDTH = 640  # a report's screenshot: enough to tell which card was showing
JPEG_QUALITIES = (80, 65, 50, 35, 20)


def small_jpeg(image: QImage, budget: int) -> bytes:
    """``image`` as a JPEG at most :data:`SCREENSHOT_WIDTH` wide and ``budget`` bytes; empty if none fits."""
    if image.width() > SCREENSHOT_WIDTH:
        image = image.scaledToWidth(SCREENSHOT_WIDTH, Qt.TransformationMode.SmoothTransformation)
    for quality in JPEG_QUALITIES:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        saved = image.save(buffer, "JPEG", quality)  # type: ignore[call-overload]
        buffer.close()
        if saved and 0 < data.size() <= budget:
            return bytes(data.data())
    return b""
