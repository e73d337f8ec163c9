"""A real window on a real (virtual) X server: the kiosk as an installer runs it.

Runs the kiosk as a separate process under Xvfb with Qt's ``xcb`` platform,
grabs the screen from another process, and ends the kiosk with SIGTERM.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from PySide6.QtGui import QColor, QImage

from tests.ui.xserver import GRAB, STARTUP_TIMEOUT_S, qt_env

pytestmark = pytest.mark.xvfb


@pytest.fixture
def xvfb(xvfb_at):  # type: ignore[no-untyped-def]
    return xvfb_at(1280, 720)


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
