"""``union-kiosk stats`` and ``union-kiosk set-pin``: what staff type at the kiosk's terminal."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import datetime, timedelta

import pytest
import yaml

from kiosk.cli import COMMANDS, main
from kiosk.core import places
from kiosk.core.pin import verify_pin
from kiosk.core.settings import load_settings, settings_path
from kiosk.core.stats import StatsRecorder, stats_path
from kiosk.terminal import EXIT_INVALID, EXIT_OK

DAY = 24 * 3600


class FakeClock:
    """Real dates (the CLI prunes what is over 400 days old), moved by hand."""

    def __init__(self, days_ago: float) -> None:
        self.now = time.time() - days_ago * DAY

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(places.HOME_ENV, str(tmp_path))
    return tmp_path


@pytest.fixture
def played(home):
    """Ten days ago one card was played and touched; yesterday another."""
    clock = FakeClock(days_ago=10)
    with StatsRecorder(stats_path(), clock, bundle_id="shandong") as recorder:
        recorder.card_shown("members", "touch")
        recorder.touched()
        clock.advance(12)
        recorder.detail_opened("members")
        clock.advance(30)
        recorder.returned("idle")
        clock.now = time.time() - DAY
        recorder.card_shown("law-aid", "auto")
        clock.advance(10)
    return home


def stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_the_new_commands_are_listed():
    assert {"stats", "set-pin"} <= set(COMMANDS)


# ---------------------------------------------------------------- stats


def test_stats_without_records_says_so(home, capsys):
    assert main(["stats"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "还没有记录" in out
    assert str(home / "data" / "stats.sqlite3") in out


def test_stats_prints_cards_touches_and_hours_as_a_table(played, capsys):
    assert main(["stats"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "卡片播放 2 次" in out
    assert "详情打开 1 次，平均每次 30.0秒" in out
    assert "无人操作自动返回 1 次" in out
    assert "播放最多的卡片" in out and "观众最常点开的卡片" in out
    assert "members（" in out  # the default bundle tells what the card says
    assert "law-aid" in out
    assert out.count("时 ") == 24


def test_stats_since_leaves_out_older_days(played, capsys):
    since = (datetime.now() - timedelta(days=3)).strftime("%Y-%m-%d")
    assert main(["stats", "--since", since, "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert [v["card_id"] for v in report["most_viewed"]] == ["law-aid"]
    assert report["touches"] == 0
    assert report["since"].startswith(since)


@pytest.mark.parametrize("bad", ["2025-02-30", "yesterday", "2025/03/01", "20250301"])
def test_stats_with_a_bad_date_exits_1_and_says_how_to_write_it(home, capsys, bad):
    assert main(["stats", "--since", bad]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"“{bad}”" in err and "YYYY-MM-DD" in err


def test_stats_json_is_machine_readable(played, capsys):
    assert main(["stats", "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["card_views"] == 2
    assert report["most_touched"] == [{"card_id": "members", "touch_views": 1, "detail_opens": 1, "total": 2}]
    assert len(report["touches_by_hour"]) == 24


def test_stats_csv_exports_every_row(played, capsys, tmp_path):
    out_file = tmp_path / "export.csv"
    assert main(["stats", "--csv", str(out_file)]) == EXIT_OK
    assert f"已导出 5 行明细到 {out_file}" in capsys.readouterr().out
    lines = out_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("kind,at,")
    assert len(lines) == 6


def test_stats_csv_with_json_keeps_stdout_pure_json(played, capsys, tmp_path):
    assert main(["stats", "--json", "--csv", str(tmp_path / "x.csv")]) == EXIT_OK
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "已导出" in captured.err


# ---------------------------------------------------------------- set-pin


def test_set_pin_from_stdin_stores_a_salted_hash_and_says_where(home, monkeypatch, capsys):
    stdin(monkeypatch, "975310\n")
    assert main(["set-pin", "--pin-stdin"]) == EXIT_OK
    captured = capsys.readouterr()
    assert str(settings_path()) in captured.out
    assert "975310" not in captured.out + captured.err
    assert "975310" not in settings_path().read_text(encoding="utf-8")
    pin = load_settings().pin
    assert pin is not None and verify_pin(pin, "975310")


@pytest.mark.parametrize("bad", ["975", "9753", "97531", "975318642", "97a531", ""])
def test_set_pin_refuses_a_pin_that_is_not_6_to_8_digits_without_echoing_it(home, monkeypatch, capsys, bad):
    stdin(monkeypatch, bad + "\n")
    assert main(["set-pin", "--pin-stdin"]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert "6–8" in captured.err and "没有保存" in captured.err
    if bad:
        assert bad not in captured.out + captured.err
    assert not settings_path().exists()


@pytest.mark.parametrize("good", ["975310", "97531086"])
def test_set_pin_accepts_6_to_8_digits(home, monkeypatch, good):
    stdin(monkeypatch, good + "\n")
    assert main(["set-pin", "--pin-stdin"]) == EXIT_OK
    assert verify_pin(load_settings().pin, good)


def test_set_pin_asks_twice_and_saves_when_both_match(home, monkeypatch, capsys):
    prompts = []
    answers = iter(["864213", "864213"])

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", getpass)
    assert main(["set-pin"]) == EXIT_OK
    assert len(prompts) == 2
    assert "6–8" in prompts[0]
    assert verify_pin(load_settings().pin, "864213")
    assert "864213" not in capsys.readouterr().out


def test_set_pin_refuses_when_the_two_entries_differ(home, monkeypatch, capsys):
    answers = iter(["864213", "864214"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    assert main(["set-pin"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "不一致" in err and "864213" not in err and "864214" not in err
    assert load_settings().pin is None


def test_set_pin_without_an_answer_exits_1(home, monkeypatch, capsys):
    def no_terminal(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)
    assert main(["set-pin"]) == EXIT_INVALID
    assert "没有读到管理密码" in capsys.readouterr().err


def test_set_pin_keeps_the_rest_of_the_settings(home, monkeypatch):
    settings_path().write_text("closed_screen: card\nopening_hours:\n  mon: ['08:00-17:00']\n", encoding="utf-8")
    stdin(monkeypatch, "246810\n")
    assert main(["set-pin", "--pin-stdin"]) == EXIT_OK
    written = yaml.safe_load(settings_path().read_text(encoding="utf-8"))
    assert written["closed_screen"] == "card"
    assert written["opening_hours"] == {"mon": ["08:00-17:00"]}
    assert set(written["pin"]) == {"algorithm", "iterations", "salt", "hash", "min_digits"}
    assert written["pin"]["min_digits"] == 6


def test_set_pin_will_not_overwrite_a_settings_file_it_cannot_read(home, monkeypatch, capsys):
    settings_path().write_text("opening_hours: [\n", encoding="utf-8")
    stdin(monkeypatch, "246810\n")
    assert main(["set-pin", "--pin-stdin"]) == EXIT_INVALID
    assert "修正或删除" in capsys.readouterr().err
    assert settings_path().read_text(encoding="utf-8") == "opening_hours: [\n"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions; Windows relies on the profile's ACLs")
def test_set_pin_leaves_the_settings_readable_by_their_owner_only(home, monkeypatch):
    places.config_dir().chmod(0o755)
    stdin(monkeypatch, "246810\n")
    assert main(["set-pin", "--pin-stdin"]) == EXIT_OK
    assert places.config_dir().stat().st_mode & 0o777 == 0o700
    assert settings_path().stat().st_mode & 0o777 == 0o600


def test_set_pin_help_asks_for_6_to_8_digits(capsys):
    assert main(["set-pin", "--help"]) == EXIT_OK
    assert "6–8" in capsys.readouterr().out
