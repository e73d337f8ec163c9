"""Changed content that loses much of the deck on screen is held: no Qt, no sleeping."""

from __future__ import annotations

import pytest

from kiosk.core.figures import parse_figure
from kiosk.core.model import Card, Manifest, Section
from kiosk.core.reload_policy import HOLD_S, MAX_LOST_CARDS, ReloadPolicy, Verdict, lost_sections


def deck(*counts: int, deck_id: str = "deck", section_prefix: str = "s") -> Manifest:
    """A deck with ``counts[i]`` cards in section ``s{i}`` (every section listed, even an empty one)."""
    sections = tuple(Section(f"{section_prefix}{i}", f"栏目{i}") for i in range(len(counts)))
    cards = tuple(
        Card(id=f"{section.id}-{n}", section=section.id, headline=parse_figure("1个"), label="卡片")
        for section, count in zip(sections, counts, strict=True)
        for n in range(count)
    )
    return Manifest(id=deck_id, title="展台", organisation="工会", sections=sections, cards=cards)


FULL = deck(1, 6, 4, 7, 5, 2, 7, 4)  # 36 cards in 8 sections, as the default bundle


@pytest.fixture
def policy() -> ReloadPolicy:
    return ReloadPolicy()


def test_a_deck_cut_to_two_cards_is_held_and_says_why(policy):
    cut = deck(1, 1, 0, 0, 0, 0, 0, 0)
    decision = policy.judge(FULL, cut)
    assert decision.verdict is Verdict.HOLD
    assert decision.reason == "新内容只有 2 张卡片（现在 36 张）"
    assert "2 cards where 36" in decision.reason_en
    assert policy.notice(decision) == (
        "新内容只有 2 张卡片（现在 36 张），已暂缓：若 10 分钟内不再变化将自动采用，或在此确认"
    )


@pytest.mark.parametrize("candidate", [FULL, deck(1, 6, 4, 7, 5, 2, 7, 6), deck(1, 6, 4, 7, 5, 2, 5, 4)])
def test_a_deck_that_grows_keeps_its_size_or_loses_a_card_or_two_shows(policy, candidate):
    assert policy.judge(FULL, candidate).verdict is Verdict.SHOW


def test_losing_more_than_five_cards_at_once_is_held_even_from_a_large_deck(policy):
    large = deck(1000, 1000)
    assert policy.judge(large, deck(1000, 1000 - MAX_LOST_CARDS)).verdict is Verdict.SHOW
    assert policy.judge(large, deck(1000, 999 - MAX_LOST_CARDS)).held


def test_losing_more_than_a_third_of_a_small_deck_is_held(policy):
    small = deck(3, 3)
    assert policy.judge(small, deck(3, 1)).verdict is Verdict.SHOW  # two of six: a third
    assert policy.judge(small, deck(3, 0)).held  # three of six


def test_losing_a_whole_section_is_held_even_for_one_card(policy):
    without_first = deck(0, 6, 4, 7, 5, 2, 7, 4)  # 35 cards: only its section is missed
    decision = policy.judge(FULL, without_first)
    assert decision.held
    assert decision.reason == "新内容缺少栏目“栏目0”的全部卡片"
    assert lost_sections(FULL, without_first) == ["s0"]


def test_a_removed_section_of_the_same_deck_is_lost_too(policy):
    without_last = deck(1, 6, 4, 7, 5, 2, 7)  # section s7 no longer listed: four cards gone with it
    assert policy.judge(FULL, without_last).held


def test_many_lost_sections_are_named_three_at_a_time():
    decision = ReloadPolicy(max_lost_cards=100, max_lost_share=1).judge(FULL, deck(1, 6, 4, 0, 0, 0, 0, 0))
    assert decision.reason == "新内容缺少“栏目3”、“栏目4”、“栏目5”等 5 个栏目的全部卡片"


def test_a_different_deck_with_sections_of_its_own_replaces_the_old_one(policy):
    other = deck(5, 6, 7, 6, 6, 6, deck_id="other", section_prefix="t")
    assert policy.judge(FULL, other).verdict is Verdict.SHOW


def test_without_a_deck_on_screen_anything_valid_shows(policy):
    assert policy.judge(None, deck(1)).verdict is Verdict.SHOW


def test_held_content_shows_once_it_stayed_unchanged_for_the_hold_period(policy):
    cut = deck(1, 1, 0, 0, 0, 0, 0, 0)
    since = 1000.0
    assert policy.decide(FULL, cut, unchanged_since=since, now=since).held
    assert policy.decide(FULL, cut, unchanged_since=since, now=since + HOLD_S - 1).held
    assert policy.decide(FULL, cut, unchanged_since=since, now=since + HOLD_S).verdict is Verdict.SHOW


def test_a_short_hold_reads_in_seconds():
    policy = ReloadPolicy(hold_s=30)
    decision = policy.judge(FULL, deck(1, 1, 0, 0, 0, 0, 0, 0))
    assert "若 30 秒内不再变化" in policy.notice(decision)
