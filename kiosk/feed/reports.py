"""Reports back: each kiosk PUTs what it shows and how it is doing into a WebDAV folder.

Into ``<reports url>/<hall>/`` (nginx's dav module, a NAS, Nextcloud):

- ``status.json`` every :data:`REPORT_INTERVAL_S` (5 min): the bundle on
  screen and since when, uptime, the last feed check and its result, recent
  errors, free disk space, display power, the app's version;
- ``stats-YYYY-MM-DD.csv`` once a day: the day's rows of the play
  statistics, in the very format ``union-kiosk stats --csv`` writes;
- ``screen.jpg`` (or ``screen.png``) on a change of card, at most every
  :data:`SCREENSHOT_INTERVAL_S`, never over :data:`MAX_SCREENSHOT_BYTES`.

Nothing is sent from the GUI thread: :class:`Reporter` runs on a daemon
thread with an injected clock and wait (like
:class:`kiosk.feed.follow.FeedFollower`).  Every report is first written to
``data_dir/reports-queue/`` in one rename, then sent oldest first; offline or
on a server error it stays there, within :data:`QUEUE_MAX_BYTES`, and the
sender backs off with full jitter (:func:`kiosk.feed.follow.next_delay`).
A queued report that a newer one replaces at the same place on the server
(``status.json``, ``screen.jpg``, a day's CSV sent again) is dropped: only
the newest of each is kept.

This module holds the :class:`Reporter`; the others hold its parts:
:mod:`~kiosk.feed.report_settings` (``kiosk.yaml``),
:mod:`~kiosk.feed.report_format` (names, types, caps),
:mod:`~kiosk.feed.report_sender` (the PUT), :mod:`~kiosk.feed.report_queue`
(the queue on disk) and :mod:`~kiosk.feed.report_stats` (a day's CSV).
"""

from __future__ import annotations

import hashlib
import json
import logging
import random as random_module
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from kiosk import __version__
from kiosk.feed.background import BackgroundLoop
from kiosk.feed.follow import RETRY_BASE_SECONDS, RETRY_CAP_SECONDS, next_delay
from kiosk.feed.layout import check_hall_id
from kiosk.feed.report_format import (
    MAX_SCREENSHOT_BYTES,
    REPORT_INTERVAL_S,
    SCHEMA,
    SCREEN_NAMES,
    STATUS_NAME,
    image_type,
)
from kiosk.feed.report_queue import QUEUE_MAX_BYTES, ReportQueue
from kiosk.feed.report_sender import ReportError, ReportSender
from kiosk.feed.report_settings import ReportSettings, load_report_settings
from kiosk.feed.report_stats import STATE_FILE, queue_unsent_days

__all__ = ["OnScreen", "ReportTiming", "Reporter", "ReporterClocks", "bundle_sha256", "load_report_settings"]

log = logging.getLogger(__name__)

SCREENSHOT_INTERVAL_S = 10 * 60.0  # at most one screenshot per ten minutes, however fast the cards change
MAX_STATUS_ERRORS = 10  # the newest recent errors in each status
QUEUE_DIR = "reports-queue"
FIRST_REPORT_SPREAD = 60.0  # a fleet booting together spreads its first reports over a minute
INTERVAL_JITTER = 0.1
MIN_RETRY_S = 5.0  # full jitter may draw nearly nothing: never retry in a busy loop


def bundle_sha256(path: Path | None) -> str | None:
    """The SHA-256 of a bundle ``.zip`` (what the feed names it by), ``None`` for a folder or no file."""
    if path is None or not path.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1024 * 1024):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class OnScreen:
    bundle_id: str
    title: str
    sha256: str | None
    since: float  # wall clock, epoch seconds


def _iso(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ReportTiming:
    """How often the reporter sends, in seconds.

    Its status every ``interval``, a screenshot at most every
    ``screenshot_interval``, and its first report at a random moment within
    ``first_report_spread`` of starting.
    """

    interval: float = REPORT_INTERVAL_S
    screenshot_interval: float = SCREENSHOT_INTERVAL_S
    first_report_spread: float = FIRST_REPORT_SPREAD


@dataclass(frozen=True)
class ReporterClocks:
    """The time the reporter keeps; tests inject all four.

    ``wall`` is the wall clock (epoch seconds); ``wait(seconds)`` sleeps and
    returns True when stopped (``None``: the reporter's own stop event);
    ``random`` spreads the reports of a fleet booting together.
    """

    wall: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic
    wait: Callable[[float], bool] | None = None
    random: Callable[[], float] = random_module.random


class Reporter(BackgroundLoop):
    """Sends this hall's status, statistics and screenshots on its own thread until stopped.

    The kiosk tells it what is on screen (:meth:`showing`, after each bundle
    load) and offers a screenshot on each change of card
    (:meth:`card_changed`, on the GUI thread: it only encodes when one is
    due).  ``recent_errors`` and ``display_power`` are read on the reporter's
    thread and must be safe there (``RecentErrors.messages`` is).
    ``timing`` says how often it sends; tests inject ``clocks``.
    """

    thread_name = "reporter"

    def __init__(
        self,
        hall: str,
        data_dir: Path,
        *,
        send: Callable[[str, str, bytes], None],
        timing: ReportTiming = ReportTiming(),
        stats_file: Path | None = None,
        recent_errors: Callable[[], list[str]] | None = None,
        display_power: Callable[[], str] | None = None,
        clocks: ReporterClocks = ReporterClocks(),
        zone: tzinfo | None = None,
        queue_max_bytes: int = QUEUE_MAX_BYTES,
    ) -> None:
        super().__init__(clocks.wait)
        self.hall = check_hall_id(hall)
        self.data_dir = data_dir
        self._send = send
        self.interval = timing.interval
        self.stats_file = stats_file
        self._recent_errors = recent_errors or list
        self._display_power = display_power or (lambda: "unknown")
        self._clock = clocks.wall
        self._monotonic = clocks.monotonic
        self._started = clocks.monotonic()
        self._started_wall = clocks.wall()
        self._random = clocks.random
        self.zone = zone
        self.screenshot_interval = timing.screenshot_interval
        self.first_report_spread = timing.first_report_spread
        self.queue = ReportQueue(data_dir / QUEUE_DIR, max_bytes=queue_max_bytes, clock=clocks.wall)
        self._lock = threading.Lock()
        self._on_screen: OnScreen | None = None
        self._last_screenshot: float | None = None
        self._last_status: float | None = None
        self._failures = 0
        self.last_error: ReportError | None = None

    @classmethod
    def from_settings(
        cls,
        settings: ReportSettings,
        data_dir: Path,
        *,
        stats_file: Path | None = None,
        recent_errors: Callable[[], list[str]] | None = None,
        display_power: Callable[[], str] | None = None,
    ) -> Reporter:
        """A reporter for the ``reports:`` of ``kiosk.yaml`` (see :func:`load_report_settings`)."""
        sender = ReportSender.from_settings(settings)
        return cls(
            settings.hall,
            data_dir,
            send=sender.put,
            timing=ReportTiming(interval=settings.interval),
            stats_file=stats_file,
            recent_errors=recent_errors,
            display_power=display_power,
        )

    # -------------------------------------------------------------- told by the kiosk (any thread)

    def showing(self, bundle_id: str, title: str, sha256: str | None = None) -> None:
        """A bundle came on screen (the first, or a reloaded one): the status says so from now on."""
        with self._lock:
            current = self._on_screen
            if current is not None and (current.bundle_id, current.title, current.sha256) == (bundle_id, title, sha256):
                return
            self._on_screen = OnScreen(bundle_id, title, sha256, self._clock())

    def screenshot_due(self) -> bool:
        with self._lock:
            last = self._last_screenshot
        return last is None or self._monotonic() - last >= self.screenshot_interval

    def showing_bundle(self, bundle_id: str, title: str, location: Path) -> None:
        """As :meth:`showing`, naming the bundle by where it was loaded from (a feed zip is named by its hash)."""
        self.showing(bundle_id, title, bundle_sha256(location))

    def card_changed(self, encode: Callable[[int], bytes]) -> bool:
        """On a change of card: when a screenshot is due, ``encode(max_bytes)`` makes one and it is queued.

        ``encode`` gets the byte budget and returns JPEG (or PNG) bytes; a
        result over the budget is asked for once more with half the budget,
        then refused.  Returns whether a screenshot was queued.
        """
        if not self.screenshot_due():
            return False
        with self._lock:
            self._last_screenshot = self._monotonic()  # a failing encoder is not asked again at once either
        data = b""
        for budget in (MAX_SCREENSHOT_BYTES, MAX_SCREENSHOT_BYTES // 2):
            try:
                data = encode(budget)
            except Exception:
                log.exception("截图失败 / screenshot failed")
                return False
            if len(data) <= MAX_SCREENSHOT_BYTES:
                break
        if len(data) > MAX_SCREENSHOT_BYTES:
            log.warning("截图 %d 字节，超过 %d：不发送 / screenshot over the cap", len(data), MAX_SCREENSHOT_BYTES)
            return False
        kind = image_type(data)
        if kind is None:
            log.warning("截图不是 JPEG 或 PNG：不发送 / screenshot is not a JPEG or PNG")
            return False
        return self.queue.put(self.hall, SCREEN_NAMES[kind], data) is not None

    # -------------------------------------------------------------- what is sent

    def status(self) -> dict[str, object]:
        """The status document, as sent."""
        from kiosk.feed.update import last_check  # the update framework: on the reporter's thread only

        with self._lock:
            on_screen = self._on_screen
        try:
            free: int | None = shutil.disk_usage(self.data_dir).free
        except OSError:
            free = None
        try:
            power = str(self._display_power())
        except Exception:
            log.exception("无法读取显示器电源状态 / display power state unknown")
            power = "unknown"
        try:
            errors = [str(line) for line in self._recent_errors()][-MAX_STATUS_ERRORS:]
        except Exception:
            log.exception("无法读取最近的错误 / recent errors unavailable")
            errors = []
        return {
            "schema": SCHEMA,
            "hall": self.hall,
            "sent_at": _iso(self._clock()),
            "app_version": __version__,
            "started_at": _iso(self._started_wall),
            "uptime_seconds": round(self._monotonic() - self._started),
            "report_interval_seconds": self.interval,
            "on_screen": None
            if on_screen is None
            else {
                "bundle_id": on_screen.bundle_id,
                "title": on_screen.title,
                "sha256": on_screen.sha256,
                "since": _iso(on_screen.since),
            },
            "last_check": last_check(self.data_dir),
            "recent_errors": errors,
            "disk_free_bytes": free,
            "display_power": power,
            "queued_reports": len(self.queue.entries()),
        }

    def _today(self) -> date:
        return datetime.fromtimestamp(self._clock(), self.zone).date()

    def queue_stats(self) -> list[date]:
        """Queue each finished day's statistics not sent yet (up to :data:`~kiosk.feed.report_stats.STATS_DAYS_BACK` back); the days queued.

        A day without a single row (the kiosk was off) is passed over.
        """
        if self.stats_file is None:
            return []
        return queue_unsent_days(
            self.queue,
            self.hall,
            self.stats_file,
            self.data_dir / STATE_FILE,
            today=self._today(),
            zone=self.zone,
            clock=self._clock,
        )

    # -------------------------------------------------------------- the loop

    def run_cycle(self) -> float:
        """Queue what is due, send the queue; returns the seconds until the next cycle."""
        now = self._monotonic()
        if self._last_status is None or now - self._last_status >= self.interval * (1 - INTERVAL_JITTER):
            self.queue_stats()
            body = json.dumps(self.status(), ensure_ascii=False, indent=1).encode("utf-8")
            self.queue.put(self.hall, STATUS_NAME, body)
            self._last_status = now
        sent, error = self.queue.deliver(self._send)
        self.last_error = error
        if error is None:
            if self._failures:
                log.info("报告已恢复发送（%d 份）/ reports delivered again", sent)
            self._failures = 0
            return self.interval * (1.0 - INTERVAL_JITTER + 2.0 * INTERVAL_JITTER * self._random())
        if self._failures == 0:
            log.warning("报告暂时发不出去，稍后重试 / reports not delivered, will retry: %s", error)
        delay = next_delay(self._failures, RETRY_BASE_SECONDS, min(RETRY_CAP_SECONDS, self.interval), self._random)
        self._failures += 1
        return max(MIN_RETRY_S, delay)

    def run(self) -> None:
        if self._wait(min(self.first_report_spread, self.interval) * self._random()):
            return
        while True:
            try:
                delay = self.run_cycle()
            except Exception:  # a bug in one report must not end reporting for the rest of the day
                log.exception("发送报告时出错 / reporting failed")
                delay = self.interval
            if self._wait(delay):
                return
