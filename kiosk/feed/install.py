"""The bundle installed from the feed, and putting a new one in its place in one step.

``data_dir/feed/current.zip`` is what the kiosk shows when no ``--bundle`` is
given; ``previous.zip`` is the one before it.  A new bundle is written under a
temporary name, flushed to the disk and renamed over ``current.zip``, so a
power cut leaves the old bundle or the new one, never half of one, and the
kiosk's bundle watcher sees one change.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

from kiosk.feed.layout import CURRENT_BUNDLE, NOTICE_FILE, PREVIOUS_BUNDLE, feed_dir

log = logging.getLogger(__name__)


def installed_bundle(data_dir: Path) -> Path | None:
    """The bundle installed from the feed in ``data_dir``, or ``None`` when there is none.

    ``previous.zip`` stands in when ``current.zip`` is missing (a copy of the
    data folder that lost it): an older good bundle beats the shipped deck.
    """
    folder = feed_dir(data_dir)
    for name in (CURRENT_BUNDLE, PREVIOUS_BUNDLE):
        path = folder / name
        if path.is_file():
            return path
    return None


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` reach the disk (a no-op where folders cannot be opened: Windows)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def fsync_file(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())


def install_bundle(downloaded: Path, data_dir: Path) -> Path:
    """Move the verified, gated zip ``downloaded`` to ``current.zip``, keeping the old one as ``previous.zip``.

    ``downloaded`` must be in the same file system (the feed folder): the last
    step is a rename.  ``current.zip`` is never missing on the way: the
    previous copy is made (a hard link where the disk has them) before the
    new one replaces it.
    """
    folder = feed_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    current = folder / CURRENT_BUNDLE
    fsync_file(downloaded)
    if current.is_file():
        keep = folder / f".{PREVIOUS_BUNDLE}.tmp"
        keep.unlink(missing_ok=True)
        try:
            os.link(current, keep)
        except OSError:  # FAT on a USB stick, some network shares: no hard links
            shutil.copy2(current, keep)
            fsync_file(keep)
        keep.replace(folder / PREVIOUS_BUNDLE)
    downloaded.replace(current)
    fsync_folder(folder)
    return current


def write_json_atomically(path: Path, data: object) -> None:
    """Replace ``path`` with ``data`` as JSON in one step."""
    import json  # an install writes JSON; every start asks only which bundle is installed

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8", newline="\n") as stream:
        json.dump(data, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        stream.flush()
        os.fsync(stream.fileno())
    temporary.replace(path)
    fsync_folder(path.parent)


def remove_notice(data_dir: Path) -> bool:
    """Take the received notice away; whether there was one."""
    path = feed_dir(data_dir) / NOTICE_FILE
    existed = path.exists()
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return existed
