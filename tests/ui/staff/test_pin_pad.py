"""The PIN pad lets staff in and keeps guessers out; typed digits show only as dots."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.core.pin import FIRST_LOCK_S, FREE_ATTEMPTS
from kiosk.ui.staff.pin_pad import CANCEL_LABEL, DIGITS, LOCKED, TOO_SHORT, TRY_AGAIN, PinPad, wait_text
from kiosk.ui.touch import MIN_TOUCH_TARGET_MM, pixels_per_mm
from tests.ui.staff.pages import PIN, WRONG, shown, tap_pin


def test_a_wrong_pin_says_how_many_tries_are_left(qtbot, pad):
    with qtbot.assert_not_emitted(pad.accepted):
        tap_pin(qtbot, pad, WRONG)
    assert pad.message.text() == f"管理密码错误，还可以再试 {FREE_ATTEMPTS - 1} 次"
    assert pad.entered_digits == 0
    tap_pin(qtbot, pad, WRONG)
    assert pad.message.text() == f"管理密码错误，还可以再试 {FREE_ATTEMPTS - 2} 次"


def test_three_wrong_pins_lock_the_pad_until_the_time_has_passed(qtbot, pad, clock):
    for _ in range(FREE_ATTEMPTS):
        tap_pin(qtbot, pad, WRONG)
    assert pad.message.text() == LOCKED.format(wait="30 秒") == "错误次数过多，请 30 秒后再试"
    assert pad.lock_timer.isActive()
    assert not any(key.isEnabled() for key in pad.digit_keys.values())
    assert not pad.ok_key.isEnabled()
    assert pad.cancel_key.isEnabled()

    with qtbot.assert_not_emitted(pad.accepted):
        for digit in PIN:  # the right PIN, typed and pressed while locked: refused
            pad.press_digit(digit)
        qtbot.keyClicks(pad, PIN)
        pad.submit()
    assert pad.entered_digits == 0

    clock.advance(10)
    pad.lock_timer.timeout.emit()
    assert pad.message.text() == "错误次数过多，请 20 秒后再试"
    clock.advance(FIRST_LOCK_S - 10)
    pad.lock_timer.timeout.emit()
    assert not pad.lock_timer.isActive()
    assert pad.message.text() == TRY_AGAIN == "请重新输入管理密码"
    assert all(key.isEnabled() for key in pad.digit_keys.values())
    with qtbot.wait_signal(pad.accepted):
        tap_pin(qtbot, pad, PIN)


def test_a_pin_too_short_is_not_tried(qtbot, pad):
    tap_pin(qtbot, pad, "24")
    assert pad.message.text() == TOO_SHORT == "管理密码是 4–8 位数字"
    tap_pin(qtbot, pad, PIN)  # no try was used up
    assert pad.message.text() == ""


def test_typed_digits_are_never_shown_only_dots(qtbot, pad):
    for digit in "2579":
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    assert pad.entered_digits == 4
    labels = [label.text() for label in pad.findChildren(QLabel)]
    assert not any(ch in DIGITS for text in labels for ch in text)
    assert pad.dots.text().count("●") == 4
    qtbot.mouseClick(pad.ok_key, Qt.MouseButton.LeftButton)
    assert not any("2579" in label.text() for label in pad.findChildren(QLabel))


def test_the_keyboard_types_deletes_enters_and_cancels(qtbot, pad):
    qtbot.keyClicks(pad, PIN + "9")
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.entered_digits == len(PIN)
    with qtbot.wait_signal(pad.accepted):
        qtbot.keyClick(pad, Qt.Key.Key_Return)
    qtbot.keyClicks(pad, PIN)
    with qtbot.wait_signal(pad.accepted):
        qtbot.keyClick(pad, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.keyClicks(pad, "12")
    with qtbot.wait_signal(pad.cancelled):
        qtbot.keyClick(pad, Qt.Key.Key_Escape)
    assert pad.entered_digits == 0


def test_the_delete_key_takes_back_one_digit(qtbot, pad):
    for digit in "123":
        pad.press_digit(digit)
    qtbot.mouseClick(pad.delete_key, Qt.MouseButton.LeftButton)
    assert pad.entered_digits == 2


def test_no_more_than_eight_digits_are_taken(pad):
    for _ in range(12):
        pad.press_digit("1")
    assert pad.entered_digits == 8


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1080, 1920), (800, 480)])
def test_pin_keys_are_at_least_nine_millimetres(qtbot, gate, size):
    pad = shown(qtbot, PinPad(gate), size)
    keys = [*pad.digit_keys.values(), pad.delete_key, pad.ok_key, pad.cancel_key]
    minimum = MIN_TOUCH_TARGET_MM * pixels_per_mm(pad)
    assert all(key.height() >= minimum and key.width() >= minimum for key in keys)
    assert all(pad.rect().contains(key.mapTo(pad, key.rect().bottomRight())) for key in keys)


def test_pin_keys_grow_with_the_screen(qtbot, gate):
    small = shown(qtbot, PinPad(gate), (1280, 720))
    large = shown(qtbot, PinPad(gate), (1920, 1080))
    assert large.ok_key.height() > small.ok_key.height()
    assert large.ok_key.font().pixelSize() > small.ok_key.font().pixelSize()


def test_the_lock_wait_reads_in_seconds_then_minutes():
    assert wait_text(30.0) == "30 秒"
    assert wait_text(29.2) == "30 秒"
    assert wait_text(0.1) == "1 秒"
    assert wait_text(125) == "2 分 05 秒"


def test_cancel_is_labelled_in_words(pad):
    assert pad.cancel_key.text() == CANCEL_LABEL
