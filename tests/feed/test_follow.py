"""Backoff with full jitter, and the background follower (time and randomness injected)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.feed.follow import FeedFollower, next_delay
from kiosk.feed.settings import DEFAULT_CHECK_MINUTES, FeedSettings, feed_settings
from kiosk.feed.update import Outcome, Reason, UpdateResult

NOW = datetime(2026, 11, 30, tzinfo=UTC)


def result(code: str | None) -> UpdateResult:
    if code is None:
        return UpdateResult(Outcome.CURRENT, NOW, "feed")
    return UpdateResult(Outcome.REFUSED, NOW, "feed", reason=Reason(code, code, code))


def test_backoff_ceiling_doubles_up_to_the_cap():
    ceilings = [next_delay(attempt, 30, 900, lambda: 0.999999) for attempt in range(8)]
    assert ceilings == pytest.approx([30, 60, 120, 240, 480, 900, 900, 900], rel=1e-5)


def test_full_jitter_spreads_a_fleet_over_the_whole_window():
    import random

    draws = random.Random(14)
    delays = [next_delay(3, 30, 900, draws.random) for _ in range(1000)]
    assert all(0 <= d < 240 for d in delays)
    assert min(delays) < 24 and max(delays) > 216  # not bunched at the ceiling or at zero
    assert next_delay(3, 30, 900, lambda: 0.0) == 0.0
    with pytest.raises(ValueError):
        next_delay(-1, 30, 900, random.random)


def test_a_transient_refusal_is_retried_with_backoff_then_given_up():
    waits, calls = [], []
    follower = FeedFollower(
        lambda: calls.append(1) or result("offline"),
        interval=900,
        wait=lambda s: waits.append(s) or False,
        random=lambda: 0.5,
        max_retries=3,
    )
    final = follower.run_cycle()
    assert len(calls) == 4 and final.reason.code == "offline"
    assert waits == [15.0, 30.0, 60.0]


def test_a_refusal_no_retry_can_cure_waits_for_the_next_check():
    calls, seen = [], []
    follower = FeedFollower(
        lambda: calls.append(1) or result("tampered"), interval=900, wait=lambda _s: False, on_result=seen.append
    )
    follower.run_cycle()
    assert len(calls) == 1 and seen[0].reason.code == "tampered"


def test_a_retry_that_succeeds_ends_the_cycle():
    answers = iter([result("server-error"), result(None)])
    follower = FeedFollower(lambda: next(answers), interval=900, wait=lambda _s: False, random=lambda: 0.0)
    assert follower.run_cycle().outcome is Outcome.CURRENT


def test_the_follower_spreads_its_first_check_and_stops_when_asked():
    waits = []
    checks = []

    def wait(seconds):
        waits.append(seconds)
        return len(waits) >= 3  # stopped during the second interval

    follower = FeedFollower(lambda: checks.append(1) or result(None), interval=600, wait=wait, random=lambda: 0.5)
    follower.run()
    assert waits[0] == pytest.approx(300)  # half of min(spread, interval)
    assert waits[1] == pytest.approx(600)  # 90–110 % of the interval; 0.5 draws the middle
    assert len(checks) == 2


def test_the_follower_runs_on_its_own_thread_and_stops():
    import threading

    ran = threading.Event()
    follower = FeedFollower(lambda: ran.set() or result(None), interval=3600, first_check_spread=0)
    thread = follower.start()
    assert ran.wait(5)
    assert thread is not threading.main_thread() and thread.daemon
    follower.stop(timeout=5)
    assert not thread.is_alive()


def test_feed_settings_are_read_from_kiosk_yaml(tmp_path):
    data = {"feed": {"url": "https://feed.example.org/union/", "trust": "root.json", "hall": "jinan-01"}}
    settings, problems = feed_settings(data, base=tmp_path)
    assert problems == []
    assert settings == FeedSettings(
        "https://feed.example.org/union/", tmp_path / "root.json", "jinan-01", DEFAULT_CHECK_MINUTES
    )
    local, _ = feed_settings({"feed": {"url": "usb/feed", "trust": "/etc/root.json"}}, base=tmp_path)
    assert local.source == str(tmp_path / "usb" / "feed") and local.trust == Path("/etc/root.json")


def test_broken_feed_settings_are_reported_not_raised(tmp_path):
    assert feed_settings({}, base=tmp_path) == (None, [])
    settings, problems = feed_settings(
        {"feed": {"url": "https://x/", "trust": "r.json", "hall": "../x", "check_minutes": 0, "colour": 1}}
    )
    assert settings is not None and settings.hall is None and settings.check_minutes == DEFAULT_CHECK_MINUTES
    assert len(problems) == 3
    settings, problems = feed_settings({"feed": {"hall": "a"}})
    assert settings is None and problems
