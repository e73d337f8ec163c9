"""The window follows the feed: a new install shows at the next card, a refused one keeps the old content.

The feed is a local signed repository (``update --from`` semantics): published
with :func:`publish_bundle` into ``tmp_path``, checked with :func:`update_once`
on the follower's own thread, its results brought to the GUI thread by the
window's queued signal.  No network.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from kiosk.core.bundle import load_bundle
from kiosk.core.diagnostics import NO_FEED, row_texts
from kiosk.feed import installed_bundle
from kiosk.feed.follow import FeedFollower
from kiosk.feed.layout import CURRENT_BUNDLE, feed_dir
from kiosk.feed.publish import Repository, publish_bundle
from kiosk.feed.update import Outcome, update_once
from kiosk.ui.window import KioskSetup, KioskWindow
from tests.bundles import minimal_manifest

NEW_LABEL = "户外劳动者“爱心驿站”（新版）"


@pytest.fixture
def feed(tmp_path, make_bundle):
    """``(repo, keys, trust, data_dir)``: a feed with a first deck published, and a kiosk that installed it."""
    repo, keys, data_dir = tmp_path / "repo", tmp_path / "keys", tmp_path / "kiosk-data"
    publish_bundle(make_bundle(), repo, keys)
    trust = repo / "metadata" / "1.root.json"
    first = update_once(repo, trust, None, data_dir)
    assert first.outcome is Outcome.INSTALLED, first.describe()
    return repo, keys, trust, data_dir


@pytest.fixture
def kiosk_window(qtbot, clock):
    def make(data_dir) -> KioskWindow:
        bundle = load_bundle(installed_bundle(data_dir))
        window = KioskWindow(
            bundle,
            fullscreen=False,
            clock=clock,
            setup=KioskSetup(watch_path=feed_dir(data_dir) / CURRENT_BUNDLE, data_dir=data_dir),
        )
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        window.stage.settle()
        return window

    yield make


def publish_new_label(make_bundle, repo, keys) -> None:
    manifest = minimal_manifest()
    manifest["cards"][1]["label"] = NEW_LABEL
    publish_bundle(make_bundle(manifest), repo, keys)


def follow_once(window: KioskWindow, repo, trust, data_dir) -> tuple[FeedFollower, list[str]]:
    """A follower on its own thread that checks once at once; the threads its results were delivered on."""
    threads: list[str] = []

    def deliver(result) -> None:
        threads.append(threading.current_thread().name)
        window.feed_checked.emit(result)

    follower = FeedFollower(
        lambda: update_once(repo, trust, None, data_dir), interval=3600, on_result=deliver, first_check_spread=0
    )
    follower.start()
    return follower, threads


def test_the_kiosk_starts_on_the_installed_bundle(feed, kiosk_window):
    _repo, _keys, _trust, data_dir = feed
    window = kiosk_window(data_dir)
    assert window.bundle.files.location == installed_bundle(data_dir)
    assert window.watcher is not None and window.watcher.path == installed_bundle(data_dir).resolve()


def test_a_new_install_from_the_feed_shows_at_the_next_card(feed, kiosk_window, make_bundle, qtbot):
    repo, keys, trust, data_dir = feed
    window = kiosk_window(data_dir)
    assert window.stage.scene.card.id == "unions"
    publish_new_label(make_bundle, repo, keys)
    follower, threads = follow_once(window, repo, trust, data_dir)
    try:
        with qtbot.waitSignal(window.watcher.updated, timeout=15_000):
            pass
    finally:
        follower.stop(timeout=10)
    assert threads == ["feed-follower"]  # checked off the GUI thread
    assert window.stage.scene.card.id == "unions"  # nothing jumps mid-card
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.scene.card.id == "stations"
    assert window.stage.scene.card.label == NEW_LABEL
    assert "已安装新内容" in row_texts(window.diagnostics())["feed_check"]


def test_a_refused_update_keeps_the_old_content_and_diagnostics_say_why(feed, kiosk_window, make_bundle, qtbot, caplog):
    repo, keys, trust, data_dir = feed
    window = kiosk_window(data_dir)
    good = installed_bundle(data_dir).read_bytes()
    publish_new_label(make_bundle, repo, keys)
    served = Repository.open(repo, keys).target_file("bundle.zip")
    data = bytearray(served.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit flipped on the way
    served.write_bytes(bytes(data))
    with caplog.at_level("WARNING"):
        result = update_once(repo, trust, None, data_dir)
    assert result.outcome is Outcome.REFUSED and result.reason.code == "tampered"
    assert any("篡改" in record.getMessage() for record in caplog.records)  # the log says why
    with qtbot.waitSignal(window.watcher.checked, timeout=3000, raising=False) as blocker:
        window.feed_checked.emit(result)
    assert not blocker.signal_triggered  # nothing new on disk: nothing is loaded
    assert installed_bundle(data_dir).read_bytes() == good
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.scene.card.label != NEW_LABEL
    text = row_texts(window.diagnostics())["feed_check"]
    assert "没有更新" in text and "篡改" in text


def test_a_kiosk_without_a_feed_says_so_in_diagnostics(make_window, bundle):
    window = make_window(bundle)
    assert row_texts(window.diagnostics())["feed_check"] == NO_FEED
