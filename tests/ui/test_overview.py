"""The overview: the full width at once, touch scrolling without overshoot, a cue for more, closed only on purpose."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScroller, QScrollerProperties

from kiosk.core.attract import Mode


def opened(make_window, bundle, size=(1920, 1080)):
    window = make_window(bundle, size=size)
    window.open_overview()
    page = window.overview_page
    page.layout().activate()
    QApplication.processEvents()
    return window, page


def test_the_grid_fills_the_width_on_first_open(make_window, bundle):
    window, page = opened(make_window, bundle)
    viewport = page.scroll_area.viewport()
    assert page.content.width() >= viewport.width() - 1
    right = max(tile.mapTo(page, QPoint(tile.width(), 0)).x() for tile in page.tiles)
    margin = page.layout().contentsMargins().right()
    assert right >= page.width() - margin - 4  # the rightmost column reaches the right margin
    if os.environ.get("KIOSK_SHOTS"):
        window.grab().save(str(Path(os.environ["KIOSK_SHOTS"]) / f"overview-{window.width()}x{window.height()}.png"))


def test_there_is_no_desktop_scrollbar(make_window, bundle):
    _, page = opened(make_window, bundle)
    assert page.scroll_area.verticalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not page.scroll_area.verticalScrollBar().isVisible()


def test_touch_scrolling_never_overshoots(make_window, bundle):
    _, page = opened(make_window, bundle)
    properties = QScroller.scroller(page.scroll_area.viewport()).scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    for metric in (
        QScrollerProperties.ScrollMetric.VerticalOvershootPolicy,
        QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
    ):
        assert properties.scrollMetric(metric) == off
    assert QScroller.hasScroller(page.scroll_area.viewport())


def test_a_cue_says_there_is_more_until_the_bottom_is_reached(make_window, bundle):
    _, page = opened(make_window, bundle)
    bar = page.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0  # eight sections do not fit one screen
    assert page.more_below_shown
    bar.setValue(bar.maximum())
    assert not page.more_below_shown


def test_a_wheel_beside_the_tiles_does_not_close_it(make_window, bundle):
    window, page = opened(make_window, bundle)
    for target, where in (
        (page, QPointF(page.width() - 5, page.height() / 2)),
        (page.scroll_area.viewport(), QPointF(5, 5)),
    ):
        event = QWheelEvent(
            where,
            where,
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(target, event)
    assert window.loop.mode is Mode.OVERVIEW


def test_a_tap_on_a_tile_opens_its_card_and_a_tap_beside_the_tiles_closes(make_window, bundle):
    window, page = opened(make_window, bundle)
    tile = page.tiles[1]
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.loop.current.id == tile.card.id
    window, page = opened(make_window, bundle)
    QTest.mouseClick(page, Qt.MouseButton.LeftButton, pos=QPoint(page.width() - 3, page.height() - 3))
    assert window.loop.mode is Mode.ATTRACT


def test_every_tile_sets_its_label_at_one_size(make_window, bundle):
    for size in ((1920, 1080), (1080, 1920), (1280, 800)):
        _, page = opened(make_window, bundle, size=size)
        sizes = {tile.label_font.pixelSize() for tile in page.tiles}
        assert len(sizes) == 1, sizes
