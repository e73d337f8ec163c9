"""The presenter's vocabulary: the actions input asks for and the events the window hears.

:class:`Action` names what a key or a finger asks for (:data:`KEY_ACTIONS`
maps Qt's key names without ``Key_``); the dataclasses are what
:class:`~kiosk.core.presenter.KioskPresenter` emits besides the loop's own
events, and :data:`PresenterEvent` is their union.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from kiosk.core.attract import LoopEvent
from kiosk.core.bundle import Bundle
from kiosk.core.gestures import Gesture


class Action(StrEnum):
    """What a visitor, a presenter or staff asked for."""

    NEXT = "next"
    PREVIOUS = "previous"
    FIRST = "first"
    TOGGLE_PAUSE = "toggle_pause"
    OPEN_DETAIL = "open_detail"
    OPEN_OVERVIEW = "open_overview"
    CLOSE = "close"  # back to the attract loop
    STAFF = "staff"  # the staff panel (behind the PIN)
    TOGGLE_FULLSCREEN = "toggle_fullscreen"  # the window's business: the presenter only names it


# Qt's key names without their ``Key_`` prefix.
KEY_ACTIONS: dict[str, Action] = {
    "Right": Action.NEXT,
    "PageDown": Action.NEXT,
    "Space": Action.NEXT,
    "Down": Action.NEXT,
    "Left": Action.PREVIOUS,
    "PageUp": Action.PREVIOUS,
    "Up": Action.PREVIOUS,
    "Home": Action.FIRST,
    "P": Action.TOGGLE_PAUSE,
    "F11": Action.TOGGLE_FULLSCREEN,
    "Escape": Action.CLOSE,
    "Return": Action.OPEN_DETAIL,
    "Enter": Action.OPEN_DETAIL,
    "O": Action.OPEN_OVERVIEW,
}
SWIPE_ACTIONS: dict[Gesture, Action] = {Gesture.SWIPE_LEFT: Action.NEXT, Gesture.SWIPE_RIGHT: Action.PREVIOUS}
# A key opens a page only from the loop, and Esc closes only an open page; otherwise the key is not ours.
ONLY_IN_ATTRACT = frozenset({Action.OPEN_DETAIL, Action.OPEN_OVERVIEW})
ONLY_ON_A_PAGE = frozenset({Action.CLOSE})


@dataclass(frozen=True)
class ContentChanged:
    """New content is on screen from this card on: fonts, transition and title come from ``bundle``."""

    bundle: Bundle


@dataclass(frozen=True)
class OpeningChanged:
    """The hall opened (the loop runs again) or closed (the screen rests)."""

    is_open: bool


@dataclass(frozen=True)
class StaffRequested:
    """Staff asked for their panel (five taps in the corner)."""


@dataclass(frozen=True)
class IdleCountdown:
    """The page closes by itself in ``seconds`` (whole, counting down); ``None``: no countdown (any more)."""

    seconds: int | None


class Notice(Protocol):
    """A notice received from the feed (:class:`kiosk.feed.notices.Notice`), its text already checked."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def until(self) -> datetime: ...  # aware


@dataclass(frozen=True)
class NoticeShown:
    """A notice not shown before fills the screen: once per notice id, until touched or for a while."""

    notice: Notice


@dataclass(frozen=True)
class BannerChanged:
    """The banner over the rotation shows ``notice``; ``None``: no banner (expired, withdrawn, or full screen)."""

    notice: Notice | None


PresenterEvent = (
    LoopEvent | ContentChanged | OpeningChanged | StaffRequested | NoticeShown | BannerChanged | IdleCountdown
)
