"""The systemd watchdog fed from the Qt event loop.

The ping is sent by a timer on the GUI thread, so it stops when the event loop
stops turning: a frozen kiosk misses its pings and systemd restarts it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from kiosk.core.watchdog import SystemdNotifier

log = logging.getLogger(__name__)

MIN_INTERVAL_MS = 100  # a WatchdogSec that small is a mistake; do not spin


class WatchdogHeartbeat(QObject):
    """Sends ``WATCHDOG=1`` through ``notifier`` every ``notifier.watchdog_interval_s()``."""

    def __init__(self, notifier: SystemdNotifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.timer = QTimer(self)
        self.timer.setObjectName("watchdog_timer")
        self.timer.timeout.connect(self.beat)
        interval = notifier.watchdog_interval_s()
        if interval is not None:
            self.timer.setInterval(max(MIN_INTERVAL_MS, round(interval * 1000)))

    @property
    def enabled(self) -> bool:
        return self.notifier.watchdog_interval_s() is not None

    def start(self) -> bool:
        """Ping now and then regularly; False (and nothing runs) when systemd watches nothing."""
        if not self.enabled:
            return False
        self.beat()
        self.timer.start()
        log.debug("watchdog heartbeat every %d ms", self.timer.interval())
        return True

    def stop(self) -> None:
        self.timer.stop()

    def beat(self) -> None:
        self.notifier.watchdog()
