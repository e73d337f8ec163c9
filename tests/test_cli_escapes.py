"""Nothing ``validate``, ``list``, ``stats`` or the logs print from a bundle can drive a terminal."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core import places
from kiosk.core.stats import StatsRecorder, stats_path
from kiosk.core.text_safety import first_unsafe
from kiosk.logs import LOG_FORMAT, EscapingFormatter, close_file_logging, setup_file_logging
from kiosk.terminal import EXIT_INVALID, EXIT_OK
from tests.bundles import minimal_manifest

ROOT = Path(__file__).resolve().parents[1]
TITLE_SEQUENCE = "\x1b]0;title\x07"  # sets the terminal window's title


def assert_inert(text: str) -> None:
    """No control or format character but newline and tab."""
    found = first_unsafe(text, multiline=True)
    assert found is None, f"raw {text[found]!r} in {text[max(0, found - 40) : found + 40]!r}"


@pytest.fixture
def hostile(make_bundle) -> Path:
    """A bundle whose label would retitle the terminal, with an unknown key full of C1 and bidi controls."""
    manifest = minimal_manifest()
    manifest["cards"][1]["label"] = f"户外劳动者{TITLE_SEQUENCE}爱心驿站"
    manifest["cards"][1]["x\x9b2J\u202e"] = "?"
    return make_bundle(manifest)


def test_validate_never_prints_the_escape_sequence_of_a_label(capsys, hostile):
    assert main(["validate", str(hostile)]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert_inert(captured.out + captured.err)
    assert "户外劳动者\\u001b]0;title\\u0007爱心" in captured.out
    assert "x\\u009b2J\\u202e" in captured.out


def test_validate_json_stays_valid_json_without_raw_controls(capsys, hostile):
    assert main(["validate", str(hostile), "--json"]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert_inert(out)
    report = json.loads(out)
    keys = [w["message"] for w in report["warnings"] if "不认识的键" in w["message"]]
    assert keys == ["不认识的键“x\x9b2J\u202e”，它会被忽略。"]  # the same text, read back


def test_list_never_prints_the_escape_sequence_of_a_label(capsys, hostile):
    assert main(["list", str(hostile)]) == EXIT_INVALID
    captured = capsys.readouterr()
    assert_inert(captured.out + captured.err)
    assert "\\u001b]0;title\\u0007" in captured.err


def test_validate_through_the_installed_command_prints_no_raw_escape(hostile):
    command = ROOT / ".venv" / "bin" / "union-kiosk"
    if not command.exists():
        pytest.skip("no installed union-kiosk command")
    done = subprocess.run(
        [str(command), "validate", str(hostile)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == EXIT_INVALID
    assert b"\x1b" not in done.stdout + done.stderr
    assert b"\x07" not in done.stdout + done.stderr
    assert b"\\u001b]0;title" in done.stdout


def test_stats_never_prints_the_escape_sequence_of_a_recorded_card_id(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(places.HOME_ENV, str(tmp_path))
    with StatsRecorder(stats_path(), time.time, bundle_id="old\x1b[2J") as recorder:
        recorder.card_shown(f"card{TITLE_SEQUENCE}\u202e")
        recorder.stop()
    assert main(["stats"]) == EXIT_OK
    out = capsys.readouterr().out
    assert_inert(out)
    assert "card\\u001b]0;title\\u0007\\u202e" in out
    assert main(["stats", "--json"]) == EXIT_OK
    out = capsys.readouterr().out
    assert_inert(out)
    assert json.loads(out)["most_viewed"][0]["card_id"] == f"card{TITLE_SEQUENCE}\u202e"


# ---------------------------------------------------------------- logs


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("kiosk", logging.WARNING, __file__, 1, message, args, None)


def test_the_log_formatter_escapes_a_record_holding_an_escape():
    line = EscapingFormatter(LOG_FORMAT).format(record("reload failed: %s", f"label{TITLE_SEQUENCE}\x9b"))
    assert_inert(line)
    assert line.endswith("reload failed: label\\u001b]0;title\\u0007\\u009b")


def test_the_log_formatter_keeps_the_lines_of_a_problem_and_a_traceback():
    try:
        raise ValueError("bad \x1b[2J value")
    except ValueError:
        item = logging.LogRecord("kiosk", logging.ERROR, __file__, 1, "一\n二", (), sys.exc_info())
    text = EscapingFormatter(LOG_FORMAT).format(item)
    assert_inert(text)
    assert "一\n二" in text
    assert "Traceback" in text and "bad \\u001b[2J value" in text


def test_the_log_file_holds_escapes_not_controls(tmp_path):
    path = setup_file_logging(tmp_path / "log")
    try:
        logging.getLogger("kiosk.test").warning("card %s", f"x{TITLE_SEQUENCE}")
    finally:
        close_file_logging()
    text = path.read_text(encoding="utf-8")
    assert_inert(text)
    assert "card x\\u001b]0;title\\u0007" in text


def test_the_command_line_logs_through_the_escaping_formatter():
    """The commands log to stderr; nothing raw there either."""
    code = (
        "import logging, sys\n"
        "from kiosk.earlyinit import setup_logging\n"
        "setup_logging(False)\n"
        "logging.getLogger('kiosk').warning('bundle %s', 'a\\x1b]0;t\\x07b')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stderr
    assert b"bundle a\\u001b]0;t\\u0007b" in done.stderr
