"""The staff gesture: five quick taps in one corner open the PIN pad; anything else does not."""

from __future__ import annotations

import pytest

from kiosk.core.corner import ANY_CORNER, CORNER_SHARE, CORNER_TAPS, CORNER_WINDOW_S, Corner, CornerTaps, corner_at
from tests.clocks import FakeClock

W, H = 1920, 1080
TOP_LEFT = (10, 10)
TOP_RIGHT = (W - 10, 10)
BOTTOM_RIGHT = (W - 10, H - 10)
MIDDLE = (W / 2, H / 2)


def tap_n(taps: CornerTaps, clock: FakeClock, where: tuple[float, float], n: int, gap: float = 0.3) -> list[bool]:
    results = []
    for _ in range(n):
        results.append(taps.tap(*where, W, H))
        clock.advance(gap)
    return results


def test_five_quick_taps_top_left_open_the_staff_pad(clock):
    taps = CornerTaps(clock)
    assert tap_n(taps, clock, TOP_LEFT, CORNER_TAPS) == [False] * (CORNER_TAPS - 1) + [True]


def test_the_count_starts_again_after_it_opened(clock):
    taps = CornerTaps(clock)
    tap_n(taps, clock, TOP_LEFT, CORNER_TAPS)
    assert taps.count == 0
    assert not any(tap_n(taps, clock, TOP_LEFT, CORNER_TAPS - 1))


def test_four_taps_are_not_enough(clock):
    taps = CornerTaps(clock)
    assert not any(tap_n(taps, clock, TOP_LEFT, CORNER_TAPS - 1))
    assert taps.count == CORNER_TAPS - 1


def test_taps_spread_over_more_than_three_seconds_do_not_open(clock):
    taps = CornerTaps(clock)
    gap = CORNER_WINDOW_S / (CORNER_TAPS - 1) + 0.05
    assert not any(tap_n(taps, clock, TOP_LEFT, CORNER_TAPS, gap=gap))


def test_the_last_five_taps_count_when_the_first_was_too_early(clock):
    taps = CornerTaps(clock)
    taps.tap(*TOP_LEFT, W, H)
    clock.advance(CORNER_WINDOW_S)
    assert tap_n(taps, clock, TOP_LEFT, CORNER_TAPS, gap=0.2)[-1] is True


def test_exactly_three_seconds_still_counts(clock):
    taps = CornerTaps(clock)
    gap = CORNER_WINDOW_S / (CORNER_TAPS - 1)
    assert tap_n(taps, clock, TOP_LEFT, CORNER_TAPS, gap=gap)[-1] is True


def test_a_tap_elsewhere_starts_the_count_again(clock):
    taps = CornerTaps(clock)
    tap_n(taps, clock, TOP_LEFT, CORNER_TAPS - 1)
    assert taps.tap(*MIDDLE, W, H) is False
    assert taps.count == 0
    assert tap_n(taps, clock, TOP_LEFT, CORNER_TAPS)[-1] is True


def test_other_corners_do_not_count_by_default(clock):
    taps = CornerTaps(clock)
    assert not any(tap_n(taps, clock, TOP_RIGHT, CORNER_TAPS))
    assert not any(tap_n(taps, clock, BOTTOM_RIGHT, CORNER_TAPS))


def test_any_corner_counts_when_allowed_but_it_must_be_the_same_one(clock):
    taps = CornerTaps(clock, corners=ANY_CORNER)
    assert tap_n(taps, clock, BOTTOM_RIGHT, CORNER_TAPS)[-1] is True
    tap_n(taps, clock, TOP_LEFT, CORNER_TAPS - 1)
    assert taps.tap(*TOP_RIGHT, W, H) is False  # a different corner: this is tap one again
    assert taps.count == 1
    assert tap_n(taps, clock, TOP_RIGHT, CORNER_TAPS - 1)[-1] is True


def test_a_clock_that_went_back_starts_the_count_again(clock):
    taps = CornerTaps(clock)
    tap_n(taps, clock, TOP_LEFT, CORNER_TAPS - 1)
    clock.advance(-60)
    assert taps.tap(*TOP_LEFT, W, H) is False
    assert taps.count == 1


def test_the_taps_and_window_can_be_set(clock):
    taps = CornerTaps(clock, taps=3, window_s=1.0)
    assert tap_n(taps, clock, TOP_LEFT, 3, gap=0.4) == [False, False, True]


def test_zero_taps_is_refused(clock):
    with pytest.raises(ValueError, match="at least 1"):
        CornerTaps(clock, taps=0)


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        (0, 0, Corner.TOP_LEFT),
        (W, 0, Corner.TOP_RIGHT),
        (0, H, Corner.BOTTOM_LEFT),
        (W, H, Corner.BOTTOM_RIGHT),
        (CORNER_SHARE * H - 1, CORNER_SHARE * H - 1, Corner.TOP_LEFT),
        (CORNER_SHARE * H + 1, 0, None),  # the corner is square: the shorter side sets its size
        (0, CORNER_SHARE * H + 1, None),
        (W / 2, 0, None),
        (-5, 5, None),  # off the screen
        (5, H + 5, None),
    ],
)
def test_corner_is_a_square_of_a_share_of_the_shorter_side(x, y, expected):
    assert corner_at(x, y, W, H) is expected


def test_the_corner_follows_a_portrait_screen():
    assert corner_at(H - 5, W - 5, H, W) is Corner.BOTTOM_RIGHT
    assert corner_at(CORNER_SHARE * H + 1, 5, H, W) is None
