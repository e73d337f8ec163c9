"""The kiosk's look shared by its pages: the red gradient and the gold buttons."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.core.model import Theme


def paint_background(widget: QWidget, theme: Theme) -> None:
    """Fill ``widget`` with the theme's diagonal gradient (call from paintEvent)."""
    painter = QPainter(widget)
    rect = QRectF(widget.rect())
    gradient = QLinearGradient(rect.topLeft(), rect.bottomRight())
    gradient.setColorAt(0.0, QColor(theme.background))
    gradient.setColorAt(1.0, QColor(theme.background_deep))
    painter.fillRect(rect, gradient)
    painter.end()


def gold_button_css(theme: Theme, height: float, padding: float) -> str:
    """A filled gold pill: the back buttons."""
    return (
        f"QPushButton {{ color: {theme.background_deep}; background: {theme.gold}; border: none;"
        f" border-radius: {round(height / 2)}px; padding: 0 {round(padding)}px; }}"
    )
