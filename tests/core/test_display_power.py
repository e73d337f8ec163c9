"""Display power: backends tried in order, the first that works remembered, a wrong clock never goes dark."""

from __future__ import annotations

import sys
from datetime import datetime

import pytest

from kiosk.core.display_power import (
    CommandResult,
    DisplayPower,
    HdmiCec,
    PowerState,
    WaylandOutputPower,
    WindowsMonitorPower,
    X11Dpms,
    default_backends,
    run_command,
)

EVENING = datetime(2026, 11, 23, 19, 0)
DEAD_BATTERY = datetime(2000, 1, 1, 3, 0)
CEC_ADAPTER = "Found devices: 1\n\ndevice:              1\ncom port:            /dev/ttyACM0\n"
WLR_OUTPUTS = 'HDMI-A-1 "Dell Inc. P2419H"\n  Enabled: yes\n  Modes:\n    1920x1080 px\nDP-1 "LG"\n  Enabled: yes\n'


class FakeRunner:
    """Answers commands from a table (program → result); records each call with its input."""

    def __init__(self, answers: dict[str, CommandResult] | None = None) -> None:
        self.answers = answers or {}
        self.calls: list[tuple[list[str], str | None, float]] = []

    def __call__(self, args, stdin, timeout) -> CommandResult:
        self.calls.append((list(args), stdin, timeout))
        joined = " ".join(args)
        for prefix in sorted(self.answers, key=len, reverse=True):
            if joined.startswith(prefix):
                return self.answers[prefix]
        return CommandResult(1)

    def commands(self) -> list[str]:
        return [" ".join(args) for args, _stdin, _timeout in self.calls]


def found(*programs: str):
    return lambda name: f"/usr/bin/{name}" if name in programs else None


def backends(runner, *, programs=("xset", "wlr-randr", "cec-client"), env=None, platform="linux"):
    return default_backends(runner, which=found(*programs), env=env or {"DISPLAY": ":0"}, platform=platform)


def test_backends_are_tried_in_order_x11_wayland_cec_windows():
    assert [b.name for b in default_backends(FakeRunner(), which=found(), env={})] == [
        "x11-dpms",
        "wayland-wlr-randr",
        "hdmi-cec",
        "windows-sc-monitorpower",
    ]


def test_on_x11_dpms_switches_the_display_off_and_on():
    runner = FakeRunner({"xset": CommandResult(0)})
    power = DisplayPower(backends(runner))
    assert power.off(EVENING)
    assert power.state().state is PowerState.OFF and power.state().backend == "x11-dpms"
    assert power.on()
    assert runner.commands() == ["xset dpms force off", "xset dpms force on"]
    assert power.state().state is PowerState.ON


def test_the_first_backend_that_works_is_remembered():
    runner = FakeRunner(
        {"xset": CommandResult(1), "cec-client -l": CommandResult(0, CEC_ADAPTER), "cec-client -s": CommandResult(0)}
    )
    power = DisplayPower(backends(runner))
    assert power.off(EVENING)
    assert power.state().backend == "hdmi-cec"
    runner.calls.clear()
    assert power.on()
    assert runner.commands() == ["cec-client -s -d 1"]  # xset is not asked again
    assert runner.calls[0][1] == "on 0\n"


def test_cec_sends_standby_to_the_television():
    runner = FakeRunner({"cec-client -l": CommandResult(0, CEC_ADAPTER), "cec-client -s": CommandResult(0)})
    power = DisplayPower(backends(runner, programs=("cec-client",), env={}))
    assert power.off(EVENING)
    assert runner.calls[-1] == (["cec-client", "-s", "-d", "1"], "standby 0\n", pytest.approx(10.0))


def test_cec_without_an_adapter_is_not_tried():
    runner = FakeRunner({"cec-client -l": CommandResult(0, "Found devices: NONE\n")})
    cec = HdmiCec(runner, found("cec-client"), 10.0)
    assert not cec.available()
    assert not cec.available()
    assert runner.commands() == ["cec-client -l"]  # asked once


def test_on_wayland_every_output_wlr_randr_lists_is_switched():
    runner = FakeRunner({"wlr-randr --output": CommandResult(0), "wlr-randr": CommandResult(0, WLR_OUTPUTS)})
    power = DisplayPower(backends(runner, env={"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}))
    assert power.off(EVENING)
    assert power.state().backend == "wayland-wlr-randr"
    assert runner.commands() == ["wlr-randr", "wlr-randr --output HDMI-A-1 --off", "wlr-randr --output DP-1 --off"]


def test_xset_is_not_used_under_wayland_even_with_xwayland():
    dpms = X11Dpms(FakeRunner(), found("xset"), {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, 10.0)
    assert not dpms.available()


def test_wayland_without_outputs_does_not_count_as_working():
    wayland = WaylandOutputPower(FakeRunner({"wlr-randr": CommandResult(0, "")}), found("wlr-randr"), {}, 10.0)
    assert not wayland.switch(False)


def test_windows_broadcasts_sc_monitorpower_off_and_on():
    sent = []
    windows = WindowsMonitorPower("win32", send=lambda value: sent.append(value) or True)
    power = DisplayPower([windows])
    assert power.off(EVENING) and power.on()
    assert sent == [2, -1]
    assert not WindowsMonitorPower("linux").available()


def test_where_nothing_works_the_screen_just_stays_dark(caplog):
    power = DisplayPower(backends(FakeRunner(), programs=()))
    with caplog.at_level("INFO"):
        assert not power.off(EVENING)
        assert not power.on()
    assert power.state().state is PowerState.UNKNOWN and power.state().backend is None
    assert sum("no way to switch the display" in r.getMessage() for r in caplog.records) == 1  # said once


def test_a_dead_clock_battery_never_switches_the_display_off():
    runner = FakeRunner({"xset": CommandResult(0)})
    power = DisplayPower(backends(runner))
    assert not power.off(DEAD_BATTERY)
    assert runner.calls == []
    assert power.state().state is PowerState.UNKNOWN


def test_a_command_that_times_out_counts_as_not_working_and_the_next_is_tried():
    runner = FakeRunner(
        {"xset": CommandResult(None), "cec-client -l": CommandResult(0, CEC_ADAPTER), "cec-client -s": CommandResult(0)}
    )
    power = DisplayPower(backends(runner))
    assert power.off(EVENING)
    assert power.state().backend == "hdmi-cec"
    assert all(timeout == pytest.approx(10.0) for _args, _stdin, timeout in runner.calls)


def test_a_remembered_backend_that_stops_working_falls_back_to_the_others():
    answers = {
        "xset": CommandResult(0),
        "cec-client -l": CommandResult(0, CEC_ADAPTER),
        "cec-client -s": CommandResult(0),
    }
    runner = FakeRunner(answers)
    power = DisplayPower(backends(runner))
    power.off(EVENING)
    assert power.state().backend == "x11-dpms"
    answers["xset"] = CommandResult(1)  # the X server went away
    assert power.on()
    assert power.state().backend == "hdmi-cec"


def test_a_backend_that_raises_is_skipped():
    class Broken:
        name = "broken"

        def available(self):
            return True

        def switch(self, on):
            raise RuntimeError("bug")

    sent = []
    power = DisplayPower([Broken(), WindowsMonitorPower("win32", send=lambda v: sent.append(v) or True)])
    assert power.off(EVENING)
    assert power.state().backend == "windows-sc-monitorpower"


def test_the_real_runner_kills_a_command_after_its_timeout():
    started = datetime.now()
    result = run_command([sys.executable, "-c", "import time; time.sleep(30)"], None, 0.3)
    assert result.returncode is None and not result.ok
    assert (datetime.now() - started).total_seconds() < 10


def test_the_real_runner_reports_a_missing_program_without_raising():
    assert run_command(["no-such-display-tool-14"], None, 1.0) == CommandResult(None)


def test_the_real_runner_passes_standard_input_and_returns_output():
    result = run_command([sys.executable, "-c", "import sys; print(sys.stdin.read().upper())"], "standby 0", 10.0)
    assert result.ok and result.output.strip() == "STANDBY 0"
