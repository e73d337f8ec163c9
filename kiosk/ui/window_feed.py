"""The kiosk window and the feed: results of its checks, the notices it left, and the display's power."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.core.presenter import NoticeShown
from kiosk.ui.notice import NoticePage
from kiosk.ui.reload import BundleWatcher
from kiosk.ui.window_setup import WindowParts, to_ms

if TYPE_CHECKING:
    from kiosk.core.display_power import DisplayPower
    from kiosk.feed.update import UpdateResult


class WindowFeed(WindowParts):
    """The feed's results, its notices and the display's power (part of :class:`~kiosk.ui.window.KioskWindow`)."""

    watcher: BundleWatcher | None
    data_dir: Path | None
    display_power: DisplayPower | None
    _power_jobs: ThreadPoolExecutor | None
    notice_page: NoticePage
    card_timer: QTimer
    notice_timer: QTimer

    # -------------------------------------------------------------- display power

    def _switch_display(self, *, on: bool) -> None:
        """The display on at opening, off at closing, on a worker thread (the tools may take seconds)."""
        power = self.display_power
        if power is None:
            return
        if self._power_jobs is None:
            self._power_jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="display-power")
        self._power_jobs.submit(power.on if on else partial(power.off, self.kiosk.clocks.local_time()))

    # -------------------------------------------------------------- the feed and its notices

    def _on_feed_checked(self, result: UpdateResult) -> None:
        """A check of the feed ended (the follower's thread emitted it; this runs on the GUI thread)."""
        if result.outcome == "installed" and self.watcher is not None:
            # The watcher sees the new file like any change: it settles, passes the gate and the hold rules.
            self.watcher.look_now()
        self.refresh_notice()

    def refresh_notice(self) -> None:
        """Read the notice the feed left (checked again here, as on receipt) and hand it to the presenter."""
        if self.data_dir is None:
            return
        from kiosk.feed.notices import current_notice

        now = datetime.fromtimestamp(self.kiosk.clocks.wall(), UTC)
        self.kiosk.receive_notice(current_notice(self.data_dir, now=now))

    def _on_notice_shown(self, event: NoticeShown) -> None:
        self.notice_page.show_notice(event.notice, self.bundle.manifest.display.theme)
        self.card_timer.stop()
        self.notice_timer.start(0)

    def check_notice(self) -> None:
        """End the full-screen notice or the banner when their time is up (the notice timer calls this)."""
        wait_s = self.kiosk.check_notice()
        if wait_s is None:
            self.notice_timer.stop()
        else:
            self.notice_timer.start(to_ms(wait_s))
