"""The kiosk's rules without Qt: keys, gestures, statistics, resume, opening hours, reloads, pruning.

One fake clock drives both the monotonic and the wall clock; no QApplication.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime, timedelta

import pytest

from kiosk.core.attract import CardChanged, Mode, ModeChanged, PauseChanged, ReturnReason, Trigger
from kiosk.core.bundle import load_bundle
from kiosk.core.clock import Clocks
from kiosk.core.gestures import Gesture
from kiosk.core.presenter import (
    IDLE_COUNTDOWN_S,
    KEY_ACTIONS,
    TAP_AFTER_CLOSE_GUARD_S,
    Action,
    ContentChanged,
    IdleCountdown,
    KioskPresenter,
    OpeningChanged,
    StaffRequested,
)
from kiosk.core.schedule import OpeningHours
from kiosk.core.stats import PRUNE_INTERVAL_S, SECONDS_PER_DAY, StatsRecorder
from tests.bundles import minimal_manifest

WIDTH, HEIGHT = 1280, 720
EVERY_DAY_NINE_TO_FIVE = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def recorder(tmp_path, clock):
    with StatsRecorder(tmp_path / "stats.sqlite3", clock.wall, bundle_id="test-bundle") as stats:
        yield stats


@pytest.fixture
def make(bundle, clock):
    def make(**options) -> KioskPresenter:
        options.setdefault("clocks", clock.clocks())
        presenter = KioskPresenter(options.pop("bundle", bundle), **options)
        presenter.heard = []
        presenter.events.connect(presenter.heard.append)
        presenter.start()
        return presenter

    return make


def shown(presenter: KioskPresenter) -> str:
    return presenter.loop.current.id


def rows(recorder: StatsRecorder, sql: str) -> list[tuple]:
    with sqlite3.connect(recorder.path) as db:  # what was committed, read as `union-kiosk stats` would
        return db.execute(sql).fetchall()


def count(recorder: StatsRecorder, sql: str) -> float:
    return rows(recorder, sql)[0][0]


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize(
    ("name", "action"), [("Right", Action.NEXT), ("PageDown", Action.NEXT), ("Space", Action.NEXT)]
)
def test_next_keys_show_the_next_card(make, name, action):
    presenter = make()
    assert presenter.key(name) is action
    assert shown(presenter) == "stations"
    assert presenter.heard[-1].trigger is Trigger.KEY


@pytest.mark.parametrize("name", ["Left", "PageUp", "Up"])
def test_previous_keys_show_the_previous_card(make, name):
    presenter = make()
    assert presenter.key(name) is Action.PREVIOUS
    assert shown(presenter) == "stations"  # two cards: the one before the first is the last


def test_home_goes_to_the_first_card(make):
    presenter = make()
    presenter.key("Right")
    assert presenter.key("Home") is Action.FIRST
    assert shown(presenter) == "unions"


def test_p_pauses_and_resumes(make):
    presenter = make()
    assert presenter.key("P") is Action.TOGGLE_PAUSE
    assert presenter.loop.paused
    assert presenter.heard[-1] == PauseChanged(paused=True)
    presenter.key("P")
    assert not presenter.loop.paused


def test_enter_and_o_open_pages_only_from_the_loop(make):
    presenter = make()
    assert presenter.key("Return") is Action.OPEN_DETAIL
    assert presenter.loop.mode is Mode.DETAIL
    assert presenter.key("O") is None  # not ours on an open page: the window passes it on
    assert presenter.key("Escape") is Action.CLOSE
    assert presenter.loop.mode is Mode.ATTRACT
    assert presenter.key("O") is Action.OPEN_OVERVIEW
    assert presenter.loop.mode is Mode.OVERVIEW


def test_escape_in_the_loop_is_not_ours(make):
    presenter = make()
    assert presenter.key("Escape") is None
    assert presenter.key("F13") is None


def test_f11_is_named_for_the_window_and_changes_nothing_here(make):
    presenter = make()
    before = list(presenter.heard)
    assert presenter.key("F11") is Action.TOGGLE_FULLSCREEN
    assert presenter.heard == before


def test_every_key_in_the_map_does_something():
    assert set(KEY_ACTIONS.values()) <= set(Action)
    assert {"Right", "Left", "Home", "P", "Escape", "Return", "O", "F11"} <= set(KEY_ACTIONS)


# ---------------------------------------------------------------- gestures and the staff corner


def test_swipes_move_between_cards_as_touches(make):
    presenter = make()
    action = presenter.stage_gesture(Gesture.SWIPE_LEFT, 600, 300, WIDTH, HEIGHT)
    assert action is Action.NEXT
    presenter.perform(action, Trigger.TOUCH)
    assert presenter.heard[-1].trigger is Trigger.TOUCH
    assert presenter.stage_gesture(Gesture.SWIPE_RIGHT, 600, 300, WIDTH, HEIGHT) is Action.PREVIOUS


def test_a_tap_opens_the_detail_or_on_its_button_the_overview(make):
    presenter = make()
    assert presenter.stage_gesture(Gesture.TAP, 600, 300, WIDTH, HEIGHT) is Action.OPEN_DETAIL
    assert presenter.stage_gesture(Gesture.TAP, 600, 300, WIDTH, HEIGHT, on_overview_button=True) is (
        Action.OPEN_OVERVIEW
    )
    assert presenter.stage_gesture(Gesture.SWIPE_UP, 600, 300, WIDTH, HEIGHT) is None


def test_five_taps_in_the_corner_ask_for_the_staff_panel(make, clock):
    presenter = make()
    actions = []
    for _ in range(5):
        clock.advance(0.3)
        actions.append(presenter.stage_gesture(Gesture.TAP, 10, 10, WIDTH, HEIGHT))
    assert actions == [None, None, None, None, Action.STAFF]
    presenter.perform(Action.STAFF)
    assert presenter.heard[-1] == StaffRequested()
    assert presenter.loop.mode is Mode.ATTRACT


def test_corner_taps_too_slow_never_open_the_staff_panel(make, clock):
    presenter = make()
    for _ in range(10):
        clock.advance(1.0)
        assert presenter.stage_gesture(Gesture.TAP, 10, 10, WIDTH, HEIGHT) is None


def test_a_tap_in_another_corner_opens_nothing(make):
    presenter = make()
    assert presenter.stage_gesture(Gesture.TAP, WIDTH - 5, 5, WIDTH, HEIGHT) is None


# ---------------------------------------------------------------- a double tap on 返回


def test_a_tap_just_after_closing_a_page_opens_nothing(make, clock):
    presenter = make()
    presenter.perform(Action.OPEN_DETAIL, Trigger.TOUCH)
    clock.advance(5)
    presenter.perform(Action.CLOSE, Trigger.TOUCH)  # the first tap of a double tap on "〈 返回"
    clock.advance(0.2)
    assert presenter.stage_gesture(Gesture.TAP, 600, 300, WIDTH, HEIGHT) is None  # the second, on the card
    assert presenter.loop.mode is Mode.ATTRACT


def test_a_tap_once_the_guard_is_over_opens_the_detail_again(make, clock):
    presenter = make()
    presenter.perform(Action.OPEN_DETAIL, Trigger.TOUCH)
    clock.advance(5)
    presenter.perform(Action.CLOSE, Trigger.TOUCH)
    clock.advance(TAP_AFTER_CLOSE_GUARD_S)
    assert presenter.stage_gesture(Gesture.TAP, 600, 300, WIDTH, HEIGHT) is Action.OPEN_DETAIL


def test_swipes_and_corner_taps_are_not_held_back_after_closing(make, clock):
    presenter = make()
    presenter.perform(Action.OPEN_DETAIL, Trigger.TOUCH)
    clock.advance(5)
    presenter.perform(Action.CLOSE, Trigger.TOUCH)
    assert presenter.stage_gesture(Gesture.SWIPE_LEFT, 600, 300, WIDTH, HEIGHT) is Action.NEXT
    for _ in range(4):
        assert presenter.stage_gesture(Gesture.TAP, 10, 10, WIDTH, HEIGHT) is None
    assert presenter.stage_gesture(Gesture.TAP, 10, 10, WIDTH, HEIGHT) is Action.STAFF


# ---------------------------------------------------------------- the countdown before the idle return


def countdowns(presenter: KioskPresenter) -> list[int | None]:
    return [event.seconds for event in presenter.heard if isinstance(event, IdleCountdown)]


def run_clock(presenter: KioskPresenter, clock, seconds: float) -> None:
    """Let the presenter's own timer fire, as the window does: each tick when it asks for one."""
    end = clock.now + seconds
    while True:
        wait = presenter.seconds_to_next_tick()
        if wait is None or clock.now + wait > end:
            clock.now = end
            return
        clock.advance(wait)
        presenter.tick()


def test_the_last_seconds_before_the_idle_return_are_counted_down(make, clock):
    presenter = make()
    idle = presenter.loop.idle_timeout
    presenter.perform(Action.OPEN_DETAIL, Trigger.TOUCH)
    run_clock(presenter, clock, idle - IDLE_COUNTDOWN_S - 0.5)
    assert countdowns(presenter) == []  # nothing yet: the visitor may just be reading
    run_clock(presenter, clock, 1.0)
    assert presenter.countdown == 10
    run_clock(presenter, clock, IDLE_COUNTDOWN_S)
    assert countdowns(presenter) == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, None]
    assert presenter.loop.mode is Mode.ATTRACT
    assert presenter.heard[-2] == ModeChanged(Mode.ATTRACT, Mode.DETAIL, ReturnReason.IDLE)


def test_any_touch_or_key_cancels_the_countdown(make, clock):
    presenter = make()
    idle = presenter.loop.idle_timeout
    presenter.perform(Action.OPEN_OVERVIEW, Trigger.TOUCH)
    run_clock(presenter, clock, idle - 3)
    assert presenter.countdown == 3
    presenter.still_here()
    assert presenter.countdown is None
    assert countdowns(presenter)[-1] is None
    run_clock(presenter, clock, idle - IDLE_COUNTDOWN_S - 1)
    assert presenter.loop.mode is Mode.OVERVIEW  # the page's time started again
    run_clock(presenter, clock, 1.5)
    assert presenter.countdown == 10
    presenter.key("Right")
    assert presenter.countdown is None


def test_there_is_no_countdown_on_the_rotating_cards(make, clock):
    presenter = make()
    run_clock(presenter, clock, 600)
    assert countdowns(presenter) == []


def test_going_back_ends_the_countdown(make, clock):
    presenter = make()
    presenter.perform(Action.OPEN_DETAIL, Trigger.TOUCH)
    run_clock(presenter, clock, presenter.loop.idle_timeout - 4)
    presenter.perform(Action.CLOSE, Trigger.TOUCH)
    assert presenter.countdown is None
    assert countdowns(presenter)[-1] is None


def test_presenter_mode_counts_down_too_since_its_pages_also_close_when_idle(make, clock):
    presenter = make(presenter=True)
    presenter.perform(Action.OPEN_DETAIL, Trigger.KEY)
    run_clock(presenter, clock, presenter.loop.idle_timeout + 1)
    assert countdowns(presenter)[0] == 10
    assert presenter.loop.mode is Mode.ATTRACT


# ---------------------------------------------------------------- statistics


def test_statistics_record_each_card_with_what_brought_it(make, recorder, clock):
    presenter = make(stats=recorder)
    clock.advance(presenter.loop.duration())
    presenter.tick()
    presenter.perform(Action.NEXT, Trigger.TOUCH)
    presenter.key("Right")
    presenter.loop.go_to("stations")
    triggers = [row[0] for row in rows(recorder, "SELECT trigger FROM card_views ORDER BY id")]
    assert triggers == ["auto", "auto", "touch", "key", "jump"]


def test_an_idle_return_is_recorded_as_idle_and_going_back_as_back(make, recorder, clock):
    presenter = make(stats=recorder)
    presenter.perform(Action.OPEN_DETAIL)
    clock.advance(20)
    presenter.loop.touched()
    clock.advance(presenter.loop.idle_timeout)
    presenter.tick()
    assert presenter.loop.mode is Mode.ATTRACT
    assert presenter.heard[-1] == ModeChanged(Mode.ATTRACT, previous=Mode.DETAIL, reason=ReturnReason.IDLE)
    presenter.perform(Action.OPEN_OVERVIEW)
    presenter.perform(Action.CLOSE)
    summary = recorder.summarise()
    assert summary.returns == {"idle": 1, "back": 1}
    assert summary.detail_views == 1
    assert count(recorder, "SELECT seconds FROM detail_views") == pytest.approx(20 + presenter.loop.idle_timeout)


def test_swiping_in_the_detail_starts_a_new_detail_view(make, recorder):
    presenter = make(stats=recorder)
    presenter.perform(Action.OPEN_DETAIL)
    presenter.perform(Action.NEXT, Trigger.TOUCH)
    assert recorder.summarise().detail_views == 2


def test_touches_on_the_card_are_counted(make, recorder):
    presenter = make(stats=recorder)
    presenter.visitor_touched()
    presenter.visitor_touched()
    assert recorder.summarise().touches == 2


def test_choosing_from_the_overview_jumps_and_goes_back(make, recorder):
    presenter = make(stats=recorder)
    presenter.perform(Action.OPEN_OVERVIEW)
    presenter.choose_from_overview("stations")
    assert shown(presenter) == "stations"
    assert presenter.loop.mode is Mode.ATTRACT
    assert recorder.summarise().returns == {"back": 1}


def test_uptime_runs_on_the_monotonic_clock(make, clock):
    presenter = make()
    clock.advance(3600)
    assert presenter.uptime_s == 3600


# ---------------------------------------------------------------- pruning over weeks


def test_a_kiosk_running_for_weeks_prunes_its_statistics_every_day(make, tmp_path, clock):
    with StatsRecorder(tmp_path / "weeks.sqlite3", clock.wall, keep_days=7) as recorder:
        presenter = make(stats=recorder)
        assert presenter.keep_stats_small() == pytest.approx(PRUNE_INTERVAL_S)  # pruned when it opened
        for _day in range(28):
            for _ in range(3):
                presenter.visitor_touched()
                clock.advance(SECONDS_PER_DAY / 3)
            wait = presenter.keep_stats_small()
            assert 0 < wait <= PRUNE_INTERVAL_S
        oldest = count(recorder, "SELECT MIN(at) FROM touches")
        assert clock.wall() - oldest <= 7 * SECONDS_PER_DAY
        assert count(recorder, "SELECT COUNT(*) FROM touches") <= 3 * 8


def test_pruning_waits_for_a_whole_day(make, tmp_path, clock):
    with StatsRecorder(tmp_path / "day.sqlite3", clock.wall, keep_days=1) as recorder:
        presenter = make(stats=recorder)
        presenter.visitor_touched()
        clock.advance(PRUNE_INTERVAL_S - 60)
        assert presenter.keep_stats_small() == pytest.approx(60)
        clock.advance(2 * 60)  # the touch is older than a day only now
        presenter.keep_stats_small()
        assert count(recorder, "SELECT COUNT(*) FROM touches") == 0


# ---------------------------------------------------------------- resume


def test_after_a_restart_it_resumes_at_the_card_it_showed(make, tmp_path, monkeypatch):
    monkeypatch.setenv("UNION_KIOSK_HOME", str(tmp_path))
    first = make(resume=True)
    first.loop.go_to("stations")
    again = make(resume=True)
    assert shown(again) == "stations"


def test_the_resume_state_is_stamped_with_the_wall_clock(make, tmp_path, monkeypatch, clock):
    from kiosk.core.settings import load_state

    monkeypatch.setenv("UNION_KIOSK_HOME", str(tmp_path))
    make(resume=True)
    assert load_state().saved_at == pytest.approx(clock.wall())


def test_without_resume_nothing_is_saved(make, tmp_path, monkeypatch):
    from kiosk.core.settings import load_state

    monkeypatch.setenv("UNION_KIOSK_HOME", str(tmp_path))
    make().loop.go_to("stations")
    assert load_state() is None


# ---------------------------------------------------------------- opening hours


class Wall:
    """A wall clock at a set local time, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now.timestamp()


def hours_presenter(make, clock, wall, recorder=None) -> KioskPresenter:
    return make(
        clocks=Clocks(monotonic=clock, wall=wall), hours=OpeningHours.parse(EVERY_DAY_NINE_TO_FIVE), stats=recorder
    )


def test_outside_opening_hours_it_rests_and_says_when_to_look_again(make, clock):
    wall = Wall(datetime(2026, 11, 23, 20, 0))
    presenter = hours_presenter(make, clock, wall)
    assert not presenter.is_open
    assert OpeningChanged(is_open=False) in presenter.heard
    assert presenter.seconds_to_next_tick() is None
    clock.advance(3600)
    assert presenter.tick() is None  # nothing rotates while closed
    # 13 h to the opening: look again at midnight (4 h), when the closed screen's 明天 becomes 今天
    assert presenter.check_hours() == pytest.approx(4 * 3600)


def test_at_opening_time_the_loop_resumes_and_records_the_card(make, clock, recorder):
    wall = Wall(datetime(2026, 11, 23, 8, 59))
    presenter = hours_presenter(make, clock, wall, recorder)
    assert presenter.check_hours() == pytest.approx(60)
    wall.now += timedelta(minutes=1)
    presenter.check_hours()
    assert presenter.is_open
    assert presenter.heard[-1] == OpeningChanged(is_open=True)
    assert presenter.seconds_to_next_tick() is not None
    assert recorder.summarise().card_views == 2  # at start, and again at opening


def test_closing_time_ends_the_open_views(make, clock, recorder):
    wall = Wall(datetime(2026, 11, 23, 16, 59))
    presenter = hours_presenter(make, clock, wall, recorder)
    clock.advance(60)
    wall.now += timedelta(minutes=1)
    presenter.check_hours()
    assert not presenter.is_open
    assert count(recorder, "SELECT seconds FROM card_views") == pytest.approx(60)


def test_a_wrong_clock_keeps_the_kiosk_open(make, clock):
    presenter = hours_presenter(make, clock, Wall(datetime(2000, 1, 1, 3, 0)))
    assert presenter.is_open


def test_without_opening_hours_there_is_nothing_to_look_at(make):
    assert make().check_hours() is None


# ---------------------------------------------------------------- new content


@pytest.fixture
def newer(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][1]["label"] = "户外劳动者“爱心驿站”（新）"
    loaded = load_bundle(make_bundle(manifest))
    yield loaded
    loaded.close()


def test_offered_content_waits_for_the_next_card(make, newer):
    presenter = make()
    presenter.offer(newer)
    assert presenter.bundle is not newer
    assert presenter.has_pending
    presenter.key("Right")
    assert presenter.bundle is newer
    kinds = [type(event) for event in presenter.heard[-2:]]
    assert kinds == [ContentChanged, CardChanged]  # the window learns of the content before it draws the card
    assert presenter.loop.current.label == "户外劳动者“爱心驿站”（新）"


def test_a_staff_reload_shows_new_content_as_soon_as_it_is_loaded(make, newer):
    presenter = make()
    presenter.reload_requested(watching=True)
    presenter.offer(newer)
    assert presenter.bundle is newer
    assert presenter.heard[-1].move.value == "reload"
    assert presenter.heard[-1].trigger is Trigger.AUTO


def test_a_reload_that_found_nothing_leaves_later_changes_for_the_next_card(make, newer):
    presenter = make()
    presenter.reload_requested(watching=True)
    presenter.reload_finished()
    presenter.offer(newer)
    assert presenter.bundle is not newer


def test_a_staff_reload_takes_content_that_was_waiting_at_once(make, newer):
    presenter = make()
    presenter.offer(newer)
    presenter.reload_requested(watching=False)
    assert presenter.bundle is newer


def test_confirmed_held_content_shows_now(make, newer):
    presenter = make()
    presenter.offer(newer)
    presenter.show_staged_now()
    assert presenter.bundle is newer


def test_statistics_name_the_bundle_on_screen(make, newer, recorder):
    presenter = make(stats=recorder)
    presenter.offer(newer)
    presenter.key("Right")
    bundles = {row[0] for row in rows(recorder, "SELECT bundle_id FROM card_views")}
    assert bundles == {"test-bundle"}  # same id, new content; the id is taken from the bundle in use
    assert recorder.bundle_id == newer.manifest.id


def test_the_presenter_imports_without_qt():
    import subprocess

    code = "import sys, kiosk.core.presenter; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_closed_screen_is_told_when_the_kiosk_opens(make, clock):
    presenter = hours_presenter(make, clock, Wall(datetime(2026, 11, 23, 20, 0)))  # a Monday evening
    assert presenter.closed_notice().next_opening == "明天 09:00 开放"


def test_while_closed_it_looks_again_at_midnight_when_tomorrow_becomes_today(make, clock):
    wall = Wall(datetime(2026, 11, 23, 23, 0))
    presenter = hours_presenter(make, clock, wall)
    assert presenter.check_hours() == pytest.approx(3600)
    wall.now += timedelta(hours=1)
    presenter.check_hours()
    assert presenter.closed_notice().next_opening == "今天 09:00 开放"


def test_the_card_invites_a_touch_only_in_the_attract_loop_of_a_kiosk(make):
    kiosk = make()
    assert kiosk.invites_touch
    kiosk.loop.open(Mode.DETAIL)
    assert not kiosk.invites_touch
    kiosk.loop.close()
    assert kiosk.invites_touch
    assert not make(presenter=True).invites_touch  # a talk: the speaker touches, not the hall
