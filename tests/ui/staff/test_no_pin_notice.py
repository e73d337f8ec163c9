"""Without a PIN, staff are told how to set one and where it is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.ui.staff.no_pin_notice import NO_PIN_HOW, NO_PIN_TITLE, SET_PIN_COMMAND, NoPinNotice
from tests.ui.staff.pages import shown, visible_texts


def test_without_a_pin_the_panel_says_how_to_set_one(qtbot, panel):
    from kiosk.core.settings import settings_path

    panel.open(None)
    assert panel.current is panel.notice
    texts = visible_texts(panel.notice)
    assert texts[:3] == [NO_PIN_TITLE, NO_PIN_HOW, SET_PIN_COMMAND]
    assert "。".join(texts[:2]) + texts[2] == "尚未设置管理密码。请在这台电脑上运行：union-kiosk set-pin"
    assert str(settings_path()) in texts
    with qtbot.wait_signal(panel.closed):
        qtbot.mouseClick(panel.notice.close_button, Qt.MouseButton.LeftButton)
    assert not panel.is_open


def test_the_notice_shows_the_path_it_is_given(qtbot):
    notice = shown(qtbot, NoPinNotice(config_path="/etc/union-kiosk/kiosk.yaml"))
    assert "/etc/union-kiosk/kiosk.yaml" in visible_texts(notice)
