"""The service, desktop and Task Scheduler files say what the README promises."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[1] / "packaging"
KIOSK_BINARY = "/opt/union-kiosk/union-kiosk"
TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


def read_ini(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive: Name[en], ExecStart
    text = (PACKAGING / "linux" / name).read_text(encoding="utf-8")
    parser.read_string(text, source=name)
    return parser


# ---------------------------------------------------------------- systemd


@pytest.fixture(params=["union-kiosk.service", "union-kiosk-cage.service"])
def unit(request) -> configparser.ConfigParser:
    return read_ini(request.param)


def test_every_unit_restarts_the_kiosk_and_watches_it(unit):
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["Restart"] == "always"
    assert service["RestartSec"] == "3"
    assert int(service["WatchdogSec"]) == 30
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"
    assert service["UnsetEnvironment"] == "QT_QPA_PLATFORM"


@pytest.mark.parametrize("name", ["union-kiosk.service", "union-kiosk-cage.service"])
def test_no_key_is_given_twice_so_the_parser_sees_what_systemd_sees(name):
    strict = configparser.ConfigParser(strict=True, interpolation=None)
    strict.optionxform = str
    strict.read_string((PACKAGING / "linux" / name).read_text(encoding="utf-8"), source=name)


def test_the_user_unit_starts_the_kiosk_with_the_desktop_session():
    unit = read_ini("union-kiosk.service")
    assert unit["Service"]["ExecStart"] == KIOSK_BINARY
    assert unit["Install"]["WantedBy"] == "graphical-session.target"
    assert "User" not in unit["Service"]  # a user unit runs as its user


def test_the_cage_unit_runs_the_kiosk_alone_on_tty1():
    unit = read_ini("union-kiosk-cage.service")
    service = unit["Service"]
    assert service["ExecStart"] == f"/usr/bin/cage -- {KIOSK_BINARY}"
    assert service["NotifyAccess"] == "all"  # cage is the main process; the kiosk notifies
    assert service["User"] == "kiosk"
    assert service["PAMName"] == "login"
    assert service["TTYPath"] == "/dev/tty1"
    assert {"systemd-user-sessions.service", "getty@tty1.service"} <= set(unit["Unit"]["After"].split())
    assert unit["Unit"]["Conflicts"] == "getty@tty1.service"
    assert unit["Install"]["WantedBy"] == "graphical.target"


# ---------------------------------------------------------------- desktop entries


@pytest.fixture(params=["union-kiosk.desktop", "union-kiosk-autostart.desktop"])
def desktop_entry(request) -> configparser.SectionProxy:
    return read_ini(request.param)["Desktop Entry"]


def test_desktop_entries_name_and_start_the_kiosk(desktop_entry):
    assert desktop_entry["Type"] == "Application"
    assert desktop_entry["Name"] == "工会数据展台"
    assert desktop_entry["Name[en]"] == "Union Hall Kiosk"
    assert desktop_entry["Exec"] == KIOSK_BINARY
    assert desktop_entry["Icon"] == "union-kiosk"
    assert desktop_entry["Terminal"] == "false"


def test_the_menu_entry_has_registered_categories():
    entry = read_ini("union-kiosk.desktop")["Desktop Entry"]
    categories = [c for c in entry["Categories"].split(";") if c]
    assert entry["Categories"].endswith(";")
    main = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics"}
    main |= {"Network", "Office", "Science", "Settings", "System", "Utility"}
    assert main & set(categories)
    assert set(categories) <= main | {"Presentation"}


def test_the_autostart_entry_is_enabled_and_hidden_from_menus():
    entry = read_ini("union-kiosk-autostart.desktop")["Desktop Entry"]
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["NoDisplay"] == "true"


# ---------------------------------------------------------------- Windows Task Scheduler


@pytest.fixture
def task() -> ET.Element:
    return ET.parse(PACKAGING / "windows" / "union-kiosk-task.xml").getroot()


def text(task: ET.Element, path: str) -> str:
    """The text at ``path`` (written without the task namespace)."""
    element = task.find("/".join(f"{TASK}{part}" for part in path.split("/")))
    assert element is not None, path
    return (element.text or "").strip()


def test_the_task_starts_at_logon_of_the_kiosk_user(task):
    assert task.tag == f"{TASK}Task"
    assert text(task, "Triggers/LogonTrigger/Enabled") == "true"
    assert text(task, "Triggers/LogonTrigger/UserId") == "kiosk"
    assert text(task, "Principals/Principal/UserId") == "kiosk"
    assert text(task, "Principals/Principal/LogonType") == "InteractiveToken"  # only while logged on


def test_the_task_restarts_the_kiosk_and_never_times_out(task):
    assert text(task, "Settings/RestartOnFailure/Interval") == "PT1M"
    assert text(task, "Settings/RestartOnFailure/Count") == "999"
    assert text(task, "Settings/ExecutionTimeLimit") == "PT0S"
    assert text(task, "Settings/Hidden") == "false"
    assert text(task, "Settings/MultipleInstancesPolicy") == "IgnoreNew"
    assert text(task, "Settings/DisallowStartIfOnBatteries") == "false"


def test_the_task_runs_the_kiosk_program(task):
    assert text(task, "Actions/Exec/Command").endswith("union-kiosk.exe")


def test_the_task_file_is_plain_ascii_for_schtasks():
    data = (PACKAGING / "windows" / "union-kiosk-task.xml").read_bytes()
    assert data.isascii()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_the_readme_gives_the_install_commands():
    readme = (PACKAGING / "README.md").read_text(encoding="utf-8")
    assert "systemctl --user enable --now union-kiosk.service" in readme
    assert "sudo cp packaging/linux/union-kiosk-cage.service /etc/systemd/system/" in readme
    assert r"schtasks /Create /XML packaging\windows\union-kiosk-task.xml /TN UnionKiosk" in readme
    for topic in ("Ctrl+Alt+Del", "Shell Launcher", "Assigned Access", "cage"):
        assert topic in readme
