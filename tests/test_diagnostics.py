"""Diagnostics: gathered from a running kiosk and worded for staff, without Qt."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.core.bundle import load_bundle
from kiosk.core.diagnostics import (
    NO_STATS,
    NO_TOUCHES,
    NONE_YET,
    ROWS,
    UNKNOWN,
    ZERO_WIDTH_SPACE,
    DiagnosticsInfo,
    breakable_path,
    current_memory_mib,
    diagnostics_failed,
    gather_diagnostics,
    hours_chart,
    no_chart_text,
    row_texts,
    touch_tick_step,
    touches_by_hour_chart,
    uptime_text,
)
from kiosk.core.model import ChartType
from kiosk.core.recent_errors import RecentErrors
from kiosk.core.stats import StatsRecorder
from kiosk.resources import default_bundle
from tests.clocks import FakeClock
from tests.diagnostics_samples import BUSY_HOURS, INFO, summary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bundle():
    loaded = load_bundle(default_bundle())
    yield loaded
    loaded.close()


def test_diagnostics_need_no_qt():
    code = (
        "import sys\n"
        "import kiosk.core.diagnostics, kiosk.core.recent_errors\n"
        "heavy = sorted(m for m in ('PySide6', 'pyqtgraph', 'yaml') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ---------------------------------------------------------------- gathering


def test_gathered_diagnostics_come_from_the_bundle_and_statistics(bundle, tmp_path):
    errors = RecentErrors()
    errors.handle(logging.makeLogRecord({"levelno": logging.WARNING, "levelname": "WARNING", "msg": "坏了"}))
    with StatsRecorder(tmp_path / "stats.sqlite3", clock=FakeClock()) as stats:
        stats.touched()
        stats.card_shown(bundle.manifest.cards[0].id)
        info = gather_diagnostics(bundle, uptime_s=61, errors=errors, stats=stats, held="新内容已暂缓")
    assert info.version == __version__
    assert info.bundle_id == bundle.manifest.id
    assert info.bundle_path == str(bundle.files.location)
    assert info.uptime_s == 61
    assert info.held == "新内容已暂缓"
    assert info.summary is not None
    assert info.summary.touches == 1
    assert info.card_titles[bundle.manifest.cards[0].id].endswith(bundle.manifest.cards[0].label)
    assert any(line.endswith("坏了") for line in info.last_errors)


def test_diagnostics_show_even_when_the_statistics_cannot(bundle, tmp_path):
    class Broken:
        def summarise(self):
            import sqlite3

            raise sqlite3.OperationalError("database is locked")

    info = gather_diagnostics(bundle, uptime_s=1, stats=Broken())
    assert info.summary is None
    assert row_texts(info)["stats"] == NO_STATS


def test_a_failed_gathering_says_why_among_the_errors():
    info = diagnostics_failed(RuntimeError("stats gone"))
    assert info.last_errors == ["诊断信息收集失败：RuntimeError: stats gone"]
    assert "stats gone" in row_texts(info)["errors"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="resident memory comes from /proc")
def test_memory_is_the_resident_size_on_linux():
    mib = current_memory_mib()
    assert mib is not None
    assert 10 < mib < 10_000


# ---------------------------------------------------------------- texts


def test_rows_read_version_bundle_uptime_memory_statistics_and_errors():
    texts = row_texts(INFO)
    assert list(texts) == [key for key, _ in ROWS]
    assert texts["version"] == __version__
    assert texts["bundle"] == "中国工会数字展（acftu-2023）"
    assert texts["data_as_of"] == "2023-10"
    assert texts["bundle_path"].replace(ZERO_WIDTH_SPACE, "") == "/srv/kiosk/bundles/acftu-2023"
    assert texts["uptime"] == "2天3小时05分"
    assert texts["memory"] == "187.2 MiB"
    assert texts["stats"].startswith("卡片播放 12 次，详情打开 3 次，触摸 9 次")
    assert "cultural-palaces（112家 工人文化宫）  7 次" in texts["top_cards"]
    assert "publicity  5 次" in texts["top_cards"]
    assert texts["held"] == NONE_YET
    errors = texts["errors"]
    assert errors.index("后来的错误") < errors.index("数据包有问题")  # newest first


def test_rows_of_nothing_gathered_say_unknown_or_none():
    texts = row_texts(DiagnosticsInfo(version=""))
    assert texts["version"] == texts["bundle"] == texts["memory"] == texts["bundle_path"] == UNKNOWN
    assert texts["stats"] == NO_STATS
    assert texts["top_cards"] == texts["errors"] == texts["held"] == NONE_YET


def test_uptime_reads_in_days_hours_and_minutes():
    assert uptime_text(42) == "42.0秒"
    assert uptime_text(3 * 3600 + 5 * 60) == "3小时05分"
    assert uptime_text(86400 + 60) == "1天0小时01分"


def test_a_long_path_may_wrap_after_each_separator():
    assert breakable_path("/srv/kiosk") == f"/{ZERO_WIDTH_SPACE}srv/{ZERO_WIDTH_SPACE}kiosk"
    assert breakable_path("C:\\kiosk") == f"C:\\{ZERO_WIDTH_SPACE}kiosk"


# ---------------------------------------------------------------- touches per hour


def test_the_hours_chart_has_a_bar_per_hour_named_by_its_digits():
    chart = touches_by_hour_chart(summary(BUSY_HOURS))
    assert chart.type is ChartType.BAR
    assert chart.categories[0] == "0"
    assert chart.categories[-1] == "23"
    assert chart.x_title == "时"
    assert len(chart.categories) == len(chart.series[0].values) == 24
    assert chart.series[0].values[0].text() == "0"
    assert chart.series[0].values[9].text() == "3"
    assert chart.y_title == "触摸（次）"


def test_without_touches_there_is_no_chart_and_the_page_says_why():
    assert hours_chart(None) is None
    assert no_chart_text(None) == NO_STATS
    assert hours_chart(summary()) is None  # cards played, nobody touched
    assert no_chart_text(summary()) == NO_TOUCHES
    empty = summary(card_views=0, detail_views=0)
    assert no_chart_text(empty) == NO_STATS
    assert hours_chart(summary(BUSY_HOURS)) is not None


def test_few_touches_tick_by_one_touch():
    assert touch_tick_step(summary(BUSY_HOURS)) == 1
    assert touch_tick_step(summary(tuple(40 if hour == 12 else 0 for hour in range(24)))) is None
