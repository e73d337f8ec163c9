"""Noticing a changed bundle on disk and loading it safely.

A publicity officer copies a new bundle over the old one while the kiosk
runs.  The watcher waits until the files stop changing, validates the new
content, and only then offers it; a half-copied or invalid bundle is logged
and the last good content stays on screen.  A valid deck that loses much of
what is on screen may be a copy cut short: :mod:`kiosk.core.reload_policy`
decides, and such a deck is held until it has stayed unchanged for a while
or staff confirm it.

Reading the files never happens on the GUI thread (a frozen loop misses the
watchdog's pings): fingerprints are read on one worker thread, bundles loaded
and validated on another, one load at a time, and the results come back to
the GUI thread by a queued signal.  A change seen while a load runs
supersedes it: the load's result is dropped.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal

from kiosk.core.bundle import Bundle, load_bundle
from kiosk.core.clock import MonotonicClock
from kiosk.core.files import BundleFileError, open_files
from kiosk.core.model import Manifest
from kiosk.core.problems import BundleError, Problem
from kiosk.core.reload_policy import Decision, ReloadPolicy, minutes_text

log = logging.getLogger(__name__)

SETTLE_MS = 1500  # files must stay unchanged this long before we read them
POLL_MS = 15_000  # for file systems that send no change events (USB, network); also reviews held content

_reads = itertools.count()  # orders fingerprint reads across the worker threads
_ANY = object()  # a load that need not wait for the files to settle (staff asked)


# ---------------------------------------------------------------- on the worker threads


def read_fingerprint(path: Path) -> str | None:
    """The bundle's fingerprint, ``None`` when it cannot be opened (gone, or a broken zip)."""
    try:
        files = open_files(path)
    except BundleFileError:
        return None
    try:
        return files.fingerprint()
    except OSError:
        return None
    finally:
        files.close()


def paths_to_watch(path: Path) -> list[str]:
    paths = [str(path.parent)]
    if path.exists():
        paths.append(str(path))
        if path.is_dir():
            paths.extend(str(p) for p in path.rglob("*") if p.is_dir() and not p.name.startswith("."))
            manifest = path / "bundle.yaml"
            if manifest.exists():
                paths.append(str(manifest))
    return paths


@dataclass(frozen=True)
class Look:
    """A fingerprint read, numbered in the order reads happened."""

    seq: int
    fingerprint: str | None
    watch: list[str] = field(default_factory=list)


class Outcome(Enum):
    MOVING = "moving"  # the files changed again: wait for them to settle
    UNCHANGED = "unchanged"  # what is on disk was seen already
    LOADED = "loaded"
    REJECTED = "rejected"
    FAILED = "failed"  # an unexpected error, logged on the worker


@dataclass(frozen=True)
class LoadResult:
    outcome: Outcome
    fingerprint: str | None
    seq: int  # the read that confirmed ``fingerprint`` after the load
    bundle: Bundle | None = None
    problems: list[Problem] = field(default_factory=list)


def _look(path: Path) -> Look:
    seq = next(_reads)
    return Look(seq, read_fingerprint(path), paths_to_watch(path))


def _load(path: Path, expected: object, known: str | None) -> LoadResult:
    seq = next(_reads)
    fingerprint = read_fingerprint(path)
    if expected is not _ANY and fingerprint != expected:
        return LoadResult(Outcome.MOVING, fingerprint, seq)
    if fingerprint == known and fingerprint is not None:
        return LoadResult(Outcome.UNCHANGED, fingerprint, seq)
    bundle: Bundle | None = None
    problems: list[Problem] = []
    try:
        bundle = load_bundle(path)
    except BundleError as exc:
        problems = exc.problems
    seq, after = next(_reads), read_fingerprint(path)
    if after != fingerprint:  # changed while it was read: what we have is neither old nor new
        if bundle is not None:
            bundle.close()
        return LoadResult(Outcome.MOVING, after, seq)
    if bundle is None:
        return LoadResult(Outcome.REJECTED, fingerprint, seq, problems=problems)
    return LoadResult(Outcome.LOADED, fingerprint, seq, bundle)


def _guarded(job: Callable[[], Look | LoadResult], path: Path) -> Look | LoadResult:
    try:
        return job()
    except Exception:  # never lose the result: the watcher waits for it
        log.exception("reading the bundle at %s failed", path)
        return LoadResult(Outcome.FAILED, None, next(_reads))


# ---------------------------------------------------------------- held content


@dataclass
class HeldContent:
    """A valid deck not shown yet, and why."""

    bundle: Bundle
    fingerprint: str | None
    decision: Decision
    since: float  # on the watcher's clock: unchanged on disk since then
    notice: str  # what the staff pages say


# ---------------------------------------------------------------- on the GUI thread


class BundleWatcher(QObject):
    """Emits ``updated`` with a new valid bundle; invalid content is logged and kept in :attr:`last_problems`.

    ``held_changed`` says that a deck was held, or a held one adopted or
    discarded (see :attr:`held`); ``checked`` that a load finished, whatever
    it found.  ``shown`` is the manifest on screen, which new content is
    compared with; ``clock`` times the hold; ``settle_ms`` is how long the
    files must stay unchanged before they are read.
    """

    updated = Signal(object)  # Bundle
    held_changed = Signal()
    checked = Signal()
    _delivered = Signal(int, object)  # the watcher's epoch, Look | LoadResult: from a worker thread

    def __init__(
        self,
        path: Path,
        parent: QObject | None = None,
        *,
        shown: Manifest | None = None,
        clock: MonotonicClock,
        policy: ReloadPolicy | None = None,
        settle_ms: int = SETTLE_MS,
    ) -> None:
        super().__init__(parent)
        self.path = path.resolve()
        self.shown = shown
        self.clock = clock
        self.policy = policy or ReloadPolicy()
        # Read once at start-up, on this thread, with the bundle just loaded:
        # a change made from here on is seen.
        self._accepted = read_fingerprint(self.path)  # shown, staged, held or rejected: not read again
        self._candidate = self._accepted  # the newest fingerprint seen
        self._latest_seq = next(_reads)
        self.last_problems: list[Problem] = []
        self._held: HeldContent | None = None
        self._looks: ThreadPoolExecutor | None = None
        self._loads: ThreadPoolExecutor | None = None
        self._looking = False
        self._look_again = False
        self._loading = False
        self._load_again: object | None = None  # what a load asked for while another ran
        self._epoch = 0  # results from before a stop are dropped
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._settle = QTimer(self)
        self._settle.setObjectName("bundle_settle_timer")
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._settled)
        self._poll = QTimer(self)
        self._poll.setObjectName("bundle_poll_timer")
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._changed)
        self._watch(paths_to_watch(self.path))

    # -------------------------------------------------------------- control

    def start(self) -> None:
        self._poll.start()

    def stop(self) -> None:
        """Stop watching; waits for a running read to finish, so no thread outlives the watcher."""
        self._poll.stop()
        self._settle.stop()
        for pool in (self._looks, self._loads):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self._looks = self._loads = None
        self._looking = self._loading = False
        self._look_again, self._load_again = False, None
        self._epoch += 1
        if self._held is not None:
            self._held.bundle.close()
            self._held = None
            self._accepted = None  # started again, it is looked at afresh

    @property
    def busy(self) -> bool:
        """A read is running or waiting, or the files are settling."""
        return self._looking or self._loading or self._settle.isActive()

    def look_now(self) -> None:
        """Look at the files now, as if they had changed: new content settles, loads and is decided on as usual."""
        self._request_look()

    def check_now(self) -> None:
        """Load what is on disk now, without waiting for it to settle (the staff menu, tests)."""
        self._request_load(_ANY)

    # -------------------------------------------------------------- held content

    @property
    def held(self) -> HeldContent | None:
        return self._held

    @property
    def held_notice(self) -> str:
        """What staff read about held content; empty when nothing is held."""
        return self._held.notice if self._held is not None else ""

    def adopt_held(self) -> bool:
        """Staff confirmed the held deck: offer it now.  False when nothing is held."""
        held = self._held
        if held is None:
            return False
        log.info("staff confirmed the held content (%d cards): it shows now", len(held.bundle.manifest.cards))
        self._held = None
        self.held_changed.emit()
        self._offer(held.bundle)
        return True

    def review_hold(self) -> None:
        """Adopt held content whose time is up, once a fresh read shows it is still unchanged."""
        if self._held is not None:
            self._request_look()

    def _discard_held(self, why: str) -> None:
        held, self._held = self._held, None
        if held is None:
            return
        log.info("held content (%d cards) discarded: %s", len(held.bundle.manifest.cards), why)
        held.bundle.close()
        self.held_changed.emit()

    def _hold(self, bundle: Bundle, fingerprint: str | None, decision: Decision) -> None:
        self._discard_held("newer content replaces it")
        notice = self.policy.notice(decision)
        self._held = HeldContent(bundle, fingerprint, decision, self.clock(), notice)
        log.warning(
            "the changed bundle at %s is valid, but %s: it may be a copy cut short, so it is held;"
            " it shows if it stays unchanged for %s, or when staff confirm it in the staff menu",
            self.path,
            decision.reason_en,
            f"{self.policy.hold_s / 60:g} min",
        )
        self.held_changed.emit()

    def _review_held(self) -> None:
        held = self._held
        if held is None:
            return
        decision = self.policy.decide(self.shown, held.bundle.manifest, unchanged_since=held.since, now=self.clock())
        if not decision.held:
            log.info(
                "held content (%d cards) stayed unchanged for %s: it shows now",
                len(held.bundle.manifest.cards),
                minutes_text(self.policy.hold_s),
            )
            self._held = None
            self.held_changed.emit()
            self._offer(held.bundle)

    # -------------------------------------------------------------- noticing changes

    def _watch(self, paths: list[str]) -> None:
        current = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in paths if p not in current]
        if missing:
            self._watcher.addPaths(missing)

    def _changed(self, *_args: object) -> None:
        self._request_look()

    def _settled(self) -> None:
        self._request_load(self._candidate)

    def _request_look(self) -> None:
        if self._looking:
            self._look_again = True  # many events in a burst: one more read after this one
            return
        if self._looks is None:
            self._looks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-look")
        self._looking = True
        path = self.path
        self._submit(self._looks, lambda: _look(path), path)

    def _request_load(self, expected: object) -> None:
        if self._loading:
            self._load_again = expected  # one load at a time: the newest request waits
            return
        if self._loads is None:
            self._loads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-load")
        self._loading = True
        path, known = self.path, self._accepted
        self._submit(self._loads, lambda: _load(path, expected, known), path)

    def _submit(self, pool: ThreadPoolExecutor, job: Callable[[], Look | LoadResult], path: Path) -> None:
        epoch = self._epoch
        future = pool.submit(_guarded, job, path)
        future.add_done_callback(lambda done: self._deliver(epoch, done))

    def _deliver(self, epoch: int, future: Future[Look | LoadResult]) -> None:
        # On the worker thread: the queued connection hands the result to the GUI thread.
        if not future.cancelled():
            self._delivered.emit(epoch, future.result())

    def _on_delivered(self, epoch: int, result: Look | LoadResult) -> None:
        if epoch != self._epoch:  # stopped since: nobody wants it
            if isinstance(result, LoadResult) and result.bundle is not None:
                result.bundle.close()
            return
        if isinstance(result, Look):
            self._on_look(result)
        else:
            self._on_loaded(result)

    def _on_look(self, look: Look) -> None:
        self._looking = False
        self._watch(look.watch)  # editors and copies replace files: watch again what may have been replaced
        self._latest_seq = max(self._latest_seq, look.seq)
        held = self._held
        if held is not None and look.fingerprint != held.fingerprint:
            self._discard_held("the files changed again")
        if look.fingerprint != self._candidate:
            self._candidate = look.fingerprint
            if look.fingerprint != self._accepted:
                self._settle.start()  # wait for the copy to settle
        elif look.fingerprint != self._accepted:
            if not (self._loading or self._settle.isActive()):
                self._settle.start()  # seen before, never loaded (its load was superseded)
        elif self._held is not None:
            self._review_held()  # unchanged on disk: its time may be up
        if self._look_again:
            self._look_again = False
            self._request_look()

    def _on_loaded(self, result: LoadResult) -> None:
        self._loading = False
        try:
            self._take(result)
        finally:
            again, self._load_again = self._load_again, None
            if again is not None:
                self._request_load(self._candidate if again is not _ANY else _ANY)
            self.checked.emit()

    def _take(self, result: LoadResult) -> None:
        if result.seq < self._latest_seq and result.fingerprint != self._candidate:
            # A newer change was seen while this load ran: its result is stale.
            if result.bundle is not None:
                result.bundle.close()
            log.info("a newer change to %s supersedes the load that was running", self.path)
            return
        if result.outcome is Outcome.MOVING:
            self._candidate = result.fingerprint
            self._settle.start()
        elif result.outcome is Outcome.REJECTED:
            self._accepted = result.fingerprint  # don't retry until it changes again
            self._discard_held("the files changed again, and the new content is not valid")
            self.last_problems = result.problems
            log.error("the changed bundle at %s is not valid; keeping the current content", self.path)
            for problem in result.problems:
                log.error("%s", problem.describe())
        elif result.outcome is Outcome.LOADED and result.bundle is not None:
            self._accepted = result.fingerprint
            self.last_problems = []
            bundle = result.bundle
            now = self.clock()
            decision = self.policy.decide(self.shown, bundle.manifest, unchanged_since=now, now=now)
            if decision.held:
                self._hold(bundle, result.fingerprint, decision)
            else:
                self._discard_held("newer content shows instead")
                self._offer(bundle)

    def _offer(self, bundle: Bundle) -> None:
        self.shown = bundle.manifest
        log.info("bundle changed on disk; new content (%d cards) shows from the next card", len(bundle.manifest.cards))
        self.updated.emit(bundle)
