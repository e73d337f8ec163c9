"""The kiosk window: the attract loop on screen, keys and a presenter's clicker."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QImage, QKeyEvent, QScreen, QShowEvent
from PySide6.QtWidgets import QLayout, QStackedLayout, QWidget

from kiosk.core.attract import AttractLoop, Clock, Mode, Move, Slide, monotonic_clock
from kiosk.core.bundle import Bundle
from kiosk.core.corner import CornerTaps, corner_at
from kiosk.core.gestures import Gesture, Outcome
from kiosk.core.model import ChartType, Manifest
from kiosk.core.pin import PinGate
from kiosk.core.schedule import OpeningHours
from kiosk.core.settings import load_state, save_state
from kiosk.core.stats import ReturnReason, StatsRecorder, Trigger
from kiosk.ui import fonts
from kiosk.ui.card_painter import CardScene, deck_positions
from kiosk.ui.closed import ClosedScreen
from kiosk.ui.detail import DetailPage
from kiosk.ui.overview import OverviewPage
from kiosk.ui.recovery import RecoveryScreen
from kiosk.ui.reload import BundleWatcher
from kiosk.ui.snapshot import card_image
from kiosk.ui.staff import DiagnosticsInfo, RecentErrors, StaffPanel, gather_diagnostics
from kiosk.ui.stage import CardStage
from kiosk.ui.touch import GestureInput

log = logging.getLogger(__name__)

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up}
WINDOWED_SIZE = (1280, 720)
WARM_UP_DELAY_MS = 300  # after the first frame is on screen
WARM_UP_STEP_MS = 20  # between warm-up steps: input and paints get their turn in between
WARM_UP_CHARTS = 8  # at most this many charts drawn ahead, one per kind of chart
# A chart drawn ahead only brings its kind's code in; a larger one would hold
# the loop for nothing, so a kind whose charts are all larger is left to its first tap.
WARM_UP_MAX_VALUES = 24
MAX_TIMER_MS = 6 * 3600 * 1000  # wake at least this often to look at the clock again


class KioskWindow(QWidget):
    """Fullscreen (or windowed) kiosk showing the bundle's cards."""

    exit_requested = Signal()  # staff chose 退出展台 behind the PIN

    def __init__(
        self,
        bundle: Bundle,
        *,
        presenter: bool = False,
        fullscreen: bool = True,
        clock: Clock = monotonic_clock,
        watch: bool = True,
        stats: StatsRecorder | None = None,
        hours: OpeningHours | None = None,
        closed_dark: bool = True,
        wall_clock: Callable[[], datetime] = datetime.now,
        resume: bool = False,
        pin_gate: PinGate | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(f"{bundle.manifest.organisation} · {bundle.manifest.title}")
        self.setObjectName("kiosk_window")
        self.bundle = bundle
        self._pending: Bundle | None = None
        self._apply_next_update = False  # staff asked for a reload: show it at once
        self.fullscreen = fullscreen
        display = bundle.manifest.display
        self.loop = AttractLoop(
            bundle.manifest.play_order(),
            default_duration=display.card_duration,
            idle_timeout=display.idle_timeout,
            clock=clock,
            presenter=presenter,
        )
        self.stats = stats
        self.hours = hours
        self.wall_clock = wall_clock
        self.resume = resume
        self._input_kind = Trigger.KEY
        self._return_reason = ReturnReason.BACK
        self._mode_seen = Mode.ATTRACT
        if resume:
            state = load_state()
            if state is not None and state.bundle_id == bundle.manifest.id and self.loop.resume_at(state.card_id):
                log.info("resuming at card %s", state.card_id)
        self.loop.listeners.append(self._on_loop_change)

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
        self.stage_input.touched.connect(self._on_touch)
        self._warm = False
        self._warm_steps: Iterator[str] | None = None
        self._warm_started: float | None = None
        self.recovery = RecoveryScreen(self, theme=bundle.manifest.display.theme)
        self.recovery.finished.connect(self._recovered)
        self.pages.addWidget(self.recovery)
        self.closed_screen = ClosedScreen(self)
        self.closed_screen.dark = closed_dark
        self.pages.addWidget(self.closed_screen)
        self.is_open = True
        self.started_at = clock()
        # Staff only: five taps in the top-left corner, then the PIN.
        self.corner_taps = CornerTaps(clock)
        self.pin_gate = pin_gate  # one gate for the kiosk's life: its lock-out must survive a cancel
        self.recent_errors = RecentErrors().attach()
        self.staff = StaffPanel(self, theme=bundle.manifest.display.theme)
        self.staff.closed.connect(self._staff_closed)
        self.staff.pause_toggled.connect(lambda: self.staff.set_paused(self.loop.toggle_pause()))
        self.staff.reload_requested.connect(self.reload_now)
        self.staff.adopt_requested.connect(self.adopt_held)
        self.staff.exit_requested.connect(self.exit_requested)
        self.staff.diagnostics_provider = self.diagnostics
        self.pages.addWidget(self.staff)
        # Deferred so that an exception is handled outside the slot that raised it.
        self.recover_timer = QTimer(self)
        self.recover_timer.setObjectName("recover_timer")
        self.recover_timer.setSingleShot(True)
        self.recover_timer.setInterval(0)
        self.recover_timer.timeout.connect(self._show_recovery)
        self.hours_timer = QTimer(self)
        self.hours_timer.setObjectName("opening_hours_timer")
        self.hours_timer.setSingleShot(True)
        self.hours_timer.timeout.connect(self.check_opening_hours)

        self.card_timer = QTimer(self)
        self.card_timer.setObjectName("card_timer")
        self.card_timer.setSingleShot(True)
        self.card_timer.setTimerType(Qt.TimerType.PreciseTimer)  # cards change on the second
        self.card_timer.timeout.connect(self.tick)

        self.watcher: BundleWatcher | None = None
        if watch:
            self.watcher = BundleWatcher(bundle.files.location, self, shown=bundle.manifest, clock=clock)
            self.watcher.updated.connect(self.offer_bundle)
            self.watcher.held_changed.connect(self._held_changed)
            self.watcher.checked.connect(self._reload_checked)
            self.watcher.start()
        self._show_current(animate=False)
        self._record_card(Trigger.AUTO)
        self.check_opening_hours()
        # Owned by the window, so it dies with it (a bare singleShot would not).
        self.warm_up_timer = QTimer(self)
        self.warm_up_timer.setObjectName("warm_up_timer")
        self.warm_up_timer.setSingleShot(True)
        self.warm_up_timer.setInterval(WARM_UP_DELAY_MS)
        self.warm_up_timer.timeout.connect(self.warm_up)
        self.warm_up_timer.start()

    # -------------------------------------------------------------- content

    def _apply_display(self) -> None:
        display = self.bundle.manifest.display
        self.stage.transition = display.transition
        self.stage.transition_ms = display.transition_ms
        fonts.register_bundle_fonts(self.bundle.files, self.bundle.manifest.fonts)

    def scene_for(self, slide_index: int) -> CardScene:
        manifest = self.bundle.manifest
        card = self.loop.cards[slide_index]
        positions = deck_positions(manifest)
        return CardScene(card, manifest, positions[slide_index], card_image(self.bundle, card))

    def offer_bundle(self, bundle: Bundle) -> None:
        """New valid content: it replaces the current one at the next card."""
        if self._pending is not None and self._pending is not bundle:
            self._pending.close()
        self._pending = bundle
        display = bundle.manifest.display
        self.loop.stage(bundle.manifest.play_order(), display.card_duration, display.idle_timeout)
        if self._apply_next_update:
            self._apply_next_update = False
            self.loop.apply_staged()

    def _take_pending(self) -> None:
        if self._pending is None or self.loop.has_staged:
            return
        old, self.bundle, self._pending = self.bundle, self._pending, None
        if old is not self.bundle:
            old.close()
        self._apply_display()
        self.setWindowTitle(f"{self.bundle.manifest.organisation} · {self.bundle.manifest.title}")

    # -------------------------------------------------------------- rotation

    def _on_loop_change(self, slide: Slide | None) -> None:
        if slide is not None:
            self._take_pending()
            self._show_current(forward=slide.forward, animate=self.loop.mode is Mode.ATTRACT)
            if self.loop.mode is Mode.DETAIL:
                self.detail_page.show_card(self.loop.current, self.bundle.manifest)
            self._record_card(self._trigger_for(slide.move))
        self._record_mode()
        self._sync_page()
        self._schedule()

    # -------------------------------------------------------------- statistics and resume

    def _trigger_for(self, move: Move) -> Trigger:
        if move in (Move.AUTO, Move.RELOAD):
            return Trigger.AUTO
        if move is Move.JUMP:
            return Trigger.JUMP
        return self._input_kind

    def _record_card(self, trigger: Trigger) -> None:
        card = self.loop.current
        if self.stats is not None:
            self.stats.bundle_id = self.bundle.manifest.id
            if self.loop.mode is Mode.DETAIL:
                self.stats.detail_closed()
                self.stats.detail_opened(card.id)
            self.stats.card_shown(card.id, trigger)
        if self.resume:
            save_state(self.bundle.manifest.id, card.id)

    def _record_mode(self) -> None:
        mode, seen = self.loop.mode, self._mode_seen
        if mode is seen:
            return
        self._mode_seen = mode
        if self.stats is None:
            return
        if seen is Mode.DETAIL:
            self.stats.detail_closed()
        if mode is Mode.DETAIL:
            self.stats.detail_opened(self.loop.current.id)
        if mode is Mode.ATTRACT:
            self.stats.returned(self._return_reason)
        self._return_reason = ReturnReason.BACK

    def _on_touch(self) -> None:
        self._input_kind = Trigger.TOUCH
        self.loop.touched()
        if self.stats is not None:
            self.stats.touched()

    # -------------------------------------------------------------- opening hours

    def check_opening_hours(self) -> None:
        """Dark (or a closed card) outside opening hours, with every animation stopped."""
        if self.hours is None:
            return
        now = self.wall_clock()
        open_now = self.hours.is_open(now)
        if open_now != self.is_open:
            self.is_open = open_now
            if open_now:
                log.info("opening hours begin: the attract loop resumes")
                self.loop.close()
                self._record_card(Trigger.AUTO)
            else:
                log.info("outside opening hours: the screen rests")
                self.card_timer.stop()
                self.stage.settle()
                if self.stats is not None:
                    self.stats.stop()
            self._sync_page()
        change = self.hours.next_change(now)
        if change is None:
            self.hours_timer.stop()
        else:
            wait_ms = max(1000, int((change - now).total_seconds() * 1000))
            self.hours_timer.start(min(wait_ms, MAX_TIMER_MS))

    # -------------------------------------------------------------- staff

    def open_staff_panel(self) -> None:
        log.info("staff panel opened")
        self.staff.set_theme(self.bundle.manifest.display.theme)
        self.staff.set_paused(self.loop.paused)
        self.staff.open(self.pin_gate)
        self.pages.setCurrentWidget(self.staff)

    def _staff_closed(self) -> None:
        self._sync_page()

    def reload_now(self) -> None:
        """Staff asked for the bundle to be read again now: new content shows as soon as it is loaded."""
        if self._pending is not None:
            self.loop.apply_staged()
        if self.watcher is not None:
            self._apply_next_update = True
            self.watcher.check_now()

    def _reload_checked(self) -> None:
        self._apply_next_update = False  # nothing new came of it: later changes wait for the next card

    def adopt_held(self) -> None:
        """Staff confirmed content that was held: it shows now."""
        if self.watcher is not None and self.watcher.adopt_held():
            self.loop.apply_staged()

    def _held_changed(self) -> None:
        self.staff.set_held(self.watcher.held_notice if self.watcher is not None else "")

    def diagnostics(self) -> DiagnosticsInfo:
        return gather_diagnostics(
            self.bundle,
            uptime_s=self.loop.clock() - self.started_at,
            errors=self.recent_errors,
            stats=self.stats,
            held=self.watcher.held_notice if self.watcher is not None else "",
        )

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
        self.loop.close()
        self.stage.refresh()
        self._sync_page()
        self._schedule()

    # -------------------------------------------------------------- pages

    @property
    def detail_page(self) -> DetailPage:
        if self._detail is None:
            self._detail = DetailPage(self)
            self._detail.back.connect(self.loop.close)
            self._detail.swiped.connect(lambda step: self.loop.next() if step > 0 else self.loop.previous())
            self._detail.related_chosen.connect(self.loop.go_to)
            self._detail.gestures.touched.connect(self.loop.touched)
            self.pages.addWidget(self._detail)
        return self._detail

    @property
    def overview_page(self) -> OverviewPage:
        if self._overview is None:
            self._overview = OverviewPage(self)
            self._overview.back.connect(self.loop.close)
            self._overview.chosen.connect(self._on_overview_choice)
            self.pages.addWidget(self._overview)
        return self._overview

    def open_detail(self) -> None:
        self.detail_page.show_card(self.loop.current, self.bundle.manifest)
        self.loop.open(Mode.DETAIL)

    def open_overview(self) -> None:
        self.overview_page.show_manifest(self.bundle.manifest, self.loop.current.id)
        self.loop.open(Mode.OVERVIEW)

    def _on_overview_choice(self, card_id: str) -> None:
        self.loop.go_to(card_id)
        self.loop.close()

    def _sync_page(self) -> None:
        """Show the page the loop's mode asks for."""
        mode = self.loop.mode
        if self.recovery.running or self.staff.is_open:
            return
        if not self.is_open:
            self.closed_screen.theme = self.bundle.manifest.display.theme
            self.closed_screen.organisation = self.bundle.manifest.organisation
            self.pages.setCurrentWidget(self.closed_screen)
        elif mode is Mode.DETAIL:
            self.pages.setCurrentWidget(self.detail_page)
        elif mode is Mode.OVERVIEW:
            self.pages.setCurrentWidget(self.overview_page)
        elif self.pages.currentWidget() is not self.stage:
            self.stage.settle()
            self.pages.setCurrentWidget(self.stage)

    # -------------------------------------------------------------- touch on the card

    def _on_stage_drag(self, dx: float) -> None:
        step = 1 if dx < 0 else -1
        neighbour = (self.loop.index + step) % len(self.loop)
        self.stage.drag(dx, self.scene_for(neighbour) if len(self.loop) > 1 else None)

    def _on_stage_gesture(self, outcome: Outcome) -> None:
        gesture = outcome.gesture
        if gesture is Gesture.TAP and corner_at(outcome.x, outcome.y, self.width(), self.height()) is not None:
            # The staff corner: taps there only count towards the staff panel.
            if self.corner_taps.tap(outcome.x, outcome.y, self.width(), self.height()):
                self.open_staff_panel()
            return
        if gesture is Gesture.TAP:
            self.stage.snap_back()
            if self.stage.hit(outcome.x, outcome.y) == "overview":
                self.open_overview()
            else:
                self.open_detail()
        elif gesture is Gesture.SWIPE_LEFT:
            self.loop.next()
        elif gesture is Gesture.SWIPE_RIGHT:
            self.loop.previous()
        else:
            self.stage.snap_back()

    # -------------------------------------------------------------- warm-up

    @property
    def warmed_up(self) -> bool:
        return self._warm

    def warm_up(self) -> None:
        """After the first frame: load the chart library and draw a chart of each kind
        offscreen, so that even the first tap opens a detail page at once.

        One step per turn of the event loop (the warm-up timer calls this again):
        the library, then the page, then one chart at a time, each the smallest of
        its kind, so the loop (and the watchdog's ping) never waits long.
        """
        if self._warm:
            return
        if self.loop.mode is not Mode.ATTRACT:
            self._finish_warm_up()  # a visitor was quicker: the page is in use, and warm already
            return
        if self._warm_steps is None:
            self._warm_started = time.perf_counter()
            self._warm_steps = self._warm_up_steps()
        step = next(self._warm_steps, None)
        if step is None:
            self._finish_warm_up()
            return
        log.debug("warm-up: %s", step)
        self.warm_up_timer.start(WARM_UP_STEP_MS)

    def _finish_warm_up(self) -> None:
        self._warm = True
        self._warm_steps = None
        self.warm_up_timer.stop()
        if self._warm_started is not None:
            log.info("detail page warmed up in %.0f ms", (time.perf_counter() - self._warm_started) * 1000)

    def _warm_up_steps(self) -> Iterator[str]:
        import kiosk.ui.charts  # noqa: F401 - pyqtgraph: the one step that cannot be cut smaller

        yield "chart library"
        page = self.detail_page
        page.resize(self.size())
        page.ensure_chart_view()
        yield "detail page"
        for card_id in warm_up_cards(self.bundle.manifest):
            card = self.bundle.manifest.card(card_id)  # content may have changed between steps
            if card is None or self.loop.mode is not Mode.ATTRACT:
                continue
            page.show_card(card, self.bundle.manifest, animate=False)
            page.settle()
            page.render(QImage(page.size(), QImage.Format.Format_RGB32))
            yield card_id

    def _show_current(self, *, forward: bool = True, animate: bool = True) -> None:
        self.stage.show_scene(self.scene_for(self.loop.index), forward=forward, animate=animate)
        self._schedule()

    def _schedule(self) -> None:
        wait = self.loop.seconds_to_next_event()
        if wait is None or not self.is_open:
            self.card_timer.stop()
            return
        self.card_timer.start(max(1, round(wait * 1000)))

    def tick(self) -> None:
        """Let the loop act on the time (the card timer calls this)."""
        if not self.is_open:
            return
        self._return_reason = ReturnReason.IDLE  # a return now is the idle timeout's
        slide = self.loop.tick()
        self._return_reason = ReturnReason.BACK
        if slide is None:
            self._schedule()

    # -------------------------------------------------------------- input

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        self._input_kind = Trigger.KEY
        if key in NEXT_KEYS:
            self.loop.next()
        elif key in PREVIOUS_KEYS:
            self.loop.previous()
        elif key == Qt.Key.Key_Home:
            self.loop.first()
        elif key == Qt.Key.Key_P:
            paused = self.loop.toggle_pause()
            log.info("rotation %s", "paused" if paused else "resumed")
        elif key == Qt.Key.Key_F11:
            self.toggle_fullscreen()
        elif key == Qt.Key.Key_Escape and self.loop.mode is not Mode.ATTRACT:
            self.loop.close()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.loop.mode is Mode.ATTRACT:
            self.open_detail()
        elif key == Qt.Key.Key_O and self.loop.mode is Mode.ATTRACT:
            self.open_overview()
        else:
            super().keyPressEvent(event)
            return
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
        self.card_timer.stop()
        self.warm_up_timer.stop()
        self.hours_timer.stop()
        self.recent_errors.detach()
        if self.stats is not None:
            self.stats.stop()
        if self.watcher is not None:
            self.watcher.stop()
        self.stage.stop_animations()
        super().closeEvent(event)


def warm_up_cards(manifest: Manifest) -> list[str]:
    """Ids of the cards whose charts the warm-up draws: the smallest chart of each kind, if small."""
    smallest: dict[ChartType, tuple[int, str]] = {}
    for card in manifest.play_order():
        chart = card.detail.chart if card.detail else None
        if chart is None:
            continue
        size = len(chart.categories) * max(1, len(chart.series))
        if size > WARM_UP_MAX_VALUES:
            continue
        if chart.type not in smallest or size < smallest[chart.type][0]:
            smallest[chart.type] = (size, card.id)
    return [card_id for _size, card_id in smallest.values()][:WARM_UP_CHARTS]


def place_on_screen(window: QWidget, screen_index: int | None, fullscreen: bool) -> None:
    """Put the window on its screen before going fullscreen.

    On Wayland an application cannot position itself; the compositor decides.
    """
    screens = QGuiApplication.screens()
    screen: QScreen | None = QGuiApplication.primaryScreen()
    if screen_index is not None:
        if 0 <= screen_index < len(screens):
            screen = screens[screen_index]
        else:
            log.warning("there is no screen %d (found %d); using the primary screen", screen_index, len(screens))
    if fullscreen:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    if screen is not None:
        window.setScreen(screen)
        geometry = screen.availableGeometry()
        if fullscreen:
            window.setGeometry(screen.geometry())
        else:
            width, height = WINDOWED_SIZE
            window.resize(min(width, geometry.width()), min(height, geometry.height()))
            window.move(geometry.center() - window.rect().center())
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()
