"""Running unattended: lockdown, screen blanking, one instance, watchdog, logs, recovery."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QTimer, qWarning
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
    QPointingDevice,
    QShortcut,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk import logs
from kiosk.core.model import Theme
from kiosk.core.watchdog import SystemdNotifier
from kiosk.ui import screensaver
from kiosk.ui.heartbeat import WatchdogHeartbeat
from kiosk.ui.lockdown import CURSOR_HIDE_MS, KioskLockdown
from kiosk.ui.recovery import RECOVERY_MS, RecoveryScreen
from kiosk.ui.screensaver import Inhibitor, ScreenSaverError, inhibit_screen_blanking
from kiosk.ui.single import acquire_single_instance

# ====================================================================== lockdown


MODIFIER_KEYS = {Qt.Key.Key_Alt, Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Meta}


class Recorder(QWidget):
    """A stand-in kiosk window noting what reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []
        self.menus = 0
        self.drags = 0
        self.setAcceptDrops(True)

    def keyPressEvent(self, event) -> None:
        if event.key() not in MODIFIER_KEYS:
            self.keys.append(event.key())

    def contextMenuEvent(self, _event) -> None:
        self.menus += 1

    def dragEnterEvent(self, event) -> None:
        self.drags += 1
        event.acceptProposedAction()


@pytest.fixture
def window(qtbot):
    widget = Recorder()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def lockdown(window):
    locked = KioskLockdown(window)
    locked.install()
    yield locked
    locked.remove()
    assert QGuiApplication.overrideCursor() is None  # every hide was matched by a restore


def mouse_move(widget: QWidget, device: QPointingDevice) -> None:
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(20, 20),
        QPointF(widget.mapToGlobal(QPoint(20, 20))),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        device,
    )
    QApplication.sendEvent(widget, event)


def right_click(widget: QWidget) -> QContextMenuEvent:
    return QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse,
        QPoint(10, 10),
        widget.mapToGlobal(QPoint(10, 10)),
        Qt.KeyboardModifier.NoModifier,
    )


def cursor_is_blank() -> bool:
    cursor = QGuiApplication.overrideCursor()
    return cursor is not None and cursor.shape() == Qt.CursorShape.BlankCursor


def test_closing_the_kiosk_window_is_refused(window, lockdown):
    assert not window.close()
    assert window.isVisible()


def test_the_staff_exit_lets_the_window_close(window, lockdown):
    lockdown.allow_close()
    assert window.close()


def test_quitting_the_application_lets_the_window_close(window, lockdown):
    """SIGTERM's app.quit() asks every window to close first (Qt 6): it must not be refused."""
    assert not lockdown.eventFilter(QApplication.instance(), QEvent(QEvent.Type.Quit))
    assert window.close()


QUIT_UNDER_LOCKDOWN = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from kiosk.ui.lockdown import KioskLockdown
app = QApplication([])
window = QWidget()
window.show()
lockdown = KioskLockdown(window)
lockdown.install()
QTimer.singleShot(50, lambda: print("refused", not window.close(), flush=True))
QTimer.singleShot(100, app.quit)
QTimer.singleShot(5000, lambda: app.exit(3))  # quit() was blocked
print("exit", app.exec(), "visible", window.isVisible(), flush=True)
lockdown.remove()
"""


def test_app_quit_still_ends_a_locked_kiosk():
    """What SIGTERM does, in a real event loop (its own process: quit() ends the loop for good)."""
    result = subprocess.run(
        [sys.executable, "-c", QUIT_UNDER_LOCKDOWN],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).parents[2],
        timeout=60,
        check=False,
    )
    assert result.stdout.split("\n")[:2] == ["refused True", "exit 0 visible False"], result.stderr


def test_alt_f4_escape_and_f11_are_swallowed(qtbot, window, lockdown):
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(window, Qt.Key.Key_F4)  # without Alt it is just a key
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.keys == [Qt.Key.Key_F4, Qt.Key.Key_Right]


def test_swallowed_keys_trigger_no_shortcut_either(qtbot, window):
    fired = []
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_F11), window)
    shortcut.activated.connect(lambda: fired.append("F11"))
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert fired == ["F11"]  # the shortcut works at all

    locked = KioskLockdown(window)
    locked.install()
    try:
        qtbot.keyClick(window, Qt.Key.Key_F11)
    finally:
        locked.remove()
    assert fired == ["F11"]


def test_context_menus_are_refused(window, lockdown):
    QApplication.sendEvent(window, right_click(window))
    assert window.menus == 0
    lockdown.remove()
    QApplication.sendEvent(window, right_click(window))
    assert window.menus == 1


def test_drops_are_refused(window, lockdown):
    data = QMimeData()
    data.setText("a file from a USB stick")
    event = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)
    assert window.drags == 0
    assert not event.isAccepted()


def test_labels_cannot_be_selected(window, lockdown):
    label = QLabel("全省已建立基层工会", window)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.show()
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction


def test_a_resting_mouse_cursor_is_hidden_and_comes_back_when_moved(window, lockdown):
    assert lockdown.cursor_timer.isActive()
    assert lockdown.cursor_timer.interval() == CURSOR_HIDE_MS
    lockdown.cursor_timer.timeout.emit()  # three seconds without moving
    assert cursor_is_blank()
    mouse_move(window, QPointingDevice.primaryPointingDevice())
    assert QGuiApplication.overrideCursor() is None
    assert lockdown.cursor_timer.isActive()  # counting again
    lockdown.cursor_timer.timeout.emit()
    lockdown.cursor_timer.timeout.emit()  # hiding twice stacks nothing
    assert cursor_is_blank()


def test_a_touch_hides_the_cursor_at_once(window, lockdown, touchscreen):
    assert QGuiApplication.overrideCursor() is None
    QTest.touchEvent(window, touchscreen).press(0, QPoint(50, 50)).commit()
    QTest.touchEvent(window, touchscreen).release(0, QPoint(50, 50)).commit()
    assert cursor_is_blank()
    assert not lockdown.cursor_timer.isActive()


def test_mouse_events_made_from_a_touch_keep_the_cursor_hidden(window, lockdown, touchscreen):
    mouse_move(window, touchscreen)
    assert cursor_is_blank()


def test_removing_the_lockdown_gives_the_cursor_back(window, lockdown):
    lockdown.hide_cursor()
    lockdown.remove()
    assert QGuiApplication.overrideCursor() is None
    assert window.close()


def test_the_lockdown_says_once_what_it_does(window, caplog):
    with caplog.at_level(logging.INFO, logger="kiosk.ui.lockdown"):
        locked = KioskLockdown(window)
        locked.install()
        locked.install()
        locked.remove()
    assert len([r for r in caplog.records if "kiosk lockdown on" in r.getMessage()]) == 1


# ====================================================================== screen blanking


class FakeScreenSaver:
    def __init__(self, answers: dict[str, int | None]) -> None:
        self.answers = answers
        self.calls: list[tuple] = []

    def inhibit(self, path, application, reason):
        self.calls.append(("Inhibit", path, application, reason))
        cookie = self.answers.get(path)
        if cookie is None:
            raise ScreenSaverError("org.freedesktop.DBus.Error.UnknownObject")
        return cookie

    def uninhibit(self, path, cookie):
        self.calls.append(("UnInhibit", path, cookie))


def screensaver_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "kiosk.ui.screensaver"]


def test_without_a_session_bus_blanking_is_logged_and_nothing_is_held(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    from PySide6.QtDBus import QDBusConnection

    if QDBusConnection.sessionBus().isConnected():
        pytest.skip("this process already has a session bus")
    with caplog.at_level(logging.INFO, logger="kiosk.ui.screensaver"):
        inhibitor = inhibit_screen_blanking("showing the union's figures", platform="linux")
        inhibitor.release()
    assert not inhibitor.active
    lines = screensaver_lines(caplog)
    assert len(lines) == 1
    assert "not inhibited" in lines[0]
    assert "session bus" in lines[0]


def test_the_screensaver_service_is_asked_and_released_with_its_cookie(caplog):
    fake = FakeScreenSaver({"/org/freedesktop/ScreenSaver": 17})
    with caplog.at_level(logging.INFO, logger="kiosk.ui.screensaver"):
        inhibitor = inhibit_screen_blanking("kiosk", platform="linux", screensaver_bus=lambda: fake)
    assert inhibitor.active
    assert inhibitor.method == "org.freedesktop.ScreenSaver"
    assert fake.calls == [("Inhibit", "/org/freedesktop/ScreenSaver", "union-kiosk", "kiosk")]
    assert len(screensaver_lines(caplog)) == 1
    inhibitor.release()
    inhibitor.release()
    assert fake.calls[1:] == [("UnInhibit", "/org/freedesktop/ScreenSaver", 17)]
    assert not inhibitor.active


def test_the_older_screensaver_path_is_tried_too():
    fake = FakeScreenSaver({"/ScreenSaver": 5})
    inhibitor = inhibit_screen_blanking("kiosk", platform="linux", screensaver_bus=lambda: fake)
    assert [call[1] for call in fake.calls] == ["/org/freedesktop/ScreenSaver", "/ScreenSaver"]
    inhibitor.release()
    assert fake.calls[-1] == ("UnInhibit", "/ScreenSaver", 5)


def test_no_screensaver_service_means_one_warning_and_no_inhibitor(caplog):
    fake = FakeScreenSaver({})
    with caplog.at_level(logging.INFO, logger="kiosk.ui.screensaver"):
        inhibitor = inhibit_screen_blanking("kiosk", platform="linux", screensaver_bus=lambda: fake)
    assert not inhibitor.active
    assert len(screensaver_lines(caplog)) == 1


def test_a_failing_bus_never_raises(caplog):
    def broken():
        raise RuntimeError("QtDBus exploded")

    inhibitor = inhibit_screen_blanking("kiosk", platform="linux", screensaver_bus=broken)
    assert not inhibitor.active
    assert "QtDBus exploded" in screensaver_lines(caplog)[0]


class FakeKernel32:
    def __init__(self, answer: int = 0x80000000) -> None:
        self.answer = answer
        self.states: list[int] = []

    def SetThreadExecutionState(self, flags: int) -> int:
        self.states.append(flags)
        return self.answer


def test_windows_keeps_display_and_system_awake_until_released():
    kernel32 = FakeKernel32()
    inhibitor = inhibit_screen_blanking("kiosk", platform="win32", kernel32=kernel32)
    assert inhibitor.active
    assert kernel32.states == [
        screensaver.ES_CONTINUOUS | screensaver.ES_DISPLAY_REQUIRED | screensaver.ES_SYSTEM_REQUIRED
    ]
    inhibitor.release()
    assert kernel32.states[-1] == screensaver.ES_CONTINUOUS


def test_windows_refusing_gives_no_inhibitor():
    assert not inhibit_screen_blanking("kiosk", platform="win32", kernel32=FakeKernel32(answer=0)).active


class FakeProcess:
    pid = 4711

    def __init__(self) -> None:
        self.terminated = False

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout=None) -> int:
        return 0


def test_macos_runs_caffeinate_tied_to_our_pid():
    commands, process = [], FakeProcess()

    def spawn(command):
        commands.append(command)
        return process

    inhibitor = inhibit_screen_blanking("kiosk", platform="darwin", spawn=spawn)
    assert commands == [[screensaver.CAFFEINATE, "-d", "-i", "-w", str(os.getpid())]]
    inhibitor.release()
    assert process.terminated


def test_macos_without_caffeinate_gives_no_inhibitor():
    def spawn(_command):
        raise FileNotFoundError("caffeinate")

    assert not inhibit_screen_blanking("kiosk", platform="darwin", spawn=spawn).active


def test_other_systems_get_a_no_op(caplog):
    with caplog.at_level(logging.INFO, logger="kiosk.ui.screensaver"):
        inhibitor = inhibit_screen_blanking("kiosk", platform="sunos5")
    assert isinstance(inhibitor, Inhibitor)
    assert not inhibitor.active
    assert len(screensaver_lines(caplog)) == 1


FAKE_SCREENSAVER_SERVICE = """
import dbus, dbus.service, dbus.mainloop.glib
from gi.repository import GLib
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
class ScreenSaver(dbus.service.Object):
    @dbus.service.method("org.freedesktop.ScreenSaver", in_signature="ss", out_signature="u")
    def Inhibit(self, application, reason):
        print("Inhibit", application, reason, flush=True)
        return dbus.UInt32(4242)
    @dbus.service.method("org.freedesktop.ScreenSaver", in_signature="u", out_signature="")
    def UnInhibit(self, cookie):
        print("UnInhibit", type(cookie).__name__, int(cookie), flush=True)
bus = dbus.SessionBus()
name = dbus.service.BusName("org.freedesktop.ScreenSaver", bus)
ScreenSaver(bus, "/org/freedesktop/ScreenSaver")
print("ready", flush=True)
GLib.MainLoop().run()
"""

KIOSK_SIDE = """
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from kiosk.ui.screensaver import inhibit_screen_blanking
inhibitor = inhibit_screen_blanking("integration test")
print("active", inhibitor.active, flush=True)
inhibitor.release()
"""


def _system_python_with_dbus() -> str | None:
    python = shutil.which("python3", path="/usr/bin")
    if python is None or shutil.which("dbus-daemon") is None:
        return None
    probe = subprocess.run([python, "-c", "import dbus, gi"], capture_output=True, check=False)
    return python if probe.returncode == 0 else None


@pytest.mark.skipif(_system_python_with_dbus() is None, reason="needs dbus-daemon and python3-dbus")
def test_a_real_session_bus_gets_inhibit_and_a_uint32_cookie_back(tmp_path):
    """GNOME's service refuses an int32 cookie; the kiosk must send UnInhibit(uint32)."""
    system_python = _system_python_with_dbus()
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    service = None
    try:
        address = daemon.stdout.readline().strip()
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen"}
        service = subprocess.Popen(
            [system_python, "-c", FAKE_SCREENSAVER_SERVICE], stdout=subprocess.PIPE, env=env, text=True
        )
        assert service.stdout.readline().strip() == "ready"
        kiosk = subprocess.run(
            [sys.executable, "-c", KIOSK_SIDE],
            capture_output=True,
            text=True,
            env=env,
            cwd=Path(__file__).parents[2],
            timeout=60,
            check=False,
        )
        assert "active True" in kiosk.stdout, kiosk.stderr
        assert service.stdout.readline().strip() == "Inhibit union-kiosk integration test"
        assert service.stdout.readline().strip() == "UnInhibit UInt32 4242"
    finally:
        if service is not None:
            service.kill()
            service.wait()
        daemon.kill()
        daemon.wait()
        daemon.stdout.close()


# ====================================================================== one instance


def test_a_second_kiosk_does_not_get_the_lock(tmp_path):
    first = acquire_single_instance(tmp_path / "run")
    assert first is not None and first.isLocked()
    assert acquire_single_instance(tmp_path / "run") is None
    first.unlock()
    again = acquire_single_instance(tmp_path / "run")
    assert again is not None and again.isLocked()
    again.unlock()


LOCK_HOLDER = """
import sys, time
from PySide6.QtCore import QCoreApplication, QLockFile
app = QCoreApplication([])
lock = QLockFile(sys.argv[1])
assert lock.tryLock(0)
print("locked", flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_the_lock_of_a_killed_kiosk_is_taken_over(tmp_path):
    lock_path = tmp_path / "union-kiosk.lock"
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(lock_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert acquire_single_instance(tmp_path) is None  # alive: it keeps the lock
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    assert lock_path.exists()  # a crash leaves the file behind
    lock = acquire_single_instance(tmp_path)
    assert lock is not None and lock.isLocked()
    lock.unlock()


def test_a_lock_file_naming_a_dead_pid_is_taken_over(tmp_path):
    from PySide6.QtCore import QSysInfo

    dead_pid = 2**30  # beyond any pid_max
    (tmp_path / "union-kiosk.lock").write_text(f"{dead_pid}\nunion-kiosk\n{QSysInfo.machineHostName()}\n")
    lock = acquire_single_instance(tmp_path)
    assert lock is not None and lock.isLocked()
    lock.unlock()


# ====================================================================== watchdog heartbeat


def test_the_heartbeat_pings_the_watchdog_from_the_event_loop(systemd_socket):
    path, server = systemd_socket
    env = {"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}
    notifier = SystemdNotifier.from_env(env)
    heartbeat = WatchdogHeartbeat(notifier)
    assert heartbeat.timer.objectName() == "watchdog_timer"
    assert heartbeat.start()
    assert heartbeat.timer.interval() == 15_000
    assert server.recv(64) == b"WATCHDOG=1"  # one at once
    heartbeat.timer.timeout.emit()
    assert server.recv(64) == b"WATCHDOG=1"
    heartbeat.stop()
    assert not heartbeat.timer.isActive()
    notifier.close()


def test_without_a_watchdog_the_heartbeat_stays_off():
    heartbeat = WatchdogHeartbeat(SystemdNotifier.from_env({}))
    assert not heartbeat.start()
    assert not heartbeat.timer.isActive()


# ====================================================================== logs and errors


@pytest.fixture
def log_file(tmp_path):
    path = logs.setup_file_logging(tmp_path / "logs")
    yield path
    logs.close_file_logging()


def test_logs_go_to_a_rotating_file(log_file, tmp_path):
    assert log_file == tmp_path / "logs" / "union-kiosk.log"
    logging.getLogger("kiosk.test").warning("卡片 %s 缺少图片", "grassroots-unions")
    handlers = [h for h in logging.getLogger().handlers if h.get_name() == logs.FILE_HANDLER_NAME]
    assert len(handlers) == 1
    assert handlers[0].maxBytes == 2 * 1024 * 1024
    assert handlers[0].backupCount == 5
    handlers[0].flush()
    assert "卡片 grassroots-unions 缺少图片" in log_file.read_text(encoding="utf-8")


def test_setting_up_file_logging_twice_keeps_one_file_handler(log_file):
    logs.setup_file_logging(log_file.parent)
    assert len([h for h in logging.getLogger().handlers if h.get_name() == logs.FILE_HANDLER_NAME]) == 1


def test_qt_messages_reach_the_qt_logger(caplog):
    undo = logs.install_qt_message_handler()
    try:
        with caplog.at_level(logging.DEBUG, logger="qt"):
            qWarning("the platform plugin is unhappy")
    finally:
        undo()
    records = [r for r in caplog.records if r.name == "qt"]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "the platform plugin is unhappy" in records[0].getMessage()


def test_an_exception_in_a_qt_slot_is_logged_and_handed_to_the_window(qtbot, caplog, log_file):
    errors: list[BaseException] = []
    undo = logs.install_excepthook(errors.append)

    def broken_slot() -> None:
        raise RuntimeError("a card without a number")

    try:
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(errors))
    finally:
        undo()
    assert isinstance(errors[0], RuntimeError)
    critical = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert critical and critical[0].exc_info is not None
    written = log_file.read_text(encoding="utf-8")
    assert "Traceback" in written
    assert "a card without a number" in written


def test_the_excepthook_survives_without_stderr_and_a_failing_handler(monkeypatch, caplog):
    monkeypatch.setattr(sys, "stderr", None)

    def failing(_exc):
        raise ValueError("the recovery screen broke")

    undo = logs.install_excepthook(failing)
    try:
        try:
            raise RuntimeError("first")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        undo()
    messages = [r.getMessage() for r in caplog.records]
    assert any("first" in m for m in messages)
    assert any("recovering from the unhandled exception failed too" in m for m in messages)


def test_an_exception_in_another_thread_is_logged_but_leaves_the_widgets_alone(caplog):
    errors: list[BaseException] = []
    undo = logs.install_excepthook(errors.append)

    def work() -> None:
        raise OSError("the network share went away")

    try:
        worker = threading.Thread(target=work, name="bundle-copy")
        worker.start()
        worker.join()
    finally:
        undo()
    assert errors == []
    record = next(r for r in caplog.records if "bundle-copy" in r.getMessage())
    assert record.levelno == logging.CRITICAL
    assert record.exc_info[0] is OSError


def test_install_excepthook_can_be_undone():
    before = sys.excepthook
    undo = logs.install_excepthook(lambda _exc: None)
    assert sys.excepthook is not before
    undo()
    assert sys.excepthook is before


# ====================================================================== recovery screen


def test_the_recovery_screen_finishes_when_its_time_is_up(qtbot):
    screen = RecoveryScreen()
    qtbot.addWidget(screen)
    screen.start()
    assert screen.running
    assert screen.timer.interval() == RECOVERY_MS
    assert screen.timer.isSingleShot()
    with qtbot.waitSignal(screen.finished, timeout=1000):
        screen.timer.timeout.emit()


def test_the_recovery_screen_is_drawn_in_the_theme_colours(qtbot):
    theme = Theme()
    screen = RecoveryScreen(theme=theme)
    qtbot.addWidget(screen)
    screen.resize(800, 450)
    image = screen.grab().toImage()
    corner = image.pixelColor(2, 2)
    background = QGuiApplication.palette().window().color()  # what an unpainted widget shows
    assert corner != background
    assert abs(corner.red() - int(theme.background[1:3], 16)) < 16
    middle_row = {image.pixelColor(x, 225).rgb() for x in range(0, 800, 4)}
    assert len(middle_row) > 2  # the message is there
    assert not screen.findChildren(QWidget)  # no buttons, no labels: painted by hand


def test_another_error_starts_the_countdown_over(qtbot):
    screen = RecoveryScreen(duration_ms=50)
    qtbot.addWidget(screen)
    screen.start()
    screen.start()
    with qtbot.waitSignal(screen.finished, timeout=2000):
        pass
    assert not screen.running
