"""Notices on screen, and the display's power at closing and opening: the window renders what the presenter decides."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QFontInfo

from kiosk.core.clock import Clocks
from kiosk.core.display_power import PowerReport, PowerState
from kiosk.core.presenter import NOTICE_FULL_SCREEN_S
from kiosk.core.schedule import OpeningHours
from kiosk.feed.layout import NOTICE_FILE, feed_dir
from kiosk.feed.notices import Notice, make_notice
from kiosk.ui import fonts
from kiosk.ui.window import KioskSetup, KioskWindow
from tests.clocks import FakeClock

WEEKDAYS = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
TEXT = "今日下午闭馆维护，明日9:00恢复开放"
LONG_TEXT = "各位职工朋友：本馆将于本周六进行消防设施检修，当日下午暂停开放，" * 4


def received(data_dir, clock: FakeClock, text: str = TEXT, *, hours: float = 2) -> Notice:
    """A notice as the feed leaves it in the data folder."""
    now = datetime.fromtimestamp(clock.wall(), UTC)
    notice = make_notice(text, now + timedelta(hours=hours), now=now)
    folder = feed_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / NOTICE_FILE).write_text(json.dumps(notice.as_dict(), ensure_ascii=False), encoding="utf-8")
    return notice


@pytest.fixture
def notice_window(qtbot, clock, bundle, tmp_path):
    def make(size=(1280, 720)) -> KioskWindow:
        setup = KioskSetup(data_dir=tmp_path)
        window = KioskWindow(bundle, fullscreen=False, clocks=clock.clocks(), watch=False, setup=setup)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.stage.settle()
        return window

    return make


def test_a_received_notice_fills_the_screen_then_runs_as_a_banner(notice_window, clock, tmp_path):
    notice = received(tmp_path, clock)
    window = notice_window()
    assert window.pages.currentWidget() is window.notice_page
    assert window.notice_page.notice == notice
    assert not window.card_timer.isActive()  # the cards wait
    clock.advance(NOTICE_FULL_SCREEN_S)
    window.check_notice()
    assert window.pages.currentWidget() is window.stage
    assert window.notice_banner.isVisible() and window.notice_banner.notice == notice
    assert window.card_timer.isActive()


def test_a_touch_anywhere_on_the_notice_returns_to_the_cards(notice_window, clock, tmp_path, qtbot):
    received(tmp_path, clock)
    window = notice_window()
    qtbot.mouseClick(window.notice_page, Qt.MouseButton.LeftButton, pos=QPoint(100, 500))
    assert window.pages.currentWidget() is window.stage
    assert window.notice_banner.isVisible()


def test_a_finger_on_the_notice_returns_to_the_cards(notice_window, clock, tmp_path, touchscreen):
    from PySide6.QtTest import QTest

    received(tmp_path, clock)
    window = notice_window()
    QTest.touchEvent(window, touchscreen).press(0, QPoint(640, 400)).commit()
    QTest.touchEvent(window, touchscreen).release(0, QPoint(640, 400)).commit()
    assert window.pages.currentWidget() is window.stage


def test_the_notice_is_shown_full_screen_only_once(notice_window, clock, tmp_path):
    received(tmp_path, clock)
    window = notice_window()
    window.kiosk.dismiss_notice()
    window.refresh_notice()  # the next check of the feed reads the same notice
    assert window.pages.currentWidget() is window.stage


def test_the_banner_goes_when_the_notice_expires(notice_window, clock, tmp_path):
    received(tmp_path, clock, hours=1)
    window = notice_window()
    window.kiosk.dismiss_notice()
    assert window.notice_banner.isVisible()
    assert window.notice_timer.isActive()
    clock.advance(3600)
    window.check_notice()
    assert not window.notice_banner.isVisible()


def test_the_banner_goes_when_the_notice_is_withdrawn(notice_window, clock, tmp_path):
    received(tmp_path, clock)
    window = notice_window()
    window.kiosk.dismiss_notice()
    (feed_dir(tmp_path) / NOTICE_FILE).unlink()  # the feed's next check withdrew it
    window.refresh_notice()
    assert not window.notice_banner.isVisible()


def test_a_notice_whose_text_fails_the_check_on_receipt_is_not_shown(notice_window, clock, tmp_path):
    notice = received(tmp_path, clock)
    path = feed_dir(tmp_path) / NOTICE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["text"] = "闭馆\u202e维护"  # a bidi override slipped past the publisher
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window = notice_window()
    assert window.pages.currentWidget() is window.stage
    assert not window.notice_banner.isVisible()
    assert notice.id  # the notice was well formed apart from its text


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1366, 768)])
def test_the_banner_never_covers_the_headline_or_the_buttons(notice_window, clock, tmp_path, size):
    received(tmp_path, clock, LONG_TEXT[:120])
    window = notice_window(size=size)
    window.kiosk.dismiss_notice()
    banner = QRectF(window.notice_banner.geometry())
    rendered = window.stage._rendered()  # where the card painter put things
    headline = rendered.headline.rect
    assert banner.bottom() == pytest.approx(window.stage.height(), abs=1)
    assert banner.top() > headline.bottom()
    for button in (rendered.painter.hint_rect, rendered.painter.overview_rect):  # the source line ends there too
        assert button.isEmpty() or banner.top() >= button.bottom()


def test_the_banner_is_plain_text_in_the_shipped_font_and_readable(notice_window, clock, tmp_path):
    received(tmp_path, clock, "<b>闭馆</b>维护")
    window = notice_window(size=(1920, 1080))
    window.kiosk.dismiss_notice()
    window.notice_banner.grab()  # paints it
    assert window.notice_banner.lines == ["<b>闭馆</b>维护"]
    assert QFontInfo(window.notice_banner.text_font).family() == fonts.FAMILY
    assert window.notice_banner.text_font.pixelSize() >= 24  # about 2.2 % of the screen's height


def test_a_long_notice_takes_two_lines_rather_than_shrinking_away(notice_window, clock, tmp_path):
    received(tmp_path, clock, LONG_TEXT[:120])
    window = notice_window(size=(1366, 768))
    window.kiosk.dismiss_notice()
    window.notice_banner.grab()
    assert len(window.notice_banner.lines) == 2
    assert window.notice_banner.text_font.pixelSize() >= 12


def test_touches_on_the_banner_reach_the_card(notice_window, clock, tmp_path):
    received(tmp_path, clock)
    window = notice_window()
    window.kiosk.dismiss_notice()
    assert window.notice_banner.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


# ---------------------------------------------------------------- display power


class FakeDisplayPower:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.off_times: list[datetime] = []

    def on(self) -> bool:
        self.calls.append("on")
        return True

    def off(self, now: datetime) -> bool:
        self.calls.append("off")
        self.off_times.append(now)
        return True

    def state(self) -> PowerReport:
        return PowerReport(PowerState.OFF if self.calls[-1:] == ["off"] else PowerState.ON, "fake")


class Wall:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now.timestamp()


def power_window(qtbot, clock, bundle, wall) -> tuple[KioskWindow, FakeDisplayPower]:
    power = FakeDisplayPower()
    window = KioskWindow(
        bundle,
        fullscreen=False,
        watch=False,
        clocks=Clocks(monotonic=clock, wall=wall),
        setup=KioskSetup(hours=OpeningHours.parse(WEEKDAYS), display_power=power),
    )
    qtbot.addWidget(window)
    return window, power


def test_closing_switches_the_display_off_and_opening_on_again(qtbot, clock, bundle):
    wall = Wall(datetime(2026, 11, 23, 16, 59))
    window, power = power_window(qtbot, clock, bundle, wall)
    qtbot.waitUntil(lambda: power.calls == ["on"], timeout=3000)  # open at start: on
    wall.now = datetime(2026, 11, 23, 17, 0)
    window.check_opening_hours()
    qtbot.waitUntil(lambda: power.calls == ["on", "off"], timeout=3000)
    assert power.off_times == [datetime(2026, 11, 23, 17, 0)]
    wall.now = datetime(2026, 11, 24, 9, 0)
    window.check_opening_hours()
    qtbot.waitUntil(lambda: power.calls == ["on", "off", "on"], timeout=3000)


def test_a_kiosk_started_after_closing_switches_the_display_off(qtbot, clock, bundle):
    window, power = power_window(qtbot, clock, bundle, Wall(datetime(2026, 11, 23, 20, 0)))
    qtbot.waitUntil(lambda: power.calls == ["off"], timeout=3000)
    assert not window.is_open


def test_a_display_left_off_is_switched_on_when_the_kiosk_ends(qtbot, clock, bundle):
    window, power = power_window(qtbot, clock, bundle, Wall(datetime(2026, 11, 23, 20, 0)))
    qtbot.waitUntil(lambda: power.calls == ["off"], timeout=3000)
    window.close()
    assert power.calls == ["off", "on"]


def test_a_dead_clock_battery_keeps_the_display_on(qtbot, clock, bundle):
    window, power = power_window(qtbot, clock, bundle, Wall(datetime(2000, 1, 1, 3, 0)))
    qtbot.waitUntil(lambda: power.calls == ["on"], timeout=3000)
    window.check_opening_hours()
    assert power.calls == ["on"]
