"""A kiosk session: the Qt side of what a kiosk PC needs around the window.

The composition root (:mod:`kiosk.app`) builds the clocks, settings,
statistics, bundle and window and hands them here: this module starts the
Qt application with its logs, and runs the window with lock-down in kiosk
mode, clean SIGTERM/SIGINT, no screen blanking and the systemd watchdog.
Each part is best effort: a missing D-Bus or an unwritable folder is logged,
and the show goes on.
"""

from __future__ import annotations

import logging
import sys
from contextlib import ExitStack

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import logs
from kiosk.core import places
from kiosk.core.watchdog import SystemdNotifier
from kiosk.ui.heartbeat import WatchdogHeartbeat
from kiosk.ui.lockdown import KioskLockdown
from kiosk.ui.screensaver import inhibit_screen_blanking
from kiosk.ui.signals import SignalWaker
from kiosk.ui.window import WINDOWED_SIZE, KioskWindow

log = logging.getLogger(__name__)

APP_NAME = "union-kiosk"
APP_DISPLAY_NAME = "工会数据展台"


def start_application(cleanup: ExitStack) -> QApplication:
    """The log file in the per-OS folder, the application, and Qt's messages into the log."""
    try:
        log.info("log file: %s", logs.setup_file_logging(places.log_dir()))
        cleanup.callback(logs.close_file_logging)
    except OSError as exc:
        log.warning("no log file (%s); logging to the console only", exc)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QApplication.setApplicationName(APP_NAME)
    QGuiApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    cleanup.callback(logs.install_qt_message_handler())
    return app


def run_window(
    app: QApplication,
    window: KioskWindow,
    cleanup: ExitStack,
    *,
    screen: int | None,
    kiosk_mode: bool,
    status: str,
) -> int:
    """Show ``window`` and run the event loop until staff exit or a signal; ``cleanup`` undoes the rest."""
    cleanup.callback(logs.install_excepthook(window.recover))
    waker = SignalWaker(lambda _signum: app.quit())
    cleanup.callback(waker.close)
    lockdown = KioskLockdown(window) if kiosk_mode else None
    if lockdown is not None:
        lockdown.install()
        cleanup.callback(lockdown.remove)  # runs before window.close: the close is then allowed

    def staff_exit() -> None:
        log.info("staff exit")
        if lockdown is not None:
            lockdown.allow_close()
        app.quit()

    window.exit_requested.connect(staff_exit)
    inhibitor = inhibit_screen_blanking("工会数据展台正在展示")
    cleanup.callback(inhibitor.release)
    place_on_screen(window, screen, window.fullscreen)
    shown_on = window.screen()
    log.info(
        "kiosk window shown: %s, %dx%d on %s (platform %s)",
        "fullscreen" if window.fullscreen else "windowed",
        window.width(),
        window.height(),
        shown_on.name() if shown_on else "?",
        QGuiApplication.platformName(),
    )
    notifier = SystemdNotifier.from_env()
    cleanup.callback(notifier.close)
    heartbeat = WatchdogHeartbeat(notifier, app)
    notifier.ready(status=status)
    heartbeat.start()
    cleanup.callback(heartbeat.stop)
    cleanup.callback(notifier.stopping)
    return int(app.exec())


def place_on_screen(window: QWidget, screen_index: int | None, fullscreen: bool) -> None:
    """Put the window on its screen before going fullscreen.

    On Wayland an application cannot position itself; the compositor decides.
    """
    screens = QGuiApplication.screens()
    screen: QScreen | None = QGuiApplication.primaryScreen()
    if screen_index is not None:
        if 0 <= screen_index < len(screens):
            screen = screens[screen_index]
        else:
            log.warning("there is no screen %d (found %d); using the primary screen", screen_index, len(screens))
    if fullscreen:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    if screen is not None:
        window.setScreen(screen)
        geometry = screen.availableGeometry()
        if fullscreen:
            window.setGeometry(screen.geometry())
        else:
            width, height = WINDOWED_SIZE
            window.resize(min(width, geometry.width()), min(height, geometry.height()))
            window.move(geometry.center() - window.rect().center())
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()
