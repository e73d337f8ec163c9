"""The kiosk window's staff panel: opened behind the PIN, reloads, held content, diagnostics."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QStackedLayout

from kiosk.core.pin import PinGate
from kiosk.ui.reload import BundleWatcher
from kiosk.ui.staff import DiagnosticsInfo, RecentErrors, StaffPanel, gather_diagnostics
from kiosk.ui.window_setup import WindowParts

log = logging.getLogger("kiosk.ui.window")  # the window's log


class WindowStaff(WindowParts):
    """What staff do on the kiosk (part of :class:`~kiosk.ui.window.KioskWindow`)."""

    staff: StaffPanel
    pages: QStackedLayout
    pin_gate: PinGate | None
    watcher: BundleWatcher | None
    recent_errors: RecentErrors
    data_dir: Path | None

    # -------------------------------------------------------------- staff

    def open_staff_panel(self) -> None:
        log.info("staff panel opened")
        self.staff.set_theme(self.bundle.manifest.display.theme)
        self.staff.set_paused(self.loop.paused)
        self.staff.open(self.pin_gate)
        self.pages.setCurrentWidget(self.staff)

    def reload_now(self) -> None:
        """Staff asked for the bundle to be read again now: new content shows as soon as it is loaded."""
        self.kiosk.reload_requested(watching=self.watcher is not None)
        if self.watcher is not None:
            self.watcher.check_now()

    def adopt_held(self) -> None:
        """Staff confirmed content that was held: it shows now."""
        if self.watcher is not None and self.watcher.adopt_held():
            self.kiosk.show_staged_now()

    def _held_changed(self) -> None:
        self.staff.set_held(self.watcher.held_notice if self.watcher is not None else "")

    def diagnostics(self) -> DiagnosticsInfo:
        return gather_diagnostics(
            self.bundle,
            uptime_s=self.kiosk.uptime_s,
            errors=self.recent_errors,
            stats=self.kiosk.stats,
            held=self.watcher.held_notice if self.watcher is not None else "",
            feed_check=self._feed_check(),
        )

    def _feed_check(self) -> str:
        """The last check of the feed and its result; empty when this kiosk has never checked one."""
        if self.data_dir is None:
            return ""
        from kiosk.feed.layout import LAST_CHECK_FILE, feed_dir

        if not (feed_dir(self.data_dir) / LAST_CHECK_FILE).is_file():
            return ""  # never checked: the update framework need not be imported to say so
        from kiosk.core.diagnostics import feed_check_text
        from kiosk.feed.update import last_check

        return feed_check_text(last_check(self.data_dir))
