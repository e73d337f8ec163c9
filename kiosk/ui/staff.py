"""The staff panel: a PIN pad, then a menu to exit, reload, pause or look under the hood.

Staff reach it with five quick taps in a corner (:mod:`kiosk.core.corner`);
the window then calls :meth:`StaffPanel.open` with the kiosk's one
:class:`~kiosk.core.pin.PinGate` (``None`` when no PIN is set, which shows how
to set one).  The panel only asks: exiting, reloading and pausing are the
window's business, requested through signals.  It closes itself when staff
walk away from it, so a visitor never finds the menu open.

Entered digits live in one attribute and are shown as dots, never as text;
the PIN itself is never logged.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QKeyEvent,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGraphicsTextItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk import __version__
from kiosk.core.figures import parse_figure
from kiosk.core.model import Chart, ChartType, Series, Theme
from kiosk.core.pin import PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinGate, Verdict
from kiosk.core.report import duration
from kiosk.core.stats import Summary
from kiosk.ui import fonts
from kiosk.ui.look import BACK_LABEL, paint_background, plain_label, set_font, set_style, style_back_button
from kiosk.ui.touch import touch_target_px

if TYPE_CHECKING:
    from kiosk.core.bundle import Bundle
    from kiosk.core.stats import StatsRecorder
    from kiosk.ui.charts import ChartView

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- timing and sizes

LOCK_TICK_MS = 250  # the lock countdown looks at the gate this often, so each second shows
STAFF_IDLE_MS = 2 * 60 * 1000  # the panel closes itself when nobody touched it for this long
KEY_HEIGHT_SHARE = 0.105  # a PIN key's height, of the page height
KEYPAD_WIDTH_SHARE = 0.26  # a PIN key's width, of the page width
KEY_ASPECT = 1.6  # PIN key width to height
MENU_BUTTON_UNITS = 11.0  # menu button height, in hundredths of the shorter side
MENU_WIDTH_UNITS = 80.0  # menu button width, in hundredths of the shorter side
DISABLED_ALPHA = 90  # of 255: how much of its colour a key that is off keeps

# ---------------------------------------------------------------- diagnostics

RECENT_ERRORS = 20  # warnings and errors kept for the diagnostics page
RECENT_ERRORS_HANDLER = "union-kiosk-recent-errors"
MAX_ERROR_CHARS = 300  # one record on screen; the log file has the whole of it
TOP_CARDS = 5  # most viewed cards listed on the diagnostics page
HOURS_PER_DAY = 24
FEW_TOUCHES = 5  # up to this many in the busiest hour, the chart's ticks step by one
MIB = 1024 * 1024
STATM = Path("/proc/self/statm")

# ---------------------------------------------------------------- texts

DIGITS = "0123456789"
PIN_DOT = "●"
PIN_DOT_EMPTY = "○"
PIN_TITLE = "请输入管理密码"
DELETE_LABEL = "删除"  # the shipped font has no ⌫
OK_LABEL = "确定"
CANCEL_LABEL = "取消"
CHECKING = "正在核对……"
WRONG_PIN = "PIN 错误，还可以再试 {n} 次"
LOCKED = "错误次数过多，请 {wait}后再试"
TRY_AGAIN = "请重新输入密码"
TOO_SHORT = f"密码是 {PIN_MIN_DIGITS}–{PIN_MAX_DIGITS} 位数字"

NO_PIN_TITLE = "尚未设置管理密码"
NO_PIN_HOW = "请在这台电脑上运行："
SET_PIN_COMMAND = "union-kiosk set-pin"
NO_PIN_WHERE = "密码保存在设置文件："
CLOSE_LABEL = "关闭"

MENU_TITLE = "管理菜单"
PAUSE_LABEL = "暂停轮播"
RESUME_LABEL = "继续轮播"
RELOAD_LABEL = "重新加载数据包"
DIAGNOSTICS_LABEL = "诊断信息"
EXIT_LABEL = "退出展台"
ADOPT_LABEL = "采用新内容"  # shown only while changed content is held

DIAGNOSTICS_TITLE = "诊断信息"
NO_STATS = "还没有统计数据"
NO_TOUCHES = "还没有触摸记录"
HOURS_CHART_TITLE = "每小时触摸次数（本地时间）"
TOUCH_UNIT = "次"
UNKNOWN = "未知"
NONE_YET = "无"
LEVEL_NAMES = {logging.WARNING: "警告", logging.ERROR: "错误", logging.CRITICAL: "严重错误"}
LIST_MARK = "■ "  # the shipped font has no •
ZERO_WIDTH_SPACE = "\u200b"  # lets a long path wrap after its separators


# ================================================================ helpers


def wait_text(seconds: float) -> str:
    """``30 秒`` or ``2 分 05 秒``: how long the PIN pad stays locked, rounded up."""
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return f"{whole} 秒"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} 分 {rest:02d} 秒"


def uptime_text(seconds: float) -> str:
    """``3小时05分``, or ``2天3小时05分`` after a day."""
    days, rest = divmod(max(0, int(seconds)), 24 * 3600)
    if not days:
        return duration(rest)
    hours, rest = divmod(rest, 3600)
    return f"{days}天{hours}小时{rest // 60:02d}分"


def breakable_path(path: str) -> str:
    """``path`` with invisible break chances after its separators: a label wraps it instead of clipping."""
    return path.replace("/", "/" + ZERO_WIDTH_SPACE).replace("\\", "\\" + ZERO_WIDTH_SPACE)


def current_memory_mib() -> float | None:
    """This process's memory in MiB: resident now on Linux, the peak elsewhere; ``None`` when unknown."""
    if sys.platform.startswith("linux"):
        try:
            resident_pages = int(STATM.read_text(encoding="ascii").split()[1])
            return resident_pages * os.sysconf("SC_PAGE_SIZE") / MIB
        except (OSError, ValueError, IndexError):
            pass
    try:
        import resource
    except ImportError:  # Windows has no resource module
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def touches_by_hour_chart(summary: Summary) -> Chart:
    """A bar per hour of the day, ``0时`` to ``23时``, of the touches counted."""
    return Chart(
        type=ChartType.BAR,
        title=HOURS_CHART_TITLE,
        categories=tuple(f"{hour}时" for hour in range(HOURS_PER_DAY)),
        series=(Series("触摸", tuple(parse_figure(f"{count}{TOUCH_UNIT}") for count in summary.touches_by_hour)),),
        y_title=f"触摸（{TOUCH_UNIT}）",
        unit=TOUCH_UNIT,
    )


def _tidy_hours_chart(view: ChartView, summary: Summary) -> None:
    """Counts read as counts: whole-number ticks, and no ``0次`` over every quiet hour.

    Twenty-four labels of ``0次`` ran into each other; the bars that are there
    keep theirs.  Done on the chart's public plot item after each ``show_chart``
    (which shows every label again).
    """
    plot = view.plot_item
    if plot is None:
        return
    scene = plot.scene()
    for item in scene.items() if scene is not None else ():
        if isinstance(item, QGraphicsTextItem) and item.toPlainText() == f"0{TOUCH_UNIT}":
            (item.parentItem() or item).setVisible(False)  # the label item that holds the text, if any
    axis = plot.getAxis("left")
    if max(summary.touches_by_hour) <= FEW_TOUCHES:
        axis.setTickSpacing(1, 1)  # not 0.5 of a touch
    else:
        axis.setTickSpacing()  # pyqtgraph's own spacing: whole numbers from here up


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys typed go to the page, not to a button
    return button


def _label(text: str = "", *, wrap: bool = True, centred: bool = False) -> QLabel:
    label = plain_label(text, wrap=wrap)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _faded(colour: str, alpha: int = DISABLED_ALPHA) -> str:
    """``colour`` see-through, for keys that are off: they must look off at a glance."""
    c = QColor(colour)
    return f"rgba({c.red()},{c.green()},{c.blue()},{alpha})"


def _filled_css(t: Theme, radius: float, padding: float) -> str:
    return (
        f"QPushButton {{ color: {t.background_deep}; background: {t.gold}; border: none;"
        f" border-radius: {round(radius)}px; padding: 0 {round(padding)}px; }}"
        f" QPushButton:pressed {{ background: {t.accent}; }}"
        f" QPushButton:disabled {{ color: {_faded(t.text)}; background: {_faded(t.gold, DISABLED_ALPHA // 2)}; }}"
    )


def _outlined_css(t: Theme, radius: float, padding: float, border: float, background: str = "rgba(0,0,0,70)") -> str:
    return (
        f"QPushButton {{ color: {t.gold}; background: {background}; border: {round(border)}px solid {t.gold};"
        f" border-radius: {round(radius)}px; padding: 0 {round(padding)}px; }}"
        f" QPushButton:pressed {{ color: {t.background_deep}; background: {t.gold}; }}"
        f" QPushButton:disabled {{ color: {_faded(t.muted)}; border-color: {_faded(t.muted)};"
        " background: rgba(0,0,0,30); }"
    )


def _colour(label: QLabel, colour: str) -> None:
    set_style(label, f"color: {colour}; background: transparent;")


# ================================================================ pages


class _StaffPage(QWidget):
    """A full-size page in the theme's red gradient that lays itself out from its size."""

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


# ---------------------------------------------------------------- PIN pad


class PinPad(_StaffPage):
    """Finger-sized digit keys, dots for what was typed, and what the gate said.

    The keyboard works too: digits, Enter, Backspace and Esc.  While the gate
    is locked, the digit keys are off and ``lock_timer`` counts down on screen.
    """

    accepted = Signal()
    cancelled = Signal()

    def __init__(self, gate: PinGate, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(theme, parent)
        self.setObjectName("staff_pin_pad")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._gate = gate
        self._entered = ""  # the only place the digits are: labels show dots

        self.title = _label(PIN_TITLE, wrap=False, centred=True)
        self.dots = _label(wrap=False, centred=True)
        self.message = _label(centred=True)
        self.digit_keys = {digit: _button(digit, f"pin_key_{digit}") for digit in DIGITS}
        self.delete_key = _button(DELETE_LABEL, "pin_delete")
        self.ok_key = _button(OK_LABEL, "pin_ok")
        self.cancel_key = _button(CANCEL_LABEL, "pin_cancel")
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
        _colour(self.title, t.text)
        _colour(self.dots, t.gold)
        _colour(self.message, t.accent)

        digit_font = fonts.font(key_h * 0.42, bold=True)
        word_font = fonts.font(key_h * 0.3, bold=True)
        digit_css = _outlined_css(t, key_h * 0.22, 0, border, background=t.surface)
        for key in self.digit_keys.values():
            key.setFixedSize(key_w, key_h)
            set_font(key, digit_font)
            set_style(key, digit_css)
        self.delete_key.setFixedSize(key_w, key_h)
        set_font(self.delete_key, word_font)
        set_style(self.delete_key, _outlined_css(t, key_h * 0.22, 0, border))
        self.ok_key.setFixedSize(key_w, key_h)
        set_font(self.ok_key, word_font)
        set_style(self.ok_key, _filled_css(t, key_h * 0.22, 0))
        cancel_h = round(max(target, key_h * 0.8))
        self.cancel_key.setFixedSize(key_w * 3 + spacing * 2, cancel_h)
        set_font(self.cancel_key, word_font)
        set_style(self.cancel_key, _outlined_css(t, cancel_h / 2, 0, border))


# ---------------------------------------------------------------- no PIN yet


def _settings_path_text() -> str:
    from kiosk.core.settings import settings_path

    try:
        return str(settings_path())
    except OSError as exc:  # the folder could not be made: still say what we know
        log.warning("cannot find the settings folder: %s", exc)
        return f"{UNKNOWN}（{exc}）"


class NoPinNotice(_StaffPage):
    """No PIN is set: how to set one, and where it will be kept."""

    closed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, theme: Theme | None = None, config_path: Path | str | None = None
    ) -> None:
        super().__init__(theme, parent)
        self.setObjectName("staff_no_pin")
        self.config_path: str | None = None
        self.title = _label(NO_PIN_TITLE, wrap=False, centred=True)
        self.how = _label(NO_PIN_HOW, centred=True)
        self.command = _label(SET_PIN_COMMAND, wrap=False, centred=True)
        self.where = _label(NO_PIN_WHERE, centred=True)
        self.path_label = _label(centred=True)
        self.close_button = _button(CLOSE_LABEL, "staff_no_pin_close")
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
            self.set_config_path(_settings_path_text())
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
        _colour(self.title, t.gold)
        _colour(self.how, t.text)
        set_style(
            self.command,
            f"color: {t.gold}; background: rgba(0,0,0,90); border-radius: {round(unit)}px;"
            f" padding: {round(unit * 1.2)}px {round(unit * 3)}px;",
        )
        _colour(self.where, t.muted)
        _colour(self.path_label, t.text)
        self.close_button.setFixedHeight(round(target * 1.2))
        self.close_button.setMinimumWidth(round(target * 4))
        set_font(self.close_button, fonts.font(unit * 3.4, bold=True))
        set_style(self.close_button, _filled_css(t, target * 0.6, unit * 3))


# ---------------------------------------------------------------- menu


class StaffMenu(_StaffPage):
    """Big buttons for what staff come to do.  The window does the work, told by signals."""

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
        self.back_button = _button(BACK_LABEL, "staff_menu_back")
        self.title = _label(MENU_TITLE, wrap=False)
        self.held_label = _label(centred=True)
        self.held_label.setObjectName("staff_held_notice")
        self.adopt_button = _button(ADOPT_LABEL, "staff_adopt")
        self.held_label.hide()
        self.adopt_button.hide()
        self.pause_button = _button(PAUSE_LABEL, "staff_pause")
        self.reload_button = _button(RELOAD_LABEL, "staff_reload")
        self.diagnostics_button = _button(DIAGNOSTICS_LABEL, "staff_diagnostics")
        self.exit_button = _button(EXIT_LABEL, "staff_exit")
        self.status = _label(centred=True)
        self.status.hide()

        self.back_button.clicked.connect(self.closed)
        self.pause_button.clicked.connect(self.pause_toggled)
        self.reload_button.clicked.connect(self.reload_requested)
        self.diagnostics_button.clicked.connect(self.diagnostics_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.adopt_button.clicked.connect(self.adopt_requested)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(24)
        top.addWidget(self.title)
        top.addStretch(1)
        self._buttons = QVBoxLayout()
        self._buttons.addWidget(self.held_label)
        for button in self.action_buttons:
            self._buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._outer = QVBoxLayout(self)
        self._outer.addLayout(top)
        self._outer.addStretch(1)
        self._outer.addLayout(self._buttons)
        self._outer.addWidget(self.status)
        self._outer.addStretch(1)
        self._restyle()

    @property
    def action_buttons(self) -> tuple[QPushButton, ...]:
        return (self.adopt_button, self.pause_button, self.reload_button, self.diagnostics_button, self.exit_button)

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

    def set_status(self, text: str) -> None:
        """A line under the buttons (“数据包已重新加载”); empty hides it."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _restyle(self) -> None:
        unit = self._unit()
        t = self.theme
        target = touch_target_px(self, unit)
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        self._outer.setSpacing(round(unit * 2))
        self._buttons.setSpacing(round(unit * 2.5))
        style_back_button(self.back_button, unit, target, _filled_css(t, target / 2, unit * 2.5))
        set_font(self.title, fonts.font(unit * 4.5, bold=True))
        _colour(self.title, t.text)
        height = round(max(target, unit * MENU_BUTTON_UNITS))
        width = round(min(self.width() - 2 * margin, unit * MENU_WIDTH_UNITS))
        font = fonts.font(height * 0.36, bold=True)
        for button in self.action_buttons:
            button.setFixedSize(width, height)
            set_font(button, font)
        for button in (self.adopt_button, self.pause_button, self.reload_button, self.diagnostics_button):
            set_style(button, _filled_css(t, height * 0.22, unit * 2))
        # Leaving the show is set apart: outlined, on the deep red, and last.
        set_style(
            self.exit_button,
            _outlined_css(t, height * 0.22, unit * 2, max(2, round(unit * 0.35)), background=t.background_deep),
        )
        set_font(self.status, fonts.font(unit * 2.8))
        _colour(self.status, t.muted)
        set_font(self.held_label, fonts.font(unit * 2.8, bold=True))
        _colour(self.held_label, t.accent)


# ---------------------------------------------------------------- diagnostics


@dataclass(frozen=True)
class DiagnosticsInfo:
    """What the diagnostics page shows; the window gathers it (see :func:`gather_diagnostics`)."""

    version: str = __version__
    bundle_id: str = ""
    bundle_title: str = ""
    data_as_of: str = ""
    bundle_path: str = ""
    uptime_s: float = 0.0
    memory_mib: float | None = None
    last_errors: Sequence[str] = ()  # oldest first, as RecentErrors keeps them
    summary: Summary | None = None
    card_titles: Mapping[str, str] = field(default_factory=dict)  # card id -> what the card says
    held: str = ""  # changed content that is held, and why; empty when nothing is


class RecentErrors(logging.Handler):
    """The last ``capacity`` warnings and errors, one line each, for the diagnostics page.

    ``RecentErrors().attach()`` puts it on the root logger; the log file still
    has everything, tracebacks included.
    """

    def __init__(self, capacity: int = RECENT_ERRORS, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.set_name(RECENT_ERRORS_HANDLER)
        self._lines: deque[str] = deque(maxlen=capacity)

    def attach(self, logger: logging.Logger | None = None) -> RecentErrors:
        (logger or logging.getLogger()).addHandler(self)
        return self

    def detach(self, logger: logging.Logger | None = None) -> None:
        (logger or logging.getLogger()).removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.line(record)
        except Exception:  # a bad format string in some log call must not break logging
            self.handleError(record)
            return
        self._lines.append(line)  # emit runs under the handler's lock

    @staticmethod
    def line(record: logging.LogRecord) -> str:
        """``05-14 09:30:12 警告 kiosk.ui.reload: …``, without the traceback (not our formatter's cache)."""
        when = time.strftime("%m-%d %H:%M:%S", time.localtime(record.created))
        level = LEVEL_NAMES.get(record.levelno, record.levelname)
        text = f"{when} {level} {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f"（{type(error).__name__}: {error}）"
        if len(text) > MAX_ERROR_CHARS:
            text = text[: MAX_ERROR_CHARS - 1] + "…"
        return text

    def messages(self) -> list[str]:
        """The kept lines, oldest first."""
        self.acquire()
        try:
            return list(self._lines)
        finally:
            self.release()

    def clear(self) -> None:
        self.acquire()
        try:
            self._lines.clear()
        finally:
            self.release()


def gather_diagnostics(
    bundle: Bundle,
    *,
    uptime_s: float,
    errors: RecentErrors | None = None,
    stats: StatsRecorder | None = None,
    held: str = "",
) -> DiagnosticsInfo:
    """Everything the diagnostics page shows, from what a kiosk window has at hand."""
    manifest = bundle.manifest
    summary = None
    if stats is not None:
        try:
            summary = stats.summarise()
        except sqlite3.Error as exc:  # diagnostics must show even when the statistics cannot
            log.warning("statistics unavailable for diagnostics: %s", exc)
    return DiagnosticsInfo(
        bundle_id=manifest.id,
        bundle_title=manifest.title,
        data_as_of=manifest.data_as_of,
        bundle_path=str(bundle.files.location),
        uptime_s=uptime_s,
        memory_mib=current_memory_mib(),
        last_errors=errors.messages() if errors is not None else (),
        summary=summary,
        card_titles={card.id: f"{card.headline.text()} {card.label}" for card in manifest.cards},
        held=held,
    )


class DiagnosticsPage(_StaffPage):
    """Version, bundle, uptime, memory, recent errors and what visitors did, as plain text and one chart."""

    closed = Signal()
    adopt_requested = Signal()  # staff confirm held content

    ROWS = (
        ("version", "版本"),
        ("bundle", "数据包"),
        ("held", "待采用内容"),
        ("data_as_of", "数据截至"),
        ("bundle_path", "数据包位置"),
        ("uptime", "运行时间"),
        ("memory", "内存"),
        ("stats", "播放统计"),
        ("top_cards", "播放最多"),
        ("errors", "警告和错误"),
    )

    def __init__(self, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(theme, parent)
        self.setObjectName("staff_diagnostics")
        self.info: DiagnosticsInfo | None = None
        self._chart_view: ChartView | None = None
        self.back_button = _button(BACK_LABEL, "staff_diagnostics_back")
        self.back_button.clicked.connect(self.closed)
        self.title = _label(DIAGNOSTICS_TITLE, wrap=False)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(24)
        top.addWidget(self.title)
        top.addStretch(1)

        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.rows = QGridLayout()
        for row, (key, name) in enumerate(self.ROWS):
            self.names[key] = _label(name, wrap=False)
            self.names[key].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.values[key] = _label()
            self.rows.addWidget(self.names[key], row, 0)
            self.rows.addWidget(self.values[key], row, 1)
        self.rows.setColumnStretch(1, 1)
        self.adopt_button = _button(ADOPT_LABEL, "staff_diagnostics_adopt")
        self.adopt_button.clicked.connect(self.adopt_requested)
        self.adopt_button.hide()
        self.text_column = QWidget()
        self.text_column.setObjectName("staff_diagnostics_text")
        self._text_layout = QVBoxLayout(self.text_column)
        self._text_layout.addLayout(self.rows)
        self._text_layout.addWidget(self.adopt_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._text_layout.addStretch(1)
        self.text_scroll = QScrollArea()
        self.text_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.text_scroll.setWidgetResizable(True)
        self.text_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        self.text_scroll.setWidget(self.text_column)
        QScroller.grabGesture(self.text_scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        self.chart_holder = QWidget()
        self.chart_holder.setObjectName("staff_diagnostics_chart")
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.no_stats = _label(NO_STATS, centred=True)
        self.chart_layout.addWidget(self.no_stats)

        self.main = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.main.addWidget(self.text_scroll, 1)
        self.main.addWidget(self.chart_holder, 1)
        self._outer = QVBoxLayout(self)
        self._outer.addLayout(top)
        self._outer.addLayout(self.main, 1)
        self._restyle()

    @property
    def chart_view(self) -> ChartView | None:
        return self._chart_view

    @property
    def showing_chart(self) -> bool:
        return self._chart_view is not None and not self._chart_view.isHidden()

    def _ensure_chart_view(self) -> ChartView:
        if self._chart_view is None:
            from kiosk.ui.charts import ChartView  # pyqtgraph: only when staff look at diagnostics

            self._chart_view = ChartView(self.theme, self.chart_holder)
            self.chart_layout.insertWidget(0, self._chart_view, 1)
        return self._chart_view

    def show_info(self, info: DiagnosticsInfo) -> None:
        self.info = info
        values = self.values
        values["version"].setText(info.version or UNKNOWN)
        bundle = f"{info.bundle_title}（{info.bundle_id}）" if info.bundle_title else info.bundle_id
        values["bundle"].setText(bundle or UNKNOWN)
        values["data_as_of"].setText(info.data_as_of or UNKNOWN)
        values["bundle_path"].setText(breakable_path(info.bundle_path) if info.bundle_path else UNKNOWN)
        self.set_held(info.held)
        values["uptime"].setText(uptime_text(info.uptime_s))
        values["memory"].setText(f"{info.memory_mib:.1f} MiB" if info.memory_mib is not None else UNKNOWN)
        summary = info.summary
        values["stats"].setText(self._stats_text(summary))
        values["top_cards"].setText(self._top_cards_text(summary, info.card_titles))
        errors = list(reversed(info.last_errors))  # newest first: that is what staff came for
        values["errors"].setText("\n".join(f"{LIST_MARK}{line}" for line in errors) if errors else NONE_YET)
        self._show_chart(summary)

    def set_held(self, notice: str) -> None:
        """What is held and why, with the button that adopts it; ``无`` when nothing is held."""
        self.values["held"].setText(notice or NONE_YET)
        self.adopt_button.setVisible(bool(notice))

    @staticmethod
    def _stats_text(summary: Summary | None) -> str:
        if summary is None:
            return NO_STATS
        period = f"{summary.since:%Y-%m-%d} 起" if summary.since else "全部记录"
        return (
            f"卡片播放 {summary.card_views:,} 次，详情打开 {summary.detail_views:,} 次，"
            f"触摸 {summary.touches:,} 次（{period}）"
        )

    @staticmethod
    def _top_cards_text(summary: Summary | None, titles: Mapping[str, str]) -> str:
        if summary is None or not summary.most_viewed:
            return NONE_YET
        lines = []
        for rank, viewed in enumerate(summary.most_viewed[:TOP_CARDS], start=1):
            title = titles.get(viewed.card_id)
            name = f"{viewed.card_id}（{title}）" if title else viewed.card_id
            lines.append(f"{rank}. {name}  {viewed.views:,} 次，共 {duration(viewed.seconds)}")
        return "\n".join(lines)

    def _show_chart(self, summary: Summary | None) -> None:
        if summary is not None and any(summary.touches_by_hour):
            view = self._ensure_chart_view()
            view.show_chart(touches_by_hour_chart(summary), animate=False)
            _tidy_hours_chart(view, summary)
            view.show()
            self.no_stats.hide()
            return
        if self._chart_view is not None:
            self._chart_view.hide()
        nothing = summary is None or not (summary.card_views or summary.detail_views or summary.touches)
        self.no_stats.setText(NO_STATS if nothing else NO_TOUCHES)
        self.no_stats.show()

    def set_theme(self, theme: Theme) -> None:
        if self._chart_view is not None:
            self._chart_view.set_theme(theme)
        super().set_theme(theme)

    def _restyle(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        unit = self._unit()
        t = self.theme
        target = touch_target_px(self, unit)
        portrait = h > w * 1.15
        margin = round(max(unit * 4.5, 16))
        self._outer.setContentsMargins(margin, round(margin * 0.7), margin, margin)
        self._outer.setSpacing(round(unit * 2))
        self.main.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        self.main.setStretch(0, 2 if portrait else 1)  # portrait: the chart takes what the text leaves
        self.main.setStretch(1, 3 if portrait else 1)
        self.main.setSpacing(round(unit * 3))
        self.rows.setHorizontalSpacing(round(unit * 2.5))
        self.rows.setVerticalSpacing(round(unit * 1.4))
        style_back_button(self.back_button, unit, target, _filled_css(t, target / 2, unit * 2.5))
        set_font(self.title, fonts.font(unit * 4.5, bold=True))
        _colour(self.title, t.text)
        name_font, value_font = fonts.font(unit * 2.6, bold=True), fonts.font(unit * 2.6)
        for key in self.names:
            set_font(self.names[key], name_font)
            _colour(self.names[key], t.gold)
            set_font(self.values[key], value_font)
            _colour(self.values[key], t.text)
        set_font(self.values["errors"], fonts.font(unit * 2.1))
        self.adopt_button.setFixedHeight(round(max(target, unit * 8)))
        set_font(self.adopt_button, fonts.font(unit * 2.8, bold=True))
        set_style(self.adopt_button, _filled_css(t, target * 0.3, unit * 2.5))
        bar = max(6, round(unit * 0.8))
        self._text_layout.setContentsMargins(0, 0, bar + round(unit * 1.5), 0)  # text clear of the scroll bar
        set_style(
            self.text_scroll.verticalScrollBar(),
            f"QScrollBar:vertical {{ background: rgba(0,0,0,60); width: {bar}px; border: none;"
            f" border-radius: {bar // 2}px; margin: 0; }}"
            f" QScrollBar::handle:vertical {{ background: {t.gold}; border-radius: {bar // 2}px;"
            f" min-height: {round(unit * 6)}px; }}"
            " QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
            " QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }",
        )
        set_font(self.no_stats, fonts.font(unit * 3.6, bold=True))
        _colour(self.no_stats, t.muted)


# ================================================================ the panel


_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class StaffPanel(QWidget):
    """PIN pad (or how to set a PIN), then the menu, and diagnostics from there.

    ``open(gate)`` starts at the pad; ``closed`` says the panel is done and the
    window may show the cards again.  Pass the kiosk's one ``PinGate`` every
    time: the lock after wrong PINs lives in it.
    """

    exit_requested = Signal()
    reload_requested = Signal()
    pause_toggled = Signal()
    adopt_requested = Signal()  # from the menu or the diagnostics page: staff confirm held content
    closed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, theme: Theme | None = None, idle_ms: int = STAFF_IDLE_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("staff_panel")
        self.theme = theme or Theme()
        self.diagnostics_provider: Callable[[], DiagnosticsInfo] | None = None
        self.pin_pad: PinPad | None = None  # made at the first open: it needs the gate
        self.notice = NoPinNotice(theme=self.theme)
        self.menu = StaffMenu(theme=self.theme)
        self.diagnostics = DiagnosticsPage(theme=self.theme)
        self.pages = QStackedLayout(self)
        self.pages.setContentsMargins(0, 0, 0, 0)
        for page in (self.notice, self.menu, self.diagnostics):
            self.pages.addWidget(page)
        self._open = False
        self._watching_input = False

        self.idle_timer = QTimer(self)
        self.idle_timer.setObjectName("staff_idle_timer")
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self._on_idle)

        self.notice.closed.connect(self.dismiss)
        self.menu.closed.connect(self.dismiss)
        self.menu.exit_requested.connect(self.exit_requested)
        self.menu.reload_requested.connect(self.reload_requested)
        self.menu.pause_toggled.connect(self.pause_toggled)
        self.menu.diagnostics_requested.connect(self.show_diagnostics)
        self.menu.adopt_requested.connect(self.adopt_requested)
        self.diagnostics.adopt_requested.connect(self.adopt_requested)
        self.diagnostics.closed.connect(self.show_menu)

    # -------------------------------------------------------------- flow

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def current(self) -> QWidget | None:
        return self.pages.currentWidget()

    def open(self, gate: PinGate | None) -> None:
        """Start at the PIN pad, or at how to set a PIN when ``gate`` is ``None``."""
        if gate is None:
            self.notice.set_config_path(_settings_path_text())
            self.pages.setCurrentWidget(self.notice)
        else:
            pad = self._pad_for(gate)
            pad.reset()
            self.pages.setCurrentWidget(pad)
            pad.setFocus(Qt.FocusReason.OtherFocusReason)
        self._open = True
        self._watch_input(True)
        self.idle_timer.start()
        log.info("staff panel opened (%s)", "PIN pad" if gate is not None else "no PIN set")

    def show_menu(self) -> None:
        self.pages.setCurrentWidget(self.menu)

    def show_diagnostics(self) -> None:
        try:
            info = self.diagnostics_provider() if self.diagnostics_provider is not None else DiagnosticsInfo()
        except Exception as exc:  # diagnostics are for when things go wrong: never fail to show them
            log.exception("could not gather diagnostics")
            info = DiagnosticsInfo(last_errors=[f"诊断信息收集失败：{type(exc).__name__}: {exc}"])
        self.diagnostics.show_info(info)
        self.pages.setCurrentWidget(self.diagnostics)

    def dismiss(self) -> None:
        """Close the panel (back, cancel, or nobody there any more); emits ``closed`` once."""
        if not self._open:
            return
        self._open = False
        self.idle_timer.stop()
        self._watch_input(False)
        if self.pin_pad is not None:
            self.pin_pad.reset()
            self.pin_pad.lock_timer.stop()
        log.info("staff panel closed")
        self.closed.emit()

    def set_paused(self, paused: bool) -> None:
        self.menu.set_paused(paused)

    def set_held(self, notice: str) -> None:
        """Changed content is held (``notice`` says what and why) or no longer is (empty)."""
        self.menu.set_held(notice)
        self.diagnostics.set_held(notice)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for page in (self.pin_pad, self.notice, self.menu, self.diagnostics):
            if page is not None:
                page.set_theme(theme)

    def _pad_for(self, gate: PinGate) -> PinPad:
        if self.pin_pad is None:
            self.pin_pad = PinPad(gate, theme=self.theme)
            self.pin_pad.accepted.connect(self.show_menu)
            self.pin_pad.cancelled.connect(self.dismiss)
            self.pages.addWidget(self.pin_pad)
        elif self.pin_pad.gate is not gate:
            self.pin_pad.set_gate(gate)
        return self.pin_pad

    def _on_idle(self) -> None:
        log.info("staff panel left alone for %.0f s: closing it", self.idle_timer.interval() / 1000)
        self.dismiss()

    # -------------------------------------------------------------- staff still there?

    def _watch_input(self, on: bool) -> None:
        app = QCoreApplication.instance()
        if app is None or on == self._watching_input:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching_input = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._open:
            self.idle_timer.start()  # any input while the panel is open: staff are still there
        return False

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._open:
            self.dismiss()  # the window showed something else, or went away: leave nothing watching
