"""The attract loop: which card is on screen, for how long, and what comes next.

A Qt-free state machine with an injected clock.  Widgets ask it what to show
and when to ask again; tests drive the clock instead of sleeping.  Every
change is announced as a typed event that carries its own cause: a
:class:`CardChanged` says what brought the card (:class:`Trigger`), a
:class:`ModeChanged` back to the loop says why (:class:`ReturnReason`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from kiosk.core.clock import MonotonicClock
from kiosk.core.model import Card

log = logging.getLogger(__name__)

DEFAULT_CARD_DURATION_S = 10.0
DEFAULT_IDLE_TIMEOUT_S = 60.0


class Move(StrEnum):
    """How the card changed: transitions care."""

    AUTO = "auto"
    NEXT = "next"
    PREVIOUS = "previous"
    FIRST = "first"
    JUMP = "jump"
    RELOAD = "reload"


class Trigger(StrEnum):
    """What brought a card on screen (the statistics keep it)."""

    AUTO = "auto"  # the attract loop's rotation, or new content
    TOUCH = "touch"  # a visitor swiped or tapped
    KEY = "key"  # a keyboard or presenter remote
    JUMP = "jump"  # chosen from the overview or a related-card link


class ReturnReason(StrEnum):
    """Why a visitor's page closed and the loop came back."""

    IDLE = "idle"  # nobody touched the screen for a while
    BACK = "back"  # the visitor went back themselves (or the kiosk did: recovery, opening)


class Mode(StrEnum):
    ATTRACT = "attract"  # rotating by itself, nobody at the screen
    DETAIL = "detail"  # a visitor opened a card's detail
    OVERVIEW = "overview"  # a visitor opened the grid of all cards


@dataclass(frozen=True)
class CardChanged:
    """Another card is on screen."""

    index: int
    card: Card
    move: Move
    forward: bool
    trigger: Trigger


@dataclass(frozen=True)
class ModeChanged:
    """A visitor's page opened or closed; ``reason`` says why it closed (``None`` when one opened)."""

    mode: Mode
    previous: Mode
    reason: ReturnReason | None = None


@dataclass(frozen=True)
class PauseChanged:
    paused: bool


LoopEvent = CardChanged | ModeChanged | PauseChanged
EventT = TypeVar("EventT")


class Listeners(Generic[EventT]):
    """Callbacks for one kind of event, called in the order they connected."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[EventT], None]] = []

    def connect(self, callback: Callable[[EventT], None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[EventT], None]) -> None:
        self._callbacks.remove(callback)

    def emit(self, event: EventT) -> None:
        for callback in list(self._callbacks):
            callback(event)

    def __len__(self) -> int:
        return len(self._callbacks)


class AttractLoop:
    """The rotating deck of cards, with pause, presenter mode and idle return.

    ``events`` hears a :class:`CardChanged`, :class:`ModeChanged` or
    :class:`PauseChanged` for each change.  Input methods take the
    :class:`Trigger` of the input; the loop's own changes are ``AUTO``.
    """

    def __init__(
        self,
        cards: Sequence[Card],
        *,
        clock: MonotonicClock,
        default_duration: float = DEFAULT_CARD_DURATION_S,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT_S,
        presenter: bool = False,
    ) -> None:
        if not cards:
            raise ValueError("an attract loop needs at least one card")
        self._cards = list(cards)
        self.default_duration = default_duration
        self.idle_timeout = idle_timeout
        self.clock = clock
        self.presenter = presenter
        self.paused = False
        self.mode = Mode.ATTRACT
        self.index = 0
        self.shown_at = clock()
        self.last_input_at: float | None = None
        self._staged: tuple[list[Card], float, float] | None = None
        self.events: Listeners[LoopEvent] = Listeners()

    # -------------------------------------------------------------- reading

    @property
    def cards(self) -> list[Card]:
        return list(self._cards)

    @property
    def current(self) -> Card:
        return self._cards[self.index]

    def __len__(self) -> int:
        return len(self._cards)

    def duration(self, card: Card | None = None) -> float:
        card = card or self.current
        return card.duration if card.duration is not None else self.default_duration

    @property
    def rotating(self) -> bool:
        return not (self.paused or self.presenter or self.mode is not Mode.ATTRACT)

    def seconds_to_next_event(self) -> float | None:
        """When ``tick`` next has something to do; ``None`` when nothing is due."""
        now = self.clock()
        waits = []
        if self.rotating:
            waits.append(self.shown_at + self.duration() - now)
        if self.mode is not Mode.ATTRACT and self.last_input_at is not None:
            waits.append(self.last_input_at + self.idle_timeout - now)
        return max(0.0, min(waits)) if waits else None

    # -------------------------------------------------------------- time

    def tick(self) -> CardChanged | None:
        """Advance if the current card's time is up; return to attract when idle."""
        now = self.clock()
        idle = self.last_input_at is not None and now - self.last_input_at >= self.idle_timeout
        if self.mode is not Mode.ATTRACT and idle:
            self.paused = False
            self.shown_at = now
            self._set_mode(Mode.ATTRACT, ReturnReason.IDLE)
        if self.rotating and now - self.shown_at >= self.duration():
            return self._go((self.index + 1) % len(self._cards), Move.AUTO, Trigger.AUTO, forward=True)
        return None

    # -------------------------------------------------------------- input

    def next(self, trigger: Trigger = Trigger.KEY) -> CardChanged:
        self._input()
        return self._go((self.index + 1) % len(self._cards), Move.NEXT, trigger, forward=True)

    def previous(self, trigger: Trigger = Trigger.KEY) -> CardChanged:
        self._input()
        return self._go((self.index - 1) % len(self._cards), Move.PREVIOUS, trigger, forward=False)

    def first(self, trigger: Trigger = Trigger.KEY) -> CardChanged:
        self._input()
        return self._go(0, Move.FIRST, trigger, forward=False)

    def go_to(self, card_id: str) -> CardChanged | None:
        """A card chosen by name (the overview, a related card): its trigger is ``JUMP``."""
        self._input()
        for i, card in enumerate(self._cards):
            if card.id == card_id:
                log.info("jump to card %s (%s)", card_id, self.mode.value)
                return self._go(i, Move.JUMP, Trigger.JUMP, forward=i >= self.index)
        return None

    def resume_at(self, card_id: str) -> bool:
        """Start on ``card_id`` (after a restart), quietly; False if it is gone."""
        for i, card in enumerate(self._cards):
            if card.id == card_id:
                self.index = i
                self.shown_at = self.clock()
                return True
        return False

    def toggle_pause(self) -> bool:
        self.paused = not self.paused
        if not self.paused:
            self.shown_at = self.clock()
        self.events.emit(PauseChanged(self.paused))
        return self.paused

    def open(self, mode: Mode) -> None:
        """A visitor opened the detail or the overview: rotation waits."""
        self._input()
        self._set_mode(mode, None)

    def close(self, reason: ReturnReason = ReturnReason.BACK) -> None:
        self._input()
        self.shown_at = self.clock()
        self._set_mode(Mode.ATTRACT, reason)

    def touched(self) -> None:
        """Any input: keeps the visitor's page open and the card on screen."""
        self._input()

    def _input(self) -> None:
        now = self.clock()
        self.last_input_at = now
        if self.mode is Mode.ATTRACT:
            self.shown_at = now  # a visitor is looking: give them the card's full time

    def _set_mode(self, mode: Mode, reason: ReturnReason | None) -> None:
        previous, self.mode = self.mode, mode
        if mode is not previous:
            why = f" ({reason.value})" if reason is not None and mode is Mode.ATTRACT else ""
            log.info("%s -> %s%s at card %s", previous.value, mode.value, why, self.current.id)
            self.events.emit(ModeChanged(mode, previous, reason if mode is Mode.ATTRACT else None))

    # -------------------------------------------------------------- content

    def stage(self, cards: Sequence[Card], default_duration: float, idle_timeout: float) -> None:
        """New content, swapped in at the next card boundary."""
        if not cards:
            raise ValueError("an attract loop needs at least one card")
        self._staged = (list(cards), default_duration, idle_timeout)

    @property
    def has_staged(self) -> bool:
        return self._staged is not None

    def apply_staged(self) -> CardChanged | None:
        """Swap in staged content now, keeping the current card when it still exists."""
        if self._staged is None:
            return None
        cards, self.default_duration, self.idle_timeout = self._staged
        self._staged = None
        current_id = self.current.id
        self._cards = cards
        ids = [c.id for c in cards]
        index = ids.index(current_id) if current_id in ids else min(self.index, len(cards) - 1)
        return self._go(index, Move.RELOAD, Trigger.AUTO, forward=True)

    def _go(self, index: int, move: Move, trigger: Trigger, *, forward: bool) -> CardChanged:
        if self._staged is not None and move is not Move.RELOAD:
            staged_ids = [c.id for c in self._staged[0]]
            target = self._cards[index].id
            self.apply_staged_silently()
            index = staged_ids.index(target) if target in staged_ids else index % len(self._cards)
        self.index = index
        self.shown_at = self.clock()
        event = CardChanged(index, self._cards[index], move, forward, trigger)
        self.events.emit(event)
        return event

    def apply_staged_silently(self) -> None:
        if self._staged is not None:
            self._cards, self.default_duration, self.idle_timeout = self._staged
            self._staged = None
