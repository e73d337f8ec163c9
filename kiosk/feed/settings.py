"""The ``feed:`` part of ``kiosk.yaml``: which feed this kiosk follows.

.. code-block:: yaml

    feed:
      url: https://feed.example.org/union/   # or a folder: /media/usb/union-feed
      trust: root.json                       # the root metadata given with the feed; relative: beside kiosk.yaml
      hall: jinan-01                         # optional: this hall's own bundle and notice, when published
      check_minutes: 15                      # how often to check (1–1440)

Like the rest of ``kiosk.yaml``, a broken item never stops the kiosk: it is
reported and the feed is left off.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.feed.layout import check_hall_id

log = logging.getLogger(__name__)

DEFAULT_CHECK_MINUTES = 15.0  # a change reaches every screen within ~15 min; ~100 small requests a day per screen
MIN_CHECK_MINUTES = 1.0
MAX_CHECK_MINUTES = 24 * 60.0
KNOWN_KEYS = ("url", "trust", "hall", "check_minutes")


@dataclass(frozen=True)
class FeedSettings:
    source: str  # an http(s) URL, or a folder holding the repository
    trust: Path  # the trusted root metadata
    hall: str | None = None
    check_minutes: float = DEFAULT_CHECK_MINUTES


def feed_settings(data: object, *, base: Path | None = None) -> tuple[FeedSettings | None, list[str]]:
    """The feed settings from a loaded ``kiosk.yaml`` mapping (``None``: no feed), and every problem found.

    ``base`` is the folder of ``kiosk.yaml``: relative ``trust`` paths and
    folders are read from there.
    """
    if not isinstance(data, Mapping) or data.get("feed") is None:
        return None, []
    raw = data["feed"]
    if not isinstance(raw, Mapping):
        return None, ["feed：应为“设置项: 值”的表（url、trust、hall、check_minutes）/ feed must be a mapping"]
    problems = [
        f"feed：未知设置项“{key}”（可用：{'、'.join(KNOWN_KEYS)}），已忽略" for key in raw if key not in KNOWN_KEYS
    ]

    def path_of(text: str) -> Path:
        path = Path(text).expanduser()
        return base / path if base is not None and not path.is_absolute() else path

    url = raw.get("url")
    if not isinstance(url, str) or not url.strip():
        problems.append("feed.url：应为内容源的网址（https://…）或文件夹路径 / feed.url is missing")
        url = None
    else:
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            url = str(path_of(url))
    trust = raw.get("trust")
    if not isinstance(trust, str) or not trust.strip():
        problems.append("feed.trust：应为发布方给出的根元数据文件（root.json）的路径 / feed.trust is missing")
        trust = None
    hall = raw.get("hall")
    if hall is not None:
        try:
            hall = check_hall_id(str(hall))
        except ValueError as exc:
            problems.append(f"feed.hall：{exc}")
            hall = None
    minutes = raw.get("check_minutes", DEFAULT_CHECK_MINUTES)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not (MIN_CHECK_MINUTES <= minutes <= MAX_CHECK_MINUTES)
    ):
        problems.append(
            f"feed.check_minutes：应为 {MIN_CHECK_MINUTES:.0f}–{MAX_CHECK_MINUTES:.0f} 之间的分钟数，"
            f"按 {DEFAULT_CHECK_MINUTES:.0f} 分钟处理"
        )
        minutes = DEFAULT_CHECK_MINUTES
    if url is None or trust is None:
        return None, [*problems, "内容源设置不完整，本机不自动更新 / feed settings incomplete: not following a feed"]
    return FeedSettings(source=url, trust=path_of(trust.strip()), hall=hall, check_minutes=float(minutes)), problems


def read_kiosk_yaml(path: Path | None, without: str) -> tuple[Path, object] | None:
    """``kiosk.yaml`` (or ``path``) and what it holds, or ``None`` when it is missing or unreadable.

    ``without`` says, for the log, what the kiosk then goes without (Chinese / English).
    """
    import yaml

    from kiosk.core.settings import settings_path

    path = path or settings_path()
    try:
        return path, yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        log.error("设置文件 %s 无法读取，%s: %s", path, without, exc)
        return None


def load_feed_settings(path: Path | None = None) -> FeedSettings | None:
    """The feed settings of this kiosk's ``kiosk.yaml`` (or ``path``); problems are logged, never raised."""
    read = read_kiosk_yaml(path, "不自动更新 / unreadable settings, not following a feed")
    if read is None:
        return None
    path, data = read
    settings, problems = feed_settings(data, base=path.parent)
    if problems:
        log.error("设置文件 %s 的 feed 有问题 / feed settings:\n  %s", path, "\n  ".join(problems))
    return settings
