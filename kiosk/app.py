"""The composition root: builds what the kiosk runs on and passes it down.

Imported by the command line only; its functions run after
:mod:`kiosk.earlyinit` has set up logging and made sure Qt loads (and, for
the window, that there is a display).  The module itself imports no Qt.  Here the clocks, settings, statistics, PIN gate, bundle and window
are made, each once; nothing imports this module back.  A screenshot or an
export needs only the bundle and a little of Qt, so they stay light.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.bundle import Bundle, load_bundle
from kiosk.core.clock import Clocks, system_clocks
from kiosk.core.collector import resume_collector
from kiosk.core.problems import BundleError
from kiosk.terminal import EXIT_ALREADY_RUNNING, EXIT_INVALID, EXIT_OK, EXIT_USAGE, bundle_path, err, out

if TYPE_CHECKING:
    from kiosk.feed.update import UpdateResult
    from kiosk.ui.card_painter import CardScene
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

FEED_STOP_S = 5.0  # at exit, wait this long for a check under way (its thread is a daemon: it never holds the exit)
REPORTS_STOP_S = 2.0  # at exit: a report being sent may finish, the rest waits in the queue
WORDS_DELAY_MS = 1000  # after start: the first card is on screen before the word list is read (on a thread)


def load_or_report(path: Path) -> Bundle | None:
    """The bundle at ``path``, or ``None`` after telling the person at the terminal what is wrong with it."""
    try:
        return load_bundle(path)
    except BundleError as exc:
        for problem in exc.problems:
            err(problem.describe())
        err(f"✗ 数据包无效：{path}。运行 union-kiosk validate {path} 查看全部问题。")
        return None


def run(args: argparse.Namespace) -> int:
    """``union-kiosk`` without a command: the kiosk window, or ``--screenshot``."""
    if args.screenshot is not None:
        return screenshot(args)
    return run_kiosk(args, system_clocks())


# ---------------------------------------------------------------- the kiosk


def run_kiosk(args: argparse.Namespace, clocks: Clocks) -> int:
    from PySide6.QtCore import QTimer

    from kiosk.core import linebreak, places
    from kiosk.core.display_power import DisplayPower
    from kiosk.core.pin import PinGate
    from kiosk.core.schedule import resolve_opening_hours
    from kiosk.core.settings import ClosedScreen, PinLockFile, load_settings
    from kiosk.core.stats import StatsRecorder, stats_path
    from kiosk.ui import fonts, session
    from kiosk.ui.single import acquire_single_instance
    from kiosk.ui.window import KioskSetup, KioskWindow

    with ExitStack() as cleanup:
        app = session.start_application(cleanup)
        instance = acquire_single_instance(places.data_dir())  # held until the kiosk ends
        if instance is None:
            err("工会数据展台已经在运行了（同一台电脑只能运行一个）。The kiosk is already running.")
            return EXIT_ALREADY_RUNNING
        fonts.register_shipped_fonts()
        # Chinese words for line breaks are read off the screen's thread once the first card is up;
        # until then lines break at punctuation and around figures only.
        linebreak.defer_words()
        settings = load_settings()
        data_dir = places.data_dir()
        bundle = load_or_report(bundle_path(args.bundle, settings.bundle))
        if bundle is None:
            return EXIT_INVALID
        fullscreen = not args.windowed
        kiosk_mode = fullscreen and not args.presenter
        # Without a bundle named, the kiosk follows what the feed installs: the watcher watches that file,
        # even before the first install, so a new one passes the same gate and hold rules as a local change.
        watch_path = installed_bundle_path(data_dir) if args.bundle is None and settings.bundle is None else None
        stats = StatsRecorder(stats_path(), clocks.wall, bundle_id=bundle.manifest.id)
        cleanup.callback(stats.close)
        pin_gate = None
        if settings.pin:
            pin_gate = PinGate(settings.pin, clock=clocks.monotonic, wall_clock=clocks.wall, store=PinLockFile())
        window = KioskWindow(
            bundle,
            presenter=args.presenter,
            fullscreen=fullscreen,
            clocks=clocks,
            setup=KioskSetup(
                stats=stats,
                hours=resolve_opening_hours(settings.opening_hours),
                closed_dark=settings.closed_screen is ClosedScreen.DARK,
                resume=kiosk_mode,
                pin_gate=pin_gate,
                watch_path=watch_path,
                data_dir=data_dir,
                # ``closed_screen: card`` asks for a card to be seen when closed: the display stays on for it.
                display_power=DisplayPower() if kiosk_mode and settings.closed_screen is ClosedScreen.DARK else None,
            ),
        )
        cleanup.callback(lambda: window.bundle.close())  # noqa: PLW0108 - the bundle in use at exit
        cleanup.callback(window.close)
        follow_feed(window.feed_checked.emit, data_dir, cleanup)
        report_back(window, data_dir, stats_path(), cleanup)
        QTimer.singleShot(WORDS_DELAY_MS, linebreak.load_words_in_background)
        resume_collector()
        return session.run_window(
            app, window, cleanup, screen=args.screen, kiosk_mode=kiosk_mode, status=f"showing {bundle.manifest.id}"
        )


def installed_bundle_path(data_dir: Path) -> Path:
    """Where the feed installs its bundle (its folder made, so that it can be watched before the first install)."""
    from kiosk.feed.layout import CURRENT_BUNDLE, feed_dir

    folder = feed_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("cannot create %s: %s", folder, exc)
    return folder / CURRENT_BUNDLE


def follow_feed(on_result: Callable[[UpdateResult], None], data_dir: Path, cleanup: ExitStack) -> None:
    """Start following the feed ``kiosk.yaml`` names, if any, on its own thread; stopped when the kiosk ends.

    ``on_result`` is called on that thread: the window's queued signal takes
    each result to the GUI thread.
    """
    from kiosk.feed.follow import FeedFollower
    from kiosk.feed.settings import load_feed_settings

    feed = load_feed_settings()
    if feed is None:
        return
    follower = FeedFollower.from_settings(feed, data_dir, on_result=on_result)
    follower.start()
    cleanup.callback(follower.stop, FEED_STOP_S)
    log.info(
        "following the feed %s%s, every %g min",
        feed.source,
        f" for hall {feed.hall}" if feed.hall else "",
        feed.check_minutes,
    )


def report_back(window: KioskWindow, data_dir: Path, stats_file: Path, cleanup: ExitStack) -> None:
    """Send status, statistics and screenshots to the ``reports:`` of ``kiosk.yaml``, if any, from its own thread."""
    from kiosk.feed.reports import Reporter, load_report_settings

    settings = load_report_settings()
    if settings is None:
        return
    power = window.display_power
    reporter = Reporter.from_settings(
        settings,
        data_dir,
        stats_file=stats_file,
        recent_errors=window.recent_errors.messages,
        display_power=(lambda: power.state().state) if power is not None else None,
    )
    manifest = window.bundle.manifest
    reporter.showing_bundle(manifest.id, manifest.title, window.bundle.files.location)
    window.reporter = reporter
    reporter.start()
    cleanup.callback(reporter.stop, REPORTS_STOP_S)
    log.info("reporting to %s as hall %s", settings.url, settings.hall)


# ---------------------------------------------------------------- pictures


def _gui_application(*, widgets: bool = False) -> object:
    """An application for drawing without a screen.

    A card alone needs only QtGui; detail pages are widgets and need a
    QApplication, which costs more to start.
    """
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui import fonts

    app = QGuiApplication.instance()
    if app is None:
        if widgets:
            from PySide6.QtWidgets import QApplication

            app = QApplication(sys.argv[:1])
        else:
            app = QGuiApplication(sys.argv[:1])
    fonts.register_shipped_fonts()
    return app


def screenshot(args: argparse.Namespace) -> int:
    app = _gui_application(widgets=args.detail)
    bundle = load_or_report(bundle_path(args.bundle))
    if bundle is None:
        return EXIT_INVALID
    from kiosk.ui import fonts, snapshot

    fonts.register_bundle_fonts(bundle.files, bundle.manifest.fonts)
    scene = snapshot.scene_for(bundle, args.card)
    if scene is None:
        ids = "、".join(c.id for c in bundle.manifest.play_order()[:8])
        err(f"没有编号为“{args.card}”的卡片。可用的编号如：{ids} ……（union-kiosk list 列出全部）")
        return EXIT_USAGE
    if args.detail:
        from kiosk.ui.detail import render_detail

        image = render_detail(bundle, scene, *args.size)
    elif args.card is None:
        from kiosk.core import linebreak

        with linebreak.words_deferred():  # the first card as the kiosk's first frame shows it
            image = snapshot.render(scene, *args.size)
    else:
        image = snapshot.render(scene, *args.size)
    ok = snapshot.save_png(image, args.screenshot)
    bundle.close()
    del app
    if not ok:
        err(f"无法写入 {args.screenshot}（文件夹是否存在、是否有写权限？）")
        return EXIT_INVALID
    log.info("saved %s (%dx%d)", args.screenshot, *args.size)
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    """``union-kiosk export``: every card and its detail page as PNG, a PDF handout, or both."""
    app = _gui_application(widgets=True)
    bundle = load_or_report(bundle_path(args.bundle))
    if bundle is None:
        return EXIT_INVALID
    from kiosk.ui import fonts, snapshot

    fonts.register_bundle_fonts(bundle.files, bundle.manifest.fonts)
    all_scenes = snapshot.scenes(bundle)
    try:
        if args.png is not None and not _export_pngs(bundle, all_scenes, args.png, args.size):
            return EXIT_INVALID
        if args.pdf is not None:
            from kiosk.ui import handout

            if not handout.export_pdf(bundle, all_scenes, args.pdf, *args.size):
                err(f"无法写入 {args.pdf}")
                return EXIT_INVALID
            out(f"已导出 PDF 讲义（{2 * len(all_scenes)} 页）：{args.pdf}")
    finally:
        bundle.close()
    del app
    return EXIT_OK


def _export_pngs(bundle: Bundle, all_scenes: list[CardScene], folder: Path, size: tuple[int, int]) -> bool:
    from kiosk.ui import snapshot
    from kiosk.ui.detail import render_detail

    width, height = size
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        err(f"无法创建文件夹 {folder}：{exc.strerror}")
        return False
    for number, scene in enumerate(all_scenes, start=1):
        pictures = {
            f"{number:03d}-{scene.card.id}.png": snapshot.render(scene, width, height),
            f"{number:03d}-{scene.card.id}-detail.png": render_detail(bundle, scene, width, height),
        }
        for name, image in pictures.items():
            if not snapshot.save_png(image, folder / name):
                err(f"无法写入 {folder / name}")
                return False
    out(f"已导出 {len(all_scenes)} 张卡片（含详情页）到 {folder}")
    return True


# ---------------------------------------------------------------- the preview


def preview(args: argparse.Namespace) -> int:
    """``union-kiosk preview BUNDLE``: a window beside the editor that redraws the deck on every save.

    No lock-down, statistics, resume or single-instance lock, and nothing is
    written into the bundle.  A bundle that is not valid yet still opens: its
    problems are what the window shows first.
    """
    from PySide6.QtWidgets import QApplication

    from kiosk import logs
    from kiosk.ui import fonts
    from kiosk.ui.preview.window import PreviewWindow
    from kiosk.ui.signals import SignalWaker

    path = args.bundle
    if not path.exists():
        err(f"找不到数据包“{path}”。请给出数据包文件夹或 .zip 文件的路径。 / no bundle at {path}")
        return EXIT_INVALID
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    with ExitStack() as cleanup:
        cleanup.callback(logs.install_qt_message_handler())
        fonts.register_shipped_fonts()
        problems = []
        try:
            bundle: Bundle | None = load_bundle(path)
        except BundleError as exc:
            bundle, problems = None, exc.problems
            log.warning("%s is not valid yet: the preview shows its problems", path)
        window = PreviewWindow(path, bundle, problems=problems, clock=system_clocks().monotonic)
        cleanup.callback(window.close)
        waker = SignalWaker(lambda _signum: app.quit())
        cleanup.callback(waker.close)
        window.show()
        log.info("previewing %s; every save is shown", path)
        return app.exec()
