"""SIGTERM and SIGINT end the kiosk cleanly while Qt's event loop runs.

Python only runs signal handlers between bytecodes, and Qt's loop is C++.
The C-level handler writes to a wakeup socket; a QSocketNotifier on it
wakes the event loop, which then asks the application to quit.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)


class SignalWaker(QObject):
    """Calls ``on_signal(signum)`` in the Qt loop when SIGTERM or SIGINT arrives."""

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous_handlers = {}
        for signum in (signal.SIGTERM, signal.SIGINT):
            # A Python-level handler must exist for the wakeup byte to be written.
            self._previous_handlers[signum] = signal.signal(signum, lambda *_: None)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)

    def _wake(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        for signum in data:
            log.info("received %s; closing", signal.Signals(signum).name)
            self._on_signal(signum)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._reader.close()
        self._writer.close()
