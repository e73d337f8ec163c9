"""The fleet report as one static HTML page and a CSV beside it.

The page holds everything itself (CSS inline, screenshots as ``data:`` URIs,
no JavaScript), so it opens from a USB stick or a mail attachment in any
browser without a server.  Every value in it came from a kiosk's report and
is untrusted: controls and invisible format characters become visible
escapes (:func:`kiosk.core.text_safety.for_terminal`), then the text is
HTML-escaped; only images whose bytes are a JPEG or PNG are inlined, and only
under those types.  The CSV is protected the same way, and a cell that a
spreadsheet would read as a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import datetime
from pathlib import Path

from kiosk.core.text_safety import for_terminal
from kiosk.feed.fleet import Fleet, HallReport, Published
from kiosk.feed.report_format import STALE_INTERVALS

VERSION_LABELS = {"current": "最新", "behind": "不是最新", "unknown": "未知"}
OUTCOME_LABELS = {"installed": "已安装新内容", "current": "已是最新", "refused": "没有更新"}
POWER_LABELS = {"on": "开", "off": "关（非开放时间）", "unknown": "未知"}
SHOWN_ERRORS = 3
CSV_COLUMNS = (
    "hall",
    "state",
    "last_report",
    "minutes_since",
    "bundle_id",
    "title",
    "sha256",
    "newest_sha256",
    "version",
    "showing_since",
    "uptime_hours",
    "last_check",
    "last_check_outcome",
    "last_check_reason",
    "display_power",
    "disk_free_mb",
    "app_version",
    "stats_days",
    "plays_7d",
    "touches_7d",
    "top_cards",
    "problems",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:0;background:#f4f1ec;color:#222}
header{background:#a3171b;color:#fff;padding:16px 24px}
header h1{margin:0 0 4px;font-size:24px}
header p{margin:2px 0;font-size:14px;opacity:.9}
.summary{display:flex;gap:12px;flex-wrap:wrap;padding:16px 24px}
.summary div{background:#fff;border-radius:6px;padding:8px 14px;font-size:15px}
.summary b{font-size:22px;margin-right:4px}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:16px;padding:0 24px 24px}
section.hall{background:#fff;border-radius:8px;padding:12px 16px;border-left:6px solid #2e7d32}
section.hall.stale{border-left-color:#c62828;background:#fff5f5}
section.hall h2{margin:0 0 6px;font-size:19px;display:flex;justify-content:space-between;gap:8px}
.badge{font-size:13px;padding:2px 8px;border-radius:10px;background:#e8f5e9;color:#1b5e20;white-space:nowrap}
.stale .badge{background:#c62828;color:#fff}
.behind{color:#b26a00;font-weight:bold}
img.screen{width:100%;max-height:220px;object-fit:contain;background:#111;border-radius:4px}
.noscreen{height:80px;display:flex;align-items:center;justify-content:center;background:#eee;color:#777;
border-radius:4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:8px 0;font-size:14px}
dt{color:#666}dd{margin:0;overflow-wrap:anywhere}
ol{margin:4px 0 0;padding-left:22px;font-size:14px}
.errors{font-size:12px;color:#8a1c1c;margin:6px 0 0;padding-left:18px}
.problems{font-size:13px;color:#8a4b00}
footer{padding:0 24px 24px;font-size:12px;color:#666}
"""


def _safe(value: object) -> str:
    """Untrusted text for the page: invisible and control characters shown as escapes, then HTML-escaped."""
    return html.escape(for_terminal("" if value is None else str(value), multiline=False), quote=True)


def _local(moment: datetime | None) -> str:
    return "—" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _age(now: datetime, moment: datetime | None) -> str:
    if moment is None:
        return "从未"
    minutes = max(0, round((now - moment).total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} 分钟前"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时前"
    return f"{minutes // 1440} 天前"


def _hours(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 3600:
        return f"{seconds / 60:.0f} 分钟"
    if seconds < 72 * 3600:
        return f"{seconds / 3600:.1f} 小时"
    return f"{seconds / 86400:.1f} 天"


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _short(sha: str | None) -> str:
    return "—" if not sha else sha[:12]


def _version_cell(hall: HallReport, newest: Published | None) -> str:
    state = hall.version_state(newest)
    mine = _safe(_short(hall.sha256))
    if state == "current":
        return f'<span class="current">{mine}（最新）</span>'
    if state == "behind":
        return (
            f'<span class="behind">{mine}（不是最新；最新为 {_safe(_short(newest.sha256 if newest else None))}）</span>'
        )
    return f"{mine}（无法比较）"


def _hall_section(fleet: Fleet, hall: HallReport) -> str:
    now = fleet.generated_at
    stale = hall.stale(now)
    newest = fleet.newest_for(hall)
    state = hall.version_state(newest)
    badge = "失联" if stale else "正常"
    screen = hall.screenshot_data_uri
    picture = (
        f'<img class="screen" alt="{_safe(hall.hall)} 的屏幕截图" src="{screen}">'
        if screen
        else '<div class="noscreen">没有截图</div>'
    )
    title = hall.title or "—"
    bundle = f"{_safe(title)}（{_safe(hall.bundle_id or '—')}）"
    check = "—"
    if hall.last_check_outcome is not None:
        check = f"{_safe(OUTCOME_LABELS.get(hall.last_check_outcome, hall.last_check_outcome))}，{_local(hall.last_check_at)}"
        if hall.last_check_reason:
            check += f"：{_safe(hall.last_check_reason)}"
    power = _safe(POWER_LABELS.get(hall.display_power or "unknown", hall.display_power))
    disk = "—" if hall.disk_free_bytes is None else f"{hall.disk_free_bytes / 1024**3:.1f} GB"
    days = f"（{len(hall.stats_days)} 天）" if hall.stats_days else ""
    top = (
        "<ol>" + "".join(f"<li>{_safe(c.card_id)} · {c.opens:,} 次</li>" for c in hall.top_cards) + "</ol>"
        if hall.top_cards
        else "—"
    )
    errors = (
        '<ul class="errors">' + "".join(f"<li>{_safe(e)}</li>" for e in hall.recent_errors[-SHOWN_ERRORS:]) + "</ul>"
        if hall.recent_errors
        else ""
    )
    problems = f'<p class="problems">{"；".join(_safe(p) for p in hall.problems)}</p>' if hall.problems else ""
    classes = "hall stale" if stale else "hall"
    return f"""<section class="{classes}" id="hall-{_safe(hall.hall)}" data-hall="{_safe(hall.hall)}"
 data-state="{"stale" if stale else "ok"}" data-version="{state}">
<h2><span class="name">{_safe(hall.hall)}</span><span class="badge">{badge}</span></h2>
{picture}
<dl>
<dt>最后报告</dt><dd class="last">{_local(hall.status_at)}（{_age(now, hall.status_at)}）</dd>
<dt>正在显示</dt><dd class="bundle">{bundle}</dd>
<dt>版本</dt><dd class="version">{_version_cell(hall, newest)}</dd>
<dt>显示自</dt><dd>{_local(hall.showing_since)}</dd>
<dt>已运行</dt><dd>{_hours(hall.uptime_seconds)}</dd>
<dt>上次检查更新</dt><dd>{check}</dd>
<dt>显示器电源</dt><dd>{power}</dd>
<dt>剩余磁盘</dt><dd>{disk}</dd>
<dt>程序版本</dt><dd>{_safe(hall.app_version or "—")}</dd>
<dt>近 7 天播放{days}</dt><dd class="plays">{_count(hall.plays)}</dd>
<dt>近 7 天触摸</dt><dd class="touches">{_count(hall.touches)}</dd>
<dt>观众最常打开</dt><dd class="top">{top}</dd>
</dl>
{errors}{problems}
</section>"""


def render_html(fleet: Fleet) -> str:
    """The page: a summary, then one panel per hall (stale halls first, then by id)."""
    now = fleet.generated_at
    stale = fleet.stale()
    behind = [h for h in fleet.halls if h.version_state(fleet.newest_for(h)) == "behind"]
    halls = sorted(fleet.halls, key=lambda h: (not h.stale(now), h.hall))
    common = fleet.published.get("bundle.zip")
    published = (
        f"最新发布：{_safe(_short(common.sha256))}（targets v{common.targets_version}）"
        if common
        else ("最新发布：未给出内容源（--repo 或 --feed）" if not fleet.published else "最新发布：仅有展厅专属内容")
    )
    skipped = (
        f"<footer>不是展厅编号、已略过的文件夹：{'、'.join(_safe(s) for s in fleet.skipped)}</footer>"
        if fleet.skipped
        else ""
    )
    sections = "\n".join(_hall_section(fleet, hall) for hall in halls) or "<p>报告文件夹里还没有任何展厅。</p>"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>展厅总览 · Fleet report · {_local(now)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>工会数据展台 · 展厅总览</h1>
<p>生成于 {_local(now)}；报告来源：{_safe(fleet.source)}</p>
<p>{published}</p>
</header>
<div class="summary">
<div class="count-halls"><b>{len(fleet.halls)}</b>个展厅</div>
<div class="count-stale"><b>{len(stale)}</b>个失联（超过 {STALE_INTERVALS} 个报告周期没有报告）</div>
<div class="count-behind"><b>{len(behind)}</b>个不是最新版本</div>
</div>
<main>
{sections}
</main>
{skipped}
<footer>Union Hall Kiosk fleet report · 本页不含脚本，可离线打开</footer>
</body>
</html>
"""


def _cell(value: object) -> str:
    text = for_terminal("" if value is None else str(value), multiline=False)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(fleet: Fleet) -> list[list[str]]:
    now = fleet.generated_at
    rows = [list(CSV_COLUMNS)]
    for hall in fleet.halls:
        newest = fleet.newest_for(hall)
        minutes = None if hall.status_at is None else round((now - hall.status_at).total_seconds() / 60)
        values: list[object] = [
            hall.hall,
            "stale" if hall.stale(now) else "ok",
            hall.status_at.isoformat() if hall.status_at else "",
            minutes,
            hall.bundle_id,
            hall.title,
            hall.sha256,
            newest.sha256 if newest else "",
            hall.version_state(newest),
            hall.showing_since.isoformat() if hall.showing_since else "",
            None if hall.uptime_seconds is None else f"{hall.uptime_seconds / 3600:.1f}",
            hall.last_check_at.isoformat() if hall.last_check_at else "",
            hall.last_check_outcome,
            hall.last_check_reason,
            hall.display_power,
            None if hall.disk_free_bytes is None else hall.disk_free_bytes // 1024**2,
            hall.app_version,
            len(hall.stats_days),
            hall.plays,
            hall.touches,
            "; ".join(f"{c.card_id}:{c.opens}" for c in hall.top_cards),
            "; ".join(hall.problems),
        ]
        rows.append([_cell(v) for v in values])
    return rows


def render_csv(fleet: Fleet) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(fleet))
    return out.getvalue()


def _write(path: Path, text: str, encoding: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding=encoding, newline="")
    temporary.replace(path)


def write_report(fleet: Fleet, html_path: Path) -> tuple[Path, Path]:
    """Write the page to ``html_path`` and the CSV beside it (same name, ``.csv``); both paths."""
    csv_path = html_path.with_suffix(".csv")
    html_path.parent.mkdir(parents=True, exist_ok=True)
    _write(html_path, render_html(fleet), "utf-8")
    _write(csv_path, render_csv(fleet), "utf-8-sig")  # Excel shows the Chinese text
    return html_path, csv_path
