"""Which card an edit of the manifest touched: the preview shows that one.

Qt-free.  Two saves of ``bundle.yaml`` are compared card by card, by what
each card says, not where it is written: a line added above a card moves it
down without changing it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from kiosk.core.model import Card, Manifest

_WHERE_WRITTEN = frozenset({"line", "lines"})  # where a thing stands in the file, not what it says


def content_of(value: object) -> object:
    """``value`` as plain tuples, without the line numbers of the things in it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple(
                (f.name, content_of(getattr(value, f.name)))
                for f in dataclasses.fields(value)
                if f.name not in _WHERE_WRITTEN
            ),
        )
    if isinstance(value, tuple | list):
        return tuple(content_of(item) for item in value)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), content_of(v)) for k, v in value.items()))
    return value


def changed_cards(before: Manifest | None, after: Manifest) -> list[Card]:
    """Cards of ``after`` that are new or say something else than in ``before``, in play order."""
    if before is None:
        return []
    old = {card.id: content_of(card) for card in before.cards}
    return [card for card in after.play_order() if old.get(card.id) != content_of(card)]


def edited_card(before: Manifest | None, after: Manifest) -> str | None:
    """The id of the card the edit was made in; ``None`` when no single card changed.

    A change to the whole deck (its theme, a section's title, a source) leaves
    every card as it was, and so does a comment; then there is no edited card.
    Of several changed cards (a find-and-replace) the first in play order is taken.
    """
    changed = changed_cards(before, after)
    return changed[0].id if changed else None
