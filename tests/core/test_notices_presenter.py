"""Notices as the presenter decides them, on a fake clock: full screen once per id, then a banner until ``until``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.core.attract import Mode
from kiosk.core.presenter import NOTICE_FULL_SCREEN_S, Action, BannerChanged, KioskPresenter, NoticeShown
from kiosk.core.schedule import OpeningHours
from kiosk.feed.notices import Notice
from tests.clocks import FakeClock

EVERY_DAY_NINE_TO_FIVE = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def kiosk(bundle, clock):
    presenter = KioskPresenter(bundle, clocks=clock.clocks())
    presenter.heard = []
    presenter.events.connect(presenter.heard.append)
    presenter.start()
    return presenter


def notice(clock: FakeClock, ident: str = "n1", *, hours: float = 2.0, text: str = "今日下午闭馆维护") -> Notice:
    now = datetime.fromtimestamp(clock.wall(), UTC)
    return Notice(id=ident, text=text, until=now + timedelta(hours=hours), published=now)


def notice_events(presenter) -> list:
    return [e for e in presenter.heard if isinstance(e, NoticeShown | BannerChanged)]


def test_a_new_notice_fills_the_screen_once_then_becomes_a_banner(kiosk, clock):
    first = notice(clock)
    kiosk.receive_notice(first)
    assert kiosk.notice_full_screen and kiosk.banner is None
    assert notice_events(kiosk) == [NoticeShown(first)]
    clock.advance(NOTICE_FULL_SCREEN_S - 1)
    assert kiosk.check_notice() == pytest.approx(1.0)
    assert kiosk.notice_full_screen
    clock.advance(1)
    kiosk.check_notice()
    assert not kiosk.notice_full_screen
    assert kiosk.banner is first
    assert notice_events(kiosk)[-1] == BannerChanged(first)


def test_the_same_notice_received_again_is_not_shown_full_screen_again(kiosk, clock):
    first = notice(clock)
    kiosk.receive_notice(first)
    kiosk.dismiss_notice()
    kiosk.receive_notice(first)
    kiosk.receive_notice(notice(clock))  # the same id read again from the file at the next check
    assert sum(isinstance(e, NoticeShown) for e in kiosk.heard) == 1
    assert kiosk.banner is not None and not kiosk.notice_full_screen


def test_a_touch_takes_the_full_screen_notice_away(kiosk, clock):
    kiosk.receive_notice(notice(clock))
    kiosk.dismiss_notice()
    assert not kiosk.notice_full_screen and kiosk.banner is not None


def test_a_key_only_takes_the_full_screen_notice_away(kiosk, clock):
    first_card = kiosk.loop.current.id
    kiosk.receive_notice(notice(clock))
    assert kiosk.key("Right") is Action.CLOSE
    assert kiosk.loop.current.id == first_card and not kiosk.notice_full_screen


def test_the_cards_wait_while_the_notice_fills_the_screen(kiosk, clock):
    kiosk.receive_notice(notice(clock))
    assert kiosk.seconds_to_next_tick() is None
    clock.advance(600)
    assert kiosk.tick() is None


def test_the_banner_stays_until_the_notice_expires(kiosk, clock):
    kiosk.receive_notice(notice(clock, hours=1))
    kiosk.dismiss_notice()
    clock.advance(3599)
    assert kiosk.check_notice() == pytest.approx(1.0)
    assert kiosk.banner is not None
    clock.advance(1)
    assert kiosk.check_notice() is None
    assert kiosk.banner is None and kiosk.notice is None
    assert notice_events(kiosk)[-1] == BannerChanged(None)


def test_a_withdrawn_notice_goes_at_once_even_full_screen(kiosk, clock):
    kiosk.receive_notice(notice(clock))
    kiosk.receive_notice(None)
    assert not kiosk.notice_full_screen and kiosk.banner is None
    assert notice_events(kiosk)[-1] == BannerChanged(None)


def test_a_notice_already_over_is_never_shown(kiosk, clock):
    kiosk.receive_notice(notice(clock, hours=-1))
    assert notice_events(kiosk) == [] and kiosk.banner is None


def test_a_newer_notice_is_shown_full_screen_in_its_turn(kiosk, clock):
    kiosk.receive_notice(notice(clock, "n1"))
    kiosk.dismiss_notice()
    second = notice(clock, "n2", text="明日恢复开放")
    kiosk.receive_notice(second)
    assert kiosk.notice_full_screen
    assert notice_events(kiosk)[-1] == NoticeShown(second)


def test_a_notice_waits_until_the_visitor_is_back_in_the_loop(kiosk, clock):
    kiosk.perform(Action.OPEN_DETAIL)
    first = notice(clock)
    kiosk.receive_notice(first)
    assert not kiosk.notice_full_screen and kiosk.banner is first  # the detail page stays
    kiosk.perform(Action.CLOSE)
    assert kiosk.loop.mode is Mode.ATTRACT
    assert kiosk.notice_full_screen


def test_a_notice_that_comes_while_closed_is_shown_at_opening(bundle, clock):
    evening = datetime(2026, 11, 23, 19, 0).timestamp()
    clock._wall_offset = evening - clock.now
    presenter = KioskPresenter(bundle, clocks=clock.clocks(), hours=OpeningHours.parse(EVERY_DAY_NINE_TO_FIVE))
    heard = []
    presenter.events.connect(heard.append)
    presenter.start()
    assert not presenter.is_open
    presenter.receive_notice(notice(clock, hours=24))
    assert not presenter.notice_full_screen
    clock.advance(14 * 3600)  # 09:00 the next morning
    presenter.check_hours()
    assert presenter.is_open and presenter.notice_full_screen
