"""The ``reports:`` part of ``kiosk.yaml``: where this kiosk sends its reports, as whom, for which hall, how often."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.feed.layout import check_hall_id
from kiosk.feed.report_format import REPORT_INTERVAL_S

log = logging.getLogger(__name__)

MIN_REPORT_MINUTES = 1.0
MAX_REPORT_MINUTES = 24 * 60.0
KNOWN_KEYS = ("url", "user", "password", "hall", "minutes")


@dataclass(frozen=True)
class ReportSettings:
    """The ``reports:`` part of ``kiosk.yaml``.

    .. code-block:: yaml

        reports:
          url: https://feed.example.org/reports/   # the WebDAV folder
          user: kiosk
          password: "…"                            # kiosk.yaml is readable by its owner only
          hall: jinan-01                           # optional: else feed.hall
          minutes: 5                               # how often the status goes (1–1440)
    """

    url: str
    hall: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    minutes: float = REPORT_INTERVAL_S / 60

    @property
    def interval(self) -> float:
        return self.minutes * 60.0


def report_settings(data: object) -> tuple[ReportSettings | None, list[str]]:
    """The report settings from a loaded ``kiosk.yaml`` mapping (``None``: no reports), and every problem."""
    if not isinstance(data, Mapping) or data.get("reports") is None:
        return None, []
    raw = data["reports"]
    if not isinstance(raw, Mapping):
        return None, ["reports：应为“设置项: 值”的表（url、user、password、hall、minutes）/ reports must be a mapping"]
    problems = [
        f"reports：未知设置项“{key}”（可用：{'、'.join(KNOWN_KEYS)}），已忽略" for key in raw if key not in KNOWN_KEYS
    ]
    url = raw.get("url")
    if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
        problems.append("reports.url：应为报告文件夹的网址（https://…/reports/）/ reports.url must be an http(s) URL")
        url = None
    user, password = raw.get("user"), raw.get("password")
    if (user is None) != (password is None) or not all(v is None or isinstance(v, str | int) for v in (user, password)):
        problems.append("reports.user 和 reports.password 要一起给出（文字）/ give both user and password, or neither")
        user = password = None
    if user is not None and ":" in str(user):
        problems.append("reports.user 不能含“:” / the user name may not hold ':'")
        user = password = None
    feed = data.get("feed")
    hall = raw.get("hall") or (feed.get("hall") if isinstance(feed, Mapping) else None)
    if hall is None:
        problems.append("reports.hall：请给出本展厅编号（或在 feed.hall 里给出）/ reports need a hall id")
    else:
        try:
            hall = check_hall_id(str(hall))
        except ValueError as exc:
            problems.append(f"reports.hall：{exc}")
            hall = None
    minutes = raw.get("minutes", REPORT_INTERVAL_S / 60)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not MIN_REPORT_MINUTES <= minutes <= MAX_REPORT_MINUTES
    ):
        problems.append(
            f"reports.minutes：应为 {MIN_REPORT_MINUTES:.0f}–{MAX_REPORT_MINUTES:.0f} 之间的分钟数，"
            f"按 {REPORT_INTERVAL_S / 60:.0f} 分钟处理"
        )
        minutes = REPORT_INTERVAL_S / 60
    if url is None or hall is None:
        return None, [*problems, "报告设置不完整，本机不发送报告 / report settings incomplete: not reporting"]
    settings = ReportSettings(
        url=url.strip().rstrip("/") + "/",
        hall=hall,
        user=None if user is None else str(user),
        password=None if password is None else str(password),
        minutes=float(minutes),
    )
    return settings, problems


def load_report_settings(path: Path | None = None) -> ReportSettings | None:
    """The report settings of this kiosk's ``kiosk.yaml`` (or ``path``); problems are logged, never raised."""
    from kiosk.feed.settings import read_kiosk_yaml

    read = read_kiosk_yaml(path, "不发送报告 / unreadable settings, not reporting")
    if read is None:
        return None
    path, data = read
    settings, problems = report_settings(data)
    if problems:
        log.error("设置文件 %s 的 reports 有问题 / report settings:\n  %s", path, "\n  ".join(problems))
    if settings is not None and settings.password is not None and os.name != "nt":
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                log.warning(
                    "设置文件 %s 含报告密码，却不只是本人可读：请 chmod 600 / kiosk.yaml readable by others", path
                )
    return settings
