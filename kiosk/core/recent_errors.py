"""The last warnings and errors, kept in memory for the staff's diagnostics page.

A logging handler like any other: ``RecentErrors().attach()`` puts it on the
root logger, next to the log file, which still has everything, tracebacks
included.  Here each record becomes one short line a person reads on screen.
"""

from __future__ import annotations

import logging
import time
from collections import deque

RECENT_ERRORS = 20  # warnings and errors kept for the diagnostics page
RECENT_ERRORS_HANDLER = "union-kiosk-recent-errors"
MAX_ERROR_CHARS = 300  # one record on screen; the log file has the whole of it
LEVEL_NAMES = {logging.WARNING: "警告", logging.ERROR: "错误", logging.CRITICAL: "严重错误"}


class RecentErrors(logging.Handler):
    """The last ``capacity`` warnings and errors, one line each, oldest first."""

    def __init__(self, capacity: int = RECENT_ERRORS, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.set_name(RECENT_ERRORS_HANDLER)
        self._lines: deque[str] = deque(maxlen=capacity)

    def attach(self, logger: logging.Logger | None = None) -> RecentErrors:
        (logger or logging.getLogger()).addHandler(self)
        return self

    def detach(self, logger: logging.Logger | None = None) -> None:
        (logger or logging.getLogger()).removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.line(record)
        except Exception:  # a bad format string in some log call must not break logging
            self.handleError(record)
            return
        self._lines.append(line)  # emit runs under the handler's lock

    @staticmethod
    def line(record: logging.LogRecord) -> str:
        """``05-14 09:30:12 警告 kiosk.ui.reload: …``, without the traceback (not our formatter's cache)."""
        when = time.strftime("%m-%d %H:%M:%S", time.localtime(record.created))
        level = LEVEL_NAMES.get(record.levelno, record.levelname)
        text = f"{when} {level} {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f"（{type(error).__name__}: {error}）"
        if len(text) > MAX_ERROR_CHARS:
            text = text[: MAX_ERROR_CHARS - 1] + "…"
        return text

    def messages(self) -> list[str]:
        """The kept lines, oldest first."""
        self.acquire()
        try:
            return list(self._lines)
        finally:
            self.release()

    def clear(self) -> None:
        self.acquire()
        try:
            self._lines.clear()
        finally:
            self.release()
