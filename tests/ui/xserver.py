"""A virtual X server (Xvfb) for tests of a real window, and what a process needs to use it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

STARTUP_TIMEOUT_S = 60
# Another process grabs the whole screen, as a person's screenshot tool would.
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv)
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)
"""


def qt_env(display: str, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "HOME": str(home)})
    env.pop("WAYLAND_DISPLAY", None)
    return env


def _free_display() -> int:
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    pytest.fail("no free X display number between :90 and :139")


def xvfb_servers() -> Iterator[Callable[[int, int], str]]:
    """Starts Xvfb servers of a given size on demand (``":91"``…); stops them all at the end."""
    binary = shutil.which("Xvfb")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing: `make test` installs the xvfb package")
        pytest.skip("Xvfb is not installed (make test installs it)")

    with ExitStack() as servers:

        def start(width: int, height: int) -> str:
            number = _free_display()
            display = f":{number}"
            server = subprocess.Popen(
                [binary, display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.callback(lambda: (server.terminate(), server.wait(timeout=10)))
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not Path(f"/tmp/.X11-unix/X{number}").exists():
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("Xvfb did not start")
                time.sleep(0.05)
            return display

        yield start
