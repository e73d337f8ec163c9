"""Reports back: status, statistics and screenshots PUT to a real nginx, queued on disk while it is away."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from base64 import b64encode
from datetime import datetime, timedelta

import pytest

from kiosk.core.stats import CSV_COLUMNS, StatsRecorder
from kiosk.feed.publish import publish_bundle
from kiosk.feed.report_format import MAX_SCREENSHOT_BYTES
from kiosk.feed.report_queue import ReportQueue
from kiosk.feed.report_sender import ReportError, ReportSender
from kiosk.feed.report_settings import ReportSettings, load_report_settings, report_settings
from kiosk.feed.report_stats import day_rows_csv
from kiosk.feed.reports import (
    QUEUE_DIR,
    SCREENSHOT_INTERVAL_S,
    Reporter,
    ReporterClocks,
    ReportTiming,
    bundle_sha256,
)
from kiosk.feed.update import update_once
from tests.clocks import FakeClock
from tests.feed.conftest import stop_nginx

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2000  # the first bytes are what the reporter checks
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 1000


def reports_url(server) -> str:
    return server.url + "reports/"


def sender_for(server, **overrides) -> ReportSender:
    options = {"user": server.user, "password": server.password, "connect_timeout": 2, "read_timeout": 5}
    return ReportSender(reports_url(server), **(options | overrides))


def reporter_for(server, data_dir, clock, **options) -> Reporter:
    return Reporter(
        "jinan-01",
        data_dir,
        send=sender_for(server).put,
        clocks=ReporterClocks(wall=clock.wall, monotonic=clock, wait=lambda _s: True, random=lambda: 0.5),
        **options,
    )


def get(server, path, *, auth=True):
    request = urllib.request.Request(reports_url(server) + path)
    if auth:
        token = b64encode(f"{server.user}:{server.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=5) as answer:
        return answer.read()


# ---------------------------------------------------------------- settings


def test_report_settings_read_from_kiosk_yaml_with_the_feeds_hall():
    settings, problems = report_settings(
        {
            "feed": {"url": "https://feed.example.org/", "trust": "root.json", "hall": "jinan-01"},
            "reports": {"url": "https://feed.example.org/reports", "user": "kiosk", "password": "s3cret"},
        }
    )
    assert problems == []
    assert settings == ReportSettings("https://feed.example.org/reports/", "jinan-01", "kiosk", "s3cret", 5.0)
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        ({"url": "ftp://x/"}, "reports.url"),
        ({"url": "https://x/", "user": "kiosk"}, "reports.user"),
        ({"url": "https://x/"}, "reports.hall"),
        ({"url": "https://x/", "hall": "济南"}, "reports.hall"),
        ({"url": "https://x/", "hall": "a", "minutes": 0}, "reports.minutes"),
        ({"url": "https://x/", "hall": "a", "colour": 1}, "未知设置项"),
    ],
)
def test_broken_report_settings_are_named_not_raised(reports, expected):
    _settings, problems = report_settings({"reports": reports})
    assert any(expected in problem for problem in problems), problems


def test_settings_file_readable_by_others_is_warned_about(tmp_path, caplog):
    path = tmp_path / "kiosk.yaml"
    path.write_text("reports:\n  url: https://x/reports/\n  hall: a\n  user: k\n  password: p\n", encoding="utf-8")
    path.chmod(0o644)
    assert load_report_settings(path).password == "p"
    assert "chmod 600" in caplog.text
    assert load_report_settings(tmp_path / "none.yaml") is None


# ---------------------------------------------------------------- to a real nginx


def test_status_is_put_with_basic_auth_and_reads_back(reports_server, deck, tmp_path):
    publish_bundle(deck(), reports_server.repo, tmp_path / "keys")
    data_dir = tmp_path / "kiosk-data"
    update_once(reports_server.url, reports_server.repo / "metadata" / "1.root.json", None, data_dir)
    clock = FakeClock()
    installed = data_dir / "feed" / "current.zip"
    reporter = reporter_for(
        reports_server,
        data_dir,
        clock,
        recent_errors=lambda: [f"错误 {n}" for n in range(15)],
        display_power=lambda: "on",
    )
    reporter.showing("minimal", "测试数据包", bundle_sha256(installed))
    clock.advance(3600)
    delay = reporter.run_cycle()

    assert reporter.last_error is None and 270 <= delay <= 330
    status = json.loads(get(reports_server, "jinan-01/status.json"))
    assert status["hall"] == "jinan-01"
    assert status["on_screen"]["title"] == "测试数据包"
    assert status["on_screen"]["sha256"] == bundle_sha256(installed)
    assert status["uptime_seconds"] == 3600
    assert status["last_check"]["outcome"] == "installed"
    assert status["recent_errors"] == [f"错误 {n}" for n in range(5, 15)]
    assert status["display_power"] == "on"
    assert status["disk_free_bytes"] > 0
    assert status["app_version"]
    assert not list((data_dir / QUEUE_DIR).iterdir())


def test_the_reports_folder_refuses_anyone_without_the_password(reports_server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(reports_server, "", auth=False)
    assert refused.value.code == 401
    with pytest.raises(ReportError) as error:
        sender_for(reports_server, password="wrong").put("jinan-01", "status.json", b"{}")
    assert error.value.status == 401 and error.value.keep  # fixed in kiosk.yaml, then it goes
    assert not (reports_server.reports / "jinan-01").exists()


def test_the_listing_is_json_for_the_fleet_page(reports_server):
    sender_for(reports_server).put("jinan-01", "status.json", b"{}")
    listing = json.loads(get(reports_server, ""))
    assert [(item["name"], item["type"]) for item in listing] == [("jinan-01", "directory")]
    assert json.loads(get(reports_server, "jinan-01/"))[0]["name"] == "status.json"


def test_offline_reports_queue_on_disk_and_go_oldest_first_when_the_server_is_back(reports_server, tmp_path):
    data_dir = tmp_path / "kiosk-data"
    clock = FakeClock()
    reporter = reporter_for(reports_server, data_dir, clock)
    reporter.showing("minimal", "第一版")
    stop_nginx(reports_server.process)

    reporter.run_cycle()
    assert reporter.last_error is not None and reporter.last_error.keep
    assert reporter.card_changed(lambda _budget: JPEG)
    clock.advance(reporter.interval)
    reporter.showing("minimal", "第二版")
    retry = reporter.run_cycle()
    assert 5 <= retry <= 60  # backing off, with jitter
    queued = ReportQueue(data_dir / QUEUE_DIR).entries()
    assert [entry.name for entry in queued] == ["screen.jpg", "status.json"]  # the older status was replaced

    reports_server.restart()
    delivered = []
    reporter._send = lambda hall, name, body: (delivered.append(name), sender_for(reports_server).put(hall, name, body))
    reporter.run_cycle()
    assert reporter.last_error is None
    assert delivered == ["screen.jpg", "status.json"]
    assert json.loads(get(reports_server, "jinan-01/status.json"))["on_screen"]["title"] == "第二版"
    assert get(reports_server, "jinan-01/screen.jpg") == JPEG
    assert ReportQueue(data_dir / QUEUE_DIR).entries() == []


def test_a_report_the_server_will_never_take_is_dropped_not_retried_for_ever(tmp_path):
    queue = ReportQueue(tmp_path / "q")
    queue.put("a", "stats-2026-11-22.csv", b"x")
    queue.put("a", "status.json", b"{}")

    def put(_hall, name, _body):
        if name.endswith(".csv"):
            raise ReportError("HTTP 413", keep=False, status=413)

    assert queue.deliver(put) == (1, None)
    assert queue.entries() == []


# ---------------------------------------------------------------- the queue's cap


def test_the_queue_keeps_under_its_cap_dropping_screenshots_first_then_the_oldest_statistics(tmp_path):
    clock = FakeClock()
    queue = ReportQueue(tmp_path / "q", max_bytes=1300, clock=clock.wall)
    for day in (20, 21, 22):
        queue.put("a", f"stats-2026-11-{day}.csv", b"s" * 300)
        clock.advance(1)
    queue.put("a", "screen.jpg", JPEG[:400])
    clock.advance(1)
    queue.put("a", "status.json", b"{" + b" " * 98 + b"}")
    assert [e.name for e in queue.entries()] == [f"stats-2026-11-{d}.csv" for d in (20, 21, 22)] + ["status.json"]
    assert queue.total_bytes() == 1000

    clock.advance(1)
    queue.put("a", "stats-2026-11-23.csv", b"s" * 600)
    names = [e.name for e in queue.entries()]
    assert names == ["stats-2026-11-21.csv", "stats-2026-11-22.csv", "status.json", "stats-2026-11-23.csv"]
    assert queue.total_bytes() == 1300


def test_a_half_written_queue_file_is_never_sent(tmp_path):
    queue = ReportQueue(tmp_path / "q")
    queue.put("a", "status.json", b"{}")
    (tmp_path / "q" / ".tmpabc.tmp").write_bytes(b"half")
    (tmp_path / "q" / "000-000@..@status.json").write_bytes(b"sneaky")
    assert [e.name for e in queue.entries()] == ["status.json"]
    with pytest.raises(ValueError):
        queue.put("a", "../status.json", b"")


# ---------------------------------------------------------------- screenshots


def test_a_screenshot_over_the_cap_is_asked_for_again_smaller_then_refused(tmp_path):
    clock = FakeClock()
    reporter = Reporter("a", tmp_path, send=lambda *_: None, clocks=ReporterClocks(wall=clock.wall, monotonic=clock))
    budgets = []

    def shrinking(budget):
        budgets.append(budget)
        return JPEG + b"\x00" * (150_000 if len(budgets) == 1 else 0)

    assert reporter.card_changed(shrinking)
    assert budgets == [MAX_SCREENSHOT_BYTES, MAX_SCREENSHOT_BYTES // 2]
    [entry] = reporter.queue.entries()
    assert entry.name == "screen.jpg" and entry.size <= MAX_SCREENSHOT_BYTES

    clock.advance(SCREENSHOT_INTERVAL_S)
    assert not reporter.card_changed(lambda _budget: JPEG + b"\x00" * MAX_SCREENSHOT_BYTES)
    assert reporter.queue.entries()[0].path.read_bytes() == JPEG  # the older one stays


def test_screenshots_come_at_most_every_ten_minutes_and_only_as_jpeg_or_png(tmp_path):
    clock = FakeClock()
    reporter = Reporter("a", tmp_path, send=lambda *_: None, clocks=ReporterClocks(wall=clock.wall, monotonic=clock))
    calls = []
    encode = lambda budget: calls.append(budget) or PNG  # noqa: E731
    assert reporter.card_changed(encode)
    clock.advance(SCREENSHOT_INTERVAL_S - 1)
    assert not reporter.card_changed(encode) and len(calls) == 1
    clock.advance(1)
    assert not reporter.card_changed(lambda _b: b"<svg onload=alert(1)>")
    clock.advance(SCREENSHOT_INTERVAL_S)
    assert reporter.card_changed(encode)
    assert [e.name for e in reporter.queue.entries()] == ["screen.png"]


# ---------------------------------------------------------------- statistics


def test_each_finished_day_goes_once_as_the_stats_csv(tmp_path):
    clock = FakeClock()  # Monday 2026-11-23 12:00 local
    stats = tmp_path / "stats.sqlite3"
    with StatsRecorder(stats, clock.wall) as recorder:
        clock.advance(-86400)  # Sunday
        recorder.card_shown("members")
        recorder.touched()
        clock.advance(10)
        recorder.detail_opened("members")
        clock.advance(86400)  # Monday: not finished, not sent
        recorder.card_shown("wages")
    reporter = Reporter(
        "a", tmp_path, send=lambda *_: None, stats_file=stats, clocks=ReporterClocks(wall=clock.wall, monotonic=clock)
    )

    assert [str(day) for day in reporter.queue_stats()] == ["2026-11-22"]
    [entry] = reporter.queue.entries()
    assert entry.name == "stats-2026-11-22.csv"
    rows = list(csv.reader(io.StringIO(entry.path.read_bytes().decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS  # what `union-kiosk stats --csv` writes
    assert sorted(row[0] for row in rows[1:]) == ["card_view", "detail_view", "touch"]
    assert reporter.queue_stats() == []

    clock.advance(3 * 86400)
    assert [str(day) for day in reporter.queue_stats()] == ["2026-11-23"]  # the days after: switched off


def test_a_day_csv_holds_that_day_only(tmp_path):
    clock = FakeClock()
    stats = tmp_path / "stats.sqlite3"
    with StatsRecorder(stats, clock.wall) as recorder:
        recorder.card_shown("members")
        clock.advance(86400)
        recorder.card_shown("wages")
    day = datetime.fromtimestamp(clock.wall()).date() - timedelta(days=1)
    rows = list(csv.reader(io.StringIO(day_rows_csv(stats, day).decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["members"]
    assert day_rows_csv(tmp_path / "none.sqlite3", day) is None


# ---------------------------------------------------------------- the thread


def test_the_reporter_runs_on_its_own_thread_and_stops(tmp_path):
    sent = []
    reporter = Reporter(
        "a",
        tmp_path,
        send=lambda hall, name, body: sent.append(name),
        timing=ReportTiming(interval=60, first_report_spread=0),
    )
    thread = reporter.start()
    assert thread.daemon and thread.name == "reporter"
    for _ in range(200):
        if sent:
            break
        thread.join(0.01)
    reporter.stop(timeout=5)
    assert sent == ["status.json"] and not thread.is_alive()


def test_the_packaged_server_block_refuses_reports_until_its_password_file_exists(tmp_path):
    """As installed, before `htpasswd -c …`: nothing is written and nothing is listed."""
    from tests.feed.conftest import free_port, nginx_binary, start_nginx, write_nginx_conf

    binary = nginx_binary()
    prefix, repo, reports = tmp_path / "nginx", tmp_path / "repo", tmp_path / "reports"
    prefix.mkdir()
    repo.mkdir()
    port, slow_port = free_port(), free_port()
    conf = write_nginx_conf(prefix, repo, reports, port, slow_port, htpasswd=prefix / "not-created.htpasswd")
    process = start_nginx(binary, prefix, conf, port, slow_port)
    try:
        token = b64encode(b"kiosk:guess").decode()
        for headers, code in (({}, 401), ({"Authorization": f"Basic {token}"}, 403)):
            url = f"http://127.0.0.1:{port}/reports/hall/status.json"
            put = urllib.request.Request(url, data=b"{}", method="PUT", headers=headers)
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(put, timeout=10)
            assert refused.value.code == code
            listing = urllib.request.Request(f"http://127.0.0.1:{port}/reports/", headers=headers)
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(listing, timeout=10)
            assert refused.value.code == code
    finally:
        stop_nginx(process)
    assert not any(reports.rglob("*"))
