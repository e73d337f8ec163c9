"""Draws one card onto any painter: the screen, a PNG or a PDF page.

Every size derives from the target rectangle, never fixed pixels, so the same
card reads well at 1024×768, 3840×2160 and on a 1080×1920 portrait totem.
Bundle text is drawn as plain text; it is data, never markup.

The layout has anchors that depend on the screen size alone: the section pill
and the headline's baseline are at the same height on every card, so the
deck keeps one rhythm as it rotates; a long figure is set smaller on the same
baseline.  What follows the headline (label, explanation, other figures, a
portrait's picture or quote) flows below it and stops above the buttons.
:attr:`CardLayout.parts` names every rectangle, so tests can prove that none
overlaps another or leaves the screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

from kiosk.core.model import Card, Manifest, Theme
from kiosk.ui import fonts, typeset
from kiosk.ui.hand import ASPECT as HAND_ASPECT
from kiosk.ui.hand import hand_path
from kiosk.ui.look import Palette, background_gradient

TOUCH_HINT = "轻触查看详情"
OVERVIEW_LABEL = "全部数字"
SECTION_COUNT = "栏目 {index} / {total}"
WRAP = Qt.TextFlag.TextWordWrap

# Sizes in units of min(width, height) / 100.
CHIP_FONT = 2.8  # the section pill's text (3.0 in portrait)
CHIP_GAP = 2.5  # from the pill to the top of the headline's digits
LABEL_GAP = 1.8  # from the headline to its label
BLOCK_GAP = 2.2  # between the label, the explanation and the figure tiles
LABEL_MAX, LABEL_MIN = 6.2, 3.4
LABEL_FLOOR = 2.6  # only when the label would not fit otherwise
EXPLANATION_MAX, EXPLANATION_MIN = 3.0, 2.2
TILE_HEIGHT, TILE_MIN_HEIGHT = 11.0, 6.8
TILE_MIN_WIDTH = 24.0  # narrower tiles go onto a second row
TILE_MAX_WIDTH = 48.0
TILE_GAP = 2.0
BUTTON_FONT = 2.4
BUTTON_HEIGHT = 6.5  # a finger-sized target
BUTTON_GAP = 2.5  # between the content and the buttons
PROGRESS_FONT = 2.6  # the current section's name at the bottom
PROGRESS_MIN_PX = 18.0  # never smaller than this, whatever the screen
# The headline's digits and words reach this share of the number's size above
# the baseline (CJK glyphs 0.86, digits 0.75) and this share below it.
HEADLINE_INK_ABOVE = 0.88
HEADLINE_INK_BELOW = 0.12
AFFIX_SHARE = 0.42  # qualifier and unit, as a share of the number's size
# What must fit below the headline on every card, reserved when the anchors are set:
# one line of label and one row of figure tiles.
BELOW_RESERVE = LABEL_GAP + LABEL_MAX * 1.45 + BLOCK_GAP + TILE_HEIGHT
PORTRAIT_RESERVE = BELOW_RESERVE + 40  # and a portrait's picture or quote


@dataclass(frozen=True)
class DeckPosition:
    """Where a card stands in the deck, for the progress indicator."""

    index: int
    total: int
    section_index: int
    # (section title, number of cards) for every section, in play order
    sections: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class CardScene:
    """Everything needed to draw one card, independent of any widget."""

    card: Card
    manifest: Manifest
    position: DeckPosition
    image: QImage | None = None
    show_touch_hint: bool = True
    icon: QImage | None = None

    @property
    def theme(self) -> Theme:
        return self.manifest.display.theme


def deck_positions(manifest: Manifest) -> list[DeckPosition]:
    """A :class:`DeckPosition` for each card of ``manifest`` in play order."""
    cards = manifest.play_order()
    counts: dict[str, int] = {}
    for card in cards:
        counts[card.section] = counts.get(card.section, 0) + 1
    sections = tuple((s.title, counts[s.id]) for s in manifest.sections if s.id in counts)
    order = [s.id for s in manifest.sections if s.id in counts]
    return [
        DeckPosition(i, len(cards), order.index(card.section) if card.section in order else 0, sections)
        for i, card in enumerate(cards)
    ]


def fitted_font(
    text: str, width: float, height: float, start: float, minimum: float, *, bold: bool = False, balanced: bool = False
) -> tuple[QFont, QRectF]:
    """The largest font from ``start`` down to ``minimum`` that fits ``text`` in the box.

    Measured as drawn: broken into lines by :mod:`kiosk.ui.typeset` (draw ``typeset.text`` of the same arguments).
    """
    size = start
    while True:
        font = fonts.font(size, bold=bold)
        lines = typeset.text(text, font, width, balanced=balanced)
        bounds = QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), int(WRAP), lines)
        if (bounds.height() <= height and bounds.width() <= width + 0.5) or size <= minimum:
            return font, bounds
        size = max(minimum, size * 0.9)


@dataclass
class HeadlineLayout:
    rect: QRectF  # the headline's ink: from the top of its tallest glyph to a little below the baseline
    number_font: QFont
    affix_font: QFont
    before: str
    number: str
    after: str
    number_width: float
    before_width: float
    baseline: float


@dataclass
class FigureTile:
    """One of the card's other figures: its tile and the fonts that fit it."""

    rect: QRectF
    figure: str
    label: str
    figure_font: QFont
    figure_height: float
    label_font: QFont


@dataclass
class CardLayout:
    """Rectangles and fonts for one card at one size.

    ``chip_top`` and ``baseline`` depend on the size alone.  ``parts`` names
    every rectangle the card paints into ("header", "chip", "icon",
    "headline", "label", "explanation", "figure-1"…, "image", "quote",
    "source", "overview-button", "detail-button", "progress"); the buttons'
    places are kept when they are not drawn (print).
    """

    width: float
    height: float
    unit: float
    margin: float
    portrait: bool
    header: QRectF = field(default_factory=QRectF)
    footer: QRectF = field(default_factory=QRectF)  # buttons, source line and progress
    body: QRectF = field(default_factory=QRectF)  # the card's own content, above the buttons
    column: QRectF = field(default_factory=QRectF)  # the body without a landscape picture
    image_rect: QRectF | None = None
    chip_top: float = 0.0
    chip_height: float = 0.0
    baseline: float = 0.0
    headline_size: float = 0.0  # the largest number size at this screen size
    progress: QRectF = field(default_factory=QRectF)
    hint_button: QRectF = field(default_factory=QRectF)
    overview_button: QRectF = field(default_factory=QRectF)
    source: QRectF = field(default_factory=QRectF)
    parts: dict[str, QRectF] = field(default_factory=dict)
    # filled by the content's layout
    chip_font: QFont = field(default_factory=QFont)
    chip: QRectF = field(default_factory=QRectF)
    icon: QRectF | None = None
    headline: HeadlineLayout | None = None
    label_font: QFont = field(default_factory=QFont)
    label: QRectF = field(default_factory=QRectF)
    explanation_font: QFont | None = None
    explanation: QRectF = field(default_factory=QRectF)
    tiles: list[FigureTile] = field(default_factory=list)
    quote_font: QFont | None = None
    quote: QRectF = field(default_factory=QRectF)


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
        w, h = rect.width(), rect.height()
        unit = min(w, h) / 100
        portrait = h > w * 1.15
        margin = max(unit * 5, 16)
        lay = CardLayout(w, h, unit, margin, portrait)
        self._frame(lay, rect)
        self._anchors(lay)
        self._content(lay)
        return lay

    def _frame(self, lay: CardLayout, rect: QRectF) -> None:
        """Header, buttons, source line and progress: the same on every card."""
        u, margin = lay.unit, lay.margin
        left, inner_w = rect.left() + margin, rect.width() - 2 * margin
        lay.header = QRectF(left, rect.top() + margin * 0.6, inner_w, u * (9 if lay.portrait else 10))
        progress_h = max(u * PROGRESS_FONT, PROGRESS_MIN_PX) * 1.5
        lay.progress = QRectF(left, rect.bottom() - margin * 0.55 - progress_h, inner_w, progress_h)
        button_font = fonts.font(u * BUTTON_FONT, bold=True)
        bm = QFontMetricsF(button_font)
        pad, icon_w = u * 1.4, u * 3.2
        button_h = max(bm.height() + pad, u * BUTTON_HEIGHT)
        bottom = lay.progress.top() - u * 1.4
        hint_w = bm.horizontalAdvance(TOUCH_HINT) + pad * 2 + icon_w
        lay.hint_button = QRectF(lay.progress.right() - hint_w, bottom - button_h, hint_w, button_h)
        over_w = bm.horizontalAdvance(OVERVIEW_LABEL) + pad * 2 + icon_w
        lay.overview_button = QRectF(lay.hint_button.left() - u * 1.5 - over_w, bottom - button_h, over_w, button_h)
        lay.source = QRectF(left, bottom - button_h, lay.overview_button.left() - u * 3 - left, button_h)
        lay.footer = QRectF(left, bottom - button_h, inner_w, lay.progress.bottom() - (bottom - button_h))
        top = lay.header.bottom() + u * 2
        lay.body = QRectF(left, top, inner_w, lay.footer.top() - u * BUTTON_GAP - top)
        lay.column = QRectF(lay.body)
        image = self.scene.image
        if image is not None and not image.isNull() and not lay.portrait:
            share = 0.36 if len(self.scene.card.figures) <= 3 else 0.28  # many figures need the width
            image_w = lay.body.width() * share
            lay.image_rect = QRectF(lay.body.right() - image_w, lay.body.top(), image_w, lay.body.height())
            lay.column.setRight(lay.body.right() - image_w - u * 4)
        lay.parts.update(
            {
                "header": lay.header,
                "progress": lay.progress,
                "detail-button": lay.hint_button,
                "overview-button": lay.overview_button,
            }
        )
        if lay.source.width() > 0 and self._citation():
            lay.parts["source"] = lay.source
        if lay.image_rect is not None:
            lay.parts["image"] = lay.image_rect

    def _anchors(self, lay: CardLayout) -> None:
        """The pill's top, the headline's baseline and largest size: from the size alone."""
        u, body = lay.unit, lay.body
        lay.chip_font = fonts.font(u * (CHIP_FONT + (0.2 if lay.portrait else 0.0)), bold=True)
        lay.chip_height = QFontMetricsF(lay.chip_font).height() + u * 1.4
        reserve = u * (PORTRAIT_RESERVE if lay.portrait else BELOW_RESERVE)
        ink = HEADLINE_INK_ABOVE + HEADLINE_INK_BELOW
        fixed = lay.chip_height + u * CHIP_GAP
        by_height = (body.height() - fixed - reserve) / ink
        lay.headline_size = max(u * 8, min(lay.width * (0.30 if lay.portrait else 0.16), by_height))
        slack = body.height() - fixed - lay.headline_size * ink - reserve
        lay.chip_top = body.top() + max(0.0, slack / 2)
        lay.baseline = lay.chip_top + fixed + lay.headline_size * HEADLINE_INK_ABOVE

    def _content(self, lay: CardLayout) -> None:
        """The card's own blocks, at the anchors, then flowing down to the buttons."""
        u, card, column = lay.unit, self.scene.card, lay.column
        self._chip(lay)
        head = self.headline_layout(lay, lay.baseline)
        lay.headline = head
        lay.parts["headline"] = head.rect
        top = lay.baseline + lay.headline_size * HEADLINE_INK_BELOW + u * LABEL_GAP
        bottom = column.bottom()
        tiles_h, rows, columns = self._tile_grid(lay, bottom - top)
        tiles_least = rows * u * TILE_MIN_HEIGHT + (rows - 1) * u * TILE_GAP + u * BLOCK_GAP if rows else 0.0
        label_w = column.width() * 0.92
        label_room = min(u * 16, bottom - top - tiles_least)
        lay.label_font, box = fitted_font(
            card.label, label_w, label_room, u * LABEL_MAX, u * LABEL_MIN, bold=True, balanced=True
        )
        if box.height() > label_room:  # a long label among many figures: smaller rather than cut
            lay.label_font, box = fitted_font(
                card.label, label_w, label_room, u * LABEL_MIN, u * LABEL_FLOOR, bold=True, balanced=True
            )
        label_h = box.height()
        if rows and top + label_h + u * BLOCK_GAP + tiles_h > bottom:  # tiles give way first, to a minimum
            spare = bottom - top - label_h - u * BLOCK_GAP - (rows - 1) * u * TILE_GAP
            tile_h = max(u * TILE_MIN_HEIGHT, spare / rows)
            tiles_h = tile_h * rows + (rows - 1) * u * TILE_GAP
        label_h = min(label_h, max(0.0, bottom - top - (tiles_h + u * BLOCK_GAP if rows else 0.0)))
        lay.label = QRectF(column.center().x() - label_w / 2, top, label_w, label_h)
        lay.parts["label"] = lay.label
        top = lay.label.bottom() + u * BLOCK_GAP
        room = bottom - top - (tiles_h + u * BLOCK_GAP if rows else 0.0)
        if card.explanation and room >= u * EXPLANATION_MIN * 1.5:
            expl_w = column.width() * 0.86
            font, box = fitted_font(
                card.explanation, expl_w, room, u * EXPLANATION_MAX, u * EXPLANATION_MIN, balanced=True
            )
            if box.height() <= room:  # else left to the detail page, which shows it whole
                lay.explanation_font = font
                lay.explanation = QRectF(column.center().x() - expl_w / 2, top, expl_w, box.height())
                lay.parts["explanation"] = lay.explanation
                top = lay.explanation.bottom() + u * BLOCK_GAP
        if rows:
            self._tiles(lay, QRectF(column.left(), top, column.width(), tiles_h), rows, columns)
            top += tiles_h + u * BLOCK_GAP
        if lay.portrait:
            self._portrait_extra(lay, QRectF(column.left(), top + u, column.width(), bottom - top - u))

    def _chip(self, lay: CardLayout) -> None:
        u, column = lay.unit, lay.column
        section = self.scene.manifest.section(self.scene.card.section)
        title = section.title if section else ""
        icon = self.scene.icon
        icon_w = 0.0
        if icon is not None and not icon.isNull():
            icon_w = lay.chip_height * max(0.5, min(2.0, icon.width() / max(1, icon.height())))
        gap = u * 1.2 if icon_w else 0.0
        chip_w = min(column.width() - icon_w - gap, QFontMetricsF(lay.chip_font).horizontalAdvance(title) + u * 5)
        left = column.center().x() - (icon_w + gap + chip_w) / 2
        if icon_w:
            lay.icon = QRectF(left, lay.chip_top, icon_w, lay.chip_height)
            lay.parts["icon"] = lay.icon
        lay.chip = QRectF(left + icon_w + gap, lay.chip_top, chip_w, lay.chip_height)
        lay.parts["chip"] = lay.chip

    def _tile_grid(self, lay: CardLayout, room: float) -> tuple[float, int, int]:
        """(height, rows, columns) of the figure tiles: as many to a row as are wide enough."""
        count = len(self.scene.card.figures)
        if not count:
            return 0.0, 0, 0
        u = lay.unit
        fit = int((lay.column.width() + u * TILE_GAP) // (u * (TILE_MIN_WIDTH + TILE_GAP)))
        columns = max(1, min(count, fit, 3 if lay.portrait else 6))
        rows = math.ceil(count / columns)
        columns = math.ceil(count / rows)  # 4 on two rows: 2 + 2, not 3 + 1
        tile_h = u * TILE_HEIGHT
        if rows > 1:
            tile_h = max(u * TILE_MIN_HEIGHT, min(tile_h, (room * 0.55 - (rows - 1) * u * TILE_GAP) / rows))
        return tile_h * rows + (rows - 1) * u * TILE_GAP, rows, columns

    def _tiles(self, lay: CardLayout, rect: QRectF, rows: int, columns: int) -> None:
        u = lay.unit
        gap = u * TILE_GAP
        tile_w = min((rect.width() - gap * (columns - 1)) / columns, u * TILE_MAX_WIDTH)
        tile_h = (rect.height() - gap * (rows - 1)) / rows
        extras = self.scene.card.figures
        for index, extra in enumerate(extras):
            row, col = divmod(index, columns)
            in_row = min(columns, len(extras) - row * columns)
            row_w = tile_w * in_row + gap * (in_row - 1)
            x = rect.center().x() - row_w / 2 + col * (tile_w + gap)
            tile = QRectF(x, rect.top() + row * (tile_h + gap), tile_w, tile_h)
            inner = tile.adjusted(u * 1.5, u * 0.8, -u * 1.5, -u * 0.8)
            text = extra.figure.text()
            fig_font, fig_box = fitted_font(text, inner.width(), inner.height() * 0.52, u * 4.6, u * 2.2, bold=True)
            label_space = inner.height() - fig_box.height()
            label_font, _ = fitted_font(extra.label, inner.width(), label_space, u * 2.3, u * 1.6, balanced=True)
            lay.tiles.append(
                FigureTile(tile, text, extra.label, fig_font, min(fig_box.height(), inner.height()), label_font)
            )
            lay.parts[f"figure-{index + 1}"] = tile

    def _portrait_extra(self, lay: CardLayout, room: QRectF) -> None:
        """A tall screen has room below for the card's picture, or else the sentence its figure comes from."""
        u, scene = lay.unit, self.scene
        if scene.image is not None and not scene.image.isNull():
            if room.height() >= u * 14:
                lay.image_rect = QRectF(room.left(), room.top() + u * 2, room.width(), room.height() - u * 2)
                lay.parts["image"] = lay.image_rect
            return
        quote = scene.card.source.quote if scene.card.source else ""
        height = room.height() - u * 5
        if not quote or height < u * 10:
            return
        text = f"“{quote}”"
        width = room.width() * 0.8
        font, box = fitted_font(text, width, min(height, u * 36), u * 4.0, u * 2.4)
        if box.height() <= height:
            lay.quote_font = font
            lay.quote = QRectF(room.left() + room.width() * 0.1, room.top() + u * 4, width, box.height())
            lay.parts["quote"] = lay.quote

    def headline_layout(self, lay: CardLayout, baseline: float) -> HeadlineLayout:
        """The headline on ``baseline``, as large as :attr:`CardLayout.headline_size` and the column allow."""
        before, number, after = self.scene.card.headline.parts()
        width = lay.column.width() * 0.96
        size = lay.headline_size
        while True:
            number_font = fonts.font(size, bold=True)
            affix_font = fonts.font(size * AFFIX_SHARE, bold=True)
            nm, am = QFontMetricsF(number_font), QFontMetricsF(affix_font)
            number_w = nm.horizontalAdvance(number)
            before_w = am.horizontalAdvance(before) + (size * 0.05 if before else 0)
            after_w = am.horizontalAdvance(after) + (size * 0.05 if after else 0)
            total = before_w + number_w + after_w
            if total <= width or size < lay.unit * 3:
                break
            size *= 0.92
        above = size * HEADLINE_INK_ABOVE
        rect = QRectF(lay.column.center().x() - total / 2, baseline - above, total, above + size * HEADLINE_INK_BELOW)
        return HeadlineLayout(rect, number_font, affix_font, before, number, after, number_w, before_w, baseline)

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
        painter.fillRect(rect, background_gradient(rect, c.theme))
        # A soft glow behind the headline, and the sunburst of union posters.
        glow = QRadialGradient(rect.center(), max(rect.width(), rect.height()) * 0.6)
        warm = QColor(c.gold)
        warm.setAlphaF(0.10)
        glow.setColorAt(0.0, warm)
        glow.setColorAt(1.0, QColor(0, 0, 0, 0))
        painter.fillRect(rect, glow)
        origin = QPointF(rect.left(), rect.bottom())
        reach = (rect.width() ** 2 + rect.height() ** 2) ** 0.5
        ray = QColor(c.gold)
        ray.setAlphaF(0.045)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ray)
        rays = 9
        for i in range(rays):
            start_deg = 90 / rays * i
            path = QPainterPath(origin)
            path.arcTo(QRectF(origin.x() - reach, origin.y() - reach, 2 * reach, 2 * reach), start_deg, 90 / rays / 2)
            path.closeSubpath()
            painter.drawPath(path)
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
        title_font, _ = fitted_font(m.title, text_w, header.height() * 0.45, u * 2.6, u * 1.6)
        painter.setFont(title_font)
        painter.setPen(c.muted)
        painter.drawText(
            QRectF(text_left, org_rect.bottom() + u * 0.4, text_w, header.height() - org_rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | WRAP),
            typeset.text(m.title, title_font, text_w),
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
            as_of_font, _ = fitted_font(as_of, progress_w, header.height() * 0.4, u * 1.9, u * 1.4)
            painter.setFont(as_of_font)
            painter.setPen(c.muted)
            painter.drawText(
                QRectF(count_rect.left(), count_rect.bottom(), progress_w, header.height() * 0.45),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop | WRAP),
                typeset.text(as_of, as_of_font, progress_w),
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
        citation = self._citation()
        if citation and lay.source.width() > 0:
            c, u = self._colors, lay.unit
            cite_font, _ = fitted_font(citation, lay.source.width(), lay.source.height(), u * 2.1, u * 1.4)
            painter.setFont(cite_font)
            painter.setPen(c.muted)
            painter.drawText(
                lay.source,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | WRAP),
                typeset.text(citation, cite_font, lay.source.width()),
            )

    def _citation(self) -> str:
        card = self.scene.card
        source = self.scene.manifest.source(card.source.source) if card.source else None
        return "来源：" + source.citation() if source is not None else ""

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
                typeset.text(tile.label, tile.label_font, inner.width(), balanced=True),
            )

    def _paint_image(self, painter: QPainter, rect: QRectF, image: QImage) -> None:
        scaled = image.size().scaled(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(0, 0, scaled.width(), scaled.height())
        target.moveCenter(rect.center())
        painter.drawImage(target, image)
