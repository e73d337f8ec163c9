"""Fixtures for the Qt layer: the shipped font, a fake clock, a kiosk window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.core.bundle import load_bundle
from kiosk.resources import default_bundle
from tests.clocks import FakeClock
from tests.ui.xserver import xvfb_servers


@pytest.fixture(scope="session", autouse=True)
def touchscreen(qapp):
    """A touch screen for QTest's touch events.

    Created before any window: a window created earlier does not receive the
    synthesized touches (seen with Qt 6.11, offscreen).
    """
    from PySide6.QtTest import QTest

    return QTest.createTouchDevice()


@pytest.fixture(autouse=True)
def shipped_fonts(qapp):
    from kiosk.ui import fonts

    fonts.register_shipped_fonts()
    fonts.reset_bundle_fonts()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def bundle():
    loaded = load_bundle(default_bundle())
    yield loaded
    loaded.close()


@pytest.fixture
def bundle_copy(tmp_path: Path) -> Path:
    """A writable copy of the default bundle."""
    target = tmp_path / "bundle"
    shutil.copytree(default_bundle(), target)
    return target


@pytest.fixture
def make_window(qtbot, clock):
    from kiosk.ui.window import KioskWindow

    def make(bundle, *, presenter: bool = False, watch: bool = False, size=(1280, 720)) -> KioskWindow:
        window = KioskWindow(bundle, presenter=presenter, fullscreen=False, clock=clock, watch=watch)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.stage.settle()
        return window

    return make


@pytest.fixture
def xvfb_at():  # type: ignore[no-untyped-def]
    """``xvfb_at(width, height)``: a new Xvfb screen of that size, its display name returned."""
    yield from xvfb_servers()
