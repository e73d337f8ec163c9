"""Switching the display itself off outside the opening hours, and on again at opening.

A dark screen still lights its backlight all night.  So at closing the
kiosk asks the display to go to sleep, by the first of these that works on
this PC, and remembers which one did:

1. DPMS on X11: ``xset dpms force off`` / ``xset dpms force on``;
2. the compositor's output power on Wayland (cage and other wlroots
   compositors): ``wlr-randr --output NAME --off`` / ``--on`` for each output;
3. HDMI-CEC, where the PC has a CEC adapter: ``standby 0`` / ``on 0`` sent
   through ``cec-client -s -d 1`` (the television itself goes to standby);
4. Windows: ``SC_MONITORPOWER`` broadcast as ``WM_SYSCOMMAND``.

Where none works, the screen stays as dark as the closed page paints it.
Commands run through an injected :data:`Runner` with a timeout (tests fake
it); call :meth:`DisplayPower.off` and :meth:`~DisplayPower.on` off the GUI
thread, since ``cec-client`` takes seconds.  A clock that is plainly wrong
(a dead clock battery wakes the PC in 2000) never switches the display off:
the opening hours keep the loop running then, and the screen must show it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from kiosk.core.schedule import EARLIEST_PLAUSIBLE_YEAR

log = logging.getLogger(__name__)

COMMAND_TIMEOUT_S = 10.0  # cec-client needs a few seconds to find its adapter; a hung tool must not hang us
WINDOWS_TIMEOUT_MS = 2000  # SendMessageTimeout: a hung window must not hold the broadcast


class PowerState(StrEnum):
    ON = "on"
    OFF = "off"
    UNKNOWN = "unknown"  # never switched, or no way to switch it here


@dataclass(frozen=True)
class CommandResult:
    returncode: int | None  # None: it did not finish in time, or could not start
    output: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


Runner = Callable[[Sequence[str], str | None, float], CommandResult]
"""Runs a command with optional standard input and a timeout in seconds; never raises."""


def run_command(args: Sequence[str], stdin: str | None, timeout: float) -> CommandResult:
    """The real :data:`Runner`: a subprocess, its output captured, killed after ``timeout``."""
    try:
        done = subprocess.run(list(args), input=stdin, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        log.warning("display power: %s did not answer within %.0f s", args[0], timeout)
        return CommandResult(None)
    except OSError as exc:
        log.debug("display power: cannot run %s: %s", args[0], exc)
        return CommandResult(None)
    return CommandResult(done.returncode, done.stdout or "")


class PowerBackend(Protocol):
    """One way of switching the display: ``available`` is cheap; ``switch`` does it and says whether it worked."""

    name: str

    def available(self) -> bool: ...

    def switch(self, on: bool) -> bool: ...


@dataclass
class CommandBackend:
    """The tools :func:`default_backends` builds on: a program found on ``PATH``, run through ``runner``."""

    name: str
    program: str
    runner: Runner
    which: Callable[[str], str | None]
    timeout: float

    def found(self) -> bool:
        return self.which(self.program) is not None

    def run(self, args: Sequence[str], stdin: str | None = None) -> CommandResult:
        return self.runner([self.program, *args], stdin, self.timeout)


class X11Dpms(CommandBackend):
    def __init__(self, runner: Runner, which: Callable[[str], str | None], env: Mapping[str, str], timeout: float):
        super().__init__("x11-dpms", "xset", runner, which, timeout)
        self.env = env

    def available(self) -> bool:
        return bool(self.env.get("DISPLAY")) and not self.env.get("WAYLAND_DISPLAY") and self.found()

    def switch(self, on: bool) -> bool:
        return self.run(["dpms", "force", "on" if on else "off"]).ok


class WaylandOutputPower(CommandBackend):
    def __init__(self, runner: Runner, which: Callable[[str], str | None], env: Mapping[str, str], timeout: float):
        super().__init__("wayland-wlr-randr", "wlr-randr", runner, which, timeout)
        self.env = env

    def available(self) -> bool:
        return bool(self.env.get("WAYLAND_DISPLAY")) and self.found()

    def outputs(self) -> list[str]:
        """The outputs ``wlr-randr`` lists: each starts a line; its properties are indented below it."""
        listing = self.run([])
        if not listing.ok:
            return []
        return [line.split()[0] for line in listing.output.splitlines() if line.strip() and not line[0].isspace()]

    def switch(self, on: bool) -> bool:
        names = self.outputs()
        results = [self.run(["--output", name, "--on" if on else "--off"]).ok for name in names]
        return bool(results) and all(results)


class HdmiCec(CommandBackend):
    def __init__(self, runner: Runner, which: Callable[[str], str | None], timeout: float):
        super().__init__("hdmi-cec", "cec-client", runner, which, timeout)
        self._adapter: bool | None = None

    def available(self) -> bool:
        if not self.found():
            return False
        if self._adapter is None:  # ``cec-client -l`` lists the adapters; asked once
            listing = self.run(["-l"])
            self._adapter = listing.ok and "com port" in listing.output.lower()
        return self._adapter

    def switch(self, on: bool) -> bool:
        # -s: one command from standard input, then exit; -d 1: errors only.  Address 0 is the television.
        return self.run(["-s", "-d", "1"], stdin="on 0\n" if on else "standby 0\n").ok


class WindowsMonitorPower:
    """``SendMessageTimeout(HWND_BROADCAST, WM_SYSCOMMAND, SC_MONITORPOWER, 2 | -1)``; Windows only."""

    name = "windows-sc-monitorpower"
    HWND_BROADCAST = 0xFFFF
    WM_SYSCOMMAND = 0x0112
    SC_MONITORPOWER = 0xF170
    MONITOR_OFF = 2
    MONITOR_ON = -1
    SMTO_ABORTIFHUNG = 0x0002

    def __init__(self, platform: str = sys.platform, send: Callable[[int], bool] | None = None) -> None:
        self.platform = platform
        self._send = send

    def available(self) -> bool:
        return self.platform == "win32"

    def switch(self, on: bool) -> bool:
        return (self._send or self._send_message)(self.MONITOR_ON if on else self.MONITOR_OFF)

    def _send_message(self, value: int) -> bool:
        if sys.platform != "win32":  # pragma: no cover - guarded by available()
            return False
        import ctypes
        from ctypes import wintypes

        result = wintypes.DWORD()
        sent = ctypes.windll.user32.SendMessageTimeoutW(
            wintypes.HWND(self.HWND_BROADCAST),
            self.WM_SYSCOMMAND,
            self.SC_MONITORPOWER,
            value,
            self.SMTO_ABORTIFHUNG,
            WINDOWS_TIMEOUT_MS,
            ctypes.byref(result),
        )
        return bool(sent)


def default_backends(
    runner: Runner = run_command,
    *,
    which: Callable[[str], str | None] = shutil.which,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    timeout: float = COMMAND_TIMEOUT_S,
) -> list[PowerBackend]:
    """Every way this module knows, in the order they are tried."""
    environment = os.environ if env is None else env
    return [
        X11Dpms(runner, which, environment, timeout),
        WaylandOutputPower(runner, which, environment, timeout),
        HdmiCec(runner, which, timeout),
        WindowsMonitorPower(platform),
    ]


@dataclass(frozen=True)
class PowerReport:
    """For the staff pages and the reports: what the display is, and what switched it."""

    state: PowerState
    backend: str | None  # None: nothing has switched it (yet, or at all here)


class DisplayPower:
    """Tries ``backends`` in order; the first that works is remembered and used from then on.

    Safe to call from a worker thread (one switch at a time).  When the
    remembered way stops working, the others are tried again.
    """

    def __init__(self, backends: Sequence[PowerBackend] | None = None) -> None:
        self.backends = list(default_backends() if backends is None else backends)
        self._working: PowerBackend | None = None
        self._state = PowerState.UNKNOWN
        self._lock = threading.Lock()
        self._said_none = False

    def state(self) -> PowerReport:
        return PowerReport(self._state, self._working.name if self._working is not None else None)

    def off(self, now: datetime) -> bool:
        """Switch the display off, unless ``now`` (local wall time) is plainly wrong; whether it went off."""
        if now.year < EARLIEST_PLAUSIBLE_YEAR:
            log.warning("系统时钟显示 %d 年，不关闭显示器 / the clock looks wrong: the display stays on", now.year)
            return False
        return self._switch(on=False)

    def on(self) -> bool:
        """Switch the display on; whether a backend did."""
        return self._switch(on=True)

    def _switch(self, *, on: bool) -> bool:
        wanted = "on" if on else "off"
        with self._lock:
            failed = self._working
            if failed is not None:
                if self._try(failed, on):
                    return True
                log.warning("display power: %s stopped working; trying the others", failed.name)
                self._working = None
            for backend in self.backends:
                if backend is not failed and self._available(backend) and self._try(backend, on):
                    self._working = backend
                    log.info(
                        "显示器已%s（%s）/ display switched %s by %s",
                        "打开" if on else "关闭",
                        backend.name,
                        wanted,
                        backend.name,
                    )
                    return True
            if not self._said_none:
                self._said_none = True
                log.info(
                    "没有可用的显示器电源控制，闭馆时只显示黑屏 / no way to switch the display %s here"
                    " (tried %s): the screen stays dark instead",
                    wanted,
                    ", ".join(b.name for b in self.backends) or "nothing",
                )
            self._state = PowerState.UNKNOWN
            return False

    def _try(self, backend: PowerBackend, on: bool) -> bool:
        try:
            worked = backend.switch(on)
        except Exception:  # a backend's bug must not end the kiosk
            log.exception("display power: %s failed", backend.name)
            worked = False
        if worked:
            self._state = PowerState.ON if on else PowerState.OFF
        return worked

    @staticmethod
    def _available(backend: PowerBackend) -> bool:
        try:
            return backend.available()
        except Exception:
            log.exception("display power: cannot tell whether %s is available", backend.name)
            return False
