"""A notice from the feed on screen: once full screen, then as a banner along the bottom of the card.

What is shown when is the presenter's business (:class:`~kiosk.core.presenter.NoticeShown`,
:class:`~kiosk.core.presenter.BannerChanged`); these widgets only paint it.  A
notice's text is plain text in the shipped font (it has no bundle font to fall
back on, and was checked against that font on receipt), drawn with
``QPainter.drawText``, which reads no markup.

The banner lies over the card's section progress bar, below the source line
and the two buttons, so it never covers the headline or what a visitor
touches, and it lets every touch through to the card.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Theme
from kiosk.core.presenter import Notice
from kiosk.ui import fonts
from kiosk.ui.look import background_gradient

NOTICE_TAG = "通知"
NOTICE_HINT = "轻触屏幕返回"
BANNER_HEIGHT_UNITS = 6.6  # of min(width, height) / 100: the card's progress bar and its labels, no more
BANNER_MAX_FONT_UNITS = 3.0
BANNER_MIN_FONT_UNITS = 1.9  # below this, two lines at this size rather than one unreadable line
PAGE_MAX_FONT_UNITS = 9.0
PAGE_MIN_FONT_UNITS = 3.5


def shipped_font(pixel_size: float, *, bold: bool = False) -> QFont:
    """The kiosk's own font alone: a notice was checked against it, not against a bundle's fonts."""
    font = fonts.font(pixel_size, bold=bold)
    font.setFamilies([fonts.FAMILY])
    return font


def until_text(until: datetime) -> str:
    """``有效至 12月1日 18:00`` in the kiosk's local time."""
    local = until.astimezone()
    return f"有效至 {local.month}月{local.day}日 {local:%H:%M}"


def _wrapped_height(text: str, font: QFont, width: float) -> float:
    flags = int(Qt.TextFlag.TextWordWrap)
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), flags, text).height()


class NoticeBanner(QWidget):
    """A gold strip along the bottom of its parent (the card stage) with the notice's text on it.

    Painted once into a pixmap per notice and size, so a transition below it
    only copies the pixmap.  Hidden when there is no notice.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("notice_banner")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)  # touches reach the card
        self.theme = Theme()
        self.notice: Notice | None = None
        self.lines: list[str] = []  # as painted, for tests
        self.text_font = shipped_font(16)
        self._picture: QPixmap | None = None
        parent.installEventFilter(self)
        self.hide()

    def show_notice(self, notice: Notice | None, theme: Theme | None = None) -> None:
        if theme is not None and theme != self.theme:
            self.theme = theme
            self._picture = None
        if notice is not self.notice:
            self.notice = notice
            self._picture = None
        self.setVisible(notice is not None)
        if notice is not None:
            self._place()
            self.raise_()
            self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        w, h = parent.width(), parent.height()
        unit = min(w, h) / 100
        height = max(24, round(unit * BANNER_HEIGHT_UNITS))
        if self.size() != QSize(w, height) or self.y() != h - height:
            self.setGeometry(0, h - height, w, height)
            self._picture = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._picture = None
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.notice is None:
            return
        if self._picture is None or self._picture.size() != self.size() * self.devicePixelRatioF():
            self._picture = self._paint_picture()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()

    def _paint_picture(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        picture = QPixmap(self.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        parent = self.parentWidget()
        unit = min(parent.width(), parent.height()) / 100 if parent is not None else self.height() / 6.6
        margin = max(unit * 5, 16)  # the card's own side margin
        t = self.theme
        p = QPainter(picture)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        p.fillRect(rect, QColor(t.gold))
        # The tag: the card's deep red with gold letters, as the card's section chip reads.
        tag_font = shipped_font(unit * 2.4, bold=True)
        tag_metrics = QFontMetricsF(tag_font)
        tag_w = tag_metrics.horizontalAdvance(NOTICE_TAG) + unit * 2.4
        tag_h = min(rect.height() - unit * 1.6, tag_metrics.height() + unit * 1.2)
        tag = QRectF(margin, rect.center().y() - tag_h / 2, tag_w, tag_h)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(t.background_deep))
        p.drawRoundedRect(tag, tag_h / 2, tag_h / 2)
        p.setFont(tag_font)
        p.setPen(QColor(t.gold))
        p.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), NOTICE_TAG)
        text_rect = QRectF(tag.right() + unit * 2, 0, rect.width() - tag.right() - unit * 2 - margin, rect.height())
        self.lines, self.text_font = self._fit(self.notice.text if self.notice else "", text_rect, unit)
        p.setFont(self.text_font)
        p.setPen(QColor(t.background_deep))
        p.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "\n".join(self.lines),
        )
        p.end()
        return picture

    @staticmethod
    def _fit(text: str, rect: QRectF, unit: float) -> tuple[list[str], QFont]:
        """One line as large as fits; else two lines at the smallest size, the second cut short if it must."""
        size = unit * BANNER_MAX_FONT_UNITS
        smallest = unit * BANNER_MIN_FONT_UNITS
        while True:
            font = shipped_font(size, bold=True)
            metrics = QFontMetricsF(font)
            if metrics.horizontalAdvance(text) <= rect.width():
                return [text], font
            if size <= smallest:
                break
            size = max(smallest, size * 0.92)
        font = shipped_font(min(smallest, rect.height() / 2.4), bold=True)
        metrics = QFontMetricsF(font)
        cut = len(text)
        while cut > 1 and metrics.horizontalAdvance(text[:cut]) > rect.width():
            cut -= 1
        first, rest = text[:cut], text[cut:]
        return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width())], font


class NoticePage(QWidget):
    """The notice filling the screen in the kiosk's look: large text, its end time; a touch anywhere returns."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_page")
        self.theme = Theme()
        self.notice: Notice | None = None
        self.text_font = shipped_font(32)

    def show_notice(self, notice: Notice, theme: Theme) -> None:
        self.notice, self.theme = notice, theme
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # a touch arrives as a mouse release too
        event.accept()
        self.dismissed.emit()

    def fitted_font(self, text: str, width: float, height: float, unit: float) -> QFont:
        size = unit * PAGE_MAX_FONT_UNITS
        while size > unit * PAGE_MIN_FONT_UNITS:
            font = shipped_font(size, bold=True)
            if _wrapped_height(text, font, width) <= height:
                return font
            size *= 0.92
        return shipped_font(unit * PAGE_MIN_FONT_UNITS, bold=True)

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(rect, background_gradient(rect, t))
        if self.notice is None:
            painter.end()
            return
        w, h = rect.width(), rect.height()
        unit = min(w, h) / 100
        margin = max(unit * 8, 24)
        inset = max(unit * 5, 16) * 0.3
        painter.setPen(QColor(t.gold))
        painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
        # The tag, as the card's section chip: a gold outline with gold letters.
        tag_font = shipped_font(unit * 3.4, bold=True)
        tag_metrics = QFontMetricsF(tag_font)
        tag_w, tag_h = tag_metrics.horizontalAdvance(NOTICE_TAG) + unit * 5, tag_metrics.height() + unit * 2
        tag = QRectF((w - tag_w) / 2, h * 0.16, tag_w, tag_h)
        painter.setBrush(QColor(0, 0, 0, 70))
        painter.drawRoundedRect(tag, tag_h / 2, tag_h / 2)
        painter.setFont(tag_font)
        painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), NOTICE_TAG)
        # The text, as large as the middle of the screen allows.
        body = QRectF(margin, tag.bottom() + unit * 5, w - 2 * margin, h * 0.84 - tag.bottom() - unit * 14)
        self.text_font = self.fitted_font(self.notice.text, body.width(), body.height(), unit)
        painter.setFont(self.text_font)
        painter.setPen(QColor(t.text))
        painter.drawText(body, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.notice.text)
        painter.setFont(shipped_font(unit * 3.0))
        painter.setPen(QColor(t.muted))
        foot = QRectF(margin, h * 0.84 - unit * 8, w - 2 * margin, unit * 8)
        painter.drawText(
            foot,
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            f"{until_text(self.notice.until)}　·　{NOTICE_HINT}",
        )
        painter.end()
