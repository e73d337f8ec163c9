"""Noticing a changed bundle on disk and loading it safely.

A publicity officer copies a new bundle over the old one while the kiosk
runs.  The watcher waits until the files stop changing, validates the new
content, and only then offers it; a half-copied or invalid bundle is logged
and the last good content stays on screen.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.core.bundle import Bundle, BundleError, load_bundle
from kiosk.core.files import BundleFileError, open_files
from kiosk.core.problems import Problem

log = logging.getLogger(__name__)

SETTLE_MS = 1500  # files must stay unchanged this long before we read them
POLL_MS = 15_000  # for file systems that send no change events (USB, network)


class BundleWatcher(QObject):
    """Emits ``updated`` with a new valid bundle, ``rejected`` with problems."""

    updated = Signal(object)  # Bundle
    rejected = Signal(list)  # list[Problem]

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path.resolve()
        self._fingerprint = self._read_fingerprint()
        self._candidate: str | None = None
        self.last_problems: list[Problem] = []
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._settle = QTimer(self)
        self._settle.setObjectName("bundle_settle_timer")
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._poll = QTimer(self)
        self._poll.setObjectName("bundle_poll_timer")
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._changed)
        self._watch_paths()

    def start(self) -> None:
        self._poll.start()

    def stop(self) -> None:
        self._poll.stop()
        self._settle.stop()

    def _watch_paths(self) -> None:
        paths = [str(self.path.parent)]
        if self.path.exists():
            paths.append(str(self.path))
            if self.path.is_dir():
                paths.extend(str(p) for p in self.path.rglob("*") if p.is_dir() and not p.name.startswith("."))
                manifest = self.path / "bundle.yaml"
                if manifest.exists():
                    paths.append(str(manifest))
        current = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in paths if p not in current]
        if missing:
            self._watcher.addPaths(missing)

    def _read_fingerprint(self) -> str | None:
        try:
            files = open_files(self.path)
        except BundleFileError:
            return None
        try:
            return files.fingerprint()
        except OSError:
            return None
        finally:
            files.close()

    def _changed(self, *_args: object) -> None:
        # Editors and copies replace files: watch again what may have been replaced.
        self._watch_paths()
        fingerprint = self._read_fingerprint()
        if fingerprint == self._fingerprint:
            return
        self._candidate = fingerprint
        self._settle.start()

    def check_now(self) -> None:
        """Look for a change immediately (tests, the staff menu)."""
        self._candidate = self._read_fingerprint()
        self._settled()

    def _settled(self) -> None:
        fingerprint = self._read_fingerprint()
        if fingerprint != self._candidate:
            # Still being copied: wait for it to settle.
            self._candidate = fingerprint
            self._settle.start()
            return
        if fingerprint == self._fingerprint:
            return
        try:
            bundle: Bundle = load_bundle(self.path)
        except BundleError as exc:
            self.last_problems = exc.problems
            log.error("the changed bundle at %s is not valid; keeping the current content", self.path)
            for problem in exc.problems:
                log.error("%s", problem.describe())
            self._fingerprint = fingerprint  # don't retry until it changes again
            self.rejected.emit(exc.problems)
            return
        self._fingerprint = fingerprint
        self.last_problems = []
        log.info("bundle changed on disk; new content (%d cards) shows from the next card", len(bundle.manifest.cards))
        self.updated.emit(bundle)
