"""A real window on a real (virtual) X server: the kiosk as an installer runs it.

Runs the kiosk as a separate process under Xvfb with Qt's ``xcb`` platform,
grabs the screen from another process, and ends the kiosk with SIGTERM.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

pytestmark = pytest.mark.xvfb

STARTUP_TIMEOUT_S = 60
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv)
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)
"""


@pytest.fixture
def xvfb(tmp_path):
    binary = shutil.which("Xvfb")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing: `make test` installs the xvfb package")
        pytest.skip("Xvfb is not installed (make test installs it)")
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    display = f":{number}"
    server = subprocess.Popen(
        [binary, display, "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield display
    server.terminate()
    server.wait(timeout=10)


def qt_env(display: str, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "HOME": str(home)})
    env.pop("WAYLAND_DISPLAY", None)
    return env


def test_kiosk_runs_fullscreen_in_a_real_window_and_ends_on_sigterm(xvfb, tmp_path):
    log_path = tmp_path / "kiosk.log"
    with log_path.open("w") as log:
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk"],
            env=qt_env(xvfb, tmp_path),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while "kiosk window shown" not in log_path.read_text():
            assert kiosk.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        assert "fullscreen, 1280x720" in log_path.read_text()
        assert "platform xcb" in log_path.read_text()
        time.sleep(1.0)  # let the first frame reach the X server
        shot = tmp_path / "screen.png"
        grab = subprocess.run(
            [sys.executable, "-c", GRAB, str(shot)], env=qt_env(xvfb, tmp_path), timeout=60, check=False
        )
        assert grab.returncode == 0
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 720)
        # the card's red fills the screen: no blank, no black
        corner = QColor(image.pixel(200, 300))
        assert corner.red() > 100
        assert corner.red() > corner.green() + 40
    finally:
        kiosk.send_signal(signal.SIGTERM)
        code = kiosk.wait(timeout=30)
    output = log_path.read_text()
    assert code == 0, output
    assert "Traceback" not in output
    assert "received SIGTERM" in output
