"""The kiosk window's pages: which one the presenter's state asks for, built when first needed.

The detail page and the overview are made on first use; the closed screen
and the full-screen notice sit in the same stack, the recovery screen and
the staff panel stay on top of it, and the idle countdown lies over the
visitor's page while the presenter counts it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStackedLayout, QWidget

from kiosk.core.attract import Mode, Trigger
from kiosk.core.presenter import Action
from kiosk.ui.closed import ClosedScreen
from kiosk.ui.detail import DetailPage
from kiosk.ui.idle_countdown import IdleCountdownCard
from kiosk.ui.notice import NoticeBanner, NoticePage
from kiosk.ui.overview import OverviewPage
from kiosk.ui.recovery import RecoveryScreen
from kiosk.ui.staff import StaffPanel
from kiosk.ui.stage import CardStage
from kiosk.ui.window_setup import WindowParts


class WindowPages(WindowParts):
    """The stack of pages and the one on show (part of :class:`~kiosk.ui.window.KioskWindow`)."""

    pages: QStackedLayout
    stage: CardStage
    closed_screen: ClosedScreen
    notice_page: NoticePage
    notice_banner: NoticeBanner
    recovery: RecoveryScreen
    staff: StaffPanel
    idle_countdown: IdleCountdownCard
    _detail: DetailPage | None
    _overview: OverviewPage | None

    @property
    def detail_page(self) -> DetailPage:
        if self._detail is None:
            self._detail = DetailPage(self)
            self._detail.back.connect(lambda: self.kiosk.perform(Action.CLOSE))
            self._detail.swiped.connect(
                lambda step: self.kiosk.perform(Action.NEXT if step > 0 else Action.PREVIOUS, Trigger.TOUCH)
            )
            self._detail.related_chosen.connect(self.loop.go_to)
            self._detail.gestures.touched.connect(self.kiosk.still_here)
            self.pages.addWidget(self._detail)
        return self._detail

    @property
    def overview_page(self) -> OverviewPage:
        if self._overview is None:
            self._overview = OverviewPage(self)
            self._overview.back.connect(lambda: self.kiosk.perform(Action.CLOSE))
            self._overview.chosen.connect(self.kiosk.choose_from_overview)
            self.pages.addWidget(self._overview)
        return self._overview

    def open_detail(self) -> None:
        self.kiosk.perform(Action.OPEN_DETAIL)

    def open_overview(self) -> None:
        self.kiosk.perform(Action.OPEN_OVERVIEW)

    def _page_for_state(self) -> QWidget:
        if not self.kiosk.is_open:
            return self.closed_screen
        if self.kiosk.notice_full_screen:
            return self.notice_page
        if self.loop.mode is Mode.DETAIL:
            return self.detail_page
        if self.loop.mode is Mode.OVERVIEW:
            return self.overview_page
        return self.stage

    def _sync_page(self) -> None:
        """Show the page the presenter's state asks for (the recovery screen and the staff panel stay on top)."""
        self.notice_banner.show_notice(self.kiosk.banner, self.bundle.manifest.display.theme)
        if self.recovery.running or self.staff.is_open:
            self.idle_countdown.hide()
            return
        page = self._page_for_state()
        if page is self.closed_screen:
            self.closed_screen.theme = self.bundle.manifest.display.theme
            self.closed_screen.organisation = self.bundle.manifest.organisation
            self.closed_screen.set_notice(self.kiosk.closed_notice())
        elif page is self.stage and self.pages.currentWidget() is not self.stage:
            self.stage.settle()
        if page is not self.stage or self.pages.currentWidget() is not self.stage:
            self.pages.setCurrentWidget(page)
        self._show_countdown(page)

    def _show_countdown(self, page: QWidget) -> None:
        """The seconds before the idle return, over the visitor's page while the presenter counts them."""
        seconds = self.kiosk.countdown
        if seconds is None or page not in (self._detail, self._overview):
            self.idle_countdown.hide()
        else:
            self.idle_countdown.show_seconds(seconds, self.bundle.manifest.display.theme)
