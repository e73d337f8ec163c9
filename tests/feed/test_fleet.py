"""Reading the fleet from its reports: a folder or nginx's JSON listing, stale halls, versions, a week of stats."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.feed.fleet import (
    FleetError,
    FolderStore,
    HttpStore,
    open_store,
    published_at,
    published_for,
    published_in_folder,
    read_fleet,
)
from kiosk.feed.publish import publish_bundle
from kiosk.feed.report_format import MAX_SCREENSHOT_BYTES
from kiosk.feed.report_sender import ReportSender
from kiosk.feed.reports import Reporter, ReporterClocks
from tests.clocks import FakeClock
from tests.feed.fleet_samples import NOW, small_jpeg, stats_csv, write_hall


def fleet_of(root, **options):
    return read_fleet(FolderStore(root), source=str(root), now=NOW, **options)


def test_a_hall_silent_for_three_report_intervals_is_stale(tmp_path):
    write_hall(tmp_path, "jinan-01", age=timedelta(minutes=14))
    write_hall(tmp_path, "jinan-02", age=timedelta(minutes=16))
    (tmp_path / "qingdao-01").mkdir()  # a folder and nothing in it: never reported
    fleet = fleet_of(tmp_path)
    assert [h.hall for h in fleet.halls] == ["jinan-01", "jinan-02", "qingdao-01"]
    assert [h.hall for h in fleet.stale()] == ["jinan-02", "qingdao-01"]
    assert "没有状态报告" in fleet.halls[2].problems[0]


def test_staleness_follows_the_servers_time_not_the_kiosks_clock(tmp_path):
    folder = write_hall(tmp_path, "jinan-01", age=timedelta(minutes=1))
    status = (folder / "status.json").read_text(encoding="utf-8")
    (folder / "status.json").write_text(status.replace("2026-11-23", "2019-01-01"), encoding="utf-8")  # dead battery
    stamp = (NOW - timedelta(minutes=1)).timestamp()
    import os

    os.utime(folder / "status.json", (stamp, stamp))
    [hall] = fleet_of(tmp_path).halls
    assert not hall.stale(NOW)
    assert hall.sent_at.year == 2019


def test_the_version_on_screen_is_held_against_the_newest_published(tmp_path, deck):
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publish_bundle(deck("全省"), repo, keys)
    publish_bundle(deck("济南"), repo, keys, halls=["jinan-02"])
    published = published_in_folder(repo)
    common, own = published["bundle.zip"], published["halls/jinan-02/bundle.zip"]
    reports = tmp_path / "reports"
    write_hall(reports, "jinan-01", sha256=common.sha256)
    write_hall(reports, "jinan-02", sha256=common.sha256)  # still the common one, but it has its own now
    write_hall(reports, "jinan-03", sha256=None)
    fleet = fleet_of(reports, published=published)
    states = {h.hall: h.version_state(fleet.newest_for(h)) for h in fleet.halls}
    assert states == {"jinan-01": "current", "jinan-02": "behind", "jinan-03": "unknown"}
    assert published_for(published, "jinan-02") == own
    assert published_for(published, "weifang-01") == common


def test_plays_touches_and_the_cards_visitors_open_most_over_the_last_seven_days(tmp_path):
    week = {
        "stats-2026-11-22.csv": stats_csv(
            [("card_view", "members", "auto"), ("card_view", "wages", "touch"), ("touch", "", "")]
            + [("detail_view", "wages", "")] * 2
        ),
        "stats-2026-11-17.csv": stats_csv([("card_view", "halls", "touch"), ("touch", "", ""), ("touch", "", "")]),
        "stats-2026-11-10.csv": stats_csv([("card_view", "old", "auto")] * 50),  # older than a week
    }
    write_hall(tmp_path, "jinan-01", stats=week)
    [hall] = fleet_of(tmp_path).halls
    assert hall.plays == 3 and hall.touches == 3
    assert [(c.card_id, c.opens) for c in hall.top_cards] == [("wages", 3), ("halls", 1)]
    assert [str(d) for d in hall.stats_days] == ["2026-11-17", "2026-11-22"]


def test_whatever_a_kiosk_wrote_is_read_within_limits_and_never_raises(tmp_path):
    write_hall(tmp_path, "broken-json", status=b"{not json")
    write_hall(tmp_path, "fake-image", screenshot=b"<svg onload=alert(1)>")
    write_hall(tmp_path, "huge-image", screenshot=b"\xff\xd8\xff" + b"\x00" * MAX_SCREENSHOT_BYTES)
    write_hall(tmp_path, "good-image", screenshot=small_jpeg())
    write_hall(
        tmp_path, "odd-values", status={"on_screen": {"title": ["x"], "sha256": "../../etc"}, "uptime_seconds": "1"}
    )
    (tmp_path / "Not A Hall").mkdir()
    (tmp_path / "loose-file.txt").write_text("x", encoding="utf-8")
    fleet = fleet_of(tmp_path)
    halls = {h.hall: h for h in fleet.halls}
    assert set(halls) == {"broken-json", "fake-image", "huge-image", "good-image", "odd-values"}
    assert fleet.skipped == ("Not A Hall",)
    assert "JSON" in halls["broken-json"].problems[0]
    assert halls["fake-image"].screenshot is None and "JPEG" in halls["fake-image"].problems[0]
    assert halls["huge-image"].screenshot is None
    assert halls["good-image"].screenshot_data_uri.startswith("data:image/jpeg;base64,/9j/")
    odd = halls["odd-values"]
    assert odd.title is None and odd.sha256 is None and odd.uptime_seconds is None


def test_a_folder_store_never_reads_outside_its_root(tmp_path):
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    root = tmp_path / "reports"
    root.mkdir()
    (root / "link").symlink_to(tmp_path / "secret.txt")
    store = FolderStore(root)
    assert store.read("../secret.txt", 100) is None
    assert store.read("link", 100) is None
    with pytest.raises(FleetError):
        open_store(str(tmp_path / "missing"))


# ---------------------------------------------------------------- over HTTP, from a real nginx


def test_reports_put_by_kiosks_are_read_back_through_nginxs_listing(reports_server, deck, tmp_path):
    publish_bundle(deck(), reports_server.repo, tmp_path / "keys")
    published = published_at(reports_server.url)
    assert published == published_in_folder(reports_server.repo)
    clock = FakeClock()
    sender = ReportSender(reports_server.url + "reports/", user=reports_server.user, password=reports_server.password)
    for hall in ("jinan-01", "jinan-02"):
        reporter = Reporter(
            hall, tmp_path / hall, send=sender.put, clocks=ReporterClocks(wall=clock.wall, monotonic=clock)
        )
        reporter.showing("minimal", f"{hall} 的内容", published["bundle.zip"].sha256)
        assert reporter.card_changed(lambda _budget: small_jpeg())
        reporter.run_cycle()
        assert reporter.last_error is None

    store = HttpStore(reports_server.url + "reports", user=reports_server.user, password=reports_server.password)
    fleet = read_fleet(store, source="nginx", published=published)
    assert [h.hall for h in fleet.halls] == ["jinan-01", "jinan-02"]
    assert fleet.stale() == []  # the server's time of the PUT, from the listing
    first = fleet.halls[0]
    assert first.title == "jinan-01 的内容"
    assert first.version_state(fleet.newest_for(first)) == "current"
    assert first.screenshot == small_jpeg()

    with pytest.raises(FleetError, match="401"):
        read_fleet(HttpStore(reports_server.url + "reports"), source="nginx")
