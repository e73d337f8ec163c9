"""Statistics summaries and diagnostics as a kiosk gathers them, for the diagnostics tests."""

from __future__ import annotations

from typing import Any

from kiosk import __version__
from kiosk.core.diagnostics import DiagnosticsInfo
from kiosk.core.stats import CardViews, Summary


def summary(touches_by_hour: tuple[int, ...] = (0,) * 24, **changes: Any) -> Summary:
    """Twelve cards played and three details opened; touches as given, per hour of the day."""
    values: dict[str, Any] = {
        "since": None,
        "card_views": 12,
        "detail_views": 3,
        "touches": sum(touches_by_hour),
        "returns": {"idle": 2},
        "most_viewed": (CardViews("cultural-palaces", 7, 70.0), CardViews("publicity", 5, 50.0)),
        "most_touched": (),
        "touches_by_hour": tuple(touches_by_hour),
        "average_card_seconds": 10.0,
        "average_detail_seconds": None,
    }
    values.update(changes)
    return Summary(**values)


BUSY_HOURS = tuple(3 if hour in (9, 10, 15) else 0 for hour in range(24))
INFO = DiagnosticsInfo(
    version=__version__,
    bundle_id="acftu-2023",
    bundle_title="中国工会数字展",
    data_as_of="2023-10",
    bundle_path="/srv/kiosk/bundles/acftu-2023",
    uptime_s=2 * 86400 + 3 * 3600 + 5 * 60,
    memory_mib=187.25,
    last_errors=["05-14 09:30:12 警告 kiosk.ui.reload: 数据包有问题", "05-14 09:31:00 错误 kiosk: 后来的错误"],
    summary=summary(BUSY_HOURS),
    card_titles={"cultural-palaces": "112家 工人文化宫"},
)
