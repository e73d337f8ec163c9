"""Draws one card onto any painter: the screen, a PNG or a PDF page.

Where everything goes is :mod:`kiosk.ui.card_layout`'s; this module paints it.
Bundle text is drawn as plain text; it is data, never markup.
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPen,
    QPolygonF,
    QRadialGradient,
)

from kiosk.core.model import Theme
from kiosk.ui import fonts, typeset
from kiosk.ui.card_layout import (
    BUTTON_FONT,
    OVERVIEW_LABEL,
    PROGRESS_FONT,
    PROGRESS_MIN_PX,
    SMALLEST,
    TOUCH_HINT,
    WRAP,
    CardLayout,
    CardLayouter,
    FigureTile,
    HeadlineLayout,
    fitted_font,
    fitted_text,
    source_line,
)
from kiosk.ui.card_scene import CardScene, DeckPosition, deck_positions
from kiosk.ui.hand import ASPECT as HAND_ASPECT
from kiosk.ui.hand import hand_path
from kiosk.ui.look import Palette, background_gradient

# Importers have long taken these from here; they live in card_layout and card_scene.
__all__ = [
    "OVERVIEW_LABEL",
    "SECTION_COUNT",
    "TOUCH_HINT",
    "CardLayout",
    "CardPainter",
    "CardScene",
    "DeckPosition",
    "FigureTile",
    "HeadlineLayout",
    "deck_positions",
    "fitted_font",
]

SECTION_COUNT = "栏目 {index} / {total}"

# The backdrop has no edge sharper than a few pixels: painted at a quarter of the
# card's size and scaled up smoothly, it looks the same and costs a sixteenth.
BACKDROP_SCALE = 4
RAYS = 9  # over the quarter turn from the bottom edge to the left edge


def ray_angles() -> list[tuple[float, float]]:
    """Each ray's first and last angle, in degrees counter-clockwise from the bottom edge: half ray, half gap."""
    step = 90 / RAYS
    return [(step * i, step * (i + 0.5)) for i in range(RAYS)]


@functools.lru_cache(maxsize=4)  # the sizes a kiosk shows: its screen, its preview, a handout
def backdrop(theme: Theme, width: int, height: int) -> QImage:
    """The card's background, the same for every card of a theme at one size: gradient, glow and sunburst."""
    w, h = max(1, -(-width // BACKDROP_SCALE)), max(1, -(-height // BACKDROP_SCALE))
    image = QImage(w, h, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    rect = QRectF(0, 0, w, h)
    painter.fillRect(rect, background_gradient(rect, theme))
    # A soft glow behind the headline.
    glow = QRadialGradient(rect.center(), max(rect.width(), rect.height()) * 0.6)
    warm = QColor(theme.gold)
    warm.setAlphaF(0.10)
    glow.setColorAt(0.0, warm)
    glow.setColorAt(1.0, QColor(0, 0, 0, 0))
    painter.fillRect(rect, glow)
    # The sunburst of union posters: each ray a wedge from the bottom-left corner, drawn
    # as a triangle whose far side lies beyond the opposite corner (the same pixels as a
    # circle's sector, without the arc).
    origin = QPointF(rect.left(), rect.bottom())
    reach = 1.05 * math.hypot(rect.width(), rect.height())
    ray = QColor(theme.gold)
    ray.setAlphaF(0.045)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ray)
    for start, end in ray_angles():
        far = [origin + QPointF(math.cos(a), -math.sin(a)) * reach for a in (math.radians(start), math.radians(end))]
        painter.drawConvexPolygon(QPolygonF([origin, *far]))
    painter.end()
    return image


class CardPainter:
    """Paints a :class:`CardScene` into a rectangle."""

    def __init__(self, scene: CardScene) -> None:
        self.scene = scene
        self._colors = Palette(scene.theme)
        # where the touchable buttons were painted, for hit tests (empty when not drawn)
        self.hint_rect = QRectF()
        self.overview_rect = QRectF()

    # ------------------------------------------------------------------ layout

    def layout(self, rect: QRectF) -> CardLayout:
        """Where everything of this card goes in ``rect``."""
        return CardLayouter(self.scene).layout(rect)

    def headline_layout(self, lay: CardLayout, baseline: float) -> HeadlineLayout:
        """The headline on ``baseline``, as large as :attr:`CardLayout.headline_size` and the column allow."""
        return CardLayouter(self.scene).headline_layout(lay, baseline)

    # ------------------------------------------------------------------ paint

    def paint(self, painter: QPainter, rect: QRectF, headline_progress: float | None = 1.0) -> HeadlineLayout:
        """Paint the card; with ``headline_progress=None`` the headline is left out.

        Returns where the headline goes, so a count-up can draw it alone.
        """
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        lay = self.layout(rect)
        self.paint_background(painter, rect, lay)
        self.paint_header(painter, lay)
        self.paint_footer(painter, lay)
        head = self.paint_body(painter, lay, headline_progress)
        painter.restore()
        return head

    def paint_background(self, painter: QPainter, rect: QRectF, lay: CardLayout) -> None:
        c = self._colors
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(rect, backdrop(c.theme, round(rect.width()), round(rect.height())))
        painter.restore()
        # A thin gold frame, inset.
        inset = lay.margin * 0.3
        pen = QPen(c.gold, max(1.0, lay.unit * 0.15))
        pen.setCosmetic(False)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))

    def paint_header(self, painter: QPainter, lay: CardLayout) -> None:
        c, u, m = self._colors, lay.unit, self.scene.manifest
        header = lay.header
        # The union's emblem colour bar, then organisation and title.
        bar = QRectF(header.left(), header.top() + u * 0.6, u * 0.8, header.height() - u * 1.2)
        painter.fillRect(bar, c.gold)
        text_left = bar.right() + u * 1.8
        progress_w = header.width() * (0.30 if lay.portrait else 0.24)
        text_w = header.right() - progress_w - text_left - u * 2
        org_font, org_box = fitted_font(m.organisation, text_w, header.height() * 0.5, u * 3.6, u * 2.2, bold=True)
        painter.setFont(org_font)
        painter.setPen(c.text)
        org_rect = QRectF(text_left, header.top(), text_w, org_box.height())
        painter.drawText(
            org_rect, int(Qt.AlignmentFlag.AlignLeft | WRAP), typeset.text(m.organisation, org_font, text_w)
        )
        title_h = header.height() - org_rect.height() - u * 0.4
        title_font, title_lines = fitted_text(m.title, text_w, title_h, u * 2.6, u)
        painter.setFont(title_font)
        painter.setPen(c.muted)
        painter.drawText(
            QRectF(text_left, org_rect.bottom() + u * 0.4, text_w, title_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | WRAP),
            title_lines,
        )
        # Which card of how many.
        pos = self.scene.position
        count = f"{pos.index + 1} / {pos.total}"
        painter.setFont(fonts.font(u * 3.2, bold=True))
        painter.setPen(c.gold)
        count_rect = QRectF(header.right() - progress_w, header.top(), progress_w, header.height() * 0.55)
        painter.drawText(count_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), count)
        if m.data_as_of:
            as_of = f"数据截至：{m.data_as_of}"
            # Below the count, into the gap above the body if it takes two lines (a narrow portrait header).
            as_of_h = header.bottom() + u * 2 - count_rect.bottom()  # the body starts 2 units below
            as_of_font, as_of_lines = fitted_text(as_of, progress_w, as_of_h, u * SMALLEST, u, balanced=True)
            painter.setFont(as_of_font)
            painter.setPen(c.muted)
            painter.drawText(
                QRectF(count_rect.left(), count_rect.bottom(), progress_w, as_of_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop | WRAP),
                as_of_lines,
            )

    def paint_footer(self, painter: QPainter, lay: CardLayout) -> None:
        """The section progress, the source line and the two buttons a visitor can touch."""
        self.paint_progress(painter, lay)
        if self.scene.show_touch_hint:
            u = lay.unit
            font = fonts.font(u * BUTTON_FONT, bold=True)
            pad, icon_w = u * 1.4, u * 3.2
            self.hint_rect = QRectF(lay.hint_button)
            self._pill(painter, self.hint_rect, TOUCH_HINT, font, pad=pad, icon_w=icon_w, filled=True)
            self.overview_rect = QRectF(lay.overview_button)
            self._pill(painter, self.overview_rect, OVERVIEW_LABEL, font, pad=pad, icon_w=icon_w, filled=False)
        citation = source_line(self.scene)
        if citation and lay.source.width() > 0:
            c, u = self._colors, lay.unit
            cite_font, cite_lines = fitted_text(citation, lay.source.width(), lay.source.height(), u * 2.1, u)
            painter.setFont(cite_font)
            painter.setPen(c.muted)
            painter.drawText(
                lay.source, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | WRAP), cite_lines
            )

    def paint_progress(self, painter: QPainter, lay: CardLayout) -> None:
        """Where the deck is: a dot per section, the current one long and gold, then its name and "栏目 3 / 8"."""
        c, u, rect = self._colors, lay.unit, lay.progress
        position = self.scene.position
        sections = position.sections
        if not sections:
            return
        size = max(u * PROGRESS_FONT, PROGRESS_MIN_PX)
        current = min(position.section_index, len(sections) - 1)
        dot = size * 0.42
        spacing = dot * 0.9
        long_dot = dot * 2.6
        dots_w = (len(sections) - 1) * (dot + spacing) + long_dot
        if dots_w > rect.width() * 0.4:  # a deck of very many sections: smaller dots
            scale = rect.width() * 0.4 / dots_w
            dot, spacing, long_dot, dots_w = dot * scale, spacing * scale, long_dot * scale, dots_w * scale
        y = rect.center().y()
        x = rect.left()
        painter.save()
        muted = QColor(c.muted)
        for i in range(len(sections)):
            width = long_dot if i == current else dot
            box = QRectF(x, y - dot / 2, width, dot)
            if i == current:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c.gold)
            elif i < current:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(muted)
            else:
                painter.setPen(QPen(muted, max(1.0, dot * 0.16)))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = 0.0 if i <= current else dot * 0.08
            painter.drawRoundedRect(box.adjusted(inset, inset, -inset, -inset), dot / 2, dot / 2)
            x += width + spacing
        x += size * 0.8 - spacing
        title_font = fonts.font(size, bold=True)
        count_font = fonts.font(size)
        count = SECTION_COUNT.format(index=current + 1, total=len(sections))
        count_w = QFontMetricsF(count_font).horizontalAdvance(count)
        room = rect.right() - x - count_w - size * 0.8
        title = QFontMetricsF(title_font).elidedText(sections[current][0], Qt.TextElideMode.ElideRight, room)
        title_w = QFontMetricsF(title_font).horizontalAdvance(title)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine)
        painter.setFont(title_font)
        painter.setPen(c.gold)
        painter.drawText(QRectF(x, rect.top(), title_w + 1, rect.height()), flags, title)
        painter.setFont(count_font)
        painter.setPen(c.muted)
        painter.drawText(QRectF(x + title_w + size * 0.6, rect.top(), count_w + 1, rect.height()), flags, count)
        painter.restore()

    def _pill(
        self, painter: QPainter, rect: QRectF, text: str, font: QFont, *, pad: float, icon_w: float, filled: bool
    ) -> None:
        c = self._colors
        radius = rect.height() / 2
        unit = icon_w / 3.2
        ink = c.background_deep if filled else c.gold
        if filled:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.gold)
        else:
            painter.setPen(QPen(c.gold, max(1.0, unit * 0.22)))
            fill = QColor(c.background_deep)
            fill.setAlphaF(0.55)
            painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        centre = QPointF(rect.left() + pad + unit * 1.3, rect.center().y())
        if filled:  # a hand with its finger out: "touch"
            height = unit * 3.4
            box = QRectF(0, 0, height * HAND_ASPECT, height)
            box.moveCenter(centre)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            painter.drawPath(hand_path(box))
        else:  # a grid of nine tiles: "all cards"
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            cell = unit * 0.62
            for row in (-1, 0, 1):
                for col in (-1, 0, 1):
                    painter.drawRect(
                        QRectF(
                            centre.x() + col * cell * 1.35 - cell / 2,
                            centre.y() + row * cell * 1.35 - cell / 2,
                            cell,
                            cell,
                        )
                    )
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(rect.adjusted(pad + icon_w, 0, -pad, 0), int(Qt.AlignmentFlag.AlignCenter), text)

    def paint_body(self, painter: QPainter, lay: CardLayout, headline_progress: float | None) -> HeadlineLayout:
        c, u = self._colors, lay.unit
        card, scene = self.scene.card, self.scene
        if lay.image_rect is not None and scene.image is not None:
            self._paint_image(painter, lay.image_rect, scene.image)
        if lay.icon is not None and scene.icon is not None:
            self._paint_image(painter, lay.icon, scene.icon)
        # Section chip.
        section = scene.manifest.section(card.section)
        chip = lay.chip
        painter.setPen(QPen(c.gold, max(1.0, u * 0.2)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setFont(lay.chip_font)
        painter.setPen(c.gold)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), section.title if section else "")
        head = lay.headline if lay.headline is not None else self.headline_layout(lay, lay.baseline)
        if headline_progress is not None:
            self.paint_headline(painter, head, headline_progress)
        painter.setFont(lay.label_font)
        painter.setPen(c.text)
        label_lines = typeset.text(card.label, lay.label_font, lay.label.width(), balanced=True)
        painter.drawText(lay.label, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP), label_lines)
        if lay.explanation_font is not None:
            painter.setFont(lay.explanation_font)
            painter.setPen(c.muted)
            expl_lines = typeset.text(card.explanation, lay.explanation_font, lay.explanation.width(), balanced=True)
            painter.drawText(
                lay.explanation, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP), expl_lines
            )
        self._paint_tiles(painter, lay)
        if lay.quote_font is not None and card.source is not None:
            rect = lay.quote
            painter.fillRect(QRectF(rect.left() - u * 2.2, rect.top(), max(2.0, u * 0.6), rect.height()), c.gold)
            painter.setFont(lay.quote_font)
            painter.setPen(c.muted)
            quote_lines = typeset.text(f"“{card.source.quote}”", lay.quote_font, rect.width())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | WRAP), quote_lines)
        return head

    def paint_headline(self, painter: QPainter, head: HeadlineLayout, progress: float) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        c = self._colors
        figure = self.scene.card.headline
        number = figure.frame_number(progress)
        x = head.rect.left()
        painter.setPen(c.gold)
        if head.before:
            painter.setFont(head.affix_font)
            painter.drawText(QPointF(x, head.baseline), head.before)
            x += QFontMetricsF(head.affix_font).horizontalAdvance(head.before) + head.number_font.pixelSize() * 0.05
        painter.setFont(head.number_font)
        # Count-up frames are drawn right-aligned in the final number's box, so
        # nothing around the number moves while it counts.
        frame_w = QFontMetricsF(head.number_font).horizontalAdvance(number)
        painter.drawText(QPointF(x + head.number_width - frame_w, head.baseline), number)
        x += head.number_width
        if head.after:
            painter.setFont(head.affix_font)
            painter.drawText(QPointF(x + head.number_font.pixelSize() * 0.05, head.baseline), head.after)
        painter.restore()

    def _paint_tiles(self, painter: QPainter, lay: CardLayout) -> None:
        c, u = self._colors, lay.unit
        for tile in lay.tiles:
            fill = QColor(c.surface)
            fill.setAlphaF(0.85)
            painter.setPen(QPen(c.gold_soft, max(1.0, u * 0.12)))
            painter.setBrush(fill)
            painter.drawRoundedRect(tile.rect, u * 1.5, u * 1.5)
            inner = tile.rect.adjusted(u * 1.5, u * 0.8, -u * 1.5, -u * 0.8)
            painter.setFont(tile.figure_font)
            painter.setPen(c.gold)
            painter.drawText(
                QRectF(inner.left(), inner.top(), inner.width(), tile.figure_height),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP),
                typeset.text(tile.figure, tile.figure_font, inner.width()),
            )
            painter.setFont(tile.label_font)
            painter.setPen(c.text)
            painter.drawText(
                QRectF(
                    inner.left(), inner.top() + tile.figure_height, inner.width(), inner.height() - tile.figure_height
                ),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP),
                tile.label_lines,
            )

    def _paint_image(self, painter: QPainter, rect: QRectF, image: QImage) -> None:
        scaled = image.size().scaled(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(0, 0, scaled.width(), scaled.height())
        target.moveCenter(rect.center())
        painter.drawImage(target, image)
