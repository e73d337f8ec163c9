"""Where a kiosk's troubles end up: rotating log files, Qt's messages, unhandled errors.

A kiosk runs for weeks with nobody watching and, built as a GUI program, may
have no console at all (``sys.stderr`` is None).  Everything goes through
``logging``: into a rotating file in the per-OS log folder, and to stderr only
where stderr exists.  An unhandled exception, also one raised in a Qt slot,
is logged with its traceback and handed to a callback (the window shows a
short recovery screen); never a dialog, never a traceback on screen.

Qt is imported only by ``install_qt_message_handler``.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.core.text_safety import for_terminal

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

LOG_FILE_NAME = "union-kiosk.log"
LOG_MAX_BYTES = 2 * 1024 * 1024
LOG_BACKUP_COUNT = 5  # union-kiosk.log.1 … .5: about 12 MB at most
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FILE_HANDLER_NAME = "union-kiosk-file"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class EscapingFormatter(logging.Formatter):
    """Formats records with control and format characters shown as escapes (``\\u001b``).

    Log messages carry bundle text (problems, card ids, file names); an ESC
    in them must not drive the terminal of whoever reads the log.  Newlines
    and tabs are kept: tracebacks and problems span lines.
    """

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record))


# ---------------------------------------------------------------- log files


def setup_file_logging(folder: Path, *, level: int = logging.NOTSET) -> Path:
    """Log to ``folder/union-kiosk.log``, rotating at 2 MB and keeping 5 old files.

    The handler goes on the root logger, next to whatever else is there
    (stderr), and follows the root logger's level unless ``level`` is given.
    Calling it again replaces the earlier file handler.  Returns the log file.
    Raises ``OSError`` when the folder cannot be made or the file not opened.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    import logging.handlers  # with socket and pickle: not for the commands that log to stderr alone

    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUP_COUNT, encoding="utf-8"
    )
    handler.set_name(FILE_HANDLER_NAME)
    handler.setLevel(level)
    handler.setFormatter(EscapingFormatter(LOG_FORMAT))
    close_file_logging()
    logging.getLogger().addHandler(handler)
    log.info("logging to %s", path)
    return path


def close_file_logging() -> None:
    """Take the log file handler off the root logger and close the file."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == FILE_HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()


# ---------------------------------------------------------------- Qt's own messages


def install_qt_message_handler() -> Callable[[], None]:
    """Send Qt's warnings and debug output to the ``qt`` logger; returns a function undoing it."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = levels.get(kind, logging.WARNING)
        category = getattr(context, "category", None)
        if category and category != "default":
            qt_log.log(level, "%s: %s", category, message)
        else:
            qt_log.log(level, "%s", message)
        if kind == QtMsgType.QtFatalMsg:  # Qt aborts when we return
            _flush_handlers()

    previous = qInstallMessageHandler(handler)

    def undo() -> None:
        qInstallMessageHandler(previous)

    return undo


def _flush_handlers() -> None:
    for handler in logging.getLogger().handlers:
        with contextlib.suppress(Exception):  # flushing on the way down; nothing more to do
            handler.flush()


# ---------------------------------------------------------------- unhandled exceptions


def install_excepthook(on_error: Callable[[BaseException], object]) -> Callable[[], None]:
    """Log every unhandled exception with its traceback and call ``on_error(exc)``.

    PySide hands exceptions raised in slots and event handlers to
    ``sys.excepthook``, so those arrive here too, on the GUI thread.
    Exceptions in other threads are logged only: ``on_error`` may touch widgets.
    Ctrl+C (KeyboardInterrupt) keeps Python's usual behaviour.
    Returns a function restoring the previous hooks.
    """
    previous_hook = sys.excepthook
    previous_thread_hook = threading.excepthook
    handling = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal handling
        if issubclass(kind, KeyboardInterrupt):
            previous_hook(kind, exc, tb)
            return
        log.critical("unhandled exception: %s: %s", kind.__name__, exc, exc_info=(kind, exc, tb))
        _flush_handlers()
        if handling:  # on_error itself failed: logged above, do not loop
            return
        handling = True
        try:
            on_error(exc)
        except Exception:
            log.exception("recovering from the unhandled exception failed too")
        finally:
            handling = False

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        if args.exc_value is not None:
            log.critical("unhandled exception in thread %s", name, exc_info=args.exc_value)
        else:
            log.critical("unhandled exception in thread %s: %s", name, args.exc_type)

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def undo() -> None:
        sys.excepthook = previous_hook
        threading.excepthook = previous_thread_hook

    return undo
