"""What the closed screen says: why the kiosk rests and when it opens next, over a week."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.core.opening_notice import (
    BREAK,
    CLOSED_TODAY,
    ENDED_TODAY,
    NOT_YET_OPEN,
    ClosedNotice,
    closed_notice,
    opening_text,
)
from kiosk.core.schedule import OpeningHours

# 2025-03-03 is a Monday.
HALL = OpeningHours.parse(
    {
        "mon": ["09:00-12:00", "13:30-17:30"],
        "tue": ["09:00-12:00", "13:30-17:30"],
        "thu": ["14:00-18:00"],
        "sat": ["09:00-16:00"],
    }
)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("now", "title", "when"),
    [
        ("2025-03-03 07:30", NOT_YET_OPEN, "今天 09:00 开放"),  # Monday before opening
        ("2025-03-03 12:30", BREAK, "今天 13:30 开放"),  # between two ranges of one day
        ("2025-03-03 18:00", ENDED_TODAY, "明天 09:00 开放"),  # after closing
        ("2025-03-03 23:59", ENDED_TODAY, "明天 09:00 开放"),
        ("2025-03-04 00:00", NOT_YET_OPEN, "今天 09:00 开放"),  # midnight: tomorrow became today
        ("2025-03-04 18:00", ENDED_TODAY, "周四 14:00 开放"),  # Wednesday is closed
        ("2025-03-05 10:00", CLOSED_TODAY, "明天 14:00 开放"),  # on the closed Wednesday
        ("2025-03-06 09:00", NOT_YET_OPEN, "今天 14:00 开放"),
        ("2025-03-06 19:00", ENDED_TODAY, "周六 09:00 开放"),
        ("2025-03-08 16:00", ENDED_TODAY, "周一 09:00 开放"),  # Saturday evening, Sunday closed
        ("2025-03-09 12:00", CLOSED_TODAY, "明天 09:00 开放"),  # Sunday
    ],
)
def test_the_closed_screen_says_why_and_when_over_a_week(now, title, when):
    assert closed_notice(HALL, at(now)) == ClosedNotice(title, when)


def test_the_same_weekday_a_week_on_is_next_weeks():
    hours = OpeningHours.parse({"mon": ["09:00-12:00"]})
    assert closed_notice(hours, at("2025-03-03 13:00")) == ClosedNotice(ENDED_TODAY, "下周一 09:00 开放")


def test_no_opening_at_all_says_nothing_of_when():
    never = OpeningHours.parse({"mon": "closed"})
    assert closed_notice(never, at("2025-03-03 10:00")) == ClosedNotice(CLOSED_TODAY, "")


def test_without_hours_nothing_is_said_of_when():
    assert closed_notice(None, at("2025-03-03 10:00")) == ClosedNotice(CLOSED_TODAY, "")


@pytest.mark.parametrize(
    ("opening", "text"),
    [
        ("2025-03-03 14:00", "今天 14:00 开放"),
        ("2025-03-04 09:05", "明天 09:05 开放"),
        ("2025-03-05 09:00", "周三 09:00 开放"),
        ("2025-03-09 09:00", "周日 09:00 开放"),
        ("2025-03-10 09:00", "下周一 09:00 开放"),
    ],
)
def test_opening_text_names_the_day_as_a_visitor_would(opening, text):
    assert opening_text(at(opening), at("2025-03-03 10:00")) == text
