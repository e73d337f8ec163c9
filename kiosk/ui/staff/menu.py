"""The staff menu: big buttons for what staff come to do.  The window does the work, told by signals.

Leaving the show asks first ("确定退出？", 退出 / 取消): the exit button sits
last, where a hand reaching for the menu may land.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.core.model import Theme
from kiosk.ui import fonts
from kiosk.ui.look import (
    BACK_LABEL,
    gold_button_css,
    gold_outline_css,
    set_font,
    set_style,
    set_text_colour,
    style_back_button,
)
from kiosk.ui.staff.page import ADOPT_LABEL, StaffPage, staff_button, staff_label
from kiosk.ui.touch import touch_target_px

MENU_BUTTON_UNITS = 11.0  # menu button height, in hundredths of the shorter side
MENU_WIDTH_UNITS = 80.0  # menu button width, in hundredths of the shorter side

MENU_TITLE = "管理菜单"
PAUSE_LABEL = "暂停轮播"
RESUME_LABEL = "继续轮播"
RELOAD_LABEL = "重新加载数据包"
DIAGNOSTICS_LABEL = "诊断信息"
EXIT_LABEL = "退出展台"
CONFIRM_EXIT = "确定退出？"
CONFIRM_EXIT_DETAIL = "展台程序将关闭。"
CONFIRM_EXIT_LABEL = "退出"
CANCEL_EXIT_LABEL = "取消"


class StaffMenu(StaffPage):
    """Pause, reload, diagnostics and exit (after a confirmation); adopt held content while there is some."""

    exit_requested = Signal()
    reload_requested = Signal()
    pause_toggled = Signal()  # the window toggles and calls set_paused with the outcome
    diagnostics_requested = Signal()
    adopt_requested = Signal()  # staff confirm held content
    closed = Signal()

    def __init__(self, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(theme, parent)
        self.setObjectName("staff_menu")
        self._paused = False
        self.back_button = staff_button(BACK_LABEL, "staff_menu_back")
        self.title = staff_label(MENU_TITLE, wrap=False)
        self.held_label = staff_label(centred=True)
        self.held_label.setObjectName("staff_held_notice")
        self.adopt_button = staff_button(ADOPT_LABEL, "staff_adopt")
        self.held_label.hide()
        self.adopt_button.hide()
        self.pause_button = staff_button(PAUSE_LABEL, "staff_pause")
        self.reload_button = staff_button(RELOAD_LABEL, "staff_reload")
        self.diagnostics_button = staff_button(DIAGNOSTICS_LABEL, "staff_diagnostics")
        self.exit_button = staff_button(EXIT_LABEL, "staff_exit")
        self.confirm_title = staff_label(CONFIRM_EXIT, wrap=False, centred=True)
        self.confirm_title.setObjectName("staff_exit_question")
        self.confirm_detail = staff_label(CONFIRM_EXIT_DETAIL, centred=True)
        self.confirm_button = staff_button(CONFIRM_EXIT_LABEL, "staff_exit_confirm")
        self.cancel_exit_button = staff_button(CANCEL_EXIT_LABEL, "staff_exit_cancel")

        self.back_button.clicked.connect(self.closed)
        self.pause_button.clicked.connect(self.pause_toggled)
        self.reload_button.clicked.connect(self.reload_requested)
        self.diagnostics_button.clicked.connect(self.diagnostics_requested)
        self.exit_button.clicked.connect(self.ask_exit)
        self.confirm_button.clicked.connect(self.exit_requested)
        self.cancel_exit_button.clicked.connect(self.cancel_exit)
        self.adopt_button.clicked.connect(self.adopt_requested)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(24)
        top.addWidget(self.title)
        top.addStretch(1)
        self.action_box = QWidget()
        self._buttons = QVBoxLayout(self.action_box)
        self._buttons.setContentsMargins(0, 0, 0, 0)
        self._buttons.addWidget(self.held_label)
        for button in self.action_buttons:
            self._buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.confirm = QWidget()
        self.confirm.setObjectName("staff_exit_confirmation")
        self._confirm_layout = QVBoxLayout(self.confirm)
        self._confirm_layout.setContentsMargins(0, 0, 0, 0)
        self._confirm_layout.addWidget(self.confirm_title)
        self._confirm_layout.addWidget(self.confirm_detail)
        self._choices = QHBoxLayout()
        self._choices.addStretch(1)
        self._choices.addWidget(self.cancel_exit_button)  # the safe choice first, on the left
        self._choices.addWidget(self.confirm_button)
        self._choices.addStretch(1)
        self._confirm_layout.addLayout(self._choices)
        self.confirm.hide()
        self._outer = QVBoxLayout(self)
        self._outer.addLayout(top)
        self._outer.addStretch(1)
        self._outer.addWidget(self.action_box)
        self._outer.addWidget(self.confirm)
        self._outer.addStretch(1)
        self._restyle()

    @property
    def action_buttons(self) -> tuple[QPushButton, ...]:
        return (self.adopt_button, self.pause_button, self.reload_button, self.diagnostics_button, self.exit_button)

    @property
    def asking_to_exit(self) -> bool:
        """The menu asks "确定退出？" instead of showing its buttons."""
        return not self.confirm.isHidden()

    def ask_exit(self) -> None:
        """退出展台 was pressed: ask before leaving."""
        self.action_box.hide()
        self.confirm.show()

    def cancel_exit(self) -> None:
        """Back to the menu's buttons, nothing done."""
        self.confirm.hide()
        self.action_box.show()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.cancel_exit()  # the next visit starts at the menu, not at the question

    @property
    def holding(self) -> bool:
        """Changed content is held, and the menu offers to adopt it."""
        return not self.adopt_button.isHidden()

    def set_held(self, notice: str) -> None:
        """What is held and why (empty: nothing is held); the adopt button shows with it."""
        self.held_label.setText(notice)
        self.held_label.setVisible(bool(notice))
        self.adopt_button.setVisible(bool(notice))

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        """The rotation is (not) paused: the button offers the other."""
        self._paused = paused
        self.pause_button.setText(RESUME_LABEL if paused else PAUSE_LABEL)

    def _restyle(self) -> None:
        unit = self._unit()
        t = self.theme
        target = touch_target_px(self, unit)
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        self._outer.setSpacing(round(unit * 2))
        self._buttons.setSpacing(round(unit * 2.5))
        style_back_button(self.back_button, unit, target, gold_button_css(t, target, unit * 2.5, pressable=True))
        set_font(self.title, fonts.font(unit * 4.5, bold=True))
        set_text_colour(self.title, t.text)
        height = round(max(target, unit * MENU_BUTTON_UNITS))
        width = round(min(self.width() - 2 * margin, unit * MENU_WIDTH_UNITS))
        font = fonts.font(height * 0.36, bold=True)
        corner = height * 0.22
        for button in self.action_buttons:
            button.setFixedSize(width, height)
            set_font(button, font)
        for button in (self.adopt_button, self.pause_button, self.reload_button, self.diagnostics_button):
            set_style(button, gold_button_css(t, height, unit * 2, radius=corner, pressable=True))
        # Leaving the show is set apart: outlined, on the deep red, and last.
        set_style(
            self.exit_button,
            gold_outline_css(t, corner, unit * 2, max(2, round(unit * 0.35)), background=t.background_deep),
        )
        set_font(self.held_label, fonts.font(unit * 2.8, bold=True))
        set_text_colour(self.held_label, t.accent)
        self._confirm_layout.setSpacing(round(unit * 3))
        self._choices.setSpacing(round(unit * 4))
        set_font(self.confirm_title, fonts.font(unit * 6, bold=True))
        set_text_colour(self.confirm_title, t.text)
        set_font(self.confirm_detail, fonts.font(unit * 3, bold=False))
        set_text_colour(self.confirm_detail, t.muted)
        choice_width = round(min((width - unit * 4) / 2, unit * 34))
        for button in (self.confirm_button, self.cancel_exit_button):
            button.setFixedSize(choice_width, height)
            set_font(button, font)
        set_style(self.confirm_button, gold_button_css(t, height, unit * 2, radius=corner, pressable=True))
        set_style(
            self.cancel_exit_button,
            gold_outline_css(t, corner, unit * 2, max(2, round(unit * 0.35)), background=t.background_deep),
        )
