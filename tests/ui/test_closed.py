"""Outside opening hours the screen says when the kiosk opens next: on the card, or on a tap when dark."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from kiosk.core.clock import Clocks
from kiosk.core.opening_notice import BREAK, CLOSED_TODAY, ENDED_TODAY
from kiosk.core.schedule import OpeningHours
from kiosk.ui.window import KioskSetup, KioskWindow

MONDAY = datetime(2026, 11, 23)  # a Monday
HOURS = {"mon": ["09:00-12:00", "13:30-17:30"], "tue": ["09:00-17:30"], "sat": ["09:00-16:00"]}


class WallClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now.timestamp()


@pytest.fixture
def closed_window(qtbot, clock):
    def make(bundle, wall: WallClock, *, dark: bool, size=(1280, 720)) -> KioskWindow:
        clocks = Clocks(monotonic=clock, wall=wall)
        setup = KioskSetup(hours=OpeningHours.parse(HOURS), closed_dark=dark)
        window = KioskWindow(bundle, fullscreen=False, clocks=clocks, watch=False, setup=setup)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        assert window.pages.currentWidget() is window.closed_screen
        return window

    return make


def lit_pixels(window: KioskWindow) -> int:
    image = window.closed_screen.grab().toImage().scaled(320, 180)
    return sum(
        1 for y in range(image.height()) for x in range(image.width()) if QColor(image.pixel(x, y)).lightness() > 20
    )


@pytest.mark.parametrize(
    ("now", "title", "when"),
    [
        (MONDAY.replace(hour=7), "展示尚未开始", "今天 09:00 开放"),
        (MONDAY.replace(hour=12, minute=30), BREAK, "今天 13:30 开放"),
        (MONDAY.replace(hour=19), ENDED_TODAY, "明天 09:00 开放"),
        (MONDAY + timedelta(days=2, hours=10), CLOSED_TODAY, "周六 09:00 开放"),  # a closed Wednesday
    ],
)
def test_the_closed_card_says_when_the_kiosk_opens(closed_window, bundle, now, title, when):
    window = closed_window(bundle, WallClock(now), dark=False)
    shown_title, shown_when, footer = window.closed_screen.lines()
    assert (shown_title, shown_when) == (title, when)
    assert bundle.manifest.organisation in footer


def test_at_midnight_tomorrow_becomes_today(closed_window, bundle):
    wall = WallClock(MONDAY.replace(hour=23, minute=30))
    window = closed_window(bundle, wall, dark=False)
    assert window.closed_screen.lines()[1] == "明天 09:00 开放"
    assert window.hours_timer.remainingTime() <= 31 * 60 * 1000  # it looks again at midnight (a coarse timer)
    wall.now += timedelta(hours=1)
    window.check_opening_hours()
    assert window.closed_screen.lines()[1] == "今天 09:00 开放"


def test_the_dark_screen_stays_dark_until_tapped_then_shows_the_next_opening_for_a_while(closed_window, bundle, qtbot):
    window = closed_window(bundle, WallClock(MONDAY.replace(hour=19)), dark=True)
    screen = window.closed_screen
    assert lit_pixels(window) == 0
    qtbot.mouseClick(screen, Qt.MouseButton.LeftButton, pos=QPoint(600, 300))
    assert screen.showing_hint
    assert lit_pixels(window) > 0
    screen.hint_timer.timeout.emit()  # the few seconds are over
    screen.hint_timer.stop()
    assert not screen.showing_hint
    assert lit_pixels(window) == 0
