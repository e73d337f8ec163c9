"""The kiosk's look shared by its pages, one of each: the palette, the red
gradient, the plain label and the gold buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter

from kiosk.core.colours import Rgb
from kiosk.core.model import Theme
from kiosk.ui import fonts

if TYPE_CHECKING:  # QtWidgets is not needed to paint a card into a picture
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

BACK_LABEL = "〈 返回"  # 〈 is in the shipped font; ‹ is not
DISABLED_ALPHA = 90  # of 255: how much of its colour a button that is off keeps


def qcolor(colour: str | Rgb) -> QColor:
    """A theme colour (``#RRGGBB``) or a colour of :mod:`kiosk.core.colours` as a QColor."""
    if isinstance(colour, tuple):
        return QColor.fromRgbF(*colour)
    return QColor(colour)


def rgb_of(colour: QColor) -> Rgb:
    return (colour.redF(), colour.greenF(), colour.blueF())


def with_alpha(colour: QColor, alpha: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(alpha)
    return result


class Palette:
    """The theme's colours as QColors, made once per theme."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.background = QColor(theme.background)
        self.background_deep = QColor(theme.background_deep)
        self.surface = QColor(theme.surface)
        self.gold = QColor(theme.gold)
        self.text = QColor(theme.text)
        self.muted = QColor(theme.muted)
        self.accent = QColor(theme.accent)
        self.gold_soft = with_alpha(self.gold, 0.55)


def background_gradient(rect: QRectF, theme: Theme) -> QLinearGradient:
    """The theme's diagonal red gradient over ``rect``: every page's background."""
    gradient = QLinearGradient(rect.topLeft(), rect.bottomRight())
    gradient.setColorAt(0.0, QColor(theme.background))
    gradient.setColorAt(1.0, QColor(theme.background_deep))
    return gradient


def paint_background(widget: QWidget, theme: Theme) -> None:
    """Fill ``widget`` with the theme's diagonal gradient (call from paintEvent)."""
    painter = QPainter(widget)
    rect = QRectF(widget.rect())
    painter.fillRect(rect, background_gradient(rect, theme))
    painter.end()


def plain_label(text: str = "", *, wrap: bool = True, parent: QWidget | None = None) -> QLabel:
    """A label for bundle text: plain text (data, never markup), not selectable."""
    from PySide6.QtWidgets import QLabel, QSizePolicy

    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def gold_button_css(
    theme: Theme, height: float, padding: float, *, radius: float | None = None, pressable: bool = False
) -> str:
    """A filled gold pill: the back buttons; with ``radius``, corners rounded that much instead.

    ``pressable`` adds the look of a pressed button (the accent colour) and of
    one that is off (faded, so it looks off at a glance).
    """
    corner = height / 2 if radius is None else radius
    css = (
        f"QPushButton {{ color: {theme.background_deep}; background: {theme.gold}; border: none;"
        f" border-radius: {round(corner)}px; padding: 0 {round(padding)}px; }}"
    )
    if pressable:
        css += (
            f" QPushButton:pressed {{ background: {theme.accent}; }}"
            f" QPushButton:disabled {{ color: {faded_css(theme.text)};"
            f" background: {faded_css(theme.gold, DISABLED_ALPHA // 2)}; }}"
        )
    return css


def gold_outline_css(
    theme: Theme, radius: float, padding: float, border: float, background: str = "rgba(0,0,0,70)"
) -> str:
    """A gold-outlined button on ``background`` that fills with gold while pressed, faded while off."""
    return (
        f"QPushButton {{ color: {theme.gold}; background: {background}; border: {round(border)}px solid {theme.gold};"
        f" border-radius: {round(radius)}px; padding: 0 {round(padding)}px; }}"
        f" QPushButton:pressed {{ color: {theme.background_deep}; background: {theme.gold}; }}"
        f" QPushButton:disabled {{ color: {faded_css(theme.muted)}; border-color: {faded_css(theme.muted)};"
        " background: rgba(0,0,0,30); }"
    )


def faded_css(colour: str, alpha: int = DISABLED_ALPHA) -> str:
    """``colour`` see-through (``alpha`` of 255) as a style-sheet ``rgba()``."""
    c = QColor(colour)
    return f"rgba({c.red()},{c.green()},{c.blue()},{alpha})"


def set_style(widget: QWidget, css: str) -> None:
    """Set a style sheet only when it changes: every set re-polishes the widget."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def set_text_colour(widget: QWidget, colour: str) -> None:
    """Text in ``colour`` over whatever is behind the widget."""
    set_style(widget, f"color: {colour}; background: transparent;")


def set_font(widget: QWidget, font: QFont) -> None:
    if widget.font() != font:
        widget.setFont(font)


def style_back_button(button: QPushButton, unit: float, target: float, css: str) -> None:
    """The "〈 返回" button every page has: finger-sized, scaled with the screen."""
    button.setFixedHeight(round(target))
    button.setMinimumWidth(round(target * 2.4))
    set_font(button, fonts.font(unit * 3.2, bold=True))
    set_style(button, css)
