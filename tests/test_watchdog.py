"""sd_notify without dependencies: the messages reach systemd's socket, or nothing happens."""

from __future__ import annotations

import os
import socket
import sys

import pytest

from kiosk.core.watchdog import SystemdNotifier, watchdog_interval_s

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")


def received(server: socket.socket) -> str:
    return server.recv(4096).decode("utf-8")


def test_ready_watchdog_status_and_stopping_arrive(systemd_socket):
    path, server = systemd_socket
    notifier = SystemdNotifier.from_env({"NOTIFY_SOCKET": str(path)})
    assert notifier.enabled
    assert notifier.ready()
    assert received(server) == "READY=1"
    assert notifier.watchdog()
    assert received(server) == "WATCHDOG=1"
    assert notifier.status("显示第 3 张卡片")
    assert received(server) == "STATUS=显示第 3 张卡片"
    assert notifier.stopping()
    assert received(server) == "STOPPING=1"
    notifier.close()


def test_ready_can_carry_a_status_in_the_same_datagram(systemd_socket):
    path, server = systemd_socket
    notifier = SystemdNotifier.from_env({"NOTIFY_SOCKET": str(path)})
    notifier.ready(status="showing\n12 cards")
    assert received(server) == "READY=1\nSTATUS=showing 12 cards"
    notifier.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux only")
def test_abstract_socket_addresses_start_with_an_at_sign():
    name = f"union-kiosk-test-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.settimeout(2)
    try:
        notifier = SystemdNotifier.from_env({"NOTIFY_SOCKET": "@" + name})
        assert notifier.watchdog()
        assert received(server) == "WATCHDOG=1"
        notifier.close()
    finally:
        server.close()


def test_without_systemd_every_call_is_a_no_op():
    notifier = SystemdNotifier.from_env({})
    assert not notifier.enabled
    assert notifier.watchdog_interval_s() is None
    assert not notifier.ready()
    assert not notifier.watchdog()
    assert not notifier.status("anything")
    assert not notifier.stopping()


def test_a_vanished_socket_is_warned_about_once_and_never_raises(tmp_path, caplog):
    notifier = SystemdNotifier.from_env({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    with caplog.at_level("WARNING", logger="kiosk.core.watchdog"):
        assert not notifier.watchdog()
        assert not notifier.watchdog()
    assert len([r for r in caplog.records if "could not notify systemd" in r.getMessage()]) == 1
    notifier.close()


def test_unsupported_socket_kinds_are_ignored():
    assert not SystemdNotifier.from_env({"NOTIFY_SOCKET": "vsock:2:1234"}).enabled


def test_watchdog_pings_at_half_the_interval():
    env = {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"}
    assert watchdog_interval_s(env, pid=4242, parent_pid=1) == 15.0
    assert watchdog_interval_s({"WATCHDOG_USEC": "2000000"}) == 1.0  # no pid given: ours


def test_a_watchdog_meant_for_another_process_is_not_ours():
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"}, pid=7, parent_pid=1) is None


def test_the_watchdog_of_a_parent_compositor_counts():
    """Under cage the unit's main process is cage; it launched us (NotifyAccess=all)."""
    env = {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "100"}
    assert watchdog_interval_s(env, pid=101, parent_pid=100) == 15.0


@pytest.mark.parametrize("usec", ["", "0", "-5", "soon"])
def test_no_or_broken_watchdog_settings_mean_no_watchdog(usec):
    assert watchdog_interval_s({"WATCHDOG_USEC": usec}) is None


def test_the_notifier_knows_its_watchdog_interval(systemd_socket):
    path, _server = systemd_socket
    env = {"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "10000000", "WATCHDOG_PID": str(os.getpid())}
    assert SystemdNotifier.from_env(env).watchdog_interval_s() == 5.0
