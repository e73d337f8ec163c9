"""A visitor and then a staff member at a real window: Xvfb, Qt's ``xcb`` platform, xdotool's mouse.

The kiosk runs fullscreen as installed, in its own process.  Where to press is
read off the same layout built here, offscreen, at the same size; what happened
is read from the kiosk's log, and the screen is grabbed at every step.  Set
``KIOSK_WALKTHROUGH_DIR`` to keep the pictures (they are looked at by eye).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from kiosk.core.pin import PinGate, hash_pin
from kiosk.core.presenter_events import Action
from kiosk.ui.card_painter import CardPainter
from kiosk.ui.chips import Chip
from kiosk.ui.snapshot import scene_for
from kiosk.ui.staff.pin_pad import PinPad
from tests.ui.xserver import GRAB, STARTUP_TIMEOUT_S, qt_env

pytestmark = pytest.mark.xvfb

SCREENS = [(1920, 1080), (1080, 1920)]  # a landscape screen and a portrait totem
IDLE_TIMEOUT_S = 10  # the shortest the format allows: the countdown shows its last 5 seconds
STEP_TIMEOUT_S = 30
CHIP_CARD, CHIP_TARGET = "grassroots-unions", "members"  # the second card, and a card its chips name
OVERVIEW_CARD = "smart-union"
PIN = "246810"


@dataclass(frozen=True)
class Places:
    """Where a finger goes, in screen pixels."""

    card: QPoint
    overview_button: QPoint
    chip: QPoint
    back: QPoint
    figure: QPoint  # the headline of OVERVIEW_CARD's page: content, so a touch there keeps the page
    tile: QPoint
    corner: QPoint
    pin_keys: dict[str, QPoint]  # the PIN pad's digits and "ok"
    staff_exit: QPoint
    staff_confirm: QPoint


def centre_in(widget: QWidget, window: QWidget) -> QPoint:
    return widget.mapTo(window, widget.rect().center())


@pytest.fixture(params=SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def screen(request) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return request.param


@pytest.fixture
def places(make_window, bundle, screen) -> Places:  # type: ignore[no-untyped-def]
    """The layout of every page the walk uses, built offscreen at the real window's size."""
    width, height = screen
    window = make_window(bundle, size=screen)
    lay = CardPainter(scene_for(bundle, CHIP_CARD)).layout(QRectF(0, 0, width, height))
    window.loop.go_to(CHIP_CARD)
    window.open_detail()
    page = window.detail_page
    page.settle()
    page.layout().activate()
    chip = next(c for c in page.findChildren(Chip) if c.isVisible() and c.text().startswith("1927万人"))
    chip_at, back_at = centre_in(chip, window), centre_in(page.back_button, window)
    window.loop.go_to(OVERVIEW_CARD)
    page.settle()
    page.layout().activate()
    figure_at = centre_in(page.headline, window)
    window.kiosk.perform(Action.CLOSE)
    window.open_overview()
    overview = window.overview_page
    overview.layout().activate()
    tile = overview.tile(OVERVIEW_CARD)
    assert tile is not None and tile.isVisible()
    tile_at = centre_in(tile, window)
    window.pin_gate = PinGate(hash_pin(PIN))
    window.open_staff_panel()
    window.staff.layout().activate()
    pad = window.staff.pages.currentWidget()
    pad.layout().activate()
    assert isinstance(pad, PinPad)
    keys = {digit: centre_in(key, window) for digit, key in pad.digit_keys.items()} | {
        "ok": centre_in(pad.ok_key, window)
    }
    menu = window.staff.menu
    window.staff.pages.setCurrentWidget(menu)  # where the right PIN leads
    menu.layout().activate()
    exit_at = centre_in(menu.exit_button, window)
    menu.ask_exit()
    menu.layout().activate()
    confirm_at = centre_in(menu.confirm_button, window)
    overview_at = lay.overview_button.center().toPoint()
    card_at = QPoint(width // 2, height // 2)
    corner = QPoint(30, 30)
    return Places(card_at, overview_at, chip_at, back_at, figure_at, tile_at, corner, keys, exit_at, confirm_at)


class Kiosk:
    """The kiosk process, its log, the mouse and the screen."""

    def __init__(self, display: str, home: Path, bundle: Path, shots: Path, screen: tuple[int, int]) -> None:
        self.screen = screen
        self.env = qt_env(display, home) | {"UNION_KIOSK_HOME": str(home / "kiosk")}
        self.log_path = home / "kiosk.log"
        self.shots = shots
        self.read_to = 0
        subprocess.run(  # what the IT person does once: a PIN, without which no exit is offered
            [sys.executable, "-m", "kiosk", "set-pin", "--pin-stdin"], input=PIN, text=True, env=self.env, check=True
        )
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "--bundle", str(bundle)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, timeout: float = STEP_TIMEOUT_S) -> re.Match[str]:
        """The next log line (after the last one waited for) that matches ``pattern``."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            text = self.log()
            found = regex.search(text, self.read_to)
            if found:
                self.read_to = found.end()
                return found
            assert self.process.poll() is None, f"the kiosk ended waiting for {pattern!r}:\n{text}"
            assert time.monotonic() < deadline, f"no {pattern!r} within {timeout} s:\n{text[self.read_to :]}"
            time.sleep(0.05)

    def since_last(self) -> str:
        return self.log()[self.read_to :]

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=30)

    def click(self, at: QPoint, *, times: int = 1, delay_ms: int = 100) -> None:
        self.xdotool("mousemove", str(at.x()), str(at.y()))
        self.xdotool("click", "--repeat", str(times), "--delay", str(delay_ms), "1")

    def grab(self, name: str) -> QImage:
        time.sleep(0.8)  # the page's transition is over and its frame reached the X server
        path = self.shots / f"{name}.png"
        subprocess.run([sys.executable, "-c", GRAB, str(path)], env=self.env, timeout=60, check=True)
        image = QImage(str(path))
        assert (image.width(), image.height()) == self.screen
        return image


def not_blank(image: QImage) -> None:
    """Mostly the theme's red: not a black, white or half-drawn screen."""
    small = image.scaled(32, 32)
    pixels = [QColor(small.pixel(x, y)) for x in range(32) for y in range(32)]
    red = sum(1 for colour in pixels if colour.red() > colour.green() + 30)
    assert red > len(pixels) * 0.6, f"{red} of {len(pixels)} samples red"


@pytest.fixture
def walk_bundle(bundle_copy: Path) -> Path:
    manifest = bundle_copy / "bundle.yaml"
    text = manifest.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^(\s+)idle_timeout: .*$", rf"\g<1>idle_timeout: {IDLE_TIMEOUT_S}", text)
    assert count == 1, "the default deck sets display.idle_timeout"
    manifest.write_text(text, encoding="utf-8")
    return bundle_copy


@pytest.fixture
def display(xvfb_at, screen):  # type: ignore[no-untyped-def]
    if shutil.which("xdotool") is None:
        if os.environ.get("CI"):
            pytest.fail("xdotool is missing: `make test` installs the xdotool package")
        pytest.skip("xdotool is not installed (make test installs it)")
    return xvfb_at(*screen)


def test_a_visitor_then_staff_walk_through_the_real_window(display, screen, places, walk_bundle, tmp_path):
    width, height = screen
    kept = os.environ.get("KIOSK_WALKTHROUGH_DIR")
    shots = Path(kept) / f"{width}x{height}" if kept else tmp_path / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    kiosk = Kiosk(display, tmp_path, walk_bundle, shots, screen)
    try:
        kiosk.wait_for(rf"kiosk window shown: fullscreen, {width}x{height}", STARTUP_TIMEOUT_S)
        not_blank(kiosk.grab("1-attract"))

        # The clicker's next key, then a tap on the card: its detail page.
        kiosk.xdotool("key", "Right")
        time.sleep(1.0)
        kiosk.click(places.card)
        kiosk.wait_for(rf"attract -> detail at card {CHIP_CARD}")
        not_blank(kiosk.grab("2-detail"))

        # A chip names a related card: its page replaces this one.
        kiosk.click(places.chip)
        kiosk.wait_for(rf"jump to card {CHIP_TARGET} \(detail\)")
        kiosk.grab("3-chip")

        # A double tap on 返回: the first closes the page, the second lands on the card and opens nothing.
        kiosk.click(places.back, times=2, delay_ms=150)
        kiosk.wait_for(rf"detail -> attract \(back\) at card {CHIP_TARGET}")
        kiosk.grab("4-back")
        assert "-> detail" not in kiosk.since_last()

        # 全部数字: the overview; a tile goes to its card.
        kiosk.click(places.overview_button)
        kiosk.wait_for(r"attract -> overview")
        kiosk.grab("5-overview")
        kiosk.click(places.tile)
        kiosk.wait_for(rf"jump to card {OVERVIEW_CARD} \(overview\)")
        kiosk.wait_for(rf"overview -> attract \(back\) at card {OVERVIEW_CARD}")

        # Left alone on a page: a countdown, which a touch cancels; left alone again, the loop comes back.
        time.sleep(1.0)
        kiosk.click(places.card)
        kiosk.wait_for(rf"attract -> detail at card {OVERVIEW_CARD}")
        kiosk.wait_for(r"idle countdown: back to the attract loop in \d+ s", IDLE_TIMEOUT_S + STEP_TIMEOUT_S)
        kiosk.grab("6-countdown")
        kiosk.click(places.figure)  # on the page's content (a tap beside it closes the page)
        kiosk.wait_for(r"idle countdown cancelled")
        kiosk.wait_for(r"idle countdown: back", IDLE_TIMEOUT_S + STEP_TIMEOUT_S)
        kiosk.wait_for(rf"detail -> attract \(idle\) at card {OVERVIEW_CARD}", IDLE_TIMEOUT_S + STEP_TIMEOUT_S)
        not_blank(kiosk.grab("7-idle-return"))

        # Staff: five quick clicks in the top-left corner, the PIN, 退出展台, then 退出.
        kiosk.click(places.corner, times=5, delay_ms=150)
        kiosk.wait_for(r"staff panel opened \(PIN pad\)")
        kiosk.grab("8-pin-pad")
        for key in [*PIN, "ok"]:
            kiosk.click(places.pin_keys[key])
        kiosk.wait_for(r"staff PIN accepted")
        kiosk.grab("9-staff-menu")
        kiosk.click(places.staff_exit)
        kiosk.grab("10-confirm")
        assert kiosk.process.poll() is None, "退出展台 asks before it exits"
        kiosk.click(places.staff_confirm)
        kiosk.wait_for(r"staff exit")
        code = kiosk.process.wait(timeout=30)
    finally:
        if kiosk.process.poll() is None:
            kiosk.process.terminate()
            kiosk.process.wait(timeout=30)
    output = kiosk.log()
    assert code == 0, output
    assert "Traceback" not in output
