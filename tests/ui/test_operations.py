"""The window as a kiosk PC runs it: statistics, opening hours, recovery, resume."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, Signal

from kiosk.core.attract import Mode
from kiosk.core.clock import Clocks
from kiosk.core.schedule import OpeningHours
from kiosk.core.stats import StatsRecorder
from kiosk.ui.window import KioskSetup, KioskWindow

MONDAY_NOON = datetime(2026, 11, 23, 12, 0)
WEEKDAYS = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


class WallClock:
    """The wall clock at a set local time, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now.timestamp()


@pytest.fixture
def kiosk(qtbot, clock):
    def make(bundle, wall_clock=None, **options) -> KioskWindow:
        clocks = Clocks(monotonic=clock, wall=wall_clock or clock.wall)
        window = KioskWindow(bundle, fullscreen=False, clocks=clocks, watch=False, setup=KioskSetup(**options))
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        window.stage.settle()
        return window

    return make


@pytest.fixture
def recorder(tmp_path, clock):
    stats = StatsRecorder(tmp_path / "stats.sqlite3", clock=lambda: clock.now)
    yield stats
    stats.close()


def test_statistics_record_cards_details_and_returns(kiosk, bundle, recorder, clock, qtbot):
    window = kiosk(bundle, stats=recorder)
    clock.advance(bundle.manifest.display.card_duration)
    window.tick()  # an automatic change
    qtbot.keyClick(window, Qt.Key.Key_Right)  # a change by key
    window.open_detail()
    clock.advance(20)
    window.loop.touched()
    clock.advance(bundle.manifest.display.idle_timeout)
    window.tick()  # the visitor walked away
    assert window.loop.mode is Mode.ATTRACT
    summary = recorder.summarise()
    assert summary.card_views >= 3
    assert summary.detail_views == 1
    assert summary.returns.get("idle") == 1
    shown = {c.card_id for c in summary.most_viewed}
    order = [c.id for c in bundle.manifest.play_order()]
    assert set(order[:3]) <= shown


def test_outside_opening_hours_the_screen_rests(kiosk, bundle):
    evening = WallClock(MONDAY_NOON.replace(hour=20))
    window = kiosk(bundle, hours=OpeningHours.parse(WEEKDAYS), wall_clock=evening)
    assert not window.is_open
    assert window.pages.currentWidget() is window.closed_screen
    assert not window.card_timer.isActive()
    assert not window.stage.animating
    assert window.hours_timer.isActive()  # one timer, for the opening


def test_the_loop_resumes_when_the_hall_opens(kiosk, bundle):
    wall = WallClock(MONDAY_NOON.replace(hour=8, minute=59))
    window = kiosk(bundle, hours=OpeningHours.parse(WEEKDAYS), wall_clock=wall)
    assert not window.is_open
    wall.now += timedelta(minutes=1)
    window.check_opening_hours()
    assert window.is_open
    assert window.pages.currentWidget() is window.stage
    assert window.card_timer.isActive()


def test_a_dead_clock_battery_does_not_stop_the_loop(kiosk, bundle):
    dead_battery = WallClock(datetime(2000, 1, 1, 3, 0))
    window = kiosk(bundle, hours=OpeningHours.parse(WEEKDAYS), wall_clock=dead_battery)
    assert window.is_open
    assert window.pages.currentWidget() is window.stage


def test_closed_card_instead_of_a_dark_screen(kiosk, bundle):
    evening = WallClock(MONDAY_NOON.replace(hour=22))
    window = kiosk(bundle, hours=OpeningHours.parse(WEEKDAYS), wall_clock=evening, closed_dark=False)
    assert window.pages.currentWidget() is window.closed_screen
    assert not window.closed_screen.dark


class _Boom(QObject):
    fire = Signal()


def test_an_exception_in_a_slot_shows_the_recovery_screen_and_the_show_goes_on(kiosk, bundle, qtbot):
    from kiosk.logs import install_excepthook

    window = kiosk(bundle)
    errors = []

    def on_error(exc):
        errors.append(exc)
        window.recover(exc)

    boom = _Boom()

    def broken_slot():
        raise RuntimeError("a bug in a slot")

    boom.fire.connect(broken_slot)
    with qtbot.capture_exceptions():  # pytest-qt's hook first, ours on top
        undo = install_excepthook(on_error)
        try:
            boom.fire.emit()
            qtbot.waitUntil(lambda: window.pages.currentWidget() is window.recovery, timeout=5000)
        finally:
            undo()
    assert len(errors) == 1
    assert window.recovery.running
    window.recovery.finished.emit()
    assert window.pages.currentWidget() is window.stage
    assert window.card_timer.isActive()


def test_after_a_restart_the_kiosk_resumes_where_it_was(kiosk, bundle, tmp_path, monkeypatch):
    monkeypatch.setenv("UNION_KIOSK_HOME", str(tmp_path))
    first = kiosk(bundle, resume=True)
    first.loop.go_to("mama-rooms")
    first.close()
    again = kiosk(bundle, resume=True)
    assert again.stage.scene.card.id == "mama-rooms"


def corner_taps(window, qtbot, times=5):
    for _ in range(times):
        qtbot.mouseClick(window.stage, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


def test_five_taps_in_the_corner_open_the_pin_pad(kiosk, bundle, qtbot, clock):
    from kiosk.core.pin import PinGate, hash_pin

    window = kiosk(bundle, pin_gate=PinGate(hash_pin("2468", iterations=200_000), clock=clock))
    corner_taps(window, qtbot)
    assert window.pages.currentWidget() is window.staff
    assert window.staff.current is window.staff.pin_pad
    assert window.loop.mode is Mode.ATTRACT  # a visitor's tap there opens nothing else


def test_right_pin_opens_the_staff_menu_and_exit_is_offered(kiosk, bundle, qtbot, clock):
    from kiosk.core.pin import PinGate, hash_pin

    window = kiosk(bundle, pin_gate=PinGate(hash_pin("2468", iterations=200_000), clock=clock))
    corner_taps(window, qtbot)
    for digit in "2468":
        window.staff.pin_pad.press_digit(digit)
    window.staff.pin_pad.submit()
    assert window.staff.current is window.staff.menu
    with qtbot.waitSignal(window.exit_requested, timeout=2000):
        window.staff.menu.exit_requested.emit()


def test_staff_pause_stops_rotation(kiosk, bundle, qtbot, clock):
    window = kiosk(bundle)
    window.staff.pause_toggled.emit()
    assert window.loop.paused


def test_without_a_pin_the_corner_shows_how_to_set_one(kiosk, bundle, qtbot):
    window = kiosk(bundle, pin_gate=None)
    corner_taps(window, qtbot)
    assert window.staff.current is window.staff.notice


def test_diagnostics_tell_version_bundle_and_uptime(kiosk, bundle, clock):
    from kiosk import __version__

    window = kiosk(bundle)
    clock.advance(3600)
    info = window.diagnostics()
    assert info.version == __version__
    assert info.bundle_id == bundle.manifest.id
    assert info.uptime_s == 3600
