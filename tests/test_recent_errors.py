"""Recent errors: the last warnings, one line each, for the diagnostics page; the log keeps the rest."""

from __future__ import annotations

import logging

from kiosk.core.recent_errors import MAX_ERROR_CHARS, RECENT_ERRORS, RecentErrors


def test_recent_errors_keep_the_last_twenty_warnings_one_line_each():
    logger = logging.getLogger("tests.staff.recent")
    logger.propagate = False
    errors = RecentErrors().attach(logger)
    try:
        logger.info("not kept")
        for n in range(RECENT_ERRORS + 5):
            logger.warning("warning %d", n)
        try:
            raise ValueError("bad value")
        except ValueError:
            logger.exception("it failed")
    finally:
        errors.detach(logger)
        logger.propagate = True
    lines = errors.messages()
    assert len(lines) == RECENT_ERRORS
    assert not any("not kept" in line for line in lines)
    assert "warning 6" in lines[0]
    assert lines[-1].endswith("it failed（ValueError: bad value）")
    assert "\n" not in lines[-1]  # no traceback on screen
    errors.clear()
    assert errors.messages() == []


def test_recent_errors_leave_the_traceback_for_the_other_handlers():
    logger = logging.getLogger("tests.staff.others")
    logger.propagate = False
    errors = RecentErrors().attach(logger)
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(logging.Formatter().format(record))

    other = Keep()
    logger.addHandler(other)
    try:
        try:
            raise KeyError("k")
        except KeyError:
            logger.exception("boom")
    finally:
        logger.removeHandler(other)
        errors.detach(logger)
        logger.propagate = True
    assert "Traceback" in seen[0]


def test_a_line_names_the_level_in_words_and_stops_at_its_length():
    record = logging.makeLogRecord({"levelno": logging.ERROR, "levelname": "ERROR", "name": "kiosk", "msg": "长" * 400})
    line = RecentErrors.line(record)
    assert " 错误 kiosk: " in line
    assert len(line) == MAX_ERROR_CHARS
    assert line.endswith("…")


def test_a_bad_log_call_does_not_break_logging(monkeypatch):
    errors = RecentErrors()
    monkeypatch.setattr(logging, "raiseExceptions", False)  # handleError stays quiet, as in a frozen build
    errors.handle(logging.makeLogRecord({"levelno": logging.WARNING, "msg": "%d of them", "args": ("many",)}))
    assert errors.messages() == []
