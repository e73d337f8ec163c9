"""The attract loop's rotation, driven by a fake clock: no Qt, no sleeping."""

from __future__ import annotations

import pytest

from kiosk.core.attract import (
    AttractLoop,
    CardChanged,
    Mode,
    ModeChanged,
    Move,
    PauseChanged,
    ReturnReason,
    Trigger,
)
from kiosk.core.figures import parse_figure
from kiosk.core.model import Card
from tests.clocks import FakeClock


def card(card_id: str, duration: float | None = None) -> Card:
    return Card(id=card_id, section="s", headline=parse_figure("1个"), label=card_id, duration=duration)


@pytest.fixture
def loop(clock: FakeClock) -> AttractLoop:
    return AttractLoop([card("a"), card("b", duration=4), card("c")], default_duration=10, clock=clock)


def test_starts_on_the_first_card(loop):
    assert loop.current.id == "a"
    assert loop.index == 0


def test_card_stays_until_its_duration_is_up(loop, clock):
    clock.advance(9.9)
    assert loop.tick() is None
    assert loop.current.id == "a"


def test_card_advances_when_its_duration_is_up(loop, clock):
    clock.advance(10)
    slide = loop.tick()
    assert slide is not None
    assert slide.card.id == "b"
    assert slide.move is Move.AUTO
    assert slide.forward


def test_a_cards_own_duration_overrides_the_default(loop, clock):
    clock.advance(10)
    loop.tick()
    clock.advance(4)
    assert loop.tick().card.id == "c"


def test_rotation_loops_forever(loop, clock):
    seen = []
    for _ in range(7):
        clock.advance(loop.duration())
        seen.append(loop.tick().card.id)
    assert seen == ["b", "c", "a", "b", "c", "a", "b"]


def test_next_previous_and_first(loop):
    assert loop.next().card.id == "b"
    assert loop.next().card.id == "c"
    assert loop.next().card.id == "a"
    assert loop.previous().card.id == "c"
    slide = loop.first()
    assert slide.card.id == "a"
    assert slide.move is Move.FIRST


def test_manual_move_gives_the_new_card_its_full_time(loop, clock):
    clock.advance(8)
    loop.next()
    clock.advance(3.9)
    assert loop.tick() is None
    clock.advance(0.1)
    assert loop.tick().card.id == "c"


def test_pause_stops_rotation_and_resume_restarts_the_card(loop, clock):
    assert loop.toggle_pause() is True
    clock.advance(100)
    assert loop.tick() is None
    assert loop.seconds_to_next_event() is None
    assert loop.toggle_pause() is False
    clock.advance(9)
    assert loop.tick() is None
    clock.advance(1)
    assert loop.tick().card.id == "b"


def test_presenter_mode_never_rotates_by_itself(clock):
    loop = AttractLoop([card("a"), card("b")], clock=clock, presenter=True)
    clock.advance(3600)
    assert loop.tick() is None
    assert loop.seconds_to_next_event() is None
    assert loop.next().card.id == "b"


def test_seconds_to_next_event_counts_down(loop, clock):
    assert loop.seconds_to_next_event() == pytest.approx(10)
    clock.advance(6)
    assert loop.seconds_to_next_event() == pytest.approx(4)


def test_open_detail_pauses_rotation_until_idle_timeout(clock):
    loop = AttractLoop([card("a"), card("b")], default_duration=5, idle_timeout=60, clock=clock)
    loop.open(Mode.DETAIL)
    clock.advance(59)
    assert loop.tick() is None
    assert loop.mode is Mode.DETAIL
    clock.advance(1)
    loop.tick()
    assert loop.mode is Mode.ATTRACT
    assert loop.current.id == "a"  # resumes from where it was
    clock.advance(5)
    assert loop.tick().card.id == "b"


def test_touch_keeps_the_detail_open(clock):
    loop = AttractLoop([card("a")], idle_timeout=60, clock=clock)
    loop.open(Mode.OVERVIEW)
    clock.advance(50)
    loop.touched()
    clock.advance(50)
    loop.tick()
    assert loop.mode is Mode.OVERVIEW


def test_staged_content_waits_for_the_next_card(loop, clock):
    loop.stage([card("a"), card("x"), card("c")], 10, 60)
    assert loop.current.id == "a"
    assert [c.id for c in loop.cards] == ["a", "b", "c"]
    clock.advance(10)
    slide = loop.tick()
    assert slide.card.id == "x"
    assert not loop.has_staged


def test_staged_content_keeps_the_current_card_when_applied_at_once(loop):
    loop.next()  # on "b"
    loop.stage([card("z"), card("b"), card("y")], 10, 60)
    slide = loop.apply_staged()
    assert slide.card.id == "b"
    assert slide.index == 1


def test_listeners_hear_every_change(loop, clock):
    heard = []
    loop.events.connect(heard.append)
    loop.next()
    loop.toggle_pause()
    assert isinstance(heard[0], CardChanged)
    assert heard[0].card.id == "b"
    assert heard[1] == PauseChanged(paused=True)


def test_a_card_change_carries_the_input_that_caused_it(loop, clock):
    heard = []
    loop.events.connect(heard.append)
    loop.next(Trigger.TOUCH)
    loop.previous(Trigger.KEY)
    loop.go_to("c")
    clock.advance(loop.duration())
    loop.tick()
    assert [(e.move, e.trigger) for e in heard] == [
        (Move.NEXT, Trigger.TOUCH),
        (Move.PREVIOUS, Trigger.KEY),
        (Move.JUMP, Trigger.JUMP),
        (Move.AUTO, Trigger.AUTO),
    ]


def test_new_content_arrives_as_an_automatic_change(loop):
    heard = []
    loop.events.connect(heard.append)
    loop.stage([card("a"), card("x")], 10, 60)
    loop.apply_staged()
    assert (heard[-1].move, heard[-1].trigger) == (Move.RELOAD, Trigger.AUTO)


def test_an_idle_return_says_it_was_idle(clock):
    loop = AttractLoop([card("a"), card("b")], idle_timeout=60, clock=clock)
    heard = []
    loop.events.connect(heard.append)
    loop.open(Mode.DETAIL)
    clock.advance(60)
    loop.tick()
    assert heard == [
        ModeChanged(Mode.DETAIL, previous=Mode.ATTRACT, reason=None),
        ModeChanged(Mode.ATTRACT, previous=Mode.DETAIL, reason=ReturnReason.IDLE),
    ]


def test_going_back_says_it_was_the_visitor(loop):
    heard = []
    loop.events.connect(heard.append)
    loop.open(Mode.OVERVIEW)
    loop.close()
    assert heard[-1] == ModeChanged(Mode.ATTRACT, previous=Mode.OVERVIEW, reason=ReturnReason.BACK)


def test_closing_when_nothing_is_open_is_no_change(loop):
    heard = []
    loop.events.connect(heard.append)
    loop.close()
    assert heard == []


def test_an_empty_deck_is_refused(clock):
    with pytest.raises(ValueError, match="at least one card"):
        AttractLoop([], clock=clock)


def test_ten_thousand_rotations_keep_no_history(loop, clock):
    for _ in range(10_000):
        clock.advance(loop.duration())
        loop.tick()
    assert len(loop.cards) == 3
    assert len(loop.events) == 0
