"""Proof of play: which cards were shown, how long, and what visitors touched.

The union wants to know that every card got its time on screen and which ones
people looked at.  Nothing here says who: there are card ids, times and
counts, and no personal data.

The kiosk is switched off at the wall, so every event is its own small
committed transaction in a WAL database: a power cut loses at most the last
moments, never the file.  Recording is best-effort — a full disk is logged,
not raised, because the show must go on.  A file that is not a database any
more is put aside with a timestamp and a fresh one started.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from kiosk.core import places
from kiosk.core.attract import ReturnReason, Trigger
from kiosk.core.clock import WallClock

log = logging.getLogger(__name__)

STATS_FILE = "stats.sqlite3"
SCHEMA_VERSION = 1
KEEP_DAYS = 400  # a year of reports plus a month to write them
MAX_ROWS = 2_000_000  # ~100 MB: a busy hall for years, and still a small file
PRUNE_INTERVAL_S = 24 * 3600  # how often a running kiosk prunes (KioskPresenter.keep_stats_small)
MAX_VIEW_S = 24 * 3600  # a longer "view" means the clock jumped: its length is unknown
BUSY_TIMEOUT_S = 5.0  # `union-kiosk stats` may read while the kiosk writes
SECONDS_PER_DAY = 24 * 3600
HOUR_BUCKET_S = 15 * 60  # every time zone's offset is a multiple of 15 minutes
CORRUPT_CODES = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
CSV_COLUMNS = ("kind", "at", "at_epoch", "card_id", "bundle_id", "seconds", "trigger", "reason")

_T = TypeVar("_T")


_SCHEMA = """
CREATE TABLE IF NOT EXISTS card_views (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    bundle_id TEXT NOT NULL,
    started_at REAL NOT NULL,   -- UTC epoch seconds
    seconds REAL,               -- NULL while on screen, or when unknown
    trigger TEXT NOT NULL CHECK (trigger IN ('auto', 'touch', 'key', 'jump'))
);
CREATE INDEX IF NOT EXISTS card_views_started ON card_views (started_at);
CREATE TABLE IF NOT EXISTS detail_views (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    opened_at REAL NOT NULL,
    seconds REAL
);
CREATE INDEX IF NOT EXISTS detail_views_opened ON detail_views (opened_at);
CREATE TABLE IF NOT EXISTS returns (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('idle', 'back'))
);
CREATE INDEX IF NOT EXISTS returns_at ON returns (at);
CREATE TABLE IF NOT EXISTS touches (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS touches_at ON touches (at);
"""
_TIME_COLUMN = {"card_views": "started_at", "detail_views": "opened_at", "returns": "at", "touches": "at"}
_ALL_TIMES = " UNION ALL ".join(f"SELECT {column} AS t FROM {table}" for table, column in _TIME_COLUMN.items())
_ROWS = """
SELECT 'card_view', started_at, card_id, bundle_id, seconds, trigger, '', 1, id FROM card_views WHERE started_at >= :since
UNION ALL SELECT 'detail_view', opened_at, card_id, '', seconds, '', '', 2, id FROM detail_views WHERE opened_at >= :since
UNION ALL SELECT 'return', at, '', '', NULL, '', reason, 0, id FROM returns WHERE at >= :since
UNION ALL SELECT 'touch', at, '', '', NULL, '', '', 3, id FROM touches WHERE at >= :since
ORDER BY 2, 8, 9
"""  # at one instant: a return ends what was open before the next card starts


def stats_path() -> Path:
    return places.data_dir() / STATS_FILE


@dataclass(frozen=True)
class CardViews:
    card_id: str
    views: int
    seconds: float  # total time on screen, of the views whose length is known


@dataclass(frozen=True)
class CardTouches:
    card_id: str
    touch_views: int  # brought on screen by a swipe or tap
    detail_opens: int

    @property
    def total(self) -> int:
        return self.touch_views + self.detail_opens


@dataclass(frozen=True)
class Summary:
    since: datetime | None
    card_views: int
    detail_views: int
    touches: int
    returns: dict[str, int]  # by reason
    most_viewed: tuple[CardViews, ...]
    most_touched: tuple[CardTouches, ...]
    touches_by_hour: tuple[int, ...]  # 24 buckets, local hour of day
    average_card_seconds: float | None
    average_detail_seconds: float | None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["since"] = self.since.isoformat() if self.since else None
        for row, touched in zip(data["most_touched"], self.most_touched, strict=True):
            row["total"] = touched.total
        return data


def _since_epoch(since: datetime | None) -> float:
    """Naive ``since`` is the kiosk's local time, as staff would mean it."""
    return since.timestamp() if since is not None else float("-inf")


class StatsRecorder:
    """Writes what the screen does, one committed transaction per event.

    ``clock`` is the wall clock (UTC epoch seconds, ``Clocks.wall``); tests pass a fake one.
    A card view stays open until the next card, :meth:`stop` or :meth:`close`
    ends it; its length is written then.
    """

    def __init__(
        self,
        path: Path | str,
        clock: WallClock,
        *,
        bundle_id: str = "",
        keep_days: float = KEEP_DAYS,
        max_rows: int = MAX_ROWS,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.bundle_id = bundle_id  # set again when another bundle is loaded
        self.keep_days = keep_days
        self.max_rows = max_rows
        self._view: tuple[int, float] | None = None  # (row id, started at) of the card on screen
        self._detail: tuple[int, float] | None = None
        self._failing = False
        self._db = self._open()
        self.prune()

    # -------------------------------------------------------------- opening

    def _connect(self, target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # in WAL: consistent after a power cut, no fsync per event
            db.executescript(f"BEGIN; {_SCHEMA} COMMIT;")
            if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")  # a later kiosk migrates from here
        except BaseException:
            db.close()
            raise
        return db

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", None) not in CORRUPT_CODES:
                return self._in_memory(exc)
            try:
                moved = self._move_aside()
                log.warning(
                    "统计数据库 %s 已损坏（%s），已改名为 %s 并重新开始记录 / corrupt stats database moved aside",
                    self.path,
                    exc,
                    moved.name,
                )
                return self._connect(str(self.path))
            except (OSError, sqlite3.Error) as again:
                return self._in_memory(again)
        except OSError as exc:
            return self._in_memory(exc)

    def _in_memory(self, exc: BaseException) -> sqlite3.Connection:
        log.error("无法打开统计数据库 %s（%s）：本次运行的统计不会保存 / stats kept in memory only", self.path, exc)
        return self._connect(":memory:")

    def _move_aside(self) -> Path:
        stamp = datetime.fromtimestamp(self.clock()).strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        self.path.replace(target)
        for suffix in ("-wal", "-shm"):  # the journal belongs to the broken file, not the fresh one
            sidecar = self.path.with_name(self.path.name + suffix)
            if sidecar.exists():
                sidecar.replace(target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        self.stop()
        self._db.close()

    def __enter__(self) -> StatsRecorder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- recording

    def _write(self, work: Callable[[sqlite3.Connection], _T]) -> _T | None:
        """One transaction; a failure is logged once, until writing works again."""
        try:
            with self._db:
                result = work(self._db)
        except sqlite3.Error as exc:
            if not self._failing:
                log.warning("统计无法写入（%s），继续播放 / stats not written, the show goes on", exc)
            self._failing = True
            return None
        if self._failing:
            log.info("统计恢复写入 / stats are being written again")
            self._failing = False
        return result

    @staticmethod
    def _length(started: float, now: float) -> float | None:
        seconds = now - started
        return max(0.0, seconds) if seconds <= MAX_VIEW_S else None

    def _end(self, db: sqlite3.Connection, table: str, opened: tuple[int, float] | None, now: float) -> None:
        if opened is not None:
            db.execute(f"UPDATE {table} SET seconds = ? WHERE id = ?", (self._length(opened[1], now), opened[0]))

    def card_shown(self, card_id: str, trigger: Trigger | str = Trigger.AUTO) -> None:
        """A card came on screen; the one before it has now ended."""
        trigger = Trigger(trigger)
        now = self.clock()

        def work(db: sqlite3.Connection) -> int | None:
            self._end(db, "card_views", self._view, now)
            cursor = db.execute(
                "INSERT INTO card_views (card_id, bundle_id, started_at, trigger) VALUES (?, ?, ?, ?)",
                (card_id, self.bundle_id, now, trigger.value),
            )
            return cursor.lastrowid

        row = self._write(work)
        self._view = (row, now) if row is not None else None

    def detail_opened(self, card_id: str) -> None:
        now = self.clock()

        def work(db: sqlite3.Connection) -> int | None:
            self._end(db, "detail_views", self._detail, now)
            return db.execute("INSERT INTO detail_views (card_id, opened_at) VALUES (?, ?)", (card_id, now)).lastrowid

        row = self._write(work)
        self._detail = (row, now) if row is not None else None

    def detail_closed(self) -> None:
        detail, self._detail = self._detail, None
        if detail is not None:
            now = self.clock()
            self._write(lambda db: self._end(db, "detail_views", detail, now))

    def returned(self, reason: ReturnReason | str) -> None:
        """Back to the attract loop; an open detail page has closed with it."""
        reason = ReturnReason(reason)
        self.detail_closed()
        now = self.clock()
        self._write(lambda db: db.execute("INSERT INTO returns (at, reason) VALUES (?, ?)", (now, reason.value)))

    def touched(self) -> None:
        now = self.clock()
        self._write(lambda db: db.execute("INSERT INTO touches (at) VALUES (?)", (now,)))

    def stop(self) -> None:
        """Nothing is on screen any more (closing hours, shutting down): end the open views."""
        self.detail_closed()
        view, self._view = self._view, None
        if view is not None:
            now = self.clock()
            self._write(lambda db: self._end(db, "card_views", view, now))

    # -------------------------------------------------------------- size

    def prune(self, now: datetime | None = None) -> int:
        """Forget rows older than ``keep_days``, then the oldest beyond ``max_rows``; returns how many went.

        Runs when the recorder opens; a running kiosk calls it again every ``PRUNE_INTERVAL_S``.
        """
        cutoff = (now.timestamp() if now is not None else self.clock()) - self.keep_days * SECONDS_PER_DAY

        def work(db: sqlite3.Connection) -> int:
            deleted = 0
            for table, column in _TIME_COLUMN.items():
                deleted += db.execute(f"DELETE FROM {table} WHERE {column} < ?", (cutoff,)).rowcount
            total = sum(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in _TIME_COLUMN)
            excess = total - self.max_rows
            if excess > 0:
                [newest_dropped] = db.execute(
                    f"SELECT t FROM ({_ALL_TIMES}) ORDER BY t LIMIT 1 OFFSET ?", (excess - 1,)
                ).fetchone()
                for table, column in _TIME_COLUMN.items():
                    deleted += db.execute(f"DELETE FROM {table} WHERE {column} <= ?", (newest_dropped,)).rowcount
            return deleted

        deleted = self._write(work) or 0
        if deleted:
            log.info("统计：删除了 %d 条旧记录 / pruned %d old stats rows", deleted, deleted)
        return deleted

    # -------------------------------------------------------------- reading

    def summarise(self, since: datetime | None = None, *, zone: tzinfo | None = None) -> Summary:
        """Totals from ``since`` on; hours of day in ``zone`` (default: this machine's local time)."""
        start = _since_epoch(since)
        db = self._db

        def scalar(sql: str) -> Any:
            return db.execute(sql, (start,)).fetchone()[0]

        most_viewed = tuple(
            CardViews(card_id, views, seconds)
            for card_id, views, seconds in db.execute(
                "SELECT card_id, COUNT(*), COALESCE(SUM(seconds), 0.0) FROM card_views WHERE started_at >= ?"
                " GROUP BY card_id ORDER BY 2 DESC, 3 DESC, card_id",
                (start,),
            )
        )
        touch_views = dict(
            db.execute(
                "SELECT card_id, COUNT(*) FROM card_views WHERE started_at >= ? AND trigger = 'touch' GROUP BY card_id",
                (start,),
            )
        )
        detail_opens = dict(
            db.execute("SELECT card_id, COUNT(*) FROM detail_views WHERE opened_at >= ? GROUP BY card_id", (start,))
        )
        touched = [
            CardTouches(c, touch_views.get(c, 0), detail_opens.get(c, 0))
            for c in touch_views.keys() | detail_opens.keys()
        ]
        touched.sort(key=lambda t: (-t.total, -t.detail_opens, t.card_id))

        by_hour = [0] * 24
        for bucket, count in db.execute(
            f"SELECT CAST(at / {HOUR_BUCKET_S} AS INTEGER), COUNT(*) FROM touches WHERE at >= ? GROUP BY 1", (start,)
        ):
            by_hour[datetime.fromtimestamp(bucket * HOUR_BUCKET_S, tz=zone).hour] += count

        return Summary(
            since=since,
            card_views=scalar("SELECT COUNT(*) FROM card_views WHERE started_at >= ?"),
            detail_views=scalar("SELECT COUNT(*) FROM detail_views WHERE opened_at >= ?"),
            touches=sum(by_hour),
            returns=dict(
                db.execute(
                    "SELECT reason, COUNT(*) FROM returns WHERE at >= ? GROUP BY reason ORDER BY reason", (start,)
                )
            ),
            most_viewed=most_viewed,
            most_touched=tuple(touched),
            touches_by_hour=tuple(by_hour),
            average_card_seconds=scalar(
                "SELECT AVG(seconds) FROM card_views WHERE started_at >= ? AND seconds IS NOT NULL"
            ),
            average_detail_seconds=scalar(
                "SELECT AVG(seconds) FROM detail_views WHERE opened_at >= ? AND seconds IS NOT NULL"
            ),
        )

    def to_csv(self, path: Path | str, since: datetime | None = None, *, zone: tzinfo | None = None) -> int:
        """Every row from ``since`` on, oldest first, in one long table with a ``kind`` column.

        UTF-8 with a byte-order mark, so Excel shows the Chinese card ids.
        Returns the number of rows written.
        """
        import csv

        count = 0
        with Path(path).open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(CSV_COLUMNS)
            for kind, at, card_id, bundle_id, seconds, trigger, reason, _rank, _id in self._db.execute(
                _ROWS, {"since": _since_epoch(since)}
            ):
                local = datetime.fromtimestamp(at, tz=zone).strftime("%Y-%m-%d %H:%M:%S")
                writer.writerow(
                    [
                        kind,
                        local,
                        f"{at:.3f}",
                        card_id,
                        bundle_id,
                        "" if seconds is None else f"{seconds:.1f}",
                        trigger,
                        reason,
                    ]
                )
                count += 1
        return count
