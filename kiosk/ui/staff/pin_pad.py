"""The PIN pad: finger-sized digit keys, dots for what was typed, and what the gate said.

Entered digits live in one attribute and are shown as dots, never as text;
the PIN itself is never logged.  The lock after wrong PINs lives in the
:class:`~kiosk.core.pin.PinGate`; the pad only shows it.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.model import Theme
from kiosk.core.pin import PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinGate, Verdict
from kiosk.ui import fonts
from kiosk.ui.look import gold_button_css, gold_outline_css, set_font, set_style, set_text_colour
from kiosk.ui.staff.page import StaffPage, staff_button, staff_label
from kiosk.ui.touch import touch_target_px

log = logging.getLogger(__name__)

LOCK_TICK_MS = 250  # the lock countdown looks at the gate this often, so each second shows
KEY_HEIGHT_SHARE = 0.105  # a PIN key's height, of the page height
KEYPAD_WIDTH_SHARE = 0.26  # a PIN key's width, of the page width
KEY_ASPECT = 1.6  # PIN key width to height

DIGITS = "0123456789"
PIN_DOT = "●"
PIN_DOT_EMPTY = "○"
PIN_TITLE = "请输入管理密码"
DELETE_LABEL = "删除"  # the shipped font has no ⌫
OK_LABEL = "确定"
CANCEL_LABEL = "取消"
CHECKING = "正在核对……"
WRONG_PIN = "管理密码错误，还可以再试 {n} 次"
LOCKED = "错误次数过多，请 {wait}后再试"
TRY_AGAIN = "请重新输入管理密码"
TOO_SHORT = f"管理密码是 {PIN_MIN_DIGITS}–{PIN_MAX_DIGITS} 位数字"


def wait_text(seconds: float) -> str:
    """``30 秒`` or ``2 分 05 秒``: how long the PIN pad stays locked, rounded up."""
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return f"{whole} 秒"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} 分 {rest:02d} 秒"


class PinPad(StaffPage):
    """Digit keys, delete, OK and cancel; the keyboard works too (digits, Enter, Backspace, Esc).

    While the gate is locked, the digit keys are off and ``lock_timer`` counts
    down on screen.
    """

    accepted = Signal()
    cancelled = Signal()

    def __init__(self, gate: PinGate, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(theme, parent)
        self.setObjectName("staff_pin_pad")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._gate = gate
        self._entered = ""  # the only place the digits are: labels show dots

        self.title = staff_label(PIN_TITLE, wrap=False, centred=True)
        self.dots = staff_label(wrap=False, centred=True)
        self.message = staff_label(centred=True)
        self.digit_keys = {digit: staff_button(digit, f"pin_key_{digit}") for digit in DIGITS}
        self.delete_key = staff_button(DELETE_LABEL, "pin_delete")
        self.ok_key = staff_button(OK_LABEL, "pin_ok")
        self.cancel_key = staff_button(CANCEL_LABEL, "pin_cancel")
        for digit, key in self.digit_keys.items():
            key.clicked.connect(lambda _=False, d=digit: self.press_digit(d))
        self.delete_key.clicked.connect(self.delete_digit)
        self.ok_key.clicked.connect(self.submit)
        self.cancel_key.clicked.connect(self.cancel)

        self.keypad = QGridLayout()
        for index, digit in enumerate("123456789"):
            self.keypad.addWidget(self.digit_keys[digit], index // 3, index % 3)
        self.keypad.addWidget(self.delete_key, 3, 0)
        self.keypad.addWidget(self.digit_keys["0"], 3, 1)
        self.keypad.addWidget(self.ok_key, 3, 2)
        self.keypad.addWidget(self.cancel_key, 4, 0, 1, 3, Qt.AlignmentFlag.AlignCenter)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(self.keypad)
        centred.addStretch(1)

        self._outer = QVBoxLayout(self)
        self._outer.addStretch(1)
        for widget in (self.title, self.dots, self.message):
            self._outer.addWidget(widget)
        self._outer.addLayout(centred)
        self._outer.addStretch(1)

        self.lock_timer = QTimer(self)
        self.lock_timer.setObjectName("pin_lock_countdown")
        self.lock_timer.setInterval(LOCK_TICK_MS)
        self.lock_timer.timeout.connect(self._tick_lock)

        self._update_dots()
        self._restyle()

    # -------------------------------------------------------------- state

    @property
    def gate(self) -> PinGate:
        return self._gate

    def set_gate(self, gate: PinGate) -> None:
        self._gate = gate
        self.reset()

    @property
    def entered_digits(self) -> int:
        """How many digits are typed (never which)."""
        return len(self._entered)

    @property
    def locked(self) -> bool:
        return self._gate.status().locked_for_s > 0

    def reset(self) -> None:
        """A fresh pad: nothing typed, no message, unless the gate is still locked."""
        self._entered = ""
        self._update_dots()
        self.message.clear()
        self._refresh_lock()

    # -------------------------------------------------------------- input

    def press_digit(self, digit: str) -> None:
        if len(digit) != 1 or digit not in DIGITS or len(self._entered) >= PIN_MAX_DIGITS:
            return
        if self._refresh_lock():
            return
        self._entered += digit
        self._update_dots()

    def delete_digit(self) -> None:
        self._entered = self._entered[:-1]
        self._update_dots()

    def submit(self) -> None:
        if self._refresh_lock():
            return  # refused without a try: the gate would refuse it too
        pin, self._entered = self._entered, ""
        self._update_dots()
        if len(pin) < PIN_MIN_DIGITS:
            self.message.setText(TOO_SHORT)
            return
        self.message.setText(CHECKING)
        self.message.repaint()  # the check takes a moment (a slow hash, on purpose)
        self._show_verdict(self._gate.attempt(pin))

    def cancel(self) -> None:
        self._entered = ""
        self._update_dots()
        self.lock_timer.stop()
        self.cancelled.emit()

    def _show_verdict(self, verdict: Verdict) -> None:
        if verdict.ok:
            log.info("staff PIN accepted")
            self.message.clear()
            self.lock_timer.stop()
            self.accepted.emit()
        elif verdict.locked_for_s > 0:
            log.warning("wrong staff PIN; the pad is locked for %.0f s", verdict.locked_for_s)
            self._refresh_lock()
        else:
            log.warning("wrong staff PIN; %d tries left before the pad locks", verdict.remaining_attempts)
            self.message.setText(WRONG_PIN.format(n=verdict.remaining_attempts))

    # -------------------------------------------------------------- lock

    def _refresh_lock(self) -> bool:
        """Show the gate's lock (keys off, countdown on) or lift it; whether it is locked."""
        locked_for = self._gate.status().locked_for_s
        locked = locked_for > 0
        for key in (*self.digit_keys.values(), self.delete_key, self.ok_key):
            key.setEnabled(not locked)
        if locked:
            self._entered = ""
            self._update_dots()
            self.message.setText(LOCKED.format(wait=wait_text(locked_for)))
            if not self.lock_timer.isActive():
                self.lock_timer.start()
        elif self.lock_timer.isActive():
            self.lock_timer.stop()
            self.message.setText(TRY_AGAIN)
        return locked

    def _tick_lock(self) -> None:
        self._refresh_lock()

    def _update_dots(self) -> None:
        typed = len(self._entered)
        self.dots.setText(" ".join(PIN_DOT * typed + PIN_DOT_EMPTY * max(0, PIN_MIN_DIGITS - typed)))

    # -------------------------------------------------------------- Qt

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if len(text) == 1 and text in DIGITS:
            self.press_digit(text)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Backspace:
            self.delete_digit()
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh_lock()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.lock_timer.stop()  # started again when shown, if the gate is still locked

    def _restyle(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        unit = self._unit()
        t = self.theme
        target = touch_target_px(self, unit)
        key_h = round(max(target, min(h * KEY_HEIGHT_SHARE, w * KEYPAD_WIDTH_SHARE / KEY_ASPECT)))
        key_w = round(key_h * KEY_ASPECT)
        spacing = round(key_h * 0.18)
        border = max(2, round(unit * 0.3))
        self.keypad.setSpacing(spacing)
        margin = round(unit * 3)
        self._outer.setContentsMargins(margin, margin, margin, margin)
        self._outer.setSpacing(round(unit * 1.5))

        set_font(self.title, fonts.font(unit * 4.2, bold=True))
        set_font(self.dots, fonts.font(unit * 5.5, bold=True))
        set_font(self.message, fonts.font(unit * 3.0, bold=True))
        self.message.setMinimumHeight(round(self.message.fontMetrics().height() * 1.3))
        set_text_colour(self.title, t.text)
        set_text_colour(self.dots, t.gold)
        set_text_colour(self.message, t.accent)

        digit_font = fonts.font(key_h * 0.42, bold=True)
        word_font = fonts.font(key_h * 0.3, bold=True)
        corner = key_h * 0.22
        digit_css = gold_outline_css(t, corner, 0, border, background=t.surface)
        for key in self.digit_keys.values():
            key.setFixedSize(key_w, key_h)
            set_font(key, digit_font)
            set_style(key, digit_css)
        self.delete_key.setFixedSize(key_w, key_h)
        set_font(self.delete_key, word_font)
        set_style(self.delete_key, gold_outline_css(t, corner, 0, border))
        self.ok_key.setFixedSize(key_w, key_h)
        set_font(self.ok_key, word_font)
        set_style(self.ok_key, gold_button_css(t, key_h, 0, radius=corner, pressable=True))
        cancel_h = round(max(target, key_h * 0.8))
        self.cancel_key.setFixedSize(key_w * 3 + spacing * 2, cancel_h)
        set_font(self.cancel_key, word_font)
        set_style(self.cancel_key, gold_outline_css(t, cancel_h / 2, 0, border))
