"""Start-up before any widget: no display gets a message in Chinese and English, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import earlyinit

ROOT = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display servers are a Linux matter")


def without_display(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "QT_QPA_PLATFORM"}
    }
    env["UNION_KIOSK_HOME"] = str(tmp_path / "home")  # nothing of a real kiosk is touched
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_kiosk(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# ---------------------------------------------------------------- the decision


@pytest.mark.parametrize(
    ("environ", "needed"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "eglfs"}, False),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":1"}, False),
        ({"DISPLAY": ""}, True),
    ],
)
def test_a_display_is_needed_only_for_a_display_server_platform_without_one(environ, needed):
    assert earlyinit.needs_display(environ, platform="linux") is needed


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_always_have_their_screen(platform):
    assert earlyinit.needs_display({}, platform=platform) is False


def test_drawing_without_a_display_switches_to_offscreen(monkeypatch):
    monkeypatch.setattr(earlyinit, "needs_display", lambda environ: True)
    environ: dict[str, str] = {}
    assert earlyinit.prepare_drawing(environ) is None
    assert environ["QT_QPA_PLATFORM"] == "offscreen"


def test_drawing_with_a_display_leaves_the_platform_alone(monkeypatch):
    monkeypatch.setattr(earlyinit, "needs_display", lambda environ: False)
    environ = {"DISPLAY": ":0"}
    assert earlyinit.prepare_drawing(environ) is None
    assert "QT_QPA_PLATFORM" not in environ


def test_a_window_without_a_display_is_refused_with_the_message(monkeypatch, capsys):
    monkeypatch.setattr(earlyinit, "needs_display", lambda environ: True)
    assert earlyinit.prepare_window({}) == 1
    message = capsys.readouterr().err
    assert "没有找到显示器" in message
    assert "No display found" in message


def test_a_missing_qt_is_a_message_not_a_traceback(monkeypatch, capsys):
    monkeypatch.setattr(earlyinit, "qt_problem", lambda: "无法加载 Qt（PySide6）：No module named 'PySide6'")
    assert earlyinit.prepare_window({"DISPLAY": ":0"}) == 1
    assert earlyinit.prepare_drawing({}) == 1
    assert "无法加载 Qt" in capsys.readouterr().err


# ---------------------------------------------------------------- the real start-up


@linux_only
def test_no_display_says_so_in_chinese_and_english_and_exits_1(tmp_path):
    done = run_kiosk(["--windowed"], without_display(tmp_path), tmp_path)
    assert done.returncode == 1, done.stderr  # not Qt's abort (-6 / 134)
    assert "没有找到显示器" in done.stderr
    assert "No display found" in done.stderr
    for way_out in ("--screenshot", "QT_QPA_PLATFORM=offscreen", "桌面会话", "desktop session"):
        assert way_out in done.stderr
    assert "libxcb-cursor0" not in done.stderr
    assert "Traceback" not in done.stderr


@linux_only
def test_no_display_is_found_before_any_widget_is_made(tmp_path):
    code = (
        "import sys\n"
        "from kiosk.cli import main\n"
        "code = main(['--windowed'])\n"
        "widgets = [m for m in ('PySide6.QtWidgets', 'kiosk.ui.window', 'kiosk.ui.session') if m in sys.modules]\n"
        "sys.exit(100 + code if not widgets else 50)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=without_display(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 101


def test_the_composition_root_imports_no_qt_until_it_runs():
    code = "import sys, kiosk.app; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


@linux_only
def test_a_screenshot_needs_no_display(tmp_path):
    out = tmp_path / "card.png"
    done = run_kiosk(["--screenshot", str(out), "--size", "640x360"], without_display(tmp_path), tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
