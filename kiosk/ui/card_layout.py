"""Where everything of one card goes, for any screen size.

Every size derives from the target rectangle, never fixed pixels, so the same
card reads well at 1024×768, 3840×2160 and on a 1080×1920 portrait totem.

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

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.core.records import MutableRecord
from kiosk.ui import fonts, typeset
from kiosk.ui.card_scene import CardScene
from kiosk.ui.type_sizes import SMALL

TOUCH_HINT = "轻触查看详情"
OVERVIEW_LABEL = "全部数字"
WRAP = Qt.TextFlag.TextWordWrap

# Sizes in units of min(width, height) / 100.
CHIP_FONT = 2.8  # the section pill's text (3.0 in portrait)
CHIP_GAP = 2.5  # from the pill to the top of the headline's digits
LABEL_GAP = 1.8  # from the headline to its label
BLOCK_GAP = 2.2  # between the label, the explanation and the figure tiles
LABEL_MAX, LABEL_MIN = 6.2, 3.4
LABEL_FLOOR = 2.6  # only when the label would not fit otherwise
EXPLANATION_MAX, EXPLANATION_MIN = 3.0, 2.2
TILE_HEIGHT, TILE_MIN_HEIGHT = 11.0, 8.0  # the least: a line of figure and one of label at the smallest size
TILE_MIN_WIDTH = 24.0  # narrower tiles go onto a second row
TILE_MAX_WIDTH = 48.0
TILE_GAP = 2.0
BUTTON_FONT = 2.4
BUTTON_HEIGHT = 6.5  # a finger-sized target
BUTTON_GAP = 2.5  # between the content and the buttons
PROGRESS_FONT = 2.6  # the current section's name at the bottom
PROGRESS_MIN_PX = 18.0  # never smaller than this, whatever the screen
# No text of a card is set smaller than the smallest size of every page (see kiosk.ui.type_sizes):
# what does not fit at it loses its end to "…", rather than shrinking out of reach of the eye.
SMALLEST = SMALL
# The headline's digits and words reach this share of the number's size above
# the baseline (CJK glyphs 0.86, digits 0.75) and this share below it.
HEADLINE_INK_ABOVE = 0.88
HEADLINE_INK_BELOW = 0.12
AFFIX_SHARE = 0.42  # qualifier and unit, as a share of the number's size
# What must fit below the headline on every card, reserved when the anchors are set:
# one line of label and one row of figure tiles.
BELOW_RESERVE = LABEL_GAP + LABEL_MAX * 1.45 + BLOCK_GAP + TILE_HEIGHT
PORTRAIT_RESERVE = BELOW_RESERVE + 40  # and a portrait's picture or quote


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


def fitted_text(
    text: str, width: float, height: float, start: float, unit: float, *, bold: bool = False, balanced: bool = False
) -> tuple[QFont, str]:
    """The largest font from ``start`` down to the smallest size (:data:`SMALLEST` units) that fits ``text``
    in the box, and the lines to draw: at the smallest size, as many as fit, the last ending in "…"."""
    font, bounds = fitted_font(
        text, width, height, max(start, unit * SMALLEST), unit * SMALLEST, bold=bold, balanced=balanced
    )
    lines = list(typeset.lines(text, font, width, balanced=balanced))
    if bounds.height() <= height + 0.5 or not lines:
        return font, "\n".join(lines)
    metrics = QFontMetricsF(font)
    kept = lines[: max(1, int((height + metrics.leading()) // metrics.lineSpacing()))]
    rest = "".join(lines[len(kept) - 1 :])
    kept[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return font, "\n".join(kept)


@dataclass(eq=False, repr=False)
class HeadlineLayout(MutableRecord):
    """Where a card's headline figure goes, split into qualifier, number and unit with their fonts."""

    rect: QRectF  # the headline's ink: from the top of its tallest glyph to a little below the baseline
    number_font: QFont
    affix_font: QFont
    before: str
    number: str
    after: str
    number_width: float
    before_width: float
    baseline: float


@dataclass(eq=False, repr=False)
class FigureTile(MutableRecord):
    """One of the card's other figures: its tile and the fonts that fit it."""

    rect: QRectF
    figure: str
    label: str
    figure_font: QFont
    figure_height: float
    label_font: QFont
    label_lines: str  # the label broken into the lines that fit its tile


@dataclass(eq=False, repr=False)
class CardLayout(MutableRecord):
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


def source_line(scene: CardScene) -> str:
    """The card's source line ("来源：…"), or "" when the card names no source."""
    card = scene.card
    source = scene.manifest.source(card.source.source) if card.source else None
    return "来源：" + source.citation() if source is not None else ""


class CardLayouter:
    """Lays a :class:`CardScene` out in a rectangle."""

    def __init__(self, scene: CardScene) -> None:
        self.scene = scene

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
        footer_top = bottom - button_h
        if lay.portrait:  # a narrow screen: the source line on its own, full width, above the buttons
            source_h = QFontMetricsF(fonts.font(u * SMALLEST)).lineSpacing() * 2
            footer_top -= source_h + u * 1.2
            lay.source = QRectF(left, footer_top, inner_w, source_h)
        else:
            lay.source = QRectF(left, footer_top, lay.overview_button.left() - u * 3 - left, button_h)
        lay.footer = QRectF(left, footer_top, inner_w, lay.progress.bottom() - footer_top)
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
        if lay.source.width() > 0 and source_line(self.scene):
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
            label_font, label_lines = fitted_text(extra.label, inner.width(), label_space, u * 2.3, u, balanced=True)
            figure_h = min(fig_box.height(), inner.height())
            lay.tiles.append(FigureTile(tile, text, extra.label, fig_font, figure_h, label_font, label_lines))
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
