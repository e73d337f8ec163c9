"""The window tells the fleet reporter what is on screen: the bundle, and a small screenshot per card."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kiosk.ui.snapshot import small_jpeg


class RecordingReporter:
    def __init__(self) -> None:
        self.bundles: list[tuple[str, str]] = []
        self.screenshots: list[bytes] = []

    def showing_bundle(self, bundle_id, title, location) -> None:
        self.bundles.append((bundle_id, title))

    def card_changed(self, encode) -> bool:
        self.screenshots.append(encode(100_000))
        return True


def test_each_change_of_card_offers_a_screenshot_within_its_budget(make_window, bundle, qtbot):
    window = make_window(bundle)
    reporter = RecordingReporter()
    window.reporter = reporter
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert len(reporter.screenshots) == 2
    for data in reporter.screenshots:
        assert data.startswith(b"\xff\xd8")  # a JPEG
        assert 0 < len(data) <= 100_000
        image = QImage.fromData(data)
        assert image.width() <= 640


def test_a_jpeg_that_cannot_fit_its_budget_is_empty():
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    image.fill(0x8E1B1B)
    assert small_jpeg(image, 10) == b""
    assert 0 < len(small_jpeg(image, 50_000)) <= 50_000
