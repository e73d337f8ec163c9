"""A visitor's fingers (and a laptop's mouse): swipes, taps, two fingers, idle return."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.core.attract import Mode

SIZE = (1280, 720)


def touches(widget, device):
    """A touch sequence sent through the widget's window, as a screen sends it.

    (Sequences aimed at a child widget were not delivered in Qt 6.11 offscreen.)
    """
    return QTest.touchEvent(widget.window(), device)


def at(widget, x, y) -> QPoint:
    return widget.mapTo(widget.window(), QPoint(x, y))


def touch_path(widget, device, points, finger=0):
    """Press at the first point, move through the rest, lift at the last."""
    first, *rest = points
    touches(widget, device).press(finger, at(widget, *first)).commit()
    for point in rest:
        touches(widget, device).move(finger, at(widget, *point)).commit()
    touches(widget, device).release(finger, at(widget, *points[-1])).commit()


def order(bundle):
    return [c.id for c in bundle.manifest.play_order()]


def test_swipe_left_shows_next_card(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    touch_path(window.stage, touchscreen, [(900, 360), (800, 362), (600, 365), (400, 366)])
    assert window.stage.scene.card.id == order(bundle)[1]
    assert window.loop.mode is Mode.ATTRACT


def test_swipe_right_shows_previous_card(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    touch_path(window.stage, touchscreen, [(300, 360), (500, 360), (700, 360), (900, 360)])
    assert window.stage.scene.card.id == order(bundle)[-1]


def test_short_drag_snaps_back(make_window, bundle, touchscreen, qtbot):
    window = make_window(bundle, size=SIZE)
    touch_path(window.stage, touchscreen, [(640, 360), (620, 360), (600, 360)])
    assert window.stage.scene.card.id == order(bundle)[0]
    qtbot.waitUntil(lambda: not window.stage.animating, timeout=5000)


def test_the_card_follows_the_finger(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    stage = window.stage
    touches(stage, touchscreen).press(0, at(stage, 900, 360)).commit()
    touches(stage, touchscreen).move(0, at(stage, 700, 360)).commit()
    assert stage.drag_offset == pytest.approx(-200)
    touches(stage, touchscreen).release(0, at(stage, 700, 360)).commit()


def test_tap_on_a_card_opens_its_detail(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    touch_path(window.stage, touchscreen, [(640, 300)])
    assert window.loop.mode is Mode.DETAIL
    assert window.pages.currentWidget() is window.detail_page
    assert window.detail_page.card.id == order(bundle)[0]


def test_a_tap_that_moves_a_little_is_still_a_tap(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    touch_path(window.stage, touchscreen, [(640, 300), (643, 302), (645, 301)])
    assert window.loop.mode is Mode.DETAIL


def test_two_fingers_neither_jump_nor_open(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    stage = window.stage
    touches(stage, touchscreen).press(0, at(stage, 900, 360)).commit()
    touches(stage, touchscreen).move(0, at(stage, 880, 360)).press(1, at(stage, 300, 360)).commit()
    touches(stage, touchscreen).move(0, at(stage, 300, 360)).move(1, at(stage, 100, 360)).commit()
    touches(stage, touchscreen).release(0, at(stage, 300, 360)).release(1, at(stage, 100, 360)).commit()
    assert window.stage.scene.card.id == order(bundle)[0]
    assert window.loop.mode is Mode.ATTRACT


def test_tap_on_all_figures_opens_the_overview(make_window, bundle, touchscreen, qtbot):
    window = make_window(bundle, size=SIZE)
    qtbot.waitUntil(lambda: not window.stage.overview_rect().isEmpty(), timeout=2000)
    centre = window.stage.overview_rect().center().toPoint()
    touch_path(window.stage, touchscreen, [(centre.x(), centre.y())])
    assert window.loop.mode is Mode.OVERVIEW
    assert len(window.overview_page.tiles) == len(bundle.manifest.cards)


def test_tapping_a_tile_goes_to_that_card(make_window, bundle, qtbot):
    window = make_window(bundle, size=SIZE)
    window.open_overview()
    tile = window.overview_page.tile("love-stations")
    window.overview_page.scroll_area.ensureWidgetVisible(tile)  # the visitor scrolls down to it
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.loop.mode is Mode.ATTRACT
    assert window.stage.scene.card.id == "love-stations"


def test_back_button_closes_the_detail(make_window, bundle, qtbot):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    qtbot.mouseClick(window.detail_page.back_button, Qt.MouseButton.LeftButton)
    assert window.loop.mode is Mode.ATTRACT
    assert window.pages.currentWidget() is window.stage


def test_swipe_down_closes_the_detail(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    page = window.detail_page
    touch_path(page, touchscreen, [(640, 150), (640, 300), (640, 500)])
    assert window.loop.mode is Mode.ATTRACT


def test_tap_outside_the_detail_closes_it(make_window, bundle, touchscreen):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    page = window.detail_page
    touch_path(page, touchscreen, [(3, page.height() - 3)])
    assert window.loop.mode is Mode.ATTRACT


def test_related_chip_opens_that_cards_detail(make_window, bundle, qtbot):
    window = make_window(bundle, size=SIZE)
    window.loop.go_to("mama-rooms")
    window.open_detail()
    chip = next(b for b in window.detail_page.related_buttons if b.isVisible())
    assert chip.property("card_id") == "love-stations"
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert window.loop.mode is Mode.DETAIL
    assert window.detail_page.card.id == "love-stations"


def test_mouse_drag_swipes_like_a_finger(make_window, bundle, qtbot):
    window = make_window(bundle, size=SIZE)
    stage = window.stage
    QTest.mousePress(stage, Qt.MouseButton.LeftButton, pos=QPoint(900, 360))
    for x in (850, 700, 500, 400):
        QTest.mouseMove(stage, QPoint(x, 360))
    QTest.mouseRelease(stage, Qt.MouseButton.LeftButton, pos=QPoint(400, 360))
    assert window.stage.scene.card.id == order(bundle)[1]


def test_mouse_click_opens_the_detail(make_window, bundle, qtbot):
    window = make_window(bundle, size=SIZE)
    qtbot.mouseClick(window.stage, Qt.MouseButton.LeftButton, pos=QPoint(640, 300))
    assert window.loop.mode is Mode.DETAIL


def test_idle_visitor_returns_the_screen_to_the_attract_loop(make_window, bundle, clock):
    window = make_window(bundle, size=SIZE)
    window.loop.go_to("members")
    window.open_detail()
    clock.advance(bundle.manifest.display.idle_timeout - 1)
    window.tick()
    assert window.loop.mode is Mode.DETAIL
    clock.advance(1)
    window.tick()
    assert window.loop.mode is Mode.ATTRACT
    assert window.pages.currentWidget() is window.stage
    assert window.stage.scene.card.id == "members"  # from where it was


def test_idle_overview_returns_too(make_window, bundle, clock):
    window = make_window(bundle, size=SIZE)
    window.open_overview()
    clock.advance(bundle.manifest.display.idle_timeout)
    window.tick()
    assert window.pages.currentWidget() is window.stage


def test_rotation_waits_while_a_visitor_touches(make_window, bundle, clock, touchscreen):
    window = make_window(bundle, size=SIZE)
    clock.advance(bundle.manifest.display.card_duration - 1)
    touch_path(window.stage, touchscreen, [(640, 360), (630, 360)])  # a small drag, snaps back
    clock.advance(2)
    window.tick()
    assert window.stage.scene.card.id == order(bundle)[0]


def test_touch_targets_are_at_least_nine_millimetres(make_window, bundle):
    from kiosk.ui.touch import pixels_per_mm

    window = make_window(bundle, size=SIZE)
    window.open_detail()
    minimum = 9 * pixels_per_mm(window) - 1
    assert window.detail_page.back_button.height() >= minimum
    assert window.stage.overview_rect().height() >= minimum


def test_hint_tells_visitors_they_can_touch(bundle):
    from kiosk.ui import snapshot
    from kiosk.ui.card_painter import TOUCH_HINT

    assert TOUCH_HINT == "轻触查看详情"
    scene = snapshot.scene_for(bundle, None)
    assert scene.show_touch_hint


def test_warm_up_never_changes_an_open_detail(make_window, bundle):
    window = make_window(bundle, size=SIZE)
    window.loop.go_to("four-seasons-funds")
    window.open_detail()
    window.warm_up()
    assert window.detail_page.card.id == "four-seasons-funds"


def test_a_second_tap_on_the_card_just_after_back_does_not_reopen_it(make_window, bundle, qtbot, clock):
    window = make_window(bundle, size=SIZE)
    window.open_detail()
    clock.advance(3)
    qtbot.mouseClick(window.detail_page.back_button, Qt.MouseButton.LeftButton)
    clock.advance(0.25)  # a double tap: the second lands on the card below "〈 返回"
    qtbot.mouseClick(window.stage, Qt.MouseButton.LeftButton, pos=QPoint(640, 300))
    assert window.loop.mode is Mode.ATTRACT
    assert window.pages.currentWidget() is window.stage
    clock.advance(1)
    qtbot.mouseClick(window.stage, Qt.MouseButton.LeftButton, pos=QPoint(640, 300))
    assert window.loop.mode is Mode.DETAIL  # a tap of its own, later, opens it


def mouse(widget, kind, pos: QPoint) -> None:
    """One mouse event as the platform sends it (QTest has no way to send a lone double-click)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    local = QPointF(pos)
    event = QMouseEvent(
        kind, local, widget.mapToGlobal(local), Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)


def test_five_quick_mouse_clicks_in_the_corner_open_the_staff_panel(make_window, bundle):
    from PySide6.QtCore import QEvent

    window = make_window(bundle, size=SIZE)
    corner = QPoint(8, 8)
    # Five quick clicks: the platform sends every second press as a double-click.
    for press in ("press", "double", "press", "double", "press"):
        kind = QEvent.Type.MouseButtonPress if press == "press" else QEvent.Type.MouseButtonDblClick
        mouse(window.stage, kind, corner)
        mouse(window.stage, QEvent.Type.MouseButtonRelease, corner)
    assert window.staff.is_open
    assert window.pages.currentWidget() is window.staff
