"""The kiosk window: rotation through the fake clock, every key, presenter mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from kiosk.core.attract import Mode


def shown_id(window) -> str:
    return window.stage.scene.card.id


def test_window_opens_on_the_first_card_of_the_deck(make_window, bundle):
    window = make_window(bundle)
    assert shown_id(window) == bundle.manifest.play_order()[0].id
    assert bundle.manifest.organisation in window.windowTitle()


def test_card_rotates_when_its_time_is_up(make_window, bundle, clock):
    window = make_window(bundle)
    order = [c.id for c in bundle.manifest.play_order()]
    clock.advance(bundle.manifest.display.card_duration - 0.5)
    window.tick()
    assert shown_id(window) == order[0]
    clock.advance(0.5)
    window.tick()
    assert shown_id(window) == order[1]


def test_card_timer_is_armed_for_the_remaining_time(make_window, bundle):
    window = make_window(bundle)
    assert window.card_timer.isActive()
    assert window.card_timer.remainingTime() <= bundle.manifest.display.card_duration * 1000


@pytest.mark.parametrize("key", [Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space])
def test_next_keys_show_the_next_card(make_window, bundle, qtbot, key):
    window = make_window(bundle)
    order = [c.id for c in bundle.manifest.play_order()]
    qtbot.keyClick(window, key)
    assert shown_id(window) == order[1]


@pytest.mark.parametrize("key", [Qt.Key.Key_Left, Qt.Key.Key_PageUp])
def test_previous_keys_show_the_previous_card(make_window, bundle, qtbot, key):
    window = make_window(bundle)
    order = [c.id for c in bundle.manifest.play_order()]
    qtbot.keyClick(window, key)
    assert shown_id(window) == order[-1]


def test_home_returns_to_the_first_card(make_window, bundle, qtbot):
    window = make_window(bundle)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert shown_id(window) == bundle.manifest.play_order()[0].id


def test_p_pauses_and_resumes_rotation(make_window, bundle, qtbot, clock):
    window = make_window(bundle)
    first = shown_id(window)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.loop.paused
    assert not window.card_timer.isActive()
    clock.advance(600)
    window.tick()
    assert shown_id(window) == first
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert not window.loop.paused
    clock.advance(bundle.manifest.display.card_duration)
    window.tick()
    assert shown_id(window) != first


def test_presenter_mode_waits_for_the_clicker(make_window, bundle, qtbot, clock):
    window = make_window(bundle, presenter=True)
    first = shown_id(window)
    clock.advance(3600)
    window.tick()
    assert shown_id(window) == first
    assert not window.card_timer.isActive()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert shown_id(window) != first


def test_f11_toggles_fullscreen(make_window, bundle, qtbot):
    window = make_window(bundle)
    assert not window.isFullScreen()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.fullscreen
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.fullscreen


def test_escape_closes_a_visitors_page(make_window, bundle, qtbot):
    window = make_window(bundle)
    window.loop.open(Mode.DETAIL)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.loop.mode is Mode.ATTRACT


def test_transition_runs_and_settles(make_window, bundle, qtbot):
    window = make_window(bundle)
    with qtbot.waitSignal(window.stage.transition_finished, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    with qtbot.waitSignal(window.stage.count_up_finished, timeout=5000):
        pass
    assert not window.stage.animating


def test_nothing_animates_between_transitions(make_window, bundle, qtbot):
    window = make_window(bundle)
    qtbot.waitUntil(lambda: window.warmed_up, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: not window.stage.animating, timeout=5000)
    qtbot.wait(100)  # the last frame's paint, already queued
    painted = window.stage.frames_painted
    qtbot.wait(300)
    assert window.stage.frames_painted == painted


def test_stage_draws_the_shipped_chinese_font(make_window, bundle):
    from kiosk.ui import fonts

    window = make_window(bundle)
    info = fonts.font(40).family()
    assert info == fonts.FAMILY
    assert QFont(fonts.FAMILY).exactMatch() or fonts.FAMILY in QFont(fonts.FAMILY).families()
    assert window.stage.scene is not None


def test_one_clock_drives_the_loop_the_corner_and_the_watcher(qtbot, bundle, clock):
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(bundle, fullscreen=False, clocks=clock.clocks(), watch=True)
    qtbot.addWidget(window)
    assert window.loop.clock is clock
    assert window.kiosk.corner_taps.clock is clock
    assert window.watcher.clock is clock
    clock.advance(90)
    assert window.diagnostics().uptime_s == 90
    window.close()


def test_the_statistics_are_pruned_a_day_after_the_start(make_window, bundle):
    from kiosk.core.stats import PRUNE_INTERVAL_S

    window = make_window(bundle)
    assert window.prune_timer.isActive()
    assert window.prune_timer.interval() == PRUNE_INTERVAL_S * 1000


def test_unknown_keys_are_passed_on(make_window, bundle, qtbot):
    window = make_window(bundle)
    first = shown_id(window)
    qtbot.keyClick(window, Qt.Key.Key_X)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.NoModifier)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.loop.mode is Mode.ATTRACT
    assert shown_id(window) == first
