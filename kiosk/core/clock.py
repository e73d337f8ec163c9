"""The kiosk's two clocks: made once, by the composition root, and handed to everything that keeps time.

The monotonic clock times intervals (a card's seconds, idle return, corner
taps, a held reload, the PIN lock while running); it never jumps when the
system time is set.  The wall clock says what time it is (opening hours,
statistics, a PIN lock that must outlast a restart).  Tests pass one fake
clock for both, so time moves the same way for every part.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.records import Record

MonotonicClock = Callable[[], float]
"""Seconds on a scale that only moves forward; its zero means nothing."""

WallClock = Callable[[], float]
"""UTC epoch seconds, as :func:`time.time` gives them."""


@dataclass(frozen=True, eq=False, repr=False)
class Clocks(Record):
    """The two clocks the kiosk reads: monotonic for timers, wall for opening hours."""

    monotonic: MonotonicClock
    wall: WallClock

    def local_time(self) -> datetime:
        """The wall clock as naive local time: what opening hours are written in."""
        return datetime.fromtimestamp(self.wall())


def system_clocks() -> Clocks:
    """The machine's clocks: the only place that reads them."""
    return Clocks(monotonic=time.monotonic, wall=time.time)
