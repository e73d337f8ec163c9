"""What the staff's diagnostics page says, gathered and worded without Qt.

:func:`gather_diagnostics` collects a :class:`DiagnosticsInfo` from what a
running kiosk has at hand (its bundle, the recent errors, the statistics);
:func:`row_texts` words it, row by row, as the page shows it, and
:func:`hours_chart` makes the touches-per-hour chart.  The page only puts
these texts into labels and the chart into a chart view.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.core.figures import parse_figure
from kiosk.core.model import Chart, ChartType, Series
from kiosk.core.report import duration

if TYPE_CHECKING:
    from kiosk.core.bundle import Bundle
    from kiosk.core.recent_errors import RecentErrors
    from kiosk.core.stats import StatsRecorder, Summary

log = logging.getLogger(__name__)

TOP_CARDS = 5  # most viewed cards listed on the diagnostics page
HOURS_PER_DAY = 24
FEW_TOUCHES = 5  # up to this many in the busiest hour, the chart's ticks step by one
MIB = 1024 * 1024
STATM = Path("/proc/self/statm")

NO_STATS = "还没有统计数据"
NO_TOUCHES = "还没有触摸记录"
HOURS_CHART_TITLE = "每小时触摸次数（本地时间）"
TOUCH_UNIT = "次"
HOUR_AXIS_TITLE = "时"
UNKNOWN = "未知"
NONE_YET = "无"
GATHER_FAILED = "诊断信息收集失败：{error}"
NO_FEED = "未设置内容源"
NOT_CHECKED = "还没有检查过"
FEED_OUTCOMES = {"installed": "已安装新内容", "current": "已是最新内容", "refused": "没有更新，继续显示现有内容"}
LIST_MARK = "■ "  # the shipped font has no •
ZERO_WIDTH_SPACE = "\u200b"  # lets a long path wrap after its separators

ROWS = (
    ("version", "版本"),
    ("bundle", "数据包"),
    ("held", "待采用内容"),
    ("data_as_of", "数据截至"),
    ("bundle_path", "数据包位置"),
    ("feed_check", "内容源更新"),
    ("uptime", "运行时间"),
    ("memory", "内存"),
    ("stats", "播放统计"),
    ("top_cards", "播放最多"),
    ("errors", "警告和错误"),
)
"""The page's rows, top to bottom: key (of :func:`row_texts`) and name."""


@dataclass(frozen=True)
class DiagnosticsInfo:
    """What the diagnostics page shows; a kiosk gathers it with :func:`gather_diagnostics`."""

    version: str = __version__
    bundle_id: str = ""
    bundle_title: str = ""
    data_as_of: str = ""
    bundle_path: str = ""
    uptime_s: float = 0.0
    memory_mib: float | None = None
    last_errors: Sequence[str] = ()  # oldest first, as RecentErrors keeps them
    summary: Summary | None = None
    card_titles: Mapping[str, str] = field(default_factory=dict)  # card id -> what the card says
    held: str = ""  # changed content that is held, and why; empty when nothing is
    feed_check: str = ""  # the last check of the content feed and its result (feed_check_text); empty: no feed


# ---------------------------------------------------------------- gathering


def gather_diagnostics(
    bundle: Bundle,
    *,
    uptime_s: float,
    errors: RecentErrors | None = None,
    stats: StatsRecorder | None = None,
    held: str = "",
    feed_check: str = "",
) -> DiagnosticsInfo:
    """Everything the diagnostics page shows, from what a kiosk window has at hand."""
    manifest = bundle.manifest
    summary = None
    if stats is not None:
        try:
            summary = stats.summarise()
        except sqlite3.Error as exc:  # diagnostics must show even when the statistics cannot
            log.warning("statistics unavailable for diagnostics: %s", exc)
    return DiagnosticsInfo(
        bundle_id=manifest.id,
        bundle_title=manifest.title,
        data_as_of=manifest.data_as_of,
        bundle_path=str(bundle.files.location),
        uptime_s=uptime_s,
        memory_mib=current_memory_mib(),
        last_errors=errors.messages() if errors is not None else (),
        summary=summary,
        card_titles={card.id: f"{card.headline.text()} {card.label}" for card in manifest.cards},
        held=held,
        feed_check=feed_check,
    )


def diagnostics_failed(error: Exception) -> DiagnosticsInfo:
    """What to show when gathering failed: the page still opens, saying why."""
    return DiagnosticsInfo(last_errors=[GATHER_FAILED.format(error=f"{type(error).__name__}: {error}")])


def current_memory_mib() -> float | None:
    """This process's memory in MiB: resident now on Linux, the peak elsewhere; ``None`` when unknown."""
    if sys.platform.startswith("linux"):
        try:
            resident_pages = int(STATM.read_text(encoding="ascii").split()[1])
            return resident_pages * os.sysconf("SC_PAGE_SIZE") / MIB
        except (OSError, ValueError, IndexError):
            pass
    try:
        import resource
    except ImportError:  # Windows has no resource module
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


# ---------------------------------------------------------------- texts


def row_texts(info: DiagnosticsInfo) -> dict[str, str]:
    """Each row's value as the page shows it, keyed as in :data:`ROWS`."""
    return {
        "version": info.version or UNKNOWN,
        "bundle": bundle_text(info),
        "held": info.held or NONE_YET,
        "data_as_of": info.data_as_of or UNKNOWN,
        "bundle_path": breakable_path(info.bundle_path) if info.bundle_path else UNKNOWN,
        "feed_check": info.feed_check or NO_FEED,
        "uptime": uptime_text(info.uptime_s),
        "memory": memory_text(info.memory_mib),
        "stats": stats_text(info.summary),
        "top_cards": top_cards_text(info.summary, info.card_titles),
        "errors": errors_text(info.last_errors),
    }


def bundle_text(info: DiagnosticsInfo) -> str:
    """``中国工会数字展（acftu-2023）``: the title, and the id staff find in the files."""
    text = f"{info.bundle_title}（{info.bundle_id}）" if info.bundle_title else info.bundle_id
    return text or UNKNOWN


def uptime_text(seconds: float) -> str:
    """``3小时05分``, or ``2天3小时05分`` after a day."""
    days, rest = divmod(max(0, int(seconds)), 24 * 3600)
    if not days:
        return duration(rest)
    hours, rest = divmod(rest, 3600)
    return f"{days}天{hours}小时{rest // 60:02d}分"


def memory_text(mib: float | None) -> str:
    return f"{mib:.1f} MiB" if mib is not None else UNKNOWN


def breakable_path(path: str) -> str:
    """``path`` with invisible break chances after its separators: a label wraps it instead of clipping."""
    return path.replace("/", "/" + ZERO_WIDTH_SPACE).replace("\\", "\\" + ZERO_WIDTH_SPACE)


def feed_check_text(last: Mapping[str, object] | None) -> str:
    """The last check of the feed as ``last-check.json`` keeps it: when (local time), what came of it, and why."""
    if last is None:
        return NOT_CHECKED
    outcome = str(last.get("outcome", ""))
    text = FEED_OUTCOMES.get(outcome, outcome or UNKNOWN)
    target = last.get("target")
    if outcome != "refused" and isinstance(target, str):
        text += f"（{target}）"
    reason = last.get("reason")
    if isinstance(reason, Mapping) and reason.get("zh"):
        text += f"：{reason['zh']}"
    try:
        checked = datetime.fromisoformat(str(last.get("checked_at"))).astimezone()
    except ValueError:
        return text
    return f"{checked:%Y-%m-%d %H:%M} {text}"


def stats_text(summary: Summary | None) -> str:
    """Cards played, details opened and touches, and since when."""
    if summary is None:
        return NO_STATS
    period = f"{summary.since:%Y-%m-%d} 起" if summary.since else "全部记录"
    return (
        f"卡片播放 {summary.card_views:,} 次，详情打开 {summary.detail_views:,} 次，"
        f"触摸 {summary.touches:,} 次（{period}）"
    )


def top_cards_text(summary: Summary | None, titles: Mapping[str, str]) -> str:
    """The most viewed cards, one line each: id (what the card says), views, time on screen."""
    if summary is None or not summary.most_viewed:
        return NONE_YET
    lines = []
    for rank, viewed in enumerate(summary.most_viewed[:TOP_CARDS], start=1):
        title = titles.get(viewed.card_id)
        name = f"{viewed.card_id}（{title}）" if title else viewed.card_id
        lines.append(f"{rank}. {name}  {viewed.views:,} 次，共 {duration(viewed.seconds)}")
    return "\n".join(lines)


def errors_text(last_errors: Sequence[str]) -> str:
    """The recent errors newest first (that is what staff came for), one marked line each."""
    return "\n".join(f"{LIST_MARK}{line}" for line in reversed(last_errors)) or NONE_YET


# ---------------------------------------------------------------- touches per hour


def touches_by_hour_chart(summary: Summary) -> Chart:
    """A bar per hour of the day, ``0`` to ``23`` under the axis and ``时`` at its end, of the touches counted.

    Twenty-four labels share the width of half a screen: as ``0时`` each was
    wider than its bar's slot and wrapped into ``0`` over ``时``; the digits alone
    fit, and the axis title names the hour once.  The values drop their ``次``
    for the same reason (``3次3次`` over two neighbouring bars); the value axis says 次.
    """
    return Chart(
        type=ChartType.BAR,
        title=HOURS_CHART_TITLE,
        categories=tuple(str(hour) for hour in range(HOURS_PER_DAY)),
        series=(Series("触摸", tuple(parse_figure(str(count)) for count in summary.touches_by_hour)),),
        x_title=HOUR_AXIS_TITLE,
        y_title=f"触摸（{TOUCH_UNIT}）",
        unit=TOUCH_UNIT,
    )


def hours_chart(summary: Summary | None) -> Chart | None:
    """The touches-per-hour chart, or ``None`` when nobody has touched the screen yet."""
    if summary is None or not any(summary.touches_by_hour):
        return None
    return touches_by_hour_chart(summary)


def no_chart_text(summary: Summary | None) -> str:
    """What the page says instead of the chart: no statistics at all, or no touches among them."""
    nothing = summary is None or not (summary.card_views or summary.detail_views or summary.touches)
    return NO_STATS if nothing else NO_TOUCHES


def touch_tick_step(summary: Summary) -> float | None:
    """Ticks of one touch while the busiest hour has few (not 0.5 of a touch); ``None``: the chart's own."""
    return 1.0 if max(summary.touches_by_hour, default=0) <= FEW_TOUCHES else None
