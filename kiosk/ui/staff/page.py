"""What the staff pages share: a full-size page in the theme's gradient, its buttons and labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.core.model import Theme
from kiosk.ui.look import paint_background, plain_label

ADOPT_LABEL = "采用新内容"  # on the menu and the diagnostics page, shown only while changed content is held


class StaffPage(QWidget):
    """A full-size page in the theme's red gradient that lays itself out from its size.

    A page sizes its fonts and buttons in ``_restyle``, from :meth:`_unit`
    (a hundredth of the shorter side), each time it is resized or re-themed.
    """

    def __init__(self, theme: Theme | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.theme = theme or Theme()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._restyle()
        self.update()

    def _unit(self) -> float:
        return min(max(1, self.width()), max(1, self.height())) / 100

    def _restyle(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()
        # The layout placed the children before this handler resized them: place them
        # again now, not on the next pass of the event loop (a grab may come first).
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def paintEvent(self, _event: QPaintEvent) -> None:
        paint_background(self, self.theme)


def staff_button(text: str, name: str) -> QPushButton:
    """A button that takes taps but not the keyboard's focus: keys typed go to the page."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def staff_label(text: str = "", *, wrap: bool = True, centred: bool = False) -> QLabel:
    """A plain-text label, centred when asked."""
    label = plain_label(text, wrap=wrap)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
