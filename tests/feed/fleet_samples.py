"""Report folders as kiosks leave them, for the fleet page's tests."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.core.stats import CSV_COLUMNS

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # noon in Beijing


def small_jpeg(colour=(163, 23, 27)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 180), colour).save(out, "JPEG", quality=70)
    return out.getvalue()


def stats_csv(rows: list[tuple[str, str, str]]) -> bytes:
    """``(kind, card_id, trigger)`` rows in the format ``union-kiosk stats --csv`` writes."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for n, (kind, card, trigger) in enumerate(rows):
        writer.writerow([kind, "2026-11-22 10:00:00", f"{1_790_000_000 + n:.3f}", card, "b", "", trigger, ""])
    return out.getvalue().encode("utf-8")


def write_hall(
    root: Path,
    hall: str,
    *,
    age: timedelta = timedelta(minutes=2),
    title: str = "工会数据 2026",
    sha256: str | None = "a" * 64,
    screenshot: bytes | None = None,
    stats: dict[str, bytes] | None = None,
    status: object = None,
    now: datetime = NOW,
) -> Path:
    folder = root / hall
    folder.mkdir(parents=True, exist_ok=True)
    document = status or {
        "schema": 1,
        "hall": hall,
        "sent_at": (now - age).isoformat(),
        "app_version": "0.1.0",
        "uptime_seconds": 7200,
        "report_interval_seconds": 300,
        "on_screen": {
            "bundle_id": "union-2026",
            "title": title,
            "sha256": sha256,
            "since": "2026-11-23T01:00:00+00:00",
        },
        "last_check": {"outcome": "current", "checked_at": (now - age).isoformat(), "reason": None},
        "recent_errors": [],
        "disk_free_bytes": 12 * 1024**3,
        "display_power": "on",
    }
    path = folder / "status.json"
    path.write_bytes(document if isinstance(document, bytes) else json.dumps(document, ensure_ascii=False).encode())
    stamp = (now - age).timestamp()
    os.utime(path, (stamp, stamp))
    if screenshot is not None:
        (folder / "screen.jpg").write_bytes(screenshot)
    for name, body in (stats or {}).items():
        (folder / name).write_bytes(body)
    return folder
