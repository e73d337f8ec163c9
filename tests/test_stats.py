"""Proof-of-play statistics: written, summarised, pruned, exported, and safe when the power goes."""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.core.attract import Trigger
from kiosk.core.stats import MAX_VIEW_S, StatsRecorder

ROOT = Path(__file__).resolve().parents[1]
BEIJING = timezone(timedelta(hours=8))
START = datetime(2025, 3, 3, 9, 0, tzinfo=BEIJING)  # a Monday morning in the hall


class FakeClock:
    """UTC epoch seconds, moved by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.now, tz=BEIJING)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "stats.sqlite3"


@pytest.fixture
def recorder(db_path, clock):
    with StatsRecorder(db_path, clock, bundle_id="shandong") as opened:
        yield opened


def show(recorder: StatsRecorder, clock: FakeClock, card_id: str, seconds: float, trigger: str = "auto") -> None:
    recorder.card_shown(card_id, trigger)
    clock.advance(seconds)


def rows(path: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


# ---------------------------------------------------------------- recording


def test_a_card_view_gets_its_length_when_the_next_card_starts(recorder, clock, db_path):
    show(recorder, clock, "members", 10)
    recorder.card_shown("law-aid", Trigger.TOUCH)
    assert rows(db_path, "SELECT card_id, bundle_id, seconds, trigger FROM card_views ORDER BY id") == [
        ("members", "shandong", 10.0, "auto"),
        ("law-aid", "shandong", None, "touch"),  # still on screen
    ]


def test_stop_ends_the_card_on_screen_and_an_open_detail(recorder, clock, db_path):
    show(recorder, clock, "members", 4)
    recorder.detail_opened("members")
    clock.advance(6)
    recorder.stop()
    assert rows(db_path, "SELECT seconds FROM card_views") == [(10.0,)]
    assert rows(db_path, "SELECT card_id, seconds FROM detail_views") == [("members", 6.0)]


def test_every_event_is_committed_at_once(recorder, clock, db_path):
    recorder.card_shown("members")
    recorder.touched()
    recorder.returned("idle")
    # another connection sees them while the recorder is still open
    assert rows(db_path, "SELECT COUNT(*) FROM card_views") == [(1,)]
    assert rows(db_path, "SELECT COUNT(*) FROM touches") == [(1,)]
    assert rows(db_path, "SELECT reason FROM returns") == [("idle",)]


def test_returning_to_the_loop_closes_an_open_detail(recorder, clock, db_path):
    recorder.detail_opened("members")
    clock.advance(25)
    recorder.returned("back")
    clock.advance(100)
    recorder.detail_closed()  # already closed: nothing changes
    assert rows(db_path, "SELECT seconds FROM detail_views") == [(25.0,)]


def test_a_view_longer_than_a_day_means_the_clock_jumped_and_has_no_length(recorder, clock, db_path):
    show(recorder, clock, "members", MAX_VIEW_S + 1)
    recorder.card_shown("law-aid")
    assert rows(db_path, "SELECT seconds FROM card_views ORDER BY id") == [(None,), (None,)]


def test_a_clock_going_backwards_gives_zero_not_a_negative_length(recorder, clock, db_path):
    show(recorder, clock, "members", -30)
    recorder.card_shown("law-aid")
    assert rows(db_path, "SELECT seconds FROM card_views ORDER BY id")[0] == (0.0,)


def test_an_unknown_trigger_or_reason_is_a_programming_error(recorder):
    with pytest.raises(ValueError):
        recorder.card_shown("members", "swipe")
    with pytest.raises(ValueError):
        recorder.returned("bored")


def test_the_database_is_in_wal_mode_with_normal_sync(recorder, db_path):
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert recorder._db.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL: per connection


def test_a_write_that_fails_is_logged_once_and_the_show_goes_on(recorder, caplog):
    recorder._db.close()  # the disk went away under it
    with caplog.at_level(logging.WARNING, logger="kiosk.core.stats"):
        recorder.card_shown("members")
        recorder.touched()
        recorder.detail_opened("members")
    assert len(caplog.records) == 1
    assert "the show goes on" in caplog.records[0].getMessage()


# ---------------------------------------------------------------- summary


@pytest.fixture
def busy_morning(recorder, clock):
    """Three cards in rotation, a visitor who swipes to one and opens its detail, and touches."""
    show(recorder, clock, "members", 10)
    show(recorder, clock, "law-aid", 10)
    show(recorder, clock, "members", 9)
    recorder.touched()
    clock.advance(1)
    show(recorder, clock, "stations", 30, "touch")
    recorder.detail_opened("stations")
    clock.advance(1)
    recorder.touched()
    clock.advance(39)
    recorder.detail_closed()
    recorder.returned("idle")
    show(recorder, clock, "members", 10, "key")
    recorder.stop()
    return recorder


def test_summary_ranks_the_most_viewed_cards(busy_morning):
    summary = busy_morning.summarise()
    assert summary.card_views == 5
    assert [(v.card_id, v.views, v.seconds) for v in summary.most_viewed] == [
        ("members", 3, 30.0),
        ("stations", 1, 70.0),
        ("law-aid", 1, 10.0),
    ]


def test_most_touched_counts_views_brought_by_touch_and_detail_opens(busy_morning):
    [stations] = busy_morning.summarise().most_touched
    assert (stations.card_id, stations.touch_views, stations.detail_opens, stations.total) == ("stations", 1, 1, 2)


def test_average_dwell_per_card_view_and_per_detail(busy_morning):
    summary = busy_morning.summarise()
    assert summary.average_card_seconds == pytest.approx((30 + 70 + 10) / 5)
    assert summary.average_detail_seconds == pytest.approx(40)
    assert summary.detail_views == 1
    assert summary.returns == {"idle": 1}


def test_touches_are_counted_per_local_hour_of_day(recorder, clock):
    recorder.touched()  # 09:00 in Beijing, 01:00 UTC
    clock.advance(3600 * 5 + 45 * 60)  # 14:45
    recorder.touched()
    recorder.touched()
    summary = recorder.summarise(zone=BEIJING)
    assert len(summary.touches_by_hour) == 24
    assert summary.touches_by_hour[9] == 1
    assert summary.touches_by_hour[14] == 2
    assert summary.touches == 3
    assert recorder.summarise(zone=UTC).touches_by_hour[1] == 1


def test_half_hour_time_zones_get_the_right_hour(recorder, clock):
    clock.now = datetime(2025, 3, 3, 9, 40, tzinfo=UTC).timestamp()
    recorder.touched()
    india = timezone(timedelta(hours=5, minutes=30))
    assert recorder.summarise(zone=india).touches_by_hour[15] == 1  # 15:10 in India


def test_since_leaves_out_older_rows(recorder, clock):
    show(recorder, clock, "old", 10)
    recorder.touched()
    clock.advance(3 * 24 * 3600)
    since = clock.moment() - timedelta(hours=1)
    show(recorder, clock, "new", 10)
    recorder.touched()
    summary = recorder.summarise(since)
    assert [v.card_id for v in summary.most_viewed] == ["new"]
    assert summary.touches == 1
    assert summary.since == since


def test_an_empty_database_summarises_to_nothing(recorder):
    summary = recorder.summarise()
    assert (summary.card_views, summary.touches, summary.most_viewed) == (0, 0, ())
    assert summary.touches_by_hour == (0,) * 24
    assert summary.average_card_seconds is None


def test_summary_as_dict_is_plain_json_data(busy_morning):
    import json

    data = json.loads(json.dumps(busy_morning.summarise().as_dict()))
    assert data["most_touched"][0] == {"card_id": "stations", "touch_views": 1, "detail_opens": 1, "total": 2}
    assert data["since"] is None


# ---------------------------------------------------------------- size


def test_prune_forgets_rows_older_than_keep_days(db_path, clock):
    with StatsRecorder(db_path, clock, keep_days=30) as recorder:
        show(recorder, clock, "members", 10)
        recorder.touched()
        recorder.returned("idle")
        recorder.detail_opened("members")
        clock.advance(31 * 24 * 3600)
        show(recorder, clock, "law-aid", 10)
        assert recorder.prune(clock.moment()) == 4
        assert [v.card_id for v in recorder.summarise().most_viewed] == ["law-aid"]


def test_prune_caps_the_total_rows_keeping_the_newest(db_path, clock):
    with StatsRecorder(db_path, clock, max_rows=5) as recorder:
        for n in range(4):
            show(recorder, clock, f"card-{n}", 10)
            recorder.touched()
        recorder.prune()
        assert rows(db_path, "SELECT card_id FROM card_views ORDER BY id") == [("card-2",), ("card-3",)]
        assert rows(db_path, "SELECT COUNT(*) FROM touches") == [(3,)]


def test_pruning_happens_when_the_recorder_opens(db_path, clock):
    with StatsRecorder(db_path, clock) as recorder:
        recorder.touched()
    clock.advance(401 * 24 * 3600)
    with StatsRecorder(db_path, clock) as recorder:
        assert recorder.summarise().touches == 0


# ---------------------------------------------------------------- CSV


def test_csv_has_every_row_oldest_first_with_a_kind_column(busy_morning, tmp_path):
    out = tmp_path / "统计.csv"
    assert busy_morning.to_csv(out, zone=BEIJING) == 5 + 2 + 1 + 1
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM correctly
    with out.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert [r["kind"] for r in table] == [
        "card_view",
        "card_view",
        "card_view",
        "touch",
        "card_view",
        "detail_view",
        "touch",
        "return",  # at the same moment as the detail closed and the card after it
        "card_view",
    ]
    first = table[0]
    assert (first["at"], first["card_id"], first["bundle_id"], first["seconds"], first["trigger"]) == (
        "2025-03-03 09:00:00",
        "members",
        "shandong",
        "10.0",
        "auto",
    )
    assert table[7]["reason"] == "idle"


def test_csv_since_leaves_out_older_rows(recorder, clock, tmp_path):
    recorder.touched()
    clock.advance(3600)
    recorder.touched()
    assert recorder.to_csv(tmp_path / "out.csv", clock.moment() - timedelta(minutes=1)) == 1


# ---------------------------------------------------------------- damage


WRITER = textwrap.dedent(
    """
    import sys
    import time
    from kiosk.core.stats import StatsRecorder

    recorder = StatsRecorder(sys.argv[1], time.time, bundle_id="shandong")
    n = 0
    while True:
        recorder.card_shown(f"card-{n % 7}", "auto")
        recorder.touched()
        n += 1
        if n % 50 == 0:
            print(n, flush=True)
    """
)


def test_a_killed_process_leaves_a_readable_database(db_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        written = 0
        while written < 300:
            line = writer.stdout.readline()
            assert line, "the writer died on its own"
            written = int(line)
    finally:
        writer.kill()  # SIGKILL on POSIX: no clean-up, no final commit
        writer.wait(timeout=30)
        writer.stdout.close()
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    with StatsRecorder(db_path, time.time) as reopened:
        summary = reopened.summarise()
    assert summary.card_views >= written
    assert summary.touches >= written
    assert sum(v.views for v in summary.most_viewed) == summary.card_views


def test_a_corrupted_file_is_moved_aside_and_a_fresh_database_started(db_path, clock, caplog):
    db_path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    with caplog.at_level(logging.WARNING, logger="kiosk.core.stats"), StatsRecorder(db_path, clock) as recorder:
        recorder.touched()
        assert recorder.summarise().touches == 1
    [aside] = db_path.parent.glob("stats.sqlite3.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not a database")
    assert aside.name == "stats.sqlite3.corrupt-" + datetime.fromtimestamp(clock.now).strftime("%Y%m%d-%H%M%S")
    assert "moved aside" in caplog.text and aside.name in caplog.text
    assert rows(db_path, "SELECT COUNT(*) FROM touches") == [(1,)]


def test_a_second_corruption_in_the_same_second_keeps_both_copies(db_path, clock):
    for _ in range(2):
        db_path.write_bytes(b"garbage" * 1000)
        StatsRecorder(db_path, clock).close()
    assert len(list(db_path.parent.glob("stats.sqlite3.corrupt-*"))) == 2


def test_a_place_that_cannot_hold_a_database_records_in_memory(tmp_path, clock, caplog):
    folder = tmp_path / "stats.sqlite3"
    folder.mkdir()  # a folder where the file should be
    with caplog.at_level(logging.ERROR, logger="kiosk.core.stats"), StatsRecorder(folder, clock) as recorder:
        recorder.touched()
        assert recorder.summarise().touches == 1
    assert "memory" in caplog.text
    assert folder.is_dir() and not list(tmp_path.glob("*.corrupt-*"))
