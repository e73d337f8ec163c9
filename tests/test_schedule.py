"""Opening hours: open or closed now, and the one moment the UI's timer should fire next."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.core.schedule import (
    WRONG_CLOCK_RECHECK,
    OpeningHours,
    ScheduleError,
    next_opening,
    opened_earlier_today,
    parse_range,
    resolve_opening_hours,
)

WEEKDAY_HOURS = {day: ["08:30-12:00", "13:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def at(text: str) -> datetime:
    """``"mon 2025-03-03 09:00"`` reads better in a test; 2025-03-03 is a Monday."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


@pytest.fixture
def office() -> OpeningHours:
    return OpeningHours.parse({**WEEKDAY_HOURS, "sat": "closed"})


def test_nothing_configured_is_always_open_and_never_changes():
    hours = OpeningHours.parse(None)
    assert hours.always
    assert hours.is_open(at("2025-03-09 03:00"))
    assert hours.next_change(at("2025-03-09 03:00")) is None


def test_open_inside_a_range_and_closed_outside(office):
    assert office.is_open(at("2025-03-03 09:00"))
    assert not office.is_open(at("2025-03-03 07:59"))
    assert not office.is_open(at("2025-03-03 18:00"))


def test_opening_is_inclusive_and_closing_is_exclusive(office):
    assert office.is_open(at("2025-03-03 08:30"))
    assert not office.is_open(at("2025-03-03 17:00"))


def test_closed_over_the_lunch_break(office):
    assert not office.is_open(at("2025-03-03 12:30"))


def test_a_day_marked_closed_or_left_out_is_closed(office):
    assert not office.is_open(at("2025-03-08 10:00"))  # sat: closed
    assert not office.is_open(at("2025-03-09 10:00"))  # sun: left out


def test_a_range_across_midnight_stays_open_into_the_next_morning():
    hours = OpeningHours.parse({"fri": ["22:00-02:00"], "sat": "closed"})
    assert not hours.is_open(at("2025-03-07 21:59"))
    assert hours.is_open(at("2025-03-07 23:00"))
    assert hours.is_open(at("2025-03-08 01:59"))  # Saturday, though Saturday itself is closed
    assert not hours.is_open(at("2025-03-08 02:00"))


def test_a_sunday_night_range_reaches_into_monday():
    hours = OpeningHours.parse({"sun": ["20:00-01:00"]})
    assert hours.is_open(at("2025-03-10 00:30"))
    assert hours.next_change(at("2025-03-09 21:00")) == at("2025-03-10 01:00")


def test_all_day_is_written_00_00_to_24_00():
    hours = OpeningHours.parse({"mon": "00:00-24:00"})
    assert hours.is_open(at("2025-03-03 00:00"))
    assert hours.is_open(at("2025-03-03 23:59"))
    assert not hours.is_open(at("2025-03-04 00:00"))


def test_next_change_when_open_is_the_closing_time(office):
    assert office.next_change(at("2025-03-03 09:00")) == at("2025-03-03 12:00")
    assert office.next_change(at("2025-03-03 13:00")) == at("2025-03-03 17:00")


def test_next_change_when_closed_is_the_next_opening(office):
    assert office.next_change(at("2025-03-03 07:00")) == at("2025-03-03 08:30")
    assert office.next_change(at("2025-03-03 12:00")) == at("2025-03-03 13:00")


def test_next_change_skips_a_closed_weekend(office):
    assert office.next_change(at("2025-03-07 17:00")) == at("2025-03-10 08:30")


def test_next_change_finds_an_opening_almost_a_week_away():
    hours = OpeningHours.parse({"mon": ["09:00-10:00"]})
    assert hours.next_change(at("2025-03-03 10:00")) == at("2025-03-10 09:00")


def test_ranges_that_touch_close_only_at_the_end_of_both():
    hours = OpeningHours.parse({"mon": ["00:00-24:00"], "tue": ["00:00-12:00"], "sun": ["20:00-24:00"]})
    assert hours.next_change(at("2025-03-02 21:00")) == at("2025-03-04 12:00")


def test_open_round_the_clock_every_day_never_changes():
    hours = OpeningHours.parse(dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "00:00-24:00"))
    assert hours.is_open(at("2025-03-05 03:00"))
    assert hours.next_change(at("2025-03-05 03:00")) is None


def test_closed_every_day_never_changes():
    hours = OpeningHours.parse({"mon": "closed"})
    assert not hours.is_open(at("2025-03-03 10:00"))
    assert hours.next_change(at("2025-03-03 10:00")) is None


def test_next_change_always_lands_where_is_open_flips(office):
    now = at("2025-03-02 00:00")
    for _ in range(7 * 24 * 4):
        change = office.next_change(now)
        assert change is not None and change > now
        assert office.is_open(change - timedelta(minutes=1)) == office.is_open(now)
        assert office.is_open(change) != office.is_open(now)
        now += timedelta(minutes=15)


def test_aware_times_are_read_on_their_own_wall_clock():
    beijing = timezone(timedelta(hours=8))
    hours = OpeningHours.parse(WEEKDAY_HOURS)
    now = datetime(2025, 3, 3, 9, 0, tzinfo=beijing)
    assert hours.is_open(now)
    assert hours.next_change(now) == datetime(2025, 3, 3, 12, 0, tzinfo=beijing)
    assert not hours.is_open(now.astimezone(UTC))  # the same moment reads 01:00 on a UTC wall clock


# ---------------------------------------------------------------- a wrong clock


def test_a_clock_stuck_in_2000_counts_as_open_and_warns_once(office, caplog):
    dead_battery = at("2000-01-01 00:00")  # a Saturday night: closed, were the clock right
    with caplog.at_level(logging.WARNING, logger="kiosk.core.schedule"):
        assert office.is_open(dead_battery)
        assert office.is_open(dead_battery + timedelta(hours=3))
        office.next_change(dead_battery)
    [warning] = caplog.records
    assert "2000-01-01" in warning.getMessage()
    assert "时钟" in warning.getMessage()


def test_a_wrong_clock_asks_to_look_again_soon(office):
    dead_battery = at("2000-01-01 00:00")
    assert office.next_change(dead_battery) == dead_battery + WRONG_CLOCK_RECHECK


def test_a_right_clock_again_follows_the_hours(office):
    assert office.is_open(at("2000-01-01 00:00"))
    assert not office.is_open(at("2025-03-08 10:00"))


# ---------------------------------------------------------------- reading the table


def test_a_single_range_may_be_written_without_a_list():
    assert OpeningHours.parse({"mon": "08:00-17:00"}) == OpeningHours.parse({"mon": ["08:00-17:00"]})


def test_hours_round_trip_through_as_dict(office):
    assert OpeningHours.parse(office.as_dict()) == office
    assert office.as_dict()["sun"] == "closed"
    assert office.as_dict()["mon"] == ["08:30-12:00", "13:00-17:00"]


@pytest.mark.parametrize("text", ["8-17", "08:00-08:00", "24:00-01:00", "08:60-09:00", "08:00-24:30", "8am-5pm"])
def test_a_wrong_range_says_how_to_write_it(text):
    with pytest.raises(ValueError, match=f"“{text}”"):
        parse_range(text)


def test_every_problem_in_the_table_is_reported_together():
    with pytest.raises(ScheduleError) as caught:
        OpeningHours.parse({"monday": ["08:00-17:00"], "tue": ["25:00-26:00"], "wed": 480, "thu": [], "fri": [510]})
    problems = caught.value.problems
    assert len(problems) == 5
    assert any("monday" in p and "mon" in p for p in problems)
    assert any(p.startswith("tue") for p in problems)
    assert any(p.startswith("fri") and "引号" in p for p in problems)


def test_an_empty_table_is_an_error_not_closed_forever():
    with pytest.raises(ScheduleError, match="删掉"):
        OpeningHours.parse({})


def test_this_kiosks_hours_win_over_the_bundles(office):
    assert resolve_opening_hours(office, {"sun": ["10:00-11:00"]}) is office


def test_the_bundles_hours_apply_when_this_kiosk_sets_none():
    hours = resolve_opening_hours(None, {"sun": ["10:00-11:00"]})
    assert hours.is_open(at("2025-03-09 10:30"))
    assert resolve_opening_hours(None).always


def test_a_broken_bundle_default_is_logged_and_always_open(caplog):
    with caplog.at_level(logging.ERROR, logger="kiosk.core.schedule"):
        assert resolve_opening_hours(None, {"sun": ["later"]}).always
    assert "later" in caplog.text


# ---------------------------------------------------------------- the next opening (for the closed screen)

LUNCH_BREAK = {"mon": ["09:00-12:00", "13:30-17:30"], "tue": ["09:00-12:00", "13:30-17:30"], "sat": ["09:00-16:00"]}


@pytest.mark.parametrize(
    ("now", "opens"),
    [
        ("2025-03-03 07:00", "2025-03-03 09:00"),  # Monday morning, before opening
        ("2025-03-03 12:30", "2025-03-03 13:30"),  # the lunch break between two ranges
        ("2025-03-03 12:00", "2025-03-03 13:30"),  # the moment the morning closes
        ("2025-03-03 18:00", "2025-03-04 09:00"),  # after closing: tomorrow
        ("2025-03-03 23:59", "2025-03-04 09:00"),  # a minute before midnight
        ("2025-03-04 00:00", "2025-03-04 09:00"),  # midnight: the same opening is today's now
        ("2025-03-04 18:00", "2025-03-08 09:00"),  # Wednesday to Friday closed: Saturday
        ("2025-03-05 10:00", "2025-03-08 09:00"),  # on a closed weekday
        ("2025-03-08 17:00", "2025-03-10 09:00"),  # Saturday evening, Sunday closed: Monday
        ("2025-03-09 12:00", "2025-03-10 09:00"),  # Sunday
    ],
)
def test_next_opening_over_a_week(now, opens):
    assert next_opening(OpeningHours.parse(LUNCH_BREAK), at(now)) == at(opens)


def test_while_open_the_next_opening_is_the_one_after_this(office):
    assert next_opening(office, at("2025-03-03 09:00")) == at("2025-03-03 13:00")


def test_an_only_opening_a_week_away_is_found():
    hours = OpeningHours.parse({"mon": ["09:00-12:00"]})
    assert next_opening(hours, at("2025-03-03 12:00")) == at("2025-03-10 09:00")


def test_a_late_range_opens_the_evening_before_its_morning():
    hours = OpeningHours.parse({"fri": ["22:00-02:00"]})
    assert next_opening(hours, at("2025-03-08 01:00")) == at("2025-03-14 22:00")  # open now, past midnight


def test_no_opening_at_all_has_no_next_opening():
    assert next_opening(OpeningHours.parse(dict.fromkeys(WEEKDAY_HOURS, "closed")), at("2025-03-03 09:00")) is None
    assert next_opening(OpeningHours.always_open(), at("2025-03-03 09:00")) is None


def test_a_wrong_clock_knows_no_next_opening(office):
    assert next_opening(office, at("2000-01-01 03:00")) is None


def test_opened_earlier_today_counts_only_openings_begun_today():
    hours = OpeningHours.parse({"mon": ["22:00-02:00"], "tue": ["09:00-12:00"]})
    assert not opened_earlier_today(hours, at("2025-03-04 08:00"))  # Monday night's range does not count
    assert opened_earlier_today(hours, at("2025-03-04 12:30"))
    assert not opened_earlier_today(hours, at("2025-03-03 21:00"))
