"""The edited card is the one whose content changed, wherever it is written."""

from __future__ import annotations

import dataclasses

from kiosk.core.bundle import load_bundle
from kiosk.core.edits import changed_cards, edited_card
from kiosk.resources import default_bundle


def _deck():
    bundle = load_bundle(default_bundle())
    bundle.close()
    return bundle.manifest


def _with_card(manifest, card_id, **changes):
    cards = tuple(dataclasses.replace(c, **changes) if c.id == card_id else c for c in manifest.cards)
    return dataclasses.replace(manifest, cards=cards)


def test_a_changed_label_names_its_card():
    deck = _deck()
    assert edited_card(deck, _with_card(deck, "members", label="工会会员总数")) == "members"


def test_a_card_moved_down_by_a_line_is_not_edited():
    deck = _deck()
    moved = dataclasses.replace(deck, cards=tuple(dataclasses.replace(c, line=c.line + 1) for c in deck.cards))
    assert edited_card(deck, moved) is None


def test_a_new_card_is_the_edited_one():
    deck = _deck()
    new = dataclasses.replace(deck.cards[3], id="new-card")
    assert edited_card(deck, dataclasses.replace(deck, cards=(*deck.cards, new))) == "new-card"


def test_a_theme_change_edits_no_single_card():
    deck = _deck()
    display = dataclasses.replace(deck.display, card_duration=12)
    assert changed_cards(deck, dataclasses.replace(deck, display=display)) == []


def test_nothing_to_compare_with_at_first():
    assert edited_card(None, _deck()) is None
