"""Keeping the screen on while the kiosk runs: best effort, never in the way.

Linux desktops: ``org.freedesktop.ScreenSaver.Inhibit`` on the session D-Bus.
Windows: ``SetThreadExecutionState``.  macOS: ``caffeinate`` watching our pid.
Each way logs one line saying what worked or that nothing could; none of them
raises or shows anything.  Under the cage compositor nothing blanks the screen
unless the OS is set up to (see packaging/README.md).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

log = logging.getLogger(__name__)

APP_NAME = "union-kiosk"
SCREENSAVER_SERVICE = "org.freedesktop.ScreenSaver"
SCREENSAVER_INTERFACE = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")  # desktops differ
ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002
CAFFEINATE = "/usr/bin/caffeinate"
CAFFEINATE_STOP_S = 2.0


class Inhibitor:
    """A held inhibition of screen blanking; ``release()`` ends it.

    Made without an undo step it holds nothing (``active`` is False) and
    ``release()`` does nothing: what callers get when no way worked.
    """

    def __init__(self, method: str = "none", undo: Callable[[], object] | None = None) -> None:
        self.method = method
        self._undo = undo

    @property
    def active(self) -> bool:
        return self._undo is not None

    def release(self) -> None:
        undo, self._undo = self._undo, None
        if undo is None:
            return
        try:
            undo()
        except Exception as exc:  # the kiosk is on its way out; say so and carry on
            log.warning("could not end the screen-blanking inhibition (%s): %s", self.method, exc)
        else:
            log.info("screen blanking allowed again (%s)", self.method)

    def __enter__(self) -> Inhibitor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"Inhibitor({self.method!r}, active={self.active})"


# ---------------------------------------------------------------- Linux: D-Bus


class ScreenSaverError(Exception):
    """The ScreenSaver service could not be reached or refused."""


class ScreenSaverBus(Protocol):
    """What the Linux way needs from D-Bus (tests pass a fake)."""

    def inhibit(self, path: str, application: str, reason: str) -> int: ...

    def uninhibit(self, path: str, cookie: int) -> None: ...


class QtScreenSaverBus:
    """``org.freedesktop.ScreenSaver`` on the session bus through QtDBus.

    The inhibition lasts as long as this connection: Qt's session bus stays
    open until the process ends, and the service drops the cookie then.
    """

    def __init__(self) -> None:
        from PySide6.QtDBus import QDBusConnection

        self._bus = QDBusConnection.sessionBus()
        if not self._bus.isConnected():
            reason = self._bus.lastError().message() or "DBUS_SESSION_BUS_ADDRESS is not set"
            raise ScreenSaverError(f"no D-Bus session bus ({reason})")
        self._interfaces: dict[str, Any] = {}

    def _interface(self, path: str) -> Any:
        from PySide6.QtDBus import QDBusInterface

        interface = self._interfaces.get(path)
        if interface is None:
            interface = QDBusInterface(SCREENSAVER_SERVICE, path, SCREENSAVER_INTERFACE, self._bus)
            if not interface.isValid():
                raise ScreenSaverError(interface.lastError().message() or f"no {SCREENSAVER_SERVICE} at {path}")
            self._interfaces[path] = interface
        return interface

    def inhibit(self, path: str, application: str, reason: str) -> int:
        from PySide6.QtDBus import QDBusMessage

        reply = self._interface(path).call("Inhibit", application, reason)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            raise ScreenSaverError(reply.errorMessage() or "Inhibit failed")
        arguments = reply.arguments()
        if not arguments or not isinstance(arguments[0], int):
            raise ScreenSaverError(f"Inhibit answered {arguments!r}, not a cookie")
        return int(arguments[0])

    def uninhibit(self, path: str, cookie: int) -> None:
        from PySide6.QtCore import Q_ARG, QMetaObject, Qt
        from PySide6.QtDBus import QDBusMessage

        interface = self._interface(path)
        # WORKAROUND: PySide6 sends a Python int as int32, and UnInhibit takes a
        # uint32 that strict services (GNOME's, via GDBus) insist on.  Calling
        # through the introspected method lets QtDBus convert it to uint32.
        invoked = QMetaObject.invokeMethod(
            interface, "UnInhibit", Qt.ConnectionType.DirectConnection, Q_ARG("uint", cookie)
        )
        if invoked:
            error = interface.lastError()
            if error.isValid():
                raise ScreenSaverError(error.message())
            return
        reply = interface.call("UnInhibit", cookie)  # no introspection: the lenient services take it
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            raise ScreenSaverError(reply.errorMessage() or "UnInhibit failed")


def _inhibit_freedesktop(reason: str, connect: Callable[[], ScreenSaverBus]) -> Inhibitor:
    try:
        bus = connect()
    except ScreenSaverError as exc:
        log.warning("screen blanking not inhibited: %s", exc)
        return Inhibitor()
    problems = []
    for path in SCREENSAVER_PATHS:
        try:
            cookie = bus.inhibit(path, APP_NAME, reason)
        except ScreenSaverError as exc:
            problems.append(f"{path}: {exc}")
            continue
        log.info("screen blanking inhibited through %s at %s", SCREENSAVER_SERVICE, path)
        return Inhibitor(SCREENSAVER_SERVICE, partial(bus.uninhibit, path, cookie))
    log.warning("screen blanking not inhibited: %s answered nowhere (%s)", SCREENSAVER_SERVICE, "; ".join(problems))
    return Inhibitor()


# ---------------------------------------------------------------- Windows


def _windows_kernel32() -> Any:
    import ctypes

    kernel32 = getattr(ctypes, "WinDLL")("kernel32")  # noqa: B009 - Windows only; ctypes has no WinDLL elsewhere
    kernel32.SetThreadExecutionState.argtypes = [ctypes.c_uint32]
    kernel32.SetThreadExecutionState.restype = ctypes.c_uint32
    return kernel32


def _inhibit_windows(kernel32: Any) -> Inhibitor:
    # The state belongs to the calling thread: call (and release) on the GUI thread.
    flags = ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED
    if not kernel32.SetThreadExecutionState(flags):
        log.warning("screen blanking not inhibited: SetThreadExecutionState refused")
        return Inhibitor()
    log.info("screen blanking inhibited through SetThreadExecutionState")
    return Inhibitor("SetThreadExecutionState", partial(kernel32.SetThreadExecutionState, ES_CONTINUOUS))


# ---------------------------------------------------------------- macOS


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(process: Any) -> None:
    process.terminate()
    try:
        process.wait(timeout=CAFFEINATE_STOP_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _inhibit_macos(spawn: Callable[[list[str]], Any]) -> Inhibitor:
    # -d keeps the display on, -i the machine awake; -w ends caffeinate with us, even after a crash.
    command = [CAFFEINATE, "-d", "-i", "-w", str(os.getpid())]
    try:
        process = spawn(command)
    except OSError as exc:
        log.warning("screen blanking not inhibited: could not start %s: %s", CAFFEINATE, exc)
        return Inhibitor()
    log.info("screen blanking inhibited by %s (pid %s)", CAFFEINATE, getattr(process, "pid", "?"))
    return Inhibitor("caffeinate", partial(_stop, process))


# ---------------------------------------------------------------- the one way in


def inhibit_screen_blanking(
    reason: str,
    *,
    platform: str | None = None,
    screensaver_bus: Callable[[], ScreenSaverBus] | None = None,
    kernel32: Any = None,
    spawn: Callable[[list[str]], Any] | None = None,
) -> Inhibitor:
    """Keep the screen from blanking; call ``release()`` on the result when done.

    Never raises: when nothing works it logs why and returns an inactive
    ``Inhibitor``.  The keyword arguments replace the operating system in tests.
    """
    system = sys.platform if platform is None else platform
    try:
        if system == "win32":
            return _inhibit_windows(kernel32 if kernel32 is not None else _windows_kernel32())
        if system == "darwin":
            return _inhibit_macos(spawn or _spawn)
        if system.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            return _inhibit_freedesktop(reason, screensaver_bus or QtScreenSaverBus)
    except Exception as exc:  # best effort: the show goes on without it
        log.warning("screen blanking not inhibited: %s: %s", type(exc).__name__, exc)
        return Inhibitor()
    log.info("screen blanking not inhibited: no way known on %s", system)
    return Inhibitor()
