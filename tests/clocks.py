"""A clock the tests move by hand: no test sleeps."""

from __future__ import annotations

from datetime import datetime

from kiosk.core.clock import Clocks

WALL_AT_START = datetime(2026, 11, 23, 12, 0).timestamp()  # a Monday noon, local time


class FakeClock:
    """Monotonic seconds; :meth:`clocks` gives a wall clock that moves with them."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._wall_offset = WALL_AT_START - self.now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def wall(self) -> float:
        """UTC epoch seconds, moving with :attr:`now`."""
        return self._wall_offset + self.now

    def clocks(self) -> Clocks:
        return Clocks(monotonic=self, wall=self.wall)
