"""Related-card chips: finger-sized, text wrapped rather than cut, rows that wrap."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui import fonts
from kiosk.ui.chips import Chip, FlowLayout

LONG = "4.54万平方米  清理整改工人文化宫出租（承包）场地面积"


def make_chip(qtbot, text: str) -> Chip:
    chip = Chip()
    qtbot.addWidget(chip)
    chip.set_look("#f2c14e", fonts.font(24, bold=True), target=60, padding=20)
    chip.setText(text)
    return chip


def test_a_chip_is_at_least_a_finger_high(qtbot):
    chip = make_chip(qtbot, "7家")
    assert chip.sizeHint().height() >= 60
    assert chip.minimumSizeHint().height() >= 60


def test_a_chip_too_wide_for_its_row_wraps_its_text_instead_of_cutting_it(qtbot):
    chip = make_chip(qtbot, LONG)
    full = chip.sizeHint()
    narrow = full.width() // 2
    assert chip.heightForWidth(narrow) > full.height()
    assert chip.heightForWidth(full.width()) == full.height()


def test_chips_wrap_onto_a_new_row_when_the_width_runs_out(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    row = FlowLayout(holder, spacing=10)
    chips = [make_chip(qtbot, text) for text in ("7家  整改“三无”工人文化宫", "11家  整改收回工人文化宫", LONG)]
    for chip in chips:
        row.addWidget(chip)
    widest = max(chip.sizeHint().width() for chip in chips)
    holder.resize(widest, 400)
    holder.show()
    row.activate()
    tops = [chip.geometry().top() for chip in chips]
    assert len(set(tops)) >= 2
    assert all(holder.rect().contains(chip.geometry()) for chip in chips)
    assert row.heightForWidth(widest) > row.heightForWidth(sum(c.sizeHint().width() + 10 for c in chips))


def test_hidden_chips_take_no_room(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    row = FlowLayout(holder)
    first, second = make_chip(qtbot, "7家"), make_chip(qtbot, "11家")
    row.addWidget(first)
    row.addWidget(second)
    second.hide()
    assert row.heightForWidth(10_000) == first.sizeHint().height()


def test_a_chip_is_a_button(qtbot):
    chip = make_chip(qtbot, "7家")
    chip.show()
    with qtbot.wait_signal(chip.clicked, timeout=1000):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
