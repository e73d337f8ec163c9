"""The staff PIN: stored as a salted hash, guarded against guessing.

The PIN keeps visitors out of the staff menu.  Four to eight digits is easy to
guess by trying, so the hash is slow (PBKDF2) for whoever copies the config
file, and :class:`PinGate` makes trying slow for whoever stands at the screen.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypedDict

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
PIN_PATTERN = re.compile(rf"[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}")

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256: ~0.15 s per check
MIN_ITERATIONS = 200_000  # weaker records are refused, not trusted
MAX_ITERATIONS = 10_000_000  # a tampered record must not freeze the kiosk for minutes
SALT_BYTES = 16

FREE_ATTEMPTS = 3  # wrong PINs allowed before the gate locks
FIRST_LOCK_S = 30.0
MAX_LOCK_S = 15 * 60.0


class PinRecord(TypedDict):
    algorithm: str
    iterations: int
    salt: str  # hex
    hash: str  # hex


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a PIN, in words for staff; ``None`` when it can."""
    if PIN_PATTERN.fullmatch(pin):
        return None
    return f"PIN 必须是 {PIN_MIN_DIGITS}–{PIN_MAX_DIGITS} 位数字（0–9） / a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"


def _derive(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)


def hash_pin(pin: str, *, iterations: int = ITERATIONS) -> PinRecord:
    """A record to store in ``kiosk.yaml``; raises ``ValueError`` for a PIN that breaks the rules."""
    problem = pin_problem(pin)
    if problem is not None:
        raise ValueError(problem)
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be {MIN_ITERATIONS}..{MAX_ITERATIONS}")
    salt = secrets.token_bytes(SALT_BYTES)
    return PinRecord(
        algorithm=ALGORITHM, iterations=iterations, salt=salt.hex(), hash=_derive(pin, salt, iterations).hex()
    )


def record_problem(record: object) -> str | None:
    """What is wrong with a stored record (hand-edited, truncated, weakened); ``None`` when sound."""
    if not isinstance(record, Mapping):
        return "应为包含 algorithm、iterations、salt、hash 的记录（用 union-kiosk set-pin 生成）"
    if record.get("algorithm") != ALGORITHM:
        return f"algorithm 应为 {ALGORITHM}"
    iterations = record.get("iterations")
    if (
        not isinstance(iterations, int)
        or isinstance(iterations, bool)
        or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS
    ):
        return f"iterations 应为 {MIN_ITERATIONS}–{MAX_ITERATIONS} 之间的整数"
    for key in ("salt", "hash"):
        value = record.get(key)
        try:
            if not isinstance(value, str) or not bytes.fromhex(value):
                raise ValueError
        except ValueError:
            return f"{key} 应为十六进制文本"
    return None


def verify_pin(record: Mapping[str, object], pin: str) -> bool:
    """Whether ``pin`` matches; a broken record or a malformed PIN never matches."""
    if record_problem(record) is not None or pin_problem(pin) is not None:
        return False
    salt = bytes.fromhex(str(record["salt"]))
    expected = bytes.fromhex(str(record["hash"]))
    iterations = record["iterations"]
    assert isinstance(iterations, int)  # record_problem checked it
    return hmac.compare_digest(_derive(pin, salt, iterations), expected)


@dataclass(frozen=True)
class Verdict:
    """What the PIN pad shows after a try."""

    ok: bool
    locked_for_s: float  # 0 when the pad takes PINs now
    remaining_attempts: int  # wrong PINs still allowed before it locks


class PinGate:
    """Slows down guessing: after ``FREE_ATTEMPTS`` wrong PINs the pad locks.

    The first lock lasts ``FIRST_LOCK_S``; each further wrong PIN locks again
    for twice as long, up to ``MAX_LOCK_S``.  A right PIN resets everything.
    While locked, tries are refused without checking the PIN, so a correct
    guess during a lock teaches nothing.
    """

    def __init__(
        self,
        record: Mapping[str, object],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._record = record
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def status(self) -> Verdict:
        """The pad's state without a try: for showing the countdown."""
        locked_for = max(0.0, self._locked_until - self._clock())
        return Verdict(ok=False, locked_for_s=locked_for, remaining_attempts=self._remaining(locked_for))

    def attempt(self, pin: str) -> Verdict:
        locked_for = self._locked_until - self._clock()
        if locked_for > 0:
            return Verdict(ok=False, locked_for_s=locked_for, remaining_attempts=0)
        if verify_pin(self._record, pin):
            self._failures = 0
            self._locked_until = 0.0
            return Verdict(ok=True, locked_for_s=0.0, remaining_attempts=FREE_ATTEMPTS)
        self._failures += 1
        lock = self.lock_after(self._failures)
        if lock > 0:
            self._locked_until = self._clock() + lock
        return Verdict(ok=False, locked_for_s=lock, remaining_attempts=self._remaining(lock))

    @staticmethod
    def lock_after(failures: int) -> float:
        """How long the pad locks after the ``failures``-th wrong PIN in a row."""
        if failures < FREE_ATTEMPTS:
            return 0.0
        doublings = min(failures - FREE_ATTEMPTS, 32)  # 2**32 * 30 s is far past the cap already
        return min(MAX_LOCK_S, FIRST_LOCK_S * float(2**doublings))

    def _remaining(self, locked_for: float) -> int:
        if locked_for > 0:
            return 0
        return max(1, FREE_ATTEMPTS - self._failures)
