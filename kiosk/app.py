"""Starting the kiosk: the window, a screenshot, or an export.

Imported only after arguments are parsed and logging is set up; Qt comes in
here, and a missing or broken Qt gets a readable message.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kiosk.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, _bundle_path, _err, _out
from kiosk.core.bundle import Bundle, BundleError, load_bundle

log = logging.getLogger(__name__)


def _load(path: Path | None) -> Bundle | None:
    path = _bundle_path(path)
    try:
        return load_bundle(path)
    except BundleError as exc:
        for problem in exc.problems:
            _err(problem.describe())
        _err(f"✗ 数据包无效：{path}。运行 union-kiosk validate {path} 查看全部问题。")
        return None


def _qt_gui() -> bool:
    try:
        import PySide6.QtGui  # noqa: F401
    except ImportError as exc:
        _err(f"无法加载 Qt（PySide6）：{exc}\n请重新安装：pip install 'PySide6-Essentials>=6.6'")
        return False
    return True


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
    if not _qt_gui():
        return EXIT_INVALID
    app = _gui_application(widgets=args.detail)
    bundle = _load(args.bundle)
    if bundle is None:
        return EXIT_INVALID
    from kiosk.ui import fonts, snapshot

    fonts.register_bundle_fonts(bundle.files, bundle.manifest.fonts)
    scene = snapshot.scene_for(bundle, args.card)
    if scene is None:
        ids = "、".join(c.id for c in bundle.manifest.play_order()[:8])
        _err(f"没有编号为“{args.card}”的卡片。可用的编号如：{ids} ……（union-kiosk list 列出全部）")
        return EXIT_USAGE
    if args.detail:
        from kiosk.ui.detail import render_detail

        image = render_detail(bundle, scene, *args.size)
    else:
        image = snapshot.render(scene, *args.size)
    ok = snapshot.save_png(image, args.screenshot)
    bundle.close()
    del app
    if not ok:
        _err(f"无法写入 {args.screenshot}（文件夹是否存在、是否有写权限？）")
        return EXIT_INVALID
    log.info("saved %s (%dx%d)", args.screenshot, *args.size)
    return EXIT_OK


def export_command(args: argparse.Namespace) -> int:
    if not _qt_gui():
        return EXIT_INVALID
    app = _gui_application(widgets=True)
    bundle = _load(args.bundle)
    if bundle is None:
        return EXIT_INVALID
    from kiosk.ui import fonts, snapshot
    from kiosk.ui.detail import render_detail

    fonts.register_bundle_fonts(bundle.files, bundle.manifest.fonts)
    width, height = args.size
    all_scenes = snapshot.scenes(bundle)
    try:
        args.png.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _err(f"无法创建文件夹 {args.png}：{exc.strerror}")
        return EXIT_INVALID
    for number, scene in enumerate(all_scenes, start=1):
        pictures = {
            f"{number:03d}-{scene.card.id}.png": snapshot.render(scene, width, height),
            f"{number:03d}-{scene.card.id}-detail.png": render_detail(bundle, scene, width, height),
        }
        for name, image in pictures.items():
            if not snapshot.save_png(image, args.png / name):
                _err(f"无法写入 {args.png / name}")
                return EXIT_INVALID
    _out(f"已导出 {len(all_scenes)} 张卡片（含详情页）到 {args.png}")
    if args.pdf is not None:
        if not snapshot.export_pdf(all_scenes, args.pdf, width, height, bundle=bundle):
            _err(f"无法写入 {args.pdf}")
            return EXIT_INVALID
        _out(f"已导出 PDF：{args.pdf}")
    bundle.close()
    del app
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.screenshot is not None:
        return screenshot(args)
    if not _qt_gui():
        return EXIT_INVALID
    from kiosk.ui.session import run_window

    return run_window(args)
