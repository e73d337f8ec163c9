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
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QLayout, QStackedLayout, QWidget

from kiosk.core.attract import AttractLoop, CardChanged, Mode, ModeChanged, PauseChanged, Trigger
from kiosk.core.bundle import Bundle
from kiosk.core.clock import Clocks, MonotonicClock, system_clocks
from kiosk.core.gestures import Gesture, Outcome
from kiosk.core.pin import PinGate
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
from kiosk.core.schedule import OpeningHours
from kiosk.core.stats import StatsRecorder
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
from kiosk.ui.staff import DiagnosticsInfo, RecentErrors, StaffPanel, gather_diagnostics
from kiosk.ui.stage import CardStage
from kiosk.ui.touch import GestureInput
from kiosk.ui.warm_up import DetailWarmUp

if TYPE_CHECKING:
    from kiosk.core.display_power import DisplayPower
    from kiosk.feed.reports import Reporter
    from kiosk.feed.update import UpdateResult

log = logging.getLogger(__name__)

WINDOWED_SIZE = (1280, 720)
STAGE_HIT_OVERVIEW = "overview"  # the card's "全部数字" button
NO_SNAP_BACK = frozenset({Action.NEXT, Action.PREVIOUS})  # the transition takes over from the drag


def key_name(key: int) -> str | None:
    """Qt's name of a key without its prefix (``Qt.Key.Key_Right`` → ``"Right"``); ``None`` for an unknown key."""
    try:
        return Qt.Key(key).name.removeprefix("Key_")
    except ValueError:
        return None


def _ms(seconds: float) -> int:
    return int(seconds * 1000)


@dataclass(frozen=True)
class KioskSetup:
    """What the kiosk on site brings beside its bundle; a window without it shows the cards alone.

    ``stats`` records the cards shown and opened; ``hours`` closes the kiosk outside
    them, on a dark screen if ``closed_dark`` (else a quiet
    "closed" card); ``resume``
    returns to the card shown before a restart; ``pin_gate`` guards the staff
    panel.  ``watch_path`` is the bundle to watch when it is not the one on
    screen (the one the feed installs); ``data_dir`` holds what the feed
    received (notices, the last check); ``display_power`` switches the
    display off outside the opening hours.
    """

    stats: StatsRecorder | None = None
    hours: OpeningHours | None = None
    closed_dark: bool = True
    resume: bool = False
    pin_gate: PinGate | None = None
    watch_path: Path | None = None
    data_dir: Path | None = None
    display_power: DisplayPower | None = None


class KioskWindow(QWidget):
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
        self.prune_timer.start(_ms(self.kiosk.keep_stats_small()))
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

    # -------------------------------------------------------------- what the presenter holds

    @property
    def loop(self) -> AttractLoop:
        return self.kiosk.loop

    @property
    def bundle(self) -> Bundle:
        """The bundle on screen (new content replaces it at a card boundary)."""
        return self.kiosk.bundle

    @property
    def is_open(self) -> bool:
        return self.kiosk.is_open

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
            self.notice_timer.start(_ms(wait_s))

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
            self.hours_timer.start(_ms(wait_s))

    def keep_stats_small(self) -> None:
        self.prune_timer.start(_ms(self.kiosk.keep_stats_small()))

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

    # -------------------------------------------------------------- pages

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
