"""Notices: one short line of text that every kiosk of a feed (or of one hall) shows until a given time.

A notice is a signed target of the feed like a bundle, a small JSON document::

    {"format": 1, "id": "20261130T080000Z-3f2a9c1b", "text": "今日闭馆维护", "until": "2026-12-01T10:00:00+00:00",
     "published": "2026-11-30T08:00:00+00:00"}

Its text passes the same gate as bundle text, on the publishing side and
again on each kiosk: plain text on one line without control or format
characters, at most :data:`MAX_NOTICE_CHARS` characters, every character in
the font the kiosk ships (a notice has no bundle font to fall back on).
The ``id`` changes with every notice, so a kiosk shows a new notice full
screen once and then as a banner.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from kiosk.core.glyphs import shipped_coverage
from kiosk.core.text_safety import character_name, first_unsafe
from kiosk.feed.layout import NOTICE_FILE, feed_dir

NOTICE_FORMAT = 1
MAX_NOTICE_CHARS = 120  # one banner line at a readable size on a 1366-pixel-wide screen
MAX_NOTICE_BYTES = 4096  # the signed length is checked first; this bounds what a kiosk reads back
UNCOVERED_SHOWN = 5


class NoticeError(ValueError):
    """A notice that may not be published or shown; ``problems`` are Chinese with English after a slash."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Notice:
    id: str
    text: str
    until: datetime  # aware, UTC
    published: datetime  # aware, UTC

    def is_current(self, now: datetime) -> bool:
        return now < self.until

    def as_dict(self) -> dict[str, object]:
        return {
            "format": NOTICE_FORMAT,
            "id": self.id,
            "text": self.text,
            "until": self.until.isoformat(),
            "published": self.published.isoformat(),
        }

    def to_bytes(self) -> bytes:
        """The published form: sorted keys, so the same notice is the same bytes."""
        return (json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def text_problems(text: str) -> list[str]:
    """Why ``text`` may not stand in a notice; empty when it may."""
    if not text.strip():
        return ["通知内容是空的 / the notice text is empty"]
    problems: list[str] = []
    if len(text) > MAX_NOTICE_CHARS:
        problems.append(
            f"通知太长：{len(text)} 个字符，上限 {MAX_NOTICE_CHARS} 个。请缩短。"
            f" / the notice has {len(text)} characters, at most {MAX_NOTICE_CHARS}"
        )
    unsafe = first_unsafe(text)
    if unsafe is not None:
        name = character_name(text[unsafe])
        problems.append(
            f"通知第 {unsafe + 1} 个字符是不可见的控制或格式字符（{name}），请删除。"
            f" / character {unsafe + 1} is a control or format character ({name})"
        )
    else:
        coverage = shipped_coverage()
        missing = sorted({char for char in text if char not in coverage and not char.isspace()})
        if missing:
            shown = "".join(missing[:UNCOVERED_SHOWN]) + ("……" if len(missing) > UNCOVERED_SHOWN else "")
            codes = ", ".join(character_name(char) for char in missing[:UNCOVERED_SHOWN])
            problems.append(
                f"展台自带的字体里没有这些字：{shown}，屏幕上会显示成方框。请换一种写法。"
                f" / the kiosk's font has no glyph for {codes}"
            )
    return problems


def parse_until(text: str, *, now: datetime) -> datetime:
    """The end of a notice from ``2026-12-01T18:00`` (local time), ``…+08:00``, ``…Z`` or ``2026-12-01`` (end of day).

    Raises :class:`NoticeError` unless it is a valid time after ``now``.
    """
    raw = text.strip()
    try:
        if len(raw) == len("2026-12-01"):
            until = datetime.combine(datetime.fromisoformat(raw).date(), time(23, 59, 59))
        else:
            until = datetime.fromisoformat(raw)
    except ValueError:
        raise NoticeError(
            [f"时间“{text}”无效：请写成 2026-12-01T18:00（本机时间）或 2026-12-01T18:00+08:00 / invalid time {text!r}"]
        ) from None
    if until.tzinfo is None:
        until = until.astimezone()  # the publisher's own clock and zone
    until = until.astimezone(UTC)
    if until <= now:
        raise NoticeError([f"截止时间 {until.isoformat()} 已经过去 / {until.isoformat()} is in the past"])
    return until


def make_notice(text: str, until: datetime, *, now: datetime) -> Notice:
    """A new notice, or :class:`NoticeError` with every problem of its text."""
    problems = text_problems(text)
    if until <= now:
        problems.append(f"截止时间 {until.isoformat()} 已经过去 / {until.isoformat()} is in the past")
    if problems:
        raise NoticeError(problems)
    published = now.astimezone(UTC).replace(microsecond=0)
    digest = hashlib.sha256(f"{text}\0{until.isoformat()}\0{published.isoformat()}".encode()).hexdigest()[:8]
    return Notice(
        id=f"{published:%Y%m%dT%H%M%SZ}-{digest}", text=text, until=until.astimezone(UTC), published=published
    )


def read_notice(data: bytes) -> Notice:
    """A notice from its JSON (as received), checked like a new one; :class:`NoticeError` otherwise."""
    if len(data) > MAX_NOTICE_BYTES:
        raise NoticeError([f"通知文件太大 / the notice file is over {MAX_NOTICE_BYTES} bytes"])
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != NOTICE_FORMAT:
            raise ValueError("not a notice of format 1")
        ident, text = raw["id"], raw["text"]
        if not isinstance(ident, str) or not isinstance(text, str) or len(ident) > 64:
            raise ValueError("id and text must be strings")
        until = datetime.fromisoformat(raw["until"])
        published = datetime.fromisoformat(raw["published"])
        if until.tzinfo is None or published.tzinfo is None:
            raise ValueError("times must carry their zone")
    except (ValueError, KeyError, TypeError) as exc:
        raise NoticeError([f"通知文件格式不对 / malformed notice: {exc}"]) from None
    problems = text_problems(text)
    if first_unsafe(ident) is not None:
        problems.append("通知编号含控制字符 / the notice id holds control characters")
    if problems:
        raise NoticeError(problems)
    return Notice(id=ident, text=text, until=until.astimezone(UTC), published=published.astimezone(UTC))


def current_notice(data_dir: Path, *, now: datetime | None = None) -> Notice | None:
    """The notice received from the feed that should be on screen now, or ``None``.

    For the screen: an expired, missing or damaged notice file gives ``None``.
    """
    path = feed_dir(data_dir) / NOTICE_FILE
    try:
        notice = read_notice(path.read_bytes())
    except (OSError, NoticeError):
        return None
    moment = now or datetime.now(UTC)
    return notice if notice.is_current(moment) else None
