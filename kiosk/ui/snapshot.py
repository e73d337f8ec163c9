"""Pictures without a screen: a card as PNG, the whole deck as PNGs and a PDF."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.core.bundle import Bundle
from kiosk.core.model import Card
from kiosk.ui.card_painter import CardPainter, CardScene, deck_positions

log = logging.getLogger(__name__)

PNG_QUALITY = 80  # Qt maps PNG "quality" to zlib effort: 80 is fast and still small
PDF_DPI = 144


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


def scenes(bundle: Bundle) -> list[CardScene]:
    manifest = bundle.manifest
    return [
        CardScene(card, manifest, position, card_image(bundle, card))
        for card, position in zip(manifest.play_order(), deck_positions(manifest), strict=True)
    ]


def scene_for(bundle: Bundle, card_id: str | None) -> CardScene | None:
    manifest = bundle.manifest
    cards = manifest.play_order()
    index = 0 if card_id is None else next((i for i, c in enumerate(cards) if c.id == card_id), -1)
    if index < 0:
        return None
    card = cards[index]
    return CardScene(card, manifest, deck_positions(manifest)[index], card_image(bundle, card))


def render(scene: CardScene, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    CardPainter(scene).paint(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def save_png(image: QImage, path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    return image.save(str(path), "PNG", PNG_QUALITY)


def export_pdf(
    all_scenes: list[CardScene], path: Path, width: int, height: int, *, bundle: Bundle | None = None
) -> bool:
    """A page per card (and one per detail page), vector text with the font embedded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    points = QSizeF(width * 72 / PDF_DPI, height * 72 / PDF_DPI)
    writer.setPageLayout(
        QPageLayout(QPageSize(points, QPageSize.Unit.Point, "card"), QPageLayout.Orientation.Portrait, QMarginsF())
    )
    writer.setTitle(all_scenes[0].manifest.title if all_scenes else "")
    writer.setCreator("union-kiosk")
    painter = QPainter()
    if not painter.begin(writer):
        return False
    try:
        _paint_pages(painter, writer, all_scenes, width, height, bundle)
    finally:
        painter.end()
    return True


def _paint_pages(  # noqa: PLR0917 - one call site, all needed
    painter: QPainter, writer: QPdfWriter, all_scenes: list[CardScene], width: int, height: int, bundle: Bundle | None
) -> None:
    detail_page = None
    if bundle is not None:
        from kiosk.ui.detail import DetailPage

        detail_page = DetailPage()
        detail_page.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        detail_page.resize(width, height)
        detail_page.show()
    first = True
    for scene in all_scenes:
        if not first:
            writer.newPage()
        first = False
        CardPainter(scene).paint(painter, QRectF(0, 0, width, height))
        if detail_page is not None and bundle is not None:
            detail_page.show_card(scene.card, bundle.manifest, animate=False)
            detail_page.settle()
            writer.newPage()
            detail_page.render(painter, QPoint())
    if detail_page is not None:
        detail_page.close()
        detail_page.deleteLater()
