"""The Qt binding in use keeps Python's reference counts straight.

PySide6 6.12.0 under Python 3.11 drops a reference to ``None`` on every call
of a Python slot; a kiosk whose timers fire all day aborts within seconds.
pyproject.toml excludes it; this test catches a binding with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()


def test_python_slots_do_not_leak_references_to_none(qapp):
    emitter = _Emitter()
    calls = []
    emitter.ping.connect(lambda: calls.append(1))
    before = sys.getrefcount(None)
    for _ in range(2000):
        emitter.ping.emit()
    after = sys.getrefcount(None)
    assert len(calls) == 2000
    assert after >= before - 100
