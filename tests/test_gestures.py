"""Reading taps and swipes from finger positions, without Qt."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.gestures import Gesture, GestureTracker

WIDTH, HEIGHT = 1920, 1080


def path(points, dt=0.016):
    tracker = GestureTracker(WIDTH, HEIGHT, pixels_per_mm=3.8)
    (x, y), *rest = points
    tracker.press(x, y, 0.0)
    t = 0.0
    for x, y in rest[:-1]:
        t += dt
        tracker.move(x, y, t)
    x, y = points[-1]
    return tracker.release(x, y, t + dt)


def test_a_still_finger_is_a_tap():
    assert path([(500, 500), (500, 500)]).gesture is Gesture.TAP


def test_a_finger_that_wobbles_a_little_is_still_a_tap():
    outcome = path([(500, 500), (503, 498), (506, 503), (504, 501)])
    assert outcome.gesture is Gesture.TAP
    assert (outcome.x, outcome.y) == (500, 500)  # where the finger landed


def test_a_long_drag_left_is_a_swipe_to_the_next_card():
    assert path([(1500, 500), (1300, 505), (1000, 510), (800, 512)], dt=0.1).gesture is Gesture.SWIPE_LEFT


def test_a_long_drag_right_is_a_swipe_to_the_previous_card():
    assert path([(300, 500), (600, 500), (900, 500)], dt=0.1).gesture is Gesture.SWIPE_RIGHT


def test_a_quick_flick_swipes_even_when_short():
    assert path([(1000, 500), (940, 500), (860, 500)], dt=0.016).gesture is Gesture.SWIPE_LEFT


def test_a_slow_short_drag_snaps_back():
    assert path([(1000, 500), (980, 500), (960, 500), (940, 500)], dt=0.2).gesture is Gesture.NONE


def test_a_drag_that_turns_back_snaps_back():
    outcome = path([(1000, 500), (800, 500), (700, 500), (900, 500), (990, 500)], dt=0.05)
    assert outcome.gesture is Gesture.NONE


def test_a_drag_down_is_a_swipe_down():
    assert path([(900, 200), (905, 400), (910, 600)], dt=0.1).gesture is Gesture.SWIPE_DOWN


def test_a_second_finger_cancels():
    tracker = GestureTracker(WIDTH, HEIGHT)
    tracker.press(1500, 500, 0)
    tracker.move(1300, 500, 0.05)
    tracker.cancel()
    tracker.move(200, 500, 0.1)
    assert not tracker.dragging_horizontally
    assert tracker.release(200, 500, 0.15).gesture is Gesture.CANCELLED


def test_sideways_drag_reports_its_offset():
    tracker = GestureTracker(WIDTH, HEIGHT)
    tracker.press(1000, 500, 0)
    tracker.move(900, 505, 0.05)
    assert tracker.dragging_horizontally
    assert tracker.dx == -100


def test_release_without_press_is_nothing():
    assert GestureTracker(WIDTH, HEIGHT).release(1, 1, 1).gesture is Gesture.NONE


@given(st.lists(st.tuples(st.floats(-5000, 5000), st.floats(-5000, 5000)), min_size=1, max_size=30), st.floats(0, 1))
def test_any_finger_path_gives_one_clear_outcome(points, dt):
    outcome = path([*points, points[-1]], dt=dt)
    assert isinstance(outcome.gesture, Gesture)
