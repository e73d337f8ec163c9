"""What one card is drawn from, independent of any widget: the card, its bundle and its place in the deck."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage

from kiosk.core.model import Card, Manifest, Theme
from kiosk.core.records import Record


@dataclass(frozen=True, eq=False, repr=False)
class DeckPosition(Record):
    """Where a card stands in the deck, for the progress indicator."""

    index: int
    total: int
    section_index: int
    # (section title, number of cards) for every section, in play order
    sections: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class CardScene(Record):
    """Everything needed to draw one card, independent of any widget."""

    card: Card
    manifest: Manifest
    position: DeckPosition
    image: QImage | None = None
    show_touch_hint: bool = True
    icon: QImage | None = None

    @property
    def theme(self) -> Theme:
        return self.manifest.display.theme


def deck_positions(manifest: Manifest) -> list[DeckPosition]:
    """A :class:`DeckPosition` for each card of ``manifest`` in play order."""
    cards = manifest.play_order()
    counts: dict[str, int] = {}
    for card in cards:
        counts[card.section] = counts.get(card.section, 0) + 1
    sections = tuple((s.title, counts[s.id]) for s in manifest.sections if s.id in counts)
    order = [s.id for s in manifest.sections if s.id in counts]
    return [
        DeckPosition(i, len(cards), order.index(card.section) if card.section in order else 0, sections)
        for i, card in enumerate(cards)
    ]
