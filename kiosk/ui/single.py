"""One kiosk per user: a second start (autostart plus a double click) gives way.

A ``QLockFile`` holds the lock for as long as the process lives; the
operating system drops it when the process dies, and a lock file left by a
crashed kiosk is taken over on the next start.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "union-kiosk.lock"
# Never judge a lock stale by its age: the kiosk holds it for weeks.  Staleness
# is decided by the owner's pid (and on Unix by the OS-level lock on the file).
STALE_LOCK_TIME_MS = 0


def acquire_single_instance(lock_dir: Path, *, name: str = LOCK_FILE_NAME) -> QLockFile | None:
    """Lock ``lock_dir/name``; None when another running kiosk holds it.

    Keep the returned lock referenced for the life of the process (it unlocks
    when collected).  When no lock can be made at all (an unwritable folder)
    the kiosk should still run: that is logged and the unlocked ``QLockFile``
    is returned, so only None means "already running".
    """
    path = lock_dir / name
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("running without the single-instance lock: cannot create %s: %s", lock_dir, exc.strerror)
        return QLockFile(str(path))
    lock = QLockFile(str(path))
    lock.setStaleLockTime(STALE_LOCK_TIME_MS)
    if lock.tryLock(0):
        log.debug("single-instance lock %s taken", path)
        return lock
    if lock.error() != QLockFile.LockError.LockFailedError:
        log.warning("running without the single-instance lock %s (%s)", path, lock.error().name)
        return lock
    pid, host, app = lock.getLockInfo()
    if pid <= 0 and lock.tryLock(0):  # the holder let go in between
        return lock
    if _left_by_dead_process(pid, host):
        log.info("taking over the lock %s left by process %d, which is gone", path, pid)
        if lock.removeStaleLockFile() and lock.tryLock(0):
            return lock
    log.info("another kiosk (%s, pid %d on %s) holds %s", app or "?", pid, host or "?", path)
    return None


def _left_by_dead_process(pid: int, host: str) -> bool:
    """True when the lock's owner ran on this machine and no longer exists."""
    if pid <= 0 or (host and host != QSysInfo.machineHostName()):
        return False
    if sys.platform == "win32":
        return False  # os.kill would terminate it; QLockFile.tryLock checks the pid itself there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # PermissionError: it exists, someone else's
        return False
    return False
