"""Where things are: in the published repository, and in a kiosk's data folder.

The repository is one folder::

    metadata/   1.root.json, 2.root.json …, timestamp.json, N.snapshot.json, N.targets.json
    targets/    <sha256>.bundle.zip, halls/<id>/<sha256>.bundle.zip,
                notices/<sha256>.common.json, notices/halls/<sha256>.<id>.json

Every metadata file but ``timestamp.json`` carries its version in its name and
every target its hash (TUF's *consistent snapshots*), so a file once written
never changes: a web server or CDN may cache it for ever, and a kiosk reading
the feed while it is being published sees the old set or the new one.
"""

from __future__ import annotations

import re
from pathlib import Path

METADATA_DIR = "metadata"
TARGETS_DIR = "targets"

COMMON_BUNDLE = "bundle.zip"
COMMON_NOTICE = "notices/common.json"

# Lower case only: a hall's folder must be the same on a disk that ignores case.
HALL_ID = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?")

# In the kiosk's data folder.
FEED_DIR = "feed"
CURRENT_BUNDLE = "current.zip"
PREVIOUS_BUNDLE = "previous.zip"
NOTICE_FILE = "notice.json"
LAST_CHECK_FILE = "last-check.json"
CACHE_DIR = "metadata"  # the updater's trusted metadata
DOWNLOAD_DIR = "download"


class HallIdError(ValueError):
    """A hall id that cannot name a folder in the feed."""


def check_hall_id(hall: str) -> str:
    """``hall`` if it may name a hall (``jinan-01``), else :class:`HallIdError` saying what is allowed."""
    if not HALL_ID.fullmatch(hall):
        raise HallIdError(
            f"展厅编号“{hall}”无效：只能用小写字母、数字、- 和 _，1–64 个字符，以字母或数字开头和结尾。"
            f" / invalid hall id {hall!r}: use a-z, 0-9, - and _, 1-64 characters"
        )
    return hall


def bundle_target(hall: str | None = None) -> str:
    """The target path of the bundle for ``hall`` (its own), or the common one."""
    return COMMON_BUNDLE if hall is None else f"halls/{check_hall_id(hall)}/bundle.zip"


def notice_target(hall: str | None = None) -> str:
    return COMMON_NOTICE if hall is None else f"notices/halls/{check_hall_id(hall)}.json"


def feed_dir(data_dir: Path) -> Path:
    return data_dir / FEED_DIR
