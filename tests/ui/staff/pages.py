"""Putting a staff page on screen, tapping it, and reading what a person sees on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.core.diagnostics import ZERO_WIDTH_SPACE
from kiosk.ui.staff.pin_pad import PinPad
from kiosk.ui.typeset import WORD_JOINER

PIN = "2468"
WRONG = "1357"
# The offscreen platform says this about every top-level window; it is not ours.
PLATFORM_NOISE = ("propagateSizeHints",)


def shown(qtbot, widget: QWidget, size=(1280, 720)) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def tap_pin(qtbot, pad: PinPad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_key, Qt.MouseButton.LeftButton)


def visible_texts(widget: QWidget) -> list[str]:
    """What a person can read: visible labels and buttons."""
    found = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget) and w.text()]
    found += [w.text() for w in widget.findChildren(QPushButton) if w.isVisibleTo(widget)]
    return [text.replace(ZERO_WIDTH_SPACE, "").replace(WORD_JOINER, "") for text in found]
