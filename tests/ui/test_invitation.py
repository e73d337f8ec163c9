"""The touch invitation: a hand taps the card's button now and then, only where and when it should."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QWidget

from kiosk.core.attract import Mode


class PaintedRegions(QObject):
    """Every rectangle a widget is asked to repaint."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())  # type: ignore[attr-defined]
        return False


def settled(window, qtbot):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.stage.animating, timeout=5000)
    return window


def test_a_hand_taps_the_touch_button_of_a_settled_card_in_the_attract_loop(make_window, bundle, qtbot):
    window = settled(make_window(bundle), qtbot)
    invitation = window.invitation
    assert invitation.invite()
    assert invitation.running
    assert invitation.isVisible()
    box = invitation.geometry()
    button = window.stage.hint_rect().toAlignedRect()
    assert box.intersects(button)
    assert box.width() * box.height() < window.width() * window.height() * 0.05  # a small box, not the card
    qtbot.waitUntil(lambda: not invitation.running, timeout=5000)
    assert not invitation.isVisible()
    assert invitation.timer.isActive()  # and again after a while


def test_the_invitation_comes_by_itself_after_a_quiet_while(make_window, bundle, qtbot):
    window = settled(make_window(bundle), qtbot)
    window.invitation.timer.setInterval(50)
    window.invitation.restart()
    qtbot.waitUntil(lambda: window.invitation.running, timeout=2000)


def test_no_invitation_during_a_transition(make_window, bundle, qtbot):
    window = settled(make_window(bundle), qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.animating
    assert not window.invitation.invite()
    assert not window.invitation.isVisible()


def test_a_new_card_ends_an_invitation_under_way(make_window, bundle, qtbot):
    window = settled(make_window(bundle), qtbot)
    assert window.invitation.invite()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert not window.invitation.running
    assert not window.invitation.isVisible()


def test_no_invitation_in_presenter_mode(make_window, bundle, qtbot):
    window = settled(make_window(bundle, presenter=True), qtbot)
    assert not window.invitation.invite()
    assert not window.invitation.isVisible()


def test_no_invitation_while_a_page_covers_the_card(make_window, bundle, qtbot):
    window = settled(make_window(bundle), qtbot)
    window.open_detail()
    assert window.loop.mode is Mode.DETAIL
    assert not window.invitation.timer.isActive()  # the stage is hidden: nothing waits, nothing runs
    assert not window.invitation.invite()


def test_an_invitation_frame_repaints_only_its_own_box(make_window, bundle, qtbot):
    window = settled(make_window(bundle), qtbot)
    qtbot.wait(50)  # paints already queued
    painted = PaintedRegions(window.stage)
    invitation = window.invitation
    assert invitation.invite()
    invitation.animation.pause()
    for k in range(1, 10):
        invitation.animation.setCurrentTime(invitation.animation.duration() * k // 10)
        qtbot.wait(5)
    box = invitation.geometry()
    assert painted.rects, "the invitation was never painted"
    for rect in painted.rects:
        assert box.contains(rect), f"repainted {rect} outside the invitation's box {box}"


def test_no_invitation_where_the_card_draws_no_touch_button(make_window, bundle, qtbot):
    """Paper, and any card drawn without its touch controls, has nothing for the hand to tap."""
    window = settled(make_window(bundle), qtbot)
    scene = window.stage.scene
    window.stage.show_scene(replace(scene, show_touch_hint=False), animate=False)
    assert window.stage.hint_rect().isEmpty()
    assert not window.invitation.invite()
