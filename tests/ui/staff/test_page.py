"""Every staff page: plain text only, drawn in the shipped font, whole at kiosk sizes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.core.diagnostics import ZERO_WIDTH_SPACE
from kiosk.core.glyphs import shipped_coverage
from kiosk.ui.staff.diagnostics_page import DiagnosticsPage
from kiosk.ui.staff.menu import StaffMenu
from kiosk.ui.staff.no_pin_notice import NoPinNotice
from kiosk.ui.staff.pin_pad import PinPad
from tests.diagnostics_samples import INFO
from tests.ui.staff.pages import PLATFORM_NOISE, shown, visible_texts


def all_pages(qtbot, gate, size) -> list[QWidget]:
    pad = shown(qtbot, PinPad(gate), size)
    menu = shown(qtbot, StaffMenu(), size)
    page = shown(qtbot, DiagnosticsPage(), size)
    page.show_info(INFO)
    notice = shown(qtbot, NoPinNotice(config_path="/home/kiosk/.config/union-kiosk/kiosk.yaml"), size)
    return [pad, menu, page, notice]


def test_every_label_is_plain_text(qtbot, gate):
    for page in all_pages(qtbot, gate, (1280, 720)):
        for label in page.findChildren(QLabel):
            assert label.textFormat() == Qt.TextFormat.PlainText


def test_the_shipped_font_draws_every_text(qtbot, gate):
    coverage = shipped_coverage() | {ZERO_WIDTH_SPACE, "\n"}
    for page in all_pages(qtbot, gate, (1280, 720)):
        for text in visible_texts(page):
            missing = {ch for ch in text if ch not in coverage}
            assert not missing, (text, missing)


def test_buttons_show_when_they_are_pressed_and_when_they_are_off(qtbot, gate):
    pad, menu, _page, _notice = all_pages(qtbot, gate, (1280, 720))
    for button in (pad.ok_key, pad.digit_keys["1"], menu.back_button, menu.exit_button):
        assert ":pressed" in button.styleSheet()
        assert ":disabled" in button.styleSheet()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)])
def test_pages_render_at_kiosk_sizes_without_qt_warnings(qtbot, gate, size, qtlog):
    for page in all_pages(qtbot, gate, size):
        image = page.grab().toImage()
        assert image.width() == size[0]
        for child in page.findChildren(QPushButton):
            if child.isVisibleTo(page):
                corner = child.mapTo(page, child.rect().bottomRight())
                assert page.rect().contains(corner), (child.objectName(), size)
    assert [r.message for r in qtlog.records if not any(n in r.message for n in PLATFORM_NOISE)] == []
