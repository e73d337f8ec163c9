"""The staff menu: each button asks for what it says; held content shows with the button that adopts it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from kiosk.ui.staff.menu import CONFIRM_EXIT, PAUSE_LABEL, RESUME_LABEL, StaffMenu
from kiosk.ui.touch import touch_target_px
from tests.ui.staff.pages import shown, visible_texts


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("confirm_button", "exit_requested"),
        ("reload_button", "reload_requested"),
        ("pause_button", "pause_toggled"),
        ("diagnostics_button", "diagnostics_requested"),
        ("back_button", "closed"),
    ],
)
def test_every_menu_button_emits_its_signal(qtbot, button, signal):
    menu = shown(qtbot, StaffMenu())
    menu.ask_exit()  # the question's 退出 is on screen instead of the menu's buttons
    if button != "confirm_button":
        menu.cancel_exit()
    with qtbot.wait_signal(getattr(menu, signal)):
        qtbot.mouseClick(getattr(menu, button), Qt.MouseButton.LeftButton)


def test_the_pause_button_offers_the_opposite_of_the_state(qtbot, menu_panel):
    assert menu_panel.menu.pause_button.text() == PAUSE_LABEL
    menu_panel.pause_toggled.connect(lambda: menu_panel.set_paused(not menu_panel.menu.paused))  # as the window does
    qtbot.mouseClick(menu_panel.menu.pause_button, Qt.MouseButton.LeftButton)
    assert menu_panel.menu.pause_button.text() == RESUME_LABEL
    qtbot.mouseClick(menu_panel.menu.pause_button, Qt.MouseButton.LeftButton)
    assert menu_panel.menu.pause_button.text() == PAUSE_LABEL


def test_held_content_shows_its_reason_and_the_adopt_button(qtbot):
    menu = shown(qtbot, StaffMenu())
    assert not menu.holding
    notice = "新内容只有 2 张卡片（现在 36 张），已暂缓"
    menu.set_held(notice)
    assert menu.holding
    assert notice in visible_texts(menu)
    with qtbot.wait_signal(menu.adopt_requested):
        qtbot.mouseClick(menu.adopt_button, Qt.MouseButton.LeftButton)
    menu.set_held("")
    assert not menu.holding
    assert notice not in visible_texts(menu)


def test_exit_asks_to_confirm_before_leaving(qtbot):
    menu = shown(qtbot, StaffMenu())
    left = []
    menu.exit_requested.connect(lambda: left.append(True))
    qtbot.mouseClick(menu.exit_button, Qt.MouseButton.LeftButton)
    assert left == []
    assert menu.asking_to_exit
    texts = visible_texts(menu)
    assert CONFIRM_EXIT in texts
    assert "退出" in texts
    assert "取消" in texts
    assert menu.exit_button.text() not in texts  # the menu's buttons make way for the question
    with qtbot.wait_signal(menu.exit_requested):
        qtbot.mouseClick(menu.confirm_button, Qt.MouseButton.LeftButton)


def test_cancel_goes_back_to_the_menu_without_leaving(qtbot):
    menu = shown(qtbot, StaffMenu())
    left = []
    menu.exit_requested.connect(lambda: left.append(True))
    qtbot.mouseClick(menu.exit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(menu.cancel_exit_button, Qt.MouseButton.LeftButton)
    assert left == []
    assert not menu.asking_to_exit
    assert menu.exit_button.isVisible()


def test_the_question_is_gone_when_staff_come_back(qtbot):
    menu = shown(qtbot, StaffMenu())
    menu.ask_exit()
    menu.hide()
    menu.show()
    assert not menu.asking_to_exit


@pytest.mark.parametrize("size", [(1280, 720), (1080, 1920), (1024, 768)])
def test_the_exit_choices_are_finger_sized_and_side_by_side(qtbot, size):
    menu = shown(qtbot, StaffMenu(), size=size)
    menu.ask_exit()
    qtbot.wait_until(menu.confirm_button.isVisible)
    target = touch_target_px(menu, min(size) / 100)
    for button in (menu.confirm_button, menu.cancel_exit_button):
        assert button.height() >= target - 1
        assert button.width() >= target * 2
        assert menu.rect().contains(QRect(button.mapTo(menu, QPoint(0, 0)), button.size()))
    cancel, confirm = menu.cancel_exit_button, menu.confirm_button
    assert cancel.mapTo(menu, cancel.rect().topRight()).x() < confirm.mapTo(menu, confirm.rect().topLeft()).x()
