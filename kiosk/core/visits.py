"""What the statistics record of the attract loop: each card shown, each page opened and closed."""

from __future__ import annotations

from kiosk.core.attract import Mode, ModeChanged, ReturnReason, Trigger
from kiosk.core.stats import StatsRecorder


def record_card(stats: StatsRecorder, bundle_id: str, card_id: str, trigger: Trigger, *, mode: Mode) -> None:
    """Card ``card_id`` of bundle ``bundle_id`` is on screen; on a detail page, its page is a new view."""
    stats.bundle_id = bundle_id
    if mode is Mode.DETAIL:
        stats.detail_closed()
        stats.detail_opened(card_id)
    stats.card_shown(card_id, trigger)


def record_mode(stats: StatsRecorder, event: ModeChanged, card_id: str) -> None:
    """A page opened or closed over card ``card_id``: the detail view it ends or starts, the return."""
    if event.previous is Mode.DETAIL:
        stats.detail_closed()
    if event.mode is Mode.DETAIL:
        stats.detail_opened(card_id)
    if event.mode is Mode.ATTRACT:
        stats.returned(event.reason or ReturnReason.BACK)
