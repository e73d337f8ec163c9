"""What the reports are, as each kiosk writes them and the fleet page reads them.

Their names in ``<reports url>/<hall>/``, their content types, the status
document's schema, the screenshot cap and how often a status is due.
"""

from __future__ import annotations

import re
from datetime import date

REPORT_INTERVAL_S = 5 * 60.0  # status every five minutes: a dead screen shows up within a quarter of an hour
STALE_INTERVALS = 3  # the fleet page marks a hall whose last status is older than this many intervals
MAX_SCREENSHOT_BYTES = 100 * 1024
SCHEMA = 1

STATUS_NAME = "status.json"
SCREEN_NAMES = {"image/jpeg": "screen.jpg", "image/png": "screen.png"}
STATS_NAME = re.compile(r"stats-(\d{4}-\d{2}-\d{2})\.csv")
REMOTE_NAME = re.compile(r"status\.json|screen\.jpg|screen\.png|stats-\d{4}-\d{2}-\d{2}\.csv")
CONTENT_TYPES = {".json": "application/json; charset=utf-8", ".csv": "text/csv; charset=utf-8"}
CONTENT_TYPES |= {".jpg": "image/jpeg", ".png": "image/png"}


def stats_name(day: date) -> str:
    return f"stats-{day:%Y-%m-%d}.csv"


def image_type(data: bytes) -> str | None:
    """``image/jpeg`` or ``image/png`` by the file's first bytes, else ``None``."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None
