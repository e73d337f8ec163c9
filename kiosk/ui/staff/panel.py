"""The staff panel: the PIN pad (or how to set a PIN), then the menu, and diagnostics from there.

Staff reach it with five quick taps in a corner (:mod:`kiosk.core.corner`);
the window then calls :meth:`StaffPanel.open` with the kiosk's one
:class:`~kiosk.core.pin.PinGate` (``None`` when no PIN is set, which shows how
to set one).  The panel only asks: exiting, reloading and pausing are the
window's business, requested through signals.  It closes itself when staff
walk away from it, so a visitor never finds the menu open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QStackedLayout, QWidget

from kiosk.core.diagnostics import DiagnosticsInfo, diagnostics_failed
from kiosk.core.model import Theme
from kiosk.core.pin import PinGate
from kiosk.ui.staff.diagnostics_page import DiagnosticsPage
from kiosk.ui.staff.menu import StaffMenu
from kiosk.ui.staff.no_pin_notice import NoPinNotice, settings_path_text
from kiosk.ui.staff.pin_pad import PinPad

log = logging.getLogger(__name__)

STAFF_IDLE_MS = 2 * 60 * 1000  # the panel closes itself when nobody touched it for this long

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class StaffPanel(QWidget):
    """The staff pages stacked: one shows at a time.

    ``open(gate)`` starts at the pad; ``closed`` says the panel is done and the
    window may show the cards again.  Pass the kiosk's one ``PinGate`` every
    time: the lock after wrong PINs lives in it.
    """

    exit_requested = Signal()
    reload_requested = Signal()
    pause_toggled = Signal()
    adopt_requested = Signal()  # from the menu or the diagnostics page: staff confirm held content
    closed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, theme: Theme | None = None, idle_ms: int = STAFF_IDLE_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("staff_panel")
        self.theme = theme or Theme()
        self.diagnostics_provider: Callable[[], DiagnosticsInfo] | None = None
        self.pin_pad: PinPad | None = None  # made at the first open: it needs the gate
        self.notice = NoPinNotice(theme=self.theme)
        self.menu = StaffMenu(theme=self.theme)
        self.diagnostics = DiagnosticsPage(theme=self.theme)
        self.pages = QStackedLayout(self)
        self.pages.setContentsMargins(0, 0, 0, 0)
        for page in (self.notice, self.menu, self.diagnostics):
            self.pages.addWidget(page)
        self._open = False
        self._watching_input = False

        self.idle_timer = QTimer(self)
        self.idle_timer.setObjectName("staff_idle_timer")
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self._on_idle)

        self.notice.closed.connect(self.dismiss)
        self.menu.closed.connect(self.dismiss)
        self.menu.exit_requested.connect(self.exit_requested)
        self.menu.reload_requested.connect(self.reload_requested)
        self.menu.pause_toggled.connect(self.pause_toggled)
        self.menu.diagnostics_requested.connect(self.show_diagnostics)
        self.menu.adopt_requested.connect(self.adopt_requested)
        self.diagnostics.adopt_requested.connect(self.adopt_requested)
        self.diagnostics.closed.connect(self.show_menu)

    # -------------------------------------------------------------- flow

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def current(self) -> QWidget | None:
        return self.pages.currentWidget()

    def open(self, gate: PinGate | None) -> None:
        """Start at the PIN pad, or at how to set a PIN when ``gate`` is ``None``."""
        if gate is None:
            self.notice.set_config_path(settings_path_text())
            self.pages.setCurrentWidget(self.notice)
        else:
            pad = self._pad_for(gate)
            pad.reset()
            self.pages.setCurrentWidget(pad)
            pad.setFocus(Qt.FocusReason.OtherFocusReason)
        self._open = True
        self._watch_input(True)
        self.idle_timer.start()
        log.info("staff panel opened (%s)", "PIN pad" if gate is not None else "no PIN set")

    def show_menu(self) -> None:
        self.pages.setCurrentWidget(self.menu)

    def show_diagnostics(self) -> None:
        try:
            info = self.diagnostics_provider() if self.diagnostics_provider is not None else DiagnosticsInfo()
        except Exception as exc:  # diagnostics are for when things go wrong: never fail to show them
            log.exception("could not gather diagnostics")
            info = diagnostics_failed(exc)
        self.diagnostics.show_info(info)
        self.pages.setCurrentWidget(self.diagnostics)

    def dismiss(self) -> None:
        """Close the panel (back, cancel, or nobody there any more); emits ``closed`` once."""
        if not self._open:
            return
        self._open = False
        self.idle_timer.stop()
        self._watch_input(False)
        if self.pin_pad is not None:
            self.pin_pad.reset()
            self.pin_pad.lock_timer.stop()
        log.info("staff panel closed")
        self.closed.emit()

    def set_paused(self, paused: bool) -> None:
        self.menu.set_paused(paused)

    def set_held(self, notice: str) -> None:
        """Changed content is held (``notice`` says what and why) or no longer is (empty)."""
        self.menu.set_held(notice)
        self.diagnostics.set_held(notice)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for page in (self.pin_pad, self.notice, self.menu, self.diagnostics):
            if page is not None:
                page.set_theme(theme)

    def _pad_for(self, gate: PinGate) -> PinPad:
        if self.pin_pad is None:
            self.pin_pad = PinPad(gate, theme=self.theme)
            self.pin_pad.accepted.connect(self.show_menu)
            self.pin_pad.cancelled.connect(self.dismiss)
            self.pages.addWidget(self.pin_pad)
        elif self.pin_pad.gate is not gate:
            self.pin_pad.set_gate(gate)
        return self.pin_pad

    def _on_idle(self) -> None:
        log.info("staff panel left alone for %.0f s: closing it", self.idle_timer.interval() / 1000)
        self.dismiss()

    # -------------------------------------------------------------- staff still there?

    def _watch_input(self, on: bool) -> None:
        app = QCoreApplication.instance()
        if app is None or on == self._watching_input:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching_input = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._open:
            self.idle_timer.start()  # any input while the panel is open: staff are still there
        return False

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._open:
            self.dismiss()  # the window showed something else, or went away: leave nothing watching
