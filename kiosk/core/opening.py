"""When the kiosk looks at the opening hours again: the next change, or midnight while closed."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.core.schedule import OpeningHours

HOURS_RECHECK_MIN_S = 1.0  # an opening change due now: look again in a second, not in a busy loop
HOURS_RECHECK_MAX_S = 6 * 3600.0  # look at the wall clock at least this often (it may have been set)


def seconds_to_look_again(hours: OpeningHours, now: datetime, *, is_open: bool) -> float | None:
    """Seconds from ``now`` until the hours are looked at again (``None``: never)."""
    change = hours.next_change(now)
    if not is_open:
        # The closed screen says 明天 before midnight and 今天 after it: look again then.
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
        change = midnight if change is None else min(change, midnight)
    if change is None:
        return None
    return min(max(HOURS_RECHECK_MIN_S, (change - now).total_seconds()), HOURS_RECHECK_MAX_S)
