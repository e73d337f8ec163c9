"""The pane that shows the rendered page, scaled to fit, with the problems over it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.model import Theme
from kiosk.ui import fonts
from kiosk.ui.look import qcolor
from kiosk.ui.preview.problems_overlay import ProblemsOverlay

BACKDROP = "#1E1E22"  # neutral around the picture, so the theme's own colours read true
FRAME_MARGIN = 12
NOTHING_YET = "还没有有效的内容可以显示：请按提示改好 bundle.yaml 并保存。"


def fitted(image: QSize, space: QSize) -> QRect:
    """The largest rectangle of ``image``'s shape centred in ``space``."""
    scaled = image.scaled(space, Qt.AspectRatioMode.KeepAspectRatio)
    return QRect(
        (space.width() - scaled.width()) // 2,
        (space.height() - scaled.height()) // 2,
        scaled.width(),
        scaled.height(),
    )


class PicturePane(QWidget):
    """Shows :attr:`image` (a page at a kiosk screen's full size) scaled down to the pane."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_picture")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.image: QImage | None = None
        self._scaled: QImage | None = None  # scaled once per picture and pane size, not per paint
        self._theme = theme
        self.overlay = ProblemsOverlay(theme, self)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.overlay.set_theme(theme)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self._scaled = None
        self.update()

    def picture_rect(self) -> QRect:
        space = self.rect().adjusted(FRAME_MARGIN, FRAME_MARGIN, -FRAME_MARGIN, -FRAME_MARGIN)
        if self.image is None or space.isEmpty():
            return space
        rect = fitted(self.image.size(), space.size())
        return rect.translated(space.topLeft())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scaled = None
        self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKDROP))
        target = self.picture_rect()
        if self.image is None:
            painter.setPen(qcolor(self._theme.muted))
            painter.setFont(fonts.font(18))
            painter.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, NOTHING_YET)
        else:
            ratio = self.devicePixelRatioF()  # sharp on a high-density laptop screen
            pixels = target.size() * ratio
            if self._scaled is None or self._scaled.size() != pixels:
                self._scaled = self.image.scaled(
                    pixels, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
                self._scaled.setDevicePixelRatio(ratio)
            painter.drawImage(target.topLeft(), self._scaled)
        painter.end()
