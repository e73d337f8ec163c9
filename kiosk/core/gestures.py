"""Taps and swipes from raw finger (or mouse) positions.

Qt-free: the Qt layer feeds press/move/release with timestamps, the tracker
says what the visitor meant.  A finger that wobbles a little is still a
tap; a second finger or a palm cancels, so nothing jumps.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import StrEnum

TAP_SLOP_MM = 4.0  # a tap may move this far (a fingertip rolls)
SWIPE_DISTANCE_SHARE = 0.18  # of the width (or height) commits a swipe on distance alone
SWIPE_VELOCITY_SHARE = 0.6  # of the width per second commits a swipe on speed
VELOCITY_WINDOW_S = 0.1  # velocity from the last 100 ms of movement
FLICK_MIN_SHARE = 0.06  # a fast flick must still travel this share of the width (or height)


class Gesture(StrEnum):
    NONE = "none"  # too little or too undecided: snap back
    TAP = "tap"
    SWIPE_LEFT = "swipe_left"  # finger moved left: show the next card
    SWIPE_RIGHT = "swipe_right"
    SWIPE_UP = "swipe_up"
    SWIPE_DOWN = "swipe_down"
    CANCELLED = "cancelled"  # two fingers, a palm, or the system took the touch


class Axis(StrEnum):
    UNDECIDED = "undecided"
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"


@dataclass(frozen=True)
class Outcome:
    gesture: Gesture
    x: float
    y: float
    dx: float = 0.0
    dy: float = 0.0


class GestureTracker:
    """Follows one finger from press to release."""

    def __init__(self, width: float, height: float, *, pixels_per_mm: float = 3.8) -> None:
        self.width = max(1.0, width)
        self.height = max(1.0, height)
        self.tap_slop = TAP_SLOP_MM * pixels_per_mm
        self.active = False
        self.cancelled = False
        self.axis = Axis.UNDECIDED
        self._start = (0.0, 0.0)
        self._last = (0.0, 0.0)
        self._samples: deque[tuple[float, float, float]] = deque(maxlen=32)

    def resize(self, width: float, height: float, pixels_per_mm: float | None = None) -> None:
        self.width, self.height = max(1.0, width), max(1.0, height)
        if pixels_per_mm:
            self.tap_slop = TAP_SLOP_MM * pixels_per_mm

    @property
    def dx(self) -> float:
        return self._last[0] - self._start[0] if self.active else 0.0

    @property
    def dy(self) -> float:
        return self._last[1] - self._start[1] if self.active else 0.0

    @property
    def dragging_horizontally(self) -> bool:
        return self.active and not self.cancelled and self.axis is Axis.HORIZONTAL

    def press(self, x: float, y: float, t: float) -> None:
        self.active = True
        self.cancelled = False
        self.axis = Axis.UNDECIDED
        self._start = self._last = (x, y)
        self._samples.clear()
        self._samples.append((x, y, t))

    def move(self, x: float, y: float, t: float) -> None:
        if not self.active or self.cancelled:
            return
        self._last = (x, y)
        self._samples.append((x, y, t))
        if self.axis is Axis.UNDECIDED:
            dx, dy = abs(self.dx), abs(self.dy)
            if max(dx, dy) > self.tap_slop:
                self.axis = Axis.HORIZONTAL if dx >= dy else Axis.VERTICAL

    def cancel(self) -> None:
        """A second finger or a palm: whatever was happening stops, nothing jumps."""
        if self.active:
            self.cancelled = True

    def release(self, x: float, y: float, t: float) -> Outcome:
        if not self.active:
            return Outcome(Gesture.NONE, x, y)
        self.move(x, y, t)
        dx, dy = self.dx, self.dy
        start_x, start_y = self._start
        self.active = False
        if self.cancelled:
            return Outcome(Gesture.CANCELLED, x, y, dx, dy)
        if self.axis is Axis.UNDECIDED:  # never left the slop circle: a tap
            return Outcome(Gesture.TAP, start_x, start_y)
        vx, vy = self._velocity()
        if self.axis is Axis.HORIZONTAL:
            far = abs(dx) >= SWIPE_DISTANCE_SHARE * self.width
            fast = abs(vx) >= SWIPE_VELOCITY_SHARE * self.width and vx * dx > 0
            fast = fast and abs(dx) >= FLICK_MIN_SHARE * self.width
            if far or fast:
                return Outcome(Gesture.SWIPE_LEFT if dx < 0 else Gesture.SWIPE_RIGHT, x, y, dx, dy)
        else:
            far = abs(dy) >= SWIPE_DISTANCE_SHARE * self.height
            fast = abs(vy) >= SWIPE_VELOCITY_SHARE * self.height and vy * dy > 0
            fast = fast and abs(dy) >= FLICK_MIN_SHARE * self.height
            if far or fast:
                return Outcome(Gesture.SWIPE_UP if dy < 0 else Gesture.SWIPE_DOWN, x, y, dx, dy)
        return Outcome(Gesture.NONE, x, y, dx, dy)

    def _velocity(self) -> tuple[float, float]:
        if len(self._samples) < 2:
            return 0.0, 0.0
        last_x, last_y, last_t = self._samples[-1]
        first = self._samples[0]
        for sample in reversed(self._samples):
            if last_t - sample[2] > VELOCITY_WINDOW_S:
                break
            first = sample
        elapsed = last_t - first[2]
        if elapsed <= 0:
            return 0.0, 0.0
        return (last_x - first[0]) / elapsed, (last_y - first[1]) / elapsed
