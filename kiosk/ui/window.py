"""The kiosk window: renders what :class:`~kiosk.core.presenter.KioskPresenter` decides.

Qt input becomes presenter actions (keys by name, gestures with where they
landed); the presenter's events pick the page and the card on screen.  The
window keeps the Qt side only: pages, timers, the bundle watcher, the staff
panel, the warm-up of the detail page, the feed's results and notices, and
the display's power.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QLayout, QStackedLayout, QWidget

from kiosk.core.attract import CardChanged, Mode, ModeChanged, PauseChanged, Trigger
from kiosk.core.bundle import Bundle
from kiosk.core.clock import Clocks, MonotonicClock, system_clocks
from kiosk.core.gestures import Gesture, Outcome
from kiosk.core.presenter import (
    Action,
    BannerChanged,
    ContentChanged,
    IdleCountdown,
    KioskPresenter,
    NoticeShown,
    OpeningChanged,
    PresenterEvent,
    StaffRequested,
)
from kiosk.ui import fonts
from kiosk.ui.card_painter import CardScene, deck_positions
from kiosk.ui.closed import ClosedScreen
from kiosk.ui.detail import DetailPage
from kiosk.ui.idle_countdown import IdleCountdownCard
from kiosk.ui.invitation import TouchInvitation
from kiosk.ui.notice import NoticeBanner, NoticePage
from kiosk.ui.overview import OverviewPage
from kiosk.ui.recovery import RecoveryScreen
from kiosk.ui.reload import BundleWatcher
from kiosk.ui.snapshot import card_icon, card_image, small_jpeg
from kiosk.ui.staff import RecentErrors, StaffPanel
from kiosk.ui.stage import CardStage
from kiosk.ui.touch import GestureInput
from kiosk.ui.warm_up import DetailWarmUp
from kiosk.ui.window_feed import WindowFeed
from kiosk.ui.window_pages import WindowPages
from kiosk.ui.window_setup import WINDOWED_SIZE, KioskSetup, key_name, to_ms
from kiosk.ui.window_staff import WindowStaff

if TYPE_CHECKING:
    from kiosk.feed.reports import Reporter

__all__ = ["NO_SNAP_BACK", "STAGE_HIT_OVERVIEW", "WINDOWED_SIZE", "KioskSetup", "KioskWindow", "key_name"]

log = logging.getLogger(__name__)

STAGE_HIT_OVERVIEW = "overview"  # the card's "全部数字" button
NO_SNAP_BACK = frozenset({Action.NEXT, Action.PREVIOUS})  # the transition takes over from the drag


class KioskWindow(WindowPages, WindowStaff, WindowFeed, QWidget):
    """Fullscreen (or windowed) kiosk showing the bundle's cards.

    ``clocks`` come from the composition root; ``clock`` alone stands for a
    monotonic clock with the system's wall clock (tests and benchmarks that
    only move card time).  ``setup`` is what the kiosk on site adds: its
    statistics, opening hours, PIN, feed folders and display power.
    """

    exit_requested = Signal()  # staff chose 退出展台 behind the PIN
    feed_checked = Signal(object)  # UpdateResult, emitted on the feed's thread and queued to this one

    def __init__(
        self,
        bundle: Bundle,
        *,
        presenter: bool = False,
        fullscreen: bool = True,
        clocks: Clocks | None = None,
        clock: MonotonicClock | None = None,
        watch: bool = True,
        setup: KioskSetup | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("kiosk_window")
        setup = setup or KioskSetup()
        if clocks is None:
            clocks = system_clocks()
            if clock is not None:
                clocks = Clocks(monotonic=clock, wall=clocks.wall)
        self.kiosk = KioskPresenter(
            bundle, clocks=clocks, presenter=presenter, stats=setup.stats, hours=setup.hours, resume=setup.resume
        )
        self.fullscreen = fullscreen
        self._set_title()

        self.stage = CardStage(self)
        self._apply_display()
        self.pages = QStackedLayout(self)
        self.pages.setContentsMargins(0, 0, 0, 0)
        # The screen sets the window's size, never a page's content.  Left to the
        # default, every detail page set a new minimum size on the window.
        self.pages.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.pages.addWidget(self.stage)
        self._detail: DetailPage | None = None
        self._overview: OverviewPage | None = None
        self.stage_input = GestureInput(self.stage)
        self.stage_input.dragged.connect(self._on_stage_drag)
        self.stage_input.gesture.connect(self._on_stage_gesture)
        self.stage_input.touched.connect(self.kiosk.visitor_touched)
        self.invitation = TouchInvitation(self.stage, allowed=lambda: self.kiosk.invites_touch)
        self.stage_input.touched.connect(self.invitation.restart)  # someone is here: no need to invite
        theme = bundle.manifest.display.theme
        self.recovery = RecoveryScreen(self, theme=theme)
        self.recovery.finished.connect(self._recovered)
        self.pages.addWidget(self.recovery)
        self.closed_screen = ClosedScreen(self)
        self.closed_screen.dark = setup.closed_dark
        self.pages.addWidget(self.closed_screen)
        self.notice_page = NoticePage(self)
        self.notice_page.dismissed.connect(self.kiosk.dismiss_notice)
        self.pages.addWidget(self.notice_page)
        self.notice_banner = NoticeBanner(self.stage)
        self.idle_countdown = IdleCountdownCard(self)  # over the detail page or the overview, not in the stack
        self.idle_countdown.touched.connect(self.kiosk.still_here)
        self.data_dir = setup.data_dir
        self.display_power = setup.display_power
        self.reporter: Reporter | None = None  # set by the composition root when kiosk.yaml names reports
        self._power_jobs: ThreadPoolExecutor | None = None  # cec-client takes seconds: never on this thread
        self.feed_checked.connect(self._on_feed_checked, Qt.ConnectionType.QueuedConnection)
        self.pin_gate = setup.pin_gate  # one gate for the kiosk's life: its lock-out must survive a cancel
        self.recent_errors = RecentErrors().attach()
        self.staff = StaffPanel(self, theme=theme)
        self.staff.closed.connect(self._sync_page)
        self.staff.pause_toggled.connect(lambda: self.staff.set_paused(self.kiosk.toggle_pause()))
        self.staff.reload_requested.connect(self.reload_now)
        self.staff.adopt_requested.connect(self.adopt_held)
        self.staff.exit_requested.connect(self.exit_requested)
        self.staff.diagnostics_provider = self.diagnostics
        self.pages.addWidget(self.staff)
        # Deferred so that an exception is handled outside the slot that raised it.
        self.recover_timer = self._timer("recover_timer", self._show_recovery, interval_ms=0)
        self.hours_timer = self._timer("opening_hours_timer", self.check_opening_hours)
        self.card_timer = self._timer("card_timer", self.tick)
        self.card_timer.setTimerType(Qt.TimerType.PreciseTimer)  # cards change on the second
        self.prune_timer = self._timer("stats_prune_timer", self.keep_stats_small)
        self.prune_timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # once a day: to the second is plenty
        self.notice_timer = self._timer("notice_timer", self.check_notice)
        self.warm_up_job = DetailWarmUp(
            self,
            page=lambda: self.detail_page,
            manifest=lambda: self.bundle.manifest,
            idle=lambda: self.loop.mode is Mode.ATTRACT,
        )
        self.warm_up_timer = self.warm_up_job.timer

        self.watcher: BundleWatcher | None = None
        if watch:
            self.watcher = BundleWatcher(
                setup.watch_path or bundle.files.location, self, shown=bundle.manifest, clock=clocks.monotonic
            )
            self.watcher.updated.connect(self.offer_bundle)
            self.watcher.held_changed.connect(self._held_changed)
            self.watcher.checked.connect(self.kiosk.reload_finished)
            self.watcher.start()
        self._handlers: dict[type, Callable[[Any], None]] = {  # event type → how it is drawn
            CardChanged: self._on_card_changed,
            ModeChanged: self._on_mode_changed,
            PauseChanged: lambda _event: None,
            OpeningChanged: self._on_opening_changed,
            ContentChanged: lambda _event: self._on_content_changed(),
            StaffRequested: lambda _event: self.open_staff_panel(),
            IdleCountdown: lambda _event: None,  # drawn by _sync_page, with the page it lies over
            NoticeShown: self._on_notice_shown,
            BannerChanged: lambda _event: self.notice_timer.start(0),
        }
        self.kiosk.events.connect(self._on_event)
        self._show_current(animate=False)
        self._arm_hours_timer(self.kiosk.start())
        if self.kiosk.is_open:
            self._switch_display(on=True)
        self.refresh_notice()
        self.prune_timer.start(to_ms(self.kiosk.keep_stats_small()))
        self.warm_up_timer.start()

    def _timer(self, name: str, slot: Callable[[], None], *, interval_ms: int | None = None) -> QTimer:
        """A single-shot timer owned by the window, so it dies with it (a bare singleShot would not)."""
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setSingleShot(True)
        if interval_ms is not None:
            timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    # -------------------------------------------------------------- content

    def _apply_display(self) -> None:
        display = self.bundle.manifest.display
        self.stage.transition = display.transition
        self.stage.transition_ms = display.transition_ms
        fonts.register_bundle_fonts(self.bundle.files, self.bundle.manifest.fonts)

    def _set_title(self) -> None:
        self.setWindowTitle(f"{self.bundle.manifest.organisation} · {self.bundle.manifest.title}")

    def scene_for(self, slide_index: int) -> CardScene:
        manifest = self.bundle.manifest
        card = self.loop.cards[slide_index]
        positions = deck_positions(manifest)
        image, icon = card_image(self.bundle, card), card_icon(self.bundle, card)
        return CardScene(card, manifest, positions[slide_index], image, icon=icon)

    def offer_bundle(self, bundle: Bundle) -> None:
        """New valid content: it replaces the current one at the next card."""
        self.kiosk.offer(bundle)

    # -------------------------------------------------------------- the presenter's events

    def _on_event(self, event: PresenterEvent) -> None:
        self._handlers[type(event)](event)
        self._sync_page()
        self._schedule()

    def _on_content_changed(self) -> None:
        self._apply_display()
        self._set_title()
        if self.reporter is not None:
            self.reporter.showing_bundle(
                self.bundle.manifest.id, self.bundle.manifest.title, self.bundle.files.location
            )

    def _on_card_changed(self, event: CardChanged) -> None:
        self._show_current(forward=event.forward, animate=self.loop.mode is Mode.ATTRACT)
        if self.reporter is not None:
            self.reporter.card_changed(lambda budget: small_jpeg(self.stage.grab().toImage(), budget))
        if self.loop.mode is Mode.DETAIL:
            self.detail_page.show_card(event.card, self.bundle.manifest, icon=card_icon(self.bundle, event.card))

    def _on_mode_changed(self, event: ModeChanged) -> None:
        if event.mode is Mode.DETAIL:
            card = self.loop.current
            self.detail_page.show_card(card, self.bundle.manifest, icon=card_icon(self.bundle, card))
        elif event.mode is Mode.OVERVIEW:
            self.overview_page.show_manifest(self.bundle.manifest, self.loop.current.id)

    def _on_opening_changed(self, event: OpeningChanged) -> None:
        if not event.is_open:
            self.card_timer.stop()
            self.stage.settle()
        self._switch_display(on=event.is_open)

    # -------------------------------------------------------------- opening hours and housekeeping

    def check_opening_hours(self) -> None:
        """Dark (or a closed card) outside opening hours, with every animation stopped."""
        self._arm_hours_timer(self.kiosk.check_hours())
        if not self.kiosk.is_open:
            self.closed_screen.set_notice(self.kiosk.closed_notice())  # 明天 turns into 今天 at midnight

    def _arm_hours_timer(self, wait_s: float | None) -> None:
        if wait_s is None:
            self.hours_timer.stop()
        else:
            self.hours_timer.start(to_ms(wait_s))

    def keep_stats_small(self) -> None:
        self.prune_timer.start(to_ms(self.kiosk.keep_stats_small()))

    # -------------------------------------------------------------- recovery

    def recover(self, _error: BaseException) -> None:
        """An unhandled exception: show the recovery screen, then carry on."""
        self.recover_timer.start()

    def _show_recovery(self) -> None:
        self.card_timer.stop()
        self.stage.settle()
        self.recovery.set_theme(self.bundle.manifest.display.theme)
        self.pages.setCurrentWidget(self.recovery)
        self.recovery.start()

    def _recovered(self) -> None:
        self.recovery.stop()
        self.kiosk.perform(Action.CLOSE)
        self.stage.refresh()
        self._sync_page()
        self._schedule()

    # -------------------------------------------------------------- touch on the card

    def _on_stage_drag(self, dx: float) -> None:
        step = 1 if dx < 0 else -1
        neighbour = (self.loop.index + step) % len(self.loop)
        self.stage.drag(dx, self.scene_for(neighbour) if len(self.loop) > 1 else None)

    def _on_stage_gesture(self, outcome: Outcome) -> None:
        tap = outcome.gesture is Gesture.TAP
        action = self.kiosk.stage_gesture(
            outcome.gesture,
            outcome.x,
            outcome.y,
            self.width(),
            self.height(),
            on_overview_button=tap and self.stage.hit(outcome.x, outcome.y) == STAGE_HIT_OVERVIEW,
        )
        if action not in NO_SNAP_BACK:
            self.stage.snap_back()
        if action is not None:
            self.kiosk.perform(action, Trigger.TOUCH)

    # -------------------------------------------------------------- warm-up

    @property
    def warmed_up(self) -> bool:
        return self.warm_up_job.done

    def warm_up(self) -> None:
        """One step of warming up the detail page (see :mod:`kiosk.ui.warm_up`)."""
        self.warm_up_job.step()

    # -------------------------------------------------------------- rotation

    def _show_current(self, *, forward: bool = True, animate: bool = True) -> None:
        self.stage.show_scene(self.scene_for(self.loop.index), forward=forward, animate=animate)
        # The card after it, painted ahead while this one stands: the next slide starts at once.
        following = (self.loop.index + (1 if forward else -1)) % len(self.loop)
        self.stage.prepare(self.scene_for(following) if following != self.loop.index else None)
        self.invitation.restart()
        self._schedule()

    def _schedule(self) -> None:
        wait = self.kiosk.seconds_to_next_tick()
        if wait is None:
            self.card_timer.stop()
            return
        self.card_timer.start(max(1, round(wait * 1000)))

    def tick(self) -> None:
        """Let the presenter act on the time (the card timer calls this)."""
        if self.kiosk.tick() is None:
            self._schedule()

    # -------------------------------------------------------------- input

    def keyPressEvent(self, event: QKeyEvent) -> None:
        name = key_name(event.key())
        action = self.kiosk.key(name) if name is not None else None
        if action is None:
            super().keyPressEvent(event)
            return
        if action is Action.TOGGLE_FULLSCREEN:
            self.toggle_fullscreen()
        event.accept()

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        if self.fullscreen:
            self.showFullScreen()
        else:
            self.showNormal()

    # -------------------------------------------------------------- lifecycle

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.stage.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        for timer in (self.card_timer, self.warm_up_timer, self.hours_timer, self.prune_timer, self.notice_timer):
            timer.stop()
        if self._power_jobs is not None:
            if self.display_power is not None and self.display_power.state().state == "off":
                self._power_jobs.submit(self.display_power.on)  # leave a screen staff can see
            self._power_jobs.shutdown(wait=True)
            self._power_jobs = None
        self.recent_errors.detach()
        self.kiosk.stop()
        if self.watcher is not None:
            self.watcher.stop()
        self.stage.stop_animations()
        self.invitation.stop()
        super().closeEvent(event)
