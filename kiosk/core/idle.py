"""The idle countdown: the last seconds before an open page closes by itself, counted down on the page."""

from __future__ import annotations

import math

IDLE_COUNTDOWN_S = 10.0  # the last seconds before the idle return are counted down on the page


def countdown_length(idle_timeout: float) -> float:
    """How long before the idle return the countdown shows: at most half the idle timeout."""
    return min(IDLE_COUNTDOWN_S, idle_timeout / 2)


def countdown_wait(left: float | None, length: float) -> float | None:
    """Seconds until the countdown starts or shows its next second, ``left`` seconds before the idle return."""
    if left is None or left <= 0:
        return None
    if left > length:
        return left - length
    return left - (math.ceil(left) - 1)


def second_shown(left: float | None, length: float) -> int | None:
    """The whole second the countdown shows ``left`` seconds before the idle return; ``None``: none shown."""
    return math.ceil(left) if left is not None and 0 < left <= length else None
