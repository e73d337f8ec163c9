"""Draws one card onto any painter: the screen, a PNG or a PDF page.

Every size derives from the target rectangle, never fixed pixels, so the same
card reads well at 1366×768, 3840×2160 and on a 1080×1920 portrait totem.
Bundle text is drawn as plain text; it is data, never markup.
"""

from __future__ import annotations

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
from kiosk.ui import fonts
from kiosk.ui.look import Palette, background_gradient

TOUCH_HINT = "轻触查看详情"
OVERVIEW_LABEL = "全部数字"
WRAP = Qt.TextFlag.TextWordWrap


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
    text: str, width: float, height: float, start: float, minimum: float, *, bold: bool = False
) -> tuple[QFont, QRectF]:
    """The largest font from ``start`` down to ``minimum`` that fits ``text`` in the box."""
    size = start
    while True:
        font = fonts.font(size, bold=bold)
        bounds = QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), int(WRAP), text)
        if (bounds.height() <= height and bounds.width() <= width + 0.5) or size <= minimum:
            return font, bounds
        size = max(minimum, size * 0.9)


@dataclass
class HeadlineLayout:
    rect: QRectF
    number_font: QFont
    affix_font: QFont
    before: str
    number: str
    after: str
    number_width: float
    before_width: float
    baseline: float


@dataclass
class CardLayout:
    """Rectangles and fonts for one card at one size."""

    width: float
    height: float
    unit: float
    margin: float
    portrait: bool
    header: QRectF = field(default_factory=QRectF)
    footer: QRectF = field(default_factory=QRectF)
    body: QRectF = field(default_factory=QRectF)
    image_rect: QRectF | None = None


class CardPainter:
    """Paints a :class:`CardScene` into a rectangle."""

    def __init__(self, scene: CardScene) -> None:
        self.scene = scene
        self._colors = Palette(scene.theme)
        # where the touchable buttons were painted, for hit tests
        self.hint_rect = QRectF()
        self.overview_rect = QRectF()

    # ------------------------------------------------------------------ layout

    def layout(self, rect: QRectF) -> CardLayout:
        w, h = rect.width(), rect.height()
        unit = min(w, h) / 100
        portrait = h > w * 1.15
        margin = max(unit * 5, 16)
        lay = CardLayout(w, h, unit, margin, portrait)
        header_h = unit * (9 if portrait else 10)
        footer_h = unit * (13 if portrait else 15)
        lay.header = QRectF(rect.left() + margin, rect.top() + margin * 0.6, w - 2 * margin, header_h)
        lay.footer = QRectF(rect.left() + margin, rect.bottom() - margin * 0.6 - footer_h, w - 2 * margin, footer_h)
        body = QRectF(
            rect.left() + margin,
            lay.header.bottom() + unit * 2,
            w - 2 * margin,
            lay.footer.top() - lay.header.bottom() - unit * 4,
        )
        if self.scene.image is not None and not self.scene.image.isNull():
            if portrait:
                image_h = body.height() * 0.32
                lay.image_rect = QRectF(body.left(), body.top(), body.width(), image_h)
                body.setTop(body.top() + image_h + unit * 3)
            else:
                image_w = body.width() * 0.36
                lay.image_rect = QRectF(body.right() - image_w, body.top(), image_w, body.height())
                body.setRight(body.right() - image_w - unit * 4)
        lay.body = body
        return lay

    def headline_layout(self, lay: CardLayout, top: float, max_height: float) -> HeadlineLayout:
        before, number, after = self.scene.card.headline.parts()
        width = lay.body.width() * 0.96
        size = min(max_height, lay.width * (0.30 if lay.portrait else 0.16))
        while True:
            number_font = fonts.font(size, bold=True)
            affix_font = fonts.font(size * 0.42, bold=True)
            nm, am = QFontMetricsF(number_font), QFontMetricsF(affix_font)
            number_w = nm.horizontalAdvance(number)
            before_w = am.horizontalAdvance(before) + (size * 0.05 if before else 0)
            after_w = am.horizontalAdvance(after) + (size * 0.05 if after else 0)
            total = before_w + number_w + after_w
            if total <= width or size < lay.unit * 3:
                break
            size *= 0.92
        height = nm.ascent() + nm.descent() * 0.4
        left = lay.body.center().x() - total / 2
        rect = QRectF(left, top, total, height)
        return HeadlineLayout(rect, number_font, affix_font, before, number, after, number_w, before_w, top + nm.ascent())

    # ------------------------------------------------------------------ paint

    def paint(
        self, painter: QPainter, rect: QRectF, headline_progress: float | None = 1.0
    ) -> HeadlineLayout:
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
            path.arcTo(
                QRectF(origin.x() - reach, origin.y() - reach, 2 * reach, 2 * reach), start_deg, 90 / rays / 2
            )
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
        painter.drawText(org_rect, int(Qt.AlignmentFlag.AlignLeft | WRAP), m.organisation)
        title_font, _ = fitted_font(m.title, text_w, header.height() * 0.45, u * 2.6, u * 1.6)
        painter.setFont(title_font)
        painter.setPen(c.muted)
        painter.drawText(
            QRectF(text_left, org_rect.bottom() + u * 0.4, text_w, header.height() - org_rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | WRAP),
            m.title,
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
                as_of,
            )

    def paint_footer(self, painter: QPainter, lay: CardLayout) -> None:
        c, u = self._colors, lay.unit
        footer = lay.footer
        scene = self.scene
        # Section progress: one segment per section, sized by its cards.
        bar_h = max(4.0, u * 0.7)
        bar_top = footer.bottom() - bar_h
        labels_h = u * 2.6
        sections = scene.position.sections
        total = sum(n for _, n in sections) or 1
        gap = u * 0.6
        x = footer.left()
        usable = footer.width() - gap * max(0, len(sections) - 1)
        done_before = 0
        show_titles = not lay.portrait or len(sections) <= 5
        for i, (title, count) in enumerate(sections):
            seg_w = usable * count / total
            seg = QRectF(x, bar_top, seg_w, bar_h)
            current = i == scene.position.section_index
            base = QColor(c.muted)
            base.setAlphaF(0.28)
            painter.fillRect(seg, base)
            if i < scene.position.section_index:
                painter.fillRect(seg, c.muted)
            elif current:
                within = scene.position.index - done_before + 1
                painter.fillRect(QRectF(x, bar_top, seg_w * within / count, bar_h), c.gold)
            if current or show_titles:
                size = u * (2.0 if current else 1.6)
                label_font, _ = fitted_font(title, seg_w, labels_h, size, u * 1.1, bold=current)
                painter.setFont(label_font)
                painter.setPen(c.gold if current else c.muted)
                label_rect = QRectF(x, bar_top - labels_h - u * 0.4, seg_w, labels_h)
                if current and not show_titles:
                    label_rect = QRectF(footer.left(), bar_top - labels_h - u * 0.4, footer.width(), labels_h)
                painter.drawText(
                    label_rect,
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextSingleLine),
                    QFontMetricsF(label_font).elidedText(title, Qt.TextElideMode.ElideRight, label_rect.width()),
                )
            done_before += count
            x += seg_w + gap
        # Source line, and the two buttons a visitor can touch, above the progress bar.
        line_bottom = bar_top - labels_h - u * 1.6
        buttons_w = 0.0
        if scene.show_touch_hint:
            pill_font = fonts.font(u * 2.4, bold=True)
            pm = QFontMetricsF(pill_font)
            pad, icon_w = u * 1.4, u * 3.2
            pill_h = max(pm.height() + pad, u * 6.5)  # a finger-sized target
            hint_w = pm.horizontalAdvance(TOUCH_HINT) + pad * 2 + icon_w
            self.hint_rect = QRectF(footer.right() - hint_w, line_bottom - pill_h, hint_w, pill_h)
            self._pill(painter, self.hint_rect, TOUCH_HINT, pill_font, pad=pad, icon_w=icon_w, filled=True)
            over_w = pm.horizontalAdvance(OVERVIEW_LABEL) + pad * 2 + icon_w
            self.overview_rect = QRectF(self.hint_rect.left() - u * 1.5 - over_w, self.hint_rect.top(), over_w, pill_h)
            self._pill(painter, self.overview_rect, OVERVIEW_LABEL, pill_font, pad=pad, icon_w=icon_w, filled=False)
            buttons_w = footer.right() - self.overview_rect.left()
        card = scene.card
        source = scene.manifest.source(card.source.source) if card.source else None
        if source is not None:
            citation = "来源：" + source.citation()
            width = footer.width() - buttons_w - u * 3
            cite_font, box = fitted_font(citation, width, u * 6.5, u * 2.1, u * 1.4)
            painter.setFont(cite_font)
            painter.setPen(c.muted)
            painter.drawText(
                QRectF(footer.left(), line_bottom - box.height(), width, box.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | WRAP),
                citation,
            )

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
        if filled:  # a "tap" mark: a dot with a ring
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            painter.drawEllipse(centre, unit * 0.7, unit * 0.7)
            painter.setPen(QPen(ink, max(1.0, unit * 0.25)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, unit * 1.3, unit * 1.3)
        else:  # a grid of nine tiles: "all cards"
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            cell = unit * 0.62
            for row in (-1, 0, 1):
                for col in (-1, 0, 1):
                    painter.drawRect(
                        QRectF(centre.x() + col * cell * 1.35 - cell / 2, centre.y() + row * cell * 1.35 - cell / 2, cell, cell)
                    )
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(rect.adjusted(pad + icon_w, 0, -pad, 0), int(Qt.AlignmentFlag.AlignCenter), text)

    def paint_body(self, painter: QPainter, lay: CardLayout, headline_progress: float | None) -> HeadlineLayout:
        c, u = self._colors, lay.unit
        card, scene = self.scene.card, self.scene
        body = lay.body
        if lay.image_rect is not None and scene.image is not None:
            self._paint_image(painter, lay.image_rect, scene.image)
        centre_x = body.center().x()
        # Section chip.
        section = scene.manifest.section(card.section)
        section_title = section.title if section else ""
        chip_font = fonts.font(u * (3.0 if lay.portrait else 2.8), bold=True)
        cm = QFontMetricsF(chip_font)
        chip_w = min(body.width(), cm.horizontalAdvance(section_title) + u * 5)
        chip_h = cm.height() + u * 1.4
        # Vertical rhythm: measure blocks, then centre them in the body.
        label_font, label_box = fitted_font(card.label, body.width() * 0.92, u * 16, u * 6.2, u * 3.2, bold=True)
        explanation = card.explanation
        expl_font, expl_box = (
            fitted_font(explanation, body.width() * 0.86, u * 10, u * 3.0, u * 2.0) if explanation else (None, QRectF())
        )
        extras = card.figures
        extras_h = u * 13 if extras else 0.0
        fixed = chip_h + u * 3 + label_box.height() + u * 2 + (expl_box.height() + u * 2 if explanation else 0)
        fixed += extras_h + (u * 3 if extras else 0)
        headline_max = max(u * 8, min(body.height() - fixed, body.height() * 0.5))
        probe = self.headline_layout(lay, 0, headline_max)
        block_h = fixed + probe.rect.height()
        # A tall screen has room for the sentence the figure comes from.
        quote = card.source.quote if card.source else ""
        quote_font, quote_box = None, QRectF()
        room = body.height() - block_h - u * 8
        if lay.portrait and quote and room > u * 10:
            quote_text = f"“{quote}”"
            quote_font, quote_box = fitted_font(quote_text, body.width() * 0.8, min(room, u * 32), u * 3.4, u * 2.4)
            if quote_box.height() > room:
                quote_font = None
            else:
                block_h += quote_box.height() + u * 6
        top = body.top() + max(0.0, (body.height() - block_h) / 2)

        chip = QRectF(centre_x - chip_w / 2, top, chip_w, chip_h)
        painter.setPen(QPen(c.gold, max(1.0, u * 0.2)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(chip, chip_h / 2, chip_h / 2)
        painter.setFont(chip_font)
        painter.setPen(c.gold)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), section_title)
        top = chip.bottom() + u * 3

        head = self.headline_layout(lay, top, headline_max)
        if headline_progress is not None:
            self.paint_headline(painter, head, headline_progress)
        top = head.rect.bottom() + u * 1.5

        painter.setFont(label_font)
        painter.setPen(c.text)
        label_rect = QRectF(body.left() + body.width() * 0.04, top, body.width() * 0.92, label_box.height())
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP), card.label)
        top = label_rect.bottom() + u * 2
        if explanation and expl_font is not None:
            painter.setFont(expl_font)
            painter.setPen(c.muted)
            rect = QRectF(body.left() + body.width() * 0.07, top, body.width() * 0.86, expl_box.height())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP), explanation)
            top = rect.bottom() + u * 2
        if extras:
            self._paint_extras(painter, lay, QRectF(body.left(), top + u * 1.5, body.width(), extras_h))
            top += u * 1.5 + extras_h
        if quote_font is not None:
            rect = QRectF(body.left() + body.width() * 0.1, top + u * 5, body.width() * 0.8, quote_box.height())
            painter.fillRect(QRectF(rect.left() - u * 2.2, rect.top(), max(2.0, u * 0.6), rect.height()), c.gold)
            painter.setFont(quote_font)
            painter.setPen(c.muted)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | WRAP), f"“{quote}”")
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

    def _paint_extras(self, painter: QPainter, lay: CardLayout, rect: QRectF) -> None:
        c, u = self._colors, lay.unit
        extras = self.scene.card.figures
        columns = min(len(extras), 3)
        gap = u * 2
        chip_w = min((rect.width() - gap * (columns - 1)) / columns, u * 48)
        total_w = chip_w * columns + gap * (columns - 1)
        x = rect.center().x() - total_w / 2
        for extra in extras[:columns]:
            chip = QRectF(x, rect.top(), chip_w, rect.height())
            fill = QColor(c.surface)
            fill.setAlphaF(0.85)
            painter.setPen(QPen(c.gold_soft, max(1.0, u * 0.12)))
            painter.setBrush(fill)
            painter.drawRoundedRect(chip, u * 1.5, u * 1.5)
            inner = chip.adjusted(u * 1.5, u * 1.0, -u * 1.5, -u * 1.0)
            fig_font, fig_box = fitted_font(extra.figure.text(), inner.width(), inner.height() * 0.5, u * 4.6, u * 2.2, bold=True)
            painter.setFont(fig_font)
            painter.setPen(c.gold)
            painter.drawText(
                QRectF(inner.left(), inner.top(), inner.width(), fig_box.height()),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP),
                extra.figure.text(),
            )
            label_space = inner.height() - fig_box.height()
            label_font, _ = fitted_font(extra.label, inner.width(), label_space, u * 2.3, u * 1.4)
            painter.setFont(label_font)
            painter.setPen(c.text)
            painter.drawText(
                QRectF(inner.left(), inner.top() + fig_box.height(), inner.width(), label_space),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | WRAP),
                extra.label,
            )
            x += chip_w + gap

    def _paint_image(self, painter: QPainter, rect: QRectF, image: QImage) -> None:
        scaled = image.size().scaled(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(0, 0, scaled.width(), scaled.height())
        target.moveCenter(rect.center())
        painter.drawImage(target, image)
