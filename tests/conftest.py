"""Shared fixtures.  Bundle builders live in ``tests/bundles.py``."""

from __future__ import annotations

import socket

import pytest

from kiosk.core.bundle import load_bundle
from tests.bundles import BundleMaker
from tests.clocks import FakeClock


@pytest.fixture
def make_bundle(tmp_path):
    """``make_bundle(manifest=None, *, files=None, as_zip=False, top_folder=None)`` -> bundle path."""
    return BundleMaker(tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    """One fake clock for a test: the loop, the corner, the PIN gate and the statistics read it."""
    return FakeClock()


@pytest.fixture
def bundle(make_bundle):
    """The small valid bundle of :func:`tests.bundles.minimal_manifest`, loaded."""
    loaded = load_bundle(make_bundle())
    yield loaded
    loaded.close()


@pytest.fixture
def systemd_socket(tmp_path):
    """A datagram socket standing in for systemd's NOTIFY_SOCKET: ``(path, server)``."""
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("needs Unix sockets")
    path = tmp_path / "notify"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(2)
    yield path, server
    server.close()
