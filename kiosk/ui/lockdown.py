"""Kiosk mode: the visitor can look and touch, not close, escape or poke around.

One event filter on the application sees every event before any widget does.
It refuses to close the kiosk window until the staff exit allows it, swallows
the keys that leave fullscreen or close windows, refuses context menus and
drops, keeps labels unselectable, and hides the mouse cursor on a touchscreen
or when the mouse rests.

What an application cannot block (Ctrl+Alt+Del, the compositor's own
shortcuts, Alt+Tab on some systems) is for the operating system's kiosk
setup: see packaging/README.md.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputDevice, QKeyEvent, QSinglePointEvent
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)

CURSOR_HIDE_MS = 3000  # a resting mouse pointer disappears after this long
SWALLOWED_KEYS = frozenset({Qt.Key.Key_Escape, Qt.Key.Key_F11})  # with any modifiers
SWALLOWED_ALT_KEYS = frozenset({Qt.Key.Key_F4})  # only together with Alt

_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride})
_DROP_EVENTS = frozenset({QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop})
_POINTER_EVENTS = frozenset({QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick})
_TOUCH_EVENTS = frozenset({QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate})


class KioskLockdown(QObject):
    """Locks ``window`` and the application down while installed.

    ``install()`` once the window is up; ``allow_close()`` from the staff
    exit before closing it; ``remove()`` when the event loop has ended.
    """

    def __init__(self, window: QWidget, *, cursor_hide_ms: int = CURSOR_HIDE_MS) -> None:
        super().__init__(window)
        self.setObjectName("kiosk_lockdown")
        self.window = window
        self.close_allowed = False
        self.installed = False
        self._cursor_hidden = False
        self.cursor_timer = QTimer(self)
        self.cursor_timer.setObjectName("cursor_hide_timer")
        self.cursor_timer.setSingleShot(True)
        self.cursor_timer.setInterval(cursor_hide_ms)
        self.cursor_timer.timeout.connect(self.hide_cursor)

    # ---------------------------------------------------------------- switching on and off

    def install(self) -> None:
        app = QCoreApplication.instance()
        if self.installed or app is None:
            return
        app.installEventFilter(self)
        self.installed = True
        self.cursor_timer.start()
        log.info(
            "kiosk lockdown on: window close refused until the staff exit, Esc/F11/Alt+F4 swallowed, "
            "context menus and drops refused, cursor hidden on touch or after %.0f s at rest",
            self.cursor_timer.interval() / 1000,
        )

    def remove(self) -> None:
        """Lift every restriction and give the cursor back."""
        app = QCoreApplication.instance()
        if self.installed and app is not None:
            app.removeEventFilter(self)
        self.installed = False
        self.cursor_timer.stop()
        self.show_cursor()

    def allow_close(self) -> None:
        """The staff exit: from now on the window may close."""
        if not self.close_allowed:
            log.info("kiosk window may now be closed")
        self.close_allowed = True

    # ---------------------------------------------------------------- cursor

    def hide_cursor(self) -> None:
        if not self._cursor_hidden:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self._cursor_hidden = True

    def show_cursor(self) -> None:
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    def _pointer_input(self, event: QEvent) -> None:
        device = event.device() if isinstance(event, QSinglePointEvent) else None
        if device is not None and device.type() == QInputDevice.DeviceType.TouchScreen:
            # A finger (or a mouse event Qt made from one): no pointer on a touchscreen.
            self.cursor_timer.stop()
            self.hide_cursor()
        else:
            self.show_cursor()
            self.cursor_timer.start()

    # ---------------------------------------------------------------- the filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _POINTER_EVENTS:
            self._pointer_input(event)
            return False
        if kind in _TOUCH_EVENTS:
            self.cursor_timer.stop()
            self.hide_cursor()
            return False
        if kind in _KEY_EVENTS:
            return isinstance(event, QKeyEvent) and self._swallow_key(event)
        if kind == QEvent.Type.ContextMenu:
            event.accept()  # taken here, so no widget gets to open a menu
            return True
        if kind in _DROP_EVENTS:
            event.ignore()  # an ignored DragEnter refuses the drop
            return True
        if kind == QEvent.Type.Close and watched is self.window:
            return self._refuse_close(event)
        if kind == QEvent.Type.Quit and watched is QCoreApplication.instance():
            self._on_quit()
            return False
        if kind == QEvent.Type.Polish and isinstance(watched, QLabel):
            watched.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return False

    def _swallow_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key in SWALLOWED_KEYS or (alt and key in SWALLOWED_ALT_KEYS):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # accepted here means: no QShortcut or action may fire for it
            log.debug("swallowed key %s", key)
            return True
        return False

    def _refuse_close(self, event: QEvent) -> bool:
        if self.close_allowed:
            return False
        event.ignore()  # a close event starts out accepted; only ignore() refuses it
        log.info("refused to close the kiosk window (staff exit not used)")
        return True

    def _on_quit(self) -> None:
        # Qt 6 asks every window to close before it quits.  A quit comes from
        # our own quit() (SIGTERM from systemd, the staff exit) or from the
        # system shutting down, which must not be held up.  (On macOS Cmd+Q
        # is a quit too: lock the keyboard out there, see packaging/README.md.)
        if not self.close_allowed:
            log.info("the application is quitting; the kiosk window may close")
        self.close_allowed = True
