"""Fixtures for the staff pages: a PIN gate, the pad, the panel, and the panel at its menu."""

from __future__ import annotations

import pytest

from kiosk.core.pin import MIN_ITERATIONS, PinGate, hash_pin
from kiosk.ui.staff.panel import StaffPanel
from kiosk.ui.staff.pin_pad import PinPad
from tests.ui.staff.pages import PIN, shown, tap_pin


@pytest.fixture(scope="module")
def record():
    """The cheapest hash the rules allow: these tests try many PINs."""
    return hash_pin(PIN, iterations=MIN_ITERATIONS)


@pytest.fixture
def gate(record, clock):
    return PinGate(record, clock=clock)


@pytest.fixture
def pad(qtbot, gate):
    return shown(qtbot, PinPad(gate))


@pytest.fixture
def panel(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("UNION_KIOSK_HOME", str(tmp_path / "home"))
    return shown(qtbot, StaffPanel())


@pytest.fixture
def menu_panel(qtbot, panel, gate):
    panel.open(gate)
    tap_pin(qtbot, panel.pin_pad, PIN)
    assert panel.current is panel.menu
    return panel
