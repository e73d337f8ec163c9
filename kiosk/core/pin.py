"""The staff PIN: stored as a salted hash, guarded against guessing.

The PIN keeps visitors out of the staff menu.  A few digits are easy to guess
by trying, so the hash is slow (PBKDF2) for whoever copies the config file,
and :class:`PinGate` makes trying slow for whoever stands at the screen, also
across restarts: its count of wrong PINs and its lock are kept on disk.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NotRequired, Protocol, TypedDict

log = logging.getLogger(__name__)

# The pad takes and checks PINs of PIN_MIN_DIGITS to PIN_MAX_DIGITS digits, so a
# kiosk set up before the six-digit rule keeps opening with its old PIN; a new
# PIN (union-kiosk set-pin) needs at least NEW_PIN_MIN_DIGITS.
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
NEW_PIN_MIN_DIGITS = 6
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
    # NEW_PIN_MIN_DIGITS when the PIN had at least that many digits; absent for
    # shorter PINs and for records made before the rule.  Says nothing finer.
    min_digits: NotRequired[int]


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be typed on the pad, in words for staff; ``None`` when it can."""
    if PIN_PATTERN.fullmatch(pin):
        return None
    return f"管理密码必须是 {PIN_MIN_DIGITS}–{PIN_MAX_DIGITS} 位数字（0–9） / a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"


def new_pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be set as a new PIN (``set-pin``); ``None`` when it can."""
    if PIN_PATTERN.fullmatch(pin) and len(pin) >= NEW_PIN_MIN_DIGITS:
        return None
    return (
        f"新管理密码必须是 {NEW_PIN_MIN_DIGITS}–{PIN_MAX_DIGITS} 位数字（0–9） / "
        f"a new PIN is {NEW_PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"
    )


def _derive(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)


def hash_pin(pin: str, *, iterations: int = ITERATIONS) -> PinRecord:
    """A record to store in ``kiosk.yaml``; raises ``ValueError`` for a PIN the pad cannot take.

    Whether the PIN is long enough to be set anew is :func:`new_pin_problem`'s
    question, asked by ``set-pin``; this only marks a record whose PIN is.
    """
    problem = pin_problem(pin)
    if problem is not None:
        raise ValueError(problem)
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be {MIN_ITERATIONS}..{MAX_ITERATIONS}")
    salt = secrets.token_bytes(SALT_BYTES)
    record = PinRecord(
        algorithm=ALGORITHM, iterations=iterations, salt=salt.hex(), hash=_derive(pin, salt, iterations).hex()
    )
    if len(pin) >= NEW_PIN_MIN_DIGITS:
        record["min_digits"] = NEW_PIN_MIN_DIGITS
    return record


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
    min_digits = record.get("min_digits")
    if min_digits is not None and (
        not isinstance(min_digits, int)
        or isinstance(min_digits, bool)
        or not PIN_MIN_DIGITS <= min_digits <= PIN_MAX_DIGITS
    ):
        return f"min_digits 应为 {PIN_MIN_DIGITS}–{PIN_MAX_DIGITS} 之间的整数"
    return None


def pin_may_be_short(record: Mapping[str, object]) -> bool:
    """Whether the stored PIN may have fewer than ``NEW_PIN_MIN_DIGITS`` digits (set before the rule)."""
    min_digits = record.get("min_digits")
    return not isinstance(min_digits, int) or min_digits < NEW_PIN_MIN_DIGITS


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


# ---------------------------------------------------------------- the lock on disk


@dataclass(frozen=True)
class PinLock:
    """The gate's state as kept on disk between runs.

    The end of the lock is wall-clock time: the monotonic clock starts again
    with every boot, so only the wall clock means the same after a restart.
    """

    failures: int = 0  # wrong PINs in a row
    locked_until: float = 0.0  # UTC epoch seconds; 0: not locked


class PinLockDamagedError(Exception):
    """The stored lock cannot be read: the gate then locks rather than forgets."""


class PinLockStore(Protocol):
    def load(self) -> PinLock | None:
        """The stored lock; ``None`` when none was ever stored.  Raises :class:`PinLockDamagedError`."""

    def save(self, lock: PinLock) -> None:
        """Keep ``lock``, replacing the old one in one step.  Raises ``OSError``."""


class PinGate:
    """Slows down guessing: after ``FREE_ATTEMPTS`` wrong PINs the pad locks.

    The first lock lasts ``FIRST_LOCK_S``; each further wrong PIN locks again
    for twice as long, up to ``MAX_LOCK_S``.  A right PIN resets everything.
    While locked, tries are refused without checking the PIN, so a correct
    guess during a lock teaches nothing.

    With a ``store`` the count and the lock survive a restart, so pulling the
    plug gives no fresh tries.  The stored end of a lock is trusted for at
    most ``MAX_LOCK_S`` from now (a clock set back must not lock for ever),
    and a damaged store fails closed: locked for ``FIRST_LOCK_S`` with
    ``FREE_ATTEMPTS`` failures counted, so the next wrong PIN locks longer.
    ``clock`` times the lock while running; ``wall_clock`` only converts it
    to and from the store.
    """

    def __init__(
        self,
        record: Mapping[str, object],
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        store: PinLockStore | None = None,
    ) -> None:
        self._record = record
        self._clock = clock
        self._wall_clock = wall_clock
        self._store = store
        self._failures = 0
        self._locked_until = 0.0
        if store is not None:
            self._restore(store)
        if pin_may_be_short(record):
            log.warning(
                "管理密码可能少于 %d 位，请用 union-kiosk set-pin 换一个更长的 / "
                "the staff PIN may be shorter than %d digits: set a longer one with union-kiosk set-pin",
                NEW_PIN_MIN_DIGITS,
                NEW_PIN_MIN_DIGITS,
            )

    def status(self) -> Verdict:
        """The pad's state without a try: for showing the countdown."""
        locked_for = max(0.0, self._locked_until - self._clock())
        return Verdict(ok=False, locked_for_s=locked_for, remaining_attempts=self._remaining(locked_for))

    def attempt(self, pin: str) -> Verdict:
        locked_for = self._locked_until - self._clock()
        if locked_for > 0:
            return Verdict(ok=False, locked_for_s=locked_for, remaining_attempts=0)
        failures = self._failures + 1
        lock = self.lock_after(failures)
        # Counted before the slow check: cutting the power while it runs gives no free try.
        self._save(failures, lock)
        if verify_pin(self._record, pin):
            self._failures = 0
            self._locked_until = 0.0
            self._save(0, 0.0)
            return Verdict(ok=True, locked_for_s=0.0, remaining_attempts=FREE_ATTEMPTS)
        self._failures = failures
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

    def _restore(self, store: PinLockStore) -> None:
        try:
            stored = store.load()
        except PinLockDamagedError as exc:
            log.warning(
                "管理密码的锁定记录已损坏，管理菜单锁定 %.0f 秒 / damaged PIN lock state, locking for %.0f s: %s",
                FIRST_LOCK_S,
                FIRST_LOCK_S,
                exc,
            )
            self._failures = FREE_ATTEMPTS
            self._locked_until = self._clock() + FIRST_LOCK_S
            self._save(self._failures, FIRST_LOCK_S)
            return
        if stored is None:
            return
        self._failures = stored.failures
        locked_for = stored.locked_until - self._wall_clock()
        if locked_for > MAX_LOCK_S:
            log.warning(
                "管理密码的锁定时间超出上限（时钟被调回或文件被改动），按 %.0f 秒计 / "
                "the stored PIN lock ends too far ahead (clock set back or file edited): capped to %.0f s",
                MAX_LOCK_S,
                MAX_LOCK_S,
            )
            locked_for = MAX_LOCK_S
            self._save(self._failures, locked_for)
        if locked_for > 0:
            self._locked_until = self._clock() + locked_for

    def _save(self, failures: int, lock: float) -> None:
        if self._store is None:
            return
        locked_until = self._wall_clock() + lock if lock > 0 else 0.0
        try:
            self._store.save(PinLock(failures=failures, locked_until=locked_until))
        except OSError as exc:  # the lock still holds while this run lasts
            log.warning("无法保存管理密码的锁定记录 / cannot save the PIN lock state: %s", exc)
