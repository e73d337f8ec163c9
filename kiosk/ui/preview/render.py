"""A card or its detail page drawn at a kiosk screen's size, exactly as the kiosk draws it."""

from __future__ import annotations

from PySide6.QtGui import QImage

from kiosk.core.bundle import Bundle
from kiosk.ui import snapshot
from kiosk.ui.preview.screens import ScreenSize


def render_page(bundle: Bundle, card_id: str | None, size: ScreenSize, *, detail: bool) -> QImage | None:
    """The card ``card_id`` (or its detail page) at ``size``; ``None`` when the deck has no such card."""
    scene = snapshot.scene_for(bundle, card_id)
    if scene is None:
        return None
    if detail:
        from kiosk.ui.detail import render_detail  # pyqtgraph: only once a detail page is asked for

        return render_detail(bundle, scene, size.width, size.height)
    return snapshot.render(scene, size.width, size.height)


def nearest_card(ids_before: list[str], ids_after: list[str], card_id: str | None) -> str | None:
    """``card_id`` if it is still there; else the card that now stands where it stood."""
    if not ids_after:
        return None
    if card_id in ids_after:
        return card_id
    index = ids_before.index(card_id) if card_id in ids_before else 0
    return ids_after[min(index, len(ids_after) - 1)]
