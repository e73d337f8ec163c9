"""The staff panel: the PIN pad lets staff in and keeps guessers out; the menu and diagnostics do what they say."""

from __future__ import annotations

import logging
import sys

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk import __version__
from kiosk.core.glyphs import shipped_coverage
from kiosk.core.model import ChartType, Theme
from kiosk.core.pin import FIRST_LOCK_S, FREE_ATTEMPTS, MIN_ITERATIONS, PinGate, hash_pin
from kiosk.core.stats import CardViews, StatsRecorder, Summary
from kiosk.ui.staff import (
    CANCEL_LABEL,
    DIGITS,
    LOCKED,
    NO_PIN_HOW,
    NO_PIN_TITLE,
    NO_STATS,
    NO_TOUCHES,
    PAUSE_LABEL,
    RECENT_ERRORS,
    RESUME_LABEL,
    SET_PIN_COMMAND,
    TOO_SHORT,
    TRY_AGAIN,
    ZERO_WIDTH_SPACE,
    DiagnosticsInfo,
    DiagnosticsPage,
    NoPinNotice,
    PinPad,
    RecentErrors,
    StaffMenu,
    StaffPanel,
    current_memory_mib,
    gather_diagnostics,
    touches_by_hour_chart,
    uptime_text,
    wait_text,
)
from kiosk.ui.touch import MIN_TOUCH_TARGET_MM, pixels_per_mm

PIN = "2468"
WRONG = "1357"
# The offscreen platform says this about every top-level window; it is not ours.
PLATFORM_NOISE = ("propagateSizeHints",)


@pytest.fixture(scope="module")
def record():
    """The cheapest hash the rules allow: these tests try many PINs."""
    return hash_pin(PIN, iterations=MIN_ITERATIONS)


@pytest.fixture
def gate(record, clock):
    return PinGate(record, clock=clock)


def shown(qtbot, widget: QWidget, size=(1280, 720)) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def pad(qtbot, gate):
    return shown(qtbot, PinPad(gate))


@pytest.fixture
def panel(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("UNION_KIOSK_HOME", str(tmp_path / "home"))
    return shown(qtbot, StaffPanel())


def tap_pin(qtbot, pad: PinPad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_key, Qt.MouseButton.LeftButton)


def visible_texts(widget: QWidget) -> list[str]:
    """What a person can read: visible labels and buttons."""
    found = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget) and w.text()]
    found += [w.text() for w in widget.findChildren(QPushButton) if w.isVisibleTo(widget)]
    return [text.replace(ZERO_WIDTH_SPACE, "") for text in found]


def summary(touches_by_hour=(0,) * 24, **changes) -> Summary:
    values = {
        "since": None,
        "card_views": 12,
        "detail_views": 3,
        "touches": sum(touches_by_hour),
        "returns": {"idle": 2},
        "most_viewed": (CardViews("cultural-palaces", 7, 70.0), CardViews("publicity", 5, 50.0)),
        "most_touched": (),
        "touches_by_hour": tuple(touches_by_hour),
        "average_card_seconds": 10.0,
        "average_detail_seconds": None,
    }
    values.update(changes)
    return Summary(**values)


BUSY_HOURS = tuple(3 if hour in (9, 10, 15) else 0 for hour in range(24))
INFO = DiagnosticsInfo(
    version=__version__,
    bundle_id="acftu-2023",
    bundle_title="中国工会数字展",
    data_as_of="2023-10",
    bundle_path="/srv/kiosk/bundles/acftu-2023",
    uptime_s=2 * 86400 + 3 * 3600 + 5 * 60,
    memory_mib=187.25,
    last_errors=["05-14 09:30:12 警告 kiosk.ui.reload: 数据包有问题", "05-14 09:31:00 错误 kiosk: 后来的错误"],
    summary=summary(BUSY_HOURS),
    card_titles={"cultural-palaces": "112家 工人文化宫"},
)


# ---------------------------------------------------------------- PIN pad


def test_the_right_pin_opens_the_menu(qtbot, panel, gate):
    panel.open(gate)
    assert panel.current is panel.pin_pad
    with qtbot.wait_signal(panel.pin_pad.accepted):
        tap_pin(qtbot, panel.pin_pad, PIN)
    assert panel.current is panel.menu


def test_a_wrong_pin_says_how_many_tries_are_left(qtbot, pad):
    with qtbot.assert_not_emitted(pad.accepted):
        tap_pin(qtbot, pad, WRONG)
    assert pad.message.text() == f"PIN 错误，还可以再试 {FREE_ATTEMPTS - 1} 次"
    assert pad.entered_digits == 0
    tap_pin(qtbot, pad, WRONG)
    assert pad.message.text() == f"PIN 错误，还可以再试 {FREE_ATTEMPTS - 2} 次"


def test_three_wrong_pins_lock_the_pad_until_the_time_has_passed(qtbot, pad, clock):
    for _ in range(FREE_ATTEMPTS):
        tap_pin(qtbot, pad, WRONG)
    assert pad.message.text() == LOCKED.format(wait="30 秒") == "错误次数过多，请 30 秒后再试"
    assert pad.lock_timer.isActive()
    assert not any(key.isEnabled() for key in pad.digit_keys.values())
    assert not pad.ok_key.isEnabled()
    assert pad.cancel_key.isEnabled()

    with qtbot.assert_not_emitted(pad.accepted):
        for digit in PIN:  # the right PIN, typed and pressed while locked: refused
            pad.press_digit(digit)
        qtbot.keyClicks(pad, PIN)
        pad.submit()
    assert pad.entered_digits == 0

    clock.advance(10)
    pad.lock_timer.timeout.emit()
    assert pad.message.text() == "错误次数过多，请 20 秒后再试"
    clock.advance(FIRST_LOCK_S - 10)
    pad.lock_timer.timeout.emit()
    assert not pad.lock_timer.isActive()
    assert pad.message.text() == TRY_AGAIN
    assert all(key.isEnabled() for key in pad.digit_keys.values())
    with qtbot.wait_signal(pad.accepted):
        tap_pin(qtbot, pad, PIN)


def test_the_lock_holds_when_the_panel_is_closed_and_opened_again(qtbot, panel, gate):
    panel.open(gate)
    for _ in range(FREE_ATTEMPTS):
        tap_pin(qtbot, panel.pin_pad, WRONG)
    with qtbot.wait_signal(panel.closed):
        qtbot.mouseClick(panel.pin_pad.cancel_key, Qt.MouseButton.LeftButton)
    assert not panel.pin_pad.lock_timer.isActive()  # nothing keeps running while closed
    panel.open(gate)
    assert panel.pin_pad.locked
    assert panel.pin_pad.message.text().startswith("错误次数过多")
    assert panel.pin_pad.lock_timer.isActive()


def test_a_pin_too_short_is_not_tried(qtbot, pad):
    tap_pin(qtbot, pad, "24")
    assert pad.message.text() == TOO_SHORT
    tap_pin(qtbot, pad, PIN)  # no try was used up
    assert pad.message.text() == ""


def test_typed_digits_are_never_shown_only_dots(qtbot, pad):
    for digit in "2579":
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    assert pad.entered_digits == 4
    labels = [label.text() for label in pad.findChildren(QLabel)]
    assert not any(ch in DIGITS for text in labels for ch in text)
    assert pad.dots.text().count("●") == 4
    qtbot.mouseClick(pad.ok_key, Qt.MouseButton.LeftButton)
    assert not any("2579" in label.text() for label in pad.findChildren(QLabel))


def test_the_keyboard_types_deletes_enters_and_cancels(qtbot, pad):
    qtbot.keyClicks(pad, PIN + "9")
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.entered_digits == len(PIN)
    with qtbot.wait_signal(pad.accepted):
        qtbot.keyClick(pad, Qt.Key.Key_Return)
    qtbot.keyClicks(pad, PIN)
    with qtbot.wait_signal(pad.accepted):
        qtbot.keyClick(pad, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.keyClicks(pad, "12")
    with qtbot.wait_signal(pad.cancelled):
        qtbot.keyClick(pad, Qt.Key.Key_Escape)
    assert pad.entered_digits == 0


def test_the_delete_key_takes_back_one_digit(qtbot, pad):
    for digit in "123":
        pad.press_digit(digit)
    qtbot.mouseClick(pad.delete_key, Qt.MouseButton.LeftButton)
    assert pad.entered_digits == 2


def test_no_more_than_eight_digits_are_taken(pad):
    for _ in range(12):
        pad.press_digit("1")
    assert pad.entered_digits == 8


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1080, 1920), (800, 480)])
def test_pin_keys_are_at_least_nine_millimetres(qtbot, gate, size):
    pad = shown(qtbot, PinPad(gate), size)
    keys = [*pad.digit_keys.values(), pad.delete_key, pad.ok_key, pad.cancel_key]
    minimum = MIN_TOUCH_TARGET_MM * pixels_per_mm(pad)
    assert all(key.height() >= minimum and key.width() >= minimum for key in keys)
    assert all(pad.rect().contains(key.mapTo(pad, key.rect().bottomRight())) for key in keys)


def test_pin_keys_grow_with_the_screen(qtbot, gate):
    small = shown(qtbot, PinPad(gate), (1280, 720))
    large = shown(qtbot, PinPad(gate), (1920, 1080))
    assert large.ok_key.height() > small.ok_key.height()
    assert large.ok_key.font().pixelSize() > small.ok_key.font().pixelSize()


def test_the_lock_wait_reads_in_seconds_then_minutes():
    assert wait_text(30.0) == "30 秒"
    assert wait_text(29.2) == "30 秒"
    assert wait_text(0.1) == "1 秒"
    assert wait_text(125) == "2 分 05 秒"


# ---------------------------------------------------------------- no PIN


def test_without_a_pin_the_panel_says_how_to_set_one(qtbot, panel):
    from kiosk.core.settings import settings_path

    panel.open(None)
    assert panel.current is panel.notice
    texts = visible_texts(panel.notice)
    assert texts[:3] == [NO_PIN_TITLE, NO_PIN_HOW, SET_PIN_COMMAND]
    assert "。".join(texts[:2]) + texts[2] == "尚未设置管理密码。请在这台电脑上运行：union-kiosk set-pin"
    assert str(settings_path()) in texts
    with qtbot.wait_signal(panel.closed):
        qtbot.mouseClick(panel.notice.close_button, Qt.MouseButton.LeftButton)
    assert not panel.is_open


def test_the_notice_shows_the_path_it_is_given(qtbot):
    notice = shown(qtbot, NoPinNotice(config_path="/etc/union-kiosk/kiosk.yaml"))
    assert "/etc/union-kiosk/kiosk.yaml" in visible_texts(notice)


# ---------------------------------------------------------------- menu


@pytest.fixture
def menu_panel(qtbot, panel, gate):
    panel.open(gate)
    tap_pin(qtbot, panel.pin_pad, PIN)
    assert panel.current is panel.menu
    return panel


@pytest.mark.parametrize(
    ("button", "signal"),
    [("exit_button", "exit_requested"), ("reload_button", "reload_requested"), ("pause_button", "pause_toggled")],
)
def test_menu_buttons_ask_the_window_through_the_panels_signals(qtbot, menu_panel, button, signal):
    with qtbot.wait_signal(getattr(menu_panel, signal)):
        qtbot.mouseClick(getattr(menu_panel.menu, button), Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("exit_button", "exit_requested"),
        ("reload_button", "reload_requested"),
        ("pause_button", "pause_toggled"),
        ("diagnostics_button", "diagnostics_requested"),
        ("back_button", "closed"),
    ],
)
def test_every_menu_button_emits_its_signal(qtbot, button, signal):
    menu = shown(qtbot, StaffMenu())
    with qtbot.wait_signal(getattr(menu, signal)):
        qtbot.mouseClick(getattr(menu, button), Qt.MouseButton.LeftButton)


def test_the_pause_button_offers_the_opposite_of_the_state(qtbot, menu_panel):
    assert menu_panel.menu.pause_button.text() == PAUSE_LABEL
    menu_panel.pause_toggled.connect(lambda: menu_panel.set_paused(not menu_panel.menu.paused))  # as the window does
    qtbot.mouseClick(menu_panel.menu.pause_button, Qt.MouseButton.LeftButton)
    assert menu_panel.menu.pause_button.text() == RESUME_LABEL
    qtbot.mouseClick(menu_panel.menu.pause_button, Qt.MouseButton.LeftButton)
    assert menu_panel.menu.pause_button.text() == PAUSE_LABEL


def test_back_from_the_menu_closes_the_panel(qtbot, menu_panel):
    with qtbot.wait_signal(menu_panel.closed):
        qtbot.mouseClick(menu_panel.menu.back_button, Qt.MouseButton.LeftButton)
    assert not menu_panel.is_open


def test_diagnostics_open_from_the_menu_and_go_back_to_it(qtbot, menu_panel):
    menu_panel.diagnostics_provider = lambda: INFO
    qtbot.mouseClick(menu_panel.menu.diagnostics_button, Qt.MouseButton.LeftButton)
    assert menu_panel.current is menu_panel.diagnostics
    assert menu_panel.diagnostics.info is INFO
    qtbot.mouseClick(menu_panel.diagnostics.back_button, Qt.MouseButton.LeftButton)
    assert menu_panel.current is menu_panel.menu
    assert menu_panel.is_open


def test_a_failing_diagnostics_provider_still_shows_the_page(qtbot, menu_panel):
    def broken() -> DiagnosticsInfo:
        raise RuntimeError("stats gone")

    menu_panel.diagnostics_provider = broken
    menu_panel.show_diagnostics()
    assert menu_panel.current is menu_panel.diagnostics
    assert any("stats gone" in text for text in visible_texts(menu_panel.diagnostics))


def test_a_panel_left_alone_closes_itself(qtbot, menu_panel):
    assert menu_panel.idle_timer.isActive()
    with qtbot.wait_signal(menu_panel.closed):
        menu_panel.idle_timer.timeout.emit()
    assert not menu_panel.is_open
    assert not menu_panel.idle_timer.isActive()


def test_a_touch_keeps_the_panel_open(qtbot, menu_panel):
    menu_panel.idle_timer.stop()
    qtbot.mousePress(menu_panel.menu, Qt.MouseButton.LeftButton)
    assert menu_panel.idle_timer.isActive()


def test_hiding_the_panel_closes_it(qtbot, menu_panel):
    with qtbot.wait_signal(menu_panel.closed):
        menu_panel.hide()
    assert not menu_panel.idle_timer.isActive()


# ---------------------------------------------------------------- diagnostics


def test_diagnostics_show_version_bundle_uptime_memory_and_errors(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(INFO)
    texts = "\n".join(visible_texts(page))
    for expected in (
        __version__,
        "中国工会数字展（acftu-2023）",
        "2023-10",
        "/srv/kiosk/bundles/acftu-2023",
        "2天3小时05分",
        "187.2 MiB",
        "卡片播放 12 次",
        "cultural-palaces（112家 工人文化宫）  7 次",
        "publicity  5 次",
    ):
        assert expected in texts
    errors = page.values["errors"].text()
    assert errors.index("后来的错误") < errors.index("数据包有问题")  # newest first


def test_diagnostics_chart_touches_per_hour_when_there_are_any(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(INFO)
    assert page.showing_chart
    assert not page.no_stats.isVisibleTo(page)
    chart = page.chart_view.chart
    assert chart.type is ChartType.BAR
    assert chart.categories[0] == "0时"
    assert chart.categories[-1] == "23时"
    assert [figure.text() for figure in chart.series[0].values][9] == "3次"
    assert len(page.chart_view.bars()) == 24
    shown_values = [
        item.toPlainText()
        for item in page.chart_view.plot_item.scene().items()
        if isinstance(item, pg.TextItem) and item.isVisible()
    ]
    assert sorted(shown_values) == ["3次", "3次", "3次"]  # no 0次 over the quiet hours


def test_diagnostics_without_statistics_say_so_instead_of_a_chart(qtbot):
    page = shown(qtbot, DiagnosticsPage())
    page.show_info(DiagnosticsInfo())
    assert not page.showing_chart
    assert page.no_stats.isVisibleTo(page)
    assert page.no_stats.text() == NO_STATS
    assert page.values["memory"].text() == "未知"

    page.show_info(INFO)
    assert page.showing_chart
    page.show_info(DiagnosticsInfo(summary=summary()))  # cards played, nobody touched
    assert not page.showing_chart
    assert page.no_stats.text() == NO_TOUCHES


def test_the_hours_chart_has_a_bar_per_hour_in_times():
    chart = touches_by_hour_chart(summary(BUSY_HOURS))
    assert len(chart.categories) == len(chart.series[0].values) == 24
    assert chart.series[0].values[0].text() == "0次"


def test_uptime_reads_in_days_hours_and_minutes():
    assert uptime_text(42) == "42.0秒"
    assert uptime_text(3 * 3600 + 5 * 60) == "3小时05分"
    assert uptime_text(86400 + 60) == "1天0小时01分"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="resident memory comes from /proc")
def test_memory_is_the_resident_size_on_linux():
    mib = current_memory_mib()
    assert mib is not None
    assert 10 < mib < 10_000


def test_gathered_diagnostics_come_from_the_bundle_and_statistics(bundle, tmp_path, clock):
    errors = RecentErrors()
    errors.handle(logging.makeLogRecord({"levelno": logging.WARNING, "levelname": "WARNING", "msg": "坏了"}))
    with StatsRecorder(tmp_path / "stats.sqlite3", clock=clock) as stats:
        stats.touched()
        stats.card_shown(bundle.manifest.cards[0].id)
        info = gather_diagnostics(bundle, uptime_s=61, errors=errors, stats=stats)
    assert info.bundle_id == bundle.manifest.id
    assert info.bundle_path == str(bundle.files.location)
    assert info.summary is not None
    assert info.summary.touches == 1
    assert info.card_titles[bundle.manifest.cards[0].id].endswith(bundle.manifest.cards[0].label)
    assert any(line.endswith("坏了") for line in info.last_errors)


# ---------------------------------------------------------------- recent errors


def test_recent_errors_keep_the_last_twenty_warnings_one_line_each():
    logger = logging.getLogger("tests.staff.recent")
    logger.propagate = False
    errors = RecentErrors().attach(logger)
    try:
        logger.info("not kept")
        for n in range(RECENT_ERRORS + 5):
            logger.warning("warning %d", n)
        try:
            raise ValueError("bad value")
        except ValueError:
            logger.exception("it failed")
    finally:
        errors.detach(logger)
        logger.propagate = True
    lines = errors.messages()
    assert len(lines) == RECENT_ERRORS
    assert not any("not kept" in line for line in lines)
    assert "warning 6" in lines[0]
    assert lines[-1].endswith("it failed（ValueError: bad value）")
    assert "\n" not in lines[-1]  # no traceback on screen
    errors.clear()
    assert errors.messages() == []


def test_recent_errors_leave_the_traceback_for_the_other_handlers():
    logger = logging.getLogger("tests.staff.others")
    logger.propagate = False
    errors = RecentErrors().attach(logger)
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(logging.Formatter().format(record))

    other = Keep()
    logger.addHandler(other)
    try:
        try:
            raise KeyError("k")
        except KeyError:
            logger.exception("boom")
    finally:
        logger.removeHandler(other)
        errors.detach(logger)
        logger.propagate = True
    assert "Traceback" in seen[0]


# ---------------------------------------------------------------- look


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


def test_themes_apply_to_every_page(qtbot, panel, gate):
    panel.open(gate)
    theme = Theme(background="#123456", gold="#ABCDEF")
    panel.set_theme(theme)
    assert all(page.theme == theme for page in (panel.pin_pad, panel.notice, panel.menu, panel.diagnostics))
    assert "#ABCDEF" in panel.pin_pad.ok_key.styleSheet()


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


def test_cancel_is_labelled_in_words(pad):
    assert pad.cancel_key.text() == CANCEL_LABEL
