"""The staff PIN: salted slow hashes, the digit rules, and the lock after wrong guesses, also across restarts."""

from __future__ import annotations

import hmac
import json
import logging
import os

import pytest

from kiosk.core import pin as pin_module
from kiosk.core.pin import (
    ALGORITHM,
    FIRST_LOCK_S,
    FREE_ATTEMPTS,
    ITERATIONS,
    MAX_LOCK_S,
    MIN_ITERATIONS,
    NEW_PIN_MIN_DIGITS,
    PinGate,
    PinLock,
    hash_pin,
    new_pin_problem,
    pin_may_be_short,
    pin_problem,
    record_problem,
    verify_pin,
)
from kiosk.core.settings import PinLockFile
from tests.clocks import FakeClock


@pytest.fixture(scope="module")
def record():
    """The cheapest hash the rules allow: these tests check many PINs."""
    return hash_pin("2468", iterations=MIN_ITERATIONS)


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


# ---------------------------------------------------------------- new PINs and old ones


@pytest.mark.parametrize("good", ["123456", "000000", "12345678"])
def test_a_new_pin_needs_6_to_8_digits(good):
    assert NEW_PIN_MIN_DIGITS == 6
    assert new_pin_problem(good) is None


@pytest.mark.parametrize("bad", ["", "1234", "12345", "123456789", "12a456", "１２３４５６"])
def test_a_new_pin_of_fewer_than_6_digits_is_refused(bad):
    problem = new_pin_problem(bad)
    assert problem is not None
    assert "6–8" in problem


def test_a_four_digit_pin_set_before_the_six_digit_rule_still_opens_the_gate(record, clock):
    old = {key: record[key] for key in ("algorithm", "iterations", "salt", "hash")}  # as older kiosks stored it
    assert record_problem(old) is None
    assert PinGate(old, clock=clock).attempt("2468").ok


def test_a_pin_that_may_be_short_is_warned_about_in_the_log(record, caplog):
    with caplog.at_level(logging.WARNING, logger="kiosk.core.pin"):
        PinGate(record)
    assert pin_may_be_short(record)
    assert "set-pin" in caplog.text


def test_a_six_digit_pin_is_marked_as_long_enough_and_not_warned_about(caplog):
    long_enough = hash_pin("246810", iterations=MIN_ITERATIONS)
    assert long_enough["min_digits"] == NEW_PIN_MIN_DIGITS
    assert "246810" not in repr(long_enough)
    with caplog.at_level(logging.WARNING, logger="kiosk.core.pin"):
        PinGate(long_enough)
    assert not pin_may_be_short(long_enough)
    assert caplog.records == []


@pytest.mark.parametrize("bad", [3, 9, "6", True, 6.0])
def test_a_damaged_length_mark_is_a_damaged_record(record, bad):
    assert record_problem({**record, "min_digits": bad}) is not None


# ---------------------------------------------------------------- the lock across restarts


@pytest.fixture
def wall() -> FakeClock:
    """Wall-clock time (epoch seconds): it goes on while the kiosk is off."""
    clock = FakeClock()
    clock.now = 1_780_000_000.0
    return clock


@pytest.fixture
def lock_file(tmp_path) -> PinLockFile:
    return PinLockFile(tmp_path / "pin-lock.json")


def boot(record, lock_file: PinLockFile, wall: FakeClock) -> tuple[PinGate, FakeClock]:
    """A kiosk start: a fresh monotonic clock, the same wall clock and the same file."""
    clock = FakeClock()
    return PinGate(record, clock=clock, wall_clock=wall, store=lock_file), clock


def stored(lock_file: PinLockFile) -> dict[str, object]:
    return json.loads(lock_file.path.read_text(encoding="utf-8"))


def test_the_lock_survives_a_restart(record, lock_file, wall):
    gate, _clock = boot(record, lock_file, wall)
    fail(gate, FREE_ATTEMPTS)
    wall.advance(5)  # the plug is pulled and put back
    gate, clock = boot(record, lock_file, wall)
    assert gate.status().locked_for_s == pytest.approx(FIRST_LOCK_S - 5)
    assert not gate.attempt("2468").ok
    clock.advance(FIRST_LOCK_S - 5)
    wall.advance(FIRST_LOCK_S - 5)
    assert gate.attempt("2468").ok


def test_a_restart_gives_no_fresh_tries(record, lock_file, wall):
    gate, _clock = boot(record, lock_file, wall)
    fail(gate, FREE_ATTEMPTS - 1)
    gate, _clock = boot(record, lock_file, wall)
    assert gate.status().remaining_attempts == 1
    assert gate.attempt("0000").locked_for_s == FIRST_LOCK_S


def test_the_doubling_continues_across_restarts(record, lock_file, wall):
    gate, _clock = boot(record, lock_file, wall)
    fail(gate, FREE_ATTEMPTS)
    locks = []
    for _ in range(6):
        wall.advance(MAX_LOCK_S)  # every lock is over by then, the kiosk restarted meanwhile
        gate, _clock = boot(record, lock_file, wall)
        locks.append(gate.attempt("0000").locked_for_s)
    assert locks == [60, 120, 240, 480, MAX_LOCK_S, MAX_LOCK_S]
    assert stored(lock_file)["failures"] == FREE_ATTEMPTS + 6


def test_the_lock_is_stored_in_wall_clock_time(record, lock_file, wall):
    gate, clock = boot(record, lock_file, wall)
    clock.advance(12_345)  # the monotonic clock means nothing after a reboot
    fail(gate, FREE_ATTEMPTS)
    assert stored(lock_file) == {"failures": FREE_ATTEMPTS, "locked_until": wall.now + FIRST_LOCK_S}


def test_the_right_pin_clears_the_stored_count(record, lock_file, wall):
    gate, _clock = boot(record, lock_file, wall)
    fail(gate, FREE_ATTEMPTS - 1)
    assert gate.attempt("2468").ok
    assert stored(lock_file) == {"failures": 0, "locked_until": 0.0}
    gate, _clock = boot(record, lock_file, wall)
    assert gate.status().remaining_attempts == FREE_ATTEMPTS


def test_a_wrong_pin_is_counted_before_it_is_checked(record, lock_file, wall, monkeypatch):
    """Cutting the power during the slow check must not give a free try."""
    gate, _clock = boot(record, lock_file, wall)
    fail(gate, FREE_ATTEMPTS - 1)
    seen = []

    def power_cut_during_the_check(_record: object, _pin: str) -> bool:
        seen.append(stored(lock_file))
        raise KeyboardInterrupt

    monkeypatch.setattr(pin_module, "verify_pin", power_cut_during_the_check)
    with pytest.raises(KeyboardInterrupt):
        gate.attempt("0000")
    assert seen == [{"failures": FREE_ATTEMPTS, "locked_until": wall.now + FIRST_LOCK_S}]
    gate, _clock = boot(record, lock_file, wall)
    assert gate.status().locked_for_s == FIRST_LOCK_S


def test_a_missing_lock_file_is_a_first_start(record, lock_file, wall):
    gate, _clock = boot(record, lock_file, wall)
    assert gate.status() == pin_module.Verdict(ok=False, locked_for_s=0.0, remaining_attempts=FREE_ATTEMPTS)
    assert not lock_file.path.exists()  # nothing written until someone tries


def test_a_lock_stored_far_ahead_is_capped_to_15_minutes(record, lock_file, wall, caplog):
    """A clock set back (or a hand-edited file) must not lock the staff out for ever."""
    lock_file.save(PinLock(failures=40, locked_until=wall.now + 30 * 24 * 3600))
    with caplog.at_level(logging.WARNING):
        gate, clock = boot(record, lock_file, wall)
    assert gate.status().locked_for_s == MAX_LOCK_S
    assert "capped" in caplog.text
    assert stored(lock_file)["locked_until"] == wall.now + MAX_LOCK_S
    clock.advance(MAX_LOCK_S)
    assert gate.attempt("2468").ok


def test_a_lock_that_ended_while_the_kiosk_was_off_is_over(record, lock_file, wall):
    lock_file.save(PinLock(failures=FREE_ATTEMPTS, locked_until=wall.now - 1))
    gate, _clock = boot(record, lock_file, wall)
    assert gate.status().locked_for_s == 0
    assert gate.attempt("0000").locked_for_s == 60  # the count was kept: the next lock is longer


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"[]",
        b"\xff\xfe",
        b'{"failures": 0}',
        b'{"failures": "3", "locked_until": 0}',
        b'{"failures": -1, "locked_until": 0}',
        b'{"failures": true, "locked_until": 0}',
        b'{"failures": 0, "locked_until": NaN}',
        b'{"failures": 0, "locked_until": -5}',
    ],
)
def test_a_damaged_lock_file_locks_the_pad_rather_than_resetting_it(record, lock_file, wall, content, caplog):
    lock_file.path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        gate, clock = boot(record, lock_file, wall)
    assert gate.status().locked_for_s == FIRST_LOCK_S
    assert str(lock_file.path) in caplog.text
    assert stored(lock_file) == {"failures": FREE_ATTEMPTS, "locked_until": wall.now + FIRST_LOCK_S}
    clock.advance(FIRST_LOCK_S)
    assert gate.attempt("0000").locked_for_s == 60  # counted as FREE_ATTEMPTS wrong PINs already


def test_the_lock_file_is_replaced_in_one_step_leaving_no_temporary_file(record, lock_file, wall):
    gate, _clock = boot(record, lock_file, wall)
    fail(gate, FREE_ATTEMPTS)
    assert [p.name for p in lock_file.path.parent.iterdir()] == ["pin-lock.json"]
    if os.name != "nt":
        assert lock_file.path.stat().st_mode & 0o777 == 0o600


def test_a_lock_file_that_cannot_be_written_keeps_the_old_one_and_the_lock_holds(
    record, lock_file, wall, monkeypatch, caplog
):
    gate, _clock = boot(record, lock_file, wall)
    fail(gate, 1)
    before = lock_file.path.read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr("kiosk.core.settings.os.fsync", disk_full)
    with caplog.at_level(logging.WARNING):
        verdict = fail(gate, FREE_ATTEMPTS - 1)
    assert verdict.locked_for_s == FIRST_LOCK_S  # in memory, for as long as this run lasts
    assert "cannot save the PIN lock" in caplog.text
    assert lock_file.path.read_bytes() == before  # the old file, whole
    assert [p.name for p in lock_file.path.parent.iterdir()] == ["pin-lock.json"]
