"""What the kiosk decides, without Qt: the model the window renders.

:class:`KioskPresenter` owns the attract loop and the rules around it: what a
key or a gesture does, when the staff corner opens the PIN pad, what the
statistics and the resume state record, whether the hall is open and when to
look again, when new content takes over, and when a notice from the feed
fills the screen or runs as a banner.  The window turns Qt input into
:class:`Action` values (keys by name, e.g. ``"Right"``), listens to
:attr:`KioskPresenter.events` and draws the page the state asks for.

(Not to be confused with presenter *mode*, a talk given with a clicker: that
is the ``presenter`` flag passed on to the loop.)
"""

from __future__ import annotations

import logging

from kiosk.core.attract import (
    AttractLoop,
    CardChanged,
    Listeners,
    LoopEvent,
    Mode,
    ModeChanged,
    PauseChanged,
    ReturnReason,
    Trigger,
)
from kiosk.core.bundle import Bundle
from kiosk.core.clock import Clocks
from kiosk.core.corner import CornerTaps, corner_at
from kiosk.core.gestures import Gesture
from kiosk.core.idle import IDLE_COUNTDOWN_S, countdown_length, countdown_wait, second_shown
from kiosk.core.opening import HOURS_RECHECK_MAX_S, HOURS_RECHECK_MIN_S, seconds_to_look_again
from kiosk.core.opening_notice import ClosedNotice, closed_notice
from kiosk.core.presenter_events import (
    KEY_ACTIONS,
    ONLY_IN_ATTRACT,
    ONLY_ON_A_PAGE,
    SWIPE_ACTIONS,
    Action,
    BannerChanged,
    ContentChanged,
    IdleCountdown,
    Notice,
    NoticeShown,
    OpeningChanged,
    PresenterEvent,
    StaffRequested,
)
from kiosk.core.schedule import OpeningHours
from kiosk.core.settings import load_state, save_state
from kiosk.core.stats import PRUNE_INTERVAL_S, StatsRecorder
from kiosk.core.visits import record_card, record_mode

__all__ = [
    "HOURS_RECHECK_MAX_S",
    "HOURS_RECHECK_MIN_S",
    "IDLE_COUNTDOWN_S",
    "KEY_ACTIONS",
    "NOTICE_FULL_SCREEN_S",
    "ONLY_IN_ATTRACT",
    "ONLY_ON_A_PAGE",
    "SWIPE_ACTIONS",
    "TAP_AFTER_CLOSE_GUARD_S",
    "Action",
    "BannerChanged",
    "ContentChanged",
    "IdleCountdown",
    "KioskPresenter",
    "Notice",
    "NoticeShown",
    "OpeningChanged",
    "PresenterEvent",
    "StaffRequested",
]

log = logging.getLogger(__name__)

NOTICE_FULL_SCREEN_S = 15.0  # a new notice fills the screen this long (or until touched), then runs as a banner
# A tap on the card this soon after a page closed was the second of a double tap on "〈 返回":
# it landed on the card below, and must not open the page again.
TAP_AFTER_CLOSE_GUARD_S = 0.5


class KioskPresenter:
    """The kiosk's state and rules; the window only renders them.

    ``events`` hears every event of the loop (after the statistics have
    recorded it) and :class:`ContentChanged`, :class:`OpeningChanged` and
    :class:`StaffRequested`.  :meth:`start` records the first card and looks
    at the opening hours; call it once the listeners are connected.
    """

    def __init__(
        self,
        bundle: Bundle,
        *,
        clocks: Clocks,
        presenter: bool = False,
        stats: StatsRecorder | None = None,
        hours: OpeningHours | None = None,
        resume: bool = False,
    ) -> None:
        self.bundle = bundle
        self.clocks = clocks
        self.stats = stats
        self.hours = hours
        self.resume = resume
        display = bundle.manifest.display
        self.loop = AttractLoop(
            bundle.manifest.play_order(),
            default_duration=display.card_duration,
            idle_timeout=display.idle_timeout,
            clock=clocks.monotonic,
            presenter=presenter,
        )
        self.corner_taps = CornerTaps(clocks.monotonic)  # staff only: five taps in the top-left corner
        self.events: Listeners[PresenterEvent] = Listeners()
        self.is_open = True
        self.started_at = clocks.monotonic()
        self._pruned_at = self.started_at  # the recorder prunes when it opens
        self._pending: Bundle | None = None  # offered content, until the loop swaps it in
        self._apply_next_update = False  # staff asked for a reload: show it as soon as it is loaded
        self.notice: Notice | None = None  # received and not expired
        self.notice_full_screen = False
        self._notice_since = 0.0  # on the monotonic clock: when the notice filled the screen
        self._announced: set[str] = set()  # notice ids shown full screen already
        self._page_closed_at: float | None = None  # on the monotonic clock: a page last closed
        self.countdown: int | None = None  # seconds shown before the idle return; None: no countdown
        if resume:
            state = load_state()
            if state is not None and state.bundle_id == bundle.manifest.id and self.loop.resume_at(state.card_id):
                log.info("resuming at card %s", state.card_id)
        self.loop.events.connect(self._on_loop)

    def start(self) -> float | None:
        """The first card is on screen: record it and look at the clock (see :meth:`check_hours`)."""
        self._record_card(Trigger.AUTO)
        return self.check_hours()

    @property
    def uptime_s(self) -> float:
        return self.clocks.monotonic() - self.started_at

    # -------------------------------------------------------------- input

    def key(self, name: str) -> Action | None:
        """A key by Qt's name (``"Right"``, ``"Escape"``): the action taken, or ``None`` when the key is not ours."""
        action = KEY_ACTIONS.get(name)
        if action is None:
            return None
        if self.notice_full_screen and action is not Action.TOGGLE_FULLSCREEN:
            self.dismiss_notice()  # any of our keys only takes the notice away
            return Action.CLOSE
        attract = self.loop.mode is Mode.ATTRACT
        if (action in ONLY_IN_ATTRACT and not attract) or (action in ONLY_ON_A_PAGE and attract):
            return None
        self.perform(action, Trigger.KEY)
        return action

    def stage_gesture(
        self, gesture: Gesture, x: float, y: float, width: float, height: float, *, on_overview_button: bool = False
    ) -> Action | None:
        """What a finger on the card asks for; ``None`` for nothing (the card snaps back).

        A tap in a corner of the screen only counts towards the staff panel
        (:data:`Action.STAFF` on the last of the taps) and opens nothing else.
        """
        if gesture is Gesture.TAP:
            if corner_at(x, y, width, height, self.corner_taps.corner_share) is not None:
                return Action.STAFF if self.corner_taps.tap(x, y, width, height) else None
            if self._just_closed_page():
                return None  # the second tap of a double tap on "〈 返回"
            return Action.OPEN_OVERVIEW if on_overview_button else Action.OPEN_DETAIL
        return SWIPE_ACTIONS.get(gesture)

    def _just_closed_page(self) -> bool:
        closed = self._page_closed_at
        return closed is not None and self.clocks.monotonic() - closed < TAP_AFTER_CLOSE_GUARD_S

    def perform(self, action: Action, trigger: Trigger = Trigger.KEY) -> None:
        loop = self.loop
        if action is Action.NEXT:
            loop.next(trigger)
        elif action is Action.PREVIOUS:
            loop.previous(trigger)
        elif action is Action.FIRST:
            loop.first(trigger)
        elif action is Action.TOGGLE_PAUSE:
            self.toggle_pause()
        elif action is Action.OPEN_DETAIL:
            loop.open(Mode.DETAIL)
        elif action is Action.OPEN_OVERVIEW:
            loop.open(Mode.OVERVIEW)
        elif action is Action.CLOSE:
            loop.close(ReturnReason.BACK)
        elif action is Action.STAFF:
            log.info("staff panel requested")
            self.events.emit(StaffRequested())
        self._update_countdown()

    def toggle_pause(self) -> bool:
        paused = self.loop.toggle_pause()
        log.info("rotation %s", "paused" if paused else "resumed")
        return paused

    def visitor_touched(self) -> None:
        """A finger (or the mouse) came down on the card: counted, and the visitor's time starts again."""
        self.loop.touched()
        if self.stats is not None:
            self.stats.touched()
        self._update_countdown()

    def still_here(self) -> None:
        """Any input on an open page (a touch, a key, the mouse): its time starts again, a countdown ends."""
        self.loop.touched()
        self._update_countdown()

    def choose_from_overview(self, card_id: str) -> None:
        self.loop.go_to(card_id)
        self.loop.close(ReturnReason.BACK)
        self._update_countdown()

    # -------------------------------------------------------------- time

    def tick(self) -> CardChanged | None:
        """Let the loop act on the time; nothing happens while the hall is closed or a notice fills the screen."""
        if not self.is_open or self.notice_full_screen:
            return None
        changed = self.loop.tick()
        self._update_countdown()
        return changed

    def seconds_to_next_tick(self) -> float | None:
        """When :meth:`tick` has something to do; ``None`` while closed, under a notice, or when nothing is due."""
        if not self.is_open or self.notice_full_screen:
            return None
        waits = [wait for wait in (self.loop.seconds_to_next_event(), self._countdown_wait()) if wait is not None]
        return min(waits) if waits else None

    # -------------------------------------------------------------- the idle countdown

    @property
    def countdown_s(self) -> float:
        """How long before the idle return the countdown shows: at most half the idle timeout."""
        return countdown_length(self.loop.idle_timeout)

    def _idle_left(self) -> float | None:
        """Seconds until an open page closes by itself; ``None`` when none will (no page, closed, a notice)."""
        loop = self.loop
        if not self.is_open or self.notice_full_screen or loop.mode is Mode.ATTRACT or loop.last_input_at is None:
            return None
        return loop.last_input_at + loop.idle_timeout - self.clocks.monotonic()

    def _countdown_wait(self) -> float | None:
        """Seconds until the countdown starts or shows its next second; ``None`` when there is none to come."""
        return countdown_wait(self._idle_left(), self.countdown_s)

    def _update_countdown(self) -> None:
        """Announce the countdown's second when it changes (:class:`IdleCountdown`), and its end."""
        shown = second_shown(self._idle_left(), self.countdown_s)
        if shown != self.countdown:
            if shown is not None and self.countdown is None:
                log.info("idle countdown: back to the attract loop in %d s unless touched", shown)
            elif shown is None and self._idle_left() is not None:
                log.info("idle countdown cancelled: the visitor is still here")
            self.countdown = shown
            self.events.emit(IdleCountdown(shown))

    def check_hours(self) -> float | None:
        """Open or close by the opening hours; seconds until looking again (``None``: never)."""
        if self.hours is None:
            return None
        now = self.clocks.local_time()
        open_now = self.hours.is_open(now)
        if open_now != self.is_open:
            self.is_open = open_now
            if open_now:
                log.info("opening hours begin: the attract loop resumes")
                self.loop.close(ReturnReason.BACK)
                self._record_card(Trigger.AUTO)
            else:
                log.info("outside opening hours: the screen rests")
                if self.stats is not None:
                    self.stats.stop()
                if self.notice_full_screen and self.notice is not None:
                    self.notice_full_screen = False  # not shown to an empty hall: announced again at opening
                    self._announced.discard(self.notice.id)
            self.events.emit(OpeningChanged(open_now))
            self._update_countdown()
            if open_now:
                self._announce_notice()
        return seconds_to_look_again(self.hours, now, is_open=self.is_open)

    def closed_notice(self) -> ClosedNotice:
        """What the closed screen says now: why it rests and when the kiosk opens next."""
        return closed_notice(self.hours, self.clocks.local_time())

    def keep_stats_small(self) -> float:
        """Prune the statistics once a day of running has passed; seconds until the next time is due."""
        now = self.clocks.monotonic()
        if now - self._pruned_at >= PRUNE_INTERVAL_S:
            self._pruned_at = now
            if self.stats is not None:
                self.stats.prune()
        return max(HOURS_RECHECK_MIN_S, self._pruned_at + PRUNE_INTERVAL_S - now)

    def stop(self) -> None:
        """Nothing is on screen any more (the window closes): end the open views."""
        if self.stats is not None:
            self.stats.stop()

    # -------------------------------------------------------------- new content

    def offer(self, bundle: Bundle) -> None:
        """New valid content: it replaces the current one at the next card (at once after a staff reload)."""
        if self._pending is not None and self._pending is not bundle:
            self._pending.close()
        self._pending = bundle
        display = bundle.manifest.display
        self.loop.stage(bundle.manifest.play_order(), display.card_duration, display.idle_timeout)
        if self._apply_next_update:
            self._apply_next_update = False
            self.loop.apply_staged()

    def reload_requested(self, *, watching: bool) -> None:
        """Staff asked for the bundle to be read again: what is waiting shows now, what is loaded next too."""
        if self._pending is not None:
            self.loop.apply_staged()
        if watching:
            self._apply_next_update = True

    def reload_finished(self) -> None:
        """A load ended with nothing new: later changes wait for the next card again."""
        self._apply_next_update = False

    def show_staged_now(self) -> None:
        """Staff confirmed held content: it shows at once."""
        self.loop.apply_staged()

    @property
    def has_pending(self) -> bool:
        return self._pending is not None

    def _take_pending(self) -> None:
        if self._pending is None or self.loop.has_staged:
            return
        old, self.bundle, self._pending = self.bundle, self._pending, None
        if old is not self.bundle:
            old.close()
        self.events.emit(ContentChanged(self.bundle))

    @property
    def invites_touch(self) -> bool:
        """Whether the card on screen invites a visitor to touch it (a hand tapping its button now and then).

        Only in the attract loop of a kiosk that is open: never in presenter
        mode (a talk), on a page, over a full-screen notice or while closed.
        """
        return (
            self.is_open and not self.loop.presenter and not self.notice_full_screen and self.loop.mode is Mode.ATTRACT
        )

    # -------------------------------------------------------------- notices

    @property
    def banner(self) -> Notice | None:
        """The notice the banner over the rotation shows now, or ``None``."""
        return None if self.notice_full_screen else self.notice

    def receive_notice(self, notice: Notice | None) -> None:
        """The feed's notice for this hall now (``None``: none, or withdrawn); its text was checked on receipt.

        A notice id not seen before fills the screen once (as soon as the
        loop is on screen and the hall open), then runs as a banner until
        its ``until``.
        """
        if notice is not None and not self._is_current(notice):
            notice = None
        previous = self.notice
        if notice is None:
            if previous is not None:
                log.info("notice %s withdrawn or over: the banner goes", previous.id)
                self._end_notice()
            return
        if previous is not None and previous.id == notice.id and previous.until == notice.until:
            return
        self.notice = notice
        log.info("notice %s received, until %s", notice.id, notice.until.isoformat())
        if not self._announce_notice():
            self.events.emit(BannerChanged(self.banner))

    def dismiss_notice(self) -> None:
        """A touch on the full-screen notice: back to the rotation, the notice now a banner."""
        if self.notice_full_screen:
            self.notice_full_screen = False
            self.events.emit(BannerChanged(self.notice))

    def check_notice(self) -> float | None:
        """End a full-screen notice whose time is up and a notice past its ``until``; seconds until next due."""
        if self.notice is None:
            return None
        if not self._is_current(self.notice):
            log.info("notice %s is over: the banner goes", self.notice.id)
            self._end_notice()
            return None
        waits = [self.notice.until.timestamp() - self.clocks.wall()]
        if self.notice_full_screen:
            left = self._notice_since + NOTICE_FULL_SCREEN_S - self.clocks.monotonic()
            if left <= 0:
                self.dismiss_notice()
            else:
                waits.append(left)
        return min(max(HOURS_RECHECK_MIN_S, min(waits)), HOURS_RECHECK_MAX_S)

    def _is_current(self, notice: Notice) -> bool:
        return self.clocks.wall() < notice.until.timestamp()

    def _announce_notice(self) -> bool:
        """Fill the screen with a notice not shown before, when the loop is on screen; whether it did."""
        notice = self.notice
        if notice is None or notice.id in self._announced or not self.is_open or self.loop.mode is not Mode.ATTRACT:
            return False
        self._announced.add(notice.id)
        self.notice_full_screen = True
        self._notice_since = self.clocks.monotonic()
        self.events.emit(NoticeShown(notice))
        return True

    def _end_notice(self) -> None:
        self.notice = None
        self.notice_full_screen = False
        self.events.emit(BannerChanged(None))

    # -------------------------------------------------------------- statistics and resume

    def _on_loop(self, event: LoopEvent) -> None:
        if isinstance(event, CardChanged):
            self._take_pending()
            self._record_card(event.trigger)
        elif isinstance(event, ModeChanged):
            if event.mode is Mode.ATTRACT:
                self._page_closed_at = self.clocks.monotonic()
            self._record_mode(event)
        elif not isinstance(event, PauseChanged):  # pragma: no cover - every kind is handled above
            raise TypeError(event)
        self.events.emit(event)
        if isinstance(event, ModeChanged):
            self._update_countdown()
        if isinstance(event, ModeChanged) and event.mode is Mode.ATTRACT:
            self._announce_notice()  # a notice that came while a visitor read a page

    def _record_card(self, trigger: Trigger) -> None:
        card = self.loop.current
        if self.stats is not None:
            record_card(self.stats, self.bundle.manifest.id, card.id, trigger, mode=self.loop.mode)
        if self.resume:
            save_state(self.bundle.manifest.id, card.id, clock=self.clocks.wall)

    def _record_mode(self, event: ModeChanged) -> None:
        if self.stats is not None:
            record_mode(self.stats, event, self.loop.current.id)
