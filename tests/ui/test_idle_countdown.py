"""Before an open page closes by itself, its last seconds are counted down on it; any input cancels that."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.core.attract import Mode
from kiosk.core.presenter import IDLE_COUNTDOWN_S
from kiosk.ui.idle_countdown import COUNTDOWN_TITLE

SIZE = (1280, 720)


def counting(window, clock, seconds_left: float) -> None:
    """Let the visitor's page sit until ``seconds_left`` remain, and the window's timer fire."""
    clock.advance(window.loop.idle_timeout - seconds_left)
    window.tick()


def test_the_detail_page_counts_down_its_last_seconds(make_window, bundle, clock):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    counting(window, clock, IDLE_COUNTDOWN_S + 1)
    assert not window.idle_countdown.isVisible()  # not yet: the visitor may be reading
    clock.advance(1.5)
    window.tick()
    countdown = window.idle_countdown
    assert countdown.isVisible()
    assert countdown.text() == f"{COUNTDOWN_TITLE} · 10 秒"
    assert window.rect().contains(countdown.geometry())
    clock.advance(3)
    window.tick()
    assert countdown.text() == f"{COUNTDOWN_TITLE} · 7 秒"
    assert window.card_timer.isActive()  # armed for the next second
    assert window.card_timer.remainingTime() <= 1000


def test_the_page_closes_when_the_countdown_ends(make_window, bundle, clock):
    window = make_window(bundle, size=SIZE)
    window.open_overview()
    counting(window, clock, 2)
    assert window.idle_countdown.isVisible()
    clock.advance(2)
    window.tick()
    assert window.loop.mode is Mode.ATTRACT
    assert not window.idle_countdown.isVisible()


def test_a_tap_on_the_page_cancels_the_countdown_and_keeps_it_open(make_window, bundle, clock, qtbot):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    counting(window, clock, 5)
    assert window.idle_countdown.isVisible()
    page = window.detail_page
    on_text = page.text_column.geometry().center()  # on the page's text, not beside it (that would close it)
    qtbot.mouseClick(page, Qt.MouseButton.LeftButton, pos=on_text)
    assert not window.idle_countdown.isVisible()
    assert window.loop.mode is Mode.DETAIL
    clock.advance(6)
    window.tick()
    assert window.loop.mode is Mode.DETAIL  # the page's time started again at the tap


def test_a_tap_on_the_countdown_itself_only_keeps_the_page(make_window, bundle, clock, qtbot):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    counting(window, clock, 5)
    countdown = window.idle_countdown
    qtbot.mouseClick(countdown, Qt.MouseButton.LeftButton, pos=countdown.rect().center())
    assert not countdown.isVisible()
    assert window.loop.mode is Mode.DETAIL  # not a tap beside the page, which would close it


def test_a_key_or_the_mouse_cancels_the_countdown(make_window, bundle, clock, qtbot):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    counting(window, clock, 5)
    QTest.keyClick(window, Qt.Key.Key_Shift)
    assert not window.idle_countdown.isVisible()
    clock.advance(window.loop.idle_timeout - 5)
    window.tick()
    assert window.idle_countdown.isVisible()
    QTest.mouseMove(window.detail_page, QPoint(300, 300))
    assert not window.idle_countdown.isVisible()


def test_the_staff_panel_is_never_covered_by_the_countdown(make_window, bundle, clock):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    window.open_staff_panel()
    counting(window, clock, 5)
    assert not window.idle_countdown.isVisible()
