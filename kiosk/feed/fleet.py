"""The fleet as the reports show it: every hall's last status, screenshot and week of statistics.

Reads the reports folder the kiosks PUT into (:mod:`kiosk.feed.reports`),
either a folder on this machine or its URL, whose listing nginx gives as
JSON (``autoindex_format json``).  Everything in it was written by kiosks,
so by anyone who has a kiosk's password: it is data, read within size
limits, names checked, never trusted.  :mod:`kiosk.feed.fleet_page` turns
the result into the page and the CSV.

The newest published version comes from the feed's own metadata (its
folder, ``--repo``, or its URL, ``--feed``), read as plain JSON: the page
only shows it, nothing is installed from it.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.feed.fleet_stores import (
    HTTP_TIMEOUT,
    MAX_LISTING_BYTES,
    Entry,
    FleetError,
    FolderStore,
    HttpStore,
    ReportStore,
    open_store,
)
from kiosk.feed.layout import COMMON_BUNDLE, HALL_ID, METADATA_DIR, bundle_target
from kiosk.feed.report_format import (
    MAX_SCREENSHOT_BYTES,
    REPORT_INTERVAL_S,
    SCREEN_NAMES,
    STALE_INTERVALS,
    STATS_NAME,
    STATUS_NAME,
    image_type,
)

__all__ = [
    "HTTP_TIMEOUT",
    "MAX_LISTING_BYTES",
    "CardOpens",
    "Entry",
    "Fleet",
    "FleetError",
    "FolderStore",
    "HallReport",
    "HttpStore",
    "Published",
    "ReportStore",
    "open_store",
    "published_at",
    "published_for",
    "published_in_folder",
    "read_fleet",
    "read_hall",
]

MAX_STATUS_BYTES = 256 * 1024
MAX_STATS_BYTES = 8 * 1024 * 1024
MAX_METADATA_BYTES = 16 * 1024 * 1024
MAX_HALLS = 20_000
STATS_DAYS = 7
TOP_CARDS = 5
MAX_TEXT = 200  # characters of any one value from a report shown on the page


# ---------------------------------------------------------------- the newest published


@dataclass(frozen=True)
class Published:
    target: str  # "bundle.zip" or "halls/<id>/bundle.zip"
    sha256: str
    length: int
    targets_version: int


def _targets_of(read: Callable[[str], bytes | None]) -> dict[str, Published]:
    def load(name: str) -> Mapping[str, object]:
        data = read(f"{METADATA_DIR}/{name}")
        if data is None:
            raise FleetError(f"内容源里没有 {METADATA_DIR}/{name} / the feed has no {name}")
        try:
            parsed = json.loads(data)
            signed = parsed["signed"]
        except (ValueError, KeyError, TypeError):
            raise FleetError(f"内容源的 {name} 无法读取 / {name} is not TUF metadata") from None
        if not isinstance(signed, Mapping):
            raise FleetError(f"内容源的 {name} 无法读取 / {name} is not TUF metadata")
        return signed

    try:
        snapshot_version = int(load("timestamp.json")["meta"]["snapshot.json"]["version"])  # type: ignore[index]
        targets_version = int(load(f"{snapshot_version}.snapshot.json")["meta"]["targets.json"]["version"])  # type: ignore[index]
        targets = load(f"{targets_version}.targets.json")["targets"]
    except (KeyError, TypeError, ValueError):
        raise FleetError("内容源的元数据不完整 / the feed's metadata is incomplete") from None
    published = {}
    for path, info in targets.items() if isinstance(targets, Mapping) else ():
        if not isinstance(path, str) or not path.endswith(COMMON_BUNDLE) or not isinstance(info, Mapping):
            continue
        hashes = info.get("hashes")
        sha = hashes.get("sha256") if isinstance(hashes, Mapping) else None
        if isinstance(sha, str):
            published[path] = Published(path, sha, int(info.get("length", 0) or 0), targets_version)
    return published


def published_in_folder(repo: Path) -> dict[str, Published]:
    """The bundles the feed folder ``repo`` offers, by target path."""
    store = FolderStore(repo)
    return _targets_of(lambda path: store.read(path, MAX_METADATA_BYTES))


def published_at(url: str) -> dict[str, Published]:
    """The bundles the feed at ``url`` offers, by target path."""
    store = HttpStore(url)
    return _targets_of(lambda path: store.read(path, MAX_METADATA_BYTES))


def published_for(published: Mapping[str, Published], hall: str) -> Published | None:
    """What the feed gives ``hall``: its own bundle when it has one, else the common one."""
    if HALL_ID.fullmatch(hall) and (own := published.get(bundle_target(hall))) is not None:
        return own
    return published.get(COMMON_BUNDLE)


# ---------------------------------------------------------------- one hall


@dataclass(frozen=True)
class CardOpens:
    card_id: str
    opens: int  # brought on screen by a touch, or its detail page opened


@dataclass(frozen=True)
class HallReport:
    hall: str
    status_at: datetime | None  # when the server received the last status (else the kiosk's own clock)
    interval_seconds: float = REPORT_INTERVAL_S
    sent_at: datetime | None = None  # the kiosk's clock
    bundle_id: str | None = None
    title: str | None = None
    sha256: str | None = None
    showing_since: datetime | None = None
    uptime_seconds: float | None = None
    app_version: str | None = None
    display_power: str | None = None
    disk_free_bytes: int | None = None
    last_check_at: datetime | None = None
    last_check_outcome: str | None = None
    last_check_reason: str | None = None
    recent_errors: tuple[str, ...] = ()
    screenshot: bytes | None = None
    screenshot_type: str | None = None
    screenshot_at: datetime | None = None
    stats_days: tuple[date, ...] = ()
    plays: int | None = None  # of the last STATS_DAYS days with statistics
    touches: int | None = None
    top_cards: tuple[CardOpens, ...] = ()
    problems: tuple[str, ...] = ()

    def stale(self, now: datetime) -> bool:
        """No status, or none for :data:`STALE_INTERVALS` report intervals."""
        if self.status_at is None:
            return True
        return now - self.status_at > timedelta(seconds=STALE_INTERVALS * self.interval_seconds)

    def version_state(self, published: Published | None) -> str:
        """``current``, ``behind`` (an older or other bundle), or ``unknown``."""
        if published is None or self.sha256 is None:
            return "unknown"
        return "current" if self.sha256 == published.sha256 else "behind"

    @property
    def screenshot_data_uri(self) -> str | None:
        if self.screenshot is None or self.screenshot_type is None:
            return None
        return f"data:{self.screenshot_type};base64,{base64.b64encode(self.screenshot).decode('ascii')}"


def _text(value: object) -> str | None:
    if value is None or isinstance(value, Mapping | list):
        return None
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _stats(blobs: Iterable[bytes]) -> tuple[int, int, tuple[CardOpens, ...]]:
    plays = touches = 0
    opens: Counter[str] = Counter()
    for blob in blobs:
        reader = csv.DictReader(io.StringIO(blob.decode("utf-8-sig", errors="replace")))
        for row in reader:
            kind = row.get("kind")
            if kind == "card_view":
                plays += 1
                if row.get("trigger") == "touch" and row.get("card_id"):
                    opens[row["card_id"][:MAX_TEXT]] += 1
            elif kind == "touch":
                touches += 1
            elif kind == "detail_view" and row.get("card_id"):
                opens[row["card_id"][:MAX_TEXT]] += 1
    top = sorted(opens.items(), key=lambda item: (-item[1], item[0]))[:TOP_CARDS]
    return plays, touches, tuple(CardOpens(card, count) for card, count in top)


def read_hall(store: ReportStore, hall: str, *, today: date) -> HallReport:
    """What ``hall``'s folder holds; whatever is missing or broken is a problem on the page, never an error."""
    problems: list[str] = []
    files = {entry.name: entry for entry in store.list(hall) if not entry.is_dir}
    status_entry = files.get(STATUS_NAME)
    status_at = status_entry.modified if status_entry else None
    status = _read_status(store, hall, status_entry, problems)
    fields: dict[str, object] = {}
    if status:
        fields |= _status_fields(status)
        if status_at is None:
            status_at = _when(status.get("sent_at"))
    fields |= _screenshot_fields(store, hall, files, problems)
    fields |= _stats_fields(store, hall, _stats_days(files, today), problems)
    return HallReport(hall=hall, status_at=status_at, problems=tuple(problems), **fields)  # type: ignore[arg-type]


def _read_status(store: ReportStore, hall: str, entry: Entry | None, problems: list[str]) -> Mapping[str, object]:
    """The hall's status document (empty when there is none that reads; ``problems`` says why)."""
    raw = store.read(f"{hall}/{STATUS_NAME}", MAX_STATUS_BYTES) if entry else None
    if entry is None:
        problems.append("没有状态报告 / no status yet")
        return {}
    if raw is None:
        problems.append("状态报告读不到或太大 / status unreadable or too large")
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    if isinstance(parsed, Mapping):
        return parsed
    problems.append("状态报告不是有效的 JSON / status is not valid JSON")
    return {}


def _status_fields(status: Mapping[str, object]) -> dict[str, object]:
    """The :class:`HallReport` fields a status gives: each value of the right type and size, else ``None``."""
    fields: dict[str, object] = {"sent_at": _when(status.get("sent_at"))}
    interval = _number(status.get("report_interval_seconds"))
    if interval is not None and 60 <= interval <= 24 * 3600:
        fields["interval_seconds"] = interval
    screen = status.get("on_screen")
    if isinstance(screen, Mapping):
        fields |= _on_screen_fields(screen)
    fields["uptime_seconds"] = _number(status.get("uptime_seconds"))
    fields["app_version"] = _text(status.get("app_version"))
    fields["display_power"] = _text(status.get("display_power"))
    free = _number(status.get("disk_free_bytes"))
    fields["disk_free_bytes"] = None if free is None else int(free)
    check = status.get("last_check")
    if isinstance(check, Mapping):
        fields |= _last_check_fields(check)
    errors = status.get("recent_errors")
    if isinstance(errors, list):
        fields["recent_errors"] = tuple(t for t in (_text(e) for e in errors[-10:]) if t)
    return fields


def _on_screen_fields(screen: Mapping[str, object]) -> dict[str, object]:
    sha = screen.get("sha256")
    return {
        "bundle_id": _text(screen.get("bundle_id")),
        "title": _text(screen.get("title")),
        "sha256": sha if isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha) else None,
        "showing_since": _when(screen.get("since")),
    }


def _last_check_fields(check: Mapping[str, object]) -> dict[str, object]:
    fields: dict[str, object] = {
        "last_check_at": _when(check.get("checked_at")),
        "last_check_outcome": _text(check.get("outcome")),
    }
    reason = check.get("reason")
    if isinstance(reason, Mapping):
        fields["last_check_reason"] = _text(reason.get("zh")) or _text(reason.get("code"))
    return fields


def _screenshot_fields(
    store: ReportStore, hall: str, files: Mapping[str, Entry], problems: list[str]
) -> dict[str, object]:
    """The newest screenshot, its type and time; nothing when there is none or it does not read (a problem)."""
    screens = [files[name] for name in SCREEN_NAMES.values() if name in files]
    if not screens:
        return {}
    newest = max(screens, key=lambda e: e.modified or datetime.min.replace(tzinfo=UTC))
    image = store.read(f"{hall}/{newest.name}", MAX_SCREENSHOT_BYTES)
    kind = image_type(image) if image else None
    if image is None:
        problems.append(f"截图读不到或超过 {MAX_SCREENSHOT_BYTES // 1024} KB / screenshot unreadable or too large")
        return {}
    if kind is None:
        problems.append("截图不是 JPEG 或 PNG / screenshot is not a JPEG or PNG")
        return {}
    return {"screenshot": image, "screenshot_type": kind, "screenshot_at": newest.modified}


def _stats_days(files: Iterable[str], today: date) -> list[date]:
    """The days of the last :data:`STATS_DAYS` with a statistics file, oldest first."""
    first_day = today - timedelta(days=STATS_DAYS)
    days = []
    for name in files:
        found = STATS_NAME.fullmatch(name)
        if found:
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(found.group(1))
                if first_day <= day <= today:
                    days.append(day)
    days.sort()
    return days[-STATS_DAYS:]


def _stats_fields(store: ReportStore, hall: str, days: list[date], problems: list[str]) -> dict[str, object]:
    """The days' plays, touches and most opened cards, from the statistics files that read."""
    blobs = []
    for day in days:
        blob = store.read(f"{hall}/stats-{day:%Y-%m-%d}.csv", MAX_STATS_BYTES)
        if blob is None:
            problems.append(f"{day} 的统计读不到或太大 / stats of {day} unreadable")
        else:
            blobs.append(blob)
    fields: dict[str, object] = {"stats_days": tuple(days)}
    if blobs:
        plays, touches, top = _stats(blobs)
        fields |= {"plays": plays, "touches": touches, "top_cards": top}
    return fields


# ---------------------------------------------------------------- the fleet


@dataclass(frozen=True)
class Fleet:
    generated_at: datetime
    source: str
    halls: tuple[HallReport, ...]
    published: Mapping[str, Published] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()  # folder names that are not hall ids

    def newest_for(self, hall: HallReport) -> Published | None:
        return published_for(self.published, hall.hall)

    def stale(self) -> list[HallReport]:
        return [hall for hall in self.halls if hall.stale(self.generated_at)]


def read_fleet(
    store: ReportStore,
    *,
    source: str,
    published: Mapping[str, Published] | None = None,
    now: datetime | None = None,
) -> Fleet:
    """Every hall's folder in ``store``, sorted by hall id."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    halls: list[HallReport] = []
    skipped: list[str] = []
    for entry in sorted(store.list(""), key=lambda e: e.name):
        if not entry.is_dir:
            continue
        if not HALL_ID.fullmatch(entry.name) or len(halls) >= MAX_HALLS:
            skipped.append(entry.name[:MAX_TEXT])
            continue
        halls.append(read_hall(store, entry.name, today=moment.astimezone().date()))
    return Fleet(moment, source, tuple(halls), dict(published or {}), tuple(skipped))
