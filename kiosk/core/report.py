"""``union-kiosk stats``: the play statistics as a table staff can read in a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from kiosk.core.stats import Summary

BAR_WIDTH = 30  # characters for the busiest hour in the touches-per-hour chart
RETURN_NAMES = {"idle": "无人操作自动返回", "back": "观众自己返回"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[list[str]]) -> list[str]:
    """Columns padded for Chinese text (two cells a character); numbers right-aligned."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            cells.append(cell + pad if i == 0 else pad + cell)
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.1f}秒"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}分{secs:02d}秒"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}小时{minutes:02d}分"


def format_summary(summary: Summary, titles: Mapping[str, str] | None = None) -> str:
    """``titles`` maps a card id to what the card says, when the bundle is at hand."""
    titles = titles or {}

    def card(card_id: str) -> str:
        title = titles.get(card_id)
        return f"{card_id}（{title}）" if title else card_id

    period = f"{summary.since:%Y-%m-%d} 起" if summary.since else "全部记录"
    lines = [f"播放统计（{period}）", ""]
    if not (summary.card_views or summary.detail_views or summary.touches or summary.returns):
        return "\n".join([*lines, "还没有记录。展台运行时会自动记录播放和触摸。"])

    returns = (
        "、".join(f"{RETURN_NAMES.get(reason, reason)} {count} 次" for reason, count in summary.returns.items())
        or "0 次"
    )
    lines += [
        f"卡片播放 {summary.card_views:,} 次，平均每次 {duration(summary.average_card_seconds)}",
        f"详情打开 {summary.detail_views:,} 次，平均每次 {duration(summary.average_detail_seconds)}",
        f"触摸 {summary.touches:,} 次；回到轮播：{returns}",
        "",
        "播放最多的卡片",
    ]
    viewed = [["卡片", "播放次数", "总时长"]]
    viewed += [[card(v.card_id), f"{v.views:,}", duration(v.seconds)] for v in summary.most_viewed]
    lines += _table(viewed) if summary.most_viewed else ["  （无）"]

    lines += ["", "观众最常点开的卡片"]
    touched = [["卡片", "滑动/点击到", "打开详情", "合计"]]
    touched += [
        [card(t.card_id), f"{t.touch_views:,}", f"{t.detail_opens:,}", f"{t.total:,}"] for t in summary.most_touched
    ]
    lines += _table(touched) if summary.most_touched else ["  （无）"]

    lines += ["", "每小时触摸次数（本地时间）"]
    busiest = max(summary.touches_by_hour) or 1
    for hour, count in enumerate(summary.touches_by_hour):
        bar = "█" * round(BAR_WIDTH * count / busiest)
        lines.append(f"  {hour:02d}时 {count:>7,}  {bar}".rstrip())
    return "\n".join(lines)
