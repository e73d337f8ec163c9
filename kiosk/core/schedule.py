"""Opening hours: when the kiosk shows its cards and when it rests.

The UI asks :meth:`OpeningHours.is_open` once and sets a single timer for
:meth:`OpeningHours.next_change`; nothing polls.  Times are wall-clock times
of the day in the ``now`` the caller passes (naive local time, or aware).

A kiosk PC whose clock battery died wakes up in 2000.  Going dark then would
leave a dead screen in the hall until someone notices, so an implausible
clock counts as open, and the UI is asked to look again soon, when the
network may have set the clock right.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

log = logging.getLogger(__name__)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOSED = "closed"
EARLIEST_PLAUSIBLE_YEAR = 2020
WRONG_CLOCK_RECHECK = timedelta(minutes=10)
MINUTES_PER_DAY = 24 * 60
_RANGE = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")


class ScheduleError(ValueError):
    """Every problem found in an ``opening_hours`` table, to show together."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Opening:
    """One open period, in minutes after the day's midnight; ``end <= start`` runs past midnight."""

    start: int
    end: int

    def text(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"

    def on(self, day: date, zone: tzinfo | None) -> tuple[datetime, datetime]:
        midnight = datetime.combine(day, time(0), tzinfo=zone)
        end = self.end if self.end > self.start else self.end + MINUTES_PER_DAY
        return midnight + timedelta(minutes=self.start), midnight + timedelta(minutes=end)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_range(text: str) -> Opening:
    """``"08:30-17:00"``, ``"22:00-02:00"`` (past midnight) or ``"00:00-24:00"`` (all day)."""
    match = _RANGE.fullmatch(text)
    if match is None:
        raise ValueError(f"“{text}” 应写成 HH:MM-HH:MM，如 08:30-17:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise ValueError(f"“{text}” 不是有效的时刻（00:00–24:00）")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end % MINUTES_PER_DAY and end != MINUTES_PER_DAY:
        raise ValueError(f"“{text}” 开始和结束相同；全天开放请写 00:00-24:00")
    return Opening(start, end)


class OpeningHours:
    """A week of openings; with none configured, always open."""

    def __init__(self, week: Mapping[str, tuple[Opening, ...]] | None = None) -> None:
        self._week = None if week is None else {day: tuple(week.get(day, ())) for day in WEEKDAYS}
        self._warned_clock = False

    @classmethod
    def always_open(cls) -> OpeningHours:
        return cls(None)

    @classmethod
    def parse(cls, data: object) -> OpeningHours:
        """From ``kiosk.yaml`` or a bundle: ``{mon: ["08:00-12:00", "13:00-17:00"], sun: closed}``.

        ``None`` means always open.  A day left out is closed.  Raises
        :class:`ScheduleError` listing every problem at once.
        """
        if data is None:
            return cls.always_open()
        if not isinstance(data, Mapping) or not data:
            raise ScheduleError(["opening_hours 应为 mon…sun 到时间段的表；一直开放就删掉这一项"])
        problems: list[str] = []
        week: dict[str, tuple[Opening, ...]] = {}
        for key, value in data.items():
            day = str(key).strip().lower()
            if day not in WEEKDAYS:
                problems.append(f"“{key}” 不是星期（应为 {', '.join(WEEKDAYS)}）")
                continue
            if isinstance(value, str) and value.strip().lower() == CLOSED:
                week[day] = ()
                continue
            texts = [value] if isinstance(value, str) else value
            if not isinstance(texts, list) or not texts:
                problems.append(f'{day}：应为时间段列表（如 ["08:30-17:00"]）或 {CLOSED}')
                continue
            openings = []
            for text in texts:
                try:
                    if not isinstance(text, str):
                        raise ValueError(f"“{text}” 应加引号写成 HH:MM-HH:MM")
                    openings.append(parse_range(text))
                except ValueError as exc:
                    problems.append(f"{day}：{exc}")
            week[day] = tuple(openings)
        if problems:
            raise ScheduleError(problems)
        return cls(week)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OpeningHours) and self._week == other._week

    __hash__ = None  # type: ignore[assignment]  # equal by content, and not frozen

    def __repr__(self) -> str:
        return f"OpeningHours({self.as_dict()!r})"

    @property
    def always(self) -> bool:
        return self._week is None

    def as_dict(self) -> dict[str, list[str] | str] | None:
        """The form :meth:`parse` reads, for saving; ``None`` when always open."""
        if self._week is None:
            return None
        return {day: [o.text() for o in openings] if openings else CLOSED for day, openings in self._week.items()}

    def is_open(self, now: datetime) -> bool:
        if self._week is None or self._clock_is_wrong(now):
            return True
        return any(start <= now < end for start, end in self._periods(now, days_ahead=1))

    def next_change(self, now: datetime) -> datetime | None:
        """When :meth:`is_open` next flips; ``None`` when it never does.

        With a wrong clock, a time soon after ``now``: ask again then.
        """
        if self._week is None:
            return None
        if self._clock_is_wrong(now):
            return now + WRONG_CLOCK_RECHECK
        horizon_days = len(WEEKDAYS) + 1
        periods = self._periods(now, days_ahead=horizon_days)
        if not periods:
            return None  # closed every day
        for start, end in periods:
            if now < start:
                return start
            if now < end:
                # open without a break for a whole week: the week repeats, so it never closes
                return None if end - now > timedelta(days=len(WEEKDAYS)) else end
        return None

    def _periods(self, now: datetime, *, days_ahead: int) -> list[tuple[datetime, datetime]]:
        """Open periods from yesterday (its late openings reach into today), merged where they touch."""
        assert self._week is not None
        found: list[tuple[datetime, datetime]] = []
        for offset in range(-1, days_ahead + 1):
            day = now.date() + timedelta(days=offset)
            found.extend(o.on(day, now.tzinfo) for o in self._week[WEEKDAYS[day.weekday()]])
        merged: list[tuple[datetime, datetime]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def _clock_is_wrong(self, now: datetime) -> bool:
        if now.year >= EARLIEST_PLAUSIBLE_YEAR:
            return False
        if not self._warned_clock:
            self._warned_clock = True
            log.warning(
                "系统时钟显示 %s，明显不对（主板电池没电？）：按开放处理，请校准时间。"
                " The clock looks wrong; treating the kiosk as open.",
                now.isoformat(timespec="minutes"),
            )
        return True


def next_opening(hours: OpeningHours, now: datetime) -> datetime | None:
    """When the kiosk next opens after ``now`` (the start of its next open period).

    ``None`` when it never opens, when it is always open, or when the clock is
    plainly wrong (the kiosk then counts as open and does not know the day).
    """
    if hours.always or hours._clock_is_wrong(now):
        return None
    horizon_days = len(WEEKDAYS) + 1  # the same weekday next week is the furthest an opening can be
    return next((start for start, _end in hours._periods(now, days_ahead=horizon_days) if start > now), None)


def opened_earlier_today(hours: OpeningHours, now: datetime) -> bool:
    """Whether an open period began today before ``now`` (one carried over from last night does not count)."""
    if hours.always or hours._clock_is_wrong(now):
        return False
    return any(start.date() == now.date() and start <= now for start, _end in hours._periods(now, days_ahead=0))


def resolve_opening_hours(configured: OpeningHours | None, bundle_default: object = None) -> OpeningHours:
    """This machine's hours win; else the bundle's; else always open.  A broken default is logged, not fatal."""
    if configured is not None:
        return configured
    try:
        return OpeningHours.parse(bundle_default)
    except ScheduleError as exc:
        log.error("数据包里的开放时间有误，按一直开放处理：%s", exc)
        return OpeningHours.always_open()
