"""Before any widget: logging, then whether Qt loads and whether there is a screen to show on.

The command line calls this after parsing its arguments and before it imports
the composition root (:mod:`kiosk.app`), which brings Qt in.  Nothing here
imports Qt at module level: a missing or broken PySide6, or a machine without
a display, gets a message a person can act on instead of a traceback or Qt's
abort (which blames a missing ``libxcb-cursor0`` even when it is installed).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, MutableMapping

from kiosk.logs import LOG_FORMAT, EscapingFormatter
from kiosk.terminal import EXIT_INVALID, err

log = logging.getLogger(__name__)

# Qt platform plugins that open windows on a display server.
DISPLAY_PLATFORMS = frozenset({"xcb", "wayland", "wayland-egl", "wayland-brcm"})
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET")
OFFSCREEN = "offscreen"

NO_DISPLAY_MESSAGE = """\
✗ 没有找到显示器：DISPLAY 和 WAYLAND_DISPLAY 都没有设置，展台窗口打不开。
  请在桌面会话里运行（本机登录桌面，或 ssh -X）；
  只想要图片：union-kiosk --screenshot 卡片.png（不需要显示器）；
  或使用离屏平台：QT_QPA_PLATFORM=offscreen union-kiosk（窗口不会显示出来）。
✗ No display found: neither DISPLAY nor WAYLAND_DISPLAY is set, so the kiosk window cannot open.
  Run it in a desktop session (logged in at the machine, or ssh -X);
  for a picture only: union-kiosk --screenshot card.png (needs no display);
  or use the offscreen platform: QT_QPA_PLATFORM=offscreen union-kiosk (nothing is shown)."""


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)  # None in a GUI build without a console: nothing is written
    handler.setFormatter(EscapingFormatter(LOG_FORMAT))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler])


def qt_problem() -> str | None:
    """Why Qt cannot be used, or ``None`` when its GUI module loads."""
    try:
        import PySide6.QtGui  # noqa: F401
    except ImportError as exc:
        return f"无法加载 Qt（PySide6）：{exc}\n请重新安装：pip install 'PySide6-Essentials>=6.6'"
    return None


def needs_display(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt would connect to a display server but none is named.

    Only on Linux (and the BSDs): Windows and macOS always have their screen.
    ``QT_QPA_PLATFORM`` unset means xcb or wayland, as does a list such as
    ``wayland;xcb`` made only of them; ``offscreen``, ``eglfs``, ``vnc`` and the
    like need no display server.
    """
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    names = [entry.split(":", 1)[0].strip() for entry in requested.split(";") if entry.strip()]
    if names and not all(name in DISPLAY_PLATFORMS for name in names):
        return False
    return not any(environ.get(variable) for variable in DISPLAY_VARIABLES)


def prepare_window(environ: Mapping[str, str] | None = None) -> int | None:
    """For the kiosk window: ``None`` when Qt can start, else the exit code after saying why."""
    problem = qt_problem()
    if problem is not None:
        err(problem)
        return EXIT_INVALID
    if needs_display(os.environ if environ is None else environ):
        err(NO_DISPLAY_MESSAGE)
        return EXIT_INVALID
    return None


def prepare_drawing(environ: MutableMapping[str, str] | None = None) -> int | None:
    """For ``--screenshot`` and ``export``: they draw into images, so without a display they draw offscreen."""
    problem = qt_problem()
    if problem is not None:
        err(problem)
        return EXIT_INVALID
    environ = os.environ if environ is None else environ
    if needs_display(environ):
        log.debug("no display: drawing with the %s platform", OFFSCREEN)
        environ["QT_QPA_PLATFORM"] = OFFSCREEN
    return None
