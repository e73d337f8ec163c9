"""Following the feed from a background thread: a check every N minutes, retries spread out in time.

A thousand screens that come back together after a power cut must not all
ask the server at once, nor all retry at once when it is busy.  So the first
check waits a random part of :data:`FIRST_CHECK_SPREAD`, a check refused for
a reason a retry may cure (offline, server error, too slow) is retried at
most :data:`MAX_RETRIES` times with exponential backoff and *full jitter*
(:func:`next_delay`), and the interval between checks itself varies by
:data:`INTERVAL_JITTER`.

Qt-free and never on the GUI thread: :class:`FeedFollower` runs in a plain
``threading.Thread`` and hands each result to a callback (the Qt layer may
pass a signal's ``emit``, which Qt queues to the GUI thread).  The update
framework is imported only when the first check runs.
"""

from __future__ import annotations

import logging
import random as random_module
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.feed.background import BackgroundLoop

if TYPE_CHECKING:
    from kiosk.feed.settings import FeedSettings
    from kiosk.feed.update import UpdateResult

log = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30.0  # first retry within half a minute: a blip in the network
RETRY_CAP_SECONDS = 15 * 60.0  # never wait longer than this between two tries of one check
MAX_RETRIES = 4  # then wait for the next regular check
FIRST_CHECK_SPREAD = 10 * 60.0  # a fleet booting together spreads its first checks over ten minutes
INTERVAL_JITTER = 0.1  # each interval is 90–110 % of the one set, so the fleet does not fall back in step


def next_delay(attempt: int, base: float, cap: float, random: Callable[[], float]) -> float:
    """Seconds to wait before retry number ``attempt`` (0 = the first retry): "full jitter" backoff.

    Uniform in ``[0, min(cap, base · 2^attempt))``: the ceiling doubles with each
    failure up to ``cap``, and each screen draws its own point below it, so
    retries that began together do not stay together.  ``random`` returns a
    float in ``[0, 1)`` (``random.random``; tests pass a fixed one).
    """
    if attempt < 0 or base < 0 or cap < 0:
        raise ValueError("attempt, base and cap must not be negative")
    ceiling = min(cap, base * 2.0 ** min(attempt, 64))
    return ceiling * random()


class FeedFollower(BackgroundLoop):
    """Checks the feed every ``interval`` seconds on its own thread until stopped.

    ``check`` runs one check (normally :func:`kiosk.feed.update.update_once`
    with this kiosk's settings) and returns its result; ``on_result`` gets
    every final result.  ``wait(seconds)`` sleeps and returns True when the
    follower was stopped meanwhile; tests inject it and ``random``.
    """

    thread_name = "feed-follower"

    def __init__(
        self,
        check: Callable[[], UpdateResult],
        *,
        interval: float,
        on_result: Callable[[UpdateResult], None] | None = None,
        wait: Callable[[float], bool] | None = None,
        random: Callable[[], float] = random_module.random,
        max_retries: int = MAX_RETRIES,
        retry_base: float = RETRY_BASE_SECONDS,
        retry_cap: float = RETRY_CAP_SECONDS,
        first_check_spread: float = FIRST_CHECK_SPREAD,
    ) -> None:
        super().__init__(wait)
        self._check = check
        self.interval = interval
        self._on_result = on_result
        self._random = random
        self.max_retries = max_retries
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.first_check_spread = first_check_spread
        self.last_result: UpdateResult | None = None

    @classmethod
    def from_settings(
        cls, settings: FeedSettings, data_dir: Path, *, on_result: Callable[[UpdateResult], None] | None = None
    ) -> FeedFollower:
        """A follower of the feed named in ``kiosk.yaml`` (see :func:`kiosk.feed.settings.feed_settings`)."""

        def check() -> UpdateResult:
            from kiosk.feed.update import update_once  # the update framework: only when a check runs

            return update_once(settings.source, settings.trust, settings.hall, data_dir)

        return cls(check, interval=settings.check_minutes * 60.0, on_result=on_result)

    def run_cycle(self) -> UpdateResult | None:
        """One check with its retries; the final result, or ``None`` when stopped before it was known."""
        result = self._check()
        attempt = 0
        while not result.ok and result.transient and attempt < self.max_retries:
            delay = next_delay(attempt, self.retry_base, self.retry_cap, self._random)
            log.info("内容源暂时不可用，%.0f 秒后重试 / feed unavailable, retry in %.0f s", delay, delay)
            if self._wait(delay):
                return None
            attempt += 1
            result = self._check()
        self.last_result = result
        if self._on_result is not None:
            self._on_result(result)
        return result

    def next_interval(self) -> float:
        return self.interval * (1.0 - INTERVAL_JITTER + 2.0 * INTERVAL_JITTER * self._random())

    def run(self) -> None:
        """Check until stopped: first after a random part of the spread, then about every ``interval``."""
        if self._wait(min(self.first_check_spread, self.interval) * self._random()):
            return
        while True:
            try:
                self.run_cycle()
            except Exception:  # a bug in one check must not end the follower for the rest of the day
                log.exception("检查内容源时出错 / feed check failed")
            if self._wait(self.next_interval()):
                return
