"""The daily statistics report: a day's rows as ``union-kiosk stats --csv`` writes them, and which days are due.

Which days were sent is kept in :data:`STATE_FILE` in the kiosk's data folder,
so a kiosk switched off for a while sends each missed day once it is on again.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from kiosk.feed.install import write_json_atomically
from kiosk.feed.report_format import stats_name
from kiosk.feed.report_queue import ReportQueue

log = logging.getLogger(__name__)

STATS_DAYS_BACK = 7  # a kiosk switched off for a week still sends each missed day once it is on again
STATE_FILE = "reports-state.json"  # which days' statistics were sent


def day_rows_csv(
    stats_file: Path, day: date, *, zone: tzinfo | None = None, clock: Callable[[], float] = time.time
) -> bytes | None:
    """The rows of ``day`` (local time, or ``zone``) from the statistics, as ``union-kiosk stats --csv`` writes them.

    ``None`` when there is no database.  Opens its own connection: the
    kiosk's recorder belongs to the GUI thread.
    """
    from kiosk.core.stats import StatsRecorder

    if not stats_file.is_file():
        return None
    # A naive start is the kiosk's local midnight, as `stats --since` reads it.
    since = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = (since + timedelta(days=1)).timestamp()
    with tempfile.TemporaryDirectory(prefix="union-kiosk-stats-") as folder:
        export = Path(folder) / "day.csv"
        with StatsRecorder(stats_file, clock) as recorder:
            recorder.to_csv(export, since, zone=zone)
        with export.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
    out = io.StringIO()
    out.write("\ufeff")  # like the export: Excel shows the Chinese card ids
    writer = csv.writer(out)
    writer.writerow(rows[0])
    epoch = rows[0].index("at_epoch")
    for row in rows[1:]:
        with contextlib.suppress(ValueError, IndexError):
            if float(row[epoch]) < end:
                writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _sent_state(state_file: Path) -> dict[str, object]:
    try:
        data = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def queue_unsent_days(
    queue: ReportQueue,
    hall: str,
    stats_file: Path,
    state_file: Path,
    *,
    today: date,
    zone: tzinfo | None = None,
    clock: Callable[[], float] = time.time,
) -> list[date]:
    """Queue for ``hall`` each finished day's statistics not sent yet (up to :data:`STATS_DAYS_BACK` before
    ``today``), noting each day in ``state_file``; the days queued.

    A day without a single row (the kiosk was off) is passed over.
    """
    state = _sent_state(state_file)
    try:
        done = date.fromisoformat(str(state.get("stats_sent_through")))
    except ValueError:
        done = today - timedelta(days=STATS_DAYS_BACK + 1)
    done = max(done, today - timedelta(days=STATS_DAYS_BACK + 1))
    queued = []
    day = done + timedelta(days=1)
    while day < today:
        try:
            body = day_rows_csv(stats_file, day, zone=zone, clock=clock)
        except Exception:
            log.exception("无法导出 %s 的统计 / cannot export the day's stats", day)
            break
        if body is not None and body.count(b"\n") > 1:  # a day the kiosk was off sends nothing
            if queue.put(hall, stats_name(day), body) is None:
                break
            queued.append(day)
        state["stats_sent_through"] = day.isoformat()
        try:
            write_json_atomically(state_file, state)
        except OSError as exc:
            log.warning("无法记录已发送的统计 / cannot record sent stats: %s", exc)
        day += timedelta(days=1)
    return queued
