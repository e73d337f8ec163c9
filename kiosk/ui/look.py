"""The kiosk's look shared by its pages: the red gradient and the gold buttons."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.core.model import Theme
from kiosk.ui import fonts


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


def set_style(widget: QWidget, css: str) -> None:
    """Set a style sheet only when it changes: every set re-polishes the widget."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def set_font(widget: QWidget, font: QFont) -> None:
    if widget.font() != font:
        widget.setFont(font)


def style_back_button(button: QPushButton, unit: float, target: float, css: str) -> None:
    """The "〈 返回" button every page has: finger-sized, scaled with the screen."""
    button.setFixedHeight(round(target))
    button.setMinimumWidth(round(target * 2.4))
    set_font(button, fonts.font(unit * 3.2, bold=True))
    set_style(button, css)
