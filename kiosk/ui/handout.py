"""The deck on paper: a PDF handout whose pages look like the screen.

Each card gives two pages in sequence, the card and then its detail page, each
the screen's picture at the export size with a narrow footer beneath it: the
card's source and the page number.  Printed on both sides, a card's detail page
is on the back of the card.  There is nothing to touch on paper, so the touch
controls are left out (their place stays empty; nothing else moves).

Text is vector text in the shipped font, embedded.  The card's background alone
is drawn as a picture: its glow is a gradient that fades to transparent, and
PDF viewers do not show such a gradient as the screen does (poppler, for one,
draws it opaque, a gold glow on black), so it is painted to an image at the
page's pixel size first, exactly as the PNG export paints it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPoint, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from kiosk.ui import fonts
from kiosk.ui.card_painter import CardLayout, CardPainter, CardScene, fitted_font
from kiosk.ui.look import Palette

if TYPE_CHECKING:
    from kiosk.core.bundle import Bundle
    from kiosk.core.model import Card, Manifest

log = logging.getLogger(__name__)

# Page pixels per inch: a 1920×1080 export becomes a 13.33 × 7.5 in page, the
# usual size of a widescreen slide, which prints onto A4 or Letter at "fit".
PDF_DPI = 144
FOOTER_UNITS = 5.5  # the footer's height in hundredths of the screen's shorter side
SOURCE_PREFIX = "出处："


def page_label(number: int, total: int) -> str:
    return f"第 {number} 页 / 共 {total} 页"


def footer_height(width: int, height: int) -> int:
    """The footer band beneath the screen's picture, in page pixels."""
    return max(24, round(min(width, height) / 100 * FOOTER_UNITS))


def for_print(scene: CardScene) -> CardScene:
    """The card as paper shows it: without the controls a visitor would touch."""
    return replace(scene, show_touch_hint=False)


def source_line(card: Card, manifest: Manifest) -> str:
    """``出处：《标题》，作者，…`` for the card's source; empty if it names none."""
    source = manifest.source(card.source.source) if card.source else None
    return SOURCE_PREFIX + source.citation() if source is not None else ""


class _PaperCardPainter(CardPainter):
    """The card painter with its background taken from a picture painted beforehand."""

    def __init__(self, scene: CardScene, backdrop: QImage) -> None:
        super().__init__(scene)
        self._backdrop = backdrop

    def paint_background(self, painter: QPainter, rect: QRectF, lay: CardLayout) -> None:
        painter.save()
        # Flate, not JPEG: JPEG blurs the rays' edges and moves the gradient by a few levels.
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)
        painter.drawImage(rect, self._backdrop)
        painter.restore()


def card_backdrop(scene: CardScene, width: int, height: int) -> QImage:
    """The card's background alone, as the PNG export paints it."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    card = CardPainter(scene)
    rect = QRectF(0, 0, width, height)
    card.paint_background(painter, rect, card.layout(rect))
    painter.end()
    return image


class Handout:
    """Writes the pages of one PDF handout, one after the other."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, size: tuple[int, int], total: int) -> None:
        self._writer, self._painter = writer, painter
        self._width, self._height = size
        self._total = total
        self._number = 0
        self._backdrop: QImage | None = None

    def _next_page(self) -> QPainter:
        if self._number:
            self._writer.newPage()
        self._number += 1
        return self._painter

    def add_card(self, scene: CardScene) -> None:
        painter = self._next_page()
        backdrop = card_backdrop(scene, self._width, self._height)
        # The same picture object on every page lets the PDF hold it once.
        if self._backdrop is None or self._backdrop != backdrop:
            self._backdrop = backdrop
        _PaperCardPainter(for_print(scene), self._backdrop).paint(painter, QRectF(0, 0, self._width, self._height))
        self._footer(scene)

    def add_detail(self, bundle: Bundle, scene: CardScene) -> None:
        from kiosk.ui.detail import settled_detail_page

        painter = self._next_page()
        with settled_detail_page(bundle, scene, self._width, self._height, controls=False) as page:
            page.render(painter, QPoint())
        self._footer(scene)

    def _footer(self, scene: CardScene) -> None:
        painter = self._painter
        colours = Palette(scene.theme)
        width, height = self._width, self._height
        band = QRectF(0, height, width, footer_height(width, height))
        unit = min(width, height) / 100
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(band, colours.background_deep)
        painter.setPen(QPen(colours.gold, max(1.0, unit * 0.15)))
        painter.drawLine(QPointF(band.left(), band.top()), QPointF(band.right(), band.top()))
        margin = max(unit * 5, 16)  # the card's own side margin, so the footer lines up with it
        text = band.adjusted(margin, 0, -margin, 0)
        number = page_label(self._number, self._total)
        number_font = fonts.font(unit * 2.2, bold=True)
        number_w = QFontMetricsF(number_font).horizontalAdvance(number)
        painter.setFont(number_font)
        painter.setPen(colours.gold)
        painter.drawText(text, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), number)
        source = source_line(scene.card, scene.manifest)
        if source:
            room = text.width() - number_w - unit * 3
            # On one line if it can, on two on a narrow (portrait) page, cut short only past that.
            source_font, box = fitted_font(source, room, band.height() * 0.9, unit * 2.2, unit * 1.6)
            painter.setFont(source_font)
            painter.setPen(QColor(colours.muted))
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            source_rect = QRectF(text.left(), text.top(), room, text.height())
            if box.height() <= band.height() * 0.9:
                painter.drawText(source_rect, int(left | Qt.TextFlag.TextWordWrap), source)
            else:
                elided = QFontMetricsF(source_font).elidedText(source, Qt.TextElideMode.ElideRight, room)
                painter.drawText(source_rect, int(left | Qt.TextFlag.TextSingleLine), elided)
        painter.restore()


def export_pdf(bundle: Bundle, all_scenes: list[CardScene], path: Path, width: int, height: int) -> bool:
    """The handout: for every card its page and its detail page, vector text with the font embedded."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    page = QSizeF(width / PDF_DPI, (height + footer_height(width, height)) / PDF_DPI)
    writer.setPageLayout(
        QPageLayout(QPageSize(page, QPageSize.Unit.Inch, "screen"), QPageLayout.Orientation.Portrait, QMarginsF())
    )
    writer.setTitle(bundle.manifest.title)
    writer.setCreator("union-kiosk")
    painter = QPainter()
    if not painter.begin(writer):
        return False
    try:
        handout = Handout(writer, painter, (width, height), 2 * len(all_scenes))
        for scene in all_scenes:
            handout.add_card(scene)
            handout.add_detail(bundle, scene)
    finally:
        painter.end()
    log.info("handout of %d pages written to %s", 2 * len(all_scenes), path)
    return True
