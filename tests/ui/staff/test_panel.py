"""The staff panel: PIN pad, then menu, then diagnostics; it closes itself when staff walk away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.core.diagnostics import DiagnosticsInfo
from kiosk.core.model import Theme
from kiosk.core.pin import FREE_ATTEMPTS
from tests.diagnostics_samples import INFO
from tests.ui.staff.pages import PIN, WRONG, tap_pin, visible_texts


def test_the_right_pin_opens_the_menu(qtbot, panel, gate):
    panel.open(gate)
    assert panel.current is panel.pin_pad
    with qtbot.wait_signal(panel.pin_pad.accepted):
        tap_pin(qtbot, panel.pin_pad, PIN)
    assert panel.current is panel.menu


def test_the_lock_holds_when_the_panel_is_closed_and_opened_again(qtbot, panel, gate):
    panel.open(gate)
    for _ in range(FREE_ATTEMPTS):
        tap_pin(qtbot, panel.pin_pad, WRONG)
    with qtbot.wait_signal(panel.closed):
        qtbot.mouseClick(panel.pin_pad.cancel_key, Qt.MouseButton.LeftButton)
    assert not panel.pin_pad.lock_timer.isActive()  # nothing keeps running while closed
    panel.open(gate)
    assert panel.pin_pad.locked
    assert panel.pin_pad.message.text().startswith("错误次数过多")
    assert panel.pin_pad.lock_timer.isActive()


@pytest.mark.parametrize(
    ("button", "signal"),
    [("confirm_button", "exit_requested"), ("reload_button", "reload_requested"), ("pause_button", "pause_toggled")],
)
def test_menu_buttons_ask_the_window_through_the_panels_signals(qtbot, menu_panel, button, signal):
    if button == "confirm_button":
        qtbot.mouseClick(menu_panel.menu.exit_button, Qt.MouseButton.LeftButton)  # 退出展台, then 确定
    with qtbot.wait_signal(getattr(menu_panel, signal)):
        qtbot.mouseClick(getattr(menu_panel.menu, button), Qt.MouseButton.LeftButton)


def test_back_from_the_menu_closes_the_panel(qtbot, menu_panel):
    with qtbot.wait_signal(menu_panel.closed):
        qtbot.mouseClick(menu_panel.menu.back_button, Qt.MouseButton.LeftButton)
    assert not menu_panel.is_open


def test_diagnostics_open_from_the_menu_and_go_back_to_it(qtbot, menu_panel):
    menu_panel.diagnostics_provider = lambda: INFO
    qtbot.mouseClick(menu_panel.menu.diagnostics_button, Qt.MouseButton.LeftButton)
    assert menu_panel.current is menu_panel.diagnostics
    assert menu_panel.diagnostics.info is INFO
    qtbot.mouseClick(menu_panel.diagnostics.back_button, Qt.MouseButton.LeftButton)
    assert menu_panel.current is menu_panel.menu
    assert menu_panel.is_open


def test_a_failing_diagnostics_provider_still_shows_the_page(qtbot, menu_panel):
    def broken() -> DiagnosticsInfo:
        raise RuntimeError("stats gone")

    menu_panel.diagnostics_provider = broken
    menu_panel.show_diagnostics()
    assert menu_panel.current is menu_panel.diagnostics
    assert any("stats gone" in text for text in visible_texts(menu_panel.diagnostics))


def test_held_content_shows_on_the_menu_and_the_diagnostics_page(qtbot, menu_panel):
    menu_panel.set_held("新内容已暂缓")
    assert menu_panel.menu.holding
    assert menu_panel.diagnostics.values["held"].text() == "新内容已暂缓"
    with qtbot.wait_signal(menu_panel.adopt_requested):
        qtbot.mouseClick(menu_panel.menu.adopt_button, Qt.MouseButton.LeftButton)


def test_a_panel_left_alone_closes_itself(qtbot, menu_panel):
    assert menu_panel.idle_timer.isActive()
    with qtbot.wait_signal(menu_panel.closed):
        menu_panel.idle_timer.timeout.emit()
    assert not menu_panel.is_open
    assert not menu_panel.idle_timer.isActive()


def test_a_touch_keeps_the_panel_open(qtbot, menu_panel):
    menu_panel.idle_timer.stop()
    qtbot.mousePress(menu_panel.menu, Qt.MouseButton.LeftButton)
    assert menu_panel.idle_timer.isActive()


def test_hiding_the_panel_closes_it(qtbot, menu_panel):
    with qtbot.wait_signal(menu_panel.closed):
        menu_panel.hide()
    assert not menu_panel.idle_timer.isActive()


def test_themes_apply_to_every_page(qtbot, panel, gate):
    panel.open(gate)
    theme = Theme(background="#123456", gold="#ABCDEF")
    panel.set_theme(theme)
    assert all(page.theme == theme for page in (panel.pin_pad, panel.notice, panel.menu, panel.diagnostics))
    assert "#ABCDEF" in panel.pin_pad.ok_key.styleSheet()
