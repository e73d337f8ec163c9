"""Telling systemd how the kiosk is doing: the sd_notify protocol, no dependencies.

Under a ``Type=notify`` unit systemd passes ``NOTIFY_SOCKET``; the kiosk sends
``READY=1`` once its first frame is up, ``WATCHDOG=1`` regularly from the Qt
event loop (so a frozen loop gets the kiosk restarted), ``STATUS=…`` for
``systemctl status`` and ``STOPPING=1`` on the way out.  Outside systemd every
call does nothing.  Sending never blocks and never raises: a lost datagram is
better than a frozen kiosk.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)

NOTIFY_SOCKET = "NOTIFY_SOCKET"
WATCHDOG_USEC = "WATCHDOG_USEC"
WATCHDOG_PID = "WATCHDOG_PID"
WATCHDOG_SHARE = 0.5  # ping at half the interval, as sd_watchdog_enabled(3) advises


def watchdog_interval_s(
    environ: Mapping[str, str] | None = None,
    *,
    pid: int | None = None,
    parent_pid: int | None = None,
) -> float | None:
    """How often to send ``WATCHDOG=1`` (half of ``WatchdogSec``), or None without a watchdog.

    ``WATCHDOG_PID`` names the process systemd watches.  It may be our parent
    when a compositor such as cage is the unit's main process and launches us;
    with ``NotifyAccess=all`` our pings count, so we send them then too.
    """
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get(WATCHDOG_USEC, ""))
    except ValueError:
        return None
    if usec <= 0:
        return None
    watched = env.get(WATCHDOG_PID, "").strip()
    if watched:
        try:
            watched_pid = int(watched)
        except ValueError:
            return None
        me = os.getpid() if pid is None else pid
        parent = os.getppid() if parent_pid is None else parent_pid
        if watched_pid not in (me, parent):
            return None
    return usec / 1_000_000 * WATCHDOG_SHARE


def _socket_address(value: str) -> str | None:
    """A NOTIFY_SOCKET value as a Python AF_UNIX address; '@' is the abstract namespace."""
    if value.startswith("@"):
        return "\0" + value[1:]
    if value.startswith("/"):
        return value
    return None  # vsock:… and anything newer: not supported here


class SystemdNotifier:
    """Sends sd_notify messages to ``address``; with no address every call is a no-op."""

    def __init__(self, address: str | None = None, *, watchdog_interval: float | None = None) -> None:
        self.address = address
        self._watchdog_interval = watchdog_interval
        self._socket: socket.socket | None = None
        self._warned = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SystemdNotifier:
        """The notifier systemd asked for, or a silent one when not run by systemd."""
        env = os.environ if environ is None else environ
        raw = env.get(NOTIFY_SOCKET, "")
        address = _socket_address(raw) if raw else None
        if raw and address is None:
            log.warning("systemd notify socket %r is of a kind the kiosk cannot use; not notifying", raw)
        elif address is not None and not hasattr(socket, "AF_UNIX"):
            log.warning("systemd notify socket given, but this Python has no Unix sockets; not notifying")
            address = None
        interval = watchdog_interval_s(env) if address is not None else None
        if address is not None:
            if interval is None:
                log.info("systemd notify socket %s (no watchdog)", raw)
            else:
                log.info("systemd notify socket %s; watchdog ping every %.1f s", raw, interval)
        return cls(address, watchdog_interval=interval)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def watchdog_interval_s(self) -> float | None:
        """Seconds between watchdog pings, or None when systemd watches nothing."""
        return self._watchdog_interval if self.enabled else None

    # ---------------------------------------------------------------- messages

    def ready(self, status: str | None = None) -> bool:
        """Start-up is done: the kiosk shows its first card."""
        fields = ["READY=1"]
        if status is not None:
            fields.append(_status_field(status))
        return self.notify(*fields)

    def watchdog(self) -> bool:
        """Still alive: the event loop is turning."""
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """A one-line state for ``systemctl status``."""
        return self.notify(_status_field(text))

    def stopping(self) -> bool:
        """Shutting down on purpose."""
        return self.notify("STOPPING=1")

    def notify(self, *fields: str) -> bool:
        """Send ``KEY=value`` fields in one datagram; True when it was handed to the socket."""
        if self.address is None or not fields:
            return False
        data = "\n".join(fields).encode("utf-8")
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                self._socket.setblocking(False)
            self._socket.sendto(data, self.address)
        except OSError as exc:
            if not self._warned:  # once: the watchdog would repeat it every few seconds
                log.warning("could not notify systemd (%s): %s", fields[0], exc)
                self._warned = True
            return False
        return True

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _status_field(text: str) -> str:
    return "STATUS=" + " ".join(text.split())
