"""What the closed screen says: why it rests, and when the kiosk opens next.

Qt-free words for :mod:`kiosk.ui.closed`: ``今天 14:00 开放`` (later today),
``明天 09:00 开放``, ``周一 09:00 开放`` (within the week), ``下周一 09:00 开放``
(the same weekday a week on), from :func:`kiosk.core.schedule.next_opening`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.core.schedule import OpeningHours, next_opening, opened_earlier_today

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
TODAY = "今天"
TOMORROW = "明天"
NEXT_WEEK = "下"  # 下周一: the same weekday as today, a week on
DAYS_PER_WEEK = 7
OPENS = "{day} {time} 开放"

ENDED_TODAY = "今日展示已结束"  # it was open today and opens no more today
NOT_YET_OPEN = "展示尚未开始"  # it opens later today, and was not open yet
BREAK = "展示暂停中"  # between two openings of the same day
CLOSED_TODAY = "今日不开放"  # a day with no opening


@dataclass(frozen=True)
class ClosedNotice:
    """The closed screen's two lines: ``title`` (why) and ``next_opening`` (when; empty when unknown)."""

    title: str
    next_opening: str


def opening_text(opening: datetime, now: datetime) -> str:
    """``今天 14:00 开放``, ``明天 09:00 开放``, ``周一 09:00 开放`` or ``下周一 09:00 开放``."""
    days = (opening.date() - now.date()).days
    if days <= 0:
        day = TODAY
    elif days == 1:
        day = TOMORROW
    else:
        weekday = WEEKDAY_NAMES[opening.weekday()]
        day = NEXT_WEEK + weekday if days >= DAYS_PER_WEEK else weekday
    return OPENS.format(day=day, time=f"{opening:%H:%M}")


def closed_notice(hours: OpeningHours | None, now: datetime) -> ClosedNotice:
    """What the closed screen says at ``now``, with the hours this kiosk keeps."""
    opening = next_opening(hours, now) if hours is not None else None
    opened_today = hours is not None and opened_earlier_today(hours, now)
    if opening is None:  # no opening ahead at all: say nothing of when
        return ClosedNotice(ENDED_TODAY if opened_today else CLOSED_TODAY, "")
    text = opening_text(opening, now)
    if opening.date() == now.date():
        return ClosedNotice(BREAK if opened_today else NOT_YET_OPEN, text)
    return ClosedNotice(ENDED_TODAY if opened_today else CLOSED_TODAY, text)
