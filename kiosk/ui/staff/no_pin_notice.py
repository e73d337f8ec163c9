"""The page staff see instead of the PIN pad while no PIN is set: how to set one, and where it is kept."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.diagnostics import UNKNOWN, breakable_path
from kiosk.core.model import Theme
from kiosk.ui import fonts
from kiosk.ui.look import gold_button_css, set_font, set_style, set_text_colour
from kiosk.ui.staff.page import StaffPage, staff_button, staff_label
from kiosk.ui.touch import touch_target_px

log = logging.getLogger(__name__)

NO_PIN_TITLE = "尚未设置管理密码"
NO_PIN_HOW = "请在这台电脑上运行："
SET_PIN_COMMAND = "union-kiosk set-pin"
NO_PIN_WHERE = "管理密码保存在设置文件："
CLOSE_LABEL = "关闭"


def settings_path_text() -> str:
    """Where the settings file is, or as much as is known when its folder cannot be made."""
    from kiosk.core.settings import settings_path

    try:
        return str(settings_path())
    except OSError as exc:  # the folder could not be made: still say what we know
        log.warning("cannot find the settings folder: %s", exc)
        return f"{UNKNOWN}（{exc}）"


class NoPinNotice(StaffPage):
    """No PIN is set: the command that sets one, and the file it goes into."""

    closed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, theme: Theme | None = None, config_path: Path | str | None = None
    ) -> None:
        super().__init__(theme, parent)
        self.setObjectName("staff_no_pin")
        self.config_path: str | None = None
        self.title = staff_label(NO_PIN_TITLE, wrap=False, centred=True)
        self.how = staff_label(NO_PIN_HOW, centred=True)
        self.command = staff_label(SET_PIN_COMMAND, wrap=False, centred=True)
        self.where = staff_label(NO_PIN_WHERE, centred=True)
        self.path_label = staff_label(centred=True)
        self.close_button = staff_button(CLOSE_LABEL, "staff_no_pin_close")
        self.close_button.clicked.connect(self.closed)

        self._outer = QVBoxLayout(self)
        self._outer.addStretch(1)
        for widget in (self.title, self.how, self.command, self.where, self.path_label):
            self._outer.addWidget(widget)
        self._outer.setAlignment(self.command, Qt.AlignmentFlag.AlignHCenter)  # its box hugs the command
        self._outer.addSpacing(24)
        self._outer.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._outer.addStretch(1)
        if config_path is not None:
            self.set_config_path(config_path)
        self._restyle()

    def set_config_path(self, path: Path | str) -> None:
        self.config_path = str(path)
        self.path_label.setText(breakable_path(self.config_path))

    def showEvent(self, event: QShowEvent) -> None:
        if self.config_path is None:  # looked up only when shown: finding it makes the folder
            self.set_config_path(settings_path_text())
        super().showEvent(event)

    def _restyle(self) -> None:
        unit = self._unit()
        t = self.theme
        target = touch_target_px(self, unit)
        margin = round(unit * 6)
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._outer.setSpacing(round(unit * 2))
        set_font(self.title, fonts.font(unit * 5, bold=True))
        set_font(self.how, fonts.font(unit * 3.2))
        set_font(self.command, fonts.font(unit * 4.2, bold=True))
        set_font(self.where, fonts.font(unit * 2.8))
        set_font(self.path_label, fonts.font(unit * 2.8))
        set_text_colour(self.title, t.gold)
        set_text_colour(self.how, t.text)
        set_style(
            self.command,
            f"color: {t.gold}; background: rgba(0,0,0,90); border-radius: {round(unit)}px;"
            f" padding: {round(unit * 1.2)}px {round(unit * 3)}px;",
        )
        set_text_colour(self.where, t.muted)
        set_text_colour(self.path_label, t.text)
        height = target * 1.2
        self.close_button.setFixedHeight(round(height))
        self.close_button.setMinimumWidth(round(target * 4))
        set_font(self.close_button, fonts.font(unit * 3.4, bold=True))
        set_style(self.close_button, gold_button_css(t, height, unit * 3, pressable=True))
