"""This kiosk's own settings and resume state: where they live, and that a broken file never stops the show."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core import places
from kiosk.core.pin import MIN_ITERATIONS, hash_pin, verify_pin
from kiosk.core.schedule import OpeningHours
from kiosk.core.settings import (
    ClosedScreen,
    PinLockFile,
    ResumeState,
    Settings,
    SettingsError,
    load_settings,
    load_state,
    parse_settings,
    pin_lock_path,
    save_settings,
    save_state,
    settings_path,
    state_path,
    store_pin,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(places.HOME_ENV, str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def record():
    return hash_pin("2468", iterations=MIN_ITERATIONS)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- places


def test_union_kiosk_home_holds_config_data_and_logs(home):
    assert places.config_dir() == home / "config"
    assert places.data_dir() == home / "data"
    assert places.log_dir() == home / "logs"
    assert all((home / name).is_dir() for name in ("config", "data", "logs"))
    assert settings_path() == home / "config" / "kiosk.yaml"
    assert state_path() == home / "data" / "state.json"
    assert pin_lock_path() == home / "data" / "pin-lock.json"
    assert PinLockFile().path == pin_lock_path()


def test_without_union_kiosk_home_the_os_folders_are_used(tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.delenv(places.HOME_ENV, raising=False)
    asked = []

    def fake(kind: str):
        def where(app: str, appauthor: object) -> Path:
            asked.append((kind, app, appauthor))
            return tmp_path / kind / app

        return where

    for kind in ("config", "data", "log"):
        monkeypatch.setattr(platformdirs, f"user_{kind}_path", fake(kind))
    assert places.config_dir() == tmp_path / "config" / "union-kiosk"
    assert places.data_dir().is_dir()
    assert places.log_dir() == tmp_path / "log" / "union-kiosk"
    assert [a[1:] for a in asked] == [("union-kiosk", False)] * 3


def test_folders_are_not_created_at_import(tmp_path):
    code = "import kiosk.core.places, kiosk.core.settings, kiosk.core.stats"
    subprocess.run(
        [sys.executable, "-c", code], check=True, env={**os.environ, "UNION_KIOSK_HOME": str(tmp_path)}, cwd=ROOT
    )
    assert list(tmp_path.iterdir()) == []


def test_the_new_core_modules_import_without_qt_or_yaml():
    code = (
        "import sys\n"
        "import kiosk.core.places, kiosk.core.pin, kiosk.core.schedule, kiosk.core.settings, kiosk.core.stats, kiosk.core.report\n"
        "heavy = sorted(m for m in ('PySide6', 'yaml', 'platformdirs', 'pyqtgraph') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ---------------------------------------------------------------- settings


def test_no_settings_file_gives_the_defaults(home):
    settings = load_settings()
    assert settings == Settings()
    assert settings.pin is None
    assert settings.opening_hours is None
    assert settings.closed_screen is ClosedScreen.DARK
    assert settings.bundle is None


def test_settings_round_trip_through_kiosk_yaml(home, record):
    settings = Settings(
        pin=record,
        opening_hours=OpeningHours.parse({"mon": ["08:30-17:00"], "sat": "closed"}),
        closed_screen=ClosedScreen.CARD,
        bundle=home / "bundles" / "济南.zip",
    )
    path = save_settings(settings)
    assert path == settings_path()
    assert load_settings() == settings
    assert "济南" in path.read_text(encoding="utf-8")  # readable, not escaped


def test_saving_replaces_the_file_and_leaves_no_temporary_files(home):
    save_settings(Settings(closed_screen=ClosedScreen.CARD))
    save_settings(Settings(closed_screen=ClosedScreen.DARK))
    assert [p.name for p in (home / "config").iterdir()] == ["kiosk.yaml"]
    assert load_settings().closed_screen is ClosedScreen.DARK


def test_a_failed_save_keeps_the_old_file(home, monkeypatch):
    save_settings(Settings(closed_screen=ClosedScreen.CARD))
    before = settings_path().read_text(encoding="utf-8")

    def power_cut(*_args: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr("kiosk.core.settings.os.fsync", power_cut)
    with pytest.raises(OSError):
        save_settings(Settings(closed_screen=ClosedScreen.DARK))
    assert settings_path().read_text(encoding="utf-8") == before
    assert [p.name for p in (home / "config").iterdir()] == ["kiosk.yaml"]


def test_a_file_that_is_not_yaml_gives_the_defaults_and_logs_where(home, caplog):
    write(settings_path(), "pin: [unclosed\nclosed_screen: card\n")
    with caplog.at_level(logging.ERROR):
        assert load_settings() == Settings()
    assert str(settings_path()) in caplog.text
    assert "line" in caplog.text  # PyYAML says where it stopped


def test_a_file_that_is_not_utf8_gives_the_defaults(home, caplog):
    settings_path().write_bytes(b"closed_screen: \xff\xfe\n")
    with caplog.at_level(logging.ERROR):
        assert load_settings() == Settings()
    assert "默认" in caplog.text


def test_a_broken_item_falls_back_alone_and_the_rest_is_kept(home, record, caplog):
    save_settings(Settings(pin=record))
    text = settings_path().read_text(encoding="utf-8") + "closed_screen: sparkle\nopening_hours:\n  sun: closed\n"
    write(settings_path(), text)
    with caplog.at_level(logging.ERROR):
        settings = load_settings()
    assert settings.closed_screen is ClosedScreen.DARK
    assert settings.pin == record
    assert settings.opening_hours == OpeningHours.parse({"sun": "closed"})
    assert "sparkle" in caplog.text


def test_every_problem_in_the_file_is_reported_together(home, caplog):
    write(
        settings_path(),
        "pin: 1234\nopening_hours:\n  mon: [9-5]\n  funday: closed\nclosed_screen: 3\nbundle: 7\nvolume: 11\n",
    )
    with caplog.at_level(logging.ERROR):
        settings = load_settings()
    assert settings == Settings()
    [record] = caplog.records
    message = record.getMessage()
    assert "6 个问题" in message
    for word in ("pin", "set-pin", "mon", "funday", "closed_screen", "bundle", "volume"):
        assert word in message


def test_a_top_level_that_is_not_a_mapping_is_explained():
    settings, problems = parse_settings(["pin", "1234"])
    assert settings == Settings()
    assert problems == ["文件顶层应为“设置项: 值”的表 / the top level must be a mapping"]


def test_an_empty_file_is_all_defaults_without_complaint(home, caplog):
    write(settings_path(), "# nothing yet\n")
    with caplog.at_level(logging.WARNING):
        assert load_settings() == Settings()
    assert caplog.records == []


def test_a_relative_bundle_path_is_read_from_the_config_folder(home):
    write(settings_path(), "bundle: bundles/jinan.zip\n")
    assert load_settings().bundle == home / "config" / "bundles" / "jinan.zip"


def test_store_pin_keeps_the_other_settings(home):
    write(settings_path(), "closed_screen: card\nopening_hours:\n  mon: 08:00-17:00\n")
    store_pin(hash_pin("8642", iterations=MIN_ITERATIONS))
    settings = load_settings()
    assert settings.closed_screen is ClosedScreen.CARD
    assert settings.opening_hours == OpeningHours.parse({"mon": "08:00-17:00"})
    assert settings.pin is not None and verify_pin(settings.pin, "8642")


def test_store_pin_creates_the_file_when_there_is_none(home, record):
    path = store_pin(record)
    assert path == settings_path()
    assert load_settings().pin == record


def test_store_pin_refuses_to_overwrite_a_file_it_cannot_read(home, record):
    write(settings_path(), "opening_hours: {mon: [\n")
    with pytest.raises(SettingsError, match="修正或删除"):
        store_pin(record)
    assert settings_path().read_text(encoding="utf-8") == "opening_hours: {mon: [\n"


def test_a_six_digit_pin_keeps_its_length_mark_through_kiosk_yaml(home):
    record = hash_pin("246810", iterations=MIN_ITERATIONS)
    store_pin(record)
    assert load_settings().pin == record


owner_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions; Windows relies on the profile's ACLs")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@owner_only
@pytest.mark.parametrize("write_settings", [store_pin, lambda record: save_settings(Settings(pin=record))])
def test_the_settings_file_and_its_folder_are_for_their_owner_only(home, record, write_settings):
    write_settings(record)
    assert mode(home / "config") == 0o700
    assert mode(settings_path()) == 0o600


@owner_only
def test_a_settings_folder_and_file_that_were_open_to_others_are_tightened(home, record):
    folder = home / "config"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    write(settings_path(), "closed_screen: card\n").chmod(0o644)
    store_pin(record)
    assert mode(folder) == 0o700
    assert mode(settings_path()) == 0o600
    assert load_settings().closed_screen is ClosedScreen.CARD


@owner_only
def test_a_settings_folder_that_cannot_be_tightened_is_logged_and_the_pin_still_saved(
    home, record, monkeypatch, caplog
):
    def not_ours(_self: Path, _mode: int) -> None:
        raise PermissionError("Operation not permitted")

    places.config_dir().chmod(0o755)
    monkeypatch.setattr(Path, "chmod", not_ours)
    with caplog.at_level(logging.WARNING):
        store_pin(record)
    assert "owner-only" in caplog.text
    assert mode(settings_path()) == 0o600
    assert load_settings().pin == record


# ---------------------------------------------------------------- resume state


def test_the_resume_state_round_trips(home):
    saved = save_state("shandong", "members", clock=lambda: 1_741_000_000.5)
    assert saved == ResumeState("shandong", "members", 1_741_000_000.5)
    assert load_state() == saved


def test_the_latest_resume_state_wins(home):
    save_state("shandong", "members")
    save_state("shandong", "law-aid")
    assert load_state().card_id == "law-aid"
    assert [p.name for p in (home / "data").iterdir()] == ["state.json"]


def test_no_resume_state_starts_from_the_first_card_quietly(home, caplog):
    with caplog.at_level(logging.DEBUG):
        assert load_state() is None
    assert caplog.records == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"[]",
        b'{"bundle_id": 1, "card_id": "x", "saved_at": 0}',
        b'{"bundle_id": "a", "card_id": "b"}',
        b"\xff\xfe",
    ],
)
def test_a_damaged_resume_state_is_ignored_with_a_warning(home, content, caplog):
    state_path().write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert load_state() is None
    assert "state.json" in caplog.text


def test_a_resume_state_that_cannot_be_written_is_logged_not_raised(tmp_path, caplog):
    blocked = write(tmp_path / "not-a-folder", "")
    with caplog.at_level(logging.WARNING):
        save_state("shandong", "members", path=blocked / "state.json")
    assert "resume state" in caplog.text
