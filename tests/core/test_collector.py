"""The cyclic collector's pause: off inside, as it was after, and resumable from inside."""

from __future__ import annotations

import gc
import subprocess
import sys

from kiosk.core.collector import collector_paused, resume_collector


def test_the_pause_turns_the_collector_off_and_back_on_as_it_was():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves the outer one as it found it
    assert gc.isenabled()


def test_a_pause_left_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_window_resumes_the_collector_inside_the_start_up_pause():
    with collector_paused():
        resume_collector()
        assert gc.isenabled()
    assert gc.isenabled()


def test_a_pause_before_the_exit_leaves_the_collector_off():
    with collector_paused(resume=False):
        pass
    assert not gc.isenabled()
    gc.enable()


def test_the_program_spares_its_exit_the_last_collection():
    """``union-kiosk`` freezes what is alive when its command is done (in its own process: a test's stays as is)."""
    script = (
        "import gc, sys\n"
        "from kiosk import cli\n"
        "sys.argv = ['union-kiosk', 'schema']\n"
        "code = cli.program()\n"
        "sys.stderr.write(f'{code} {gc.get_freeze_count()}')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    code, frozen = done.stderr.split()[-2:]
    assert code == "0"
    assert int(frozen) > 10_000  # every module, function and bundle object of the run
