"""A kiosk session: everything a kiosk PC needs around the window.

One instance per machine, logs in the per-OS folder (Qt's messages too), an
exception hook that shows a recovery screen instead of a traceback, lock-down
in kiosk mode, no screen blanking, the systemd watchdog, statistics, opening
hours and resuming after a restart.  Each part is best effort: a missing
D-Bus or an unwritable folder is logged, and the show goes on.
"""

from __future__ import annotations

import argparse
import logging
import sys
from contextlib import ExitStack

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import logs
from kiosk.core import places
from kiosk.core.pin import PinGate
from kiosk.core.schedule import resolve_opening_hours
from kiosk.core.settings import ClosedScreen, PinLockFile, load_settings
from kiosk.core.stats import StatsRecorder, stats_path
from kiosk.core.watchdog import SystemdNotifier
from kiosk.ui import fonts
from kiosk.ui.heartbeat import WatchdogHeartbeat
from kiosk.ui.lockdown import KioskLockdown
from kiosk.ui.screensaver import inhibit_screen_blanking
from kiosk.ui.signals import SignalWaker
from kiosk.ui.single import acquire_single_instance
from kiosk.ui.window import KioskWindow, place_on_screen

log = logging.getLogger(__name__)

EXIT_ALREADY_RUNNING = 1


def run_window(args: argparse.Namespace) -> int:
    from kiosk.app import _err, _load

    with ExitStack() as cleanup:
        try:
            log.info("log file: %s", logs.setup_file_logging(places.log_dir()))
            cleanup.callback(logs.close_file_logging)
        except OSError as exc:
            log.warning("no log file (%s); logging to the console only", exc)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setApplicationName("union-kiosk")
        app.setApplicationDisplayName("工会数据展台")
        cleanup.callback(logs.install_qt_message_handler())
        instance = acquire_single_instance(places.data_dir())
        if instance is None:
            _err("工会数据展台已经在运行了（同一台电脑只能运行一个）。The kiosk is already running.")
            return EXIT_ALREADY_RUNNING
        fonts.register_shipped_fonts()
        settings = load_settings()
        bundle = _load(args.bundle or settings.bundle)
        if bundle is None:
            return 1
        fullscreen = not args.windowed
        kiosk_mode = fullscreen and not args.presenter
        stats = StatsRecorder(stats_path(), bundle_id=bundle.manifest.id)
        cleanup.callback(stats.close)
        window = KioskWindow(
            bundle,
            presenter=args.presenter,
            fullscreen=fullscreen,
            stats=stats,
            hours=resolve_opening_hours(settings.opening_hours),
            closed_dark=settings.closed_screen is ClosedScreen.DARK,
            resume=kiosk_mode,
            pin_gate=PinGate(settings.pin, store=PinLockFile()) if settings.pin else None,
        )
        cleanup.callback(lambda: window.bundle.close())  # noqa: PLW0108 - the bundle in use at exit
        cleanup.callback(window.close)
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
        place_on_screen(window, args.screen, fullscreen)
        screen = window.screen()
        log.info(
            "kiosk window shown: %s, %dx%d on %s (platform %s)",
            "fullscreen" if fullscreen else "windowed",
            window.width(),
            window.height(),
            screen.name() if screen else "?",
            QGuiApplication.platformName(),
        )
        notifier = SystemdNotifier.from_env()
        cleanup.callback(notifier.close)
        heartbeat = WatchdogHeartbeat(notifier, app)
        notifier.ready(status=f"showing {bundle.manifest.id}")
        heartbeat.start()
        cleanup.callback(heartbeat.stop)
        cleanup.callback(notifier.stopping)
        return int(app.exec())
