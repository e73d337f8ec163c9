"""The cyclic collector's pause: off inside, as it was after, and resumable from inside."""

from __future__ import annotations

import gc

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
