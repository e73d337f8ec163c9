"""The staff PIN: salted slow hashes, the 4–8 digit rule, and the lock after wrong guesses."""

from __future__ import annotations

import hmac

import pytest

from kiosk.core import pin as pin_module
from kiosk.core.pin import (
    ALGORITHM,
    FIRST_LOCK_S,
    FREE_ATTEMPTS,
    ITERATIONS,
    MAX_LOCK_S,
    MIN_ITERATIONS,
    PinGate,
    hash_pin,
    pin_problem,
    record_problem,
    verify_pin,
)
from tests.clocks import FakeClock


@pytest.fixture(scope="module")
def record():
    """The cheapest hash the rules allow: these tests check many PINs."""
    return hash_pin("2468", iterations=MIN_ITERATIONS)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def gate(record, clock) -> PinGate:
    return PinGate(record, clock=clock)


def fail(gate: PinGate, times: int):
    verdict = None
    for _ in range(times):
        verdict = gate.attempt("0000")
    return verdict


# ---------------------------------------------------------------- hashing


def test_hash_pin_stores_a_salted_pbkdf2_record_and_not_the_pin():
    stored = hash_pin("13579")
    assert stored["algorithm"] == ALGORITHM == "pbkdf2_sha256"
    assert stored["iterations"] == ITERATIONS >= 200_000
    assert len(bytes.fromhex(stored["salt"])) >= 16
    assert len(bytes.fromhex(stored["hash"])) == 32
    assert "13579" not in repr(stored)
    assert record_problem(stored) is None


def test_the_right_pin_verifies_and_a_wrong_one_does_not(record):
    assert verify_pin(record, "2468")
    assert not verify_pin(record, "2469")
    assert not verify_pin(record, "24680")


def test_the_same_pin_hashes_differently_each_time():
    first, second = hash_pin("2468", iterations=MIN_ITERATIONS), hash_pin("2468", iterations=MIN_ITERATIONS)
    assert first["salt"] != second["salt"]
    assert first["hash"] != second["hash"]


def test_verification_compares_in_constant_time(record, monkeypatch):
    calls = []
    compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(pin_module.hmac, "compare_digest", spy)
    assert verify_pin(record, "2468")
    assert len(calls) == 1


@pytest.mark.parametrize("good", ["1234", "0000", "12345678", "00700"])
def test_pins_of_4_to_8_digits_are_allowed(good):
    assert pin_problem(good) is None


@pytest.mark.parametrize("bad", ["", "123", "123456789", "12a4", "12 34", "١٢٣٤", "１２３４", "-1234"])
def test_pins_must_be_4_to_8_plain_digits(bad):
    problem = pin_problem(bad)
    assert problem is not None
    assert "4–8" in problem


def test_hash_pin_refuses_a_pin_that_breaks_the_rules():
    with pytest.raises(ValueError, match="4–8"):
        hash_pin("12")


def test_hash_pin_refuses_too_few_iterations():
    with pytest.raises(ValueError, match="iterations"):
        hash_pin("1234", iterations=1000)


@pytest.mark.parametrize(
    "damage",
    [
        {"algorithm": "md5"},
        {"iterations": 1000},  # weakened by hand
        {"iterations": 10**9},  # would freeze the kiosk
        {"iterations": True},
        {"iterations": "600000"},
        {"salt": "not hex"},
        {"hash": ""},
        {"hash": None},
    ],
)
def test_a_damaged_or_weakened_record_never_verifies(record, damage):
    damaged = {**record, **damage}
    assert record_problem(damaged) is not None
    assert not verify_pin(damaged, "2468")


def test_a_record_that_is_not_a_mapping_is_explained():
    assert "set-pin" in (record_problem("2468") or "")


# ---------------------------------------------------------------- the gate


def test_a_right_pin_opens_the_gate(gate):
    verdict = gate.attempt("2468")
    assert verdict.ok
    assert verdict.locked_for_s == 0


def test_remaining_attempts_count_down_with_each_wrong_pin(gate):
    assert [gate.attempt("1111").remaining_attempts for _ in range(FREE_ATTEMPTS - 1)] == [2, 1]


def test_three_wrong_pins_lock_the_pad_for_30_seconds(gate):
    verdict = fail(gate, FREE_ATTEMPTS)
    assert not verdict.ok
    assert verdict.locked_for_s == FIRST_LOCK_S == 30
    assert verdict.remaining_attempts == 0


def test_while_locked_even_the_right_pin_is_refused(gate, clock):
    fail(gate, FREE_ATTEMPTS)
    clock.advance(29)
    verdict = gate.attempt("2468")
    assert not verdict.ok
    assert verdict.locked_for_s == pytest.approx(1)


def test_a_try_while_locked_does_not_lengthen_the_lock(gate, clock):
    fail(gate, FREE_ATTEMPTS)
    clock.advance(10)
    gate.attempt("0000")
    clock.advance(20)
    assert gate.attempt("2468").ok


def test_the_right_pin_works_once_the_lock_is_over(gate, clock):
    fail(gate, FREE_ATTEMPTS)
    clock.advance(FIRST_LOCK_S)
    assert gate.attempt("2468").ok


def test_each_further_wrong_pin_doubles_the_lock(gate, clock):
    fail(gate, FREE_ATTEMPTS)
    clock.advance(FIRST_LOCK_S)
    assert gate.attempt("0000").locked_for_s == 60
    clock.advance(60)
    assert gate.attempt("0000").locked_for_s == 120


def test_the_lock_never_exceeds_15_minutes():
    locks = [PinGate.lock_after(n) for n in range(1, 12)]
    assert locks == [0, 0, 30, 60, 120, 240, 480, MAX_LOCK_S, MAX_LOCK_S, MAX_LOCK_S, MAX_LOCK_S]
    assert MAX_LOCK_S == 15 * 60
    assert PinGate.lock_after(10_000) == MAX_LOCK_S


def test_the_right_pin_resets_the_count(gate, clock):
    fail(gate, FREE_ATTEMPTS)
    clock.advance(FIRST_LOCK_S)
    assert gate.attempt("2468").ok
    verdict = gate.attempt("0000")
    assert verdict.locked_for_s == 0
    assert verdict.remaining_attempts == FREE_ATTEMPTS - 1


def test_status_shows_the_countdown_without_a_try(gate, clock):
    assert gate.status().remaining_attempts == FREE_ATTEMPTS
    fail(gate, FREE_ATTEMPTS)
    clock.advance(12)
    status = gate.status()
    assert status.locked_for_s == pytest.approx(18)
    assert status.remaining_attempts == 0
    clock.advance(18)
    assert gate.status().locked_for_s == 0
    assert gate.status().remaining_attempts == 1  # the next wrong PIN locks again
