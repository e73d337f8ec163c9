"""The fleet page and its CSV: self-contained, escaped, and what a browser shows of it."""

from __future__ import annotations

import argparse
import csv
import html.parser
import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.feed.fleet import FolderStore, published_in_folder, read_fleet
from kiosk.feed.fleet_commands import PASSWORD_ENV, add_fleet_arguments, cmd_fleet
from kiosk.feed.fleet_page import render_csv, render_html, write_report
from kiosk.feed.publish import publish_bundle
from tests.feed.fleet_samples import NOW, small_jpeg, stats_csv, write_hall

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_SECONDS = 60
HOSTILE_TITLE = '<script>alert("x")</script>\x1b[2J\u202e工会'


def fleet_folder(tmp_path, deck, now=NOW):
    repo = tmp_path / "repo"
    publish_bundle(deck("全省"), repo, tmp_path / "keys")
    newest = published_in_folder(repo)["bundle.zip"].sha256
    reports = tmp_path / "reports"
    week = {"stats-2026-11-22.csv": stats_csv([("card_view", "wages", "touch")] * 3 + [("touch", "", "")] * 7)}
    write_hall(reports, "jinan-01", sha256=newest, screenshot=small_jpeg(), stats=week, title="全省工会数据", now=now)
    write_hall(reports, "jinan-02", sha256="b" * 64, age=timedelta(hours=5), title=HOSTILE_TITLE, now=now)
    return repo, reports


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    return parser


def test_the_page_is_self_contained_and_untrusted_text_stays_text(tmp_path, deck):
    repo, reports = fleet_folder(tmp_path, deck)
    fleet = read_fleet(FolderStore(reports), source=str(reports), published=published_in_folder(repo), now=NOW)
    page = render_html(fleet)
    tree = parsed(page)
    assert not [t for t, _a in tree.tags if t in ("script", "link", "iframe", "object")]
    sources = [a["src"] for t, a in tree.tags if t == "img"]
    assert len(sources) == 1 and sources[0].startswith("data:image/jpeg;base64,")
    text = "".join(tree.text)
    assert '<script>alert("x")</script>' in text  # shown as text, never run
    assert "\x1b" not in page and "\u202e" not in page
    assert "\\u001b[2J\\u202e工会" in text


def test_the_csv_lists_every_hall_and_defuses_formulas(tmp_path, deck):
    repo, reports = fleet_folder(tmp_path, deck)
    write_hall(reports, "jinan-03", title='=HYPERLINK("http://evil")')
    fleet = read_fleet(FolderStore(reports), source=str(reports), published=published_in_folder(repo), now=NOW)
    rows = list(csv.DictReader(io.StringIO(render_csv(fleet))))
    assert [(r["hall"], r["state"], r["version"]) for r in rows] == [
        ("jinan-01", "ok", "current"),
        ("jinan-02", "stale", "behind"),
        ("jinan-03", "ok", "behind"),
    ]
    assert rows[0]["plays_7d"] == "3" and rows[0]["touches_7d"] == "7" and rows[0]["top_cards"] == "wages:3"
    assert rows[2]["title"].startswith("'=")
    _page, csv_path = write_report(fleet, tmp_path / "out" / "report.html")
    assert csv_path == tmp_path / "out" / "report.csv"
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")


def run_fleet(argv, **env):
    parser = argparse.ArgumentParser(prog="union-kiosk fleet")
    add_fleet_arguments(parser)
    out, err = [], []
    return cmd_fleet(parser.parse_args(argv), out=out.append, err=err.append), out, err


def test_fleet_report_command_writes_the_page_and_says_what_it_found(tmp_path, deck):
    repo, reports = fleet_folder(tmp_path, deck, now=datetime.now(UTC))
    target = tmp_path / "report.html"
    code, out, err = run_fleet(["report", str(reports), "-o", str(target), "--repo", str(repo)])
    assert (code, err) == (0, [])
    assert "2 个展厅（1 个失联）" in out[0]
    assert target.is_file() and target.with_suffix(".csv").is_file()


def test_fleet_report_command_refuses_what_it_cannot_read(tmp_path, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    assert run_fleet([])[0] == 2
    assert run_fleet(["report", str(tmp_path / "missing")])[0] == 1
    assert run_fleet(["report", "https://x/reports/", "--user", "fed"])[0] == 2
    assert run_fleet(["report", str(tmp_path), "--feed", "/a/folder"])[0] == 2
    assert run_fleet(["report", str(tmp_path), "--repo", str(tmp_path / "no-feed")])[0] == 1


def test_fleet_report_reads_the_reports_from_nginx_with_a_password(reports_server, tmp_path, monkeypatch):
    write_hall(reports_server.reports, "jinan-01", now=datetime.now(UTC))
    monkeypatch.setenv(PASSWORD_ENV, reports_server.password)
    url = reports_server.url + "reports/"
    code, out, err = run_fleet(["report", url, "-o", str(tmp_path / "r.html"), "--user", reports_server.user])
    assert (code, err) == (0, []), err
    assert "1 个展厅（0 个失联）" in out[0]
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    code, _out, err = run_fleet(["report", url, "-o", str(tmp_path / "r.html"), "--user", reports_server.user])
    assert code == 1 and "401" in err[0]


# ---------------------------------------------------------------- in a real browser


def chromium(tmp_path, *args) -> subprocess.CompletedProcess[str]:
    if not CHROMIUM.is_file() and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (apt-get install chromium; make test installs it)")
    binary = str(CHROMIUM) if CHROMIUM.is_file() else str(shutil.which("chromium"))
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_SECONDS, check=False)


def test_chromium_shows_every_hall_its_stale_mark_version_and_counts(tmp_path, deck):
    repo, reports = fleet_folder(tmp_path, deck)
    fleet = read_fleet(FolderStore(reports), source=str(reports), published=published_in_folder(repo), now=NOW)
    page, _csv = write_report(fleet, tmp_path / "report.html")
    shown = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    tree = parsed(dom)
    sections = {a["data-hall"]: a for t, a in tree.tags if t == "section"}
    assert set(sections) == {"jinan-01", "jinan-02"}
    assert sections["jinan-02"]["class"] == "hall stale" and sections["jinan-02"]["data-version"] == "behind"
    assert sections["jinan-01"]["class"] == "hall" and sections["jinan-01"]["data-version"] == "current"
    text = "".join(tree.text)
    assert "工会数据展台 · 展厅总览" in text
    assert "2个展厅" in text.replace(" ", "") and "1个失联" in text.replace(" ", "")
    assert "失联" in text and "正常" in text
    assert "（最新）" in text and "不是最新" in text
    assert "全省工会数据" in text and '<script>alert("x")</script>' in text
    assert "wages · 3 次" in text
    first = dom.index('data-hall="jinan-01"')
    assert ">3<" in dom[first:] and ">7<" in dom[first:]  # plays and touches of the week
    assert "<script" not in dom.replace("&lt;script", "")  # the hostile title never became an element
