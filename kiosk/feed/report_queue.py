"""Reports waiting on disk to be sent, oldest first, within a size cap.

Every report is first written to the queue folder in one rename, then sent;
offline or on a server error it stays there.  A queued report that a newer
one replaces at the same place on the server is dropped: only the newest of
each is kept.  Over :data:`QUEUE_MAX_BYTES`, screenshots go first, then
statistics, the status last.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.feed.install import fsync_folder
from kiosk.feed.layout import check_hall_id
from kiosk.feed.report_format import REMOTE_NAME, STATUS_NAME
from kiosk.feed.report_sender import ReportError

log = logging.getLogger(__name__)

QUEUE_MAX_BYTES = 5 * 1024 * 1024  # a week offline: every status replaced, a day's CSVs and one screenshot


@dataclass(frozen=True)
class QueuedReport:
    path: Path
    hall: str
    name: str
    size: int

    @property
    def kind(self) -> str:
        if self.name == STATUS_NAME:
            return "status"
        return "screen" if self.name.startswith("screen.") else "stats"


# Which go first when the queue is over its cap: screenshots, then statistics, the status last.
_DROP_ORDER = {"screen": 0, "stats": 1, "status": 2}


class ReportQueue:
    """Reports waiting on disk, oldest first: ``<time>-<n>@<hall>@<name>``, each written in one rename."""

    def __init__(self, folder: Path, *, max_bytes: int = QUEUE_MAX_BYTES, clock: Callable[[], float] = time.time):
        self.folder = folder
        self.max_bytes = max_bytes
        self._clock = clock
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def entries(self) -> list[QueuedReport]:
        """Oldest first; half-written files (a power cut mid-write) are left out and cleaned up."""
        found = []
        try:
            children = list(self.folder.iterdir())
        except OSError:
            return []
        for path in children:
            if path.name.startswith("."):
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < self._clock() - 3600:
                        path.unlink()
                continue
            parts = path.name.split("@")
            if len(parts) != 3 or not REMOTE_NAME.fullmatch(parts[2]):
                continue
            try:
                check_hall_id(parts[1])
                size = path.stat().st_size
            except (ValueError, OSError):
                continue
            found.append(QueuedReport(path, parts[1], parts[2], size))
        found.sort(key=lambda entry: entry.path.name)
        return found

    def total_bytes(self) -> int:
        return sum(entry.size for entry in self.entries())

    def put(self, hall: str, name: str, body: bytes) -> Path | None:
        """Queue ``body`` for ``<hall>/<name>``, replacing an older one for the same place; ``None`` if the disk refused."""
        check_hall_id(hall)
        if not REMOTE_NAME.fullmatch(name):
            raise ValueError(f"not a report name: {name!r}")
        with self._lock:
            stamp = f"{int(self._clock() * 1000):015d}-{next(self._counter) % 1_000_000:06d}"
            target = self.folder / f"{stamp}@{hall}@{name}"
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
                with os.fdopen(fd, "wb") as stream:
                    stream.write(body)
                    stream.flush()
                    os.fsync(stream.fileno())
                Path(temporary).replace(target)
                fsync_folder(self.folder)
            except OSError as exc:
                log.warning("报告无法写入队列（%s），这份报告不发送了 / cannot queue a report: %s", exc, name)
                return None
            for entry in self.entries():
                if entry.path != target and entry.hall == hall and entry.name == name:
                    with contextlib.suppress(OSError):
                        entry.path.unlink()
            self._shrink()
        return target

    def _shrink(self) -> None:
        entries = self.entries()
        total = sum(entry.size for entry in entries)
        if total <= self.max_bytes:
            return
        for entry in sorted(entries, key=lambda e: (_DROP_ORDER[e.kind], e.path.name)):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                entry.path.unlink()
                total -= entry.size
                log.warning("报告队列已满，丢弃最旧的 %s / report queue full, dropped %s", entry.name, entry.path.name)

    def deliver(self, put: Callable[[str, str, bytes], None]) -> tuple[int, ReportError | None]:
        """Send the queue oldest first with ``put(hall, name, body)``; stops at the first report kept for later.

        Returns how many went and the error that stopped it (``None``: the queue is empty).
        """
        sent = 0
        for entry in self.entries():
            try:
                body = entry.path.read_bytes()
            except OSError:
                continue
            try:
                put(entry.hall, entry.name, body)
            except ReportError as exc:
                if exc.keep:
                    return sent, exc
                log.warning("服务器拒收报告 %s（%s），已丢弃 / report refused and dropped", entry.name, exc)
            else:
                sent += 1
            with contextlib.suppress(OSError):
                entry.path.unlink()
        return sent, None
