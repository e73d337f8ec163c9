"""The staff's way in: five quick taps in one corner of the screen.

Visitors tap cards, not the bare corner of the glass, and hardly ever five
times in a row within seconds; staff can do it without a keyboard.  Qt-free:
the Qt layer passes each tap's position and the screen size, and opens the
PIN pad when :meth:`CornerTaps.tap` says so.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from enum import StrEnum

CORNER_TAPS = 5  # taps in a row that open the staff PIN pad
CORNER_WINDOW_S = 3.0  # all of them within this long
CORNER_SHARE = 0.08  # a corner is a square this share of the screen's shorter side


class Corner(StrEnum):
    TOP_LEFT = "top_left"
    TOP_RIGHT = "top_right"
    BOTTOM_LEFT = "bottom_left"
    BOTTOM_RIGHT = "bottom_right"


ANY_CORNER: tuple[Corner, ...] = tuple(Corner)


def corner_at(x: float, y: float, width: float, height: float, share: float = CORNER_SHARE) -> Corner | None:
    """The corner ``(x, y)`` lies in, or ``None`` for anywhere else (and outside the screen)."""
    if not (0 <= x <= width and 0 <= y <= height):
        return None
    size = share * min(width, height)
    left, right = x <= size, x >= width - size
    top, bottom = y <= size, y >= height - size
    if top and left:
        return Corner.TOP_LEFT
    if top and right:
        return Corner.TOP_RIGHT
    if bottom and left:
        return Corner.BOTTOM_LEFT
    if bottom and right:
        return Corner.BOTTOM_RIGHT
    return None


class CornerTaps:
    """Counts taps in one corner; the ``taps``-th within ``window_s`` seconds opens the way.

    ``corners`` are the corners that count (top-left by default, ``ANY_CORNER``
    for all four); the taps must all land in the same one.  A tap anywhere
    else, or in another corner, starts the count again.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        taps: int = CORNER_TAPS,
        window_s: float = CORNER_WINDOW_S,
        corner_share: float = CORNER_SHARE,
        *,
        corners: Iterable[Corner] = (Corner.TOP_LEFT,),
    ) -> None:
        if taps < 1:
            raise ValueError("taps must be at least 1")
        self.clock = clock
        self.taps = taps
        self.window_s = window_s
        self.corner_share = corner_share
        self.corners = frozenset(corners)
        self._corner: Corner | None = None
        self._times: deque[float] = deque(maxlen=taps)

    @property
    def count(self) -> int:
        """Taps counted so far in the current corner (for tests and a progress hint)."""
        return len(self._times)

    def reset(self) -> None:
        self._corner = None
        self._times.clear()

    def tap(self, x: float, y: float, width: float, height: float) -> bool:
        """Note a tap at ``(x, y)`` on a ``width``×``height`` screen; ``True`` when it completes the gesture."""
        corner = corner_at(x, y, width, height, self.corner_share)
        if corner is None or corner not in self.corners:
            self.reset()
            return False
        now = self.clock()
        if corner is not self._corner or (self._times and now < self._times[-1]):  # another corner, or time went back
            self.reset()
            self._corner = corner
        self._times.append(now)
        while self._times and now - self._times[0] > self.window_s:
            self._times.popleft()
        if len(self._times) >= self.taps:
            self.reset()
            return True
        return False
