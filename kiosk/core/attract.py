"""The attract loop: which card is on screen, for how long, and what comes next.

A Qt-free state machine with an injected clock.  Widgets ask it what to show
and when to ask again; tests drive the clock instead of sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.core.model import Card

DEFAULT_CARD_DURATION_S = 10.0


class Clock(Protocol):
    def __call__(self) -> float:
        """Seconds on a monotonic scale."""
        ...


def monotonic_clock() -> float:
    return time.monotonic()


class Move(StrEnum):
    """Why the card changed: statistics and transitions care."""

    AUTO = "auto"
    NEXT = "next"
    PREVIOUS = "previous"
    FIRST = "first"
    JUMP = "jump"
    RELOAD = "reload"


class Mode(StrEnum):
    ATTRACT = "attract"  # rotating by itself, nobody at the screen
    DETAIL = "detail"  # a visitor opened a card's detail
    OVERVIEW = "overview"  # a visitor opened the grid of all cards


@dataclass(frozen=True)
class Slide:
    """What the screen shows after a change."""

    index: int
    card: Card
    move: Move
    forward: bool


class AttractLoop:
    """The rotating deck of cards, with pause, presenter mode and idle return.

    ``listeners`` are called with a :class:`Slide` whenever the card changes,
    and with ``None`` when only the mode or pause state changed.
    """

    def __init__(
        self,
        cards: Sequence[Card],
        *,
        default_duration: float = DEFAULT_CARD_DURATION_S,
        idle_timeout: float = 60.0,
        clock: Clock = monotonic_clock,
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
        self.listeners: list[Callable[[Slide | None], None]] = []

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

    def tick(self) -> Slide | None:
        """Advance if the current card's time is up; return to attract when idle."""
        now = self.clock()
        idle = self.last_input_at is not None and now - self.last_input_at >= self.idle_timeout
        if self.mode is not Mode.ATTRACT and idle:
            self.mode = Mode.ATTRACT
            self.paused = False
            self.shown_at = now
            self._notify(None)
        if self.rotating and now - self.shown_at >= self.duration():
            return self._go((self.index + 1) % len(self._cards), Move.AUTO, forward=True)
        return None

    # -------------------------------------------------------------- input

    def next(self) -> Slide:
        self._input()
        return self._go((self.index + 1) % len(self._cards), Move.NEXT, forward=True)

    def previous(self) -> Slide:
        self._input()
        return self._go((self.index - 1) % len(self._cards), Move.PREVIOUS, forward=False)

    def first(self) -> Slide:
        self._input()
        return self._go(0, Move.FIRST, forward=False)

    def go_to(self, card_id: str) -> Slide | None:
        self._input()
        for i, card in enumerate(self._cards):
            if card.id == card_id:
                return self._go(i, Move.JUMP, forward=i >= self.index)
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
        self._notify(None)
        return self.paused

    def open(self, mode: Mode) -> None:
        """A visitor opened the detail or the overview: rotation waits."""
        self._input()
        self.mode = mode
        self._notify(None)

    def close(self) -> None:
        self._input()
        self.mode = Mode.ATTRACT
        self.shown_at = self.clock()
        self._notify(None)

    def touched(self) -> None:
        """Any input: keeps the visitor's page open and the card on screen."""
        self._input()

    def _input(self) -> None:
        now = self.clock()
        self.last_input_at = now
        if self.mode is Mode.ATTRACT:
            self.shown_at = now  # a visitor is looking: give them the card's full time

    # -------------------------------------------------------------- content

    def stage(self, cards: Sequence[Card], default_duration: float, idle_timeout: float) -> None:
        """New content, swapped in at the next card boundary."""
        if not cards:
            raise ValueError("an attract loop needs at least one card")
        self._staged = (list(cards), default_duration, idle_timeout)

    @property
    def has_staged(self) -> bool:
        return self._staged is not None

    def apply_staged(self) -> Slide | None:
        """Swap in staged content now, keeping the current card when it still exists."""
        if self._staged is None:
            return None
        cards, self.default_duration, self.idle_timeout = self._staged
        self._staged = None
        current_id = self.current.id
        self._cards = cards
        ids = [c.id for c in cards]
        index = ids.index(current_id) if current_id in ids else min(self.index, len(cards) - 1)
        return self._go(index, Move.RELOAD, forward=True)

    def _go(self, index: int, move: Move, *, forward: bool) -> Slide:
        if self._staged is not None and move is not Move.RELOAD:
            staged_ids = [c.id for c in self._staged[0]]
            target = self._cards[index].id
            self.apply_staged_silently()
            index = staged_ids.index(target) if target in staged_ids else index % len(self._cards)
        self.index = index
        self.shown_at = self.clock()
        slide = Slide(index, self._cards[index], move, forward)
        self._notify(slide)
        return slide

    def apply_staged_silently(self) -> None:
        if self._staged is not None:
            self._cards, self.default_duration, self.idle_timeout = self._staged
            self._staged = None

    def _notify(self, slide: Slide | None) -> None:
        for listener in list(self.listeners):
            listener(slide)
